// CheckingSink: a PartSink that keeps no text but holds extractors to the
// sink's contract (parts do not nest, text goes only into an open part,
// every part is ended), so that the fuzz targets and their
// regression test catch a broken contract as well as a crash.
//
// Thread-safety: not thread-safe.
#ifndef MAMORI_TESTS_FUZZ_CHECKING_SINK_H_
#define MAMORI_TESTS_FUZZ_CHECKING_SINK_H_

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "scanner/extract/part_sink.h"

namespace mamori::fuzz {

class CheckingSink : public PartSink {
 public:
  void BeginPart(std::string_view member, std::string_view format) override {
    Require(!open_, "BeginPart inside an open part (parts do not nest)");
    Require(!format.empty(), "BeginPart without a format");
    open_ = true;
    ++parts_;
  }
  void BeginSegment(char delimiter) override {
    Require(open_, "BeginSegment outside a part");
    Require(delimiter == 0 || delimiter == '\t' || delimiter == ',', "unknown segment delimiter");
  }
  void Write(std::string_view utf8) override {
    Require(open_, "Write outside a part");
    bytes_ += utf8.size();
  }
  void WriteRaw(std::string_view bytes, bool end) override {
    Require(open_, "WriteRaw outside a part");
    bytes_ += bytes.size();
  }
  void EndPart() override {
    Require(open_, "EndPart without BeginPart");
    open_ = false;
  }

  // Called when the extractor has returned.
  void Finish() const { Require(!open_, "the extractor returned with a part still open"); }

  std::size_t parts() const { return parts_; }
  std::size_t bytes() const { return bytes_; }

 private:
  static void Require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "PartSink contract broken: %s\n", what);
    std::abort();
  }

  bool open_ = false;
  std::size_t parts_ = 0;
  std::size_t bytes_ = 0;
};

}  // namespace mamori::fuzz

#endif  // MAMORI_TESTS_FUZZ_CHECKING_SINK_H_
