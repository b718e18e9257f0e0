// The sheet handlers' fast path (XmlHandler::TakeElement) for cells and
// shared strings against the events it stands for, as in
// sheet_fast_path_check.h: generated and hand-written sheets and tables,
// and cells at the tokenizer's limits. Rows: ooxml_sheet_rows_test.cc.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/extract/ooxml_cell_forms.h"
#include "scanner/extract/ooxml_sheet.h"
#include "scanner/extract/sheet_fast_path_check.h"
#include "scanner/extract/xml_stream.h"
#include "scanner/extract/xml_tokenizer.h"
#include "tests/fuzz/xml_streams.h"

namespace mamori {
namespace {

using namespace sheet_check;  // the helpers these tests share

// Random pieces of spreadsheet XML: plain forms, and with a probability
// scaled by the document's noise (none to twice the base rates) the forms
// the fast path must leave to the tokenizer, and malformed ones.
class Gen {
 public:
  explicit Gen(std::uint32_t seed) : rng_(seed) {
    static constexpr int kNoise[] = {0, 25, 100, 200};
    noise_ = kNoise[Pick(4)];
  }

  std::mt19937& rng() { return rng_; }
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  template <typename T, std::size_t N>
  const T& PickOf(const T (&items)[N]) {
    return items[Pick(static_cast<int>(N))];
  }
  bool Chance(int percent) { return Pick(100) < percent; }
  // Something out of the ordinary, at `percent` scaled by the noise.
  bool Odd(int percent) { return Pick(10000) < percent * noise_; }

  static std::string Column(long col) {
    std::string out;
    for (long c = col + 1; c > 0; c = (c - 1) / 26) {
      out.insert(out.begin(), static_cast<char>('A' + (c - 1) % 26));
    }
    return out;
  }

  // A cell's text: of every kind a cell holds, now and then with what the
  // fast path must leave to the tokenizer.
  std::string Text(std::size_t strings) {
    static const char* const kPlain[] = {"0",
                                         "1",
                                         "2",
                                         "42",
                                         "-3",
                                         "3.25",
                                         "1.5E+11",
                                         "123456789012",
                                         "1.23456789012E+11",
                                         "123456789012.0",
                                         " 7 ",
                                         "TRUE",
                                         "#N/A",
                                         "abc",
                                         "a>b",
                                         "say \"hi\"",
                                         "it's",
                                         "tab\there",
                                         "two\nlines",
                                         "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E",
                                         "[x",
                                         "",
                                         "   ",
                                         "0123",
                                         "2024-01-31T00:00:00"};
    static const char* const kOther[] = {"a&amp;b",
                                         "&lt;tag&gt;",
                                         "&#x41;&#66;",
                                         "&#12354;",
                                         "x\r\ny",
                                         "x\ry",
                                         "\r",
                                         "<![CDATA[raw <b> & ]]>",
                                         "<![CDATA[a]b]]>",
                                         "1<!-- note -->2",
                                         "a]b",
                                         "a]]b",
                                         "<?pi data?>7",
                                         "&quot;q&apos;",
                                         "1&#13;2",
                                         "1]",
                                         "<!---->",
                                         "&#x10FFFF;"};
    if (Odd(30)) {
      std::string s = PickOf(kOther);
      if (Chance(30)) s = PickOf(kPlain) + s + PickOf(kPlain);
      return s;
    }
    switch (Pick(6)) {
      case 0:
      case 1: return std::to_string(Pick(static_cast<int>(strings) + 3));  // an index
      case 2: {
        // Long enough to cross the 16-byte loads.
        std::string s(static_cast<std::size_t>(Pick(70)), 'x');
        for (char& c : s) c = "ab cD9 .,-+=:;/?\xE3\x81\x82"[Pick(16)];
        return s;
      }
      default: return PickOf(kPlain);
    }
  }

  std::string Ref(long col, long row) {
    if (!Odd(40)) return Column(col) + std::to_string(row);
    switch (Pick(9)) {
      case 0: return "";
      case 1: return Column(col);
      case 2: return "XFE" + std::to_string(row);
      case 3: return "AAAA" + std::to_string(row);
      case 4: {
        std::string r = Column(col) + std::to_string(row);
        for (char& c : r) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        return r;
      }
      case 5: return std::to_string(row) + Column(col);
      case 6: return "$" + Column(col) + "$" + std::to_string(row);
      case 7: return "A-" + std::to_string(row);
      default: return "XFD" + std::to_string(row);
    }
  }

