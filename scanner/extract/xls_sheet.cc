#include "xls_sheet.h"

#include <algorithm>

#include "table_text.h"

namespace mamori {

namespace {

// Cells and text held before a block is written regardless of DBCELLs,
// which some writers (LibreOffice) leave out.
constexpr std::size_t kMaxHeldCells = 16384;
constexpr std::size_t kMaxHeldBytes = std::size_t{4} << 20;

const std::string kEmpty;

}  // namespace

bool XlsSheetTable::Accept(std::uint32_t col) {
  if (col < kMaxColumns) return true;
  if (!wide_reported_) {
    wide_reported_ = true;
    ctx_.Error("corrupt", "xls: cells past column 256 ignored");
  }
  return false;
}

void XlsSheetTable::AddText(std::uint32_t row, std::uint32_t col, std::string text) {
  if (!Accept(col)) return;
  held_bytes_ += text.size();
  Add({row, col, seq_++, kNotShared, std::move(text)});
}

void XlsSheetTable::AddShared(std::uint32_t row, std::uint32_t col, std::uint32_t index) {
  if (!Accept(col)) return;
  Add({row, col, seq_++, index, {}});
}

void XlsSheetTable::Add(Cell cell) {
  cells_.push_back(std::move(cell));
  if (cells_.size() >= kMaxHeldCells || held_bytes_ >= kMaxHeldBytes) Flush(false);
}

const std::string& XlsSheetTable::TextOf(const Cell& cell) {
  if (cell.shared == kNotShared) return cell.text;
  if (cell.shared < sst_.size()) return sst_[cell.shared];
  if (!sst_reported_) {
    sst_reported_ = true;
    ctx_.Error("corrupt", "xls: cell refers to a shared string past the table");
  }
  return kEmpty;
}

void XlsSheetTable::Flush(bool all) {
  if (cells_.empty()) return;
  std::sort(cells_.begin(), cells_.end(), [](const Cell& a, const Cell& b) {
    if (a.row != b.row) return a.row < b.row;
    if (a.col != b.col) return a.col < b.col;
    return a.seq < b.seq;
  });
  std::size_t end = cells_.size();
  if (!all) {
    // The last row may go on in the next block: hold it back, unless it is
    // all there is (a single row wider than the budget cannot be).
    const std::uint32_t last = cells_.back().row;
    std::size_t first_of_last = end;
    while (first_of_last > 0 && cells_[first_of_last - 1].row == last) --first_of_last;
    if (first_of_last > 0) end = first_of_last;
  }
  std::string out;
  std::size_t i = 0;
  while (i < end && !ctx_.stopped()) {
    const std::uint32_t row = cells_[i].row;
    std::uint32_t col = 0;
    std::string line;
    for (; i < end && cells_[i].row == row; ++i) {
      // A later record for the same cell replaces the earlier one.
      if (i + 1 < end && cells_[i + 1].row == row && cells_[i + 1].col == cells_[i].col) continue;
      for (; col < cells_[i].col; ++col) AppendCell(&line, {}, col == 0);
      AppendCell(&line, TextOf(cells_[i]), col == 0);
      ++col;
    }
    line.push_back('\n');
    if (!ctx_.ChargeExpanded(line.size())) break;
    out += line;
    if (out.size() >= (std::size_t{1} << 20)) {
      ctx_.Write(out);
      out.clear();
    }
  }
  if (!out.empty()) ctx_.Write(out);
  cells_.erase(cells_.begin(), cells_.begin() + static_cast<std::ptrdiff_t>(end));
  held_bytes_ = 0;
  for (const Cell& c : cells_) held_bytes_ += c.text.size();
}

}  // namespace mamori
