#include "scanner/extract/zip_inflater.h"

#include <zlib.h>

#include <catch2/catch.hpp>
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

void Put16(std::string* s, std::uint32_t v) {
  s->push_back(static_cast<char>(v & 0xFF));
  s->push_back(static_cast<char>(v >> 8 & 0xFF));
}
void Put32(std::string* s, std::uint32_t v) {
  Put16(s, v & 0xFFFF);
  Put16(s, v >> 16);
}
void Put64(std::string* s, std::uint64_t v) {
  Put32(s, static_cast<std::uint32_t>(v));
  Put32(s, static_cast<std::uint32_t>(v >> 32));
}

std::string RawDeflate(std::string_view data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(static_cast<uLong>(data.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// One deflated member whose central directory entry keeps its sizes and
// offset in a zip64 extra field, as writers do past 4 GiB (and some always).
std::string Zip64Zip(std::string_view name, std::string_view data) {
  const std::string compressed = RawDeflate(data);
  const auto crc = static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
  std::string out;
  Put32(&out, 0x04034b50);
  Put16(&out, 45);
  Put16(&out, 0);
  Put16(&out, 8);
  Put32(&out, 0);
  Put32(&out, crc);
  Put32(&out, static_cast<std::uint32_t>(compressed.size()));
  Put32(&out, static_cast<std::uint32_t>(data.size()));
  Put16(&out, static_cast<std::uint32_t>(name.size()));
  Put16(&out, 0);
  out.append(name);
  out.append(compressed);
  std::string central;
  Put32(&central, 0x02014b50);
  Put16(&central, 45);
  Put16(&central, 45);
  Put16(&central, 0);
  Put16(&central, 8);
  Put32(&central, 0);
  Put32(&central, crc);
  Put32(&central, 0xFFFFFFFF);  // compressed size: in the extra field
  Put32(&central, 0xFFFFFFFF);  // size: in the extra field
  Put16(&central, static_cast<std::uint32_t>(name.size()));
  Put16(&central, 4 + 24);
  Put16(&central, 0);
  Put16(&central, 0);
  Put16(&central, 0);
  Put32(&central, 0);
  Put32(&central, 0xFFFFFFFF);  // offset: in the extra field
  central.append(name);
  Put16(&central, 0x0001);
  Put16(&central, 24);
  Put64(&central, data.size());
  Put64(&central, compressed.size());
  Put64(&central, 0);
  const auto cd_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  Put32(&out, 0x06054b50);
  Put32(&out, 0);
  Put16(&out, 1);
  Put16(&out, 1);
  Put32(&out, static_cast<std::uint32_t>(central.size()));
  Put32(&out, cd_offset);
  Put16(&out, 0);
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
  std::string out = "left over from before";
  MemoryInput memory(bytes);
  REQUIRE(inflater.Inflate(memory, dir.entries[0], &out));
  CHECK(out == a);
  ReadAtInput reads(bytes);
  out.clear();
  REQUIRE(inflater.Inflate(reads, dir.entries[0], &out));
  CHECK(out == a);
  // An empty member too.
  REQUIRE(inflater.Inflate(reads, dir.entries[1], &out));
  CHECK(out.empty());
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
  std::string out;
  REQUIRE(inflater.Inflate(in, dir.entries[0], &out));
  CHECK(out == a);
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
  std::string out;

  SECTION("stored members are libarchive's") {
    CHECK_FALSE(ZipInflater::Eligible(dir.entries[1]));
    MemoryInput in(bytes);
    CHECK_FALSE(inflater.Inflate(in, dir.entries[1], &out));
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
    CHECK_FALSE(inflater.Inflate(in, e, &out));
    e = good;
    e.size -= 1;  // the stream runs past it: a bomb stops there
    CHECK_FALSE(inflater.Inflate(in, e, &out));
    e = good;
    e.size += 1;
    CHECK_FALSE(inflater.Inflate(in, e, &out));
    e = good;
    e.compressed_size -= 10;  // the stream is cut
    CHECK_FALSE(inflater.Inflate(in, e, &out));
    e = good;
    e.name = "b.csv";  // another member's local header name
    CHECK_FALSE(inflater.Inflate(in, e, &out));
    e = good;
    e.local_offset = 1;  // no local header there
    CHECK_FALSE(inflater.Inflate(in, e, &out));
    e = good;
    e.local_offset = bytes.size() - 10;
    CHECK_FALSE(inflater.Inflate(in, e, &out));
    e = good;
    e.compressed_size = bytes.size();  // past the end of the file
    CHECK_FALSE(inflater.Inflate(in, e, &out));
    // The untouched entry still reads.
    CHECK(inflater.Inflate(in, good, &out));
  }
  SECTION("the local header says encrypted, or another method") {
    for (const auto& [at, value] : {std::pair{6, '\x01'}, std::pair{8, '\x00'}}) {
      std::string changed = bytes;
      changed[at] = value;
      MemoryInput in(changed);
      CHECK_FALSE(inflater.Inflate(in, good, &out));
    }
  }
  SECTION("corrupt deflate data") {
    std::string changed = bytes;
    for (std::size_t i = 40; i < 70; ++i) changed[i] = static_cast<char>(0xFF);
    MemoryInput in(changed);
    CHECK_FALSE(inflater.Inflate(in, good, &out));
    ReadAtInput reads(changed);
    CHECK_FALSE(inflater.Inflate(reads, good, &out));
  }
  SECTION("a file cut short") {
    ReadAtInput reads(std::string_view(bytes).substr(0, good.compressed_size / 2));
    CHECK_FALSE(inflater.Inflate(reads, good, &out));
  }
}

}  // namespace mamori
