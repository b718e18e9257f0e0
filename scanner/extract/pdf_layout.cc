#include "pdf_layout.h"

#include <algorithm>
#include <cstddef>
#include <limits>

namespace mamori {

namespace {

// Two spaces or more part cells; one space is part of the text ("山田 太郎").
constexpr std::size_t kCellGap = 2;
// Physical layout leaves blank lines where rows are spaced apart; more than
// this many end a table.
constexpr int kMaxBlankLinesInTable = 2;
// Wider lines are not taken for table headers (nor for tables).
constexpr std::size_t kMaxColumns = 256;

// A run of text on a line; begin/end are columns counted in code points,
// which is how physical layout pads text into columns.
struct Cell {
  std::string_view text;
  std::size_t begin = 0;
  std::size_t end = 0;
};

using Line = std::vector<Cell>;  // empty: a blank line

Line SplitLine(std::string_view line) {
  Line cells;
  std::size_t column = 0;
  std::size_t spaces = 0;
  std::size_t start = std::string_view::npos;  // byte offset of the open cell
  std::size_t start_column = 0;
  std::size_t last_end = 0;  // byte just past the open cell's last non-space
  std::size_t last_end_column = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    const bool continuation = (c & 0xC0) == 0x80;
    if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
      ++spaces;
      ++column;
      if (spaces == kCellGap && start != std::string_view::npos) {
        cells.push_back({line.substr(start, last_end - start), start_column, last_end_column});
        start = std::string_view::npos;
      }
      continue;
    }
    spaces = 0;
    if (start == std::string_view::npos) {
      start = i;
      start_column = column;
    }
    if (!continuation) ++column;
    last_end = i + 1;
    last_end_column = column;
  }
  if (start != std::string_view::npos) {
    cells.push_back({line.substr(start, last_end - start), start_column, last_end_column});
  }
  return cells;
}

// The columns a table's header row sets: each runs from halfway across the
// gap before its header cell to halfway across the gap after it.
std::vector<std::size_t> ColumnEnds(const Line& header) {
  std::vector<std::size_t> ends;
  for (std::size_t i = 0; i + 1 < header.size(); ++i) {
    ends.push_back((header[i].end + header[i + 1].begin) / 2);
  }
  ends.push_back(std::numeric_limits<std::size_t>::max());
  return ends;
}

// The column a cell overlaps most (the first of equals). Only the columns
// it overlaps are looked at, so a row costs its cells and columns once each.
std::size_t ColumnOf(const Cell& cell, const std::vector<std::size_t>& ends) {
  std::size_t k = std::upper_bound(ends.begin(), ends.end(), cell.begin) - ends.begin();
  if (k == ends.size()) return ends.size() - 1;
  std::size_t best = k;
  std::size_t best_overlap = 0;
  for (; k < ends.size(); ++k) {
    const std::size_t column_begin = k == 0 ? 0 : ends[k - 1];
    if (column_begin >= cell.end) break;
    const std::size_t overlap = std::min(cell.end, ends[k]) - std::max(cell.begin, column_begin);
    if (overlap > best_overlap) {
      best = k;
      best_overlap = overlap;
    }
  }
  return best;
}

// A row of the table `ends` describes: at least two cells, each in a column
// of its own, left to right. Fills *row with the cells in their columns.
bool FitRow(const Line& line, const std::vector<std::size_t>& ends, std::vector<std::string>* row) {
  if (line.size() < 2) return false;
  row->assign(ends.size(), std::string());
  std::size_t next = 0;  // the first column still free
  for (const Cell& cell : line) {
    const std::size_t k = ColumnOf(cell, ends);
    if (k < next) return false;
    (*row)[k] = std::string(cell.text);
    next = k + 1;
  }
  return true;
}

std::string JoinCells(const Line& line) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (i > 0) out.push_back('\t');
    out.append(line[i].text);
  }
  return out;
}

std::vector<Line> SplitLines(std::string_view page) {
  std::vector<Line> lines;
  while (!page.empty()) {
    std::size_t nl = page.find('\n');
    std::string_view line = page.substr(0, nl);
    lines.push_back(SplitLine(line));
    if (nl == std::string_view::npos) break;
    page.remove_prefix(nl + 1);
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

void AddText(std::vector<PdfBlock>* blocks, std::string line) {
  // Physical layout's blank lines are spacing; one is kept as a paragraph
  // break, and none at the start of a block.
  const bool open = !blocks->empty() && !blocks->back().table;
  if (line.empty() && (!open || blocks->back().rows.back().front().empty())) return;
  if (!open) blocks->push_back({});
  blocks->back().rows.push_back({std::move(line)});
}

}  // namespace

std::vector<PdfBlock> LayoutPdfPage(std::string_view page) {
  const std::vector<Line> lines = SplitLines(page);
  std::vector<PdfBlock> blocks;
  std::size_t i = 0;
  while (i < lines.size()) {
    if (lines[i].size() >= 2 && lines[i].size() <= kMaxColumns) {
      // A table if the lines below line up under this one's cells.
      const std::vector<std::size_t> ends = ColumnEnds(lines[i]);
      PdfBlock table;
      table.table = true;
      table.rows.emplace_back();
      FitRow(lines[i], ends, &table.rows.back());
      std::size_t last = i;
      int blanks = 0;
      std::vector<std::string> row;
      for (std::size_t j = i + 1; j < lines.size(); ++j) {
        if (lines[j].empty()) {
          if (++blanks > kMaxBlankLinesInTable) break;
          continue;
        }
        if (!FitRow(lines[j], ends, &row)) break;
        table.rows.push_back(std::move(row));
        blanks = 0;
        last = j;
      }
      if (table.rows.size() >= 2) {
        blocks.push_back(std::move(table));
        i = last + 1;
        continue;
      }
    }
    AddText(&blocks, JoinCells(lines[i]));
    ++i;
  }
  // A blank line ending a text block says nothing.
  for (PdfBlock& b : blocks) {
    if (!b.table && !b.rows.empty() && b.rows.back().front().empty()) b.rows.pop_back();
  }
  return blocks;
}

}  // namespace mamori
