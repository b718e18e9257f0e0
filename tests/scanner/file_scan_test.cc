#include "scanner/file_scan.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>

#include "test_util.h"

namespace mamori {

using testing::TempDir;
using testing::WriteFile;

namespace {

struct Env {
  RuleSet rules;
  std::unique_ptr<Matcher> matcher;
  HashKey key;
  Env() {
    REQUIRE(RuleSet::LoadBuiltin(&rules).ok());
    REQUIRE(Matcher::Compile(rules, &matcher).ok());
  }
  FileReport Scan(const std::string& path, std::size_t chunk) {
    FileScanConfig config;
    config.rules = &rules;
    config.matcher = matcher.get();
    config.key = &key;
    config.chunk_bytes = chunk;
    FileScanner scanner(config);
    FileReport report;
    report.file.path = path;
    report.file.kind = FileKind::kRegular;
    scanner.Scan(&report);
    return report;
  }
};

// Deterministic My Numbers: base digits from a counter, check digit computed.
std::string ValidMyNumber(unsigned n) {
  char base[12];
  std::snprintf(base, sizeof base, "%011u", n * 7919u % 100000000u);
  for (char cd = '0'; cd <= '9'; ++cd) {
    std::string v = std::string(base) + cd;
    if (MyNumberValid(v)) return v;
  }
  return "";
}

}  // namespace

TEST_CASE("Chunked reading finds exactly what a whole read finds", "[scanner][file_scan]") {
  TempDir t;
  Env env;
  // Values everywhere, including across every chunk boundary position: the
  // filler length varies so values straddle boundaries at many offsets.
  std::string text;
  unsigned n = 0;
  while (text.size() < 300000) {
    text += std::string(n % 97, '.') + "個人番号 " + ValidMyNumber(n) + "\n";
    ++n;
  }
  WriteFile(t.Sub("big.txt"), text);
  FileReport whole = env.Scan(t.Sub("big.txt"), 1 << 20);
  REQUIRE(whole.findings.size() == 1);
  CHECK(whole.findings[0].count == n);
  CHECK(whole.bytes_scanned == text.size());
  for (std::size_t chunk : {std::size_t{997}, std::size_t{4099}, std::size_t{65536}}) {
    INFO("chunk " << chunk);
    FileReport chunked = env.Scan(t.Sub("big.txt"), chunk);
    REQUIRE(chunked.findings.size() == 1);
    CHECK(chunked.findings[0].count == whole.findings[0].count);
    CHECK(chunked.findings[0].distinct == whole.findings[0].distinct);
    CHECK(chunked.findings[0].hashes == whole.findings[0].hashes);
    CHECK(chunked.bytes_scanned == text.size());
    CHECK(chunked.errors.empty());
  }
}

TEST_CASE("A CSV header labels rows far below it, across chunks", "[scanner][file_scan]") {
  TempDir t;
  Env env;
  std::string csv = "氏名,個人番号\n";
  for (unsigned i = 0; i < 3000; ++i)
    csv += "name" + std::to_string(i) + "," + ValidMyNumber(i) + "\n";
  // One row of an order number column far below: unlabelled and alone.
  WriteFile(t.Sub("list.csv"), csv);
  FileReport r = env.Scan(t.Sub("list.csv"), 5000);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].count == 3000);
  CHECK(r.findings[0].confidence == Confidence::kHigh);
  CHECK(r.format == "csv");
  // The policy is the pipeline's to apply (with the scan's --policy).
  CHECK(r.violations.empty());
}

