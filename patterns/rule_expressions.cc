#include "mamori/rule_expressions.h"

#include <map>

#include "mamori/writing_forms.h"

namespace mamori {

namespace {

// Escapes a literal for Hyperscan: letters and digits stay, every other ASCII
// byte is backslash-escaped, and non-ASCII bytes are written \xHH so the
// pattern is matched byte for byte (no UTF-8 mode, which would cost speed).
std::string EscapeLiteral(const std::string& s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x80 && c >= 0x20) {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

bool HasAsciiLetter(const std::string& s) {
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  }
  return false;
}

// Boundaries are checked by the confirm step. Both boundary classes only
// prune: without the leading one Hyperscan reports an end for every position
// inside a longer digit run, one per shorter shape, and without the trailing
// one every shape shorter than a run still matches at the run's start
// (measured on digit-dense CSV: five times the matches, all refused later).
// The trailing class consumes one byte, which the matcher gives back.
std::string ValueRegex(const std::vector<int>& groups, const std::string& separator_class) {
  const std::string sep = SeparatorRegex(separator_class);
  std::string re = "(?:^|[^0-9])";
  for (size_t i = 0; i < groups.size(); ++i) {
    if (i > 0) re += sep;
    re += DigitRegex() + "{" + std::to_string(groups[i]) + "}";
  }
  return re + "(?:[^0-9]|\\z)";
}

std::string AsciiSeparators(const std::string& separator_class) {
  std::string out;
  if (separator_class.empty()) return out;
  for (const std::string& v : *SeparatorVariants(separator_class)) {
    if (v.size() == 1 && static_cast<unsigned char>(v[0]) < 0x80) out += v;
  }
  return out;
}

int TotalDigits(const std::vector<int>& groups) {
  int digits = 0;
  for (int g : groups) digits += g;
  return digits;
}

std::size_t ValueBytes(const std::vector<int>& groups) {
  const auto digits = static_cast<std::size_t>(TotalDigits(groups));
  return (digits + groups.size() - 1) * kMaxFormBytes + 2;  // and the boundaries
}

Expression ValueExpression(const std::vector<int>& groups, const std::string& separator_class,
                           int rule, int separator) {
  Expression e;
  e.kind = Expression::Kind::kValue;
  e.regex = ValueRegex(groups, separator_class);
  // Run together, the groups are one run of digits.
  e.groups = groups;
  if (separator_class.empty() && groups.size() > 1) e.groups = {TotalDigits(groups)};
  e.ascii_separators = AsciiSeparators(separator_class);
  e.max_bytes = ValueBytes(groups);
  e.rule = rule;
  e.separator = separator;
  return e;
}

std::string Fold(const std::string& k) {
  std::string folded = k;
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return folded;
}

}  // namespace

std::vector<Expression> BuildExpressions(const RuleSet& rules) {
  std::vector<Expression> out;
  const auto& list = rules.rules();
  for (size_t r = 0; r < list.size(); ++r) {
    // Labelled rules have no value shape: their labels trigger a parser.
    for (size_t s = 0; s < list[r].separators.size(); ++s) {
      out.push_back(ValueExpression(list[r].groups, list[r].separators[s], static_cast<int>(r),
                                    static_cast<int>(s)));
    }
    if (list[r].leading_zero_loss) {
      out.push_back(ValueExpression({list[r].TotalDigits() - 1}, "", static_cast<int>(r),
                                    Expression::kLeadingZeroLost));
    }
  }
  // Case-folded ASCII so "My Number" and "MY NUMBER" share one expression.
  std::map<std::string, size_t> keyword_index;
  auto add_keyword = [&](const std::string& k) -> Expression& {
    std::string folded = Fold(k);
    auto [it, inserted] = keyword_index.emplace(folded, out.size());
    if (inserted) {
      Expression e;
      e.kind = Expression::Kind::kKeyword;
      e.regex = EscapeLiteral(folded);
      e.caseless = HasAsciiLetter(folded);
      e.keyword = folded;
      out.push_back(std::move(e));
    }
    return out[it->second];
  };
  for (size_t r = 0; r < list.size(); ++r) {
    for (const auto& k : list[r].keywords) {
      auto& rules_of = add_keyword(k).keyword_rules;
      if (rules_of.empty() || rules_of.back() != static_cast<int>(r)) {
        rules_of.push_back(static_cast<int>(r));
      }
    }
  }
  // A label of another kind of number has no rules: it names something else.
  for (const auto& k : rules.other_labels()) add_keyword(k);
  return out;
}

}  // namespace mamori
