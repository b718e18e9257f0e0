// The `mamori` command: starts mamori-engine, the program beside it that
// does the work, with the allocator tuned (malloc_tuning.h).
//
// Why a launcher: the tuning is read only when a process starts, and the
// engine re-executing itself paid for loading its 40-odd shared libraries
// twice, 8-14 ms a run measured on an empty directory (the page faults of
// mapping them, in a VM). This program loads only libc and libstdc++, so
// a short scan (the benchmark's small-text part, a scheduled scan finding
// nothing changed) starts that much sooner.
//
// Thread-safety: a whole program, single-threaded until it execs.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "malloc_tuning.h"

namespace {

constexpr int kExitFailed = 2;  // `scan`'s status for a scan that failed
constexpr const char* kEngine = "mamori-engine";

// The engine's path: beside this program as the kernel started it (so a
// symlink to mamori works), or beside argv[0] when /proc is not mounted.
// Empty when neither is known.
std::string EnginePath(const char* argv0) {
  std::string self(4096, '\0');
  const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size());
  if (n > 0 && static_cast<std::size_t>(n) < self.size()) {
    self.resize(static_cast<std::size_t>(n));
  } else if (argv0 != nullptr && std::strchr(argv0, '/') != nullptr) {
    self = argv0;
  } else {
    return {};
  }
  return self.substr(0, self.rfind('/') + 1) + kEngine;
}

}  // namespace

int main(int, char** argv) {
  const std::string engine = EnginePath(argv[0]);
  if (engine.empty()) {
    std::fprintf(stderr, "mamori: cannot find %s: /proc/self/exe is unreadable\n", kEngine);
    return kExitFailed;
  }
  if (!mamori::MallocTuned()) mamori::ExecWithMallocTuning(engine.c_str(), argv);
  // Tuned already (the marker was set), or the tuning could not be set up:
  // the engine runs as it is.
  ::execv(engine.c_str(), argv);
  std::fprintf(stderr, "mamori: cannot run %s: %s\n", engine.c_str(), std::strerror(errno));
  return kExitFailed;
}
