#include "mamori/walker.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <tuple>

#include "test_util.h"

namespace mamori {

using testing::TempDir;
using testing::WriteFile;

namespace {

std::vector<WalkEntry> WalkAll(const std::vector<std::string>& roots, WalkOptions options) {
  Walker w(roots, std::move(options));
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

WalkOptions Follow(bool follow) {
  WalkOptions o;
  o.follow_symlinks = follow;
  return o;
}

std::vector<WalkEntry> WalkAll(const std::vector<std::string>& roots, bool follow = false) {
  return WalkAll(roots, Follow(follow));
}

// The yielded paths relative to `root`, in walk order.
std::vector<std::string> Relative(const std::vector<WalkEntry>& entries, const std::string& root) {
  std::vector<std::string> out;
  for (const auto& e : entries) {
    REQUIRE(e.ref.path.compare(0, root.size() + 1, root + "/") == 0);
    out.push_back(e.ref.path.substr(root.size() + 1));
  }
  return out;
}

using Strings = std::vector<std::string>;

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

TEST_CASE("Walk records each entry's owner and permission bits", "[scanner][walker]") {
  TempDir t;
  WriteFile(t.Sub("private.txt"), "p");
  WriteFile(t.Sub("shared.txt"), "s");
  REQUIRE(::chmod(t.Sub("private.txt").c_str(), 0600) == 0);
  REQUIRE(::chmod(t.Sub("shared.txt").c_str(), 02644) == 0);
  auto entries = WalkAll({t.path(), t.Sub("missing")});
  const WalkEntry* priv = Find(entries, t.Sub("private.txt"));
  const WalkEntry* shared = Find(entries, t.Sub("shared.txt"));
  const WalkEntry* missing = Find(entries, t.Sub("missing"));
  REQUIRE(priv != nullptr);
  REQUIRE(shared != nullptr);
  REQUIRE(missing != nullptr);
  CHECK(priv->ref.has_owner);
  CHECK(priv->ref.uid == ::geteuid());
  CHECK(priv->ref.mode == 0600);
  CHECK(shared->ref.mode == 02644);  // setgid kept, the file type bits not
  CHECK_FALSE(missing->ref.has_owner);
  // The same through the prefetcher and inline.
  WalkOptions inline_listing;
  inline_listing.prefetch_threads = 0;
  auto again = WalkAll({t.path()}, inline_listing);
  REQUIRE(Find(again, t.Sub("shared.txt")) != nullptr);
  CHECK(Find(again, t.Sub("shared.txt"))->ref.mode == 02644);
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
  Walker w({t.Sub("missing"), t.path()}, Follow(true));
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

namespace {

WalkOptions Select(Strings include, Strings exclude) {
  WalkOptions o;
  o.include = std::move(include);
  o.exclude = std::move(exclude);
  return o;
}

}  // namespace

TEST_CASE("Exclude globs without '/' match names; excluded directories are not entered",
          "[scanner][walker]") {
  TempDir t;
  WriteFile(t.Sub("a.txt"), "x");
  WriteFile(t.Sub("b.tmp"), "x");
  WriteFile(t.Sub(".hidden.tmp"), "x");
  WriteFile(t.Sub("sub/c.tmp"), "x");
  WriteFile(t.Sub("sub/d.txt"), "x");
  WriteFile(t.Sub("node_modules/x.js"), "x");
  // A FIFO is yielded wherever the walk goes: its absence shows the
  // directory was not entered.
  REQUIRE(::mkfifo(t.Sub("node_modules/fifo").c_str(), 0600) == 0);
  WriteFile(t.Sub("build"), "a file named build");
  WriteFile(t.Sub("out/build/y.txt"), "x");

  CHECK(Relative(WalkAll({t.path()}, Select({}, {"*.tmp", "node_modules"})), t.path()) ==
        Strings{"a.txt", "build", "out/build/y.txt", "sub/d.txt"});
  // A trailing '/' keeps the file named build and skips the directory.
  CHECK(Relative(WalkAll({t.path()}, Select({}, {"build/", "node_modules/"})), t.path()) ==
        Strings{".hidden.tmp", "a.txt", "b.tmp", "build", "sub/c.tmp", "sub/d.txt"});
  // Globs never apply to the roots themselves.
  CHECK(WalkAll({t.Sub("b.tmp")}, Select({"*.csv"}, {"*.tmp"})).size() == 1);
}

TEST_CASE("Globs with '/' match the path relative to the root", "[scanner][walker]") {
  TempDir t;
  WriteFile(t.Sub("logs/a.log"), "x");
  WriteFile(t.Sub("logs/old/b.log"), "x");
  WriteFile(t.Sub("x/logs/c.log"), "x");
  WriteFile(t.Sub("top.log"), "x");
  const std::string root = t.path();

  // FNM_PATHNAME: '*' stays within one directory.
  CHECK(Relative(WalkAll({root}, Select({}, {"logs/*.log"})), root) ==
        Strings{"logs/old/b.log", "top.log", "x/logs/c.log"});
  // A leading '/' anchors to the root; without it a name glob matches anywhere.
  CHECK(Relative(WalkAll({root}, Select({}, {"/logs"})), root) ==
        Strings{"top.log", "x/logs/c.log"});
  CHECK(Relative(WalkAll({root}, Select({}, {"logs"})), root) == Strings{"top.log"});
  CHECK(Relative(WalkAll({root}, Select({}, {"x/logs"})), root) ==
        Strings{"logs/a.log", "logs/old/b.log", "top.log"});
  CHECK(Relative(WalkAll({root}, Select({}, {"*/logs"})), root) ==
        Strings{"logs/a.log", "logs/old/b.log", "top.log"});
  // A root given with a trailing '/' is matched the same way.
  auto entries = WalkAll({root + "/"}, Select({}, {"logs/old"}));
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].ref.path == root + "/logs/a.log");
  CHECK(entries[1].ref.path == root + "/top.log");
}

TEST_CASE("Include globs select regular files; other entries are still yielded",
          "[scanner][walker]") {
  TempDir t;
  WriteFile(t.Sub("a.csv"), "x");
  WriteFile(t.Sub("b.txt"), "x");
  WriteFile(t.Sub("d/c.csv"), "x");
  WriteFile(t.Sub("d/e.txt"), "x");
  WriteFile(t.Sub("deep/sub/x/y.txt"), "x");
  REQUIRE(::mkfifo(t.Sub("fifo").c_str(), 0600) == 0);
  REQUIRE(::symlink("b.txt", t.Sub("link").c_str()) == 0);
  REQUIRE(::symlink("nowhere", t.Sub("broken").c_str()) == 0);
  const std::string root = t.path();

  CHECK(Relative(WalkAll({root}, Select({"*.csv"}, {})), root) ==
        Strings{"a.csv", "broken", "d/c.csv", "fifo", "link"});
  CHECK(Relative(WalkAll({root}, Select({"d/*"}, {})), root) ==
        Strings{"broken", "d/c.csv", "d/e.txt", "fifo", "link"});
  // FNM_LEADING_DIR: a glob matching a directory selects its whole subtree.
  CHECK(Relative(WalkAll({root}, Select({"deep/sub"}, {})), root) ==
        Strings{"broken", "deep/sub/x/y.txt", "fifo", "link"});
  // Include globs ending in '/' select directories, which include never does.
  CHECK(Relative(WalkAll({root}, Select({"d/"}, {})), root) == Strings{"broken", "fifo", "link"});
  CHECK(Relative(WalkAll({root}, Select({"*.csv", "*.txt"}, {"d", "fifo", "broken"})), root) ==
        Strings{"a.csv", "b.txt", "deep/sub/x/y.txt", "link"});

  // A followed symlink to a file is a regular file, selected by its own name.
  WalkOptions follow = Select({"*.csv"}, {});
  follow.follow_symlinks = true;
  auto entries = WalkAll({root}, follow);
  CHECK(Relative(entries, root) == Strings{"a.csv", "broken", "d/c.csv", "fifo"});
  CHECK(Find(entries, t.Sub("broken"))->error.reason() == "broken-symlink");
}

namespace {

// A fresh directory on the file system of `where`, removed on destruction.
struct OtherDir {
  explicit OtherDir(const char* where) {
    std::string tmpl = std::string(where) + "/mamori-walk-XXXXXX";
    if (::mkdtemp(tmpl.data()) != nullptr) path = tmpl;
  }
  ~OtherDir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
  std::string path;
};

bool SameDevice(const std::string& a, const std::string& b) {
  struct stat sa, sb;
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev;
}

}  // namespace

TEST_CASE("one_file_system does not enter a directory on another device", "[scanner][walker]") {
  TempDir t;
  OtherDir other("/dev/shm");
  if (other.path.empty() || SameDevice(other.path, t.path())) {
    WARN("skipped: /dev/shm is not a separate file system from " << t.path());
    return;
  }
  WriteFile(other.path + "/inside.txt", "x");
  WriteFile(t.Sub("a.txt"), "x");
  REQUIRE(::symlink(other.path.c_str(), t.Sub("elsewhere").c_str()) == 0);
  WalkOptions options = Follow(true);

  CHECK(Relative(WalkAll({t.path()}, options), t.path()) ==
        Strings{"a.txt", "elsewhere/inside.txt"});

  options.one_file_system = true;
  auto entries = WalkAll({t.path()}, options);
  REQUIRE(Relative(entries, t.path()) == Strings{"a.txt", "elsewhere"});
  CHECK(entries[1].ref.kind == FileKind::kDirectory);
  CHECK(entries[1].error.reason() == "other-file-system");
  CHECK(entries[1].error.message().find("--one-file-system") != std::string::npos);
  // The device is compared with each root's own: a root elsewhere is walked.
  CHECK(WalkAll({other.path}, options).size() == 1);
}

TEST_CASE("one_file_system stops at mount points below the root", "[scanner][walker]") {
  if (SameDevice("/dev", "/dev/shm")) {
    WARN("skipped: /dev/shm is not a mount point here");
    return;
  }
  WalkOptions options;
  options.one_file_system = true;
  auto entries = WalkAll({"/dev"}, options);
  const WalkEntry* shm = Find(entries, "/dev/shm");
  REQUIRE(shm != nullptr);
  CHECK(shm->error.reason() == "other-file-system");
  for (const auto& e : entries) CHECK(e.ref.path.rfind("/dev/shm/", 0) != 0);
}

namespace {

// About 2,000 entries in about 200 directories, with the odd FIFO, symlink
// and empty directory.
void MakeTree(const TempDir& t) {
  for (int i = 0; i < 10; ++i) {
    const std::string top = t.Sub("d") + std::to_string(i);
    for (int j = 0; j < 20; ++j) {
      char sub[16];
      std::snprintf(sub, sizeof sub, "/%s%02d/f", j % 2 ? "Sub" : "sub", j);
      for (int k = 0; k < 9; ++k) {
        WriteFile(top + sub + std::to_string(k) + ".txt", std::string(k, 'x'));
      }
    }
    ::mkdir((top + "/empty").c_str(), 0700);
    ::mkfifo((top + "/fifo").c_str(), 0600);
    ::symlink("sub00", (top + "/link").c_str());
    ::symlink("..", (top + "/up").c_str());
  }
}

using Seen = std::tuple<std::string, FileKind, std::uint64_t, std::uint64_t, std::string>;

std::vector<Seen> Sequence(const std::string& root, bool follow, int threads) {
  WalkOptions o = Follow(follow);
  o.prefetch_threads = threads;
  std::vector<Seen> out;
  for (const auto& e : WalkAll({root}, o)) {
    out.emplace_back(e.ref.path, e.ref.kind, e.ref.size, e.ref.inode, e.error.reason());
  }
  return out;
}

}  // namespace

TEST_CASE("Prefetching directories does not change the walk", "[scanner][walker]") {
  TempDir t;
  MakeTree(t);
  for (bool follow : {false, true}) {
    auto inline_walk = Sequence(t.path(), follow, 0);
    CHECK(inline_walk.size() == 1830u);
    for (int threads : {1, 4, 16}) {
      INFO("follow " << follow << ", threads " << threads);
      CHECK(Sequence(t.path(), follow, threads) == inline_walk);
    }
  }
}

TEST_CASE("A walker destroyed mid-walk stops its prefetch threads", "[scanner][walker]") {
  TempDir t;
  MakeTree(t);
  for (int taken : {0, 1, 10, 500}) {
    WalkOptions o;
    o.prefetch_threads = 8;
    Walker w({t.path(), t.path()}, o);
    WalkEntry e;
    for (int i = 0; i < taken; ++i) REQUIRE(w.Next(&e));
  }
}

TEST_CASE("A directory of 100000 files is walked in order", "[scanner][walker]") {
  // Made on tmpfs when there is one: creating 100,000 inodes on a disk file
  // system can take several seconds by itself.
  TempDir fallback;
  OtherDir shm("/dev/shm");
  const std::string root = shm.path.empty() ? fallback.path() : shm.path;
  const int kFiles = 100000;
  const std::string dir = root + "/many";
  REQUIRE(::mkdir(dir.c_str(), 0700) == 0);
  int dirfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  REQUIRE(dirfd >= 0);
  char name[32];
  int created = 0;
  for (int i = 0; i < kFiles; ++i) {
    std::snprintf(name, sizeof name, "f%06d", (i * 7919) % kFiles);  // not created in order
    int fd = ::openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) break;
    ::close(fd);
    ++created;
  }
  ::close(dirfd);
  REQUIRE(created == kFiles);

  Walker w({root}, WalkOptions{});
  WalkEntry e;
  int count = 0;
  int out_of_order = 0;
  while (w.Next(&e)) {
    std::snprintf(name, sizeof name, "/many/f%06d", count);
    if (e.ref.path != root + name || e.ref.kind != FileKind::kRegular || !e.error.ok()) {
      ++out_of_order;
    }
    ++count;
  }
  CHECK(count == kFiles);
  CHECK(out_of_order == 0);
}

}  // namespace mamori
