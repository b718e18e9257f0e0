#include "scanner/process_priority.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <functional>
#include <latch>
#include <thread>

namespace mamori {

namespace {

constexpr int kIoprioWhoProcess = 1;
constexpr int kIoprioClassIdle = 3;

// Nice value of the calling thread (who = 0 names the thread on Linux).
int ThreadNice() {
  errno = 0;
  const int nice = ::getpriority(PRIO_PROCESS, 0);
  return errno == 0 ? nice : -100;
}

// I/O scheduling class of the calling thread, or -1.
int ThreadIoClass() {
  const long prio = ::syscall(SYS_ioprio_get, kIoprioWhoProcess, 0);
  return prio < 0 ? -1 : static_cast<int>((prio >> 13) & 0x7);
}

// Runs `body` in a forked child, so the lowered priority (which cannot be
// raised again without privilege) stays out of the test process. Returns the
// child's exit code, or -1 if it did not exit normally.
int InChild(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  if (pid < 0) return -1;
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("LowerProcessPriority sets nice 19 and the idle I/O class", "[scanner][manners]") {
  const int code = InChild([] {
    if (!LowerProcessPriority().ok()) return 10;
    if (ThreadNice() != 19) return 11;
    if (ThreadIoClass() != kIoprioClassIdle) return 12;
    // Calling it again is harmless.
    if (!LowerProcessPriority().ok()) return 13;
    return 0;
  });
  INFO("child exit code " << code
                          << " (10: failed, 11: nice not 19, 12: I/O class not idle, "
                             "13: second call failed)");
  CHECK(code == 0);
}

// Pins the REQUIRES in process_priority.h: the settings are per thread on
// Linux, so threads started afterwards have them and threads started before
// do not.
TEST_CASE("LowerProcessPriority covers threads started after it, not before",
          "[scanner][manners]") {
  const int code = InChild([] {
    const int nice_before = ThreadNice();
    const int class_before = ThreadIoClass();
    std::latch lowered(1);
    int earlier_nice = 0;
    int earlier_class = 0;
    std::thread earlier([&] {
      lowered.wait();
      earlier_nice = ThreadNice();
      earlier_class = ThreadIoClass();
    });
    if (!LowerProcessPriority().ok()) return 10;
    lowered.count_down();
    earlier.join();

    int later_nice = 0;
    int later_class = 0;
    std::thread later([&] {
      later_nice = ThreadNice();
      later_class = ThreadIoClass();
    });
    later.join();
    if (later_nice != 19) return 11;
    if (later_class != kIoprioClassIdle) return 12;
    // Only telling when the test itself does not already run at the bottom.
    if (nice_before != 19 && earlier_nice != nice_before) return 13;
    if (class_before != kIoprioClassIdle && earlier_class == kIoprioClassIdle) return 14;
    return 0;
  });
  INFO("child exit code "
       << code
       << " (10: failed, 11: later thread's nice not 19, 12: later thread's I/O class not idle, "
          "13: earlier thread's nice changed, 14: earlier thread's I/O class changed)");
  CHECK(code == 0);
}

}  // namespace mamori
