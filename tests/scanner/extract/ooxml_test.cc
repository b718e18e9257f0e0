// Office Open XML extraction over the fixtures of tests/fixtures/make_ooxml.py
// and over packages built here for malformed and hostile cases.
#include <archive.h>
#include <archive_entry.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "scanner/extract/extractors.h"
#include "scanner/extract/input.h"
#include "test_util.h"
#include "tests/scanner/extract/recording_sink.h"

namespace mamori::testing {
namespace {

std::string Fixture(const std::string& name) {
  return ReadFile(std::string(MAMORI_SOURCE_DIR) + "/tests/fixtures/ooxml/" + name);
}

// A part's text cut at its segments: (delimiter, text), the part's opening
// running text first. Empty segments are left out.
std::vector<std::pair<char, std::string>> Segments(const RecordedPart& part) {
  std::vector<std::pair<char, std::size_t>> marks{{0, 0}};
  marks.insert(marks.end(), part.segments.begin(), part.segments.end());
  std::vector<std::pair<char, std::string>> out;
  for (std::size_t i = 0; i < marks.size(); ++i) {
    const std::size_t end = i + 1 < marks.size() ? marks[i + 1].second : part.text.size();
    if (end > marks[i].second) {
      out.emplace_back(marks[i].first, part.text.substr(marks[i].second, end - marks[i].second));
    }
  }
  return out;
}

// A zip made in memory, members in the order given.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& members) {
  std::string out;
  std::size_t total = 1 << 20;
  for (const auto& m : members) total += m.second.size() + m.first.size() + 128;
  out.resize(total);
  std::size_t used = 0;
  struct archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_open_memory(a, out.data(), out.size(), &used);
  for (const auto& [name, data] : members) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    archive_write_header(a, e);
    archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  out.resize(used);
  return out;
}

// The members of a zip, in order.
std::vector<std::pair<std::string, std::string>> Unzip(const std::string& zip) {
  std::vector<std::pair<std::string, std::string>> out;
  struct archive* a = archive_read_new();
  archive_read_support_format_zip(a);
  archive_read_open_memory(a, zip.data(), zip.size());
  struct archive_entry* e = nullptr;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    std::string data(static_cast<std::size_t>(archive_entry_size(e)), '\0');
    archive_read_data(a, data.data(), data.size());
    out.emplace_back(archive_entry_pathname(e), std::move(data));
  }
  archive_read_free(a);
  return out;
}

const char* kPackageRels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

std::string WordDocument(const std::string& body) {
  return "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
         "<w:body>" +
         body + "</w:body></w:document>";
}

// Counts what it is given and keeps nothing.
struct CountingSink : PartSink {
  void BeginPart(std::string_view, std::string_view) override {}
  void BeginSegment(char) override {}
  void Write(std::string_view utf8) override {
    bytes += utf8.size();
    for (char c : utf8) lines += c == '\n';
  }
  void WriteRaw(std::string_view, bool) override {}
  void EndPart() override {}
  std::size_t bytes = 0;
  std::size_t lines = 0;
};

}  // namespace

TEST_CASE("docx: runs, tables, text boxes, headers, footers and comments", "[extract][ooxml]") {
  const std::string data = Fixture("basic.docx");
  MemoryInput in(data);
  RecordingContext rc;
  ExtractDocx(in, rc.ctx);
  CHECK(rc.errors.empty());
  CHECK_FALSE(rc.incomplete);
  REQUIRE(rc.sink.parts.size() == 1);
  const RecordedPart& part = rc.sink.parts[0];
  CHECK(part.member.empty());
  CHECK(part.format == "docx");
  CHECK(part.ended);
  const std::vector<std::pair<char, std::string>> expected{
      {0,
       "社員情報\n"
       "個人番号 1234 5678 9018\n"  // one value in three runs
       "621498320257\n"
       "基礎年金番号 1234-567890\n"  // w:tab is a space, w:br a line break
       "次の行\n"},
      {'\t',
       "氏名\t個人番号\t備考\n"
       "山田 太郎\t621498320257\t総務部 課長\n"  // a cell's paragraphs joined
       "佐藤 花子\t983205673214\t内線 5555\n"},  // a nested table flattened
      {0, "表の後\n"},
      {'\t',
       "区分\t\t個人番号\n"  // a cell spanning two columns keeps 個人番号 third
       "A\tB\t111111111118\n"},
      {0,
       "テキストボックス 111111111118\n"  // once: the mc:Fallback copy is skipped
       "確認事項\n"
       "ヘッダー 人事部 社外秘\n"
       "フッター 1ページ\n"
       "コメント 番号は 983205673214\n"},
  };
  CHECK(Segments(part) == expected);
}

