#include "malloc_tuning.h"

#include <unistd.h>

#include <cstdlib>

namespace mamori {

namespace {

constexpr const char* kMarker = "MAMORI_MALLOC_TUNED";
constexpr const char* kTunables = "GLIBC_TUNABLES";
constexpr const char* kOurs = "glibc.malloc.tcache_count=4096";

}  // namespace

std::string TunablesWith(const char* existing) {
  if (existing == nullptr || *existing == '\0') return kOurs;
  return std::string(kOurs) + ":" + existing;
}

bool MallocTuned() { return std::getenv(kMarker) != nullptr; }

void ExecWithMallocTuning(const char* program, char** argv) {
#if defined(__GLIBC__)
  const char* before = std::getenv(kTunables);
  const std::string saved = before != nullptr ? before : "";
  const std::string tunables = TunablesWith(before);
  if (setenv(kTunables, tunables.c_str(), 1) != 0 || setenv(kMarker, "1", 1) != 0) return;
  execv(program, argv);
  if (before != nullptr) {
    setenv(kTunables, saved.c_str(), 1);
  } else {
    unsetenv(kTunables);
  }
  unsetenv(kMarker);
#else
  (void)program;
  (void)argv;
#endif
}

void ReexecWithMallocTuning(char** argv) {
  if (MallocTuned() || argv == nullptr || argv[0] == nullptr) return;
  // No /proc, say: the exec fails and the process runs untuned.
  ExecWithMallocTuning("/proc/self/exe", argv);
}

}  // namespace mamori
