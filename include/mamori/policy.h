// The policy stage: what the organisation's rules say about one file.
//
// A policy is a TOML file (patterns/policies/default.toml is the shipped
// default, built into the binary, and documents every field): which
// identifier types, at which confidence and count, make a file hold personal
// data; which protection is required and which schemes are weak; the
// severity of each rule; path exceptions with a reason and an expiry date.
//
// Rules: "personal-data-unencrypted", "weak-protection" (per file, here) and
// "ppap" (across files: an encrypted archive with its password beside it;
// scanner/policy_ppap.h finds the notice, AddPpapViolation records it).
// An exception turns a violation into one of severity "exempt" whose
// message carries the exception's reason and expiry; exempt violations do
// not count as violations (HasViolation) and are printed apart.
//
// Thread-safety: a Policy is immutable after loading; share it freely.
#ifndef MAMORI_POLICY_H_
#define MAMORI_POLICY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mamori/file_report.h"
#include "mamori/finding.h"
#include "mamori/status.h"

namespace mamori {

class RuleSet;

inline constexpr const char* kRulePersonalData = "personal-data-unencrypted";
inline constexpr const char* kRuleWeakProtection = "weak-protection";
inline constexpr const char* kRulePpap = "ppap";
inline constexpr const char* kSeverityExempt = "exempt";

// A calendar date as yyyymmdd (20260331); compares like the date.
using PolicyDate = int;
PolicyDate TodayLocal();
std::string FormatPolicyDate(PolicyDate d);  // "2026-03-31"

struct PersonalDataType {
  std::string type_glob;  // fnmatch over finding types: "my_number", "health_*"
  Confidence min_confidence = Confidence::kMedium;
  std::uint64_t min_distinct = 1;
};

struct PolicyRule {
  std::string severity;  // "high", "medium", "low"
  bool enabled = true;
};

struct PolicyException {
  std::string path_glob;
  std::vector<std::string> rules;  // empty: every rule
  std::string reason;
  PolicyDate expires = 0;  // applies through this day
};

// Defaults here apply to a policy without a [ppap] section; the patterns
// have none (the shipped default lists them).
struct PpapSettings {
  std::vector<std::string> archive_formats = {"zip", "7z", "rar", "lzh"};
  std::vector<std::string> name_patterns;    // fnmatch, ASCII case-insensitive
  std::vector<std::string> notice_patterns;  // substrings, ASCII case-insensitive
  std::vector<std::string> notice_extensions = {"txt", "eml"};
  std::uint64_t notice_max_bytes = 1 << 20;
  std::uint64_t notice_read_bytes = 64 << 10;
};

class Policy {
 public:
  // The default built into this binary.
  static Status LoadBuiltin(Policy* policy);
  // A policy file; errors ("policy-invalid") name the file and the field.
  static Status LoadFile(const std::string& path, Policy* policy);
  static Status Parse(std::string_view name, std::string_view text, Policy* policy);

  // Hex SHA-256 of the policy's text: part of the scan settings.
  const std::string& hash() const { return hash_; }
  const std::string& name() const { return name_; }

  // Exceptions whose expiry date is before `today`: no longer applied.
  std::vector<const PolicyException*> Expired(PolicyDate today) const;

  // Replaces report->violations with the per-file rules' verdicts, applies
  // the exceptions valid on `today`, and lists encrypted content that could
  // not be read as not inspected (an "encrypted-member" error, incomplete)
  // where no extractor did. `rules` names the types in messages; may be null.
  void Evaluate(const RuleSet* rules, PolicyDate today, FileReport* report) const;

  // An encrypted archive (or a container holding one): a PPAP candidate.
  bool IsPpapCandidate(const FileReport& report) const;
  // Adds the ppap violation (`beside`: the sibling holding the password),
  // subject to the exceptions valid on `today`.
  void AddPpapViolation(const std::string& beside, PolicyDate today, FileReport* report) const;

  const PpapSettings& ppap() const { return ppap_; }
  const std::vector<PersonalDataType>& personal_types() const { return personal_types_; }
  const std::vector<std::string>& weak_schemes() const { return weak_schemes_; }
  bool require_strong() const { return require_strong_; }
  const std::vector<PolicyException>& exceptions() const { return exceptions_; }

 private:
  friend struct PolicyParser;

  const PolicyRule& rule(std::string_view id) const;
  bool IsWeak(std::string_view scheme) const;
  void AddViolation(std::string_view rule_id, std::string message, FileReport* report) const;
  void ApplyExceptions(PolicyDate today, FileReport* report) const;
  void PersonalDataRule(const RuleSet* rules, FileReport* report) const;
  void WeakProtectionRule(FileReport* report) const;

  std::string name_;
  std::string hash_;
  std::vector<PersonalDataType> personal_types_;
  bool require_strong_ = false;
  std::vector<std::string> weak_schemes_;
  PolicyRule personal_data_{"high", true};
  PolicyRule weak_protection_{"medium", true};
  PolicyRule ppap_rule_{"medium", true};
  PpapSettings ppap_;
  std::vector<PolicyException> exceptions_;
};

// Whether the report holds a violation that is not exempt.
bool HasViolation(const FileReport& report);
std::uint64_t CountViolations(const FileReport& report);  // not exempt

// The built-in default policy applied for today (explain, and FileScanner
// until the pipeline applies the scan's own policy).
void ApplyDefaultPolicy(const RuleSet& rules, FileReport* report);

}  // namespace mamori

#endif  // MAMORI_POLICY_H_
