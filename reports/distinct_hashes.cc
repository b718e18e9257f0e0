#include "distinct_hashes.h"

#include <algorithm>
#include <cstring>

namespace mamori::report_internal {

std::string HashJoin(int schema_version) {
  return schema_version >= 6
             ? " JOIN finding_value_blocks v ON v.finding_id = coalesce(d.value_set, d.id)"
             : " JOIN finding_values v ON v.finding_id = coalesce(d.value_set, d.id)";
}

std::string HashColumn(int schema_version) {
  return schema_version >= 6 ? "v.hashes" : "v.value_hash";
}

std::size_t HashWidth(int schema_version) { return schema_version >= 6 ? 16 : 32; }

void DistinctHashes::Add(const std::string& type, std::string_view hashes, std::size_t width) {
  std::vector<Prefix>& list = by_type_[type];
  if (width < sizeof(Prefix)) return;
  for (std::size_t at = 0; at + width <= hashes.size(); at += width) {
    Prefix p;
    std::memcpy(p.data(), hashes.data() + at, sizeof p);
    list.push_back(p);
  }
}

std::map<std::string, std::uint64_t> DistinctHashes::Count() {
  std::map<std::string, std::uint64_t> counts;
  for (auto& [type, list] : by_type_) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    counts[type] = list.size();
  }
  return counts;
}

}  // namespace mamori::report_internal
