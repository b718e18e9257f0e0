#include "mamori/walker.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>

#include "test_util.h"

namespace mamori {

using testing::TempDir;
using testing::WriteFile;

namespace {

std::vector<WalkEntry> WalkAll(const std::vector<std::string>& roots, bool follow = false) {
  Walker w(roots, WalkOptions{follow});
  std::vector<WalkEntry> out;
  WalkEntry e;
  while (w.Next(&e)) out.push_back(e);
  return out;
}

const WalkEntry* Find(const std::vector<WalkEntry>& entries, const std::string& path) {
  for (const auto& e : entries) {
    if (e.ref.path == path) return &e;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("Walk visits files depth first in name order", "[scanner][walker]") {
  TempDir t;
  WriteFile(t.Sub("b.txt"), "b");
  WriteFile(t.Sub("a/z.txt"), "z");
  WriteFile(t.Sub("a/y.txt"), "y");
  WriteFile(t.Sub("c/d/e.txt"), "e");
  auto entries = WalkAll({t.path()});
  std::vector<std::string> paths;
  for (const auto& e : entries) paths.push_back(e.ref.path);
  CHECK(paths == std::vector<std::string>{t.Sub("a/y.txt"), t.Sub("a/z.txt"), t.Sub("b.txt"),
                                          t.Sub("c/d/e.txt")});
  for (const auto& e : entries) {
    CHECK(e.error.ok());
    CHECK(e.ref.kind == FileKind::kRegular);
    CHECK(e.ref.size == 1);
    CHECK(e.ref.inode != 0);
  }
}

TEST_CASE("Walk notes FIFOs, sockets and symlinks without following", "[scanner][walker]") {
  TempDir t;
  WriteFile(t.Sub("dir/file.txt"), "x");
  REQUIRE(::mkfifo(t.Sub("fifo").c_str(), 0600) == 0);
  REQUIRE(::symlink("dir", t.Sub("link").c_str()) == 0);
  int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::string sock_path = t.Sub("sock");
  REQUIRE(sock_path.size() < sizeof addr.sun_path);
  std::strcpy(addr.sun_path, sock_path.c_str());
  REQUIRE(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);

  auto entries = WalkAll({t.path()});
  REQUIRE(Find(entries, t.Sub("fifo")) != nullptr);
  CHECK(Find(entries, t.Sub("fifo"))->ref.kind == FileKind::kFifo);
  REQUIRE(Find(entries, t.Sub("link")) != nullptr);
  CHECK(Find(entries, t.Sub("link"))->ref.kind == FileKind::kSymlink);
  REQUIRE(Find(entries, t.Sub("sock")) != nullptr);
  CHECK(Find(entries, t.Sub("sock"))->ref.kind == FileKind::kSocket);
  CHECK(Find(entries, t.Sub("link/file.txt")) == nullptr);
  CHECK(entries.size() == 4);
  ::close(sock);
}

TEST_CASE("Following symlinks stops at directory loops and reports them", "[scanner][walker]") {
  TempDir t;
  WriteFile(t.Sub("a/file.txt"), "x");
  REQUIRE(::symlink("..", t.Sub("a/up").c_str()) == 0);
  REQUIRE(::symlink("self", t.Sub("self").c_str()) == 0);

  auto entries = WalkAll({t.path()}, true);
  const WalkEntry* up = Find(entries, t.Sub("a/up"));
  REQUIRE(up != nullptr);
  CHECK(up->error.reason() == "symlink-loop");
  const WalkEntry* self = Find(entries, t.Sub("self"));
  REQUIRE(self != nullptr);
  CHECK(self->error.reason() == "symlink-loop");
  CHECK(Find(entries, t.Sub("a/file.txt")) != nullptr);
  CHECK(entries.size() == 3);
}

TEST_CASE("Missing roots and broken links are reported, the walk goes on", "[scanner][walker]") {
  TempDir t;
  WriteFile(t.Sub("ok.txt"), "x");
  REQUIRE(::symlink("nowhere", t.Sub("broken").c_str()) == 0);
  Walker w({t.Sub("missing"), t.path()}, WalkOptions{true});
  std::vector<WalkEntry> entries;
  WalkEntry e;
  while (w.Next(&e)) entries.push_back(e);
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].ref.path == t.Sub("missing"));
  CHECK(entries[0].error.reason() == "not-found");
  CHECK(Find(entries, t.Sub("broken"))->error.reason() == "broken-symlink");
  CHECK(Find(entries, t.Sub("ok.txt"))->error.ok());
  CHECK(w.roots_found() == 1);
}

TEST_CASE("A root given as a file or symlink is walked", "[scanner][walker]") {
  TempDir t;
  WriteFile(t.Sub("d/f.txt"), "x");
  REQUIRE(::symlink("d", t.Sub("l").c_str()) == 0);
  auto entries = WalkAll({t.Sub("d/f.txt"), t.Sub("l")});
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].ref.path == t.Sub("d/f.txt"));
  CHECK(entries[1].ref.path == t.Sub("l/f.txt"));
}

}  // namespace mamori
