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
#include "mamori/keyed_hash.h"
#include "mamori/matcher.h"
#include "mamori/rule_set.h"
#include "mamori/status.h"

namespace mamori {

// What one candidate looked like to the detector and what it decided, for
// `mamori explain` and tests. Holds a masked value only.
struct CandidateEvidence {
  std::string rule;
  std::uint64_t offset = 0;  // byte offset in the file's text as UTF-8
  std::string masked;
  bool check_digit_ok = false;
  bool leading_zero_restored = false;
  std::string label;          // the nearest label within the rule's window
  int label_distance = -1;    // in characters; -1 when there is none
  bool label_is_own = false;  // it names this rule (otherwise: something else)
  int column = -1;            // in delimited text; -1 elsewhere or unknown
  std::string header;         // the column's header label, if any
  bool header_is_own = false;
  // Filled by Finish(): values of the rule's shape that no label speaks for
  // in the value's column (or file, in running text), and the share of them
  // passing the check digit.
  std::uint64_t scope_values = 0;
  double scope_valid_share = 0;
  std::string decision;  // "high", "medium", "low" or "rejected: <why>"
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

  // Starts a new file. `delimiter` is ',' or '\t' for delimited text (CSV,
  // TSV: column headers and per-column lists apply), 0 for running text.
  void Reset(char delimiter);

  // Starts a new segment of the same file at file offset `base` (the next
  // Scan's data must begin there): table rows with `delimiter` and a header
  // row of their own, or running text (0). Counts and lists so far are kept.
  void BeginSegment(char delimiter, std::uint64_t base);

  // Judges the values starting in data[accept_begin, accept_end). `data`
  // begins at file offset `base`; the rest of `data` is context.
  Status Scan(std::string_view data, std::uint64_t base, std::size_t accept_begin,
              std::size_t accept_end, Matcher::Scratch* scratch);

  // Scan in two halves, so that a long text can be matched a buffer ahead
  // on another thread. Match is the half that depends on the buffer alone
  // (the matcher, the values' shapes and check digits, the labels): it
  // reads nothing Judge changes, so Match of one buffer may run while
  // Judge of the one before does. Judge takes each Matched in the order of
  // the buffers, with the same arguments Scan would have had.
  class Matched {
   public:
    Matched();
    ~Matched();
    Matched(const Matched&) = delete;
    Matched& operator=(const Matched&) = delete;

   private:
    friend class Detector;
    struct Rep;
    std::unique_ptr<Rep> rep_;
  };
  Status Match(std::string_view data, std::size_t accept_begin, std::size_t accept_end,
               Matcher::Scratch* scratch, Matched* out) const;
  void Judge(std::string_view data, std::uint64_t base, std::size_t accept_begin,
             std::size_t accept_end, Matched* matched);

  // The file's findings at or above `min_confidence`, one per type.
  void Finish(Confidence min_confidence, const HashKey& key, std::vector<Finding>* findings);

  // When set, every confirmed candidate is also described here; decisions
  // are filled in by Finish().
  void set_evidence_sink(std::vector<CandidateEvidence>* sink) { evidence_ = sink; }

 private:
  // Values of labelled rules: read by their parser after each label, and
  // from table columns their labels head.
  void ReadLabelledValues(std::string_view data, std::uint64_t base, std::size_t accept_begin,
                          std::size_t accept_end);

  struct Rep;
  std::unique_ptr<Rep> rep_;
  std::vector<CandidateEvidence>* evidence_ = nullptr;
};

}  // namespace mamori

#endif  // MAMORI_DETECTOR_H_
