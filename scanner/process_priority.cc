#include "process_priority.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace mamori {

namespace {

// From the kernel's ABI (include/uapi/linux/ioprio.h). Spelt out here because
// glibc has no wrapper and the header's contents differ between kernel
// versions (enums in some, macros in others).
constexpr int kIoprioWhoProcess = 1;
constexpr int kIoprioClassIdle = 3;
constexpr int kIoprioClassShift = 13;

constexpr int kLowestNice = 19;

}  // namespace

Status LowerProcessPriority() {
  std::string failed;
  if (::setpriority(PRIO_PROCESS, 0, kLowestNice) != 0) {
    failed = std::string("setpriority(19): ") + std::strerror(errno);
  }
#ifdef SYS_ioprio_set
  if (::syscall(SYS_ioprio_set, kIoprioWhoProcess, 0, kIoprioClassIdle << kIoprioClassShift) != 0) {
    if (!failed.empty()) failed += "; ";
    failed += std::string("ioprio_set(idle): ") + std::strerror(errno);
  }
#else
  if (!failed.empty()) failed += "; ";
  failed += "ioprio_set(idle): not available on this system";
#endif
  if (!failed.empty()) return Status::Error("priority-failed", failed);
  return Status::OK();
}

}  // namespace mamori
