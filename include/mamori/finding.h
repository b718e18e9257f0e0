// Finding: every occurrence of one identifier type in one file or container
// member, aggregated. Holds no full identifier: only masked examples and keyed
// hashes of the distinct values.
//
// Thread-safety: a plain value.
#ifndef MAMORI_FINDING_H_
#define MAMORI_FINDING_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mamori {

// What the evidence around a checksum-valid value says.
//   kLow:    the value has the shape and a valid check digit, nothing else.
//            About 10% of random 12-digit numbers get this far.
//   kMedium: shape and check digit, and the file looks like a list of such
//            identifiers (most values of that shape in it pass the check).
//   kHigh:   shape and check digit, and a keyword within the rule's window
//            or a column header naming the identifier.
enum class Confidence { kLow = 1, kMedium = 2, kHigh = 3 };

const char* ConfidenceName(Confidence c);  // "low", "medium", "high"
std::optional<Confidence> ParseConfidence(std::string_view name);

// HMAC-SHA256 truncated to its first 128 bits (RFC 2104 allows truncation
// to half the output): among four billion people, two share one with a
// chance of about 2^-65. Half the width halved the database writes of an
// identifier-dense share (measured: a scan of many small files took a
// tenth less CPU).
using KeyedHash = std::array<std::uint8_t, 16>;

struct Finding {
  std::string type;                          // e.g. "my_number"
  std::string member;                        // path inside a container; empty for the file itself
  std::uint64_t count = 0;                   // occurrences at or above the threshold
  std::uint64_t distinct = 0;                // distinct values among them
  Confidence confidence = Confidence::kLow;  // highest among them
  std::vector<std::string> masked;           // a few examples, "********9018"
  std::vector<KeyedHash> hashes;             // one per distinct value, sorted
  // For a finding reused from an earlier scan: where the store already keeps
  // its hashes (then `hashes` is empty). 0 for a finding made now.
  std::int64_t value_set = 0;
};

}  // namespace mamori

#endif  // MAMORI_FINDING_H_
