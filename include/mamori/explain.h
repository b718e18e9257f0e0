// `mamori explain FILE`: every candidate in one file with its masked value,
// its evidence (check digit, nearest label and its distance, column header,
// the share of valid values in its column or file) and the decision, so that
// a false positive or a miss can be understood in a minute.
//
// Thread-safety: runs on the calling thread; one call at a time per stream.
#ifndef MAMORI_EXPLAIN_H_
#define MAMORI_EXPLAIN_H_

#include <cstdio>
#include <string>

#include "mamori/finding.h"
#include "mamori/status.h"

namespace mamori {

struct ExplainOptions {
  Confidence min_confidence = Confidence::kMedium;  // for the findings summary
  std::string cache_dir;                            // compiled rules
};

// Writes the explanation of `path` to `out`. Prints masked values only.
Status ExplainFile(const std::string& path, const ExplainOptions& options, std::FILE* out);

}  // namespace mamori

#endif  // MAMORI_EXPLAIN_H_
