// The structure of delimited text (CSV, TSV) that detection relies on: which
// line is the header, what each column's header names, and the columns whose
// cells are values of labelled rules (a health-insurance card's 記号・番号).
//
// Thread-safety: pure functions over caller-owned data.
#ifndef MAMORI_SCANNER_TABLE_HEADER_H_
#define MAMORI_SCANNER_TABLE_HEADER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "label_hits.h"
#include "mamori/rule_set.h"

namespace mamori {

struct ColumnLabel {
  std::uint64_t own_rules = 0;  // bit per rule whose label heads the column
  bool other = false;           // a label of some other number heads it
  std::string text;             // the first label seen, for explain
  // A labelled rule's column (記号), and the column holding the rest of its
  // value (番号), if any.
  int card_rule = -1;
  int card_number_column = -1;
};

struct TableHeader {
  std::vector<ColumnLabel> columns;  // empty: no header found
  std::uint64_t end = 0;             // offset where the header line ends
  bool has_card_columns = false;
};

// Finds the header among the first lines of `data` (which starts the file):
// the first line of two or more filled cells holding a label, else the first
// one-cell line holding one (a title such as 社員名簿（個人番号を含む） often
// comes first, so a wider header wins). `labels` are the cleaned label hits
// in `data`.
TableHeader FindTableHeader(std::string_view data, char delim, const std::vector<LabelHit>& labels,
                            const RuleSet& rules);

// Reads labelled values from the card columns of the lines starting in
// data[begin, end) below the header; `base` is data's offset in the file.
// Appends (rule, "symbol/number") pairs to *values.
void ReadCardColumns(std::string_view data, std::uint64_t base, std::size_t begin, std::size_t end,
                     char delim, const TableHeader& header,
                     std::vector<std::pair<int, std::string>>* values);

}  // namespace mamori

#endif  // MAMORI_SCANNER_TABLE_HEADER_H_
