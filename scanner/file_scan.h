// Scanning one regular file: read, sniff, then either stream its text in its
// own encoding or hand it to the extractor of its format, judge every part.
// The body of the pipeline's parallel stage, which then applies the policy.
//
// Thread-safety: a FileScanner holds one worker's reusable state (buffers,
// Hyperscan scratch, detector) and is used by one thread at a time.
#ifndef MAMORI_SCANNER_FILE_SCAN_H_
#define MAMORI_SCANNER_FILE_SCAN_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mamori/detector.h"
#include "mamori/extract_limits.h"
#include "mamori/file_reader.h"
#include "mamori/file_report.h"
#include "mamori/keyed_hash.h"
#include "mamori/matcher.h"
#include "mamori/rule_set.h"
#include "part_scanner.h"
#include "read_throttle.h"

namespace mamori {

struct FileScanConfig {
  const RuleSet* rules = nullptr;
  const Matcher* matcher = nullptr;
  const HashKey* key = nullptr;
  Confidence min_confidence = Confidence::kMedium;
  std::size_t chunk_bytes = 4 << 20;  // new bytes per read
  ReadThrottle* throttle = nullptr;   // shared by all workers; null: no limit
  ExtractLimits limits;               // documents and containers
};

class FileScanner {
 public:
  explicit FileScanner(const FileScanConfig& config);

  // Fills report->format, findings, violations, errors from the file at
  // report->file.path. REQUIRES: report->file.kind is kRegular.
  void Scan(FileReport* report);

  // When set, the detector describes every candidate here (explain, tests).
  void set_evidence_sink(std::vector<CandidateEvidence>* sink) {
    parts_.detector().set_evidence_sink(sink);
  }

 private:
  std::size_t NextReadSize(const FileReport& report) const;
  Status ReadChunk(FileReport* report, std::size_t* got, bool* eof);
  void ScanText(FileReport* report, bool eof);
  void Extract(FileReport* report, const struct SniffResult& format, bool eof);

  FileScanConfig config_;
  PartScanner parts_;
  FileReader reader_;
  // The chunk read last: buf_'s first buf_len_ bytes.
  std::string_view Chunk() const { return {buf_.data(), buf_len_}; }

  std::string buf_;
  std::size_t buf_len_ = 0;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_FILE_SCAN_H_
