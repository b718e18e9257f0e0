// Judging one report against the policy: the per-file rules, exceptions, and
// making sure encrypted content is listed as not inspected.
#include <fnmatch.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "mamori/policy.h"
#include "mamori/rule_set.h"

namespace mamori {

namespace {

bool Glob(const std::string& pattern, const std::string& text) {
  return ::fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

// `member` is `protected_member` or lies inside it.
bool Within(const std::string& member, const std::string& protected_member) {
  if (protected_member.empty()) return true;
  return member.size() >= protected_member.size() &&
         member.compare(0, protected_member.size(), protected_member) == 0 &&
         (member.size() == protected_member.size() || member[protected_member.size()] == '/');
}

std::string BaseName(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool HasErrorFor(const FileReport& r, const std::string& member) {
  for (const ScanError& e : r.errors) {
    if (e.reason == "encrypted-member" && (e.member == member || Within(e.member, member))) {
      return true;
    }
  }
  return false;
}

std::string DisplayName(const RuleSet* rules, const std::string& type) {
  if (rules != nullptr) {
    for (const Rule& r : rules->rules()) {
      if (r.type == type) return r.display;
    }
  }
  return type;
}

}  // namespace

const PolicyRule& Policy::rule(std::string_view id) const {
  if (id == kRuleWeakProtection) return weak_protection_;
  if (id == kRulePpap) return ppap_rule_;
  return personal_data_;
}

bool Policy::IsWeak(std::string_view scheme) const {
  return std::find(weak_schemes_.begin(), weak_schemes_.end(), scheme) != weak_schemes_.end();
}

void Policy::AddViolation(std::string_view rule_id, std::string message, FileReport* report) const {
  report->violations.push_back({std::string(rule_id), rule(rule_id).severity, std::move(message)});
}

// A finding is protected when the file itself, or the member it lies in, is
// encrypted with a scheme that counts. Protection in name only (encrypted ==
// false: an owner-only PDF, Excel's default password) never counts.
void Policy::PersonalDataRule(const RuleSet* rules, FileReport* report) const {
  const Protection& prot = report->protection;
  auto counts = [&](bool encrypted, const std::string& scheme) {
    return encrypted && !(require_strong_ && IsWeak(scheme));
  };
  if (counts(prot.encrypted, prot.scheme)) return;
  struct Total {
    std::string type;
    const PersonalDataType* entry;
    std::uint64_t distinct;
  };
  std::vector<Total> totals;  // in order of first finding
  std::map<const PersonalDataType*, std::uint64_t> per_entry;
  for (const Finding& f : report->findings) {
    const PersonalDataType* entry = nullptr;
    for (const PersonalDataType& t : personal_types_) {
      if (Glob(t.type_glob, f.type)) {
        entry = &t;
        break;
      }
    }
    if (entry == nullptr || f.confidence < entry->min_confidence) continue;
    bool shielded = false;
    for (const ProtectedMember& m : prot.members) {
      if (counts(m.encrypted, m.scheme) && Within(f.member, m.member)) shielded = true;
    }
    if (shielded) continue;
    auto it = std::find_if(totals.begin(), totals.end(),
                           [&](const Total& t) { return t.type == f.type; });
    if (it == totals.end()) {
      totals.push_back({f.type, entry, f.distinct});
    } else {
      it->distinct += f.distinct;
    }
    per_entry[entry] += f.distinct;
  }
  // Thresholds are per policy entry, so "health_*" sums its types.
  // Counted as distinct values: a compliance officer asks how many people,
  // not how many lines.
  std::erase_if(totals, [&](const Total& t) { return per_entry[t.entry] < t.entry->min_distinct; });
  if (totals.empty()) return;
  std::string what;
  for (std::size_t i = 0; i < totals.size(); ++i) {
    if (i > 0) what += i + 1 == totals.size() ? " and " : ", ";
    what += std::to_string(totals[i].distinct) + " " + DisplayName(rules, totals[i].type) +
            (totals[i].distinct == 1 ? "" : "s");
  }
  bool some_members_encrypted = std::any_of(prot.members.begin(), prot.members.end(),
                                            [](const ProtectedMember& m) { return m.encrypted; });
  std::string where = some_members_encrypted ? " in members readable without a password"
                                             : " in a file without a password";
  if (!prot.scheme.empty() && !prot.encrypted) {
    where += " (its " + prot.scheme + " protection opens without one)";
  } else if (!prot.scheme.empty() && require_strong_) {
    where += " (only weak " + prot.scheme + " protection)";
  }
  AddViolation(kRulePersonalData, what + where, report);
}

void Policy::WeakProtectionRule(FileReport* report) const {
  const Protection& prot = report->protection;
  std::vector<std::pair<std::string, std::uint64_t>> members;  // scheme, count
  for (const ProtectedMember& m : prot.members) {
    if (!m.encrypted || !IsWeak(m.scheme)) continue;
    auto it = std::find_if(members.begin(), members.end(),
                           [&](const auto& e) { return e.first == m.scheme; });
    if (it == members.end()) {
      members.emplace_back(m.scheme, 1);
    } else {
      ++it->second;
    }
  }
  const bool file_weak = prot.encrypted && IsWeak(prot.scheme);
  if (!file_weak && members.empty()) return;
  // An archive whose members are all encrypted also names their scheme as
  // its own: said once, by member.
  std::string what = "protected only by weak encryption, easily broken: ";
  const bool file_said = std::any_of(members.begin(), members.end(),
                                     [&](const auto& m) { return m.first == prot.scheme; });
  if (file_weak && !file_said) what += prot.scheme + " (the file)";
  for (std::size_t i = 0; i < members.size(); ++i) {
    if ((file_weak && !file_said) || i > 0) what += ", ";
    what += members[i].first + " (" + std::to_string(members[i].second) +
            (members[i].second == 1 ? " member)" : " members)");
  }
  AddViolation(kRuleWeakProtection, what, report);
}

void Policy::ApplyExceptions(PolicyDate today, FileReport* report) const {
  const std::string& path = report->file.path;
  const std::string base = BaseName(path);
  for (Violation& v : report->violations) {
    if (v.severity == kSeverityExempt) continue;
    for (const PolicyException& e : exceptions_) {
      if (e.expires < today) continue;
      if (!e.rules.empty() && std::find(e.rules.begin(), e.rules.end(), v.rule) == e.rules.end())
        continue;
      const bool with_dir = e.path_glob.find('/') != std::string::npos;
      if (!Glob(e.path_glob, with_dir ? path : base)) continue;
      v.message += "; exempt until " + FormatPolicyDate(e.expires) + " (would be " + v.severity +
                   "): " + e.reason;
      v.severity = kSeverityExempt;
      break;
    }
  }
}

void Policy::Evaluate(const RuleSet* rules, PolicyDate today, FileReport* report) const {
  report->violations.clear();
  Protection& prot = report->protection;
  // Never clean by silence: encrypted content is listed as not inspected,
  // even when the extractor that named the scheme recorded no error.
  if (prot.encrypted && !HasErrorFor(*report, "")) {
    report->errors.push_back({"", "encrypted-member",
                              "encrypted (" + (prot.scheme.empty() ? "unknown" : prot.scheme) +
                                  "): content not inspected"});
    report->incomplete = true;
  }
  for (const ProtectedMember& m : prot.members) {
    if (m.encrypted && !prot.encrypted && !HasErrorFor(*report, m.member)) {
      report->errors.push_back(
          {m.member, "encrypted-member", "encrypted (" + m.scheme + "): content not inspected"});
      report->incomplete = true;
    }
  }
  if (personal_data_.enabled) PersonalDataRule(rules, report);
  if (weak_protection_.enabled) WeakProtectionRule(report);
  ApplyExceptions(today, report);
}

bool Policy::IsPpapCandidate(const FileReport& report) const {
  if (!ppap_rule_.enabled) return false;
  const Protection& prot = report.protection;
  auto archive_name = [&](const std::string& member) {
    // Some component of the member path is an archive by its extension.
    std::size_t start = 0;
    while (start <= member.size()) {
      std::size_t end = member.find('/', start);
      if (end == std::string::npos) end = member.size();
      const std::string part = member.substr(start, end - start);
      const std::size_t dot = part.rfind('.');
      if (dot != std::string::npos) {
        std::string ext = part.substr(dot + 1);
        for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        for (const std::string& f : ppap_.archive_formats) {
          if (ext == f) return true;
        }
      }
      start = end + 1;
    }
    return false;
  };
  const bool archive = std::find(ppap_.archive_formats.begin(), ppap_.archive_formats.end(),
                                 report.format) != ppap_.archive_formats.end();
  if (archive && prot.encrypted) return true;
  for (const ProtectedMember& m : prot.members) {
    if (m.encrypted && (archive || archive_name(m.member))) return true;
  }
  // Extractors that name no scheme still record the unreadable member.
  for (const ScanError& e : report.errors) {
    if (e.reason != "encrypted-member") continue;
    if (archive || archive_name(e.member)) return true;
  }
  return false;
}

void Policy::AddPpapViolation(const std::string& beside, PolicyDate today,
                              FileReport* report) const {
  if (!ppap_rule_.enabled) return;
  AddViolation(kRulePpap, "an encrypted archive with its password beside it (" + beside + ")",
               report);
  ApplyExceptions(today, report);
}

bool HasViolation(const FileReport& report) { return CountViolations(report) > 0; }

std::uint64_t CountViolations(const FileReport& report) {
  return static_cast<std::uint64_t>(
      std::count_if(report.violations.begin(), report.violations.end(),
                    [](const Violation& v) { return v.severity != kSeverityExempt; }));
}

void ApplyDefaultPolicy(const RuleSet& rules, FileReport* report) {
  static const Policy* policy = [] {
    auto* p = new Policy();
    Status s = Policy::LoadBuiltin(p);
    (void)s;  // the built-in text is tested; a broken one judges nothing
    return p;
  }();
  policy->Evaluate(&rules, TodayLocal(), report);
}

}  // namespace mamori
