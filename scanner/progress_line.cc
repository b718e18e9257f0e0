#include "progress_line.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>
#include <iterator>

namespace mamori {

namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(200);
constexpr double kSteadySeconds = 1.0;  // before this, rates are mostly noise

// Columns of the terminal behind `out`, or 0 when it is not one.
std::size_t TerminalColumns(std::FILE* out) {
  const int fd = ::fileno(out);
  winsize ws{};
  if (fd < 0 || ::ioctl(fd, TIOCGWINSZ, &ws) != 0) return 0;
  return ws.ws_col;
}

}  // namespace

ProgressLine::ProgressLine(std::FILE* out, bool enabled) : out_(out), enabled_(enabled) {
  if (enabled_) started_ = Clock::now();
}

bool ProgressLine::ShouldShow(bool quiet) { return !quiet && ::isatty(STDERR_FILENO) == 1; }

void ProgressLine::Update(const ProgressCounts& counts) {
  if (!enabled_ || finished_) return;
  const Clock::time_point now = Clock::now();
  if (drawn_ && now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  std::string line = FormatLine(counts, std::chrono::duration<double>(now - started_).count());
  // A line longer than the terminal wraps, and "\r" would then return to the
  // start of its last row only, leaving the rest on screen line after line.
  const std::size_t columns = TerminalColumns(out_);
  if (columns > 1 && line.size() >= columns) line.resize(columns - 1);
  // "\x1b[K" erases what a longer previous line left to the right.
  const std::string text = "\r" + line + "\x1b[K";
  std::fwrite(text.data(), 1, text.size(), out_);
  std::fflush(out_);
  drawn_ = true;
}

void ProgressLine::Finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  if (!drawn_) return;
  std::fputs("\r\x1b[K", out_);
  std::fflush(out_);
  drawn_ = false;
}

std::string ProgressLine::FormatLine(const ProgressCounts& c, double elapsed_seconds) {
  std::string line =
      "mamori: " + FormatCount(c.files_walked) + (c.files_walked == 1 ? " file" : " files");
  if (c.files_scanned != c.files_walked) line += " (" + FormatCount(c.files_scanned) + " read)";
  line += ", " + FormatBytes(static_cast<double>(c.bytes_scanned));
  const bool steady = elapsed_seconds >= kSteadySeconds;
  if (steady) {
    line += ", " + FormatBytes(static_cast<double>(c.bytes_scanned) / elapsed_seconds) + "/s";
  }
  line += ", " + FormatCount(c.files_with_findings) + " with findings";
  line += ", " + FormatCount(c.errors) + (c.errors == 1 ? " error" : " errors");
  if (steady && c.total_files_hint > 0 && c.files_walked > 0) {
    const double left = c.total_files_hint > c.files_walked
                            ? static_cast<double>(c.total_files_hint - c.files_walked)
                            : 0.0;
    const double files_per_second = static_cast<double>(c.files_walked) / elapsed_seconds;
    line += ", ETA " + FormatDuration(left / files_per_second);
  }
  return line;
}

std::string ProgressLine::FormatCount(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string ProgressLine::FormatBytes(double bytes) {
  static constexpr const char* kUnits[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  if (!(bytes >= 0)) bytes = 0;
  std::size_t unit = 0;
  // Compare with what would be printed, so 999.7 MB becomes "1.0 GB", not "1000 MB".
  while (bytes >= 999.5 && unit + 1 < std::size(kUnits)) {
    bytes /= 1000;
    ++unit;
  }
  char buf[32];
  if (unit > 0 && bytes < 9.95) {
    std::snprintf(buf, sizeof buf, "%.1f %s", bytes, kUnits[unit]);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f %s", bytes, kUnits[unit]);
  }
  return buf;
}

std::string ProgressLine::FormatDuration(double seconds) {
  if (!(seconds >= 0)) seconds = 0;
  if (seconds >= 99.5 * 3600) return ">99h";
  const auto total = static_cast<std::uint64_t>(std::llround(seconds));
  char buf[32];
  if (total < 60) {
    std::snprintf(buf, sizeof buf, "%us", static_cast<unsigned>(total));
  } else if (total < 3600) {
    std::snprintf(buf, sizeof buf, "%um%02us", static_cast<unsigned>(total / 60),
                  static_cast<unsigned>(total % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%uh%02um", static_cast<unsigned>(total / 3600),
                  static_cast<unsigned>(total % 3600 / 60));
  }
  return buf;
}

}  // namespace mamori
