
#include <catch2/catch.hpp>
#include <chrono>

#include "recording_sink.h"
#include "scanner/extract/archive_reader.h"
#include "scanner/extract/extractors.h"
#include "scanner/extract/input.h"
#include "zip_maker.h"

namespace mamori {

using testing::RecordingContext;
using testing::ZipMaker;

namespace {

const std::string kCsv = "氏名,個人番号\n山田太郎,123456789018\n";

void Extract(RecordingContext& rc, const std::string& bytes, std::string_view raw = "x") {
  MemoryInput in(bytes);
  ExtractArchive(in, rc.ctx, raw);
}

std::string Gzip(std::string_view data) { return testing::Compress(data, 15 + 16); }

}  // namespace

TEST_CASE("Every member of a zip is a part named by its path", "[extract][archive]") {
  ZipMaker zip;
  zip.Add("名簿/meibo.csv", kCsv, false, true);
  zip.Add("readme.txt", "nothing here", true, true);
  RecordingContext rc;
  Extract(rc, zip.Finish());
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.parts.size() == 2);
  CHECK(rc.sink.parts[0].member == "名簿/meibo.csv");
  CHECK(rc.sink.parts[0].format == "csv");
  CHECK(rc.sink.parts[0].text == kCsv);
  CHECK(rc.sink.parts[1].member == "readme.txt");
}

TEST_CASE("Zip names without the UTF-8 flag are read as CP932", "[extract][archive]") {
  ZipMaker zip;
  // 名簿.csv in CP932, as Japanese Windows writes it.
  zip.Add("\x96\xBC\x95\xEB.csv", kCsv);
  zip.Add("plain.csv", kCsv);
  RecordingContext rc;
  Extract(rc, zip.Finish());
  REQUIRE(rc.sink.parts.size() == 2);
  CHECK(rc.sink.parts[0].member == "名簿.csv");
  CHECK(rc.sink.parts[1].member == "plain.csv");
}

TEST_CASE("Nested archives are read to the depth limit", "[extract][archive]") {
  ZipMaker level3;
  level3.Add("2014/shain.csv", kCsv);
  ZipMaker level2;
  level2.Add("c.zip", level3.Finish());
  ZipMaker level1;
  level1.Add("b.zip", level2.Finish());
  const std::string bytes = level1.Finish();

  RecordingContext deep;
  Extract(deep, bytes);
  REQUIRE(deep.sink.parts.size() == 1);
  CHECK(deep.sink.parts[0].member == "b.zip/c.zip/2014/shain.csv");
  CHECK(deep.errors.empty());

  ExtractLimits shallow_limits;
  shallow_limits.max_depth = 1;
  RecordingContext shallow(shallow_limits);
  Extract(shallow, bytes);
  CHECK(shallow.sink.parts.empty());
  REQUIRE(shallow.errors.size() == 1);
  CHECK(shallow.errors[0].reason == "nesting-too-deep");
  // b.zip is one level down and opened; c.zip inside it is not.
  CHECK(shallow.errors[0].member == "b.zip/c.zip");
  CHECK(shallow.incomplete);
}

TEST_CASE("A lone gzip stream is one member named without .gz", "[extract][archive]") {
  RecordingContext rc;
  Extract(rc, Gzip(kCsv), "meibo.csv");
  REQUIRE(rc.sink.parts.size() == 1);
  CHECK(rc.sink.parts[0].member == "meibo.csv");
  CHECK(rc.sink.parts[0].text == kCsv);
}

TEST_CASE("A corrupt member is named and the next is still read", "[extract][archive]") {
  ZipMaker zip;
  zip.Add("bad.csv", kCsv + std::string(4000, 'x'));
  zip.Add("good.csv", kCsv);
  std::string bytes = zip.Finish();
  // Garble the deflate data of the first member, after its 30 + 7 byte header.
  for (std::size_t i = 40; i < 60; ++i) bytes[i] = static_cast<char>(0xFF);
  RecordingContext rc;
  Extract(rc, bytes);
  REQUIRE_FALSE(rc.errors.empty());
  CHECK(rc.errors[0].member == "bad.csv");
  CHECK(rc.incomplete);
  REQUIRE(rc.sink.Find("good.csv") != nullptr);
  CHECK(rc.sink.Find("good.csv")->text == kCsv);
}

