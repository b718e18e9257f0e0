#include "long_path.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

namespace mamori {

namespace {

bool FitsPathMax(std::string_view path) { return path.size() < PATH_MAX; }

// Closes `fd` without letting close(2) change errno.
void CloseKeepErrno(int fd) {
  int saved = errno;
  ::close(fd);
  errno = saved;
}

// For a path too long for one system call: opens the directory that holds
// its last component (an O_PATH descriptor) and sets *last to that
// component. REQUIRES: `path` has no trailing '/'. Returns -1 with errno set
// on failure.
int OpenParent(std::string_view path, std::string* last) {
  const std::size_t last_slash = path.rfind('/');
  // The longest prefix a plain open(2) accepts, ending at a component
  // boundary, and never past the parent.
  std::size_t cut = path.rfind('/', PATH_MAX - 1);
  if (last_slash == std::string_view::npos || cut == std::string_view::npos) {
    errno = ENAMETOOLONG;  // only when single names exceed NAME_MAX
    return -1;
  }
  std::string prefix(cut == 0 ? std::string_view("/") : path.substr(0, cut));
  int fd = ::open(prefix.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -1;
  std::string component;
  std::size_t pos = cut + 1;
  while (pos < last_slash) {
    std::size_t next = path.find('/', pos);
    std::string_view name = path.substr(pos, next - pos);
    pos = next + 1;
    if (name.empty() || name == ".") continue;
    component.assign(name);
    // Below the first part, each directory is entered only as itself: a
    // symlink swapped in there is refused rather than followed.
    int child = ::openat(fd, component.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    CloseKeepErrno(fd);
    if (child < 0) return -1;
    fd = child;
  }
  last->assign(path.substr(last_slash + 1));
  return fd;
}

std::string_view TrimTrailingSlashes(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

}  // namespace

int OpenPath(const std::string& path, int flags) {
  if (FitsPathMax(path)) return ::open(path.c_str(), flags, 0);
  std::string_view trimmed = TrimTrailingSlashes(path);
  if (FitsPathMax(trimmed)) return ::open(std::string(trimmed).c_str(), flags, 0);
  std::string last;
  int dir = OpenParent(trimmed, &last);
  if (dir < 0) return -1;
  int fd = ::openat(dir, last.c_str(), flags, 0);
  CloseKeepErrno(dir);
  return fd;
}

int StatPath(const std::string& path, struct stat* st, bool follow) {
  if (FitsPathMax(path)) return follow ? ::stat(path.c_str(), st) : ::lstat(path.c_str(), st);
  std::string_view trimmed = TrimTrailingSlashes(path);
  std::string last;
  int dir = OpenParent(trimmed, &last);
  if (dir < 0) return -1;
  int rc = ::fstatat(dir, last.c_str(), st, follow ? 0 : AT_SYMLINK_NOFOLLOW);
  CloseKeepErrno(dir);
  return rc;
}

bool ListDirectory(const std::string& path, std::vector<std::string>* names, int* err) {
  int fd = OpenPath(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    *err = errno;
    return false;
  }
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    *err = errno;
    ::close(fd);
    return false;
  }
  bool ok = true;
  for (;;) {
    errno = 0;
    const struct dirent* de = ::readdir(dir);
    if (de == nullptr) {
      if (errno != 0) {
        *err = errno;
        ok = false;
      }
      break;
    }
    if (std::strcmp(de->d_name, ".") == 0 || std::strcmp(de->d_name, "..") == 0) continue;
    names->emplace_back(de->d_name);
  }
  ::closedir(dir);  // closes fd too
  return ok;
}

}  // namespace mamori
