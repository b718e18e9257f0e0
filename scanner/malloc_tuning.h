// Allocator tuning: glibc keeps at most 7 freed chunks of each size in a
// thread's cache (tcache) by default. poppler's text layout frees thousands
// of same-size objects at a time, and with 4096 cached the PDF part of the
// benchmark ran 26% faster (11.6 s -> 8.6 s of 1,000 PDFs), at the same
// peak RSS. The count is a glibc tunable read only when a process starts,
// so the program that scans is started with it set: by the `mamori`
// launcher (launcher.cc), or by mamori-engine re-executing itself when it
// was run directly. MAMORI_MALLOC_TUNED=1 in the environment marks a
// process as tuned and skips both (set it to run under valgrind, say,
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

// Whether this process was started tuned (the marker is set).
bool MallocTuned();

// Replaces this process with `program` run on `argv`, the tunable and the
// marker set. Returns only when that failed, with the environment as it was.
void ExecWithMallocTuning(const char* program, char** argv);

// Re-executes this program tuned unless it already is. Returns only when
// no re-execution happened (already tuned, not glibc, or the exec failed);
// the process then runs as it is.
void ReexecWithMallocTuning(char** argv);

}  // namespace mamori

#endif  // MAMORI_SCANNER_MALLOC_TUNING_H_
