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

// A file of `content` in a fresh directory, opened.
struct OpenFile {
  explicit OpenFile(const std::string& content) : path(dir.Sub("file")) {
    WriteFile(path, content);
    REQUIRE(reader.Open(path, &ref).ok());
    REQUIRE(ref.size == content.size());
  }

  // One Read call of up to `capacity` bytes.
  std::string Read(std::size_t capacity, bool* eof) {
    std::vector<char> buf(capacity);
    std::size_t got = 0;
    REQUIRE(reader.Read(buf.data(), buf.size(), &got, eof).ok());
    return std::string(buf.data(), got);
  }

  TempDir dir;
  std::string path;
  FileReader reader;
  FileRef ref;
};

}  // namespace

TEST_CASE("a file read whole in one call ends there", "[scanner][file_reader]") {
  const std::string content = Content(5000);
  OpenFile f(content);
  bool eof = false;
  CHECK(f.Read(content.size() + 1, &eof) == content);
  CHECK(eof);
}

TEST_CASE("a file read in pieces ends only at its end", "[scanner][file_reader]") {
  const std::string content = Content(10000);
  const std::size_t piece = GENERATE(1, 999, 5000, 9999, 10000);
  OpenFile f(content);
  std::string read;
  bool eof = false;
  for (int calls = 0; !eof; ++calls) {
    REQUIRE(calls <= 10001);
    const std::string got = f.Read(piece, &eof);
    // A full buffer says nothing of the end; a short one is the end.
    if (got.size() < piece) CHECK(eof);
    read += got;
  }
  CHECK(read == content);
}

TEST_CASE("a file that grows after it is opened is read to its new end", "[scanner][file_reader]") {
  OpenFile f(Content(100));
  std::FILE* out = std::fopen(f.path.c_str(), "ab");
  REQUIRE(out != nullptr);
  REQUIRE(std::fputs("tail", out) >= 0);
  std::fclose(out);
  bool eof = false;
  CHECK(f.Read(200, &eof) == Content(100) + "tail");
  CHECK(eof);
}

TEST_CASE("a file that shrinks after it is opened reads what is left", "[scanner][file_reader]") {
  OpenFile f(Content(100));
  REQUIRE(::truncate(f.path.c_str(), 40) == 0);
  bool eof = false;
  CHECK(f.Read(200, &eof) == Content(40));
  CHECK(eof);
}

TEST_CASE("an empty file ends at once", "[scanner][file_reader]") {
  OpenFile f("");
  bool eof = false;
  CHECK(f.Read(8, &eof).empty());
  CHECK(eof);
}

TEST_CASE("ReadAt leaves the read position alone", "[scanner][file_reader]") {
  const std::string content = Content(300);
  OpenFile f(content);
  bool eof = false;
  REQUIRE(f.Read(100, &eof) == content.substr(0, 100));
  CHECK_FALSE(eof);
  std::vector<char> buf(100);
  std::size_t got = 0;
  REQUIRE(f.reader.ReadAt(250, buf.data(), buf.size(), &got).ok());
  CHECK(std::string(buf.data(), got) == content.substr(250));
  CHECK(f.Read(300, &eof) == content.substr(100));
  CHECK(eof);
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
  CHECK(reader.Open(fifo, &ref).reason() == "not-regular-file");
  CHECK(reader.Open(link, &ref).reason() == "not-regular-file");
  CHECK(reader.Open(dir.Sub("missing.txt"), &ref).reason() == "vanished");
}

}  // namespace mamori
