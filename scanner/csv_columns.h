// Column positions in delimited text (CSV, TSV), so that a header's label
// applies to every cell below it. Quote-aware (RFC 4180 "..." with "").
//
// Thread-safety: CsvColumnCursor is not thread-safe; one per detector.
#ifndef MAMORI_SCANNER_CSV_COLUMNS_H_
#define MAMORI_SCANNER_CSV_COLUMNS_H_

#include <cstddef>
#include <string_view>
#include <vector>

namespace mamori {

struct CellSpan {
  std::size_t begin;
  std::size_t end;
};

// Splits the line starting at `begin` into cells; *line_end receives the
// offset of its terminating newline (or data.size()).
std::vector<CellSpan> SplitDelimitedLine(std::string_view data, std::size_t begin, char delim,
                                         std::size_t* line_end);

// Answers "which column is offset P in?" for increasing P within one buffer,
// walking forward once instead of re-parsing each line.
class CsvColumnCursor {
 public:
  // `buffer_at_file_start`: data[0] is the file's first byte, so a position
  // with no newline before it lies on the first line.
  void Reset(std::string_view data, char delim, bool buffer_at_file_start);

  // Column of the cell containing `pos`, or -1 when the line's start is not
  // in the buffer. REQUIRES: pos >= the previous call's pos.
  int ColumnAt(std::size_t pos);

 private:
  std::string_view data_;
  char delim_ = ',';
  bool at_file_start_ = false;
  bool started_ = false;
  bool known_ = false;  // the cursor's line start was seen
  std::size_t pos_ = 0;
  int column_ = 0;
  bool in_quotes_ = false;
  bool quotes_ = false;  // the buffer holds a '"' somewhere (set when started)
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_CSV_COLUMNS_H_
