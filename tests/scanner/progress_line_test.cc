#include "scanner/progress_line.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <thread>

namespace mamori {

namespace {

// Everything written to a FILE*, for the test to inspect.
class Capture {
 public:
  Capture() : file_(open_memstream(&buf_, &size_)) { REQUIRE(file_ != nullptr); }
  ~Capture() {
    std::fclose(file_);
    std::free(buf_);
  }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(buf_, size_);
  }

 private:
  char* buf_ = nullptr;
  std::size_t size_ = 0;
  std::FILE* file_;
};

ProgressCounts Counts(std::uint64_t walked) {
  ProgressCounts c;
  c.files_walked = walked;
  c.files_scanned = walked;
  c.bytes_scanned = walked * 1000;
  return c;
}

std::size_t CountOf(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("ProgressLine disabled prints nothing", "[scanner][manners]") {
  Capture out;
  ProgressLine progress(out.file(), false);
  progress.Update(Counts(1));
  progress.Update(Counts(2));
  progress.Finish();
  CHECK(out.text().empty());
}

TEST_CASE("ProgressLine redraws at most every 200 ms", "[scanner][manners]") {
  Capture out;
  ProgressLine progress(out.file(), true);
  progress.Update(Counts(1));
  CHECK(out.text() == "\rmamori: 1 file, 1.0 kB, 0 with findings, 0 errors\x1b[K");

  for (int i = 2; i < 100; ++i) progress.Update(Counts(i));
  CHECK(CountOf(out.text(), "\r") == 1);

  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  progress.Update(Counts(12345));
  const std::string text = out.text();
  CHECK(CountOf(text, "\r") == 2);
  CHECK(text.substr(text.rfind('\r')) ==
        "\rmamori: 12,345 files, 12 MB, 0 with findings, 0 errors\x1b[K");
}

TEST_CASE("ProgressLine::Finish clears the line, and nothing follows", "[scanner][manners]") {
  Capture out;
  ProgressLine progress(out.file(), true);
  progress.Update(Counts(7));
  const std::size_t drawn = out.text().size();
  progress.Finish();
  CHECK(out.text().substr(drawn) == "\r\x1b[K");
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  progress.Update(Counts(8));  // a late update must not cover the summary
  progress.Finish();
  CHECK(out.text().size() == drawn + 4);
}

TEST_CASE("ProgressLine::Finish before any update prints nothing", "[scanner][manners]") {
  Capture out;
  ProgressLine progress(out.file(), true);
  progress.Finish();
  CHECK(out.text().empty());
}

TEST_CASE("ProgressLine formats counts, sizes and durations", "[scanner][manners]") {
  CHECK(ProgressLine::FormatCount(0) == "0");
  CHECK(ProgressLine::FormatCount(999) == "999");
  CHECK(ProgressLine::FormatCount(1000) == "1,000");
  CHECK(ProgressLine::FormatCount(12345) == "12,345");
  CHECK(ProgressLine::FormatCount(1234567) == "1,234,567");

  CHECK(ProgressLine::FormatBytes(0) == "0 B");
  CHECK(ProgressLine::FormatBytes(999) == "999 B");
  CHECK(ProgressLine::FormatBytes(1000) == "1.0 kB");
  CHECK(ProgressLine::FormatBytes(1.2e9) == "1.2 GB");
  CHECK(ProgressLine::FormatBytes(85e6) == "85 MB");
  CHECK(ProgressLine::FormatBytes(9.96e6) == "10 MB");
  CHECK(ProgressLine::FormatBytes(999.7e6) == "1.0 GB");
  CHECK(ProgressLine::FormatBytes(-1) == "0 B");

  CHECK(ProgressLine::FormatDuration(0) == "0s");
  CHECK(ProgressLine::FormatDuration(42.4) == "42s");
  CHECK(ProgressLine::FormatDuration(59.6) == "1m00s");
  CHECK(ProgressLine::FormatDuration(192) == "3m12s");
  CHECK(ProgressLine::FormatDuration(2 * 3600 + 5 * 60) == "2h05m");
  CHECK(ProgressLine::FormatDuration(100 * 3600) == ">99h");
  CHECK(ProgressLine::FormatDuration(std::numeric_limits<double>::infinity()) == ">99h");
}

TEST_CASE("ProgressLine line: rate, reuse and ETA", "[scanner][manners]") {
  ProgressCounts c;
  c.files_walked = 12345;
  c.files_scanned = 12345;
  c.bytes_scanned = 1'200'000'000;
  c.files_with_findings = 37;
  c.errors = 2;

  // No rate in the first second: it would swing wildly.
  CHECK(ProgressLine::FormatLine(c, 0.5) ==
        "mamori: 12,345 files, 1.2 GB, 37 with findings, 2 errors");
  CHECK(ProgressLine::FormatLine(c, 14.1) ==
        "mamori: 12,345 files, 1.2 GB, 85 MB/s, 37 with findings, 2 errors");

  // 12,345 files in 14.1 s; 15,000 more at that pace take about 17 s.
  c.total_files_hint = 27345;
  CHECK(ProgressLine::FormatLine(c, 14.1) ==
        "mamori: 12,345 files, 1.2 GB, 85 MB/s, 37 with findings, 2 errors, ETA 17s");
  // 168,000 more: 3m12s.
  c.total_files_hint = 12345 + 168000;
  c.bytes_scanned = 1000;
  c.errors = 1;
  CHECK(ProgressLine::FormatLine(c, 14.1) ==
        "mamori: 12,345 files, 1.0 kB, 71 B/s, 37 with findings, 1 error, ETA 3m12s");
  // The tree grew past the hint: nothing left to estimate.
  c.total_files_hint = 100;
  CHECK(ProgressLine::FormatLine(c, 14.1).ends_with(", ETA 0s"));

  // Files reused from an earlier scan are walked but not read.
  c.files_scanned = 20;
  c.total_files_hint = 0;
  CHECK(ProgressLine::FormatLine(c, 14.1) ==
        "mamori: 12,345 files (20 read), 1.0 kB, 71 B/s, 37 with findings, 1 error");
}

TEST_CASE("ProgressLine never prints anything that could be an identifier", "[scanner][manners]") {
  // The largest counts there are: still no run of more than three digits, so
  // nothing shaped like a 12-digit My Number or a 16-digit card number.
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  const ProgressCounts all_max{max, max - 1, max, max, max, max};
  const ProgressCounts slow{1, 1, max, max, max, max};  // an ETA of ages
  for (const ProgressCounts& c : {all_max, slow}) {
    for (double elapsed : {0.0, 1.0, 1e9}) {
      const std::string line = ProgressLine::FormatLine(c, elapsed);
      INFO(line);
      int run = 0;
      for (char ch : line) {
        CHECK(ch >= 0x20);
        CHECK(ch < 0x7f);
        run = (ch >= '0' && ch <= '9') ? run + 1 : 0;
        CHECK(run <= 3);
      }
    }
  }
  CHECK(ProgressLine::FormatLine(slow, 1e9).ends_with(", ETA >99h"));
}

TEST_CASE("ProgressLine shows only on a terminal, and never when quiet", "[scanner][manners]") {
  CHECK_FALSE(ProgressLine::ShouldShow(true));
  // The test runner's stderr is a pipe or a terminal depending on how it is
  // run; either way ShouldShow must agree with it.
  CHECK(ProgressLine::ShouldShow(false) == (isatty(2) == 1));
}

}  // namespace mamori
