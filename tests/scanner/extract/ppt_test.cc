#include <catch2/catch.hpp>

#include "cfb_testing.h"
#include "recording_sink.h"
#include "scanner/extract/extractors.h"

namespace mamori {

using testing::CfbFixture;
using testing::EntryId;
using testing::RecordingContext;
using testing::RenameEntry;

TEST_CASE("PowerPoint 97 slide text, one paragraph a line", "[extract][ppt]") {
  RecordingContext rc;
  ExtractCfb(CfbFixture("sample.ppt"), rc.ctx);
  REQUIRE(rc.sink.parts.size() == 1);
  const auto& part = rc.sink.parts[0];
  CHECK(part.format == "ppt");
  CHECK(part.ended);
  CHECK(part.text ==
        "社員名簿の取り扱い\n"
        "個人番号 123456789018\nPlain ASCII line\n"
        "基礎年金番号 1234-567890\n");
  CHECK(rc.errors.empty());
}

TEST_CASE("An encrypted presentation gives an error and no text", "[extract][ppt]") {
  std::string ppt = CfbFixture("sample.ppt");
  const std::uint32_t id = EntryId(ppt,
                                   "\x05"
                                   "DocumentSummaryInformation");
  REQUIRE(id != CfbReader::kNone);
  RenameEntry(&ppt, id, "EncryptedSummary");
  RecordingContext rc;
  ExtractCfb(ppt, rc.ctx);
  CHECK(rc.HasError("encrypted-member"));
  CHECK(rc.sink.parts.empty());
}

}  // namespace mamori
