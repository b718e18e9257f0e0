// Allocator tuning: glibc keeps at most 7 freed chunks of each size in a
// thread's cache (tcache) by default. poppler's text layout frees thousands
// of same-size objects at a time, and with 4096 cached the PDF part of the
// benchmark ran 26% faster (11.6 s -> 8.6 s of 1,000 PDFs) and the office
// part about 10%, at the same peak RSS. The count is a glibc tunable read
// only when a process starts, so mamori re-executes itself once with it set.
// MAMORI_MALLOC_TUNED=1 in the environment skips this (under valgrind, say,
// which an exec would leave).
//
// Thread-safety: call first thing in main, before any thread starts.
#ifndef MAMORI_SCANNER_MALLOC_TUNING_H_
#define MAMORI_SCANNER_MALLOC_TUNING_H_

#include <string>

namespace mamori {

// The GLIBC_TUNABLES value to run with, given the one set (or nullptr):
// ours first, so that a user's own setting of the same tunable, later in the
// list, keeps its say.
std::string TunablesWith(const char* existing);

// Returns only when no re-execution happened (already tuned, not glibc, or
// the exec failed); the process then runs as it is.
void ReexecWithMallocTuning(char** argv);

}  // namespace mamori

#endif  // MAMORI_SCANNER_MALLOC_TUNING_H_