TEST_CASE("docx: truncated document.xml keeps the text before the cut", "[extract][ooxml]") {
  const std::string data = Fixture("truncated.docx");
  MemoryInput in(data);
  RecordingContext rc;
  ExtractDocx(in, rc.ctx);
  REQUIRE(rc.errors.size() == 1);
  CHECK(rc.errors[0].reason == "malformed-xml");
  CHECK(rc.errors[0].message.rfind("word/document.xml: ", 0) == 0);
  CHECK(rc.errors[0].message.find(" at line ") != std::string::npos);
  CHECK(rc.errors[0].message.find("621498320257") == std::string::npos);
  CHECK(rc.incomplete);
  REQUIRE(rc.sink.parts.size() == 1);
  const RecordedPart& part = rc.sink.parts[0];
  CHECK(part.ended);
  const auto segments = Segments(part);
  REQUIRE(segments.size() >= 3);
  CHECK(segments[0].second.find("個人番号 1234 5678 9018\n") != std::string::npos);
  // The table row cut short is written as far as it got.
  CHECK(segments[1] ==
        std::pair<char, std::string>('\t', "氏名\t個人番号\t備考\n山田 太郎\t62149832\n"));
  // The parts after the broken one are still read.
  CHECK(segments.back().first == 0);
  CHECK(segments.back().second.find("ヘッダー 人事部 社外秘\n") != std::string::npos);
  CHECK(segments.back().second.find("コメント 番号は 983205673214\n") != std::string::npos);
}

TEST_CASE("docx: an embedded workbook is a part of its own", "[extract][ooxml]") {
  const std::string data = Fixture("embedded.docx");
  MemoryInput in(data);
  RecordingContext rc;
  ExtractDocx(in, rc.ctx);
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 2);
  CHECK(rc.sink.parts[0].format == "docx");
  CHECK(rc.sink.parts[0].text == "添付の表を参照\n");
  CHECK(rc.sink.parts[0].ended);
  const RecordedPart* embedded = rc.sink.Find("word/embeddings/x.xlsx");
  REQUIRE(embedded != nullptr);
  CHECK(embedded->format == "xlsx");
  const std::vector<std::pair<char, std::string>> expected{
      {0, "sheet: 埋込\n"}, {'\t', "氏名\t個人番号\n鈴木 一郎\t123456789018\n"}};
  CHECK(Segments(*embedded) == expected);
}

TEST_CASE("xlsx: sheets in workbook order, cells under their headers", "[extract][ooxml]") {
  const std::vector<std::pair<char, std::string>> expected{
      {0, "sheet: 名簿\n"},
      {'\t',
       "氏名\t個人番号\t基礎年金番号\n"
       "山田 太郎\t621498320257\t1234-567890\n"
       "佐藤 花子\t983205673214\t2345-678901\n"},
      {0, "sheet: 集計\n"},
      {'\t',
       "番号\t\t個人番号\n"           // shared and inline strings, C1 after a gap
       "1\t\t123456789018\t\tTRUE\n"  // 1.23456789018E+11 as digits; a boolean
       "\tab\t621498320257\n"         // a formula's string; rich text runs joined
       "983205673214\t42\n"           // a cell without r follows the one before
       "山田 花子\t111111111118\n"},  // furigana (rPh) is not part of the value
  };
  for (const char* name : {"basic.xlsx", "shuffled.xlsx"}) {
    SECTION(name) {
      const std::string data = Fixture(name);
      MemoryInput in(data);
      RecordingContext rc;
      ExtractXlsx(in, rc.ctx);
      CHECK(rc.errors.empty());
      REQUIRE(rc.sink.parts.size() == 1);
      CHECK(rc.sink.parts[0].format == "xlsx");
      CHECK(rc.sink.parts[0].ended);
      CHECK(Segments(rc.sink.parts[0]) == expected);
    }
  }
}

