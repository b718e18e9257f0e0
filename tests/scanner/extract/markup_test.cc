// RTF, HTML and XML as text: hand-written documents in the encodings
// Japanese offices write, and LibreOffice's RTF and HTML of the ODF
// fixture (tests/fixtures/make_markup.sh).
#include <iconv.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "scanner/extract/extractors.h"
#include "scanner/extract/markup_rtf.h"
#include "scanner/extract/recording_sink.h"
#include "test_util.h"

namespace mamori {
namespace {

using testing::RecordedPart;
using testing::RecordingContext;

std::string Fixture(const std::string& name) {
  return testing::ReadFile(std::string(MAMORI_SOURCE_DIR) + "/tests/fixtures/markup/" + name);
}

// UTF-8 test text in another encoding.
std::string Encode(const char* to, std::string_view utf8) {
  iconv_t cd = iconv_open(to, "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string in(utf8);
  std::string out(in.size() * 4 + 16, '\0');
  char* src = in.data();
  char* dst = out.data();
  std::size_t left = in.size();
  std::size_t room = out.size();
  const std::size_t rc = iconv(cd, &src, &left, &dst, &room);
  iconv_close(cd);
  REQUIRE(rc != static_cast<std::size_t>(-1));
  out.resize(out.size() - room);
  return out;
}

// Japanese as RTF writes it in a CP932 document: \'hh per byte.
std::string RtfHex(std::string_view utf8) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (char ch : Encode("CP932", utf8)) {
    const auto c = static_cast<unsigned char>(ch);
    out += "\\'";
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::vector<std::string> Tables(const RecordedPart& part) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < part.segments.size(); ++i) {
    if (part.segments[i].first != '\t') continue;
    const std::size_t begin = part.segments[i].second;
    const std::size_t end =
        i + 1 < part.segments.size() ? part.segments[i + 1].second : part.text.size();
    out.push_back(part.text.substr(begin, end - begin));
  }
  return out;
}

bool Has(const RecordedPart& part, std::string_view text) {
  return part.text.find(text) != std::string::npos;
}

std::string WordRtf() {
  return "{\\rtf1\\ansi\\ansicpg932\\deff0"
         "{\\fonttbl{\\f0\\fnil\\fcharset128 " +
         RtfHex("ＭＳ 明朝") +
         ";}"
         "{\\f1\\fswiss\\fcharset0 Arial;}}\n"
         "{\\colortbl;\\red0\\green0\\blue0;}\n"
         "{\\stylesheet{\\s0 Normal 111111111118;}}\n"
         "{\\info{\\title 999999999999}{\\author x}}\n"
         "{\\*\\generator Msftedit 5.41;}\n"
         "\\pard\\plain\\f0 " +
         RtfHex("社員の個人番号") +
         "\\par\n"
         "\\f1 Total \\uc1\\u12510?\\u12452?\\u12490?\\u12531?\\u12496?\\u12540? "
         "234567890121\\par\n"
         "\\uc2\\u20491\\'8c\\'c2\\u20154\\'90\\'6c and \\uc1\\u-10174?\\u-8289?\\line next\\par\n"
         "\\trowd\\cellx2000\\cellx4000\n"
         "\\pard\\intbl\\f0 " +
         RtfHex("氏名") + "\\cell " + RtfHex("個人番号") +
         "\\cell\\row\n"
         "\\trowd\\cellx2000\\cellx4000\n"
         "\\pard\\intbl " +
         RtfHex("山田") +
         "\\cell 1234 5678\\par 9018\\cell\\row\n"
         "\\pard after\\tab table\\par\n"
         "{\\pict\\wmetafile8 0102030405}{\\*\\shppict{\\pict 0a0b}}\n"
         "{\\field{\\*\\fldinst HYPERLINK \"http://x/983205673214\"}{\\fldrslt link text}}\\par\n"
         "\\{braces\\} \\bin3 {{{back\\par\n"
         "}";
}

TEST_CASE("rtf: CP932 bytes, \\uN, tables, skipped destinations", "[extract][markup]") {
  RecordingContext rc;
  ExtractRtf(WordRtf(), rc.ctx);
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  const RecordedPart& part = rc.sink.parts[0];
  CHECK(part.format == "rtf");
  CHECK(part.ended);
  INFO(part.text);
  CHECK(part.text.starts_with("社員の個人番号\nTotal マイナンバー 234567890121\n"));
  CHECK(Has(part, "個人 and \xF0\xA0\xAE\x9F\nnext\n"));
  const auto tables = Tables(part);
  REQUIRE(tables.size() == 1);
  CHECK(tables[0] == "氏名\t個人番号\n山田\t1234 5678 9018\n");
  CHECK(Has(part, "after\ttable\nlink text\n{braces} back\n"));
  for (const char* hidden : {"明朝", "Arial", "111111111118", "999999999999", "Msftedit",
                             "0102030405", "0a0b", "983205673214", "HYPERLINK"}) {
    INFO(hidden);
    CHECK_FALSE(Has(part, hidden));
  }
}

TEST_CASE("rtf: a font's charset decodes its bytes in a 1252 document", "[extract][markup]") {
  RecordingContext rc;
  ExtractRtf(
      "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset128 Gothic;}}"
      "\\f0 caf\\'e9 {\\f1 " +
          RtfHex("個人番号") + "}\\par}",
      rc.ctx);
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  CHECK(rc.sink.parts[0].text == "café 個人番号\n");
}

TEST_CASE("rtf: LibreOffice's RTF of the text document", "[extract][markup]") {
  RecordingContext rc;
  ExtractRtf(Fixture("doc.rtf"), rc.ctx);
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  const RecordedPart& part = rc.sink.parts[0];
  CHECK(Has(part, "社員名簿\n"));
  CHECK(Has(part, "担当者の個人番号は下表"));
  CHECK(Has(part, "ヘッダー社外秘"));
  const auto tables = Tables(part);
  REQUIRE(tables.size() == 1);
  CHECK(tables[0] ==
        "氏名\t個人番号\t備考\n"
        "山田太郎\t1234 5678 9018\t本社\n"
        "鈴木花子\t621498320257\t支社 二段落目\n");
  CHECK(Has(part, "表の後の段落"));
}

TEST_CASE("rtf: truncated, deeply nested and damaged input", "[extract][markup]") {
  const std::string rtf = WordRtf();
  {
    RecordingContext rc;
    const std::size_t cut = rtf.find("\\trowd");
    ExtractRtf(std::string_view(rtf).substr(0, cut), rc.ctx);
    CHECK(rc.HasError("truncated"));
    REQUIRE(rc.sink.parts.size() == 1);
    CHECK(rc.sink.parts[0].ended);
    CHECK(Has(rc.sink.parts[0], "社員の個人番号\n"));
  }
  {
    RecordingContext rc;
    std::string deep = "{\\rtf1 a";
    deep += std::string(5000, '{') + "x" + std::string(5000, '}') + " b}";
    ExtractRtf(deep, rc.ctx);
    CHECK(rc.HasError("corrupt"));
    CHECK_FALSE(rc.HasError("truncated"));
    REQUIRE(rc.sink.parts.size() == 1);
    CHECK(rc.sink.parts[0].text == "ax b");
  }
  {
    // \bin past the end, \' without digits, a control word at the end.
    RecordingContext rc;
    ExtractRtf("{\\rtf1 \\'zz\\'4", rc.ctx);
    ExtractRtf("{\\rtf1 \\bin99999999 abc", rc.ctx);
    ExtractRtf("{\\rtf1 \\u-999999999999999999\\uc99999 x\\", rc.ctx);
    CHECK(rc.HasError("truncated"));
  }
  for (const std::string& data : {rtf, Fixture("doc.rtf")}) {
    for (std::size_t cut = 0; cut < data.size(); cut += 37) {
      RecordingContext rc;
      ExtractRtf(std::string_view(data).substr(0, cut), rc.ctx);
      REQUIRE(rc.sink.parts.size() == 1);
      CHECK(rc.sink.parts[0].ended);
    }
  }
}

std::string ShiftJisPage() {
  return Encode("CP932",
                "<html><head>\n"
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">\n"
                "<title>名簿</title>\n"
                "<style>td { color: red } /* 111111111118 */</style>\n"
                "<script>var x = \"<td>999999999999</td>\";</script>\n"
                "</head><body><h1>社員名簿</h1>\n"
                "<p>個人番号&amp;氏名&nbsp;一覧 &#x30DE;&#12452;&lt;b&gt; &bogus; &amp</p>\n"
                "<!-- 983205673214 -->\n"
                "<TABLE border=1><CAPTION>一覧表</caption>\n"
                "<tr><th>氏名</th><th>個人番号</th><th>備考</th></tr>\n"
                "<tr><td>山田<td>1234&nbsp;5678&nbsp;9018<td>本社\n"
                "<tr><td COLSPAN=\"2\">合計</td><td><b>x</b>y</td></tr>\n"
                "<tr><td>入れ子<table><tr><td>a</td><td>b</td></tr></table></td><td>c</td></tr>\n"
                "</table><p>以上<br>終わり</p><pre>1\n  2</pre></body></html>\n");
}

TEST_CASE("html: Shift_JIS page with a table, entities and skipped script", "[extract][markup]") {
  RecordingContext rc;
  ExtractHtml(ShiftJisPage(), rc.ctx);
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  const RecordedPart& part = rc.sink.parts[0];
  CHECK(part.format == "html");
  CHECK(Has(part, "名簿\n社員名簿\n個人番号&氏名 一覧 マイ<b> &bogus; &\n"));
  const auto tables = Tables(part);
  REQUIRE(tables.size() == 1);
  CHECK(tables[0] ==
        "氏名\t個人番号\t備考\n"
        "山田\t1234 5678 9018\t本社\n"
        "合計\t\txy\n"
        "入れ子 a b\tc\n");
  CHECK(Has(part, "\n一覧表\n"));  // the caption, as running text
  CHECK(part.text.find("一覧表") < part.text.find("氏名\t"));
  CHECK(Has(part, "以上\n終わり\n1\n  2\n"));
  for (const char* hidden : {"111111111118", "999999999999", "983205673214", "color"}) {
    INFO(hidden);
    CHECK_FALSE(Has(part, hidden));
  }
}

TEST_CASE("html: encodings from BOM and detection", "[extract][markup]") {
  const std::string page = "<html><body><p>個人番号 621498320257</p></body></html>";
  for (const char* encoding : {"EUC-JP", "CP932", "ISO-2022-JP", "UTF-8"}) {
    INFO(encoding);
    RecordingContext rc;
    ExtractHtml(Encode(encoding, page), rc.ctx);
    REQUIRE(rc.sink.parts.size() == 1);
    CHECK(rc.sink.parts[0].text == "個人番号 621498320257\n");
  }
  {
    RecordingContext rc;
    ExtractHtml("\xFF\xFE" + Encode("UTF-16LE", page), rc.ctx);
    REQUIRE(rc.sink.parts.size() == 1);
    CHECK(rc.sink.parts[0].text == "個人番号 621498320257\n");
  }
  {
    // A page re-saved as UTF-8 that kept its Shift_JIS <meta>.
    RecordingContext rc;
    ExtractHtml("<html><head><meta charset=\"shift_jis\"></head><body>個人番号</body></html>",
                rc.ctx);
    REQUIRE(rc.sink.parts.size() == 1);
    CHECK(rc.sink.parts[0].text == "個人番号\n");
  }
  {
    // And one saved as Shift_JIS from a UTF-8 template.
    RecordingContext rc;
    ExtractHtml(Encode("CP932", "<html><head><meta charset=\"utf-8\"></head><body>個人番号</body>"),
                rc.ctx);
    REQUIRE(rc.sink.parts.size() == 1);
    CHECK(rc.sink.parts[0].text == "個人番号\n");
  }
  {
    // A charset iconv knows.
    RecordingContext rc;
    ExtractHtml("<html><head><meta charset=iso-8859-1></head><body>caf\xE9 \x80</body>", rc.ctx);
    REQUIRE(rc.sink.parts.size() == 1);
    CHECK(rc.sink.parts[0].text == "café €\n");
  }
}

TEST_CASE("html: LibreOffice's HTML of the text document", "[extract][markup]") {
  RecordingContext rc;
  ExtractHtml(Fixture("doc.html"), rc.ctx);
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  const RecordedPart& part = rc.sink.parts[0];
  CHECK(Has(part, "社員名簿\n"));
  const auto tables = Tables(part);
  REQUIRE(tables.size() == 1);
  CHECK(tables[0] ==
        "氏名\t個人番号\t備考\n"
        "山田太郎\t1234 5678 9018\t本社\n"
        "鈴木花子\t621498320257\t支社 二段落目\n");
  CHECK_FALSE(Has(part, "line-height"));
}

TEST_CASE("xml: element text on lines, declared encoding, CDATA", "[extract][markup]") {
  RecordingContext rc;
  ExtractHtml(Encode("CP932",
                     "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<!DOCTYPE r [<!ENTITY e "
                     "\"x\">]>\n<root><item id=\"555555555555\">個人番号</item>\n"
                     "<item><name>山田</name><no>123456789018</no></item>"
                     "<!-- c --><![CDATA[x<y]]]><?pi z?><empty/></root>"),
              rc.ctx);
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  CHECK(rc.sink.parts[0].format == "xml");
  CHECK(rc.sink.parts[0].text == "個人番号\n山田\n123456789018\nx<y]\n");
}

TEST_CASE("xml: SpreadsheetML sheets become tables", "[extract][markup]") {
  RecordingContext rc;
  ExtractHtml(
      "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n"
      "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" "
      "xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\n"
      " <Worksheet ss:Name=\"名簿\"><Table>\n"
      "  <Row><Cell><Data ss:Type=\"String\">氏名</Data></Cell>"
      "<Cell><Data ss:Type=\"String\">個人番号</Data></Cell></Row>\n"
      "  <Row><Cell><Data ss:Type=\"String\">山田</Data></Cell>"
      "<Cell><Data ss:Type=\"Number\">123456789018</Data></Cell></Row>\n"
      "  <Row><Cell ss:Index=\"2\"><Data ss:Type=\"Number\">621498320257</Data></Cell></Row>\n"
      " </Table></Worksheet>\n</Workbook>\n",
      rc.ctx);
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  const RecordedPart& part = rc.sink.parts[0];
  CHECK(part.text.substr(0, part.segments.at(0).second) == "名簿\n");
  const auto tables = Tables(part);
  REQUIRE(tables.size() == 1);
  CHECK(tables[0] == "氏名\t個人番号\n山田\t123456789018\n\t621498320257\n");
}

TEST_CASE("markup: malformed and truncated HTML and XML", "[extract][markup]") {
  {
    RecordingContext rc;
    ExtractHtml("<?xml version=\"1.0\"?><a><b>kept</a>", rc.ctx);
    CHECK(rc.HasError("malformed-xml"));
    CHECK(rc.sink.parts.at(0).text == "kept\n");
  }
  {
    RecordingContext rc;
    ExtractHtml("<?xml version=\"1.0\"?><a><b>kept</b><c att=\"x", rc.ctx);
    CHECK(rc.HasError("malformed-xml"));
    CHECK(rc.sink.parts.at(0).text == "kept\n");
  }
  {
    RecordingContext rc;
    ExtractHtml("<html><p>abc</p><!-- never closed", rc.ctx);
    CHECK(rc.HasError("truncated"));
    CHECK(rc.sink.parts.at(0).text == "abc\n");
  }
  {
    // Unclosed HTML elements are normal, not errors.
    RecordingContext rc;
    ExtractHtml("<html><table><tr><td>a<td>b", rc.ctx);
    CHECK(rc.errors.empty());
    REQUIRE(Tables(rc.sink.parts.at(0)).size() == 1);
    CHECK(Tables(rc.sink.parts.at(0))[0] == "a\tb\n");
  }
  {
    // Deep nesting and huge colspans stay bounded.
    RecordingContext rc;
    std::string deep = "<?xml version=\"1.0\"?>";
    for (int i = 0; i < 3000; ++i) deep += "<a>";
    ExtractHtml(deep + "x", rc.ctx);
    CHECK(rc.HasError("malformed-xml"));
    RecordingContext rc2;
    ExtractHtml("<table><tr><td colspan=99999999>a</td><td>b</td></tr></table>", rc2.ctx);
    CHECK(Tables(rc2.sink.parts.at(0)).at(0).size() < 2000);
  }
  for (const std::string& data : {ShiftJisPage(), Fixture("doc.html")}) {
    for (std::size_t cut = 0; cut < data.size(); cut += 13) {
      RecordingContext rc;
      ExtractHtml(std::string_view(data).substr(0, cut), rc.ctx);
      REQUIRE(rc.sink.parts.size() == 1);
      CHECK(rc.sink.parts[0].ended);
    }
  }
}

TEST_CASE("markup: random markup-heavy bytes never crash", "[extract][markup]") {
  // Deterministic: a linear congruential generator over the characters
  // the tokenizers branch on.
  const std::string_view alphabet = "{}\\'*uc0123456789-abfx<>/!?[]&#;=\"' \n\x82\xA0\xFF\x1B$B";
  std::uint32_t seed = 12345;
  for (int round = 0; round < 400; ++round) {
    std::string data = round % 2 == 0 ? "{\\rtf1" : "<?xml ";
    for (int i = 0; i < 300; ++i) {
      seed = seed * 1103515245 + 12345;
      data.push_back(alphabet[(seed >> 16) % alphabet.size()]);
    }
    RecordingContext rc;
    ExtractRtf(data, rc.ctx);
    ExtractHtml(data, rc.ctx);
    ExtractHtml(data.substr(6), rc.ctx);
    CHECK(rc.sink.parts.size() == 3);
  }
}

}  // namespace
}  // namespace mamori
