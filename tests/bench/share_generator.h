// The generated share that share_bench measures.
//
// Thread-safety: EnsureShare starts and joins its own threads; call it from
// one thread. WriteFile is thread-safe for distinct paths.
#ifndef MAMORI_TESTS_BENCH_SHARE_GENERATOR_H_
#define MAMORI_TESTS_BENCH_SHARE_GENERATOR_H_

#include <filesystem>
#include <string_view>

namespace share_bench {

// The parts, each its own folder so that each is measured alone.
inline constexpr const char* kParts[] = {"small-text", "big-csv", "office", "pdf", "zip"};

// Generates the share (about 1 GiB at scale 1) in `dir` with `threads`
// threads, unless its stamp shows the same generator and scale made it.
void EnsureShare(const std::filesystem::path& dir, double scale, int threads);

// Writes a whole file, creating it (and failing loudly) as the benchmark needs.
void WriteFile(const std::filesystem::path& path, std::string_view data);

}  // namespace share_bench

#endif  // MAMORI_TESTS_BENCH_SHARE_GENERATOR_H_