TEST_CASE("A truncated zip is reported, not crashed on", "[extract][archive]") {
  ZipMaker zip;
  zip.Add("a.csv", kCsv + std::string(10000, '1'));
  const std::string bytes = zip.Finish();
  // Cut in the first header, in the member's data, and in the central
  // directory (every member whole, but the end record gone).
  for (std::size_t cut : {std::size_t{10}, std::size_t{50}, bytes.size() / 2, bytes.size() - 5}) {
    RecordingContext rc;
    Extract(rc, bytes.substr(0, cut));
    CHECK(rc.incomplete);
    CHECK_FALSE(rc.errors.empty());
  }
}

TEST_CASE("A deflate bomb is cut short by the ratio limit, quickly", "[extract][archive]") {
  ZipMaker zip;
  zip.AddZeros("zeros.bin", 2048);  // 2 GiB from about 2 MB
  zip.Add("after.csv", kCsv);
  const std::string bytes = zip.Finish();
  const auto start = std::chrono::steady_clock::now();
  RecordingContext rc;
  Extract(rc, bytes);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(rc.HasError("compression-ratio"));
  CHECK(rc.errors[0].member == "zeros.bin");
  // A zip member can be skipped without inflating it: the next is read.
  CHECK(rc.sink.Find("after.csv") != nullptr);
  CHECK(seconds < 5);  // bounded, not a benchmark: ~0.1 s here
}

TEST_CASE("The expanded-bytes budget and the member count stop a file", "[extract][archive]") {
  ZipMaker zip;
  for (int i = 0; i < 20; ++i)
    zip.Add(std::string("m").append(std::to_string(i)).append(".csv"), kCsv);
  const std::string many = zip.Finish();
  ExtractLimits few;
  few.max_members = 5;
  RecordingContext counted(few);
  Extract(counted, many);
  CHECK(counted.sink.parts.size() == 5);
  CHECK(counted.HasError("too-many-members"));

  ExtractLimits small;
  small.max_expanded_bytes = 2 << 20;
  small.max_ratio = 0;
  ZipMaker big;
  big.AddZeros("a.bin", 3);
  big.Add("b.csv", kCsv);
  RecordingContext budget(small);
  Extract(budget, big.Finish());
  CHECK(budget.HasError("expanded-size-limit"));
  CHECK(budget.sink.Find("b.csv") == nullptr);
}

// Members under ZipInflater's cap are inflated by it, not libarchive; what
// it declines must read, and fail, as libarchive has it.
TEST_CASE("A member with a wrong CRC is named and the next is still read", "[extract][archive]") {
  ZipMaker zip;
  zip.Add("bad.csv", kCsv + std::string(4000, 'x'));
  zip.Add("good.csv", kCsv);
  std::string bytes = zip.Finish();
  // The CRC in the local header (at 14) and in the first directory entry
  // (16 into it; the directory's offset is 16 into the 22-byte end record).
  const std::size_t end = bytes.size() - 22;
  const std::size_t dir = static_cast<unsigned char>(bytes[end + 16]) |
                          static_cast<unsigned char>(bytes[end + 17]) << 8;
  bytes[14] ^= 1;
  bytes[dir + 16] ^= 1;
  RecordingContext rc;
  Extract(rc, bytes);
  REQUIRE_FALSE(rc.errors.empty());
  CHECK(rc.errors[0].member == "bad.csv");
  REQUIRE(rc.sink.Find("good.csv") != nullptr);
  CHECK(rc.sink.Find("good.csv")->text == kCsv);
}

TEST_CASE("Members of one name are each read once", "[extract][archive]") {
  ZipMaker zip;
  zip.Add("same.csv", kCsv);
  zip.Add("same.csv", "別の内容\n" + kCsv);
  zip.Add("other.csv", kCsv);
  RecordingContext rc;
  Extract(rc, zip.Finish());
  CHECK(rc.errors.empty());
  std::vector<std::string> same;
  for (const auto& part : rc.sink.parts) {
    if (part.member == "same.csv") same.push_back(part.text);
  }
  REQUIRE(same.size() == 2);
  CHECK(same[0] == kCsv);
  CHECK(same[1] == "別の内容\n" + kCsv);
}

