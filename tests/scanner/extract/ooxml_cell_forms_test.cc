// The plain cell, row start, shared-string and run-text forms the handlers take whole
// (XmlHandler::TakeElement): which byte forms are read, what is read from
// them, and that everything else, or a form cut off by `end`, is declined.
#include "scanner/extract/ooxml_cell_forms.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace mamori {
namespace {

// The loads of FindTextStop may reach 15 bytes past `end`: every input lives in
// a buffer with that much after the end that is passed.
constexpr std::size_t kPadding = 16;

// `form` in a buffer of its own followed by `after` (bytes the reader may
// load but must not use) and the padding.
struct Buffer {
  explicit Buffer(std::string_view form, std::string_view after = {})
      : bytes(std::string(form) + std::string(after) + std::string(kPadding, '<')),
        size(form.size()) {}
  const char* begin() const { return bytes.data(); }
  const char* end() const { return bytes.data() + size; }
  std::string bytes;
  std::size_t size;
};

// What ReadPlainCell read, as strings (the views point into a buffer that
// is gone by the time they are checked).
struct Cell {
  bool ok = false;
  std::string ref, type, value;
  std::size_t length = 0;
};

Cell Read(std::string_view form, std::string_view after = {}) {
  const Buffer b(form, after);
  PlainCell cell;
  Cell out;
  out.ok = ReadPlainCell(b.begin(), b.end(), &cell);
  if (out.ok) {
    out.ref = std::string(cell.ref);
    out.type = std::string(cell.type);
    out.value = std::string(cell.value);
    out.length = cell.length;
  }
  return out;
}

struct Shared {
  bool ok = false;
  std::string text;
  std::size_t length = 0;
};

Shared ReadShared(std::string_view form, std::string_view after = {}) {
  const Buffer b(form, after);
  std::string_view text;
  Shared out;
  out.ok = ReadPlainSharedString(b.begin(), b.end(), &text, &out.length);
  if (out.ok) out.text = std::string(text);
  return out;
}

Shared ReadText(std::string_view form, char prefix, std::string_view after = {}) {
  const Buffer b(form, after);
  std::string_view text;
  Shared out;
  out.ok = ReadPlainText(b.begin(), b.end(), prefix, &text, &out.length);
  if (out.ok) out.text = std::string(text);
  return out;
}

// A form accepted whole must be declined when `end` cuts it anywhere, even
// though the rest of it lies in the buffer right after `end`.
template <typename ReadFn>
void CheckEveryCut(std::string_view form, ReadFn read) {
  for (std::size_t n = 0; n < form.size(); ++n) {
    INFO("cut after " << n << " bytes of " << form);
    CHECK_FALSE(read(form.substr(0, n), form.substr(n)));
  }
}

TEST_CASE("plain cell: the attributes r, t and s in any order", "[ooxml_cell_forms]") {
  std::vector<std::string> attrs = {" r=\"B7\"", " s=\"12\"", " t=\"s\""};
  std::sort(attrs.begin(), attrs.end());
  int orders = 0;
  do {
    const std::string form = "<c" + attrs[0] + attrs[1] + attrs[2] + "><v>42</v></c>";
    INFO(form);
    const Cell c = Read(form);
    REQUIRE(c.ok);
    CHECK(c.ref == "B7");
    CHECK(c.type == "s");
    CHECK(c.value == "42");
    CHECK(c.length == form.size());
    ++orders;
  } while (std::next_permutation(attrs.begin(), attrs.end()));
  CHECK(orders == 6);
}

TEST_CASE("plain cell: absent attributes read as empty", "[ooxml_cell_forms]") {
  Cell c = Read("<c r=\"A1\"><v>1.5E+11</v></c>");
  REQUIRE(c.ok);
  CHECK(c.ref == "A1");
  CHECK(c.type.empty());
  CHECK(c.value == "1.5E+11");

  c = Read("<c t=\"b\"><v>1</v></c>");
  REQUIRE(c.ok);
  CHECK(c.ref.empty());
  CHECK(c.type == "b");

  c = Read("<c s=\"3\"><v>x</v></c>");
  REQUIRE(c.ok);
  CHECK(c.ref.empty());
  CHECK(c.type.empty());
  CHECK(c.value == "x");

  // No attribute at all (the sheet handler's prefix "<c " never offers
  // this, but the form itself is plain).
  c = Read("<c><v>7</v></c>");
  REQUIRE(c.ok);
  CHECK(c.ref.empty());
  CHECK(c.value == "7");

  // Empty values are values of letters and digits too.
  c = Read("<c r=\"\" t=\"\"><v>7</v></c>");
  REQUIRE(c.ok);
  CHECK(c.ref.empty());
  CHECK(c.type.empty());
}

TEST_CASE("plain cell: empty cells", "[ooxml_cell_forms]") {
  Cell c = Read("<c r=\"A1\" s=\"2\"/>");
  REQUIRE(c.ok);
  CHECK(c.ref == "A1");
  CHECK(c.value.empty());
  CHECK(c.length == 17);

  c = Read("<c r=\"C3\" t=\"s\"/>");
  REQUIRE(c.ok);
  CHECK(c.type == "s");
  CHECK(c.value.empty());

  c = Read("<c r=\"A1\"><v></v></c>");
  REQUIRE(c.ok);
  CHECK(c.value.empty());
  CHECK(c.length == 21);
}

TEST_CASE("plain cell: the length is of the element alone", "[ooxml_cell_forms]") {
  const std::string form = "<c r=\"A1\" t=\"str\"><v>abc</v></c>";
  for (const std::string_view after : {"<c r=\"B1\"><v>2</v></c>", "</row>", "   ", ""}) {
    INFO("followed by " << after);
    const Cell c = Read(form, after);
    REQUIRE(c.ok);
    CHECK(c.length == form.size());
  }
}

TEST_CASE("plain cell: any text without '<', '&', a closing square bracket or CR",
          "[ooxml_cell_forms]") {
  for (const std::string& text : std::vector<std::string>{
           "0", " 42 ", "a>b", "\"quoted\" 'single'", "tab\there", "line\nfeed",
           "\xE6\x97\xA5\xE6\x9C\xAC", "a[b", "!#$%()*+,-./:;=?@^_`{|}~", std::string(100, 'x'),
           std::string(4000, '9')}) {
    const std::string form = "<c r=\"A1\" t=\"str\"><v>" + text + "</v></c>";
    INFO(form.substr(0, 80));
    const Cell c = Read(form);
    REQUIRE(c.ok);
    CHECK(c.value == text);
    CHECK(c.length == form.size());
  }
}

TEST_CASE("plain cell: values of letters and digits only", "[ooxml_cell_forms]") {
  for (const std::string_view t : {"s", "b", "n", "e", "d", "str", "inlineStr", "XYZ09az"}) {
    const std::string form = "<c r=\"A1\" t=\"" + std::string(t) + "\"><v>1</v></c>";
    INFO(form);
    const Cell c = Read(form);
    REQUIRE(c.ok);
    CHECK(c.type == t);
  }
  for (const std::string_view v :
       {"A-1", "A 1", "A.1", "A_1", "$A$1", "A1:B2", "A\t1", "A&amp;1", "A&#49;",
        "\xC3\x84"
        "1",
        "A'1", "A>1", "A/1", "A=1"}) {
    for (const char name : {'r', 't', 's'}) {
      const std::string form =
          std::string("<c ") + name + "=\"" + std::string(v) + "\"><v>1</v></c>";
      INFO(form);
      CHECK_FALSE(Read(form).ok);
    }
  }
}

TEST_CASE("plain cell: duplicate and unknown attributes are declined", "[ooxml_cell_forms]") {
  for (const std::string_view form : {
           "<c r=\"A1\" r=\"A2\"><v>1</v></c>",
           "<c t=\"s\" t=\"n\"><v>1</v></c>",
           "<c s=\"1\" s=\"1\"><v>1</v></c>",
           "<c r=\"A1\" t=\"s\" s=\"1\" r=\"A1\"><v>1</v></c>",
           "<c r=\"A1\" s=\"1\" t=\"s\" s=\"1\"/>",
           "<c r=\"A1\" cm=\"1\"><v>1</v></c>",
           "<c r=\"A1\" vm=\"1\"><v>1</v></c>",
           "<c r=\"A1\" ph=\"1\"><v>1</v></c>",
           "<c x:r=\"A1\"><v>1</v></c>",
           "<c r=\"A1\" x:t=\"s\"><v>1</v></c>",
           "<c R=\"A1\"><v>1</v></c>",
           "<c rr=\"A1\"><v>1</v></c>",
           "<c a=\"A1\"><v>1</v></c>",
           "<c r=\"A1\" xmlns=\"urn:x\"><v>1</v></c>",
       }) {
    INFO(form);
    CHECK_FALSE(Read(form).ok);
  }
}

TEST_CASE("plain cell: other spellings of the tags are declined", "[ooxml_cell_forms]") {
  for (const std::string_view form : {
           // Quotes and white space.
           "<c r='A1'><v>1</v></c>",
           "<c r=\"A1'><v>1</v></c>",
           "<c  r=\"A1\"><v>1</v></c>",
           "<c r =\"A1\"><v>1</v></c>",
           "<c r= \"A1\"><v>1</v></c>",
           "<c r=\"A1\" ><v>1</v></c>",
           "<c r=\"A1\"  t=\"s\"><v>1</v></c>",
           "<c\tr=\"A1\"><v>1</v></c>",
           "<c\nr=\"A1\"><v>1</v></c>",
           "<c r=\"A1\" />",
           "<c r=\"A1\"/ >",
           "<c r=\"A1\"> <v>1</v></c>",
           "<c r=\"A1\">\n<v>1</v>\n</c>",
           "<c r=\"A1\"><v >1</v></c>",
           "<c r=\"A1\"><v>1</v ></c>",
           "<c r=\"A1\"><v>1</v> </c>",
           "<c r=\"A1\"><v>1</v></c >",
           "<c r=\"A1\" s=\"1\"",
           "<c r=\"A1\"",
           // Other names and prefixes.
           "<cc r=\"A1\"><v>1</v></cc>",
           "<c:c r=\"A1\"><v>1</v></c:c>",
           "<x:c r=\"A1\"><x:v>1</x:v></x:c>",
           "<c r=\"A1\"><x:v>1</x:v></c>",
           "<c r=\"A1\"><v>1</v></x:c>",
           "<c r=\"A1\"><v>1</v></cc>",
           "<c r=\"A1\"><vv>1</vv></c>",
           "<C r=\"A1\"><v>1</v></C>",
           "<c r=\"A1\"><V>1</V></c>",
           // Other content.
           "<c r=\"A1\"><f>1+1</f><v>2</v></c>",
           "<c r=\"A1\"><v>2</v><f>1+1</f></c>",
           "<c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c>",
           "<c r=\"A1\"><v>1</v><v>2</v></c>",
           "<c r=\"A1\"><v/></c>",
           "<c r=\"A1\"></c>",
           "<c r=\"A1\"><v xml:space=\"preserve\">1</v></c>",
           "<c r=\"A1\"><v>1</c></v>",
           "<c r=\"A1\"><v>1<!-- x --></v></c>",
           "<c r=\"A1\"><v><![CDATA[1]]></v></c>",
           "<c r=\"A1\"><v>1<?pi?></v></c>",
           "<c r=\"A1\"><v>1<c r=\"B1\"/></v></c>",
           "<c r=\"A1\"><extLst/></c>",
       }) {
    INFO(form);
    CHECK_FALSE(Read(form).ok);
  }
}

TEST_CASE("plain cell: references, closing square brackets and CR in the text are declined",
          "[ooxml_cell_forms]") {
  for (const std::string_view text :
       {"a&amp;b", "&lt;", "&#49;", "&#x31;", "1&", "a]b", "]]>", "]", "1\r", "1\r\n2", "\r"}) {
    const std::string form = "<c r=\"A1\" t=\"str\"><v>" + std::string(text) + "</v></c>";
    INFO(form);
    CHECK_FALSE(Read(form).ok);
  }
  // Wherever the stop falls relative to the 16-byte loads.
  for (std::size_t at = 0; at < 48; ++at) {
    for (const char stop : {'&', ']', '\r'}) {
      std::string text(48, 'x');
      text[at] = stop;
      const std::string form = "<c r=\"A1\" t=\"str\"><v>" + text + "</v></c>";
      INFO("'" << (stop == '\r' ? std::string("CR") : std::string(1, stop)) << "' at " << at);
      CHECK_FALSE(Read(form).ok);
    }
  }
}

TEST_CASE("plain cell: a form cut off by end is declined at every length", "[ooxml_cell_forms]") {
  for (const std::string_view form : {
           "<c r=\"A1\" s=\"2\"/>",
           "<c/>",
           "<c r=\"XFD1048576\" t=\"s\" s=\"7\"><v>123</v></c>",
           "<c r=\"A1\"><v></v></c>",
           "<c t=\"str\"><v>a text over sixteen bytes long, to cross loads</v></c>",
       }) {
    REQUIRE(Read(form).ok);
    CheckEveryCut(form,
                  [](std::string_view cut, std::string_view rest) { return Read(cut, rest).ok; });
  }
}

TEST_CASE("plain cell: text ending at end is cut off even if '<' follows", "[ooxml_cell_forms]") {
  // The bytes after end hold the closing tags and, past them, '<' padding.
  for (std::size_t len = 0; len < 40; ++len) {
    const std::string form = "<c r=\"A1\"><v>" + std::string(len, '5');
    INFO("text of " << len << " bytes");
    CHECK_FALSE(Read(form, "</v></c>").ok);
    CHECK_FALSE(Read(form).ok);
  }
}

// ReadPlainRowStart's length, or 0 when it declined the form.
std::size_t RowStart(std::string_view form, std::string_view after = {}) {
  const Buffer b(form, after);
  std::size_t length = 0;
  return ReadPlainRowStart(b.begin(), b.end(), &length) ? length : 0;
}

TEST_CASE("plain row start: the attributes writers give a row", "[ooxml_cell_forms]") {
  for (const std::string_view form : {
           "<row>",
           "<row r=\"1\">",
           "<row r=\"12\" spans=\"1:5\">",
           "<row spans=\"1:5\" r=\"2\" x14ac:dyDescent=\"0.25\">",
           "<row r=\"3\" ht=\"-1.5\" customHeight=\"1\">",
       }) {
    INFO(form);
    CHECK(RowStart(form, "<c r=\"A1\"/>") == form.size());
  }
}

TEST_CASE("plain row start: other forms are declined", "[ooxml_cell_forms]") {
  for (const std::string_view form : {
           "<row r=\"1\" r=\"2\">",       // a duplicate: the tokenizer fails it
           "<row r=\"1\" hidden=\"1\">",  // not one of the five
           "<row x14ac:r=\"1\">",         // a prefix other than on dyDescent
           "<row r=\"1\" >",              // space before '>'
           "<row  r=\"1\">",              // two spaces
           "<row r=\"1\"/>",              // empty
           "<row r=\"a&amp;\">",          // a reference
           "<row r=\"1 2\">",             // a space in the value
           "<row r='1'>",                 // apostrophes
           "<row r = \"1\">",
           "<rows>",
           "<row\tr=\"1\">",
           "<x:row r=\"1\">",
       }) {
    INFO(form);
    CHECK(RowStart(form) == 0);
  }
}

TEST_CASE("plain row start: a form cut off by end is declined at every length",
          "[ooxml_cell_forms]") {
  const std::string form = "<row r=\"12\" spans=\"1:5\" x14ac:dyDescent=\"0.25\">";
  for (std::size_t n = 0; n < form.size(); ++n) {
    INFO(n);
    CHECK(RowStart(form.substr(0, n), form.substr(n)) == 0);
  }
  CHECK(RowStart(form) == form.size());
}

TEST_CASE("plain shared string: read forms", "[ooxml_cell_forms]") {
  Shared s = ReadShared("<si><t>abc</t></si>");
  REQUIRE(s.ok);
  CHECK(s.text == "abc");
  CHECK(s.length == 19);

  s = ReadShared("<si><t xml:space=\"preserve\"> a b </t></si>", "<si><t>next</t></si>");
  REQUIRE(s.ok);
  CHECK(s.text == " a b ");
  CHECK(s.length == 42);

  s = ReadShared("<si><t></t></si>");
  REQUIRE(s.ok);
  CHECK(s.text.empty());
  CHECK(s.length == 16);

  for (const std::string& text : std::vector<std::string>{
           "\xE5\xB1\xB1\xE7\x94\xB0", "a>b \"c\" 'd'", "line\nfeed\ttab", std::string(300, 'z')}) {
    s = ReadShared("<si><t>" + text + "</t></si>");
    REQUIRE(s.ok);
    CHECK(s.text == text);
  }
}

TEST_CASE("plain shared string: other forms are declined", "[ooxml_cell_forms]") {
  for (const std::string_view form : {
           "<si><t>a&amp;b</t></si>",
           "<si><t>&#x41;</t></si>",
           "<si><t>a]b</t></si>",
           "<si><t>a\rb</t></si>",
           "<si><t>a\r\nb</t></si>",
           "<si><t><![CDATA[a]]></t></si>",
           "<si><t>a<!--c--></t></si>",
           "<si><t>a</t><rPh sb=\"0\" eb=\"1\"><t>b</t></rPh></si>",
           "<si><t>a</t><phoneticPr fontId=\"1\"/></si>",
           "<si><r><t>a</t></r></si>",
           "<si><t/></si>",
           "<si/>",
           "<si><t >a</t></si>",
           "<si><t xml:space='preserve'>a</t></si>",
           "<si><t xml:space=\"default\">a</t></si>",
           "<si><t xml:space=\"preserve\" >a</t></si>",
           "<si><t xml:space=\"preserve\" xml:space=\"preserve\">a</t></si>",
           "<si><t a=\"1\">a</t></si>",
           "<si> <t>a</t></si>",
           "<si><t>a</t> </si>",
           "<si><t>a</t></si >",
           "<si><tt>a</tt></si>",
           "<si><t>a</tt></si>",
           "<si><t>a</t></x:si>",
           "<si><x:t>a</x:t></si>",
           "<si count=\"1\"><t>a</t></si>",
           "<sst><si><t>a</t></si></sst>",
       }) {
    INFO(form);
    CHECK_FALSE(ReadShared(form).ok);
  }
}

TEST_CASE("plain shared string: a form cut off by end is declined at every length",
          "[ooxml_cell_forms]") {
  for (const std::string_view form : {
           "<si><t>abc</t></si>",
           "<si><t></t></si>",
           "<si><t xml:space=\"preserve\"> spaced text over sixteen bytes </t></si>",
       }) {
    REQUIRE(ReadShared(form).ok);
    CheckEveryCut(
        form, [](std::string_view cut, std::string_view rest) { return ReadShared(cut, rest).ok; });
  }
}

TEST_CASE("plain run text: read forms", "[ooxml_cell_forms]") {
  Shared s = ReadText("<w:t>Hello</w:t>", 'w', "</w:r>");
  REQUIRE(s.ok);
  CHECK(s.text == "Hello");
  CHECK(s.length == 16);

  s = ReadText("<a:t xml:space=\"preserve\"> two words </a:t>", 'a');
  REQUIRE(s.ok);
  CHECK(s.text == " two words ");
  CHECK(s.length == 43);

  s = ReadText("<w:t></w:t>", 'w');
  REQUIRE(s.ok);
  CHECK(s.text.empty());

  s = ReadText("<w:t>\xE6\x97\xA5\xE6\x9C\xAC a>b \"q\"\ttab</w:t>", 'w');
  REQUIRE(s.ok);
  CHECK(s.text == "\xE6\x97\xA5\xE6\x9C\xAC a>b \"q\"\ttab");
}

TEST_CASE("plain run text: other forms are declined", "[ooxml_cell_forms]") {
  for (const std::string_view form : {
           "<a:t>x</a:t>",
           "<t>x</t>",
           "<w:t>x</a:t>",
           "<w:t>x</w:tt>",
           "<w:t>x</w:t >",
           "<w:tab/>",
           "<w:tbl>",
           "<w:t/>",
           "<w:t >x</w:t>",
           "<w:t xml:space='preserve'>x</w:t>",
           "<w:t xml:space=\"default\">x</w:t>",
           "<w:t xml:space=\"preserve\" >x</w:t>",
           "<w:t w:rsid=\"00A1\">x</w:t>",
           "<w:t>a&amp;b</w:t>",
           "<w:t>&#x41;</w:t>",
           "<w:t>a]b</w:t>",
           "<w:t>a\rb</w:t>",
           "<w:t>a<!--c--></w:t>",
           "<w:t><![CDATA[a]]></w:t>",
           "<w:t>a<w:br/>b</w:t>",
       }) {
    INFO(form);
    CHECK_FALSE(ReadText(form, 'w').ok);
  }
}

TEST_CASE("plain run text: a form cut off by end is declined at every length",
          "[ooxml_cell_forms]") {
  for (const std::string_view form : {
           "<w:t>abc</w:t>",
           "<w:t></w:t>",
           "<w:t xml:space=\"preserve\"> text over sixteen bytes long </w:t>",
       }) {
    REQUIRE(ReadText(form, 'w').ok);
    CheckEveryCut(form, [](std::string_view cut, std::string_view rest) {
      return ReadText(cut, 'w', rest).ok;
    });
  }
}

}  // namespace
}  // namespace mamori
