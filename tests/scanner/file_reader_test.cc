#include "mamori/file_reader.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "test_util.h"

namespace mamori {

using testing::TempDir;
using testing::WriteFile;

namespace {

std::string Content(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
  return s;
}

void Append(const std::string& path, std::string_view more) {
  std::FILE* f = std::fopen(path.c_str(), "ab");
  REQUIRE(f != nullptr);
  REQUIRE(std::fwrite(more.data(), 1, more.size(), f) == more.size());
  std::fclose(f);
}

}  // namespace

TEST_CASE("a file read whole in one call ends there", "[scanner][file_reader]") {
  TempDir dir;
  const std::string path = dir.Sub("a.csv");
  const std::string content = Content(5000);
  WriteFile(path, content);
  FileReader reader;
  FileRef ref;
  REQUIRE(reader.Open(path, &ref).ok());
  REQUIRE(ref.size == content.size());
  std::vector<char> buf(content.size() + 1);
  std::size_t got = 0;
  bool eof = false;
  REQUIRE(reader.Read(buf.data(), buf.size(), &got, &eof).ok());
  CHECK(eof);
  CHECK(std::string(buf.data(), got) == content);
}

TEST_CASE("a file read in pieces ends only at its end", "[scanner][file_reader]") {
  TempDir dir;
  const std::string path = dir.Sub("b.csv");
  const std::string content = Content(10000);
  WriteFile(path, content);
  const std::size_t piece = GENERATE(1, 999, 5000, 9999, 10000);
  FileReader reader;
  FileRef ref;
  REQUIRE(reader.Open(path, &ref).ok());
  std::string read;
  std::vector<char> buf(piece);
  bool eof = false;
  for (int calls = 0; !eof; ++calls) {
    REQUIRE(calls <= 10001);
    std::size_t got = 0;
    REQUIRE(reader.Read(buf.data(), buf.size(), &got, &eof).ok());
    // A full buffer says nothing of the end; a short one is the end.
    if (got < buf.size()) CHECK(eof);
    read.append(buf.data(), got);
  }
  CHECK(read == content);
}

TEST_CASE("a file that grows after it is opened is read to its new end", "[scanner][file_reader]") {
  TempDir dir;
  const std::string path = dir.Sub("c.log");
  WriteFile(path, Content(100));
  FileReader reader;
  FileRef ref;
  REQUIRE(reader.Open(path, &ref).ok());
  REQUIRE(ref.size == 100);
  Append(path, "tail");
  std::vector<char> buf(200);
  std::size_t got = 0;
  bool eof = false;
  REQUIRE(reader.Read(buf.data(), buf.size(), &got, &eof).ok());
  CHECK(eof);
  CHECK(std::string(buf.data(), got) == Content(100) + "tail");
}

TEST_CASE("a file that shrinks after it is opened reads what is left", "[scanner][file_reader]") {
  TempDir dir;
  const std::string path = dir.Sub("d.log");
  WriteFile(path, Content(100));
  FileReader reader;
  FileRef ref;
  REQUIRE(reader.Open(path, &ref).ok());
  REQUIRE(::truncate(path.c_str(), 40) == 0);
  std::vector<char> buf(200);
  std::size_t got = 0;
  bool eof = false;
  REQUIRE(reader.Read(buf.data(), buf.size(), &got, &eof).ok());
  CHECK(eof);
  CHECK(std::string(buf.data(), got) == Content(40));
}

TEST_CASE("an empty file ends at once", "[scanner][file_reader]") {
  TempDir dir;
  const std::string path = dir.Sub("e.txt");
  WriteFile(path, "");
  FileReader reader;
  FileRef ref;
  REQUIRE(reader.Open(path, &ref).ok());
  char buf[8];
  std::size_t got = 1;
  bool eof = false;
  REQUIRE(reader.Read(buf, sizeof buf, &got, &eof).ok());
  CHECK(eof);
  CHECK(got == 0);
}

TEST_CASE("ReadAt leaves the read position alone", "[scanner][file_reader]") {
  TempDir dir;
  const std::string path = dir.Sub("f.bin");
  const std::string content = Content(300);
  WriteFile(path, content);
  FileReader reader;
  FileRef ref;
  REQUIRE(reader.Open(path, &ref).ok());
  std::vector<char> buf(300);
  std::size_t got = 0;
  bool eof = false;
  REQUIRE(reader.Read(buf.data(), 100, &got, &eof).ok());
  REQUIRE(got == 100);
  CHECK_FALSE(eof);
  REQUIRE(reader.ReadAt(250, buf.data(), 100, &got).ok());
  CHECK(std::string(buf.data(), got) == content.substr(250));
  REQUIRE(reader.Read(buf.data(), 300, &got, &eof).ok());
  CHECK(eof);
  CHECK(std::string(buf.data(), got) == content.substr(100));
}

TEST_CASE("Open refuses what is not a regular file without blocking", "[scanner][file_reader]") {
  TempDir dir;
  const std::string fifo = dir.Sub("pipe");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const std::string target = dir.Sub("target.txt");
  WriteFile(target, "x");
  const std::string link = dir.Sub("link.txt");
  REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);
  FileReader reader;
  FileRef ref;
  // No writer on the FIFO: a blocking open would hang here.
  Status s = reader.Open(fifo, &ref);
  CHECK(s.reason() == "not-regular-file");
  s = reader.Open(link, &ref);
  CHECK(s.reason() == "not-regular-file");
  s = reader.Open(dir.Sub("missing.txt"), &ref);
  CHECK(s.reason() == "vanished");
}

}  // namespace mamori
