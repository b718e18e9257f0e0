// OpenDocument extraction on fixtures from tests/fixtures/make_odf.sh.
#include <catch2/catch.hpp>
#include <string>

#include "scanner/extract/extractors.h"
#include "scanner/extract/recording_sink.h"
#include "test_util.h"

namespace mamori {
namespace {

using testing::RecordedPart;
using testing::RecordingContext;

std::string Fixture(const std::string& name) {
  return testing::ReadFile(std::string(MAMORI_SOURCE_DIR) + "/tests/fixtures/odf/" + name);
}

void Extract(std::string_view data, RecordingContext& rc) {
  MemoryInput in(data);
  ExtractOdf(in, rc.ctx);
}

// The text of segment `i` of `part` and its delimiter.
std::string Segment(const RecordedPart& part, std::size_t i, char* delimiter = nullptr) {
  REQUIRE(i < part.segments.size());
  const std::size_t begin = part.segments[i].second;
  const std::size_t end =
      i + 1 < part.segments.size() ? part.segments[i + 1].second : part.text.size();
  if (delimiter != nullptr) *delimiter = part.segments[i].first;
  return part.text.substr(begin, end - begin);
}

// The table segments of `part`, in order.
std::vector<std::string> Tables(const RecordedPart& part) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < part.segments.size(); ++i) {
    char d = 0;
    std::string text = Segment(part, i, &d);
    if (d == '\t') out.push_back(text);
  }
  return out;
}

TEST_CASE("odt: paragraphs, spaces, tabs, a table, headers and footers", "[extract][odf]") {
  RecordingContext rc;
  Extract(Fixture("doc.odt"), rc);
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  const RecordedPart& part = rc.sink.parts[0];
  CHECK(part.member.empty());
  CHECK(part.format == "odt");
  CHECK(part.ended);
  CHECK(part.text.find("社員名簿\n担当者の個人番号は下表   のとおり\tです。\n二行目\n") !=
        std::string::npos);
  const auto tables = Tables(part);
  REQUIRE(tables.size() == 1);
  CHECK(tables[0] ==
        "氏名\t個人番号\t備考\n"
        "山田太郎\t1234 5678 9018\t本社\n"
        "鈴木花子\t621498320257\t支社 二段落目\n");
  // Running text resumes after the table.
  const std::size_t after = part.text.find("表の後の段落");
  REQUIRE(after != std::string::npos);
  CHECK(after > part.text.find("621498320257"));
  CHECK(part.text.find("ヘッダー社外秘") != std::string::npos);
  CHECK(part.text.find("フッター連絡先") != std::string::npos);
}

TEST_CASE("ods: sheet names before each sheet, merged repeats, numbers", "[extract][odf]") {
  RecordingContext rc;
  Extract(Fixture("book.ods"), rc);
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  const RecordedPart& part = rc.sink.parts[0];
  CHECK(part.format == "ods");
  const auto tables = Tables(part);
  REQUIRE(tables.size() == 2);
  CHECK(tables[0] ==
        "氏名\t個人番号\t区分\t区分\t区分\t所属\n"
        "山田太郎\t234567890121\t正\t正\t正\t本社\n"
        "鈴木花子\t345678901234\t\t\t\t支社\n");
  CHECK(tables[1] == "メモ欄\n");
  // Each sheet's name is the running text just before its table.
  // The text before the first segment is running text.
  REQUIRE(part.segments.size() >= 3);
  CHECK(part.text.substr(0, part.segments[0].second) == "社員名簿\n");
  CHECK(Segment(part, 1) == "予備\n");
}

TEST_CASE("ods: hostile repeat counts are capped, empty rows collapse", "[extract][odf]") {
  RecordingContext rc;
  Extract(Fixture("repeats.ods"), rc);
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  const RecordedPart& part = rc.sink.parts[0];
  const auto tables = Tables(part);
  REQUIRE(tables.size() == 1);
  std::string wide = "wide";
  for (int i = 0; i < 1024; ++i) wide += "\tx";
  CHECK(tables[0] ==
        "氏名\t個人番号\t\t\t備考\n"
        "田中\t123456789018\t\t\t在籍\n"  // office:value, no displayed text
        "\n" +                            // a million empty rows: one line
            wide +
            "\n同じ行\n同じ行\n同じ行\n");
  CHECK(part.text.substr(0, part.segments[0].second) == "Sheet1\n");
}

