#include "markup_writer.h"

#include <algorithm>

#include "table_text.h"

namespace mamori {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool AllSpace(std::string_view s) { return std::all_of(s.begin(), s.end(), IsSpace); }

std::uint64_t ClampRepeat(std::uint64_t repeat) {
  return std::clamp<std::uint64_t>(repeat, 1, MarkupWriter::kMaxRepeat);
}

}  // namespace

MarkupWriter::MarkupWriter(ExtractContext& ctx, std::string format)
    : ctx_(ctx), format_(std::move(format)) {}

void MarkupWriter::EnsurePart() {
  if (part_) return;
  part_ = true;
  ctx_.BeginPart(format_);
}

void MarkupWriter::Emit(std::string_view text) {
  if (text.empty()) return;
  EnsurePart();
  ctx_.Write(text);
}

bool MarkupWriter::Charge(std::uint64_t bytes) { return bytes == 0 || ctx_.ChargeExpanded(bytes); }

void MarkupWriter::Text(std::string_view utf8) {
  if (utf8.empty()) return;
  if (table_depth_ == 0) {
    line_.append(utf8);
    if (line_.size() > kSpill) {
      Emit(line_);
      written_mid_line_ = line_.back() != '\n';
      line_.clear();
    }
    return;
  }
  if (!in_cell_) {
    // Text between a table's cells (stray markup) gets a cell of its own
    // rather than being lost or glued to a neighbour.
    if (AllSpace(utf8)) return;
    if (!in_row_) OpenRow();
    OpenCell();
  }
  cell_.append(utf8);
  if (cell_.size() > kSpill) SpillCell();
}

void MarkupWriter::Space() {
  if (table_depth_ == 0) {
    const bool at_start = line_.empty() ? !written_mid_line_ : IsSpace(line_.back());
    if (!at_start) line_.push_back(' ');
    return;
  }
  if (!in_cell_) return;
  if (cell_.empty() ? cell_spilled_ : !IsSpace(cell_.back())) cell_.push_back(' ');
}

void MarkupWriter::Break() {
  if (table_depth_ > 0) return Space();
  line_.push_back('\n');
  if (line_.size() > (64 << 10)) {
    Emit(line_);
    line_.clear();
    written_mid_line_ = false;
  }
}

void MarkupWriter::EndLine() {
  if (line_.empty() ? written_mid_line_ : line_.back() != '\n') line_.push_back('\n');
  Emit(line_);
  line_.clear();
  written_mid_line_ = false;
}

void MarkupWriter::BeginTable() {
  if (table_depth_ > 0) {
    ++table_depth_;
    Space();
    return;
  }
  // The segment begins with the first row that has text, so a table with
  // none leaves no empty segment.
  table_depth_ = 1;
  segment_open_ = false;
  in_row_ = in_cell_ = false;
  rows_written_ = 0;
  pending_empty_rows_ = 0;
}

void MarkupWriter::EndTable() {
  if (table_depth_ > 1) {
    --table_depth_;
    Space();
    return;
  }
  if (table_depth_ == 0) return;
  if (in_row_) EndRow();
  table_depth_ = 0;
  pending_empty_rows_ = 0;  // empty rows at a table's end say nothing
  if (segment_open_) ctx_.BeginSegment(0);
  segment_open_ = false;
}

void MarkupWriter::OpenSegment() {
  if (segment_open_) return;
  EnsurePart();
  EndLine();
  ctx_.BeginSegment('\t');
  segment_open_ = true;
}

void MarkupWriter::BeginRow() {
  if (table_depth_ != 1) return Space();
  if (in_row_) EndRow();
  OpenRow();
}

void MarkupWriter::OpenRow() {
  in_row_ = true;
  in_cell_ = false;
  row_.clear();
  row_spilled_ = false;
  row_has_text_ = false;
  cells_in_row_ = 0;
  pending_empty_cells_ = 0;
}

void MarkupWriter::BeginCell() {
  if (table_depth_ != 1) return Space();
  if (!in_row_) OpenRow();
  if (in_cell_) EndCell();
  OpenCell();
}

void MarkupWriter::OpenCell() {
  in_cell_ = true;
  cell_.clear();
  cell_spilled_ = false;
}

void MarkupWriter::FlushEmptyCells() {
  for (; pending_empty_cells_ > 0; --pending_empty_cells_) {
    if (cells_in_row_++ > 0) row_.push_back('\t');
  }
}

void MarkupWriter::SpillCell() {
  if (!cell_spilled_) {
    FlushEmptyCells();
    AppendCell(&row_, cell_, cells_in_row_++ == 0);
    cell_spilled_ = true;
    row_has_text_ = true;
  } else {
    AppendCell(&row_, cell_, true);
  }
  cell_.clear();
  if (row_.size() > kSpill) SpillRow();
}

void MarkupWriter::EndCell(std::uint64_t repeat) {
  if (table_depth_ > 1) return Space();
  if (!in_cell_) return;
  in_cell_ = false;
  while (!cell_.empty() && IsSpace(cell_.back())) cell_.pop_back();
  if (cell_spilled_) {
    if (!cell_.empty()) SpillCell();
    return;
  }
  repeat = ClampRepeat(repeat);
  if (cell_.empty()) {
    pending_empty_cells_ += repeat;
    return;
  }
  if (!Charge(pending_empty_cells_ + (repeat - 1) * (cell_.size() + 1))) return;
  FlushEmptyCells();
  for (std::uint64_t i = 0; i < repeat; ++i) AppendCell(&row_, cell_, cells_in_row_++ == 0);
  row_has_text_ = true;
  if (row_.size() > kSpill) SpillRow();
}

void MarkupWriter::FlushEmptyRows() {
  // Bounded by the row elements seen: an empty row's repeat is not applied.
  if (pending_empty_rows_ > 0) Emit(std::string(pending_empty_rows_, '\n'));
  pending_empty_rows_ = 0;
}

void MarkupWriter::SpillRow() {
  OpenSegment();
  if (!row_spilled_) FlushEmptyRows();
  Emit(row_);
  row_.clear();
  row_spilled_ = true;
}

void MarkupWriter::EndRow(std::uint64_t repeat) {
  if (table_depth_ > 1) return Space();
  if (!in_row_) return;
  if (in_cell_) EndCell();
  in_row_ = false;
  if (!row_has_text_) {
    // Leading empty rows are dropped; the others wait for a row with text.
    if (rows_written_ > 0) ++pending_empty_rows_;
    return;
  }
  ++rows_written_;
  OpenSegment();
  if (row_spilled_) {
    row_.push_back('\n');
    Emit(row_);
    return;
  }
  FlushEmptyRows();
  row_.push_back('\n');
  repeat = ClampRepeat(repeat);
  if (!Charge((repeat - 1) * row_.size())) repeat = 1;
  for (std::uint64_t i = 0; i < repeat; ++i) Emit(row_);
}

void MarkupWriter::Finish() {
  if (finished_) return;
  finished_ = true;
  if (table_depth_ > 0) {
    table_depth_ = 1;
    EndTable();
  }
  EnsurePart();
  Emit(line_);
  line_.clear();
  ctx_.EndPart();
}

}  // namespace mamori
