// Helpers of the sheet fast path's differential tests
// (ooxml_sheet_fast_path_test.cc, ooxml_sheet_rows_test.cc): every document
// is parsed with the handler itself (the tokenizer offers it plain cells,
// rows and shared strings whole) and through a forwarder of Start/End/Text
// only (never offered one), whole and in reads of odd sizes so that
// elements straddle the reads. The text written, the errors recorded and
// what ParseXml returned must be the same.
//
// Thread-safety: test code, one thread.
#ifndef MAMORI_TESTS_SCANNER_EXTRACT_SHEET_FAST_PATH_CHECK_H_
#define MAMORI_TESTS_SCANNER_EXTRACT_SHEET_FAST_PATH_CHECK_H_

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/extract/ooxml_sheet.h"
#include "scanner/extract/recording_sink.h"
#include "scanner/extract/xml_stream.h"
#include "test_util.h"
#include "tests/fuzz/xml_streams.h"

namespace mamori::sheet_check {

using testing::RecordingContext;

constexpr std::string_view kSheetPart = "xl/worksheets/sheet1.xml";
constexpr std::string_view kStringsPart = "xl/sharedStrings.xml";

using fuzz::CountingTakes;
using fuzz::EventsOnly;
using SplitStream = fuzz::ChunkStream;

inline std::vector<std::string> ErrorsOf(const RecordingContext& rc) {
  std::vector<std::string> out;
  for (const ScanError& e : rc.errors) out.push_back(e.reason + " | " + e.message);
  return out;
}

// The document for failure messages: bytes beyond printable ASCII escaped,
// the middle of a long one left out.
inline std::string Show(std::string_view doc) { return testing::ShowBytes(doc, 3000); }

inline std::string ShowSizes(const std::vector<std::size_t>& sizes) {
  std::string out = "{";
  for (const std::size_t s : sizes) out += std::to_string(s) + ",";
  return out + "}";
}

// A shared string table parsed in a context of its own, which it keeps.
struct StringsRun {
  explicit StringsRun(const ExtractLimits& limits) : rc(limits) {
    strings = std::make_unique<SharedStrings>(rc.ctx, std::string(kStringsPart));
  }
  RecordingContext rc;
  std::unique_ptr<SharedStrings> strings;
  bool ok = false;
  std::size_t taken = 0;
};

inline std::unique_ptr<StringsRun> ParseStrings(std::string_view doc,
                                                std::vector<std::size_t> sizes, bool fast,
                                                const ExtractLimits& limits = {}) {
  auto run = std::make_unique<StringsRun>(limits);
  SplitStream in(doc, std::move(sizes));
  CountingTakes counting(*run->strings);
  EventsOnly events(*run->strings);
  XmlHandler& handler = fast ? static_cast<XmlHandler&>(counting) : events;
  run->ok = ParseXml(in, kStringsPart, run->rc.ctx, handler);
  run->taken = counting.taken;
  return run;
}

struct SheetOutcome {
  bool ok = false;
  std::string text;
  std::vector<std::string> errors;
  bool incomplete = false;
  std::size_t taken = 0;
};

// As the xlsx extractor reads a worksheet: the part and a table segment
// opened first, the open row written after the parse.
inline SheetOutcome ParseSheet(std::string_view doc, std::vector<std::size_t> sizes,
                               const SharedStrings& strings, bool fast,
                               const ExtractLimits& limits = {}) {
  RecordingContext rc(limits);
  rc.ctx.BeginPart("xlsx");
  rc.ctx.BeginSegment('\t');
  SheetHandler sheet(rc.ctx, std::string(kSheetPart), strings);
  CountingTakes counting(sheet);
  EventsOnly events(sheet);
  SplitStream in(doc, std::move(sizes));
  SheetOutcome out;
  out.ok = ParseXml(in, kSheetPart, rc.ctx, fast ? static_cast<XmlHandler&>(counting) : events);
  sheet.Finish();
  rc.ctx.EndPart();
  REQUIRE(rc.sink.parts.size() == 1);
  out.text = rc.sink.parts[0].text;
  out.errors = ErrorsOf(rc);
  out.incomplete = rc.incomplete;
  out.taken = counting.taken;
  return out;
}

inline void RequireSame(const SheetOutcome& got, const SheetOutcome& want) {
  REQUIRE(got.ok == want.ok);
  REQUIRE(got.errors == want.errors);
  REQUIRE(got.text == want.text);
  REQUIRE(got.incomplete == want.incomplete);
}

inline void RequireSame(const StringsRun& got, const StringsRun& want) {
  REQUIRE(got.ok == want.ok);
  REQUIRE(ErrorsOf(got.rc) == ErrorsOf(want.rc));
  REQUIRE(got.strings->complete() == want.strings->complete());
  REQUIRE(got.strings->size() == want.strings->size());
  for (std::size_t i = 0; i < want.strings->size(); ++i) {
    INFO("string " << i);
    REQUIRE(got.strings->Get(i) == want.strings->Get(i));
  }
}

// The read sizes each document is parsed in besides whole.
inline std::vector<std::vector<std::size_t>> Splits(std::mt19937& rng) {
  std::vector<std::vector<std::size_t>> splits = {{0}, {1}, {7}, {61}, {4096}};
  std::uniform_int_distribution<std::size_t> size(1, 200);
  splits.push_back({size(rng), size(rng), size(rng)});
  return splits;
}

inline bool Stopped(const std::vector<std::string>& errors) {
  return std::any_of(errors.begin(), errors.end(),
                     [](const std::string& e) { return e.starts_with("expanded-size-limit"); });
}

// Parses `doc` as a sheet with and without the fast path in every split,
// the two alike in each. Returns the elements the fast path took over all
// the parses.
inline std::size_t CheckSheetIn(std::string_view doc, const SharedStrings& strings,
                                const std::vector<std::vector<std::size_t>>& splits,
                                const ExtractLimits& limits = {}) {
  INFO("sheet: " << Show(doc));
  const SheetOutcome whole = ParseSheet(doc, {0}, strings, false, limits);
  std::size_t taken = 0;
  for (const std::vector<std::size_t>& sizes : splits) {
    INFO("reads of " << ShowSizes(sizes));
    const SheetOutcome fast = ParseSheet(doc, sizes, strings, true, limits);
    const SheetOutcome events = ParseSheet(doc, sizes, strings, false, limits);
    RequireSame(fast, events);
    taken += fast.taken;
    // The same whatever the reads, but for where a file-wide stop takes
    // effect: the tokenizer checks for it before each read.
    if (!Stopped(whole.errors)) {
      INFO("against the whole document");
      RequireSame(events, whole);
    }
  }
  return taken;
}

inline std::size_t CheckSheet(std::string_view doc, const SharedStrings& strings, std::mt19937& rng,
                              const ExtractLimits& limits = {}) {
  return CheckSheetIn(doc, strings, Splits(rng), limits);
}

inline std::size_t CheckStringsIn(std::string_view doc,
                                  const std::vector<std::vector<std::size_t>>& splits,
                                  const ExtractLimits& limits = {}) {
  INFO("shared strings: " << Show(doc));
  const std::unique_ptr<StringsRun> whole = ParseStrings(doc, {0}, false, limits);
  std::size_t taken = 0;
  for (const std::vector<std::size_t>& sizes : splits) {
    INFO("reads of " << ShowSizes(sizes));
    const std::unique_ptr<StringsRun> fast = ParseStrings(doc, sizes, true, limits);
    const std::unique_ptr<StringsRun> events = ParseStrings(doc, sizes, false, limits);
    RequireSame(*fast, *events);
    taken += fast->taken;
    INFO("against the whole document");
    RequireSame(*events, *whole);
  }
  return taken;
}

inline std::size_t CheckStrings(std::string_view doc, std::mt19937& rng,
                                const ExtractLimits& limits = {}) {
  return CheckStringsIn(doc, Splits(rng), limits);
}

// A shared string table of four strings, one with a phonetic guide.
inline constexpr char kFewStrings[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"x\" count=\"4\" uniqueCount=\"4\">"
    "<si><t>Name</t></si><si><t xml:space=\"preserve\"> Tokyo </t></si>"
    "<si><r><t>ri</t></r><r><t>ch</t></r></si><si><t>\xE5\xB1\xB1\xE7\x94\xB0</t>"
    "<rPh sb=\"0\" eb=\"2\"><t>\xE3\x83\xA4\xE3\x83\x9E\xE3\x83\x80</t></rPh></si></sst>";

}  // namespace mamori::sheet_check

#endif  // MAMORI_TESTS_SCANNER_EXTRACT_SHEET_FAST_PATH_CHECK_H_
