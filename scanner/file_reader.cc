#include "mamori/file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "long_path.h"

namespace mamori {

FileReader::~FileReader() { Close(); }

void FileReader::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Status FileReader::Open(const std::string& path, FileRef* ref) {
  Close();
  const int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW;
  // OpenPath: paths longer than PATH_MAX open too (a component at a time).
  int opened_with = flags | O_NOATIME;
  int fd = OpenPath(path, opened_with);
  if (fd < 0 && errno == EPERM) {
    // O_NOATIME needs ownership or CAP_FOWNER; read anyway without it.
    opened_with = flags;
    fd = OpenPath(path, opened_with);
  }
  if (fd < 0) {
    int err = errno;
    if (err == ELOOP) {
      return Status::Error("not-regular-file", path + ": replaced by a symlink after the walk");
    }
    return Status::FromErrno(err, "open");
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Status::FromErrno(err, "fstat");
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::Error("not-regular-file", "no longer a regular file when opened");
  }
  // Reads block normally from here on; O_NONBLOCK was only for the open.
  // (F_SETFL takes the status flags we opened with: no F_GETFL needed.)
  ::fcntl(fd, F_SETFL, opened_with & ~O_NONBLOCK);
  // Read-ahead is asked to grow only where there is more than the default
  // window to read: a syscall less for each small file.
  constexpr off_t kDefaultReadahead = 128 << 10;
  if (st.st_size > kDefaultReadahead) ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  ref->size = static_cast<std::uint64_t>(st.st_size);
  size_ = ref->size;
  pos_ = 0;
  ref->mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  ref->inode = st.st_ino;
  ref->device = st.st_dev;
  fd_ = fd;
  return Status::OK();
}

Status FileReader::Read(char* buf, std::size_t capacity, std::size_t* got, bool* eof) {
  *got = 0;
  *eof = false;
  while (*got < capacity) {
    const std::size_t asked = capacity - *got;
    ssize_t n = ::read(fd_, buf + *got, asked);
    if (n > 0) {
      *got += static_cast<std::size_t>(n);
      pos_ += static_cast<std::uint64_t>(n);
      // A regular file's read falls short only at its end (or at a signal,
      // when the position is then not where fstat put the end). A file that
      // grew since has more to give and reads on.
      if (static_cast<std::size_t>(n) < asked && pos_ == size_) {
        *eof = true;
        break;
      }
    } else if (n == 0) {
      *eof = true;
      break;
    } else if (errno != EINTR) {
      Status s = Status::FromErrno(errno, "read");
      return s.reason() == "os-error" ? Status::Error("read-error", s.message()) : s;
    }
  }
  return Status::OK();
}

Status FileReader::ReadAt(std::uint64_t offset, char* buf, std::size_t n, std::size_t* got) {
  *got = 0;
  while (*got < n) {
    ssize_t k = ::pread(fd_, buf + *got, n - *got, static_cast<off_t>(offset + *got));
    if (k > 0) {
      *got += static_cast<std::size_t>(k);
    } else if (k == 0) {
      break;
    } else if (errno != EINTR) {
      Status s = Status::FromErrno(errno, "read");
      return s.reason() == "os-error" ? Status::Error("read-error", s.message()) : s;
    }
  }
  return Status::OK();
}

}  // namespace mamori
