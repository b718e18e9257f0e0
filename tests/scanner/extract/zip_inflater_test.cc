#include "scanner/extract/zip_inflater.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "scanner/extract/zip_directory.h"
#include "zip_maker.h"

namespace mamori {

using testing::ZipMaker;

namespace {

// The same bytes, but not in memory: reads go through ReadAt, as a file's.
class ReadAtInput : public Input {
 public:
  explicit ReadAtInput(std::string_view data) : memory_(data) {}
  std::uint64_t size() const override { return memory_.size(); }
  Status ReadAt(std::uint64_t offset, char* buf, std::size_t n, std::size_t* got) override {
    return memory_.ReadAt(offset, buf, n, got);
  }

 private:
  MemoryInput memory_;
};

std::string Text(int lines) {
  std::string s;
  for (int i = 0; i < lines; ++i) s += "行" + std::to_string(i) + ",山田太郎,東京都千代田区\n";
  return s;
}

ZipDirectory DirectoryOf(const std::string& bytes) {
  MemoryInput in(bytes);
  ZipDirectory dir;
  REQUIRE(ReadZipDirectory(in, 100, &dir));
  REQUIRE(dir.complete);
  return dir;
}

// One deflated member whose central directory entry keeps its sizes and
// offset in a zip64 extra field, as writers do past 4 GiB (and some always).
std::string Zip64Zip(std::string_view name, std::string_view data) {
  const std::string compressed = testing::Compress(data, -15);
  const auto crc = static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
  std::string out;
  testing::PutLe32(&out, 0x04034b50);
  testing::PutLe16(&out, 45);
  testing::PutLe16(&out, 0);
  testing::PutLe16(&out, 8);
  testing::PutLe32(&out, 0);
  testing::PutLe32(&out, crc);
  testing::PutLe32(&out, static_cast<std::uint32_t>(compressed.size()));
  testing::PutLe32(&out, static_cast<std::uint32_t>(data.size()));
  testing::PutLe16(&out, static_cast<std::uint32_t>(name.size()));
  testing::PutLe16(&out, 0);
  out.append(name);
  out.append(compressed);
  std::string central;
  testing::PutLe32(&central, 0x02014b50);
  testing::PutLe16(&central, 45);
  testing::PutLe16(&central, 45);
  testing::PutLe16(&central, 0);
  testing::PutLe16(&central, 8);
  testing::PutLe32(&central, 0);
  testing::PutLe32(&central, crc);
  testing::PutLe32(&central, 0xFFFFFFFF);  // compressed size: in the extra field
  testing::PutLe32(&central, 0xFFFFFFFF);  // size: in the extra field
  testing::PutLe16(&central, static_cast<std::uint32_t>(name.size()));
  testing::PutLe16(&central, 4 + 24);
  testing::PutLe16(&central, 0);
  testing::PutLe16(&central, 0);
  testing::PutLe16(&central, 0);
  testing::PutLe32(&central, 0);
  testing::PutLe32(&central, 0xFFFFFFFF);  // offset: in the extra field
  central.append(name);
  testing::PutLe16(&central, 0x0001);
  testing::PutLe16(&central, 24);
  testing::PutLe64(&central, data.size());
  testing::PutLe64(&central, compressed.size());
  testing::PutLe64(&central, 0);
  const auto cd_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  testing::PutLe32(&out, 0x06054b50);
  testing::PutLe32(&out, 0);
  testing::PutLe16(&out, 1);
  testing::PutLe16(&out, 1);
  testing::PutLe32(&out, static_cast<std::uint32_t>(central.size()));
  testing::PutLe32(&out, cd_offset);
  testing::PutLe16(&out, 0);
  return out;
}

}  // namespace

TEST_CASE("The directory gives each member's sizes, CRC and offset", "[extract][zip_inflater]") {
  const std::string a = Text(300);
  const std::string b = "短い";
  ZipMaker zip;
  zip.Add("a.csv", a);
  zip.Add("b.txt", b, /*stored=*/true);
  const std::string bytes = zip.Finish();
  const ZipDirectory dir = DirectoryOf(bytes);
  REQUIRE(dir.entries.size() == 2);
  const ZipDirEntry& ea = dir.entries[0];
  CHECK(ea.method == 8);
  CHECK(ea.size == a.size());
  CHECK(ea.local_offset == 0);
  CHECK(ea.compressed_size < a.size());
  CHECK(ea.crc32 == crc32(0, reinterpret_cast<const Bytef*>(a.data()), a.size()));
  const ZipDirEntry& eb = dir.entries[1];
  CHECK(eb.method == 0);
  CHECK(eb.size == b.size());
  CHECK(eb.compressed_size == b.size());
  CHECK(eb.local_offset == 30 + 5 + ea.compressed_size);
}

TEST_CASE("A deflated member is inflated whole, from memory or through reads",
          "[extract][zip_inflater]") {
  const std::string a = Text(5000);
  ZipMaker zip;
  zip.Add("dir/a.csv", a);
  zip.Add("b.csv", "");
  const std::string bytes = zip.Finish();
  const ZipDirectory dir = DirectoryOf(bytes);
  ZipInflater inflater;
  ByteBuffer out;
  out.Resize(3);
  std::memcpy(out.data(), "old", 3);
  MemoryInput memory(bytes);
  REQUIRE(inflater.Inflate(memory, dir.entries[0], 0, &out));
  CHECK(out.view() == a);
  ReadAtInput reads(bytes);
  REQUIRE(inflater.Inflate(reads, dir.entries[0], 0, &out));
  CHECK(out.view() == a);
  // An empty member too.
  REQUIRE(inflater.Inflate(reads, dir.entries[1], 0, &out));
  CHECK(out.size() == 0);
}

TEST_CASE("Sizes and offsets in a zip64 extra field are followed", "[extract][zip_inflater]") {
  const std::string a = Text(400);
  const std::string bytes = Zip64Zip("big.csv", a);
  const ZipDirectory dir = DirectoryOf(bytes);
  REQUIRE(dir.entries.size() == 1);
  CHECK(dir.entries[0].size == a.size());
  CHECK(dir.entries[0].local_offset == 0);
  MemoryInput in(bytes);
  ZipInflater inflater;
  ByteBuffer out;
  REQUIRE(inflater.Inflate(in, dir.entries[0], 0, &out));
  CHECK(out.view() == a);
}

TEST_CASE("A member that does not check out is declined, not half read",
          "[extract][zip_inflater]") {
  const std::string a = Text(2000);
  ZipMaker zip;
  zip.Add("a.csv", a);
  zip.Add("s.csv", a, /*stored=*/true);
  const std::string bytes = zip.Finish();
  const ZipDirectory dir = DirectoryOf(bytes);
  const ZipDirEntry good = dir.entries[0];
  ZipInflater inflater;
  ByteBuffer out;

  SECTION("stored members are libarchive's") {
    CHECK_FALSE(ZipInflater::Eligible(dir.entries[1]));
    MemoryInput in(bytes);
    CHECK_FALSE(inflater.Inflate(in, dir.entries[1], 0, &out));
  }
  SECTION("encrypted or too large by the directory") {
    ZipDirEntry e = good;
    e.flags |= 0x0001;
    CHECK_FALSE(ZipInflater::Eligible(e));
    e = good;
    e.size = ZipInflater::kMaxMemberBytes + 1;
    CHECK_FALSE(ZipInflater::Eligible(e));
    e = good;
    e.compressed_size = ZipInflater::kMaxMemberBytes + 1;
    CHECK_FALSE(ZipInflater::Eligible(e));
  }
  SECTION("the directory disagrees with the data") {
    MemoryInput in(bytes);
    ZipDirEntry e = good;
    e.crc32 ^= 1;
    CHECK_FALSE(inflater.Inflate(in, e, 0, &out));
    e = good;
    e.size -= 1;  // the stream runs past it: a bomb stops there
    CHECK_FALSE(inflater.Inflate(in, e, 0, &out));
    e = good;
    e.size += 1;
    CHECK_FALSE(inflater.Inflate(in, e, 0, &out));
    e = good;
    e.compressed_size -= 10;  // the stream is cut
    CHECK_FALSE(inflater.Inflate(in, e, 0, &out));
    e = good;
    e.name = "b.csv";  // another member's local header name
    CHECK_FALSE(inflater.Inflate(in, e, 0, &out));
    e = good;
    e.local_offset = 1;  // no local header there
    CHECK_FALSE(inflater.Inflate(in, e, 0, &out));
    e = good;
    e.local_offset = bytes.size() - 10;
    CHECK_FALSE(inflater.Inflate(in, e, 0, &out));
    e = good;
    e.compressed_size = bytes.size();  // past the end of the file
    CHECK_FALSE(inflater.Inflate(in, e, 0, &out));
    // The untouched entry still reads.
    CHECK(inflater.Inflate(in, good, 0, &out));
  }
  SECTION("the local header says encrypted, or another method") {
    for (const auto& [at, value] : {std::pair{6, '\x01'}, std::pair{8, '\x00'}}) {
      std::string changed = bytes;
      changed[at] = value;
      MemoryInput in(changed);
      CHECK_FALSE(inflater.Inflate(in, good, 0, &out));
    }
  }
  SECTION("corrupt deflate data") {
    std::string changed = bytes;
    for (std::size_t i = 40; i < 70; ++i) changed[i] = static_cast<char>(0xFF);
    MemoryInput in(changed);
    CHECK_FALSE(inflater.Inflate(in, good, 0, &out));
    ReadAtInput reads(changed);
    CHECK_FALSE(inflater.Inflate(reads, good, 0, &out));
  }
  SECTION("a file cut short") {
    ReadAtInput reads(std::string_view(bytes).substr(0, good.compressed_size / 2));
    CHECK_FALSE(inflater.Inflate(reads, good, 0, &out));
  }
}

}  // namespace mamori
