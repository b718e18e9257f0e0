#include <catch2/catch.hpp>

#include "cfb_testing.h"
#include "recording_sink.h"
#include "scanner/extract/extractors.h"

namespace mamori {

using testing::CfbFixture;
using testing::DirEntryOffset;
using testing::EntryId;
using testing::GetLe32;
using testing::PutLe32;
using testing::RecordingContext;
using testing::SectorOffset;

namespace {

const char kTable[] =
    "氏名\t個人番号\t備考\n"
    "山田 太郎\t621498320257\t\n"
    "佐藤 花子\t983205673214\t退職済み 二段目\n";

// Where the WordDocument stream starts in sample.doc (in regular sectors,
// so its first 512 bytes are contiguous).
std::size_t WordDocumentOffset(const std::string& doc) {
  const std::uint32_t id = EntryId(doc, "WordDocument");
  REQUIRE(id != CfbReader::kNone);
  REQUIRE(GetLe32(doc, DirEntryOffset(doc, id) + 120) >= 4096);
  return SectorOffset(GetLe32(doc, DirEntryOffset(doc, id) + 116));
}

void CheckSampleText(const RecordingContext& rc) {
  REQUIRE(rc.sink.parts.size() == 1);
  const auto& part = rc.sink.parts[0];
  CHECK(part.member.empty());
  CHECK(part.format == "doc");
  CHECK(part.ended);
  // Running text, the table as its own segment, running text again.
  REQUIRE(part.segments.size() == 2);
  CHECK(part.segments[0].first == '\t');
  CHECK(part.segments[1].first == 0);
  const std::size_t table_at = part.segments[0].second;
  const std::size_t after = part.segments[1].second;
  CHECK(part.text.substr(0, table_at) == "社員情報\n個人番号: 123456789018\n");
  CHECK(part.text.substr(table_at, after - table_at) == kTable);
  CHECK(part.text.substr(after).starts_with("以上 Café – naïve\n"));
}

}  // namespace

TEST_CASE("Word 97 text, with a table as rows of cells", "[extract][doc]") {
  RecordingContext rc;
  ExtractCfb(CfbFixture("sample.doc"), rc.ctx);
  CheckSampleText(rc);
  CHECK(rc.errors.empty());
  CHECK_FALSE(rc.incomplete);
}

TEST_CASE("Without paragraph properties, rows are as wide as the first", "[extract][doc]") {
  std::string doc = CfbFixture("sample.doc");
  const std::size_t fib = WordDocumentOffset(doc);
  // lcbPlcfBtePapx (FibRgFcLcb97 entry 13) to zero: no PAPX to consult.
  std::size_t pos = fib + 32;
  pos += 2 +
         2 * (static_cast<unsigned char>(doc[pos]) | static_cast<unsigned char>(doc[pos + 1]) << 8);
  pos += 2 +
         4 * (static_cast<unsigned char>(doc[pos]) | static_cast<unsigned char>(doc[pos + 1]) << 8);
  PutLe32(&doc, pos + 2 + 8 * 13 + 4, 0);
  RecordingContext rc;
  ExtractCfb(doc, rc.ctx);
  CheckSampleText(rc);
}

TEST_CASE("An encrypted Word document gives an error and no text", "[extract][doc]") {
  std::string doc = CfbFixture("sample.doc");
  doc[WordDocumentOffset(doc) + 0x0B] |= 0x01;  // fEncrypted
  RecordingContext rc;
  ExtractCfb(doc, rc.ctx);
  CHECK(rc.HasError("encrypted-member"));
  CHECK(rc.sink.parts.empty());
}

TEST_CASE("A Word document whose piece table is out of place", "[extract][doc]") {
  std::string doc = CfbFixture("sample.doc");
  const std::size_t fib = WordDocumentOffset(doc);
  std::size_t pos = fib + 32;
  pos += 2 +
         2 * (static_cast<unsigned char>(doc[pos]) | static_cast<unsigned char>(doc[pos + 1]) << 8);
  pos += 2 +
         4 * (static_cast<unsigned char>(doc[pos]) | static_cast<unsigned char>(doc[pos + 1]) << 8);
  PutLe32(&doc, pos + 2 + 8 * 33, 0x7FFFFFF0);  // fcClx
  RecordingContext rc;
  ExtractCfb(doc, rc.ctx);
  CHECK(rc.HasError("corrupt"));
  CHECK(rc.sink.parts.empty());
}

}  // namespace mamori

namespace mamori {

// A LibreOffice table whose row-end marks carry table properties before
// sprmPFTtp: each row must still end its line (it was one line of cells).
TEST_CASE("Regression: LibreOffice row ends end rows", "[extract][doc]") {
  testing::RecordingContext rc;
  ExtractCfb(testing::CfbFixture("row_ends.doc"), rc.ctx);
  REQUIRE(rc.sink.parts.size() == 1);
  const std::string& text = rc.sink.parts[0].text;
  CHECK(text.starts_with("被保険者整理番号\t氏名\t"));
  std::size_t rows = 0;
  for (std::size_t at = 0; (at = text.find("\n", at)) != std::string::npos; ++at) ++rows;
  CHECK(rows > 10);
  CHECK(text.find("\t\t") == std::string::npos);  // no row end taken for an empty cell
}

}  // namespace mamori
