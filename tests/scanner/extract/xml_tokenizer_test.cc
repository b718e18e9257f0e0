// The UTF-8 XML tokenizer against expat: for well-formed documents (written
// by hand and generated) the handler must see the same events whatever the
// reads are cut into; whatever expat rejects, the tokenizer must reject too.
#include "scanner/extract/xml_tokenizer.h"

#include <expat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/extract/recording_sink.h"
#include "scanner/extract/xml_doc_gen.h"
#include "scanner/extract/xml_stream.h"
#include "test_util.h"
#include "tests/fuzz/xml_oracle.h"

namespace mamori {
namespace {

using testing::RecordingContext;
using testing::XmlDocGen;

using fuzz::ChunkStream;
using fuzz::RunExpat;
using Recorder = fuzz::XmlRecorder;
using Outcome = fuzz::XmlOutcome;

// Reads sizes meaning "lent whole" (LendingStream) rather than read.
const std::vector<std::size_t> kLent = {~std::size_t{0}};

// The tokenizer alone. A rejection must be recorded. It may leave the
// document to expat only when `handed_over` is given (and says so there).
Outcome RunOurs(std::string_view doc, std::vector<std::size_t> sizes = {},
                bool* handed_over = nullptr) {
  RecordingContext rc;
  Recorder recorder;
  ChunkStream chunks(doc, sizes);
  fuzz::LendingStream lending(doc);
  ByteStream& stream = sizes == kLent ? static_cast<ByteStream&>(lending) : chunks;
  std::string head;
  const XmlTokenizeResult r = TokenizeXml(stream, "part.xml", rc.ctx, recorder, &head);
  Outcome out;
  if (handed_over != nullptr) {
    *handed_over = r == XmlTokenizeResult::kNotUtf8;
    if (*handed_over) return out;
  }
  REQUIRE(r != XmlTokenizeResult::kNotUtf8);
  out.ok = r == XmlTokenizeResult::kOk;
  REQUIRE(out.ok != rc.HasError("malformed-xml"));
  out.events = std::move(recorder.events);
  return out;
}

// The document for failure messages, bytes beyond printable ASCII escaped.
std::string Show(std::string_view doc) { return testing::ShowBytes(doc); }

// Same acceptance as expat; when both accept, the same events. Documents
// that declare another encoding may be left to expat.
void CheckLikeExpat(std::string_view doc, std::vector<std::size_t> sizes = {}) {
  INFO("document: " << Show(doc));
  const Outcome want = RunExpat(doc);
  bool handed_over = false;
  const Outcome got = RunOurs(doc, std::move(sizes), &handed_over);
  if (handed_over) return;
  REQUIRE(got.ok == want.ok);
  if (want.ok) REQUIRE(got.events == want.events);
  const Outcome lent = RunOurs(doc, kLent, &handed_over);
  REQUIRE(lent.ok == want.ok);
  if (want.ok) REQUIRE(lent.events == want.events);
}

// A well-formed document: expat accepts it, and the tokenizer reports its
// events whole, in single bytes, in odd reads and cut at every point.
void CheckWellFormed(std::string_view doc, bool every_cut = true) {
  INFO("document: " << Show(doc));
  const Outcome want = RunExpat(doc);
  REQUIRE(want.ok);
  for (const std::vector<std::size_t>& sizes :
       std::vector<std::vector<std::size_t>>{{}, {1}, {3, 1, 7, 2}, {64, 5}, kLent}) {
    const Outcome got = RunOurs(doc, sizes);
    REQUIRE(got.ok);
    REQUIRE(got.events == want.events);
  }
  if (!every_cut) return;
  for (std::size_t cut = 1; cut < doc.size(); ++cut) {
    INFO("cut at " << cut);
    const Outcome got = RunOurs(doc, {cut, 0});
    REQUIRE(got.ok);
    REQUIRE(got.events == want.events);
  }
}

const std::vector<std::string>& EdgeCases() {
  static const std::vector<std::string> docs = {
      "<a/>",
      "<a></a>",
      "<a>text</a>",
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<a/>",
      "<?xml version='1.0'?><a/>",
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>",
      "<?xml version=\"1.0\" encoding=\"US-ASCII\"?><a>plain</a>",
      "<?xml version=\"1.0\"  standalone='no'  ?><a/>",
      "<?xml\tversion = \"1.1\"\r\n?><a/>",
      "\xEF\xBB\xBF<a>bom</a>",
      "\xEF\xBB\xBF<?xml version=\"1.0\"?><a/>",
      // References, in text and attributes.
      "<a>&lt;&gt;&amp;&quot;&apos;</a>",
      "<a b=\"&lt;&gt;&amp;&quot;&apos;\"/>",
      "<a>&#65;&#x42;&#x0063;&#0000068;&#xe9;&#x65E5;&#26412;&#x1F600;&#128512;</a>",
      "<a b='&#65;&#x1F600;&#9;&#10;&#13;&#x20;'/>",
      "<a>&#9;&#10;&#13;&#x10FFFF;&#xFFFD;&#xE000;&#xD7FF;</a>",
      "<a>x&amp;y&#13;&#10;z</a>",
      // Line ends and white space.
      "<a>one\r\ntwo\rthree\nfour\r\n\r\n</a>",
      "<a>\r</a>",
      "<a>\r\r\n\n\r</a>",
      "<a b=\"x\r\ny\rz\nw\tv\"/>",
      "<a b=\"\r\n\"\r\n c='\t'\n/>",
      "<a b=\"&#13;\n\"/>",
      "<a\n\tb\r\n=\r\n'1'\t/>",
      "<a>   </a>",
      "<a>\n  <b>\n    <c/>\n  </b>\n</a>\n",
      "  \n<a/>\n\t\r\n ",
      // Quotes.
      "<a b=\"it's\" c='say \"hi\"'/>",
      "<a b=\"&quot;'\" c='&apos;\"'/>",
      "<a b=\"a > b\"/>",
      "<a b=\"\" c=''/>",
      // CDATA, comments, PIs.
      "<a><![CDATA[<b>&amp;]]]]></a>",
      "<a><![CDATA[]]></a>",
      "<a><![CDATA[x\r\ny\rz]]></a>",
      "<a><![CDATA[]]]></a>",
      "<a><![CDATA[a]b]]c]]]></a>",
      "<a>x<![CDATA[y]]>z</a>",
      "<!-- before --><a><!-- in -->x<!---->y</a><!-- after -->",
      "<a><!-- - a-b - --></a>",
      "<?pi data?><a><?pi?><?pi  x y z ?>t<?xml-stylesheet href='x'?></a><?after?>",
      "<a><?p ?"
      "?></a>",
      "<a><?p ?x?></a>",
      // Names.
      "<w:document xmlns:w=\"urn:w\"><w:body><w:p w:rsidR=\"00\" r:id=\"rId1\"/></w:body>"
      "</w:document>",
      "<:a :b=\"1\" c:=\"2\"/>",
      "<a.b-c_d e.f-g_h=\"1\"/>",
      "<_/>",
      "<\xC3\xA9l\xC3\xA9ment \xC3\xA9=\"\xC3\xA9\"/>",
      "<\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E \xE5\x80\xA4=\"\xE5\x80\xA4\">"
      "\xE6\x97\xA5\xE6\x9C\xAC</\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E>",
      "<a\xC2\xB7"
      "b/>",
      // Prefixes: local names after the last colon, in names shorter and
      // longer than 16 bytes (looked at 16 bytes at once, or not).
      "<a:b:c x:y:z=\"1\"><p:q>t</p:q></a:b:c>",
      "<abcdefghijklm:o><abcdefghijklmn:o/><abcdefghijklmno:p/></abcdefghijklm:o>",
      "<very:long:prefixed:name-over16 a:b='1'>t</very:long:prefixed:name-over16>",
      "<abcdefghijklmnop:><x:/></abcdefghijklmnop:>",
      // Two attributes (compared without the general duplicate check).
      "<a ab='1' ac='2'/>",
      "<a ab='1' a='2'/>",
      "<a x:r='A1' t='s'><v>1</v></a>",
      // Text that looks like markup.
      "<a>]</a>",
      "<a>]]</a>",
      "<a>]]]</a>",
      "<a>] ]> ]]x ></a>",
      "<a>a>b</a>",
      // Beyond ASCII in text.
      "<a>\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBD\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\x7F</a>",
      "<a>\xE6\xB3\xA8\xE6\x96\x87\xE7\x95\xAA\xE5\x8F\xB7 936986524994</a>",
      // End tags.
      "<a></a  >",
      "<a><b></b\n></a\t>",
      "<a><a><a></a></a></a>",
  };
  return docs;
}

TEST_CASE("xml tokenizer: hand-written documents give expat's events however they are read",
          "[xml]") {
  for (const std::string& doc : EdgeCases()) CheckWellFormed(doc);
}

TEST_CASE("xml tokenizer: deep nesting up to the limit", "[xml]") {
  std::string doc;
  for (int i = 0; i < kMaxXmlDepth; ++i) doc += "<d>";
  for (int i = 0; i < kMaxXmlDepth; ++i) doc += "</d>";
  CheckWellFormed(doc, false);

  RecordingContext rc;
  Recorder recorder;
  const std::string deeper = "<e>" + doc + "</e>";
  REQUIRE_FALSE(ParseXml(deeper, "deep.xml", rc.ctx, recorder));
  REQUIRE(rc.HasError("malformed-xml"));
  REQUIRE(rc.errors.back().message.find("nested more than 4096 deep") != std::string::npos);
}

TEST_CASE("xml tokenizer: generated documents give expat's events", "[xml]") {
  for (std::uint32_t seed = 1; seed <= 400; ++seed) {
    XmlDocGen gen(seed);
    const std::string doc = gen.Doc();
    // Every cut of the smaller ones; the rest in odd reads.
    CheckWellFormed(doc, doc.size() < 400 && seed % 4 == 0);
  }
}

TEST_CASE("xml tokenizer: mutated documents are rejected whenever expat rejects them", "[xml]") {
  static const char kBytes[] = {'<',    '>',    '&',    ';',    '"',    '\'',   '/',
                                '!',    '?',    '-',    ']',    '[',    '=',    '#',
                                'x',    ' ',    '\r',   '\0',   '\x01', 'a',    ':',
                                '\xC3', '\xA9', '\xE6', '\xFF', '\x80', '\xEF', '\xBF'};
  std::mt19937 rng(7);
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  int rejected = 0;
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    const std::string doc = XmlDocGen(1000 + seed).Doc();
    for (int m = 0; m < 25; ++m) {
      std::string bad = doc;
      const int edits = 1 + static_cast<int>(pick(3));
      for (int e = 0; e < edits && !bad.empty(); ++e) {
        const std::size_t at = pick(bad.size());
        switch (pick(4)) {
          case 0: bad.resize(at); break;
          case 1: bad[at] = kBytes[pick(sizeof(kBytes))]; break;
          case 2: bad.insert(at, 1, kBytes[pick(sizeof(kBytes))]); break;
          default: bad.erase(at, 1 + pick(4)); break;
        }
      }
      CheckLikeExpat(bad, {1 + pick(9), 0});
      if (!RunExpat(bad).ok) ++rejected;
    }
  }
  REQUIRE(rejected > 1000);  // the mutations do reach the error paths
}

TEST_CASE("xml tokenizer: name characters beyond ASCII are expat's", "[xml]") {
  auto utf8 = [](std::uint32_t c) {
    std::string s;
    if (c < 0x800) {
      s += static_cast<char>(0xC0 | c >> 6);
    } else if (c < 0x10000) {
      s += static_cast<char>(0xE0 | c >> 12);
      s += static_cast<char>(0x80 | (c >> 6 & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | c >> 18);
      s += static_cast<char>(0x80 | (c >> 12 & 0x3F));
      s += static_cast<char>(0x80 | (c >> 6 & 0x3F));
    }
    s += static_cast<char>(0x80 | (c & 0x3F));
    return s;
  };
  int names = 0;
  for (std::uint32_t c = 0x80; c < 0x110000; c += c < 0x10000 ? 1 : 4099) {
    if (c >= 0xD800 && c < 0xE000) continue;
    const std::string ch = utf8(c);
    for (const std::string& doc : {"<" + ch + "/>", "<a" + ch + "/>", "<a " + ch + "='1'/>"}) {
      const bool want = RunExpat(doc).ok;
      if (want != RunOurs(doc).ok) FAIL("U+" << std::hex << c << " in " << Show(doc));
      names += want;
    }
  }
  REQUIRE(names > 40000);
}

TEST_CASE("xml tokenizer: UTF-8 and control bytes are checked like expat", "[xml]") {
  for (int b0 = 0; b0 < 256; ++b0) {
    if (b0 == '<' || b0 == '&' || b0 == ']') continue;
    for (int b1 = 0; b1 < 256; ++b1) {
      const std::string pair = {static_cast<char>(b0), static_cast<char>(b1)};
      for (const char* tail : {"", "\x80", "\x80\x80", "\xBF\xBF"}) {
        const std::string doc = "<a>" + pair + tail + "</a>";
        if (RunExpat(doc).ok != RunOurs(doc).ok) FAIL(Show(doc));
        const std::string attr = "<a b='" + pair + tail + "'/>";
        if (RunExpat(attr).ok != RunOurs(attr).ok) FAIL(Show(attr));
      }
    }
  }
}

// The same bytes at every offset of the 16-byte blocks the check works in,
// and across their borders.
TEST_CASE("xml tokenizer: UTF-8 is checked like expat wherever it falls in a block", "[xml]") {
  const int seconds[] = {0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                         0xA0, 0xBD, 0xBE, 0xBF, 0xC0, 0xC2, 0xE0, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  for (int b0 = 0x80; b0 < 256; ++b0) {
    for (const int b1 : seconds) {
      const std::string pair = {static_cast<char>(b0), static_cast<char>(b1)};
      for (const char* tail : {"", "\x80", "\x80\x80", "\xBF\xBF"}) {
        for (int pad = 0; pad < 16; ++pad) {
          const std::string doc = "<a>" + std::string(static_cast<std::size_t>(pad), 'x') + pair +
                                  tail + std::string(20, 'y') + "\xE6\x97\xA5</a>";
          if (RunExpat(doc).ok != RunOurs(doc).ok) FAIL(Show(doc));
        }
      }
    }
  }
  // Valid characters of every length ending each block, around line ends.
  const char* chars[] = {"\xC2\xA9",
                         "\xE6\x97\xA5",
                         "\xEF\xBC\x9A",
                         "\xF0\x9F\x98\x80",
                         "\xE0\xA0\x80",
                         "\xED\x9F\xBF",
                         "\xF4\x8F\xBF\xBF",
                         "\r\n",
                         "\r",
                         "\n",
                         "\t"};
  for (const char* c : chars) {
    for (int pad = 0; pad < 40; ++pad) {
      std::string doc = "<a>";
      for (int k = 0; k < pad; ++k) doc += k % 7 == 0 ? "\r\n" : "z";
      for (int k = 0; k < 12; ++k) doc += c;
      CheckWellFormed(doc + "</a>", false);
    }
  }
}

// The line expat gives for the error (one-based).
unsigned long ExpatErrorLine(std::string_view doc) {
  XML_Parser parser = XML_ParserCreate(nullptr);
  REQUIRE(XML_Parse(parser, doc.data(), static_cast<int>(doc.size()), XML_TRUE) ==
          XML_STATUS_ERROR);
  const unsigned long line = XML_GetCurrentLineNumber(parser);
  XML_ParserFree(parser);
  return line;
}

TEST_CASE("xml tokenizer: the line of an error is expat's", "[xml]") {
  std::mt19937 rng(3);
  const char* breaks[] = {"\n", "\r\n", "\r", "\n\r", "\r\r\n"};
  const char* errors[] = {"</b>", "&bogus;", "<a b='1' b='2'/>", "\x01", "\xFF", "<1/>"};
  for (int round = 0; round < 300; ++round) {
    std::string doc = "<a>";
    const int lines = std::uniform_int_distribution<int>(0, 60)(rng);
    for (int k = 0; k < lines; ++k) {
      doc += std::string(std::uniform_int_distribution<std::size_t>(0, 40)(rng), 'w');
      doc += breaks[std::uniform_int_distribution<int>(0, 4)(rng)];
    }
    doc += errors[std::uniform_int_distribution<int>(0, 5)(rng)];
    doc += std::string(std::uniform_int_distribution<std::size_t>(0, 200)(rng), '\n') + "</a>";
    INFO("document: " << Show(doc));
    RecordingContext rc;
    Recorder recorder;
    ChunkStream stream(doc, {std::uniform_int_distribution<std::size_t>(1, 70)(rng)});
    REQUIRE_FALSE(ParseXml(stream, "p.xml", rc.ctx, recorder));
    REQUIRE(rc.errors.size() == 1);
    REQUIRE(rc.errors[0].message.find(" at line " + std::to_string(ExpatErrorLine(doc))) !=
            std::string::npos);
  }
}

TEST_CASE("xml tokenizer: character references are checked like expat", "[xml]") {
  const std::vector<std::uint64_t> numbers = {
      0,        1,        8,          9,          10,         11,     12,     13,
      14,       31,       32,         0x7F,       0x80,       0x9F,   0xD7FF, 0xD800,
      0xDBFF,   0xDC00,   0xDFFF,     0xE000,     0xFFFD,     0xFFFE, 0xFFFF, 0x10000,
      0x10FFFF, 0x110000, 0x7FFFFFFF, 0xFFFFFFFF, 0x100000041};
  for (const std::uint64_t n : numbers) {
    char hex[32];
    std::snprintf(hex, sizeof(hex), "%llX", static_cast<unsigned long long>(n));
    for (const std::string& ref :
         {"&#" + std::to_string(n) + ";", "&#x" + std::string(hex) + ";"}) {
      CheckLikeExpat("<a>" + ref + "</a>");
      CheckLikeExpat("<a b='" + ref + "'/>");
    }
  }
  for (const char* ref : {"&#;", "&#x;", "&#X41;", "&#x41", "&#65", "&#a;", "&#x4g;", "&# 65;",
                          "&;", "&lt", "&LT;", "&amp ;", "&foo;", "&1;", "& ;", "&#-1;"}) {
    CheckLikeExpat(std::string("<a>") + ref + "</a>");
    CheckLikeExpat(std::string("<a b='") + ref + "'/>");
  }
}

TEST_CASE("xml tokenizer: XML declarations are checked like expat", "[xml]") {
  const std::vector<std::string> decls = {
      "<?xml version=\"1.0\"?>",
      "<?xml version=\"\"?>",
      "<?xml version=\"1.0_a-b.c\"?>",
      "<?xml version=\"1 0\"?>",
      "<?xml?>",
      "<?xml ?>",
      "<?xml version?>",
      "<?xml version=?>",
      "<?xml version=\"1.0\'?>",
      "<?xml version=\"1.0\"encoding=\"UTF-8\"?>",
      "<?xml encoding=\"UTF-8\"?>",
      "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?>",
      "<?xml version=\"1.0\" encoding=\"\"?>",
      "<?xml version=\"1.0\" encoding=\"8UTF\"?>",
      "<?xml version=\"1.0\" standalone=\"maybe\"?>",
      "<?xml version=\"1.0\" standalone=\"YES\"?>",
      "<?xml version=\"1.0\" foo=\"bar\"?>",
      "<?xml version=\"1.0\" ?>",
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\" x?>",
      "<?XML version=\"1.0\"?>",
      "<?Xml version=\"1.0\"?>",
      "<?xml version=\"1.0\"?><?xml version=\"1.0\"?>",
      " <?xml version=\"1.0\"?>",
      "<?xmlx version=\"1.0\"?>",
      "<?xml-model href=\"x\"?>",
      "<?xml version=\"\xC3\xA9\"?>",
      "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>",
  };
  for (const std::string& decl : decls) {
    CheckLikeExpat(decl + "<a/>");
    CheckLikeExpat(decl + "<a/>", {1});
  }
  CheckLikeExpat("<?xml version=\"1.0\" encoding=\"US-ASCII\"?><a>\xC3\xA9</a>");
  CheckLikeExpat("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"us-ascii\"?><a>\xC3\xA9</a>");
  CheckLikeExpat("<a><?xml version=\"1.0\"?></a>");
  CheckLikeExpat("<a/><?xml version=\"1.0\"?>");
}

// Rejected by both; the reason and the line are recorded.
void CheckMalformed(std::string_view doc, std::string_view reason = {}, int line = 0) {
  INFO("document: " << Show(doc));
  REQUIRE_FALSE(RunExpat(doc).ok);
  for (const std::vector<std::size_t>& sizes : std::vector<std::vector<std::size_t>>{{}, {1}}) {
    RecordingContext rc;
    Recorder recorder;
    ChunkStream stream(doc, sizes);
    REQUIRE_FALSE(ParseXml(stream, "word/document.xml", rc.ctx, recorder));
    REQUIRE(rc.errors.size() == 1);
    const ScanError& e = rc.errors[0];
    REQUIRE(e.reason == "malformed-xml");
    INFO("message: " << e.message);
    REQUIRE(e.message.rfind("word/document.xml: ", 0) == 0);
    if (!reason.empty()) REQUIRE(e.message.find(reason) != std::string::npos);
    if (line > 0) REQUIRE(e.message.find(" at line " + std::to_string(line)) != std::string::npos);
  }
}

TEST_CASE("xml tokenizer: malformed documents are rejected with a reason and a line", "[xml]") {
  CheckMalformed("<a>\n<b>\n</c>\n</a>", "mismatched tag", 3);
  CheckMalformed("<a>\r\n\r\n", "", 3);
  CheckMalformed("<a><b></b>");
  CheckMalformed("<a>", "no element found");
  CheckMalformed("", "no element found");
  CheckMalformed("  <!-- only -->  ", "no element found");
  CheckMalformed("<a/><b/>", "junk after document element");
  CheckMalformed("<a/>\nx", "junk after document element", 2);
  CheckMalformed("x<a/>");
  CheckMalformed("<1a/>");
  CheckMalformed("< a/>");
  CheckMalformed("<a 1b='x'/>");
  CheckMalformed("<a b='1'c='2'/>");
  CheckMalformed("<a b/>");
  CheckMalformed("<a b=1/>");
  CheckMalformed("<a/ >");
  CheckMalformed("<a></ a>");
  CheckMalformed("<a></a b>");
  CheckMalformed("<a", "unclosed token");
  CheckMalformed("<a b='x", "unclosed token");
  CheckMalformed("<a><!-- x", "unclosed token");
  CheckMalformed("<a><![CDATA[x", "unclosed CDATA section");
  CheckMalformed("<a><?pi x", "unclosed token");
  CheckMalformed("<?xml version='1.0'", "unclosed token");
  CheckMalformed("<a>&amp");
  CheckMalformed("<a>&foo;</a>", "undefined entity");
  CheckMalformed("<a b='&foo;'/>", "undefined entity");
  CheckMalformed("<a b='x<y'/>");
  CheckMalformed("<a b='1' b='2'/>", "duplicate attribute");
  CheckMalformed("<a x:b='1' c='3' x:b='2'/>", "duplicate attribute");
  CheckMalformed("<a ab='1' ab='2'/>", "duplicate attribute");
  CheckMalformed("<a>\n<b c='1'\nc='2'>", "duplicate attribute", 2);
  CheckMalformed("<a>&#0;</a>", "reference to invalid character number");
  CheckMalformed("<a>&#xD800;</a>", "reference to invalid character number");
  CheckMalformed("<a>&#x110000;</a>", "reference to invalid character number");
  CheckMalformed("<a>&#xFFFE;</a>");
  CheckMalformed("<a>&#X41;</a>");
  CheckMalformed("<a>\xC0\x80</a>");
  CheckMalformed("<a>\xED\xA0\x80</a>");
  CheckMalformed("<a>\xF4\x90\x80\x80</a>");
  CheckMalformed("<a>\x80</a>");
  CheckMalformed("<a>\xEF\xBF\xBF</a>");
  CheckMalformed("<a>\xE3\x81");
  CheckMalformed("<a>\x01</a>");
  CheckMalformed("<a\x0C/>");
  CheckMalformed("<a>x]]>y</a>");
  CheckMalformed("<a><!-- a -- b --></a>");
  CheckMalformed("<a><!-- a ---></a>");
  CheckMalformed("<a><?xml version='1.0'?></a>");
  CheckMalformed("<?XML version='1.0'?><a/>");
  CheckMalformed("<?xml version='1.0' encoding='UTF-8' foo='x'?><a/>",
                 "XML declaration not well-formed");
  CheckMalformed("<a><![cdata[x]]></a>");
  CheckMalformed("<a><!ENTITY></a>");
  CheckMalformed("<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>", "a DOCTYPE is not allowed here");
  CheckMalformed("<?xml version='1.0'?>\n<!DOCTYPE a SYSTEM 'http://x/'><a/>",
                 "a DOCTYPE is not allowed here", 2);
  // Many attributes: the duplicate check sorts instead of comparing pairs.
  std::string many = "<a";
  for (int i = 0; i < 100; ++i) many += " a" + std::to_string(i) + "='1'";
  CheckWellFormed(many + "/>", false);
  CheckMalformed(many + " a57='2'/>", "duplicate attribute");
}

TEST_CASE("xml tokenizer: many open elements with long names", "[xml]") {
  // The stack of open names grows many times over.
  std::string doc;
  std::vector<std::string> names;
  for (int i = 0; i < 600; ++i) {
    std::string name = "p";
    name += std::to_string(i % 7);
    name += ':';
    name.append(static_cast<std::size_t>(i % 41), 'n');
    name += std::to_string(i);
    names.push_back(name);
    doc += "<" + names.back() + " a='" + std::to_string(i) + "'>";
  }
  for (auto it = names.rbegin(); it != names.rend(); ++it) doc += "x</" + *it + ">";
  CheckWellFormed(doc, false);
  CheckMalformed(doc.substr(0, doc.size() - 3) + "m>", "mismatched tag");
}

TEST_CASE("xml tokenizer: a token too long is malformed, not buffered", "[xml]") {
  RecordingContext rc;
  Recorder recorder;
  const std::string doc = "<a b='" + std::string(kMaxXmlTokenBytes + 1, 'x') + "'/>";
  REQUIRE_FALSE(ParseXml(doc, "big.xml", rc.ctx, recorder));
  REQUIRE(rc.HasError("malformed-xml"));
  REQUIRE(rc.errors[0].message.find("token too long") != std::string::npos);

  // A long tag that comes in small reads is parsed again only as often as
  // its length doubles.
  const std::string value(std::size_t{4} << 20, 'v');
  const std::string long_tag = "<a b='" + value + "'>x</a>";
  RecordingContext rc1;
  Recorder recorder1;
  ChunkStream small_reads(long_tag, {4096});
  REQUIRE(ParseXml(small_reads, "long.xml", rc1.ctx, recorder1));
  REQUIRE(recorder1.events.size() == 3);
  REQUIRE(recorder1.events[0] == "S a b=[" + value + "]");

  // Text, comments and CDATA of any length stream through.
  const std::string filler(kMaxXmlTokenBytes + 100, 'y');
  const std::string ok = "<a>" + filler + "<!--" + filler + "--><![CDATA[" + filler + "]]></a>";
  RecordingContext rc2;
  Recorder recorder2;
  REQUIRE(ParseXml(ok, "big.xml", rc2.ctx, recorder2));
  REQUIRE(recorder2.events.size() == 3);
  REQUIRE(recorder2.events[1].size() == 2 + 2 * filler.size());
}

// Starts elements until the file-wide budget runs out.
class ChargingRecorder : public Recorder {
 public:
  explicit ChargingRecorder(ExtractContext& ctx) : ctx_(ctx) {}
  void Start(std::string_view name, const char** attrs) override {
    Recorder::Start(name, attrs);
    if (name == "stop") ctx_.ChargeExpanded(std::uint64_t{1} << 40);
  }

 private:
  ExtractContext& ctx_;
};

TEST_CASE("xml tokenizer: a stopped context halts the parse without an XML error", "[xml]") {
  RecordingContext rc;
  ChargingRecorder recorder(rc.ctx);
  REQUIRE_FALSE(ParseXml("<a><b/><stop/><c/><d/></a>", "x.xml", rc.ctx, recorder));
  REQUIRE_FALSE(rc.HasError("malformed-xml"));
  REQUIRE(rc.HasError("expanded-size-limit"));
  REQUIRE(recorder.events == std::vector<std::string>{"S a", "S b", "E b", "S stop", "E stop"});
}

// Returns its bytes, then fails as a broken member would.
class FailingStream : public ByteStream {
 public:
  explicit FailingStream(std::string_view data) : data_(data) {}
  bool Read(char* buf, std::size_t n, std::size_t* got) override {
    *got = std::min(n, data_.size());
    std::copy_n(data_.data(), *got, buf);
    data_.remove_prefix(*got);
    return *got > 0;
  }

 private:
  std::string_view data_;
};

TEST_CASE("xml tokenizer: a failing stream keeps what arrived and records nothing more", "[xml]") {
  RecordingContext rc;
  Recorder recorder;
  FailingStream stream("<a><b>text</b><c");
  REQUIRE_FALSE(ParseXml(stream, "x.xml", rc.ctx, recorder));
  REQUIRE(rc.errors.empty());
  REQUIRE(recorder.events == std::vector<std::string>{"S a", "S b", "T text", "E b"});
}

std::string Utf16(std::string_view ascii_xml, bool big_endian, bool bom) {
  std::string out;
  if (bom) out += big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (const char c : ascii_xml) {
    if (big_endian) out += '\0';
    out += c;
    if (!big_endian) out += '\0';
  }
  return out;
}

TEST_CASE("xml tokenizer: other encodings go to expat", "[xml]") {
  const std::vector<std::string> docs = {
      Utf16("<a b='1'>text<c/></a>", false, true),
      Utf16("<a b='1'>text<c/></a>", true, true),
      Utf16("<?xml version='1.0' encoding='UTF-16'?><a>x</a>", false, false),
      Utf16("<a>x</a>", true, false),
      "<?xml version='1.0' encoding='ISO-8859-1'?><a b='\xE9'>caf\xE9</a>",
      "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<a>" + std::string(100000, 'x') +
          "\xE9</a>",
      "<?xml version='1.0' encoding='UTF-16'?><a/>",  // not UTF-16 at all: expat says so
      "<?xml version='1.0' encoding='Shift_JIS'?><a/>",
  };
  for (const std::string& doc : docs) {
    INFO("document: " << Show(doc));
    {
      RecordingContext rc;
      Recorder recorder;
      ChunkStream stream(doc, {1, 2, 3});
      std::string head;
      REQUIRE(TokenizeXml(stream, "x.xml", rc.ctx, recorder, &head) == XmlTokenizeResult::kNotUtf8);
      REQUIRE(recorder.events.empty());
      REQUIRE(rc.errors.empty());
      REQUIRE(doc.compare(0, head.size(), head) == 0);
    }
    const Outcome want = RunExpat(doc);
    for (const std::vector<std::size_t>& sizes :
         std::vector<std::vector<std::size_t>>{{}, {1}, {5, 3}}) {
      RecordingContext rc;
      Recorder recorder;
      ChunkStream stream(doc, sizes);
      REQUIRE(ParseXml(stream, "x.xml", rc.ctx, recorder) == want.ok);
      REQUIRE(recorder.events == want.events);
      REQUIRE(rc.HasError("malformed-xml") == !want.ok);
    }
  }
}

TEST_CASE("xml tokenizer: ParseXml over memory and over a stream agree", "[xml]") {
  const std::string doc = XmlDocGen(99).Doc();
  RecordingContext rc1, rc2;
  Recorder r1, r2;
  ChunkStream stream(doc, {});
  REQUIRE(ParseXml(doc, "x.xml", rc1.ctx, r1));
  REQUIRE(ParseXml(stream, "x.xml", rc2.ctx, r2));
  REQUIRE(r1.events == r2.events);
  REQUIRE(r1.events == RunExpat(doc).events);
}

}  // namespace
}  // namespace mamori
