#include "mamori/walker.h"

#include <sys/stat.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <set>
#include <utility>

namespace mamori {

namespace bfs = boost::filesystem;

namespace {

FileKind KindOf(mode_t mode) {
  if (S_ISREG(mode)) return FileKind::kRegular;
  if (S_ISDIR(mode)) return FileKind::kDirectory;
  if (S_ISLNK(mode)) return FileKind::kSymlink;
  if (S_ISFIFO(mode)) return FileKind::kFifo;
  if (S_ISSOCK(mode)) return FileKind::kSocket;
  if (S_ISBLK(mode)) return FileKind::kBlockDevice;
  if (S_ISCHR(mode)) return FileKind::kCharDevice;
  return FileKind::kOther;
}

void Fill(const struct stat& st, FileRef* ref) {
  ref->kind = KindOf(st.st_mode);
  ref->size = static_cast<std::uint64_t>(st.st_size);
  ref->mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  ref->inode = st.st_ino;
  ref->device = st.st_dev;
}

std::string Join(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

}  // namespace

struct Walker::Rep {
  std::vector<std::string> roots;
  std::size_t next_root = 0;
  std::size_t roots_found = 0;
  WalkOptions options;
  std::vector<std::string> pending;  // a stack: the next path is at the back
  std::set<std::pair<std::uint64_t, std::uint64_t>> seen_dirs;

  // Examines one path. Returns true with *entry filled when there is
  // something to yield; false when it was a directory now listed.
  bool Examine(const std::string& path, bool is_root, WalkEntry* entry) {
    entry->ref = FileRef();
    entry->ref.path = path;
    entry->error = Status::OK();
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) {
      int err = errno;
      entry->error = is_root && err == ENOENT
                         ? Status::Error("not-found", "no such file or directory")
                         : Status::FromErrno(err, "lstat");
      return true;
    }
    Fill(st, &entry->ref);
    if (is_root) ++roots_found;
    // A root the user named is followed even when it is a symlink.
    if (S_ISLNK(st.st_mode) && (options.follow_symlinks || is_root)) {
      struct stat target;
      if (::stat(path.c_str(), &target) != 0) {
        int err = errno;
        entry->error = err == ENOENT ? Status::Error("broken-symlink", "symlink target missing")
                                     : Status::FromErrno(err, "stat");
        return true;
      }
      Fill(target, &entry->ref);
    }
    if (entry->ref.kind != FileKind::kDirectory) return true;

    if (!seen_dirs.emplace(entry->ref.device, entry->ref.inode).second) {
      entry->error = Status::Error("symlink-loop",
                                   "directory already walked, reached again through a symlink");
      return true;
    }
    return !List(path, entry);
  }

  // Pushes the directory's entries in reverse name order so they pop in
  // order. Returns false (and fills entry->error) if it cannot be listed;
  // entries read before a mid-listing error are still walked.
  bool List(const std::string& dir, WalkEntry* entry) {
    boost::system::error_code ec;
    bfs::directory_iterator it(dir, ec);
    std::vector<std::string> names;
    for (; !ec && it != bfs::directory_iterator(); it.increment(ec)) {
      names.push_back(it->path().filename().string());
    }
    std::sort(names.begin(), names.end(), std::greater<>());
    for (auto& name : names) pending.push_back(Join(dir, name));
    if (ec) {
      entry->error = Status::FromErrno(ec.value(), "list directory");
      return false;
    }
    return true;
  }
};

Walker::Walker(std::vector<std::string> roots, WalkOptions options)
    : rep_(std::make_unique<Rep>()) {
  rep_->roots = std::move(roots);
  rep_->options = options;
}

Walker::~Walker() = default;

std::size_t Walker::roots_found() const { return rep_->roots_found; }

bool Walker::Next(WalkEntry* entry) {
  for (;;) {
    if (!rep_->pending.empty()) {
      std::string path = std::move(rep_->pending.back());
      rep_->pending.pop_back();
      if (rep_->Examine(path, false, entry)) return true;
    } else if (rep_->next_root < rep_->roots.size()) {
      const std::string& root = rep_->roots[rep_->next_root++];
      if (rep_->Examine(root, true, entry)) return true;
    } else {
      return false;
    }
  }
}

}  // namespace mamori