  // ` name="value"`, now and then spelled otherwise.
  std::string Attr(std::string_view name, std::string_view value) {
    const std::string n(name), v(value);
    if (!Odd(12)) return " " + n + "=\"" + v + "\"";
    switch (Pick(5)) {
      case 0: return " " + n + "='" + v + "'";
      case 1: return " " + n + " = \"" + v + "\"";
      case 2: return "\n  " + n + "=\"" + v + "\"";
      case 3: return "  " + n + "=\"" + v + "\"";
      default: return "\t" + n + "=\"" + v + "\"";
    }
  }

  std::string Cell(long col, long row, std::size_t strings, int depth = 0) {
    static const char* const kTypes[] = {"s", "s", "s",         "b", "n", "str",
                                         "e", "d", "inlineStr", "",  "S", "bogus"};
    std::vector<std::string> attrs;
    if (!Chance(10)) attrs.push_back(Attr("r", Ref(col, row)));
    if (Chance(50)) attrs.push_back(Attr("t", PickOf(kTypes)));
    if (Chance(40)) attrs.push_back(Attr("s", std::to_string(Pick(20))));
    if (Odd(15)) {
      switch (Pick(6)) {
        case 0: attrs.push_back(Attr("cm", "1")); break;
        case 1: attrs.push_back(Attr("x:r", Column(col + 1) + std::to_string(row))); break;
        case 2: attrs.push_back(Attr("vm", "2")); break;
        case 3: attrs.push_back(Attr("r", "A1")); break;  // a duplicate, or a late r
        case 4: attrs.push_back(Attr("t", "s")); break;
        default: attrs.push_back(Attr("ph", "1")); break;
      }
    }
    std::shuffle(attrs.begin(), attrs.end(), rng_);
    std::string a;
    for (const std::string& s : attrs) a += s;
    const std::string text = Text(strings);
    const bool prefixed = Odd(5);
    const std::string c = prefixed ? "x:c" : "c";
    const std::string v = prefixed ? "x:v" : "v";
    const std::string open = "<" + c + a + ">";
    const std::string close = "</" + c + ">";
    const std::string value = "<" + v + ">" + text + "</" + v + ">";
    if (Chance(12)) return "<" + c + a + "/>";
    if (!Odd(60)) return open + value + close;
    const bool inner = depth < 3;
    switch (Pick(17)) {
      case 0: return open + "<f>SUM(A1:B2)</f>" + value + close;
      case 1: return open + "<f t=\"shared\" si=\"0\"/>" + value + close;
      case 2: return open + "<is><t>" + text + "</t></is>" + close;
      case 3:
        return open + "<is><r><rPr><b/></rPr><t>a</t></r><r><t xml:space=\"preserve\"> " + text +
               "</t></r><rPh sb=\"0\" eb=\"1\"><t>ph</t></rPh></is>" + close;
      case 4: return open + "\n  " + value + "\n" + close;
      case 5: return open + value + "<" + v + ">9</" + v + ">" + close;
      case 6: return open + "<" + v + "/>" + close;
      case 7: return open + close;
      case 8:  // a cell inside a cell: the inner one ends the outer
        return open + value + (inner ? Cell(col + 1, row, strings, depth + 1) : "") + close;
      case 9:
        return open + "<" + v + ">1" + (inner ? Cell(col + 1, row, strings, depth + 1) : "") +
               "2</" + v + ">" + close;
      case 10: return open + value + "<extLst><ext/></extLst>" + close;
      case 11: return open + "<" + v + " xml:space=\"preserve\">" + text + "</" + v + ">" + close;
      case 12: return "<cc" + a + ">" + value + "</cc>";
      case 13:
        return open + "<is>" + (inner ? Cell(col + 1, row, strings, depth + 1) : "") + "</is>" +
               close;
      case 14: return open + value + "</" + c + " >";
      case 15:
        // Mismatched: the parse ends here.
        if (Chance(30)) return open + "<" + v + ">" + text + close;
        return open + value + close;
      default: return open + value + "<row/>" + close;
    }
  }

