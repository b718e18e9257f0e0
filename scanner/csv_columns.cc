#include "csv_columns.h"

#include <cstdint>
#include <cstring>

#include "byte_count.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mamori {

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

namespace {

// std::count of one byte, sixteen at a time.
std::size_t CountByte(const char* p, std::size_t n, char c) {
#if defined(__SSE2__)
  const __m128i needle = _mm_set1_epi8(c);
  auto lanes = [&](__m128i v) { return _mm_cmpeq_epi8(v, needle); };
#else
  auto lanes = [](int) { return 0; };
#endif
  return CountBytesIf(p, n, lanes, [c](char x) { return x == c; });
}

// Set bits of a 16-bit mask. __builtin_popcount is a libgcc call on the
// baseline x86-64 the build targets (no POPCNT instruction).
int PopCount16(std::uint32_t x) {
  x = x - ((x >> 1) & 0x5555u);
  x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
  x = (x + (x >> 4)) & 0x0F0Fu;
  return static_cast<int>((x + (x >> 8)) & 0x1Fu);
}

}  // namespace

int CsvColumnCursor::ColumnAt(std::size_t pos) {
  if (!started_) {
    started_ = true;
    // Most CSVs quote nothing: one pass over the buffer then spares every
    // line its own search for quotes below.
    quotes_ = !data_.empty() && std::memchr(data_.data(), '"', data_.size()) != nullptr;
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
  const std::size_t stop = pos < data_.size() ? pos : data_.size();
  const char* const p = data_.data();
  // Jump to the last line start before `pos` when the newline there is
  // outside quotes (no quote since the cursor, or an even number given its
  // state): walking every byte of a digit-dense CSV cost a fifth of the
  // detector's time. Values mostly start their lines, so this is most of it.
  if (pos_ < stop) {
    // A value that starts its line has the newline right before it.
    const void* nl = p[stop - 1] == '\n' ? p + stop - 1 : ::memrchr(p + pos_, '\n', stop - pos_);
    if (nl != nullptr) {
      const auto line_end = static_cast<std::size_t>(static_cast<const char*>(nl) - p);
      const bool jump = !quotes_ || std::memchr(p + pos_, '"', line_end - pos_) == nullptr
                            ? !in_quotes_
                            : in_quotes_ == (CountByte(p + pos_, line_end - pos_, '"') % 2 == 1);
      if (jump) {
        pos_ = line_end + 1;
        column_ = 0;
        known_ = true;
        in_quotes_ = false;
      }
    }
  }
  // The rest of the line, sixteen bytes at a time where they hold no quote.
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i delim = _mm_set1_epi8(delim_);
  const __m128i newline = _mm_set1_epi8('\n');
#endif
  std::size_t at = pos_;
  while (at < stop) {
    const std::size_t n = stop - at < 16 ? stop - at : 16;
#if defined(__SSE2__)
    if (data_.size() - at >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
      const std::uint32_t keep = n == 16 ? 0xFFFFu : (1u << n) - 1;
      auto bits = [&](__m128i c) {
        return static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, c))) & keep;
      };
      if (bits(quote) == 0) {
        if (!in_quotes_) {
          std::uint32_t delims = bits(delim);
          if (const std::uint32_t newlines = bits(newline); newlines != 0) {
            delims &= ~((2u << (31 - __builtin_clz(newlines))) - 1);  // after the last one
            column_ = 0;
            known_ = true;
          }
          column_ += PopCount16(delims);
        }
        at += n;
        continue;
      }
    }
#endif
    for (const std::size_t end = at + n; at < end; ++at) {
      const char c = p[at];
      if (c == '"') {
        in_quotes_ = !in_quotes_;
      } else if (!in_quotes_ && c == delim_) {
        ++column_;
      } else if (!in_quotes_ && c == '\n') {
        column_ = 0;
        known_ = true;
      }
    }
  }
  pos_ = at;
  return known_ ? column_ : -1;
}

}  // namespace mamori
