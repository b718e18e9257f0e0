// XlsSheetTable: the cells of one worksheet as they arrive from its record
// stream, in any order within a block of rows, written out as a table
// segment: rows in row order, each cell in its column ('\t' for every empty
// column before it, so a header lines up with the values under it). Empty
// rows are left out. Cells are held a block at a time (bounded), so rows
// that arrive after their block was written come out late rather than
// being held without bound.
//
// Thread-safety: not thread-safe.
#ifndef MAMORI_SCANNER_EXTRACT_XLS_SHEET_H_
#define MAMORI_SCANNER_EXTRACT_XLS_SHEET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "extract_context.h"

namespace mamori {

class XlsSheetTable {
 public:
  // BIFF8's sheet size.
  static constexpr std::uint32_t kMaxColumns = 256;

  // `sst` (the workbook's shared strings) outlives the table. The caller has
  // begun the table segment.
  XlsSheetTable(ExtractContext& ctx, const std::vector<std::string>& sst) : ctx_(ctx), sst_(sst) {}

  void AddText(std::uint32_t row, std::uint32_t col, std::string text);
  // A LABELSST cell: the text of shared string `index`.
  void AddShared(std::uint32_t row, std::uint32_t col, std::uint32_t index);
  // A block of rows is complete (DBCELL): write what is held, but for its
  // last row, which may go on.
  void EndBlock() { Flush(false); }
  // The sheet has ended: write everything held.
  void Finish() { Flush(true); }

 private:
  struct Cell {
    std::uint32_t row;
    std::uint32_t col;
    std::uint32_t seq;
    std::uint32_t shared;  // index into sst_, or kNotShared
    std::string text;
  };
  static constexpr std::uint32_t kNotShared = 0xFFFFFFFF;

  bool Accept(std::uint32_t col);
  void Add(Cell cell);
  void Flush(bool all);
  const std::string& TextOf(const Cell& cell);

  ExtractContext& ctx_;
  const std::vector<std::string>& sst_;
  std::vector<Cell> cells_;
  std::size_t held_bytes_ = 0;
  std::uint32_t seq_ = 0;
  bool wide_reported_ = false;
  bool sst_reported_ = false;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_XLS_SHEET_H_
