// RuleSet: the detection rules, loaded from their data files (TOML, one file
// per identifier family under patterns/rules/, compiled into the binary).
//
// A rule describes a digit-group identifier: its groups (4-4-4), the
// separators it may be written with, the check-digit validator, the keywords
// that raise confidence and how near (in characters) they must stand, and
// examples that must and must not be found.
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

struct Rule {
  std::string id;                       // unique, e.g. "my_number"
  std::string type;                     // the finding type it reports
  std::string display;                  // "My Number", for messages
  bool personal = false;                // identifies a person (policy counts it)
  std::vector<int> groups;              // digit counts, e.g. {4, 4, 4}
  std::vector<std::string> separators;  // "" = digits run together
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
  // Hex SHA-256 over the rule files' names and texts: changes whenever a
  // rule changes, and keys compiled-database caches and scan records.
  const std::string& hash() const { return hash_; }

 private:
  std::vector<Rule> rules_;
  std::string hash_;
};

}  // namespace mamori

#endif  // MAMORI_RULE_SET_H_