TEST_CASE("odp: slide text and tables", "[extract][odf]") {
  RecordingContext rc;
  Extract(Fixture("slides.odp"), rc);
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 1);
  const RecordedPart& part = rc.sink.parts[0];
  CHECK(part.format == "odp");
  CHECK(part.text.find("スライド一枚目\nマイナンバー 4567 8901 2346\n") != std::string::npos);
  CHECK(part.text.find("二枚目の本文\n") != std::string::npos);
  const auto tables = Tables(part);
  REQUIRE(tables.size() == 1);
  CHECK(tables[0] == "氏名\t個人番号\n佐藤\t567890123457\n");
}

TEST_CASE("odf: an embedded object's text joins the document's part", "[extract][odf]") {
  RecordingContext rc;
  Extract(Fixture("embedded.odt"), rc);
  CHECK(rc.errors.empty());  // the object's styles.xml is not read
  REQUIRE(rc.sink.parts.size() == 1);
  const RecordedPart& part = rc.sink.parts[0];
  CHECK(part.text.find("本文の段落\n") != std::string::npos);
  const auto tables = Tables(part);
  REQUIRE(tables.size() == 1);
  CHECK(tables[0] == "氏名\t個人番号\n高橋\t765432109875\n");
  CHECK(part.text.find("埋込\n") != std::string::npos);
}

TEST_CASE("odf: malformed XML keeps the text before the fault", "[extract][odf]") {
  RecordingContext rc;
  Extract(Fixture("malformed.odt"), rc);
  CHECK(rc.HasError("malformed-xml"));
  CHECK(rc.incomplete);
  REQUIRE(rc.sink.parts.size() == 1);
  CHECK(rc.sink.parts[0].ended);
  CHECK(rc.sink.parts[0].text.find("壊れる前の段落\n") != std::string::npos);
}

TEST_CASE("odf: entity declarations are refused", "[extract][odf]") {
  RecordingContext rc;
  Extract(Fixture("entities.odt"), rc);
  REQUIRE(rc.HasError("malformed-xml"));
  CHECK(rc.errors[0].message.find("entities") != std::string::npos);
  CHECK(rc.sink.AllText().find("aaaa") == std::string::npos);
}

TEST_CASE("odf: a password-protected package is reported encrypted", "[extract][odf]") {
  RecordingContext rc;
  Extract(Fixture("encrypted.odt"), rc);
  CHECK(rc.HasError("encrypted-member"));
  CHECK_FALSE(rc.HasError("malformed-xml"));
  CHECK(rc.incomplete);
}

TEST_CASE("odf: not a zip, truncated and damaged packages end in errors", "[extract][odf]") {
  {
    RecordingContext rc;
    Extract("not a zip at all", rc);
    CHECK_FALSE(rc.errors.empty());
  }
  {
    const std::string doc = Fixture("doc.odt");
    RecordingContext rc;
    Extract(std::string_view(doc).substr(0, doc.size() / 2), rc);
    CHECK_FALSE(rc.errors.empty());
    CHECK(rc.incomplete);
  }
  // Every cut and a spread of byte flips: errors, never a crash or hang.
  for (const char* name : {"doc.odt", "book.ods", "slides.odp"}) {
    const std::string data = Fixture(name);
    // Cut inside the members (before the central directory) loses text; a
    // cut central directory alone is read past by the zip reader.
    const std::size_t directory = data.find("PK\x01\x02");
    REQUIRE(directory != std::string::npos);
    for (std::size_t cut = 0; cut < data.size(); cut += 61) {
      RecordingContext rc;
      Extract(std::string_view(data).substr(0, cut), rc);
      INFO(name << " cut at " << cut);
      if (cut < directory) CHECK(rc.incomplete);
    }
    for (std::size_t at = 30; at < data.size(); at += 53) {
      std::string damaged = data;
      damaged[at] = static_cast<char>(damaged[at] ^ 0x5A);
      RecordingContext rc;
      Extract(damaged, rc);
    }
  }
}

}  // namespace
}  // namespace mamori
