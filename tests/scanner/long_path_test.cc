#include "scanner/long_path.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <string>
#include <vector>

#include "mamori/file_reader.h"
#include "mamori/walker.h"
#include "test_util.h"

namespace mamori {

using testing::TempDir;
using testing::WriteFile;

namespace {

// Directories with 200-byte names nested below `base` until the path is
// longer than PATH_MAX, made and removed through descriptors, since plain
// path calls (std::filesystem::remove_all among them) fail on such paths.
class DeepTree {
 public:
  explicit DeepTree(const std::string& base, int levels = 25) : path_(base) {
    fds_.push_back(::open(base.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    for (int i = 0; i < levels && fds_.back() >= 0; ++i) {
      std::string name(200, static_cast<char>('a' + i % 26));
      if (::mkdirat(fds_.back(), name.c_str(), 0700) != 0) break;
      names_.push_back(name);
      fds_.push_back(::openat(fds_.back(), name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
      path_ += "/" + name;
    }
  }
  ~DeepTree() {
    for (auto it = leaves_.rbegin(); it != leaves_.rend(); ++it) {
      if (::unlinkat(fds_.back(), it->c_str(), 0) != 0) {
        ::unlinkat(fds_.back(), it->c_str(), AT_REMOVEDIR);
      }
    }
    for (std::size_t i = names_.size(); i-- > 0;) {
      ::close(fds_[i + 1]);
      ::unlinkat(fds_[i], names_[i].c_str(), AT_REMOVEDIR);
    }
    ::close(fds_[0]);
  }
  DeepTree(const DeepTree&) = delete;
  DeepTree& operator=(const DeepTree&) = delete;

  bool ok() const { return fds_.back() >= 0 && path_.size() > PATH_MAX; }
  // The deepest directory.
  const std::string& path() const { return path_; }
  int fd() const { return fds_.back(); }
  const std::string& name(std::size_t level) const { return names_[level]; }

  void AddFile(const std::string& name, const std::string& content) {
    leaves_.push_back(name);
    int fd = ::openat(fds_.back(), name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
    ::close(fd);
  }
  void AddSymlink(const std::string& name, const std::string& target) {
    leaves_.push_back(name);
    REQUIRE(::symlinkat(target.c_str(), fds_.back(), name.c_str()) == 0);
  }
  void AddDir(const std::string& name) {
    leaves_.push_back(name);
    REQUIRE(::mkdirat(fds_.back(), name.c_str(), 0700) == 0);
  }

 private:
  std::string path_;
  std::vector<int> fds_;  // fds_[0] is the base, fds_[i + 1] the directory names_[i]
  std::vector<std::string> names_;
  std::vector<std::string> leaves_;  // entries made in the deepest directory
};

std::string ReadAll(int fd) {
  std::string out;
  char buf[256];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  return out;
}

}  // namespace

TEST_CASE("Path helpers act as the plain calls on short paths", "[scanner][long_path]") {
  TempDir t;
  WriteFile(t.Sub("d/f.txt"), "hello");
  WriteFile(t.Sub("d/g.txt"), "");
  REQUIRE(::symlink("f.txt", t.Sub("d/link").c_str()) == 0);

  struct stat st;
  REQUIRE(StatPath(t.Sub("d/link"), &st, false) == 0);
  CHECK(S_ISLNK(st.st_mode));
  REQUIRE(StatPath(t.Sub("d/link"), &st, true) == 0);
  CHECK(S_ISREG(st.st_mode));
  CHECK(st.st_size == 5);
  errno = 0;
  CHECK(StatPath(t.Sub("d/missing"), &st, false) == -1);
  CHECK(errno == ENOENT);

  int fd = OpenPath(t.Sub("d/f.txt"), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  CHECK(ReadAll(fd) == "hello");
  ::close(fd);
  CHECK(OpenPath(t.Sub("d/link"), O_RDONLY | O_NOFOLLOW | O_CLOEXEC) == -1);
  CHECK(errno == ELOOP);

  std::vector<std::string> names;
  int err = 0;
  REQUIRE(ListDirectory(t.Sub("d"), &names, &err));
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"f.txt", "g.txt", "link"});
  CHECK_FALSE(ListDirectory(t.Sub("d/f.txt"), &names, &err));
  CHECK(err == ENOTDIR);
}

TEST_CASE("Path helpers reach entries below paths longer than PATH_MAX", "[scanner][long_path]") {
  TempDir t;
  DeepTree deep(t.path());
  REQUIRE(deep.ok());
  deep.AddFile("deep.txt", "far down");
  deep.AddSymlink("link", "deep.txt");
  deep.AddSymlink("up", "..");
  const std::string file = deep.path() + "/deep.txt";

  struct stat st;
  REQUIRE(::lstat(file.c_str(), &st) == -1);  // what the helpers are for
  CHECK(errno == ENAMETOOLONG);

  REQUIRE(StatPath(file, &st, false) == 0);
  CHECK(S_ISREG(st.st_mode));
  CHECK(st.st_size == 8);
  REQUIRE(StatPath(deep.path() + "/link", &st, false) == 0);
  CHECK(S_ISLNK(st.st_mode));
  REQUIRE(StatPath(deep.path() + "/link", &st, true) == 0);
  CHECK(S_ISREG(st.st_mode));
  REQUIRE(StatPath(deep.path() + "/", &st, false) == 0);
  CHECK(S_ISDIR(st.st_mode));
  CHECK(StatPath(deep.path() + "/missing", &st, false) == -1);
  CHECK(errno == ENOENT);

  int fd = OpenPath(file, O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  CHECK(ReadAll(fd) == "far down");
  ::close(fd);
  CHECK(OpenPath(deep.path() + "/link", O_RDONLY | O_NOFOLLOW | O_CLOEXEC) == -1);
  CHECK(errno == ELOOP);
  // Below the first PATH_MAX bytes, components are not followed through symlinks.
  CHECK(StatPath(deep.path() + "/up/" + deep.name(24) + "/deep.txt", &st, false) == -1);
  CHECK(errno == ENOTDIR);

  std::vector<std::string> names;
  int err = 0;
  REQUIRE(ListDirectory(deep.path(), &names, &err));
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"deep.txt", "link", "up"});
}

TEST_CASE("The walker and the reader handle paths longer than PATH_MAX", "[scanner][long_path]") {
  TempDir t;
  DeepTree deep(t.path());
  REQUIRE(deep.ok());
  deep.AddFile("deep.txt", "far down");
  deep.AddDir("empty");

  for (int threads : {0, 4}) {
    WalkOptions options;
    options.prefetch_threads = threads;
    for (const std::string& root : {t.path(), deep.path()}) {
      Walker w({root}, options);
      WalkEntry e;
      REQUIRE(w.Next(&e));
      CHECK(e.error.ok());
      CHECK(e.ref.path == deep.path() + "/deep.txt");
      CHECK(e.ref.kind == FileKind::kRegular);
      CHECK(e.ref.size == 8);
      CHECK_FALSE(w.Next(&e));
      CHECK(w.roots_found() == 1);
    }
  }

  FileReader reader;
  FileRef ref;
  REQUIRE(reader.Open(deep.path() + "/deep.txt", &ref).ok());
  CHECK(ref.size == 8);
  char buf[64];
  std::size_t got = 0;
  bool eof = false;
  REQUIRE(reader.Read(buf, sizeof buf, &got, &eof).ok());
  CHECK(std::string(buf, got) == "far down");
  CHECK(eof);
  reader.Close();
  CHECK(reader.Open(deep.path() + "/missing", &ref).reason() == "vanished");
}

}  // namespace mamori