TEST_CASE("A bomb small enough to inflate whole is still cut by the ratio", "[extract][archive]") {
  ZipMaker zip;
  zip.AddZeros("zeros.bin", 12);  // 12 MiB from about 12 KB
  zip.Add("after.csv", kCsv);
  RecordingContext rc;
  Extract(rc, zip.Finish());
  CHECK(rc.HasError("compression-ratio"));
  CHECK(rc.sink.Find("after.csv") != nullptr);
}

TEST_CASE("Large and small members read the same through either inflater", "[extract][archive]") {
  // Random digits, so that the ratio stays far below the limit.
  std::string big = "番号,金額\n";
  std::uint32_t x = 1;
  while (big.size() < (17 << 20)) {  // over ZipInflater's cap
    x = x * 1664525 + 1013904223;
    big += std::to_string(x) + "," + std::to_string(x >> 7) + "\n";
  }
  // Inflated whole, past the size whose buffer is kept: given back once
  // read, and the next members still read right.
  const std::string mid = big.substr(0, 6 << 20);
  ZipMaker zip;
  zip.Add("big.csv", big);
  zip.Add("mid.csv", mid);
  zip.Add("mid2.csv", mid.substr(1 << 20));
  zip.Add("small.csv", kCsv);
  ExtractLimits roomy;
  roomy.max_member_bytes = 64 << 20;
  RecordingContext rc(roomy);
  Extract(rc, zip.Finish());
  CHECK(rc.errors.empty());
  REQUIRE(rc.sink.Find("big.csv") != nullptr);
  CHECK(rc.sink.Find("big.csv")->text.size() == big.size());
  REQUIRE(rc.sink.Find("mid.csv") != nullptr);
  CHECK(rc.sink.Find("mid.csv")->text == mid);
  REQUIRE(rc.sink.Find("mid2.csv") != nullptr);
  CHECK(rc.sink.Find("mid2.csv")->text == mid.substr(1 << 20));
  REQUIRE(rc.sink.Find("small.csv") != nullptr);
  CHECK(rc.sink.Find("small.csv")->text == kCsv);
}

TEST_CASE("A member inflated whole is lent, within the budget, and reads are left as they were",
          "[extract][archive]") {
  std::string csv;
  for (int i = 0; i < 2000; ++i) csv += "row " + std::to_string(i * 7919) + ",値\n";
  ZipMaker zip;
  zip.Add("a.csv", csv);
  zip.Add("b.csv", kCsv, /*stored=*/true);
  zip.Add("c.csv", csv);
  const std::string bytes = zip.Finish();
  MemoryInput in(bytes);

  RecordingContext rc;
  ArchiveReader reader(rc.ctx);
  REQUIRE(reader.Open(in, /*zip_only=*/true));
  ArchiveEntry entry;
  REQUIRE(reader.Next(&entry));
  char* data = nullptr;
  std::size_t size = 0;
  REQUIRE(reader.LendRest(&data, &size));
  CHECK(std::string_view(data, size) == csv);
  // The room after it is the borrower's to write.
  std::fill(data + size, data + size + kLentRoom, 'x');
  std::size_t got = 1;
  char buf[16];
  CHECK(reader.Read(buf, sizeof buf, &got));
  CHECK(got == 0);
  // Stored: read, not lent.
  REQUIRE(reader.Next(&entry));
  CHECK_FALSE(reader.LendRest(&data, &size));
  std::string stored(kCsv.size() + 1, '\0');
  REQUIRE(reader.Read(stored.data(), stored.size(), &got));
  CHECK(stored.substr(0, got) == kCsv);
  // Once read from, a member is not lent.
  REQUIRE(reader.Next(&entry));
  REQUIRE(reader.Read(buf, sizeof buf, &got));
  CHECK_FALSE(reader.LendRest(&data, &size));
  CHECK(rc.errors.empty());

  // Over the expanded-bytes budget: not lent, and reads stop where it runs
  // out, as they did.
  ExtractLimits small;
  small.max_expanded_bytes = csv.size() / 2;
  RecordingContext tight(small);
  ArchiveReader limited(tight.ctx);
  REQUIRE(limited.Open(in, /*zip_only=*/true));
  REQUIRE(limited.Next(&entry));
  CHECK_FALSE(limited.LendRest(&data, &size));
  std::string out(csv.size(), '\0');
  std::size_t total = 0;
  while (limited.Read(out.data() + total, 1000, &got) && got > 0) total += got;
  CHECK(total <= csv.size() / 2);
  CHECK(tight.HasError("expanded-size-limit"));
}

}  // namespace mamori
