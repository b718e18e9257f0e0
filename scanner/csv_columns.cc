#include "csv_columns.h"

#include <algorithm>
#include <cstring>

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
      const auto quotes = std::count(data_.data() + pos_, line_end, '"');
      if (in_quotes_ == (quotes % 2 == 1)) {
        pos_ = line_end - data_.data() + 1;
        column_ = 0;
        known_ = true;
        in_quotes_ = false;
      }
    }
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
