// The PDF extractor on fixtures made by tests/fixtures/make_pdf.sh, and the
// page layout on hand-written physical-layout text.
#include <catch2/catch.hpp>
#include <string>
#include <thread>

#include "scanner/extract/extractors.h"
#include "scanner/extract/pdf_layout.h"
#include "scanner/extract/pdf_writer.h"
#include "test_util.h"
#include "tests/scanner/extract/recording_sink.h"

namespace mamori {
namespace {

using testing::RecordingContext;

std::string Fixture(const char* name) {
  return testing::ReadFile(std::string(MAMORI_SOURCE_DIR) + "/tests/fixtures/pdf/" + name);
}

// The line of `text` holding `needle`.
std::string LineWith(const std::string& text, const std::string& needle) {
  std::size_t at = text.find(needle);
  if (at == std::string::npos) return {};
  std::size_t begin = text.rfind('\n', at);
  begin = begin == std::string::npos ? 0 : begin + 1;
  std::size_t end = text.find('\n', at);
  return text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

// The text of the segment of `part` that holds `needle`, with its delimiter.
std::pair<char, std::string> SegmentWith(const testing::RecordedPart& part,
                                         const std::string& needle) {
  std::size_t at = part.text.find(needle);
  REQUIRE(at != std::string::npos);
  char delim = 0;
  std::size_t begin = 0, end = part.text.size();
  for (const auto& [d, offset] : part.segments) {
    if (offset <= at) {
      delim = d;
      begin = offset;
    } else {
      end = offset;
      break;
    }
  }
  return {delim, part.text.substr(begin, end - begin)};
}

TEST_CASE("pdf: Japanese CID fonts map to text, label and number on one line", "[extract][pdf]") {
  RecordingContext rc;
  std::string data = Fixture("cid_japanese.pdf");
  ExtractPdf(data, rc.ctx);
  INFO(rc.sink.AllText());
  REQUIRE(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  const auto& part = rc.sink.parts[0];
  CHECK(part.format == "pdf");
  CHECK(part.member.empty());
  CHECK(part.ended);
  CHECK(part.text.find("社員情報 登録票") != std::string::npos);
  CHECK(LineWith(part.text, "123456789018") == "個人番号\t123456789018");
  CHECK(LineWith(part.text, "1234-567890") == "基礎年金番号 1234-567890");
}

TEST_CASE("pdf: a table drawn cell by cell becomes a table segment", "[extract][pdf]") {
  RecordingContext rc;
  std::string data = Fixture("cid_japanese.pdf");
  ExtractPdf(data, rc.ctx);
  REQUIRE(rc.sink.parts.size() == 1);
  auto [delim, table] = SegmentWith(rc.sink.parts[0], "621498320257");
  CHECK(delim == '\t');
  CHECK(table ==
        "氏名\t個人番号\t部署\n"
        "山田 太郎\t621498320257\t総務部\n"
        "佐藤 花子\t983205673214\t経理部\n");
  // Running text goes on in a segment of its own.
  CHECK(SegmentWith(rc.sink.parts[0], "123456789018").first == 0);
}

TEST_CASE("pdf: a word processor's table keeps each row on one line", "[extract][pdf]") {
  RecordingContext rc;
  std::string data = Fixture("table_writer.pdf");
  ExtractPdf(data, rc.ctx);
  INFO(rc.sink.AllText());
  REQUIRE(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  auto [delim, table] = SegmentWith(rc.sink.parts[0], "123456789018");
  CHECK(delim == '\t');
  CHECK(table ==
        "社員番号\t氏名\t個人番号\t基礎年金番号\n"
        "A-001\t山田 太郎\t123456789018\t1234-567890\n"
        "A-002\t鈴木 一郎\t111111111118\t2345-678901\n");
  CHECK(rc.sink.parts[0].text.find("従業員名簿（社外秘）") != std::string::npos);
  CHECK(rc.sink.parts[0].text.find("以上") != std::string::npos);
}

TEST_CASE("pdf: a table running on to the next page stays one table", "[extract][pdf]") {
  RecordingContext rc;
  std::string data = Fixture("table_two_pages.pdf");
  ExtractPdf(data, rc.ctx);
  INFO(rc.sink.AllText());
  REQUIRE(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  auto [delim, table] = SegmentWith(rc.sink.parts[0], "6789-012345");
  CHECK(delim == '\t');
  CHECK(table ==
        "氏名\t基礎年金番号\t部署\n"
        "山田 太郎\t1234-567890\t総務部\n"
        "佐藤 花子\t2345-678901\t経理部\n"
        "鈴木 一郎\t3456-789012\t営業部\n"
        "1/2\n"
        "高橋 次郎\t4567-890123\t人事部\n"
        "田中 三郎\t5678-901234\t総務部\n"
        "伊藤 四郎\t6789-012345\t経理部\n");
  // The last footer is running text again.
  auto [after, tail] = SegmentWith(rc.sink.parts[0], "2/2");
  CHECK(after == 0);
  CHECK(tail == "2/2\n");
}

TEST_CASE("pdf: an owner password alone does not stop reading", "[extract][pdf]") {
  RecordingContext rc;
  std::string data = Fixture("owner_only_aes256.pdf");
  ExtractPdf(data, rc.ctx);
  CHECK(rc.errors.empty());
  CHECK_FALSE(rc.incomplete);
  CHECK(LineWith(rc.sink.AllText(), "123456789018") == "個人番号\t123456789018");
}

TEST_CASE("pdf: a user password makes it an encrypted member", "[extract][pdf]") {
  RecordingContext rc;
  std::string data = Fixture("user_password_aes256.pdf");
  ExtractPdf(data, rc.ctx);
  REQUIRE(rc.errors.size() == 1);
  CHECK(rc.errors[0].reason == "encrypted-member");
  CHECK(rc.incomplete);
  CHECK(rc.sink.AllText().find("123456789018") == std::string::npos);
}

TEST_CASE("pdf: attached files are named as not read", "[extract][pdf]") {
  RecordingContext rc;
  std::string data = Fixture("with_attachment.pdf");
  ExtractPdf(data, rc.ctx);
  REQUIRE(rc.errors.size() == 1);
  CHECK(rc.errors[0].member == "meibo.csv");
  CHECK(rc.errors[0].reason == "unsupported");
  CHECK(rc.incomplete);
  // The pages are still read.
  CHECK(LineWith(rc.sink.AllText(), "123456789018") == "個人番号\t123456789018");
}

TEST_CASE("pdf: pages without text are reported", "[extract][pdf]") {
  RecordingContext rc;
  std::string data = Fixture("scanned_page.pdf");
  ExtractPdf(data, rc.ctx);
  REQUIRE(rc.errors.size() == 1);
  CHECK(rc.errors[0].reason == "no-text");
  CHECK(rc.errors[0].message == "1 page of 2 holds no extractable text (scanned images?)");
  CHECK(rc.incomplete);
  CHECK(rc.sink.AllText().find("表紙") != std::string::npos);
}

TEST_CASE("pdf: cut short or damaged files are errors, not crashes", "[extract][pdf]") {
  SECTION("truncated") {
    RecordingContext rc;
    std::string data = Fixture("truncated_half.pdf");
    ExtractPdf(data, rc.ctx);
    CHECK(rc.HasError("truncated"));
    CHECK(rc.incomplete);
  }
  SECTION("no objects past the header") {
    RecordingContext rc;
    std::string data = Fixture("corrupt_header_only.pdf");
    ExtractPdf(data, rc.ctx);
    CHECK(rc.HasError("truncated"));
  }
  SECTION("complete but not a PDF inside") {
    RecordingContext rc;
    ExtractPdf("%PDF-1.7\n1 0 obj\n<< /Type /Catalog\nendobj\ngarbage\n%%EOF\n", rc.ctx);
    REQUIRE(rc.errors.size() == 1);
    CHECK(rc.errors[0].reason == "corrupt");
    CHECK(rc.sink.parts.empty());
  }
  SECTION("damaged throughout") {
    std::string data = Fixture("cid_japanese.pdf");
    for (std::size_t i = 64; i < data.size(); i += 7) data[i] = static_cast<char>(data[i] ^ 0x5A);
    RecordingContext rc;
    ExtractPdf(data, rc.ctx);
    CHECK(rc.incomplete);
    CHECK_FALSE(rc.errors.empty());
  }
  SECTION("every prefix") {
    const std::string full = Fixture("cid_japanese.pdf");
    for (std::size_t n = 0; n < full.size(); n += 97) {
      RecordingContext rc;
      ExtractPdf(std::string_view(full).substr(0, n), rc.ctx);
      CHECK(rc.incomplete);
    }
  }
  SECTION("empty") {
    RecordingContext rc;
    ExtractPdf("", rc.ctx);
    CHECK(rc.HasError("truncated"));
  }
}

TEST_CASE("pdf: workers extract PDFs at the same time", "[extract][pdf]") {
  // poppler keeps global state (its CMaps, the error callback); each worker
  // has its own document.
  const std::string form = Fixture("cid_japanese.pdf");
  const std::string table = Fixture("table_writer.pdf");
  std::vector<int> good(4, 0);
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      for (int round = 0; round < 5; ++round) {
        RecordingContext rc;
        ExtractPdf(w % 2 ? table : form, rc.ctx);
        if (rc.errors.empty() && rc.sink.AllText().find("123456789018") != std::string::npos) {
          ++good[w];
        }
      }
    });
  }
  for (auto& t : workers) t.join();
  CHECK(good == std::vector<int>{5, 5, 5, 5});
}

TEST_CASE("pdf: a spent time budget stops before the first page", "[extract][pdf]") {
  ExtractLimits limits;
  limits.max_seconds = 1e-9;
  RecordingContext rc(limits);
  std::string data = Fixture("cid_japanese.pdf");
  ExtractPdf(data, rc.ctx);
  CHECK(rc.HasError("time-limit"));
  CHECK(rc.sink.AllText().find("123456789018") == std::string::npos);
}

TEST_CASE("pdf layout: aligned lines become a table, the rest running text", "[extract][pdf]") {
  std::vector<PdfBlock> blocks = LayoutPdfPage(
      "Staff list\n"
      "\n"
      "Name          My Number        Dept\n"
      "\n"
      "Yamada Taro   123456789018     Sales\n"
      "Sato                           HR\n"
      "\n"
      "\n"
      "\n"
      "My Number          621498320257\n"
      "Remarks follow here\f");
  REQUIRE(blocks.size() == 3);
  CHECK_FALSE(blocks[0].table);
  REQUIRE(blocks[0].rows.size() == 1);
  CHECK(blocks[0].rows[0][0] == "Staff list");
  CHECK(blocks[1].table);
  REQUIRE(blocks[1].rows.size() == 3);
  CHECK(blocks[1].rows[1] == std::vector<std::string>{"Yamada Taro", "123456789018", "Sales"});
  CHECK(blocks[1].rows[2] == std::vector<std::string>{"Sato", "", "HR"});
  CHECK_FALSE(blocks[2].table);
  REQUIRE(blocks[2].rows.size() == 2);
  CHECK(blocks[2].rows[0][0] == "My Number\t621498320257");
  CHECK(blocks[2].rows[1][0] == "Remarks follow here");
}

TEST_CASE("pdf layout: very wide lines stay cheap", "[extract][pdf]") {
  std::string wide;
  for (int i = 0; i < 50000; ++i) wide += "ab  ";
  const std::string page = wide + "\n" + wide + "\n" + wide + "\n";
  std::vector<PdfBlock> blocks = LayoutPdfPage(page);
  REQUIRE(blocks.size() == 1);
  CHECK_FALSE(blocks[0].table);
  CHECK(blocks[0].rows.size() == 3);
  // Within the column limit, a wide table is still one.
  std::string header, row;
  for (int i = 0; i < 200; ++i) {
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on a + chain.
    const char digit = static_cast<char>('0' + i % 10);
    header += 'h';
    header += digit;
    header += "  ";
    row += 'v';
    row += digit;
    row += "  ";
  }
  blocks = LayoutPdfPage(header + "\n" + row + "\n");
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0].table);
  CHECK(blocks[0].rows[1].size() == 200);
  CHECK(blocks[0].rows[1][199] == "v9");
}

TEST_CASE("pdf layout: misaligned lines stay running text", "[extract][pdf]") {
  std::vector<PdfBlock> blocks = LayoutPdfPage(
      "個人番号     123456789018\n"
      "氏名  部署                  備考\n");
  REQUIRE(blocks.size() == 1);
  CHECK_FALSE(blocks[0].table);
  CHECK(blocks[0].rows.size() == 2);
}

PdfBlock Table(std::vector<std::vector<std::string>> rows) { return {true, std::move(rows)}; }
PdfBlock Text(std::vector<std::string> lines) {
  PdfBlock b;
  for (auto& l : lines) b.rows.push_back({std::move(l)});
  return b;
}

TEST_CASE("pdf writer: when a table goes on over a page break", "[extract][pdf]") {
  const PdfBlock first = Table({{"Name", "My Number"}, {"A", "123456789018"}});
  SECTION("rows under the page header go on") {
    RecordingContext rc;
    rc.ctx.BeginPart("pdf");
    PdfWriter w(rc.ctx);
    w.WritePage({Text({"Staff"}), first, Text({"- 1 -"})});
    w.WritePage({Text({"Confidential"}), Table({{"B", "621498320257"}, {"C", "983205673214"}}),
                 Text({"- 2 -"})});
    w.WritePage({Table({{"D", "111111111118"}, {"E", "000111111111"}}), Text({"end of list"})});
    w.Finish();
    rc.ctx.EndPart();
    const auto& part = rc.sink.parts[0];
    CHECK(part.text ==
          "Staff\nName\tMy Number\nA\t123456789018\n- 1 -\nConfidential\nB\t621498320257\n"
          "C\t983205673214\n- 2 -\nD\t111111111118\nE\t000111111111\nend of list\n");
    CHECK(part.segments == std::vector<std::pair<char, std::size_t>>{{'\t', 6}, {0, 121}});
  }
  SECTION("a repeated header starts a table of its own") {
    RecordingContext rc;
    rc.ctx.BeginPart("pdf");
    PdfWriter w(rc.ctx);
    w.WritePage({first});
    w.WritePage({first});
    w.Finish();
    rc.ctx.EndPart();
    CHECK(rc.sink.parts[0].segments.size() == 2);
    CHECK(rc.sink.parts[0].segments[1] == std::pair<char, std::size_t>{'\t', 30});
  }
  SECTION("a table of another width starts a table of its own") {
    RecordingContext rc;
    rc.ctx.BeginPart("pdf");
    PdfWriter w(rc.ctx);
    w.WritePage({first, Text({"p1"})});
    w.WritePage({Table({{"x", "y", "z"}, {"1", "2", "3"}})});
    w.Finish();
    rc.ctx.EndPart();
    CHECK(rc.sink.parts[0].text == "Name\tMy Number\nA\t123456789018\np1\nx\ty\tz\n1\t2\t3\n");
    CHECK(rc.sink.parts[0].segments ==
          std::vector<std::pair<char, std::size_t>>{{'\t', 0}, {0, 30}, {'\t', 33}});
  }
  SECTION("long text after a table ends it") {
    RecordingContext rc;
    rc.ctx.BeginPart("pdf");
    PdfWriter w(rc.ctx);
    w.WritePage({first, Text({std::string(80, 'x')})});
    w.WritePage({Table({{"B", "621498320257"}, {"C", "983205673214"}})});
    w.Finish();
    rc.ctx.EndPart();
    CHECK(rc.sink.parts[0].segments.size() == 3);
  }
}

}  // namespace
}  // namespace mamori
