// The fuzz targets: one per extractor entry point, each naming the sniffed
// format it is fed as, the file name it is given, and the fixture files that
// seed its corpus. Shared by the libFuzzer targets (fuzz_extract.cc) and the
// regression test that replays what they found
// (tests/scanner/extract/fuzz_regression_test.cc).
//
// Thread-safety: constant data and pure functions.
#ifndef MAMORI_TESTS_FUZZ_FUZZ_FORMATS_H_
#define MAMORI_TESTS_FUZZ_FUZZ_FORMATS_H_

#include <cstdint>
#include <string_view>

#include "mamori/extract_limits.h"
#include "mamori/format_sniffer.h"

namespace mamori::fuzz {

struct FuzzTarget {
  const char* target;  // fuzz_<target>, tests/fuzz/regressions/<target>/
  const char* format;  // SniffResult::format
  FormatKind kind;
  const char* name;  // the file name the extractor is told
};

inline constexpr FuzzTarget kFuzzTargets[] = {
    {"archive", "zip", FormatKind::kArchive, "fuzz.zip"},
    {"docx", "docx", FormatKind::kPackage, "fuzz.docx"},
    {"xlsx", "xlsx", FormatKind::kPackage, "fuzz.xlsx"},
    {"pptx", "pptx", FormatKind::kPackage, "fuzz.pptx"},
    {"odf", "odt", FormatKind::kPackage, "fuzz.odt"},
    {"cfb", "cfb", FormatKind::kDocument, "fuzz.doc"},  // doc, xls, ppt, msg
    {"pdf", "pdf", FormatKind::kDocument, "fuzz.pdf"},
    {"rtf", "rtf", FormatKind::kDocument, "fuzz.rtf"},
    {"html", "html", FormatKind::kDocument, "fuzz.html"},
    {"eml", "eml", FormatKind::kDocument, "fuzz.eml"},
    {"mbox", "mbox", FormatKind::kDocument, "fuzz.mbox"},
};

inline const FuzzTarget* FindFuzzTarget(std::string_view target) {
  for (const FuzzTarget& t : kFuzzTargets) {
    if (target == t.target) return &t;
  }
  return nullptr;
}

// Small limits, so that one input costs at most seconds and a few hundred MB.
inline ExtractLimits FuzzLimits() {
  ExtractLimits limits;
  limits.max_seconds = 5;
  limits.max_member_bytes = std::uint64_t{16} << 20;
  limits.max_expanded_bytes = std::uint64_t{64} << 20;
  return limits;
}

}  // namespace mamori::fuzz

#endif  // MAMORI_TESTS_FUZZ_FUZZ_FORMATS_H_
