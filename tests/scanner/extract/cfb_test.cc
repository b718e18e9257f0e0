#include <catch2/catch.hpp>
#include <random>

#include "cfb_testing.h"
#include "recording_sink.h"
#include "scanner/extract/cfb_reader.h"
#include "scanner/extract/extractors.h"

namespace mamori {

using testing::CfbFixture;
using testing::DirEntryOffset;
using testing::EntryId;
using testing::FatEntryOffset;
using testing::GetLe32;
using testing::MiniFatEntryOffset;
using testing::PutLe32;
using testing::RecordingContext;
using testing::RenameEntry;

namespace {

std::string Utf16(std::string_view bytes) {
  std::string out;
  AppendUtf16Le(bytes, &out, true);
  return out;
}

// Every part that began also ended, and parts never nest.
void RequireBalancedParts(const RecordingContext& rc) {
  for (const auto& p : rc.sink.parts) REQUIRE(p.ended);
}

}  // namespace

TEST_CASE("CfbReader reads storages, mini streams and regular streams", "[extract][cfb]") {
  const std::string msg = CfbFixture("sample.msg");
  RecordingContext rc;
  CfbReader cfb;
  REQUIRE(cfb.Open(msg, rc.ctx));
  std::string bytes;
  REQUIRE(cfb.ReadChild(CfbReader::kRootId, "__substg1.0_0037001F", rc.ctx, &bytes));
  CHECK(Utf16(bytes) == "社員情報の送付");
  // Names compare without regard to ASCII case, as CFB's do.
  REQUIRE(cfb.ReadChild(CfbReader::kRootId, "__SUBSTG1.0_0037001f", rc.ctx, &bytes));

  const std::uint32_t att = cfb.Find(CfbReader::kRootId, "__attach_version1.0_#00000000");
  REQUIRE(att != CfbReader::kNone);
  CHECK(cfb.entry(att).type == CfbEntry::kStorage);
  REQUIRE(cfb.ReadChild(att, "__substg1.0_37010102", rc.ctx, &bytes));
  CHECK(bytes.size() > 4096);  // past the mini stream cutoff: regular sectors
  CHECK(bytes.starts_with("氏名,個人番号,部署\r\n"));
  CHECK(bytes.ends_with("ダミー199,なし,なし\r\n"));

  const std::uint32_t nested = cfb.Find(
      cfb.Find(CfbReader::kRootId, "__attach_version1.0_#00000001"), "__substg1.0_3701000D");
  REQUIRE(nested != CfbReader::kNone);
  REQUIRE(cfb.ReadChild(nested, "__substg1.0_0037001F", rc.ctx, &bytes));
  CHECK(Utf16(bytes) == "別件");
  CHECK_FALSE(cfb.ReadChild(nested, "absent", rc.ctx, &bytes));
  CHECK(rc.errors.empty());
}

TEST_CASE("Data that is not a CFB is an error, not a crash", "[extract][cfb]") {
  for (const std::string& data :
       {std::string("hello"), std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8),
        std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\xFF'),
        std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0')}) {
    RecordingContext rc;
    ExtractCfb(data, rc.ctx);
    CHECK((rc.HasError("corrupt") || rc.HasError("truncated")));
    CHECK(rc.sink.parts.empty());
  }
}

TEST_CASE("A sector chain that loops is cut and recorded", "[extract][cfb]") {
  std::string doc = CfbFixture("sample.doc");
  const std::uint32_t id = EntryId(doc, "WordDocument");
  REQUIRE(id != CfbReader::kNone);
  const std::uint32_t start = GetLe32(doc, DirEntryOffset(doc, id) + 116);
  // The second sector of the stream points back at the first.
  const std::uint32_t second = GetLe32(doc, FatEntryOffset(doc, start));
  PutLe32(&doc, FatEntryOffset(doc, second), start);
  RecordingContext rc;
  ExtractCfb(doc, rc.ctx);
  CHECK(rc.HasError("sector-loop"));
  CHECK(rc.incomplete);
  RequireBalancedParts(rc);
}

TEST_CASE("A mini stream chain that loops is cut and recorded", "[extract][cfb]") {
  std::string msg = CfbFixture("sample.msg");
  const std::uint32_t id = EntryId(msg, "__substg1.0_1000001F");
  REQUIRE(id != CfbReader::kNone);
  const std::uint32_t start = GetLe32(msg, DirEntryOffset(msg, id) + 116);
  PutLe32(&msg, MiniFatEntryOffset(msg, start), start);
  RecordingContext rc;
  ExtractCfb(msg, rc.ctx);
  CHECK(rc.HasError("sector-loop"));
  // The rest of the message is still read.
  CHECK(rc.sink.AllText().find("社員情報の送付") != std::string::npos);
  RequireBalancedParts(rc);
}

TEST_CASE("Sector numbers out of range are corrupt", "[extract][cfb]") {
  std::string doc = CfbFixture("sample.doc");
  const std::uint32_t id = EntryId(doc, "WordDocument");
  const std::uint32_t start = GetLe32(doc, DirEntryOffset(doc, id) + 116);
  PutLe32(&doc, FatEntryOffset(doc, start), 0x00F00000);
  RecordingContext rc;
  ExtractCfb(doc, rc.ctx);
  CHECK(rc.HasError("corrupt"));
}

TEST_CASE("Directory links that point back are read once", "[extract][cfb]") {
  std::string msg = CfbFixture("sample.msg");
  const std::uint32_t recip = EntryId(msg, "__recip_version1.0_#00000000");
  REQUIRE(recip != CfbReader::kNone);
  const std::uint32_t root_child = GetLe32(msg, DirEntryOffset(msg, 0) + 76);
  // The root's first member names the root as its left sibling, and itself
  // as its right one.
  PutLe32(&msg, DirEntryOffset(msg, root_child) + 68, 0);
  PutLe32(&msg, DirEntryOffset(msg, root_child) + 72, root_child);
  // A storage whose child is its parent's member.
  PutLe32(&msg, DirEntryOffset(msg, recip) + 76, root_child);
  RecordingContext rc;
  ExtractCfb(msg, rc.ctx);
  CHECK(rc.HasError("corrupt"));
  RequireBalancedParts(rc);
}

TEST_CASE("A stream declaring more bytes than the file holds", "[extract][cfb]") {
  std::string doc = CfbFixture("sample.doc");
  const std::uint32_t id = EntryId(doc, "WordDocument");
  PutLe32(&doc, DirEntryOffset(doc, id) + 120, 0xFFFFFF00);
  RecordingContext rc;
  ExtractCfb(doc, rc.ctx);
  CHECK(rc.HasError("truncated"));
  RequireBalancedParts(rc);
}

TEST_CASE("Streams over the in-memory limit are not read", "[extract][cfb]") {
  ExtractLimits limits;
  limits.max_member_bytes = 2000;
  RecordingContext rc(limits);
  ExtractCfb(CfbFixture("sample.doc"), rc.ctx);
  CHECK(rc.HasError("member-too-large"));
  CHECK(rc.sink.parts.empty());
}

TEST_CASE("Truncated CFB files end in errors, never a crash", "[extract][cfb]") {
  for (const char* name : {"sample.doc", "sample.ppt", "sample.msg"}) {
    const std::string full = CfbFixture(name);
    for (std::size_t cut = 0; cut < full.size(); cut += 333) {
      RecordingContext rc;
      ExtractCfb(std::string_view(full).substr(0, cut), rc.ctx);
      INFO(name << " cut at " << cut);
      CHECK(rc.incomplete);
      RequireBalancedParts(rc);
    }
  }
  RecordingContext rc;
  const std::string doc = CfbFixture("sample.doc");
  ExtractCfb(std::string_view(doc).substr(0, doc.size() / 2), rc.ctx);
  CHECK(rc.HasError("truncated"));
}

TEST_CASE("Randomly damaged CFB files never crash or hang", "[extract][cfb]") {
  std::mt19937 rng(20240605);
  for (const char* name : {"sample.doc", "sample.ppt", "sample.msg"}) {
    const std::string full = CfbFixture(name);
    for (int round = 0; round < 300; ++round) {
      std::string damaged = full;
      const int flips = 1 + static_cast<int>(rng() % 16);
      for (int i = 0; i < flips; ++i) {
        // Mostly the header, FAT and directory, where damage matters most.
        const std::size_t at = rng() % 2 ? rng() % std::min<std::size_t>(damaged.size(), 4096)
                                         : rng() % damaged.size();
        damaged[at] = static_cast<char>(rng());
      }
      ExtractLimits limits;
      limits.max_seconds = 10;
      RecordingContext rc(limits);
      ExtractCfb(damaged, rc.ctx);
      RequireBalancedParts(rc);
    }
  }
}

TEST_CASE("An encrypted OOXML package in a CFB is recorded", "[extract][cfb]") {
  std::string msg = CfbFixture("sample.msg");
  RenameEntry(&msg, EntryId(msg, "__substg1.0_0037001F"), "EncryptionInfo");
  RenameEntry(&msg, EntryId(msg, "__substg1.0_1000001F"), "EncryptedPackage");
  RecordingContext rc;
  ExtractCfb(msg, rc.ctx);
  CHECK(rc.HasError("encrypted-member"));
  CHECK(rc.sink.parts.empty());
}

TEST_CASE("A CFB holding no known document is unsupported", "[extract][cfb]") {
  std::string msg = CfbFixture("sample.msg");
  RenameEntry(&msg, EntryId(msg, "__properties_version1.0"), "Contents");
  RecordingContext rc;
  ExtractCfb(msg, rc.ctx);
  CHECK(rc.HasError("unsupported"));
  CHECK(rc.sink.parts.empty());
}

TEST_CASE("A Workbook stream goes to the xls reader", "[extract][cfb]") {
  std::string msg = CfbFixture("sample.msg");
  RenameEntry(&msg, EntryId(msg, "__substg1.0_1000001F"), "Workbook");
  RecordingContext rc;
  ExtractCfb(msg, rc.ctx);
  // Not read as a message; what the xls reader makes of the bytes is its own.
  for (const auto& p : rc.sink.parts) CHECK(p.format != "msg");
  for (const auto& e : rc.errors) CHECK(e.message.find("not a Word") == std::string::npos);
}

}  // namespace mamori
