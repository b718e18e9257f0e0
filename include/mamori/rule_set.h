// RuleSet: the detection rules, loaded from their data files (TOML, one file
// per identifier family under patterns/rules/, compiled into the binary).
//
// A rule describes a digit-group identifier: its groups (4-4-4), the
// separator classes it may be written with (writing_forms.h), the check-digit
// validator, the labels (keywords) that name it and how near (in characters)
// they must stand, which kinds of evidence may raise its confidence, and
// examples that must and must not be found.
//
// Besides rules, the rule files list labels that name *other* numbers
// (注文番号, 電話, カード番号, ...): a value whose nearest label is one of
// those is not taken for an identifier, whatever its check digit says.
//
// Thread-safety: immutable after loading; share freely between threads.
#ifndef MAMORI_RULE_SET_H_
#define MAMORI_RULE_SET_H_

#include <string>
#include <string_view>
#include <vector>

#include "mamori/check_digits.h"
#include "mamori/status.h"

namespace mamori {

// Kinds of evidence a rule accepts. A label of the rule near the value or a
// column header naming it gives high confidence; the value's column (or, in
// running text, its file) being a list of values that mostly pass the check
// digit gives medium. Rules without a check digit must not accept kList.
enum Evidence : unsigned { kEvidenceLabel = 1, kEvidenceHeader = 2, kEvidenceList = 4 };

struct Rule {
  // "digits": a digit-group shape found by the matcher (the common kind).
  // "labelled": a value read by a named parser right after one of the
  // rule's labels, or from table columns its labels head (variable-length
  // numbers such as a health-insurance card's 記号・番号).
  std::string kind = "digits";
  std::string parser;                   // labelled: "insurance_card"
  std::string header_requires;          // labelled: text the header row must contain
  std::string id;                       // unique, e.g. "my_number"
  std::string type;                     // the finding type it reports
  std::string display;                  // "My Number", for messages
  bool personal = false;                // identifies a person (policy counts it)
  std::vector<int> groups;              // digit counts, e.g. {4, 4, 4}
  std::vector<std::string> separators;  // classes: "", "space", "hyphen"
  // Under a column header naming the rule, a run-together value one digit
  // short is the identifier with its leading zero lost by a spreadsheet.
  bool leading_zero_loss = false;
  unsigned evidence = kEvidenceLabel | kEvidenceHeader | kEvidenceList;
  std::string validator_name;
  Validator validator = nullptr;
  std::vector<std::string> keywords;  // UTF-8; ASCII letters match any case
  int window_chars = 60;
  std::vector<std::string> examples;
  std::vector<std::string> negative_examples;

  int TotalDigits() const;
};

class RuleSet {
 public:
  // The rules built into this binary.
  static Status LoadBuiltin(RuleSet* rules);

  // Parses rule files given as (name, TOML text) pairs. Errors name the file
  // and the field ("rule-invalid").
  static Status Parse(const std::vector<std::pair<std::string_view, std::string_view>>& files,
                      RuleSet* rules);

  const std::vector<Rule>& rules() const { return rules_; }
  // Labels naming numbers that are not identifiers of any rule.
  const std::vector<std::string>& other_labels() const { return other_labels_; }
  // Hex SHA-256 over the rule files' names and texts: changes whenever a
  // rule changes, and keys compiled-database caches and scan records.
  const std::string& hash() const { return hash_; }

 private:
  std::vector<Rule> rules_;
  std::vector<std::string> other_labels_;
  std::string hash_;
};

}  // namespace mamori

#endif  // MAMORI_RULE_SET_H_
