#include "scan_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

namespace mamori {

ScanLock::~ScanLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

Status ScanLock::Acquire(const std::string& db_path) {
  const std::string path = db_path + ".lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd_ < 0) return Status::FromErrno(errno, "open " + path);
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK) {
      return Status::Error("database-busy", "another mamori scan is using " + db_path +
                                                "; wait for it to finish or use another --db");
    }
    return Status::FromErrno(err, "lock " + path);
  }
  return Status::OK();
}

}  // namespace mamori
