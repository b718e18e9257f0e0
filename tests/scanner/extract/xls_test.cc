// Legacy Excel workbook streams: LibreOffice-written fixtures
// (tests/fixtures/make_xls.sh) and record streams built here by hand for
// what LibreOffice does not write (BIFF5, FILEPASS, split strings, rich and
// phonetic data) and for hostile input.
#include <catch2/catch.hpp>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "recording_sink.h"
#include "scanner/extract/xls_extract.h"
#include "scanner/extract/xls_records.h"
#include "test_util.h"

namespace mamori {
namespace {

using testing::RecordingContext;

std::string Fixture(const char* name) {
  return testing::ReadFile(std::string(MAMORI_SOURCE_DIR) + "/tests/fixtures/xls/" + name);
}

std::string U16(std::uint16_t v) {
  return {static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)};
}
std::string U32(std::uint32_t v) { return U16(v & 0xFFFF) + U16(v >> 16); }
std::string F64(double d) {
  std::uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return U32(static_cast<std::uint32_t>(bits)) + U32(static_cast<std::uint32_t>(bits >> 32));
}
std::string Rec(std::uint16_t type, std::string_view body) {
  return U16(type) + U16(static_cast<std::uint16_t>(body.size())) + std::string(body);
}
std::string Bof(std::uint16_t dt, std::uint16_t version = 0x0600) {
  return Rec(0x0809, U16(version) + U16(dt) + std::string(12, '\0'));
}
std::string Eof() { return Rec(0x000A, ""); }
// Characters as UTF-16LE bytes.
std::string Wide(std::u16string_view s) {
  std::string out;
  for (char16_t c : s) out += U16(c);
  return out;
}
// XLUnicodeString, 8-bit (ASCII) or 16-bit.
std::string Str8(std::string_view s) {
  return U16(static_cast<std::uint16_t>(s.size())) + '\0' + std::string(s);
}
std::string Str16(std::u16string_view s) {
  return U16(static_cast<std::uint16_t>(s.size())) + '\1' + Wide(s);
}
std::string Cell(std::uint16_t row, std::uint16_t col) { return U16(row) + U16(col) + U16(15); }
std::string LabelSst(std::uint16_t row, std::uint16_t col, std::uint32_t i) {
  return Rec(0x00FD, Cell(row, col) + U32(i));
}
std::string Number(std::uint16_t row, std::uint16_t col, double d) {
  return Rec(0x0203, Cell(row, col) + F64(d));
}
std::string Rk(std::uint16_t row, std::uint16_t col, std::uint32_t rk) {
  return Rec(0x027E, Cell(row, col) + U32(rk));
}
std::string Sst(std::uint32_t count, std::string_view strings) {
  return Rec(0x00FC, U32(count) + U32(count) + std::string(strings));
}

struct Sheet {
  std::string name;
  std::string records;  // between its BOF and EOF
};

// A BIFF8 (or BIFF5) workbook stream: globals (BOF, `globals`, BoundSheets,
// EOF), then each sheet's substream where its BoundSheet points.
std::string Workbook(const std::string& globals, const std::vector<Sheet>& sheets,
                     std::uint16_t version = 0x0600) {
  const bool biff8 = version == 0x0600;
  auto bound = [&](std::uint32_t pos, const std::string& name) {
    std::string body = U32(pos) + U16(0) + static_cast<char>(name.size());
    if (biff8) body += '\0';
    return Rec(0x0085, body + name);
  };
  std::size_t size = Bof(5, version).size() + globals.size() + Eof().size();
  for (const Sheet& s : sheets) size += bound(0, s.name).size();
  std::string out = Bof(5, version) + globals;
  std::string body;
  for (const Sheet& s : sheets) {
    out += bound(static_cast<std::uint32_t>(size + body.size()), s.name);
    body += Bof(0x10, version) + s.records + Eof();
  }
  return out + Eof() + body;
}

const testing::RecordedPart& OnlyPart(const RecordingContext& rc) {
  REQUIRE(rc.sink.parts.size() == 1);
  REQUIRE(rc.sink.parts[0].format == "xls");
  REQUIRE(rc.sink.parts[0].ended);
  return rc.sink.parts[0];
}

TEST_CASE("xls: LibreOffice workbook, two sheets, numbers and text", "[extract][xls]") {
  RecordingContext rc;
  ExtractXlsWorkbook(Fixture("employees.workbook"), rc.ctx);
  const auto& part = OnlyPart(rc);
  CHECK(rc.errors.empty());
  CHECK(part.text ==
        "sheet: 社員名簿\n"
        "氏名\t個人番号\t個人番号(文字)\t部署\t入社年\t給与\t在籍\t敬称付き\t番号+0\n"
        "山田太郎\t123456789018\t621498320257\t総務部\t2019\t250000.5\tTRUE\t山田太郎様\t"
        "123456789018\n"
        "佐藤花子\t111111111118\t000111111111\t経理部\t2020\t310000.25\tFALSE\t佐藤花子様\t"
        "111111111118\n"
        "鈴木一郎\t983205673214\t123456789018\t総務部\t2021\t-1200\tTRUE\t鈴木一郎様\t"
        "983205673214\n"
        "sheet: 空白あり\n"
        "見出し\t\t\t個人番号\n"
        "\t\t中央\n"
        "\t\t\t111111111118\n"
        "\t四十行目\t\t621498320257\n"
        "\t\t\t\t0.125\n");
  // Per sheet: a running-text segment with its name, then its table.
  REQUIRE(part.segments.size() == 4);
  CHECK(part.segments[0].first == 0);
  CHECK(part.segments[1].first == '\t');
  CHECK(part.text.substr(part.segments[1].second, 6) == "氏名");
  CHECK(part.segments[2].first == 0);
  CHECK(part.segments[3].first == '\t');
}

TEST_CASE("xls: shared strings continued across CONTINUE records", "[extract][xls]") {
  const std::string stream = Fixture("many_strings.workbook");
  RecordingContext rc;
  ExtractXlsWorkbook(stream, rc.ctx);
  const auto& part = OnlyPart(rc);
  CHECK(rc.errors.empty());
  // The SST is followed by at least one CONTINUE record.
  CHECK(stream.find(U16(0x003C)) != std::string::npos);
  std::string expected = "sheet: 文字列\n名前\n";
  char buf[96];
  for (int i = 1; i <= 200; ++i) {
    std::snprintf(buf, sizeof buf, "東京都千代田区丸の内%04d番地の住所\n", i);
    expected += buf;
  }
  expected += "最後の文字列\n";
  CHECK(part.text == expected);
}

TEST_CASE("xls: hand-built SST with split strings, rich runs and phonetic data", "[extract][xls]") {
  // String 0: "個人番号", rich (2 runs) and phonetic (6 bytes); the runs and
  // phonetic bytes are split by a CONTINUE, which carries no flag byte.
  std::string s0 = U16(4) + '\x0D' + U16(2) + U32(6) + Wide(u"個人番号") + std::string(8, 'R');
  std::string s0_tail = std::string(6, 'P');
  // String 1: "ABCDEF" begun 8-bit, continued 16-bit after a flag byte.
  std::string s1_head = U16(6) + '\0' + "ABC";
  std::string s1_tail = std::string("\x01", 1) + Wide(u"DEF");
  // String 2: its header starts in the second CONTINUE.
  std::string s2 = Str16(u"山田");
  std::string globals = Sst(3, s0) + Rec(0x003C, s0_tail + s1_head) + Rec(0x003C, s1_tail + s2);
  std::string cells =
      LabelSst(0, 0, 2) + LabelSst(0, 1, 0) + LabelSst(1, 0, 1) + Number(1, 1, 123456789018.0);
  RecordingContext rc;
  ExtractXlsWorkbook(Workbook(globals, {{"S", cells}}), rc.ctx);
  CHECK(rc.errors.empty());
  CHECK(OnlyPart(rc).text == "sheet: S\n山田\t個人番号\nABCDEF\t123456789018\n");
}

TEST_CASE("xls: number forms, order within a block, formulas", "[extract][xls]") {
  std::string cells;
  // Cells of a row out of order, and a later row first.
  cells += Rk(1, 2, (1234u << 2) | 2);                            // integer 1234
  cells += Rk(1, 0, static_cast<std::uint32_t>(-1234 << 2) | 3);  // -12.34
  cells += Rk(0, 0, (7u << 2) | 2);
  std::uint64_t bits;
  double d = 0.5;
  std::memcpy(&bits, &d, sizeof d);
  cells += Rk(1, 1, static_cast<std::uint32_t>(bits >> 32));      // 0.5
  cells += Rk(1, 3, static_cast<std::uint32_t>(bits >> 32) | 1);  // 0.005
  // MULRK: columns 4..6 of row 1.
  cells += Rec(0x00BD, U16(1) + U16(4) + U16(15) + U32((1u << 2) | 2) + U16(15) +
                           U32((2u << 2) | 2) + U16(15) + U32((3u << 2) | 2) + U16(6));
  cells += Number(2, 0, 123456789012.0) + Number(2, 1, 0.1) + Number(2, 2, -5) + Number(2, 3, 1e20);
  cells += Rec(0x0205, Cell(3, 0) + '\1' + '\0') + Rec(0x0205, Cell(3, 1) + '\x2A' + '\1');
  // A formula with a cached string: STRING follows, after a SHRFMLA.
  std::string fval = std::string("\0\0\0\0\0\0", 6) + U16(0xFFFF);
  cells += Rec(0x0006, Cell(3, 2) + fval + U16(0) + U32(0) + U16(0));
  cells += Rec(0x04BC, std::string(10, '\0'));
  cells += Rec(0x0207, Str16(u"山田太郎様"));
  cells += Rec(0x0006, Cell(3, 3) + F64(621498320257.0) + U16(0) + U32(0) + U16(0));
  cells += Rec(0x00D7, std::string(8, '\0'));  // DBCELL
  cells += Rec(0x0204, Cell(5, 1) + Str8("label"));
  RecordingContext rc;
  ExtractXlsWorkbook(Workbook("", {{"S", cells}}), rc.ctx);
  CHECK(rc.errors.empty());
  CHECK(OnlyPart(rc).text ==
        "sheet: S\n"
        "7\n"
        "-12.34\t0.5\t1234\t0.005\t1\t2\t3\n"
        "123456789012\t0.1\t-5\t1e+20\n"
        "TRUE\t#N/A\t山田太郎様\t621498320257\n"
        "\tlabel\n");
}

TEST_CASE("xls: RK and number text", "[extract][xls]") {
  CHECK(XlsRkText((5u << 2) | 3) == "0.05");
  CHECK(XlsRkText((150u << 2) | 3) == "1.5");
  CHECK(XlsRkText(static_cast<std::uint32_t>(-3 << 2) | 2) == "-3");
  CHECK(XlsNumberText(123456789018.0) == "123456789018");
  CHECK(XlsNumberText(1.0 / 3) == "0.333333333333333");
  CHECK(XlsNumberText(-0.0) == "0");
}

TEST_CASE("xls: embedded chart substream and TXO text", "[extract][xls]") {
  std::string cells = Rec(0x0204, Cell(0, 0) + Str8("a"));
  cells += Bof(0x20) + Rec(0x0204, Cell(9, 9) + Str8("chart")) + Eof();
  cells += Rec(0x01B6, U16(0x212) + std::string(8, '\0') + U16(4) + U16(16) + U32(0)) +
           Rec(0x003C, '\1' + Wide(u"備考")) + Rec(0x003C, '\0' + std::string("xy")) +
           Rec(0x003C, std::string(16, '\0'));
  cells += Rec(0x0204, Cell(1, 0) + Str8("b"));
  RecordingContext rc;
  ExtractXlsWorkbook(Workbook("", {{"S", cells}}), rc.ctx);
  CHECK(rc.errors.empty());
  const auto& part = OnlyPart(rc);
  CHECK(part.text == "sheet: S\na\nb\n備考xy\n");
  CHECK(part.segments.back().first == 0);
}

TEST_CASE("xls: FILEPASS is an encrypted member", "[extract][xls]") {
  std::string globals = Rec(0x002F, U16(1) + std::string(52, 'x')) + Sst(1, Str8("secret"));
  RecordingContext rc;
  ExtractXlsWorkbook(Workbook(globals, {{"S", LabelSst(0, 0, 0)}}), rc.ctx);
  CHECK(rc.HasError("encrypted-member"));
  CHECK(rc.incomplete);
  CHECK(OnlyPart(rc).text.empty());
}

TEST_CASE("xls: BIFF5 strings in code page 932", "[extract][xls]") {
  std::string sjis = "\x8c\xc2\x90\x6c\x94\xd4\x8d\x86";  // 個人番号
  std::string cells = Rec(0x0204, Cell(0, 0) + U16(8) + sjis) +
                      Rec(0x0204, Cell(1, 0) + U16(12) + "123456789018") +
                      Rec(0x00D6, Cell(1, 1) + U16(2) + "ab" + '\0');
  RecordingContext rc;
  ExtractXlsWorkbook(Workbook(Rec(0x0042, U16(932)), {{"Sheet1", cells}}, 0x0500), rc.ctx);
  CHECK(rc.errors.empty());
  CHECK(OnlyPart(rc).text == "sheet: Sheet1\n個人番号\n123456789018\tab\n");

  RecordingContext other;
  ExtractXlsWorkbook(Workbook(Rec(0x0042, U16(936)), {{"Sheet1", cells}}, 0x0500), other.ctx);
  CHECK(other.HasError("unsupported"));
  CHECK(OnlyPart(other).text.find("123456789018") != std::string::npos);
}

TEST_CASE("xls: BIFF2-4 and non-BIFF streams", "[extract][xls]") {
  RecordingContext old;
  ExtractXlsWorkbook(Rec(0x0409, U16(0) + U16(0x10)) + Eof(), old.ctx);
  CHECK(old.HasError("unsupported"));
  RecordingContext junk;
  ExtractXlsWorkbook("not a workbook at all", junk.ctx);
  CHECK(junk.HasError("corrupt"));
  RecordingContext empty;
  ExtractXlsWorkbook("", empty.ctx);
  CHECK(!empty.errors.empty());
  CHECK(empty.sink.parts.size() == 1);
}

TEST_CASE("xls: record length past the end keeps what was read", "[extract][xls]") {
  std::string wb = Workbook(Sst(2, Str8("個人番号x") + Str8("621498320257")),
                            {{"S", LabelSst(0, 0, 1) + LabelSst(1, 0, 0)}});
  wb.resize(wb.size() - Eof().size());        // the sheet's EOF
  wb += U16(0x0204) + U16(500) + Cell(2, 0);  // claims 500 bytes, has 6
  RecordingContext rc;
  ExtractXlsWorkbook(wb, rc.ctx);
  CHECK(rc.HasError("truncated"));
  CHECK(OnlyPart(rc).text.find("621498320257\n") != std::string::npos);
}

TEST_CASE("xls: huge SST count, broken CONTINUE chain, bad references", "[extract][xls]") {
  SECTION("count far past the bytes present") {
    std::string wb = Workbook(Sst(0xFFFFFFFF, Str8("a") + Str8("b")),
                              {{"S", LabelSst(0, 0, 0) + LabelSst(0, 1, 1) + LabelSst(0, 2, 7)}});
    RecordingContext rc;
    ExtractXlsWorkbook(wb, rc.ctx);
    CHECK(rc.HasError("corrupt"));
    CHECK(OnlyPart(rc).text == "sheet: S\na\tb\t\n");
  }
  SECTION("string runs past the SST with no CONTINUE") {
    std::string wb = Workbook(Sst(2, Str8("ok") + U16(50) + '\0' + "short") + Rec(0x00FF, U16(8)),
                              {{"S", LabelSst(0, 0, 0) + LabelSst(0, 1, 1)}});
    RecordingContext rc;
    ExtractXlsWorkbook(wb, rc.ctx);
    CHECK(rc.HasError("truncated"));
    CHECK(OnlyPart(rc).text == "sheet: S\nok\tshort\n");
  }
  SECTION("CONTINUE without its flag byte's string") {
    std::string wb =
        Workbook(Sst(1, U16(4) + '\1' + Wide(u"個")) + Rec(0x003C, ""), {{"S", LabelSst(0, 0, 0)}});
    RecordingContext rc;
    ExtractXlsWorkbook(wb, rc.ctx);
    CHECK(rc.HasError("truncated"));
    CHECK(OnlyPart(rc).text == "sheet: S\n個\n");
  }
  SECTION("columns past 256, short cells, sheets sharing a position, bad positions") {
    std::string cells = Rec(0x0204, Cell(0, 300) + Str8("wide")) + Rec(0x00FD, Cell(0, 0)) +
                        Rec(0x0204, Cell(0, 1) + Str8("kept"));
    std::string wb = Workbook("", {{"S", cells}});
    // A second BoundSheet pointing at the same sheet, a third past the end.
    const std::size_t first_bound = wb.find(U16(0x0085));
    const std::string bound = wb.substr(first_bound, 4 + 9);
    std::string extra = bound;
    std::string far = bound;
    far.replace(4, 4, U32(0x7FFFFFF0));
    wb.insert(first_bound + bound.size(), extra + far);
    // Sheet positions move by the inserted bytes.
    const std::uint32_t pos = XlsU32(wb, first_bound + 4) + 2 * 13;
    for (std::size_t at : {first_bound, first_bound + 13}) wb.replace(at + 4, 4, U32(pos));
    RecordingContext rc;
    ExtractXlsWorkbook(wb, rc.ctx);
    CHECK(rc.HasError("corrupt"));
    CHECK(OnlyPart(rc).text == "sheet: S\n\tkept\n");
  }
}

TEST_CASE("xls: sheets pointing into one another stop early", "[extract][xls]") {
  // 400 nested BOFs, each the start of a sheet: walking each sheet to its
  // EOF would visit 400 * 400 records.
  const int n = 400;
  const std::string bound_one = Rec(0x0085, U32(0) + U16(0) + '\1' + '\0' + "S");
  const std::size_t base = Bof(5).size() + n * bound_one.size() + Eof().size();
  std::string wb = Bof(5);
  for (int i = 0; i < n; ++i) {
    wb += Rec(0x0085, U32(static_cast<std::uint32_t>(base + i * Bof(0x10).size())) + U16(0) + '\1' +
                          '\0' + "S");
  }
  wb += Eof();
  for (int i = 0; i < n; ++i) wb += Bof(0x10);
  for (int i = 0; i < n; ++i) wb += Eof();
  RecordingContext rc;
  ExtractXlsWorkbook(wb, rc.ctx);
  CHECK(rc.HasError("corrupt"));
  CHECK(OnlyPart(rc).text.size() < 100 * 9);
}

TEST_CASE("xls: truncated and mutated fixtures never crash", "[extract][xls]") {
  const std::string original = Fixture("employees.workbook");
  REQUIRE(original.size() > 1000);
  for (std::size_t cut = 0; cut < original.size(); cut += 37) {
    RecordingContext rc;
    ExtractXlsWorkbook(std::string_view(original).substr(0, cut), rc.ctx);
    CHECK(rc.sink.parts.size() == 1);
    if (cut > 0) CHECK(!rc.errors.empty());
  }
  std::mt19937 rng(5);
  for (int round = 0; round < 300; ++round) {
    std::string s = round % 2 ? original : Fixture("many_strings.workbook");
    for (int k = 0; k < 8; ++k) s[rng() % s.size()] = static_cast<char>(rng());
    RecordingContext rc;
    ExtractXlsWorkbook(s, rc.ctx);
    CHECK(rc.sink.parts.size() == 1);
  }
}

}  // namespace
}  // namespace mamori
