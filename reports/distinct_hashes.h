// Internal to the report writers: counts distinct keyed hashes per
// identifier type from query rows of (type, hashes), whatever the schema:
// version 6 stores a finding's hashes in blocks (finding_value_blocks),
// older versions one to a row (finding_values). Counting here rather than
// with SQL's count(DISTINCT) over the finding_values view took a report of
// 388,000 hashes from 7 s to a few milliseconds.
//
// Thread-safety: none; one counter per thread.
#ifndef MAMORI_REPORTS_DISTINCT_HASHES_H_
#define MAMORI_REPORTS_DISTINCT_HASHES_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::report_internal {

// For a query over findings aliased `d`: the join that brings the rows
// holding d's keyed hashes (a reused finding's are its value_set's), and
// the column of those rows that holds them, as "v.<column>".
std::string HashJoin(int schema_version);
std::string HashColumn(int schema_version);

class DistinctHashes {
 public:
  // One row's hashes: any number of 32-byte hashes end to end. A trailing
  // part shorter than a hash (a damaged database) is ignored.
  void Add(const std::string& type, std::string_view hashes);

  // Distinct hashes of each type added so far.
  std::map<std::string, std::uint64_t> Count();

 private:
  // The first 16 bytes of each hash: two HMAC-SHA256 values share them
  // with a chance of 2^-128, and they halve the memory of a scan with
  // millions of distinct values.
  using Prefix = std::array<std::uint64_t, 2>;
  std::map<std::string, std::vector<Prefix>> by_type_;
};

}  // namespace mamori::report_internal

#endif  // MAMORI_REPORTS_DISTINCT_HASHES_H_
