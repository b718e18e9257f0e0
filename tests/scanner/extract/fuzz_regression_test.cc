// Replays every input under tests/fuzz/regressions/<target>/ through the
// extractor of its fuzz target: each once crashed, hung or broke the part
// contract, and must now return within its limits with the parts closed.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "scanner/extract/dispatch.h"
#include "scanner/extract/input.h"
#include "test_util.h"
#include "tests/fuzz/checking_sink.h"
#include "tests/fuzz/fuzz_formats.h"

namespace mamori {
namespace {

namespace fs = std::filesystem;

const fs::path kRegressions = fs::path(MAMORI_SOURCE_DIR) / "tests" / "fuzz" / "regressions";

// Runs `data` through `target` as its fuzz target does; the sink aborts on a
// broken contract. Returns the seconds it took.
double Replay(const fuzz::FuzzTarget& target, std::string_view data,
              std::vector<ScanError>* errors) {
  const ExtractLimits limits = fuzz::FuzzLimits();
  fuzz::CheckingSink sink;
  bool incomplete = false;
  const auto start = std::chrono::steady_clock::now();
  {
    ExtractContext ctx(limits, &sink, errors, &incomplete);
    MemoryInput in(data);
    SniffResult format;
    format.format = target.format;
    format.kind = target.kind;
    ExtractFormat(format, target.name, in, ctx);
  }
  sink.Finish();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_CASE("fuzz regressions: every saved input returns", "[extract][fuzz]") {
  REQUIRE(fs::is_directory(kRegressions));
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(kRegressions)) {
    if (!entry.is_directory()) continue;
    // Each folder is named after a target, so no input goes unreplayed.
    INFO("folder " << entry.path().filename().string());
    REQUIRE(fuzz::FindFuzzTarget(entry.path().filename().string()) != nullptr);
    for (const auto& file : fs::directory_iterator(entry.path())) {
      if (file.is_regular_file()) inputs.push_back(file.path());
    }
  }
  std::sort(inputs.begin(), inputs.end());
  for (const fs::path& path : inputs) {
    const fuzz::FuzzTarget& target = *fuzz::FindFuzzTarget(path.parent_path().filename().string());
    INFO("replaying " << path.string());
    const std::string data = testing::ReadFile(path.string());
    std::vector<ScanError> errors;
    const double seconds = Replay(target, data, &errors);
    // The time limit is 5 s; a little over it is the last step finishing.
    CHECK(seconds < fuzz::FuzzLimits().max_seconds + 5);
    for (const ScanError& e : errors) CHECK_FALSE(e.reason.empty());
  }
}

TEST_CASE("fuzz targets: every target replays a sample input", "[extract][fuzz]") {
  // Cheap inputs each target must survive: empty, one byte, the start of a
  // real file of its kind with the rest cut away.
  const std::vector<std::string> samples = {
      "",
      std::string(1, '\0'),
      "PK\x03\x04",
      "%PDF-1.7\n",
      "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
      "{\\rtf1 ",
      "<html><body>",
      "From: a\r\n\r\n",
      "From a@b Mon Jan  1 00:00:00 2024\n",
  };
  for (const fuzz::FuzzTarget& target : fuzz::kFuzzTargets) {
    for (const std::string& sample : samples) {
      INFO(target.target << " on a sample of " << sample.size() << " bytes");
      std::vector<ScanError> errors;
      Replay(target, sample, &errors);
      SUCCEED();
    }
  }
}

}  // namespace
}  // namespace mamori
