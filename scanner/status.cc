#include "mamori/status.h"

#include <cerrno>
#include <cstring>

namespace mamori {

Status Status::FromErrno(int err, const std::string& context) {
  const char* reason;
  switch (err) {
    case EACCES:
    case EPERM: reason = "permission-denied"; break;
    case ENOENT:
    case ENOTDIR: reason = "vanished"; break;
    case ELOOP: reason = "symlink-loop"; break;
    case EIO: reason = "io-error"; break;
    case ENAMETOOLONG: reason = "name-too-long"; break;
    default: reason = "os-error";
  }
  return Status(reason, context + ": " + std::strerror(err));
}

}  // namespace mamori
