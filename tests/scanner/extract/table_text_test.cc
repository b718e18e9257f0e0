#include "scanner/extract/table_text.h"

#include <catch2/catch.hpp>
#include <string>

namespace mamori {
namespace {

// What AppendCell must write, byte by byte.
std::string Expected(const std::string& row, const std::string& cell, bool first) {
  std::string out = row;
  if (!first) out.push_back('\t');
  for (std::size_t i = 0; i < cell.size(); ++i) {
    char c = cell[i];
    if (c == '\t' || c == '\n' || c == '\r' || (i == 0 && c == '"')) c = ' ';
    out.push_back(c);
  }
  return out;
}

TEST_CASE("AppendCell blanks tabs, line breaks and a leading quote wherever they are",
          "[table_text]") {
  const std::string base = "注文番号 123456789012 東京都";
  for (std::size_t len = 0; len <= 40; ++len) {
    const std::string plain = base.substr(0, len);
    for (const bool first : {true, false}) {
      std::string row = "x";
      AppendCell(&row, plain, first);
      REQUIRE(row == Expected("x", plain, first));
      for (std::size_t at = 0; at < len; ++at) {
        for (const char c : {'\t', '\n', '\r', '"', '\x01', '\x1f'}) {
          std::string cell = plain;
          cell[at] = c;
          std::string out = "x";
          AppendCell(&out, cell, first);
          INFO("length " << len << " at " << at << " byte " << static_cast<int>(c));
          REQUIRE(out == Expected("x", cell, first));
        }
      }
    }
  }
}

TEST_CASE("NumberCellText gives the digits typed, or the text as stored", "[table_text]") {
  std::string scratch;
  CHECK(NumberCellText("123456789012", &scratch) == "123456789012");
  CHECK(NumberCellText("1.23456789012E+11", &scratch) == "123456789012");
  CHECK(NumberCellText("123456789012.0", &scratch) == "123456789012");
  CHECK(NumberCellText("0123", &scratch) == "123");
  CHECK(NumberCellText("0", &scratch) == "0");
  CHECK(NumberCellText("0.0", &scratch) == "0");
  CHECK(NumberCellText("1.5", &scratch) == "1.5");
  CHECK(NumberCellText("1E+20", &scratch) == "1E+20");
  CHECK(NumberCellText("abc", &scratch) == "abc");
  CHECK(NumberCellText("", &scratch).empty());
  // A plain number is the stored text itself, not a copy.
  const std::string stored = "987654321098";
  CHECK(NumberCellText(stored, &scratch).data() == stored.data());
}

}  // namespace
}  // namespace mamori
