#include "scanner/dir_prefetcher.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "test_util.h"

namespace mamori {
namespace {

using testing::TempDir;

// Every entry as lstat (or stat through a symlink, when following) sees it.
void CheckAgainstStat(const std::string& dir, const DirListing& listing, bool follow) {
  for (const ListedEntry& e : listing.entries) {
    INFO(e.name);
    struct stat st;
    const std::string path = dir + "/" + e.name;
    const int rc = follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st);
    if (rc != 0) {
      CHECK(e.error != 0);
      continue;
    }
    CHECK(e.error == 0);
    CHECK(e.size == static_cast<std::uint64_t>(st.st_size));
    CHECK(e.inode == st.st_ino);
    CHECK(e.mode == (st.st_mode & 07777));
    CHECK(e.kind == (S_ISDIR(st.st_mode)   ? FileKind::kDirectory
                     : S_ISLNK(st.st_mode) ? FileKind::kSymlink
                                           : FileKind::kRegular));
  }
}

TEST_CASE("A large directory is listed sorted, every entry examined", "[scanner][walker]") {
  // More entries than one thread examines alone, of every kind and size,
  // so both halves of the listing are checked.
  TempDir t;
  const std::string dir = t.Sub("big");
  REQUIRE(::mkdir(dir.c_str(), 0700) == 0);
  const int kEntries = 3001;
  char name[32];
  for (int i = 0; i < kEntries; ++i) {
    const int n = (i * 7919) % kEntries;  // not created in order
    std::snprintf(name, sizeof name, "e%05d", n);
    const std::string path = dir + "/" + name;
    if (n % 10 == 3) {
      REQUIRE(::mkdir(path.c_str(), 0750) == 0);
    } else if (n % 10 == 7) {
      REQUIRE(::symlink(n % 20 == 7 ? "e00000" : "missing", path.c_str()) == 0);
    } else {
      testing::WriteFile(path, std::string(n % 97, 'x'));
      ::chmod(path.c_str(), n % 2 ? 0600 : 0644);
    }
  }
  for (bool follow : {false, true}) {
    INFO("follow " << follow);
    const DirListing listing = ListDirectoryEntries(dir, follow);
    CHECK(listing.error == 0);
    REQUIRE(listing.entries.size() == static_cast<std::size_t>(kEntries));
    for (int i = 0; i < kEntries; ++i) {
      std::snprintf(name, sizeof name, "e%05d", i);
      REQUIRE(listing.entries[i].name == name);
    }
    CheckAgainstStat(dir, listing, follow);
  }
}

TEST_CASE("A directory that cannot be listed says why", "[scanner][walker]") {
  TempDir t;
  const DirListing listing = ListDirectoryEntries(t.Sub("absent"), false);
  CHECK(listing.error == ENOENT);
  CHECK(listing.entries.empty());
}

}  // namespace
}  // namespace mamori
