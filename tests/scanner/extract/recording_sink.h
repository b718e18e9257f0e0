// RecordingSink: a PartSink for extractor tests that keeps every part's text
// (raw writes decoded as UTF-8 as given), and a root context around it.
//
// Thread-safety: not thread-safe.
#ifndef MAMORI_TESTS_SCANNER_EXTRACT_RECORDING_SINK_H_
#define MAMORI_TESTS_SCANNER_EXTRACT_RECORDING_SINK_H_

#include <string>
#include <vector>

#include "scanner/extract/extract_context.h"
#include "scanner/extract/part_sink.h"

namespace mamori::testing {

struct RecordedPart {
  std::string member;
  std::string format;
  std::string text;  // table segments as written: cells '\t', rows '\n'
  // Each segment's delimiter and its offset in `text`.
  std::vector<std::pair<char, std::size_t>> segments;
  bool ended = false;
};

class RecordingSink : public PartSink {
 public:
  void BeginPart(std::string_view member, std::string_view format) override {
    parts.push_back({std::string(member), std::string(format), {}, {}, false});
  }
  void BeginSegment(char delimiter) override {
    parts.back().segments.push_back({delimiter, parts.back().text.size()});
  }
  void Write(std::string_view utf8) override { parts.back().text.append(utf8); }
  void WriteRaw(std::string_view bytes, bool end) override { parts.back().text.append(bytes); }
  void EndPart() override { parts.back().ended = true; }

  // All parts' text, for "does it contain" checks.
  std::string AllText() const {
    std::string out;
    for (const auto& p : parts) out += p.text + "\n";
    return out;
  }
  const RecordedPart* Find(std::string_view member) const {
    for (const auto& p : parts) {
      if (p.member == member) return &p;
    }
    return nullptr;
  }

  std::vector<RecordedPart> parts;
};

// A root context over a RecordingSink, with the errors it records.
struct RecordingContext {
  explicit RecordingContext(ExtractLimits l = {})
      : limits(l), ctx(limits, &sink, &errors, &incomplete, &protection) {}
  bool HasError(std::string_view reason) const {
    for (const auto& e : errors) {
      if (e.reason == reason) return true;
    }
    return false;
  }
  ExtractLimits limits;
  RecordingSink sink;
  std::vector<ScanError> errors;
  bool incomplete = false;
  Protection protection;
  ExtractContext ctx;
};

}  // namespace mamori::testing

#endif  // MAMORI_TESTS_SCANNER_EXTRACT_RECORDING_SINK_H_
