// ProgressLine: a one-line progress display on a terminal, rewritten in place
// at most five times a second, e.g.
//
//   mamori: 12,345 files (9,870 read), 1.2 GB, 85 MB/s, 37 with findings, 2 errors, ETA 3m12s
//
// It prints counts only, never a path or a value: a shoulder-surfer or a
// terminal log learns nothing a scan summary would not tell. Numbers are
// grouped in threes, so no long digit run can look like an identifier.
//
// Thread-safety: not thread-safe. Update and Finish are called from one
// thread at a time: the pipeline's serial output stage, which TBB may run on
// different threads but never on two at once.
#ifndef MAMORI_SCANNER_PROGRESS_LINE_H_
#define MAMORI_SCANNER_PROGRESS_LINE_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace mamori {

struct ProgressCounts {
  std::uint64_t files_walked = 0;   // entries through the pipeline: the progress measure
  std::uint64_t files_scanned = 0;  // of those, read this run (not reused); shown when it differs
  std::uint64_t bytes_scanned = 0;
  std::uint64_t files_with_findings = 0;
  std::uint64_t errors = 0;
  // Expected files_walked at the end (say, the previous scan's count); 0:
  // unknown, no ETA.
  std::uint64_t total_files_hint = 0;
};

class ProgressLine {
 public:
  // Writes to `out` when `enabled`; a disabled ProgressLine does nothing at
  // all, not even read the clock. The rate is measured from construction.
  ProgressLine(std::FILE* out, bool enabled);
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Whether to show progress: only when standard error is a terminal and the
  // user did not ask for quiet. Under cron, or with stderr sent to a log,
  // there is no terminal, and carriage returns would only clutter the log.
  static bool ShouldShow(bool quiet);

  // Redraws the line with `counts`, unless it was drawn less than 200 ms ago
  // (the first call always draws). Nothing is drawn after Finish.
  void Update(const ProgressCounts& counts);

  // Clears the line, so what is printed next starts on a clean one.
  void Finish();

  // The text of the line, without the control sequences. Rate and ETA appear
  // after the first second, when they start to mean something. Exposed for
  // tests.
  static std::string FormatLine(const ProgressCounts& counts, double elapsed_seconds);
  // 12345 -> "12,345".
  static std::string FormatCount(std::uint64_t n);
  // Decimal units, three significant figures at most: "512 B", "1.2 GB", "85 MB".
  static std::string FormatBytes(double bytes);
  // "42s", "3m12s", "2h05m", ">99h".
  static std::string FormatDuration(double seconds);

 private:
  using Clock = std::chrono::steady_clock;

  std::FILE* out_;
  bool enabled_;
  bool drawn_ = false;     // something is on the line now
  bool finished_ = false;  // Finish was called
  Clock::time_point started_;
  Clock::time_point last_draw_;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_PROGRESS_LINE_H_
