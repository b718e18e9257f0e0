#include "scanner/csv_columns.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>

namespace mamori {

namespace {

// The column of every byte, asked in increasing order.
std::vector<int> Columns(std::string_view data, bool at_start) {
  CsvColumnCursor cursor;
  cursor.Reset(data, ',', at_start);
  std::vector<int> out;
  for (std::size_t i = 0; i < data.size(); ++i) out.push_back(cursor.ColumnAt(i));
  return out;
}

// The column of `needle`'s first byte when asked for that position alone
// (the cursor jumps over the lines before it).
int ColumnOf(std::string_view data, std::string_view needle, bool at_start = true) {
  CsvColumnCursor cursor;
  cursor.Reset(data, ',', at_start);
  return cursor.ColumnAt(data.find(needle));
}

// The definition the cursor must keep: every byte from its start walked in
// order, quotes toggling, delimiters and newlines counting outside them.
int WalkedColumn(std::string_view data, std::size_t start, bool known, std::size_t pos) {
  int column = 0;
  bool in_quotes = false;
  for (std::size_t i = start; i < pos && i < data.size(); ++i) {
    if (data[i] == '"') {
      in_quotes = !in_quotes;
    } else if (!in_quotes && data[i] == ',') {
      ++column;
    } else if (!in_quotes && data[i] == '\n') {
      column = 0;
      known = true;
    }
  }
  return known ? column : -1;
}

}  // namespace

TEST_CASE("The cursor agrees with a byte walk on random delimited text", "[scanner][csv]") {
  std::mt19937 rng(20261201);
  const char alphabet[] = {'a', '1', ',', ',', '\n', '"', ' ', '\xE3'};
  for (int round = 0; round < 300; ++round) {
    std::string data(rng() % 300, 'x');
    const bool quotes = round % 3 != 0;  // a third without quotes: the fast path only
    for (char& c : data) {
      c = alphabet[rng() % (quotes ? 8 : 7)];
      if (!quotes && c == '"') c = 'b';
    }
    const bool at_start = round % 2 == 0;
    CsvColumnCursor cursor;
    cursor.Reset(data, ',', at_start);
    std::size_t pos = rng() % (data.size() + 1);
    // The first position places the cursor at its line's start.
    const std::size_t nl = data.rfind('\n', pos == 0 ? 0 : pos - 1);
    const bool first_known = (pos > 0 && nl != std::string::npos) || at_start;
    const std::size_t start = pos > 0 && nl != std::string::npos ? nl + 1 : 0;
    for (; pos <= data.size() + 2; pos += 1 + rng() % 40) {
      INFO("round " << round << " pos " << pos);
      REQUIRE(cursor.ColumnAt(pos) == WalkedColumn(data, start, first_known, pos));
    }
  }
}

TEST_CASE("Columns are counted per line, quotes hiding delimiters", "[scanner][csv]") {
  const std::string data = "a,b,c\nd,\"e,f\",g\nh,i\n";
  CHECK(ColumnOf(data, "c") == 2);
  CHECK(ColumnOf(data, "g") == 2);
  CHECK(ColumnOf(data, "i") == 1);
  // Byte by byte and by jumps agree.
  const std::vector<int> all = Columns(data, true);
  CHECK(all[data.find('g')] == 2);
  CHECK(all[data.find('i')] == 1);
}

TEST_CASE("A quoted cell spanning lines keeps the column count", "[scanner][csv]") {
  // The newline inside the quotes does not start a line: "x" is in column 2
  // (once the cursor has seen the quote open; its first position is placed
  // by the last newline alone).
  const std::string data = "id,addr,no\n1,\"Tokyo\nChiyoda\",x\n2,y,z\n";
  CHECK(ColumnOf(data, "z") == 2);
  CsvColumnCursor cursor;
  cursor.Reset(data, ',', true);
  CHECK(cursor.ColumnAt(0) == 0);
  CHECK(cursor.ColumnAt(data.find(",x") + 1) == 2);  // jumping over the quoted newline
  cursor.Reset(data, ',', true);
  CHECK(cursor.ColumnAt(data.find("Tokyo")) == 1);
  CHECK(cursor.ColumnAt(data.find(",x") + 1) == 2);  // from inside the quotes, across the newline
  CHECK(cursor.ColumnAt(data.find("z")) == 2);
}

TEST_CASE("Quoted cells on every line: the cursor jumps from inside quotes", "[scanner][csv]") {
  const std::string data = "\"a\",\"b\",\"c\"\n\"d\",\"e\",\"f\"\n\"g\",\"h\",\"i\"\n";
  CsvColumnCursor cursor;
  cursor.Reset(data, ',', true);
  // Each position asked is just inside its cell's opening quote.
  CHECK(cursor.ColumnAt(data.find('b')) == 1);
  CHECK(cursor.ColumnAt(data.find('f')) == 2);
  CHECK(cursor.ColumnAt(data.find('h')) == 1);
}

TEST_CASE("Very wide lines are counted whole", "[scanner][csv]") {
  // More than 255 blocks of 16 bytes of delimiters, then a quoted cell.
  std::string data = "head\n";
  for (int i = 0; i < 5000; ++i) data += "a,";
  data += "\"x,y\",z";
  CHECK(ColumnOf(data, "z") == 5001);
  std::string commas = "h\n" + std::string(4099, ',') + "v";
  CHECK(ColumnOf(commas, "v") == 4099);
}

TEST_CASE("A buffer starting mid-line knows columns only after a newline", "[scanner][csv]") {
  const std::string data = "b,c\nd,e\n";
  CHECK(ColumnOf(data, "c", false) == -1);
  CHECK(ColumnOf(data, "e", false) == 1);
  CHECK(ColumnOf(data, "c", true) == 1);
}

}  // namespace mamori
