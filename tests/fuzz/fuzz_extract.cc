// A libFuzzer target for one extractor entry point, chosen at build time by
// MAMORI_FUZZ_TARGET (a name from fuzz_formats.h): the input is extracted as
// that format, from memory, within small limits, into a sink that checks the
// part contract.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "checking_sink.h"
#include "fuzz_formats.h"
#include "scanner/extract/dispatch.h"
#include "scanner/extract/extract_context.h"
#include "scanner/extract/input.h"

#ifndef MAMORI_FUZZ_TARGET
#error "MAMORI_FUZZ_TARGET names the target (fuzz_formats.h)"
#endif

namespace {

const mamori::fuzz::FuzzTarget& Target() {
  static const mamori::fuzz::FuzzTarget* target = [] {
    const mamori::fuzz::FuzzTarget* t = mamori::fuzz::FindFuzzTarget(MAMORI_FUZZ_TARGET);
    if (t == nullptr) {
      std::fprintf(stderr, "unknown fuzz target %s\n", MAMORI_FUZZ_TARGET);
      std::abort();
    }
    return t;
  }();
  return *target;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const mamori::fuzz::FuzzTarget& target = Target();
  const mamori::ExtractLimits limits = mamori::fuzz::FuzzLimits();
  mamori::fuzz::CheckingSink sink;
  std::vector<mamori::ScanError> errors;
  bool incomplete = false;
  mamori::ExtractContext ctx(limits, &sink, &errors, &incomplete);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  mamori::MemoryInput in(bytes);
  mamori::SniffResult format;
  format.format = target.format;
  format.kind = target.kind;
  mamori::ExtractFormat(format, target.name, in, ctx);
  sink.Finish();
  for (const mamori::ScanError& e : errors) {
    if (e.reason.empty()) {
      std::fprintf(stderr, "an error without a reason\n");
      std::abort();
    }
  }
  return 0;
}