TEST_CASE("xlsx: members count once against --max-members, however many passes",
          "[extract][ooxml]") {
  // Both packages hold 11 members; the shuffled one takes three passes.
  for (const char* name : {"basic.xlsx", "shuffled.xlsx"}) {
    SECTION(name) {
      const std::string data = Fixture(name);
      MemoryInput in(data);
      ExtractLimits limits;
      limits.max_members = 11;
      RecordingContext rc(limits);
      ExtractXlsx(in, rc.ctx);
      CHECK(rc.errors.empty());
      REQUIRE(rc.sink.parts.size() == 1);
      CHECK(rc.sink.parts[0].text.find("621498320257") != std::string::npos);
      // One fewer is over the limit.
      MemoryInput again(data);
      limits.max_members = 10;
      RecordingContext over(limits);
      ExtractXlsx(again, over.ctx);
      CHECK(over.HasError("too-many-members"));
    }
  }
}

TEST_CASE("pptx: slides in presentation order with their notes", "[extract][ooxml]") {
  const std::string data = Fixture("basic.pptx");
  MemoryInput in(data);
  RecordingContext rc;
  ExtractPptx(in, rc.ctx);
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  CHECK(rc.sink.parts[0].format == "pptx");
  const std::vector<std::pair<char, std::string>> expected{
      {'\t', "氏名\t個人番号\n山田 太郎\t621498320257\n佐藤 花子\t983205673214\n"},
      {0,
       "社員名簿\n"
       "個人番号 1234 5678 9018\n"
       "基礎年金番号 1234-567890\n改行の後\n"
       "発表者メモ 111111111118\n"},
  };
  CHECK(Segments(rc.sink.parts[0]) == expected);
}

TEST_CASE("ooxml: not a zip, or no main part, is corrupt", "[extract][ooxml]") {
  SECTION("not a zip") {
    MemoryInput in("just some text, no zip at all");
    RecordingContext rc;
    ExtractDocx(in, rc.ctx);
    REQUIRE(rc.errors.size() == 1);
    CHECK(rc.errors[0].reason == "corrupt");
    CHECK(rc.sink.parts.empty());
  }
  SECTION("a zip header and nothing after") {
    MemoryInput in(std::string_view("PK\x03\x04 this is not really a zip"));
    RecordingContext rc;
    ExtractPptx(in, rc.ctx);
    CHECK(rc.incomplete);
    CHECK_FALSE(rc.errors.empty());
    CHECK(rc.sink.parts.empty());
  }
  SECTION("no document.xml") {
    const std::string zip = Zip({{"_rels/.rels", kPackageRels}, {"word/other.xml", "<x/>"}});
    MemoryInput in(zip);
    RecordingContext rc;
    ExtractDocx(in, rc.ctx);
    REQUIRE(rc.errors.size() == 1);
    CHECK(rc.errors[0].reason == "corrupt");
    CHECK(rc.sink.parts.empty());
  }
  SECTION("no workbook") {
    const std::string zip = Zip({{"xl/worksheets/sheet1.xml", "<worksheet/>"}});
    MemoryInput in(zip);
    RecordingContext rc;
    ExtractXlsx(in, rc.ctx);
    CHECK(rc.HasError("corrupt"));
  }
}

TEST_CASE("ooxml: a DTD is refused, entities are not expanded", "[extract][ooxml]") {
  const std::string bomb =
      "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"1234567890\">"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>" +
      WordDocument("<w:p><w:r><w:t>&b;</w:t></w:r></w:p>");
  const std::string zip = Zip({{"_rels/.rels", kPackageRels}, {"word/document.xml", bomb}});
  MemoryInput in(zip);
  RecordingContext rc;
  ExtractDocx(in, rc.ctx);
  REQUIRE(rc.errors.size() == 1);
  CHECK(rc.errors[0].reason == "malformed-xml");
  CHECK(rc.errors[0].message.find("DOCTYPE") != std::string::npos);
  REQUIRE(rc.sink.parts.size() == 1);
  CHECK(rc.sink.parts[0].text.find("1234567890") == std::string::npos);
}

