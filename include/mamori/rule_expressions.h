// The rule compiler's output: the regular expressions for one Hyperscan
// database holding every rule's value shapes and every keyword, and what each
// expression id means.
//
// Thread-safety: pure function; the result is a plain value.
#ifndef MAMORI_RULE_EXPRESSIONS_H_
#define MAMORI_RULE_EXPRESSIONS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "mamori/rule_set.h"

namespace mamori {

struct Expression {
  enum class Kind { kValue, kKeyword };
  Kind kind = Kind::kValue;
  // Hyperscan syntax. A value's expression matches every writing form
  // (writing_forms.h) and one byte beyond its end (a non-digit), unless it
  // ends the buffer.
  std::string regex;
  // kValue: the shape as runs of digits (groups written together are one
  // run) and the separator's single-byte ASCII variants ("" when the class
  // has none or there is one run), from which the matcher finds the ASCII
  // forms itself (scanner/digit_runs.h).
  std::vector<int> groups;
  std::string ascii_separators;
  std::size_t max_bytes = 0;  // kValue: longest match of regex, in bytes
  bool caseless = false;
  // kValue: the rule and the separator (index into Rule::separators), or
  // kLeadingZeroLost for the run-together form one digit short.
  static constexpr int kLeadingZeroLost = -2;
  int rule = -1;
  int separator = -1;
  // kKeyword: its UTF-8 bytes (ASCII folded to lower case) and every rule
  // that lists it; no rules when it is a label of some other number.
  std::string keyword;
  std::vector<int> keyword_rules;
};

// Expression i gets Hyperscan id i. Keywords shared by several rules are
// compiled once.
std::vector<Expression> BuildExpressions(const RuleSet& rules);

}  // namespace mamori

#endif  // MAMORI_RULE_EXPRESSIONS_H_