  std::string Between() {
    if (!Odd(25)) return "";
    static const char* const kBetween[] = {
        "\n    ", "\r\n", "<!-- comment -->", "<?mso-pi value?>", "junk", "&amp;", "<![CDATA[x]]>",
        " ",      "\t",   "<v>stray</v>"};
    return PickOf(kBetween);
  }

  std::string Row(long row, std::size_t strings) {
    std::string cells = Between();
    const int n = Pick(10);
    long col = 0;
    for (int i = 0; i < n; ++i) {
      if (Chance(20)) col += Pick(5);
      if (Odd(5)) col = std::max(0L, col - 3);  // out of order
      if (Odd(2)) col = 16380 + Pick(8);        // near and past XFD
      cells += Cell(col, row, strings) + Between();
      ++col;
    }
    const std::string r = std::to_string(row);
    if (Odd(20)) {
      switch (Pick(4)) {
        case 0: return cells;  // cells outside a row
        case 1: return "<row r=\"" + r + "\"/>";
        case 2: return "<x:row r=\"" + r + "\">" + cells + "</x:row>";
        default: return "<row r=\"" + r + "\">" + cells;  // unclosed
      }
    }
    return "<row r=\"" + r + "\" spans=\"1:" + std::to_string(n) + "\" x14ac:dyDescent=\"0.25\">" +
           cells + "</row>";
  }

  std::string Sheet(std::size_t strings) {
    std::string doc;
    if (Chance(5)) doc += "\xEF\xBB\xBF";
    if (Chance(70)) {
      // US-ASCII: the tokenizer stops at the first byte from 0x80;
      // ISO-8859-1: expat reads it, and no element is offered.
      static const char* const kEncodings[] = {"UTF-8", "UTF-8",    "UTF-8",
                                               "utf-8", "US-ASCII", "ISO-8859-1"};
      doc += "<?xml version=\"1.0\" encoding=\"" +
             std::string(Odd(20) ? PickOf(kEncodings) : "UTF-8") + "\" standalone=\"yes\"?>";
      doc += Chance(50) ? "\r\n" : "\n";
    }
    doc +=
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
        "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:x14ac=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac\">";
    doc += "<dimension ref=\"A1:C9\"/><sheetViews><sheetView workbookViewId=\"0\"/></sheetViews>";
    if (Odd(10)) doc += Cell(0, 1, strings);  // before sheetData: not read
    const std::string data = Odd(5) ? "x:sheetData" : "sheetData";
    if (Odd(3)) {
      doc += "<" + data + "/>";
    } else {
      doc += "<" + data + ">";
      const int rows = Pick(12);
      long row = 1;
      for (int i = 0; i < rows; ++i) {
        if (Chance(10)) row += Pick(4);
        if (Odd(3)) doc += "<nested><sheetData>" + Row(row, strings) + "</sheetData></nested>";
        doc += Row(row++, strings) + Between();
      }
      doc += "</" + data + ">";
    }
    if (Odd(10)) doc += Cell(0, 1, strings);  // after sheetData: not read
    if (Odd(5)) doc += "<sheetData>" + Row(1, strings) + "</sheetData>";
    doc += "<mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>";
    if (Odd(5)) Spoil(&doc);
    return doc;
  }

  std::string SharedString() {
    const std::string text = Text(0);
    if (!Odd(50)) {
      return Chance(20) ? "<si><t xml:space=\"preserve\">" + text + "</t></si>"
                        : "<si><t>" + text + "</t></si>";
    }
    switch (Pick(11)) {
      case 0: return "<si><r><rPr><b/></rPr><t>a</t></r><r><t>" + text + "</t></r></si>";
      case 1:
        return "<si><t>" + text +
               "</t><rPh sb=\"0\" eb=\"2\"><t>\xE3\x83\xA4\xE3\x83\x9E</t></rPh><phoneticPr "
               "fontId=\"1\"/></si>";
      case 2: return "<si><t/></si>";
      case 3: return "<si/>";
      case 4: return "<x:si><x:t>" + text + "</x:t></x:si>";
      case 5: return "<si>\n<t>" + text + "</t>\n</si>";
      case 6: return "<si><t>a</t><si><t>" + Text(0) + "</t></si></si>";
      case 7: return "<t>stray " + text + "</t>";
      case 8: return "<rPh><si><t>" + text + "</t></si></rPh>";
      case 9: return "<si><t xml:space='preserve'>" + text + "</t></si>";
      default: return "<si><t>" + text + "</t></si>" + Between();
    }
  }

