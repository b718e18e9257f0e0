#include "matcher_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace mamori {

std::string CacheEntryPath(const std::string& dir, std::string_view key) {
  return dir + "/hsdb-" + std::string(key) + ".bin";
}

bool ReadCacheEntry(const std::string& path, std::string* bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  struct stat st;
  // Bounded: a database of these rules is well under 64 MiB.
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (64 << 20)) {
    ::close(fd);
    return false;
  }
  bytes->resize(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  while (got < bytes->size()) {
    ssize_t n = ::read(fd, bytes->data() + got, bytes->size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return got == bytes->size();
}

bool WriteCacheEntry(const std::string& dir, const std::string& path, std::string_view bytes) {
  // Create the directory and its parent (~/.cache may not exist yet).
  std::string parent = dir.substr(0, dir.find_last_of('/'));
  if (!parent.empty()) ::mkdir(parent.c_str(), 0700);
  ::mkdir(dir.c_str(), 0700);
  std::string tmp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) return false;
  std::size_t put = 0;
  while (put < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + put, bytes.size() - put);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    put += static_cast<std::size_t>(n);
  }
  bool ok = put == bytes.size() && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (ok) ok = ::rename(tmp.c_str(), path.c_str()) == 0;
  if (!ok) ::unlink(tmp.c_str());
  return ok;
}

}  // namespace mamori
