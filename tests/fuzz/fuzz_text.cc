// A libFuzzer target for the text path every file ends in: encoding
// detection and decoding, the matcher and the detector, across chunk
// boundaries (a small chunk size, so every input of some length is judged
// in several chunks, a chunk matched ahead on the scanner's worker thread),
// and the findings at the end. The first input byte picks the layout and
// how the rest is handed over (in pieces of odd sizes, as reads would).
// Aborts when a finding shows more of a value than its last four digits, or
// when its counts disagree.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "mamori/file_report.h"
#include "mamori/keyed_hash.h"
#include "mamori/matcher.h"
#include "mamori/rule_set.h"
#include "scanner/part_scanner.h"

namespace {

struct Engine {
  mamori::RuleSet rules;
  std::unique_ptr<mamori::Matcher> matcher;
  mamori::HashKey key;
  Engine() {
    if (!mamori::RuleSet::LoadBuiltin(&rules).ok() ||
        !mamori::Matcher::Compile(rules, &matcher).ok()) {
      std::fprintf(stderr, "the built-in rules do not compile\n");
      std::abort();
    }
  }
};

const Engine& TheEngine() {
  static const Engine engine;
  return engine;
}

void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "%s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Engine& e = TheEngine();
  const std::uint8_t mode = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  static const char* const kFormats[] = {"csv", "tsv", "text", "csv"};
  // Chunks of 1-4 KiB (the detector keeps a 4 KiB margin of context).
  const std::size_t chunk = 1024u << (mode >> 6);
  mamori::PartScanner scanner(e.rules, *e.matcher, e.key, mamori::Confidence::kLow, chunk);
  mamori::FileReport report;
  Check(scanner.Start(&report).ok(), "no scratch");
  scanner.BeginPart("", kFormats[mode & 3]);
  const std::size_t piece = 1 + ((mode >> 2) & 15) * 97;
  while (!rest.empty()) {
    const std::size_t n = rest.size() < piece ? rest.size() : piece;
    scanner.WriteRaw(rest.substr(0, n), n == rest.size());
    rest.remove_prefix(n);
  }
  if (size == 1) scanner.WriteRaw({}, true);
  scanner.EndPart();
  for (const mamori::Finding& f : report.findings) {
    Check(f.distinct <= f.count && f.hashes.size() == f.distinct, "counts disagree");
    Check(f.masked.size() <= 3, "more than three examples");
    for (const std::string& m : f.masked) {
      int digits = 0;
      for (char c : m) digits += c >= '0' && c <= '9';
      Check(digits <= 4, "an example shows more than four digits");
    }
  }
  for (const mamori::ScanError& err : report.errors) Check(!err.reason.empty(), "no reason");
  return 0;
}
