#include "mamori/policy.h"

#include <algorithm>
#include <string>

#include "mamori/rule_set.h"

namespace mamori {

namespace {

const Rule* RuleForType(const RuleSet& rules, const std::string& type) {
  for (const Rule& r : rules.rules()) {
    if (r.type == type) return &r;
  }
  return nullptr;
}

}  // namespace

void ApplyDefaultPolicy(const RuleSet& rules, FileReport* report) {
  if (report->protection.encrypted) return;
  // Counted per type over the file and its members, as distinct values:
  // a compliance officer asks how many people, not how many lines.
  std::string what;
  std::vector<std::pair<const Rule*, std::uint64_t>> totals;
  for (const Finding& f : report->findings) {
    const Rule* rule = RuleForType(rules, f.type);
    if (rule == nullptr || !rule->personal) continue;
    auto it =
        std::find_if(totals.begin(), totals.end(), [&](const auto& t) { return t.first == rule; });
    if (it == totals.end()) {
      totals.emplace_back(rule, f.distinct);
    } else {
      it->second += f.distinct;
    }
  }
  if (totals.empty()) return;
  for (std::size_t i = 0; i < totals.size(); ++i) {
    if (i > 0) what += i + 1 == totals.size() ? " and " : ", ";
    what += std::to_string(totals[i].second) + " " + totals[i].first->display +
            (totals[i].second == 1 ? "" : "s");
  }
  report->violations.push_back(
      {"personal-data-unencrypted", "high", what + " in a file without a password"});
}

}  // namespace mamori
