#include "csv_columns.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mamori {

namespace {

// std::count of one byte, sixteen at a time: the cursor counts quotes and
// delimiters over most of each line that holds a candidate, and the scalar
// loop was a tenth of the detector's time on digit-dense CSV.
std::size_t CountByte(const char* p, std::size_t n, char c) {
  std::size_t count = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  // Matches subtract -1 from byte lanes; SAD against zero sums the lanes,
  // every 255 blocks at the latest so that no lane overflows.
  const __m128i needle = _mm_set1_epi8(c);
  const __m128i zero = _mm_setzero_si128();
  while (i + 16 <= n) {
    __m128i lanes = zero;
    for (int k = 0; k < 255 && i + 16 <= n; ++k, i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(v, needle));
    }
    const __m128i sums = _mm_sad_epu8(lanes, zero);
    count += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
             static_cast<std::size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
#endif
  for (; i < n; ++i) count += p[i] == c ? 1 : 0;
  return count;
}

}  // namespace

std::vector<CellSpan> SplitDelimitedLine(std::string_view data, std::size_t begin, char delim,
                                         std::size_t* line_end) {
  std::vector<CellSpan> cells;
  std::size_t cell_start = begin;
  bool in_quotes = false;
  std::size_t i = begin;
  for (; i < data.size(); ++i) {
    char c = data[i];
    if (c == '"') {
      in_quotes = !in_quotes;  // "" inside quotes toggles twice: no net change
    } else if (!in_quotes && c == delim) {
      cells.push_back({cell_start, i});
      cell_start = i + 1;
    } else if (!in_quotes && (c == '\n' || c == '\r')) {
      break;
    }
  }
  cells.push_back({cell_start, i});
  *line_end = i;
  return cells;
}

void CsvColumnCursor::Reset(std::string_view data, char delim, bool buffer_at_file_start) {
  data_ = data;
  delim_ = delim;
  at_file_start_ = buffer_at_file_start;
  started_ = false;
  known_ = false;
  pos_ = 0;
  column_ = 0;
  in_quotes_ = false;
}

int CsvColumnCursor::ColumnAt(std::size_t pos) {
  if (!started_) {
    started_ = true;
    // Start at the line holding the first position asked about. A quoted
    // cell spanning lines could mislead this; the header rule then simply
    // does not apply to that cell.
    const void* nl = pos > 0 ? ::memrchr(data_.data(), '\n', pos) : nullptr;
    if (nl != nullptr) {
      pos_ = static_cast<const char*>(nl) - data_.data() + 1;
      known_ = true;
    } else {
      pos_ = 0;
      known_ = at_file_start_;
    }
  }
  // Jump to the last line start before `pos` when the newline there is
  // outside quotes (an even number of quotes since the cursor, given its
  // state): walking every byte of a digit-dense CSV cost a fifth of the
  // detector's time.
  const std::size_t stop = pos < data_.size() ? pos : data_.size();
  if (pos_ < stop) {
    const void* nl = ::memrchr(data_.data() + pos_, '\n', stop - pos_);
    if (nl != nullptr) {
      const char* line_end = static_cast<const char*>(nl);
      const std::size_t quotes = CountByte(
          data_.data() + pos_, static_cast<std::size_t>(line_end - (data_.data() + pos_)), '"');
      if (in_quotes_ == (quotes % 2 == 1)) {
        pos_ = line_end - data_.data() + 1;
        column_ = 0;
        known_ = true;
        in_quotes_ = false;
      }
    }
  }
  // Within the line, no quotes before `pos`: only delimiters to count.
  if (!in_quotes_ && pos_ < stop && std::memchr(data_.data() + pos_, '"', stop - pos_) == nullptr &&
      std::memchr(data_.data() + pos_, '\n', stop - pos_) == nullptr) {
    column_ += static_cast<int>(CountByte(data_.data() + pos_, stop - pos_, delim_));
    pos_ = stop;
  }
  for (; pos_ < stop; ++pos_) {
    char c = data_[pos_];
    if (c == '"') {
      in_quotes_ = !in_quotes_;
    } else if (!in_quotes_ && c == delim_) {
      ++column_;
    } else if (!in_quotes_ && c == '\n') {
      column_ = 0;
      known_ = true;
    }
  }
  return known_ ? column_ : -1;
}

}  // namespace mamori
