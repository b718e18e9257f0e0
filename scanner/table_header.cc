#include "table_header.h"

#include <cstring>

#include "csv_columns.h"
#include "insurance_card.h"

namespace mamori {

namespace {

// A delimited file's header is looked for in its first lines only: a title
// or a blank line may come before it, a page of data may not.
constexpr int kHeaderSearchLines = 10;

// Columns headed by a labelled rule's label (記号), where the header row
// holds the text the rule requires (保険): their cells are values, joined
// with the next column when its header names a number (番号).
void MarkCardColumns(std::string_view header_line, std::string_view data,
                     const std::vector<CellSpan>& cells, const RuleSet& rules,
                     TableHeader* header) {
  const auto& list = rules.rules();
  std::vector<ColumnLabel>& columns = header->columns;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    for (std::size_t r = 0; r < list.size(); ++r) {
      if (list[r].kind != "labelled" || (columns[c].own_rules >> r & 1) == 0) continue;
      if (header_line.find(list[r].header_requires) == std::string_view::npos) continue;
      columns[c].card_rule = static_cast<int>(r);
      if (c + 1 < cells.size()) {
        std::string_view next =
            data.substr(cells[c + 1].begin, cells[c + 1].end - cells[c + 1].begin);
        if (next.find("番号") != std::string_view::npos &&
            next.find("保険者番号") == std::string_view::npos) {
          columns[c].card_number_column = static_cast<int>(c + 1);
        }
      }
      header->has_card_columns = true;
    }
  }
}

}  // namespace

TableHeader FindTableHeader(std::string_view data, char delim, const std::vector<LabelHit>& labels,
                            const RuleSet& rules) {
  TableHeader header;
  std::size_t line = data.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  TableHeader single;
  for (int n = 0; n < kHeaderSearchLines && line < data.size(); ++n) {
    std::size_t line_end = 0;
    std::vector<CellSpan> cells = SplitDelimitedLine(data, line, delim, &line_end);
    if (line_end >= data.size()) break;  // the line may go on past the buffer
    bool labelled = false;
    std::vector<ColumnLabel> found(cells.size());
    // A title row ("名簿,,,,") has one filled cell however many commas.
    std::size_t filled = 0;
    for (const CellSpan& c : cells) filled += c.end > c.begin ? 1 : 0;
    for (const LabelHit& h : labels) {
      if (h.start < line || h.end > line_end) continue;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        if (h.start < cells[c].begin || h.end > cells[c].end) continue;
        labelled = true;
        if (h.rules->empty()) {
          found[c].other = true;
        } else {
          for (int r : *h.rules) found[c].own_rules |= std::uint64_t{1} << r;
        }
        if (found[c].text.empty()) found[c].text = *h.keyword;
      }
    }
    if (labelled && filled >= 2) {
      header.columns = std::move(found);
      header.end = line_end;
      MarkCardColumns(data.substr(line, line_end - line), data, cells, rules, &header);
      return header;
    }
    if (labelled && single.columns.empty()) {
      single.columns = std::move(found);
      single.end = line_end;
    }
    line = line_end + 1;
    if (line < data.size() && data[line - 1] == '\r' && data[line] == '\n') ++line;
  }
  return single;
}

void ReadCardColumns(std::string_view data, std::uint64_t base, std::size_t begin, std::size_t end,
                     char delim, const TableHeader& header,
                     std::vector<std::pair<int, std::string>>* values) {
  std::size_t line = begin;
  if (!(begin == 0 && base == 0)) {
    const void* nl = begin > 0 ? std::memchr(data.data() + begin - 1, '\n', data.size() - begin + 1)
                               : std::memchr(data.data(), '\n', data.size());
    if (nl == nullptr) return;
    line = static_cast<const char*>(nl) - data.data() + 1;
  }
  const std::vector<ColumnLabel>& columns = header.columns;
  std::string part, number;
  while (line < end && line < data.size()) {
    std::size_t line_end = 0;
    std::vector<CellSpan> cells = SplitDelimitedLine(data, line, delim, &line_end);
    if (base + line >= header.end) {
      auto cell = [&](std::size_t i) {
        return data.substr(cells[i].begin, cells[i].end - cells[i].begin);
      };
      for (std::size_t c = 0; c < columns.size() && c < cells.size(); ++c) {
        if (columns[c].card_rule < 0 || !ParseCardCell(cell(c), &part)) continue;
        const int n = columns[c].card_number_column;
        if (n >= 0 && static_cast<std::size_t>(n) < cells.size() &&
            ParseCardCell(cell(n), &number)) {
          part += "/" + number;
        }
        values->emplace_back(columns[c].card_rule, part);
      }
    }
    line = line_end + 1;
  }
}

}  // namespace mamori
