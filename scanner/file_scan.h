// Scanning one regular file: read in chunks with overlapping context,
// sniff, detect, apply the policy. The body of the pipeline's parallel stage.
//
// Thread-safety: a FileScanner holds one worker's reusable state (buffer,
// Hyperscan scratch, detector) and is used by one thread at a time.
#ifndef MAMORI_SCANNER_FILE_SCAN_H_
#define MAMORI_SCANNER_FILE_SCAN_H_

#include <memory>
#include <vector>

#include "mamori/detector.h"
#include "mamori/file_reader.h"
#include "mamori/file_report.h"
#include "mamori/keyed_hash.h"
#include "mamori/matcher.h"
#include "mamori/rule_set.h"
#include "mamori/text_decoder.h"
#include "read_throttle.h"

namespace mamori {

struct FileScanConfig {
  const RuleSet* rules = nullptr;
  const Matcher* matcher = nullptr;
  const HashKey* key = nullptr;
  Confidence min_confidence = Confidence::kMedium;
  std::size_t chunk_bytes = 4 << 20;  // new bytes per read
  ReadThrottle* throttle = nullptr;   // shared by all workers; null: no limit
};

class FileScanner {
 public:
  explicit FileScanner(const FileScanConfig& config);

  // Fills report->format, findings, violations, errors from the file at
  // report->file.path. REQUIRES: report->file.kind is kRegular.
  void Scan(FileReport* report);

  // When set, the detector describes every candidate here (explain, tests).
  void set_evidence_sink(std::vector<CandidateEvidence>* sink) {
    detector_.set_evidence_sink(sink);
  }

 private:
  std::size_t NextReadSize(const FileReport& report) const;
  Status AppendChunk(FileReport* report, bool first, std::size_t want, std::size_t* got, bool* eof);

  FileScanConfig config_;
  Status init_;
  Matcher::ScratchPtr scratch_;
  Detector detector_;
  FileReader reader_;
  TextDecoder decoder_;
  std::string text_;  // the window being judged, as UTF-8
  std::string raw_;   // a chunk as read, when it needs decoding

  // Per file.
  bool readable_ = true;  // a text format, not a container not yet extracted
  bool encoding_decided_ = false;
  bool decoding_ = false;
  TextEncoding encoding_ = TextEncoding::kUtf8;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_FILE_SCAN_H_
