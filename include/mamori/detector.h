// Detector: the validate/score stage for one file at a time. Takes the
// matcher's hits over a buffer, confirms each value (shape, boundaries,
// check digit), gathers its evidence (keywords within the rule's window,
// the column header in delimited text, how many values of that shape in the
// file pass the check) and, at the end of the file, turns what it saw into
// Findings at the configured confidence threshold.
//
// Values stay inside the process: Finish() emits masked examples and keyed
// hashes only.
//
// Thread-safety: not thread-safe; one Detector per worker, reused across
// files (Reset between them).
#ifndef MAMORI_DETECTOR_H_
#define MAMORI_DETECTOR_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mamori/finding.h"
#include "mamori/format_sniffer.h"
#include "mamori/keyed_hash.h"
#include "mamori/matcher.h"
#include "mamori/rule_set.h"
#include "mamori/status.h"

namespace mamori {

// What one candidate looked like to the detector, for `mamori explain` and tests.
struct CandidateEvidence {
  std::string rule;
  std::uint64_t offset = 0;  // byte offset in the file
  std::string masked;
  bool check_digit_ok = false;
  int keyword_distance = -1;  // characters to the nearest keyword; -1 none in window
  bool header_label = false;  // its column's header names the identifier
};

class Detector {
 public:
  // REQUIRES: `rules` and `matcher` outlive the detector; the matcher was
  // compiled from `rules`.
  Detector(const RuleSet& rules, const Matcher& matcher);
  ~Detector();

  // Bytes of context a caller must keep on each side of the region it asks
  // to be judged, so that keywords and boundaries are visible.
  std::size_t ContextMargin() const;

  // Starts a new file of the given format.
  void Reset(const SniffResult& format);

  // Judges the values starting in data[accept_begin, accept_end). `data`
  // begins at file offset `base`; the rest of `data` is context.
  Status Scan(std::string_view data, std::uint64_t base, std::size_t accept_begin,
              std::size_t accept_end, Matcher::Scratch* scratch);

  // The file's findings at or above `min_confidence`, one per type.
  void Finish(Confidence min_confidence, const HashKey& key, std::vector<Finding>* findings);

  // When set, every confirmed candidate is also described here.
  void set_evidence_sink(std::vector<CandidateEvidence>* sink) { evidence_ = sink; }

 private:
  struct Rep;
  std::unique_ptr<Rep> rep_;
  std::vector<CandidateEvidence>* evidence_ = nullptr;
};

}  // namespace mamori

#endif  // MAMORI_DETECTOR_H_