  std::string Strings() {
    std::string doc = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    doc +=
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"9\">";
    const int n = Pick(20);
    for (int i = 0; i < n; ++i) doc += SharedString();
    doc += "</sst>";
    if (Odd(5)) Spoil(&doc);
    return doc;
  }

  // Breaks a document: cut short, or a byte that does not belong.
  void Spoil(std::string* doc) {
    const auto at = static_cast<std::size_t>(Pick(static_cast<int>(doc->size())));
    static const std::string kBad[] = {
        "<", "&", "&bogus;", "]]>", "\xFF", {"", 1}, "</x>", "<c r=\"A1\" r=\"A1\"/>", "\x01"};
    if (Pick(3) == 0) {
      doc->resize(at);
    } else {
      doc->insert(at, PickOf(kBad));
    }
  }

 private:
  std::mt19937 rng_;
  int noise_ = 100;
};

TEST_CASE("sheet fast path: a fixed table of strings reads as without it", "[ooxml_sheet]") {
  std::mt19937 rng(1);
  CheckStrings(kFewStrings, rng);
  const auto run = ParseStrings(kFewStrings, {0}, true);
  REQUIRE(run->ok);
  REQUIRE(run->strings->size() == 4);
  CHECK(run->strings->Get(1) == " Tokyo ");
  CHECK(run->strings->Get(2) == "rich");
  CHECK(run->taken == 2);
}

TEST_CASE("sheet fast path: generated shared string tables", "[ooxml_sheet]") {
  std::size_t taken = 0;
  int docs = 0;
  for (std::uint32_t seed = 0; seed < 600; ++seed) {
    Gen gen(seed);
    const std::string doc = gen.Strings();
    INFO("seed " << seed);
    ExtractLimits limits;
    // Now and then a table over the in-memory limit, cut short.
    if (gen.Chance(20)) limits.max_member_bytes = static_cast<std::uint64_t>(gen.Pick(400));
    taken += CheckStrings(doc, gen.rng(), limits);
    ++docs;
  }
  CHECK(docs == 600);
  CHECK(taken > 5000);  // 11406 when written
}

TEST_CASE("sheet fast path: generated sheets", "[ooxml_sheet]") {
  const auto strings = ParseStrings(kFewStrings, {0}, true);
  // A table cut short: cells referring past it are left empty, unreported.
  ExtractLimits small;
  small.max_member_bytes = 40;
  const auto cut = ParseStrings(kFewStrings, {0}, true, small);
  REQUIRE(strings->strings->size() == 4);
  REQUIRE_FALSE(cut->strings->complete());
  std::size_t taken = 0;
  int docs = 0;
  for (std::uint32_t seed = 0; seed < 2000; ++seed) {
    Gen gen(seed);
    const std::string doc = gen.Sheet(strings->strings->size());
    INFO("seed " << seed);
    ExtractLimits limits;
    // The expanded-bytes budget that the gaps before far columns charge.
    if (gen.Chance(10)) limits.max_expanded_bytes = static_cast<std::uint64_t>(gen.Pick(20000));
    const SharedStrings& table = gen.Chance(10) ? *cut->strings : *strings->strings;
    taken += CheckSheet(doc, table, gen.rng(), limits);
    ++docs;
  }
  CHECK(docs == 2000);
  CHECK(taken > 40000);  // 83171 when written
}

// A sheet of one row around `cells`.
std::string OneRow(std::string_view cells) {
  return "<worksheet><sheetData><row r=\"1\">" + std::string(cells) +
         "</row></sheetData></worksheet>";
}

TEST_CASE("sheet fast path: hand-written cells", "[ooxml_sheet]") {
  const auto strings = ParseStrings(kFewStrings, {0}, true);
  std::mt19937 rng(7);
  for (const std::string_view cells : {
           "<c r=\"A1\"><v>1</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" "
           "t=\"b\"><v>1</v></c>",
           "<c r=\"A1\" s=\"2\"/><c r=\"B1\" t=\"s\" s=\"1\"><v>9</v></c>",
           "<c r=\"C1\"><v>3</v></c><c r=\"A1\"><v>1</v></c><c><v>4</v></c>",
           "<c r=\"XFD1\"><v>1</v></c><c r=\"XFE1\"><v>2</v></c><c><v>3</v></c>",
           "<c r=\"A1\"><v>1</v><c r=\"B1\"><v>2</v></c></c>",
           "<c r=\"A1\"><v>1<c r=\"B1\"/>2</v></c>",
           "<c r=\"A1\" t=\"str\"><v>a&amp;b</v></c><c r=\"B1\" t=\"str\"><v>x\r\ny</v></c>",
           "<c r=\"A1\" t=\"inlineStr\"><is><t>in</t></is></c><c r=\"B1\"><v>2</v></c>",
           "<c r=\"A1\" r=\"B1\"><v>1</v></c>",
           "<c r=\"A1\" x:r=\"B1\"><v>1</v></c><c x:r=\"D1\"><v>2</v></c>",
           "<x:c r=\"A1\"><x:v>1</x:v></x:c><c r=\"B1\"><v>2</v></c>",
           "<c r=\"A1\"><v>1</v></c >",
           "<c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>2",
       }) {
    CheckSheet(OneRow(cells), *strings->strings, rng);
  }
  // Cells outside sheetData are not read, taken or not.
  CheckSheet(
      "<worksheet><c r=\"A1\"><v>1</v></c><sheetData><row><c r=\"A1\"><v>2</v></c></row>"
      "</sheetData><c r=\"A1\"><v>3</v></c></worksheet>",
      *strings->strings, rng);
}

TEST_CASE("sheet fast path: cells around kMaxFastElementBytes", "[ooxml_sheet]") {
  const auto strings = ParseStrings(kFewStrings, {0}, true);
  const std::string head = "<worksheet><sheetData><row r=\"1\">";
  const std::string open = "<c r=\"A1\" t=\"str\"><v>";
  const std::string close = "</v></c>";
  const std::string tail = "<c r=\"B1\"><v>2</v></c></row></sheetData></worksheet>";
  std::mt19937 rng(3);
  for (const std::size_t length :
       {kMaxFastElementBytes - 1, kMaxFastElementBytes, kMaxFastElementBytes + 1,
        std::size_t{70000}, std::size_t{200000}}) {
    const std::string cell = open + std::string(length - open.size() - close.size(), 'x') + close;
    REQUIRE(cell.size() == length);
    const std::string doc = head + cell + tail;
    INFO("a cell of " << length << " bytes");
    CheckSheet(doc, *strings->strings, rng);
    // A first read that ends inside its start tag: the next one brings the
    // whole cell into the buffer, and it is offered from its start.
    const SheetOutcome want = ParseSheet(doc, {0}, *strings->strings, false);
    const SheetOutcome fast =
        ParseSheet(doc, {head.size() + 5, 0, 0, 0, 0, 0, 0, 0}, *strings->strings, true);
    RequireSame(fast, want);
    // The cell itself is taken only within the limit; B1 is taken always.
    CHECK(fast.taken == (length <= kMaxFastElementBytes ? 2 : 1));
    CHECK(want.text.size() > length - open.size() - close.size());
  }
  // The same for a shared string.
  const std::string sst_head = "<sst>";
  const std::string sst_open = "<si><t>";
  const std::string sst_close = "</t></si>";
  for (const std::size_t length : {kMaxFastElementBytes, kMaxFastElementBytes + 1}) {
    const std::string doc = sst_head + sst_open +
                            std::string(length - sst_open.size() - sst_close.size(), 'y') +
                            sst_close + "<si><t>z</t></si></sst>";
    INFO("a string of " << length << " bytes");
    CheckStrings(doc, rng);
    const auto want = ParseStrings(doc, {0}, false);
    const auto fast = ParseStrings(doc, {sst_head.size() + 3, 0, 0, 0, 0, 0, 0, 0}, true);
    RequireSame(*fast, *want);
    CHECK(fast->taken == (length <= kMaxFastElementBytes ? 2 : 1));
  }
}

TEST_CASE("sheet fast path: cells near kMaxXmlDepth", "[ooxml_sheet]") {
  const auto strings = ParseStrings(kFewStrings, {0}, true);
  std::mt19937 rng(5);
  // The depth at each cell's '<' is wrappers + 3 (worksheet, sheetData, row).
  for (int wrappers = kMaxXmlDepth - 16; wrappers <= kMaxXmlDepth; ++wrappers) {
    std::string doc = "<worksheet>";
    for (int i = 0; i < wrappers; ++i) doc += "<d>";
    doc +=
        "<sheetData><row><c r=\"A1\"><v>1</v></c><c r=\"B1\" t=\"s\"><v>0</v></c>"
        "<c r=\"C1\" s=\"1\"/><c r=\"D1\"><v>4</v></c></row></sheetData>";
    for (int i = 0; i < wrappers; ++i) doc += "</d>";
    doc += "</worksheet>";
    INFO(wrappers << " elements around sheetData");
    CheckSheet(doc, *strings->strings, rng);
  }
}

TEST_CASE("sheet fast path: a cell that opens as the file is stopped", "[ooxml_sheet]") {
  // Z1 is written when a cell opens inside it, and the gap before Z1
  // passes the expanded-bytes budget: the file stops there, and the
  // tokenizer reads nothing more of the inner cell than its start tag.
  const auto strings = ParseStrings(kFewStrings, {0}, true);
  ExtractLimits limits;
  limits.max_expanded_bytes = 10;
  for (const std::string_view cells : {
           "<c r=\"Z1\"><v>1</v><c r=\"A1\"><v>2</v></c></c>",
           "<c r=\"Z1\"><v>1</v><c r=\"A1\"/></c><c r=\"B1\"><v>3</v></c>",
           "<c r=\"Z1\"><v>1</v><c r=\"AA1\"><v>2</v></c></c>",
       }) {
    CheckSheetIn(OneRow(cells), *strings->strings, {{0}, {5}}, limits);
  }
}

// `inner` inside elements whose open names, with `tail` (the names opened
// after them, each with one byte more), reach exactly the tokenizer's
// limit on open names (kMaxXmlTokenBytes, xml_tokenizer.h): an element
// opened inside them all goes past it.
std::string AtNameLimit(std::string_view root, std::size_t tail, std::string_view inner) {
  const std::size_t fill = kMaxXmlTokenBytes - (root.size() + 1) - tail;
  constexpr std::size_t kWrappers = 4000;
  std::string doc = "<" + std::string(root) + ">";
  std::string closing;
  std::size_t left = fill;
  for (std::size_t i = 0; i < kWrappers; ++i) {
    const std::size_t len = (i + 1 == kWrappers ? left : fill / kWrappers) - 1;
    const std::string name(len, static_cast<char>('a' + i % 26));
    doc += "<" + name + ">";
    closing.insert(0, "</" + name + ">");
    left -= len + 1;
  }
  REQUIRE(left == 0);
  return doc + std::string(inner) + closing + "</" + std::string(root) + ">";
}

TEST_CASE("sheet fast path: a cell past the tokenizer's limit on open names", "[ooxml_sheet]") {
  // The tokenizer refuses to open <c> here ("token too long"); the fast
  // path must not read the cell either.
  const auto strings = ParseStrings(kFewStrings, {0}, true);
  const std::string doc =
      AtNameLimit("worksheet", 10 + 4,
                  "<sheetData><row><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>2</v></c></row>"
                  "</sheetData>");
  CheckSheetIn(doc, *strings->strings, {{0}, {4096}});
  const std::string sst = AtNameLimit("sst", 0, "<si><t>a</t></si><si><t>b</t></si>");
  CheckStringsIn(sst, {{0}, {4096}});
}

}  // namespace
}  // namespace mamori
