// Worksheet rows taken whole by the sheet handler (SheetHandler::TakeRow)
// against the events they stand for (sheet_fast_path_check.h): which rows
// are taken, which are left to the tokenizer, and when a sheet stops trying.
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/extract/sheet_fast_path_check.h"

namespace mamori {
namespace {

using namespace sheet_check;  // the helpers these tests share

// A sheet of the rows given, each as its whole element.
std::string Rows(const std::vector<std::string>& rows) {
  std::string doc = "<worksheet><sheetData>";
  for (const std::string& r : rows) doc += r;
  return doc + "</sheetData></worksheet>";
}

// Row `i` of two cells, in columns `a` and `b`, with the contents given.
std::string TwoCells(int i, std::string_view a, std::string_view a_inner, std::string_view b,
                     std::string_view b_inner) {
  const std::string n = std::to_string(i);
  return "<row r=\"" + n + "\"><c r=\"" + std::string(a) + n + "\">" + std::string(a_inner) +
         "</c><c r=\"" + std::string(b) + n + "\">" + std::string(b_inner) + "</c></row>";
}

TEST_CASE("sheet fast path: rows of plain cells are taken whole", "[ooxml_sheet]") {
  const auto strings = ParseStrings(kFewStrings, {0}, true);
  std::mt19937 rng(11);
  const std::string doc = Rows({
      "<row r=\"1\" spans=\"1:3\" x14ac:dyDescent=\"0.25\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
      "<c r=\"B1\"><v>123456789018</v></c><c r=\"C1\" s=\"1\"/></row>",
      "<row><c><v>1</v></c><c><v>2</v></c></row>",
      "<row r=\"3\"></row>",
      // Gaps: an empty cell, a far column, and a cell before the last.
      "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>3</v></c><c r=\"B4\"/><c r=\"E4\"><v>5</v></c>"
      "<c r=\"C4\"><v>6</v></c></row>",
      // Not taken whole: a formula, an unknown attribute, an empty row
      // element, a space before '>'. Their plain cells are taken one by one.
      "<row r=\"5\"><c r=\"A5\"><f>1+1</f><v>2</v></c><c r=\"B5\"><v>7</v></c></row>",
      "<row r=\"6\" hidden=\"1\"><c r=\"A6\"><v>8</v></c></row>",
      "<row r=\"7\"/>",
      "<row r=\"8\" ><c r=\"A8\"><v>9</v></c></row>",
      "<row r=\"9\"><c r=\"A9\"><v>10</v></c></row>",
  });
  CheckSheet(doc, *strings->strings, rng);
  const SheetOutcome fast = ParseSheet(doc, {0}, *strings->strings, true);
  // Rows 1-4 and 9 whole; B5, A6 and A8 alone.
  CHECK(fast.taken == 8);
  CHECK(fast.text.find("123456789018") != std::string::npos);
}

TEST_CASE("sheet fast path: a duplicate attribute on a row fails as without it", "[ooxml_sheet]") {
  const auto strings = ParseStrings(kFewStrings, {0}, true);
  std::mt19937 rng(12);
  const std::string doc =
      Rows({"<row r=\"1\"><c><v>1</v></c></row>", "<row r=\"2\" r=\"3\"><c><v>2</v></c></row>"});
  CheckSheet(doc, *strings->strings, rng);
  CHECK_FALSE(ParseSheet(doc, {0}, *strings->strings, true).ok);
}

// Rows 1 to `count` of two cells, a formula in A where `formula(i)`: read
// with and without the fast path alike. Returns the elements taken when
// the sheet is read whole.
template <typename Formula>
std::size_t TakenWithFormulaRows(int count, Formula formula, std::uint32_t seed) {
  const auto strings = ParseStrings(kFewStrings, {0}, true);
  std::mt19937 rng(seed);
  std::vector<std::string> rows;
  for (int i = 1; i <= count; ++i) {
    rows.push_back(formula(i) ? TwoCells(i, "A", "<f>1+1</f><v>2</v>", "B", "<v>3</v>")
                              : TwoCells(i, "A", "<v>1</v>", "B", "<v>2</v>"));
  }
  const std::string doc = Rows(rows);
  CheckSheet(doc, *strings->strings, rng);
  return ParseSheet(doc, {0}, *strings->strings, true).taken;
}

TEST_CASE("sheet fast path: a sheet of rows that are not plain stops trying them whole",
          "[ooxml_sheet]") {
  // The 40 B cells alone; after 17 rows refused, the plain rows' cells
  // alone too (20), not the 10 rows whole.
  CHECK(TakenWithFormulaRows(
            50, [](int i) { return i <= 40; }, 13) == 60);
}

TEST_CASE("sheet fast path: a row that is not plain now and then does not stop rows whole",
          "[ooxml_sheet]") {
  // 180 rows whole, and the B cells of the other 20 alone.
  CHECK(TakenWithFormulaRows(
            200, [](int i) { return i % 10 == 0; }, 15) == 200);
}

TEST_CASE("sheet fast path: rows with far columns near the end of the expanded-bytes budget",
          "[ooxml_sheet]") {
  // Each row's gap before XFD charges 16383 bytes: the budget passes in
  // the middle of a row, where the tokenizer stops at the next cell's tag.
  const auto strings = ParseStrings(kFewStrings, {0}, true);
  std::mt19937 rng(14);
  std::vector<std::string> rows;
  for (int i = 1; i <= 4; ++i) rows.push_back(TwoCells(i, "XFD", "<v>1</v>", "A", "<v>2</v>"));
  const std::string doc = Rows(rows);
  for (const std::uint64_t budget : {16000u, 16383u, 20000u, 40000u, 50000u, 70000u}) {
    INFO("budget " << budget);
    ExtractLimits limits;
    limits.max_expanded_bytes = budget;
    CheckSheet(doc, *strings->strings, rng, limits);
  }
}

}  // namespace
}  // namespace mamori