TEST_CASE("ooxml: deep nesting stops the part, predefined entities decode", "[extract][ooxml]") {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<w:tbl><w:tr><w:tc>";
  const std::string doc =
      WordDocument("<w:p><w:r><w:t>A &amp; B &#x31;&#50;</w:t></w:r></w:p>" + deep);
  const std::string zip = Zip({{"_rels/.rels", kPackageRels}, {"word/document.xml", doc}});
  MemoryInput in(zip);
  RecordingContext rc;
  ExtractDocx(in, rc.ctx);
  REQUIRE(rc.errors.size() == 1);
  CHECK(rc.errors[0].reason == "malformed-xml");
  CHECK(rc.errors[0].message.find("nested") != std::string::npos);
  REQUIRE(rc.sink.parts.size() == 1);
  CHECK(rc.sink.parts[0].text.rfind("A & B 12\n", 0) == 0);
}

TEST_CASE("xlsx: hostile cell references and shared string indexes", "[extract][ooxml]") {
  const std::string workbook =
      "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
      "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  const std::string rels =
      "<Relationships><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
      "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
      "</Relationships>";
  const std::string sheet =
      "<worksheet><sheetData><row><c r=\"XFE1\"><v>1</v></c><c r=\"ZZZZ1\"><v>2</v></c>"
      "<c r=\"B1\" t=\"s\"><v>99</v></c><c r=\"C1\"><v>3</v></c></row></sheetData></worksheet>";
  const std::string zip = Zip({{"xl/workbook.xml", workbook},
                               {"xl/_rels/workbook.xml.rels", rels},
                               {"xl/worksheets/sheet1.xml", sheet}});
  MemoryInput in(zip);
  RecordingContext rc;
  ExtractXlsx(in, rc.ctx);
  CHECK(rc.HasError("corrupt"));
  REQUIRE(rc.sink.parts.size() == 1);
  const std::vector<std::pair<char, std::string>> expected{{0, "sheet: S\n"}, {'\t', "\t\t3\n"}};
  CHECK(Segments(rc.sink.parts[0]) == expected);
}

}  // namespace mamori::testing

