// The scan pipeline: walk → read → sniff → match → validate → policy → store
// and findings stream, on a oneTBB pipeline. The entry point of `mamori scan`.
// Encrypted archives wait until the walk is over, for the policy's PPAP check
// of their directories; they are written after every other file.
//
// Thread-safety: RunScan may be called from one thread at a time per
// database; it starts and joins its own worker threads.
#ifndef MAMORI_SCAN_H_
#define MAMORI_SCAN_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "mamori/extract_limits.h"
#include "mamori/file_ref.h"
#include "mamori/finding.h"
#include "mamori/status.h"

namespace mamori {

struct ScanOptions {
  std::vector<std::string> roots;
  std::string db_path;
  std::string jsonl_path;   // empty: no stream; "-": standard output
  std::string secret_path;  // empty: HashKey::DefaultPath()
  std::string cache_dir;    // compiled rules; empty: Matcher::DefaultCacheDir()
  bool follow_symlinks = false;
  std::vector<std::string> include;  // globs (WalkOptions): only matching files
  std::vector<std::string> exclude;  // globs (WalkOptions): skipped files and directories
  bool one_file_system = false;      // do not cross into other file systems
  Confidence min_confidence = Confidence::kMedium;
  int threads = 0;  // 0: one per core
  // Read every file again, even those unchanged since a scan with the same
  // settings (whose stored results are otherwise reused).
  bool full = false;
  // Files larger than this are recorded as not inspected, by choice; 0: no limit.
  std::uint64_t max_file_size = 0;
  // Bounds on extracting documents and containers.
  ExtractLimits limits;
  // The policy file (TOML, see patterns/policies/default.toml); empty: the
  // default built into the binary.
  std::string policy_path;
  // Called before the walk for every warning about the scan's setup (a
  // policy exception whose date has passed). Null: warnings are dropped.
  std::function<void(const std::string&)> on_warning;
  // Cap on the combined read rate of all workers, MB/s (10^6 bytes); 0: none.
  double max_read_rate = 0;
  // A one-line progress display on stderr (the CLI sets it on a terminal).
  bool show_progress = false;
  // Stop cleanly (commit, mark the scan interrupted) on SIGINT and SIGTERM.
  // Installs handlers for the scan's duration; for the command line.
  bool stop_on_signals = false;
  // Called on the walk thread for every entry as it is walked, before it is
  // read (progress display; tests use it to change the tree mid-scan).
  std::function<void(const FileRef&)> on_walked;
};

struct ScanSummary {
  std::uint64_t entries = 0;
  std::uint64_t files_scanned = 0;  // read this time
  std::uint64_t files_reused = 0;   // unchanged: stored results reused
  std::uint64_t files_removed = 0;  // recorded before, gone now
  std::uint64_t bytes_scanned = 0;
  std::uint64_t files_with_findings = 0;
  std::uint64_t files_with_violations = 0;  // exempt violations do not count
  std::uint64_t not_regular = 0;            // FIFOs, sockets, devices, symlinks: noted
  std::uint64_t errors = 0;
  std::uint64_t roots_walked = 0;  // roots that existed and could be examined
  bool interrupted = false;        // stopped by a signal before the walk ended
  double seconds = 0;
};

// Runs one scan. A non-OK status means the scan itself failed (database,
// rules, output, another scan on the database, "interrupted"); per-file
// problems are recorded and do not fail it. Whatever was committed before a
// failure or a kill stays, and the next run reuses it.
Status RunScan(const ScanOptions& options, ScanSummary* summary);

}  // namespace mamori

#endif  // MAMORI_SCAN_H_