// Parts of several chunks are matched a chunk ahead on the scanner's worker
// thread while the chunk before is judged: every decision that spans chunks
// (a header, a column judged a list by its share of valid values, an order
// number column judged not one) must come out as from one whole read.
TEST_CASE("A CSV judged a chunk ahead decides as when read whole", "[scanner][file_scan]") {
  TempDir t;
  Env env;
  // An unlabelled column of valid My Numbers (a list), an order-number
  // column of the same shape (1 in 10 valid: not a list), a labelled
  // column, and a second CSV part-way down with a header of its own.
  std::string csv = "番号,注文,個人番号,備考\n";
  for (unsigned i = 0; i < 6000; ++i) {
    std::string order = ValidMyNumber(i + 50000);
    order.back() = static_cast<char>('0' + (order.back() - '0' + 1 + i % 9) % 10);
    csv += ValidMyNumber(i) + "," + order + "," + ValidMyNumber(i + 90000) + ",メモ " +
           std::to_string(i) + "\n";
  }
  WriteFile(t.Sub("mixed.csv"), csv);
  FileReport whole = env.Scan(t.Sub("mixed.csv"), 64 << 20);
  REQUIRE_FALSE(whole.findings.empty());
  for (std::size_t chunk : {std::size_t{5003}, std::size_t{40000}, std::size_t{131072}}) {
    INFO("chunk " << chunk);
    FileReport chunked = env.Scan(t.Sub("mixed.csv"), chunk);
    REQUIRE(chunked.findings.size() == whole.findings.size());
    for (std::size_t i = 0; i < whole.findings.size(); ++i) {
      CHECK(chunked.findings[i].type == whole.findings[i].type);
      CHECK(chunked.findings[i].count == whole.findings[i].count);
      CHECK(chunked.findings[i].distinct == whole.findings[i].distinct);
      CHECK(chunked.findings[i].confidence == whole.findings[i].confidence);
      CHECK(chunked.findings[i].hashes == whole.findings[i].hashes);
    }
    CHECK(chunked.errors.empty());
  }
}

TEST_CASE("Empty, vanished and broken files are reported, not failed", "[scanner][file_scan]") {
  TempDir t;
  Env env;
  WriteFile(t.Sub("empty.txt"), "");
  FileReport empty = env.Scan(t.Sub("empty.txt"), 4096);
  CHECK(empty.opened);
  CHECK(empty.errors.empty());
  CHECK(empty.findings.empty());
  CHECK_FALSE(empty.incomplete);

  FileReport gone = env.Scan(t.Sub("gone.txt"), 4096);
  CHECK_FALSE(gone.opened);
  REQUIRE(gone.errors.size() == 1);
  CHECK(gone.errors[0].reason == "vanished");
  CHECK(gone.incomplete);

  WriteFile(t.Sub("a.zip"), std::string("PK\x03\x04", 4) + "個人番号 123456789018");
  FileReport zip = env.Scan(t.Sub("a.zip"), 4096);
  CHECK(zip.format == "zip");
  CHECK(zip.incomplete);
  REQUIRE_FALSE(zip.errors.empty());
  CHECK(zip.errors[0].reason == "truncated");
  CHECK(zip.findings.size() == 1);  // raw bytes are still searched
}

TEST_CASE("A FIFO swapped in after the walk is refused without blocking", "[scanner][file_scan]") {
  TempDir t;
  Env env;
  REQUIRE(::mkfifo(t.Sub("fifo").c_str(), 0600) == 0);
  FileReport r = env.Scan(t.Sub("fifo"), 4096);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].reason == "not-regular-file");
  CHECK(r.incomplete);
}

TEST_CASE("The read throttle is charged for the bytes files hold, not the room asked for",
          "[scanner][file_scan]") {
  TempDir t;
  Env env;
  for (int i = 0; i < 40; ++i) WriteFile(t.Sub("f") + std::to_string(i), std::string(5000, 'a'));
  ReadThrottle throttle(1.0);  // 1 MB/s
  FileScanConfig config;
  config.rules = &env.rules;
  config.matcher = env.matcher.get();
  config.key = &env.key;
  config.throttle = &throttle;
  FileScanner scanner(config);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 40; ++i) {
    FileReport report;
    report.file.path = t.Sub("f") + std::to_string(i);
    report.file.kind = FileKind::kRegular;
    scanner.Scan(&report);
    REQUIRE(report.bytes_scanned == 5000);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // 200 kB at 1 MB/s is 0.2 s; charging the 64 KiB read size would take 2.6 s.
  CHECK(seconds >= 0.15);
  CHECK(seconds < 1.0);
}

}  // namespace mamori
