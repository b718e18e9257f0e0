// PartScanner: the PartSink behind every file scan. It turns the text of
// each part — a plain file read in its own encoding, or what an extractor
// took out of a document or container member — into findings for that part:
// text is judged in chunks with overlapping context, so memory stays bounded
// whatever a part's size, and table segments get their own header rows.
// A part of several chunks is matched a chunk ahead on a thread of the
// scanner's own (Detector::Match) while the chunk before is judged, so that
// one large file keeps two cores busy.
//
// Thread-safety: not thread-safe; one per worker (it holds the worker's
// Hyperscan scratch, detector and buffers), reused across files.
#ifndef MAMORI_SCANNER_PART_SCANNER_H_
#define MAMORI_SCANNER_PART_SCANNER_H_

#include <string>
#include <vector>

#include "async_worker.h"
#include "extract/part_sink.h"
#include "mamori/detector.h"
#include "mamori/file_report.h"
#include "mamori/keyed_hash.h"
#include "mamori/matcher.h"
#include "mamori/rule_set.h"
#include "mamori/text_decoder.h"

namespace mamori {

class PartScanner : public PartSink {
 public:
  // REQUIRES: the arguments outlive the scanner.
  PartScanner(const RuleSet& rules, const Matcher& matcher, const HashKey& key,
              Confidence min_confidence, std::size_t chunk_bytes);

  // Findings, errors and the top-level encoding go to *report until the next
  // call. Returns the error of allocating the Hyperscan scratch, if any.
  Status Start(FileReport* report);

  void BeginPart(std::string_view member, std::string_view format) override;
  void BeginSegment(char delimiter) override;
  void Write(std::string_view utf8) override;
  void WriteRaw(std::string_view bytes, bool end) override;
  void EndPart() override;

  Detector& detector() { return detector_; }
  // Parts begun since Start().
  int parts_begun() const { return parts_begun_; }

 private:
  // Judges what is buffered: all of it when `final`, else all but the last
  // margin, whose values need the right-hand context still to come.
  void Flush(bool final);
  void DecideLayout();
  // Judges the chunk matched ahead, if any, once its match is done.
  void Drain();
  // Records `s` against the part, which is judged no further.
  void Fail(const Status& s);

  // A chunk handed to the worker: its text and Scan's arguments.
  struct Ahead {
    std::string text;
    std::uint64_t base = 0;
    std::size_t accept_begin = 0;
    std::size_t accept_end = 0;
    Detector::Matched matched;
    Status status;
  };

  const HashKey& key_;
  Confidence min_confidence_;
  std::size_t chunk_bytes_;
  Status init_;
  const Matcher& matcher_;
  Matcher::ScratchPtr scratch_;
  Matcher::ScratchPtr ahead_scratch_;  // the worker's, made at its first chunk
  Detector detector_;
  Ahead ahead_[2];              // used in turn
  int next_ahead_ = 0;          // the one the next chunk goes to
  Ahead* in_flight_ = nullptr;  // matched or being matched, not yet judged
  AsyncWorker worker_;          // declared last: stopped first
  TextDecoder decoder_;
  std::string text_;  // the window being judged, as UTF-8
  FileReport* report_ = nullptr;

  int parts_begun_ = 0;
  // Per part.
  bool open_ = false;
  bool failed_ = false;
  std::string member_;
  std::string format_;
  bool layout_decided_ = false;
  std::uint64_t base_ = 0;  // part text offset of text_[0]
  std::size_t accept_begin_ = 0;
  bool encoding_decided_ = false;  // raw parts
  bool decoding_ = false;
  TextEncoding encoding_ = TextEncoding::kUtf8;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_PART_SCANNER_H_
