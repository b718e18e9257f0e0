#include <catch2/catch.hpp>

#include "cfb_testing.h"
#include "recording_sink.h"
#include "scanner/extract/extractors.h"
#include "scanner/extract/msg_extract.h"

namespace mamori {

using testing::CfbFixture;
using testing::EntryId;
using testing::RecordingContext;
using testing::RenameEntry;

TEST_CASE("An Outlook message: headers and body, then its attachments", "[extract][msg]") {
  RecordingContext rc;
  ExtractCfb(CfbFixture("sample.msg"), rc.ctx);
  const auto* msg = rc.sink.Find("");
  REQUIRE(msg != nullptr);
  CHECK(msg->format == "msg");
  CHECK(msg->ended);
  // The sender's name is 8-bit, in the message's code page 932.
  CHECK(msg->text ==
        "社員情報の送付\n"
        "From: 総務部 田中 <tanaka@example.jp>\n"
        "To: 山田 太郎 <yamada@example.jp>\n"
        "\n各位\n\n個人番号: 123456789018\nよろしくお願いします。\n");
  // The message's part ends before its members begin.
  CHECK(&rc.sink.parts[0] == msg);

  const auto* csv = rc.sink.Find("社員名簿.csv");
  REQUIRE(csv != nullptr);
  CHECK(csv->text.starts_with("氏名,個人番号,部署\r\n山田 太郎,621498320257,総務\r\n"));

  const auto* nested = rc.sink.Find("別件.msg");
  REQUIRE(nested != nullptr);
  CHECK(nested->format == "msg");
  CHECK(nested->text == "別件\n\n基礎年金番号 1234-567890\n");

  // The HTML copy of a plain body is not read again (values would count
  // twice), and nothing failed.
  CHECK(rc.sink.Find("body.html") == nullptr);
  CHECK(rc.errors.empty());
}

TEST_CASE("Attached messages nest no deeper than the limit", "[extract][msg]") {
  ExtractLimits limits;
  limits.max_depth = 0;
  RecordingContext rc(limits);
  ExtractCfb(CfbFixture("sample.msg"), rc.ctx);
  CHECK(rc.HasError("nesting-too-deep"));
  CHECK(rc.sink.Find("別件.msg") == nullptr);
}

TEST_CASE("An attachment without its data is recorded", "[extract][msg]") {
  std::string msg = CfbFixture("sample.msg");
  RenameEntry(&msg, EntryId(msg, "__attach_version1.0_#00000000/__substg1.0_37010102"), "gone");
  RecordingContext rc;
  ExtractCfb(msg, rc.ctx);
  bool found = false;
  for (const auto& e : rc.errors) found = found || e.member == "社員名簿.csv";
  CHECK(found);
  CHECK(rc.sink.Find("") != nullptr);
}

TEST_CASE("Compressed RTF decompresses", "[extract][msg]") {
  // MS-OXRTFCP 3.1.1, "Example 1: Simple Compressed RTF".
  const unsigned char lzfu[] = {0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a,
                                0x46, 0x75, 0xf1, 0xc5, 0xc7, 0xa7, 0x03, 0x00, 0x0a, 0x00,
                                0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0a,
                                0xf3, 0x20, 0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77,
                                0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f, 0xa0};
  std::string out;
  CHECK(DecompressRtf(std::string_view(reinterpret_cast<const char*>(lzfu), sizeof lzfu), 1 << 20,
                      &out));
  CHECK(out == "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n");

  // Stored ("MELA"), and cut to the limit.
  const std::string stored = std::string("\x0f\0\0\0\x03\0\0\0MELA\0\0\0\0abc", 19);
  CHECK(DecompressRtf(stored, 100, &out));
  CHECK(out == "abc");
  CHECK_FALSE(DecompressRtf(stored, 2, &out));
  CHECK(out == "ab");
  CHECK_FALSE(DecompressRtf("short", 100, &out));
  // A hostile raw size is bounded by the limit.
  std::string bomb = std::string("\0\0\0\0\xff\xff\xff\x7fLZFu\0\0\0\0", 16);
  for (int i = 0; i < 1000; ++i)
    bomb += std::string("\xff\x00\x0f\x00\x0f\x00\x0f\x00\x0f\x00\x0f\x00\x0f\x00\x0f\x00\x0f", 17);
  CHECK_FALSE(DecompressRtf(bomb, 4096, &out));
  CHECK(out.size() <= 4096);
}

}  // namespace mamori