namespace mamori::testing {

TEST_CASE("docx: merged-cell padding is charged to the expanded budget", "[extract][ooxml]") {
  std::string rows;
  for (int i = 0; i < 100; ++i) {
    rows +=
        "<w:tr><w:trPr><w:gridBefore w:val=\"16384\"/></w:trPr><w:tc><w:p><w:r><w:t>x</w:t>"
        "</w:r></w:p></w:tc></w:tr>";
  }
  const std::string zip = Zip({{"_rels/.rels", kPackageRels},
                               {"word/document.xml", WordDocument("<w:tbl>" + rows + "</w:tbl>")}});
  MemoryInput in(zip);
  ExtractLimits limits;
  limits.max_expanded_bytes = 200000;
  RecordingContext rc(limits);
  ExtractDocx(in, rc.ctx);
  CHECK(rc.HasError("expanded-size-limit"));
  REQUIRE(rc.sink.parts.size() == 1);
  CHECK(rc.sink.parts[0].ended);
  CHECK(rc.sink.parts[0].text.size() < 400000);
}

TEST_CASE("ooxml: a UTF-16 part is read", "[extract][ooxml]") {
  const std::string utf8 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" +
                           WordDocument("<w:p><w:r><w:t>個人番号 621498320257</w:t></w:r></w:p>");
  // UTF-16LE with a BOM; every character here is in the BMP.
  std::string utf16 = "\xFF\xFE";
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    unsigned cp = c;
    int n = 0;
    if (c >= 0xE0) {
      cp = c & 0x0F;
      n = 2;
    } else if (c >= 0xC0) {
      cp = c & 0x1F;
      n = 1;
    }
    for (int k = 1; k <= n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += n + 1;
    utf16.push_back(static_cast<char>(cp & 0xFF));
    utf16.push_back(static_cast<char>(cp >> 8));
  }
  const std::string zip = Zip({{"_rels/.rels", kPackageRels}, {"word/document.xml", utf16}});
  MemoryInput in(zip);
  RecordingContext rc;
  ExtractDocx(in, rc.ctx);
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  CHECK(rc.sink.parts[0].text == "個人番号 621498320257\n");
}

TEST_CASE("ooxml: damaged packages never crash and every part ends", "[extract][ooxml]") {
  struct Case {
    const char* fixture;
    void (*extract)(Input&, ExtractContext&);
  };
  for (const Case& c : {Case{"basic.docx", &ExtractDocx}, Case{"embedded.docx", &ExtractDocx},
                        Case{"basic.xlsx", &ExtractXlsx}, Case{"shuffled.xlsx", &ExtractXlsx},
                        Case{"basic.pptx", &ExtractPptx}}) {
    const std::string data = Fixture(c.fixture);
    std::uint32_t seed = 12345;
    auto next = [&] { return seed = seed * 1103515245u + 12345u; };
    int damaged = 0;
    for (int round = 0; round < 120; ++round) {
      std::string bad = data;
      if (round < 40) {
        bad.resize(data.size() * static_cast<std::size_t>(round) / 40);
      } else {
        for (int k = 0; k < 1 + round % 4; ++k) {
          bad[next() % bad.size()] = static_cast<char>(next() >> 16);
        }
      }
      MemoryInput in(bad);
      RecordingContext rc;
      c.extract(in, rc.ctx);
      for (const RecordedPart& part : rc.sink.parts) CHECK(part.ended);
      if (rc.incomplete) ++damaged;
    }
    INFO(c.fixture);
    CHECK(damaged >= 40);  // at least every truncation is noticed

    // The XML inside damaged, the zip intact: markup characters swapped in
    // and parts cut anywhere reach the handlers.
    const auto members = Unzip(data);
    REQUIRE(members.size() > 3);
    static const char kMarkup[] = "<>/\"=&;tpcrv \n";
    for (int round = 0; round < 300; ++round) {
      auto bad = members;
      auto& victim = bad[next() % bad.size()].second;
      if (victim.empty()) continue;
      if (round % 3 == 0) {
        victim.resize(next() % victim.size());
      } else {
        for (int k = 0; k < 1 + round % 5; ++k) {
          victim[next() % victim.size()] = kMarkup[next() % (sizeof(kMarkup) - 1)];
        }
      }
      const std::string zip = Zip(bad);
      MemoryInput in(zip);
      RecordingContext rc;
      c.extract(in, rc.ctx);
      for (const RecordedPart& part : rc.sink.parts) CHECK(part.ended);
    }
  }
}

}  // namespace mamori::testing

namespace mamori::testing {

// Not run by default: a sheet of about 200 MB of XML streams through in
// bounded memory (run under /usr/bin/time -v to see the peak).
TEST_CASE("xlsx: a large sheet streams", "[.][ooxml-large]") {
  const std::string workbook =
      "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
      "<sheets><sheet name=\"big\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  const std::string rels =
      "<Relationships><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
      "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
      "</Relationships>";
  std::string sheet = "<worksheet><sheetData>";
  const int rows = 2000000;
  for (int r = 1; r <= rows; ++r) {
    const std::string n = std::to_string(r);
    sheet += "<row r=\"" + n + "\"><c r=\"A" + n + "\"><v>" + n + "</v></c><c r=\"C" + n +
             "\" t=\"inlineStr\"><is><t>name " + n + "</t></is></c><c r=\"D" + n +
             "\"><v>1.23456789018E+11</v></c></row>";
  }
  sheet += "</sheetData></worksheet>";
  std::string zip = Zip({{"xl/workbook.xml", workbook},
                         {"xl/_rels/workbook.xml.rels", rels},
                         {"xl/worksheets/sheet1.xml", sheet}});
  INFO("sheet bytes " << sheet.size() << ", zip bytes " << zip.size());
  sheet.clear();
  sheet.shrink_to_fit();
  MemoryInput in(zip);
  CountingSink sink;
  std::vector<ScanError> errors;
  bool incomplete = false;
  ExtractLimits limits;
  ExtractContext ctx(limits, &sink, &errors, &incomplete);
  const auto start = std::chrono::steady_clock::now();
  ExtractXlsx(in, ctx);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  WARN("extracted " << sink.bytes << " bytes of text in " << took.count() << " s");
  CHECK(errors.empty());
  CHECK(sink.lines == rows + 1);
}

}  // namespace mamori::testing
