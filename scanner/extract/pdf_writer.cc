#include "pdf_writer.h"

#include "table_text.h"

namespace mamori {

namespace {

// Page headers and footers ("- 2 -", "2 / 10", "社外秘") are short lines; at
// most this many of them may stand between a table and its continuation.
constexpr std::size_t kMaxMarginLines = 2;
constexpr std::size_t kMaxMarginBytes = 60;

bool IsShortText(const PdfBlock& block) {
  if (block.table || block.rows.size() > kMaxMarginLines) return false;
  for (const auto& row : block.rows) {
    if (row.front().size() > kMaxMarginBytes) return false;
  }
  return true;
}

}  // namespace

void PdfWriter::WritePage(const std::vector<PdfBlock>& blocks) {
  std::size_t first = 0;  // the first block not yet written
  // A table carried on from the last page: same width, and not a new one
  // that repeats the header.
  if (table_open_) {
    std::size_t t = !blocks.empty() && IsShortText(blocks[0]) ? 1 : 0;
    const bool carried_on =
        t < blocks.size() && blocks[t].table && blocks[t].rows.front().size() == header_.size() &&
        blocks[t].rows.front() != header_ &&
        held_.size() + (t == 1 ? blocks[0].rows.size() : 0) <= 2 * kMaxMarginLines;
    if (carried_on) {
      for (const std::string& line : held_) WriteRows({{line}});
      if (t == 1) WriteRows(blocks[0].rows);
      held_.clear();
      WriteRows(blocks[t].rows);
      first = t + 1;
    }
  }
  if (first == 0) {
    WriteLines(held_);
    held_.clear();
  }
  table_open_ = false;
  // A table last on the page, maybe with a footer under it, may go on.
  std::size_t end = blocks.size();
  if (end >= 2 && end - 1 >= first && blocks[end - 2].table && IsShortText(blocks[end - 1])) {
    --end;
  }
  for (std::size_t i = first; i < end; ++i) {
    if (blocks[i].table) {
      StartTable(blocks[i]);
    } else {
      WriteText(blocks[i].rows);
    }
  }
  if (end < blocks.size()) {
    for (const auto& row : blocks[end].rows) held_.push_back(row.front());
  }
  if (!blocks.empty() && (end < blocks.size() || blocks.back().table) && in_table_) {
    table_open_ = true;
  }
  Flush();
}

void PdfWriter::Finish() {
  WriteLines(held_);
  held_.clear();
  table_open_ = false;
  Flush();
}

void PdfWriter::StartTable(const PdfBlock& table) {
  Flush();
  ctx_.BeginSegment('\t');
  in_table_ = true;
  header_ = table.rows.front();
  WriteRows(table.rows);
}

void PdfWriter::WriteRows(const std::vector<std::vector<std::string>>& rows) {
  for (const auto& row : rows) {
    for (std::size_t k = 0; k < row.size(); ++k) AppendCell(&out_, row[k], k == 0);
    out_.push_back('\n');
  }
}

void PdfWriter::WriteText(const std::vector<std::vector<std::string>>& rows) {
  if (rows.empty()) return;
  if (in_table_) {
    Flush();
    ctx_.BeginSegment(0);
    in_table_ = false;
  }
  for (const auto& row : rows) {
    out_.append(row.front());
    out_.push_back('\n');
  }
}

void PdfWriter::WriteLines(const std::vector<std::string>& lines) {
  std::vector<std::vector<std::string>> rows;
  for (const std::string& line : lines) rows.push_back({line});
  WriteText(rows);
}

void PdfWriter::Flush() {
  if (!out_.empty()) ctx_.Write(out_);
  out_.clear();
}

}  // namespace mamori
