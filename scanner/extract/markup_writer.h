// MarkupWriter: builds the one part of a markup document (ODF, RTF, HTML,
// XML) from the events its parser sees — inline text, paragraph breaks,
// tables, rows, cells — and writes it to the context in bounded pieces.
//
// Tables become table segments (rows '\n', cells '\t', see table_text.h),
// begun at their first row with text, so a table with none leaves no
// segment; a table inside a cell is flattened into that cell's text. Repeats as
// spreadsheets store them (one cell standing for 1000 columns, one empty
// row for a million) are written at most kMaxRepeat times, empty cells at
// the end of a row and empty rows at the start and end of a table not at
// all, and a run of empty rows as one empty line per row element. Extra
// copies are charged to the context's expanded-bytes budget.
//
// Memory: a paragraph, cell or row is held until it ends, but never more
// than about kSpill bytes of it; longer ones are written as they come
// (their repeats are then written once).
//
// Thread-safety: not thread-safe; one per document being extracted.
#ifndef MAMORI_SCANNER_EXTRACT_MARKUP_WRITER_H_
#define MAMORI_SCANNER_EXTRACT_MARKUP_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "extract_context.h"

namespace mamori {

class MarkupWriter {
 public:
  static constexpr std::uint64_t kMaxRepeat = 1024;
  static constexpr std::size_t kSpill = 1 << 20;

  // The part is begun with `format` on the first output (or by Finish).
  MarkupWriter(ExtractContext& ctx, std::string format);
  MarkupWriter(const MarkupWriter&) = delete;
  MarkupWriter& operator=(const MarkupWriter&) = delete;

  // Inline text, to the open cell or else the running paragraph.
  void Text(std::string_view utf8);
  // A space unless the text so far ends in white space (keeps words that
  // markup separates, like two cells of a nested table, apart).
  void Space();
  // Ends a paragraph or line: '\n' in running text, a space inside a cell.
  void Break();

  void BeginTable();
  void BeginRow();
  void BeginCell();
  // Ends the cell, which stands for `repeat` columns.
  void EndCell(std::uint64_t repeat = 1);
  // Ends the row, which stands for `repeat` rows.
  void EndRow(std::uint64_t repeat = 1);
  void EndTable();  // also ends an open row and cell

  bool in_table() const { return table_depth_ > 0; }
  bool in_cell() const { return in_cell_; }

  // Ends open tables, writes what is held and ends the part (begun if
  // nothing was written). Idempotent.
  void Finish();

 private:
  void EnsurePart();
  void Emit(std::string_view text);  // to the context, part begun
  void EndLine();                    // running text ends in '\n'
  void OpenSegment();
  void OpenRow();
  void OpenCell();
  void FlushEmptyCells();
  void FlushEmptyRows();
  void SpillCell();
  void SpillRow();
  bool Charge(std::uint64_t bytes);

  ExtractContext& ctx_;
  std::string format_;
  bool part_ = false;
  bool finished_ = false;

  std::string line_;               // running text not yet written
  bool written_mid_line_ = false;  // what was written does not end in '\n'

  int table_depth_ = 0;  // tables open; only the outermost is a segment
  bool segment_open_ = false;
  bool in_row_ = false;
  bool in_cell_ = false;
  std::string cell_;
  bool cell_spilled_ = false;  // part of the cell is already in row_ or written
  std::string row_;            // the cells of the open row so far
  bool row_spilled_ = false;   // part of the row is already written
  bool row_has_text_ = false;
  std::uint64_t cells_in_row_ = 0;
  std::uint64_t pending_empty_cells_ = 0;
  std::uint64_t rows_written_ = 0;        // non-empty rows of this table
  std::uint64_t pending_empty_rows_ = 0;  // after the last non-empty row
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_MARKUP_WRITER_H_
