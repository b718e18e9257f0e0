// AsciiValueFinder: the ASCII forms of the rules' value shapes (runs of n
// digits joined by one ASCII separator byte), found from the digit runs of
// a buffer (digit_runs.h) instead of by Hyperscan, which ran them at a
// tenth of the speed on digit-dense text. Reports the same ends the value
// expressions would: one per maximal shape, one past its last digit.
//
// Thread-safety: immutable after Build; Find may be called concurrently.
#ifndef MAMORI_SCANNER_ASCII_VALUES_H_
#define MAMORI_SCANNER_ASCII_VALUES_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "form_triggers.h"
#include "mamori/matcher.h"
#include "mamori/rule_expressions.h"
#include "mamori/status.h"

namespace mamori {

class AsciiValueFinder {
 public:
  // Groups in one shape, at most.
  static constexpr int kMaxGroups = 4;

  // Takes the value expressions with an ASCII form (Expression::groups and
  // ascii_separators). Fails for a shape of more than kMaxGroups groups or
  // a group of more than 63 digits.
  Status Build(const std::vector<Expression>& expressions);

  // Appends a hit for every ASCII-form value in `data`; and, on the same
  // pass, the ends of `triggers` to *trigger_ends, when given.
  void Find(std::string_view data, std::vector<MatchHit>* hits,
            const FormTriggerFinder* triggers = nullptr,
            std::vector<std::size_t>* trigger_ends = nullptr) const;

 private:
  struct Shape {
    std::uint32_t expression;
    std::uint8_t group_count;
    std::array<std::uint8_t, kMaxGroups> groups;  // digits per group, first first
    std::array<std::uint64_t, 2> separators;      // bit set of ASCII separator bytes
  };
  struct Run {
    std::size_t begin, end;
  };
  bool Matches(std::string_view data, const Shape& shape, const Run* prev, std::size_t prev_count,
               Run run) const;

  std::vector<Shape> shapes_;  // ordered by the length of their last group
  // shapes_[first_[n], first_[n + 1]) end with a group of n digits.
  std::array<std::uint16_t, 66> first_{};
  int shortest_group_ = 64;
  // Bit n: some shape ends with / has before its last a group of n digits.
  std::uint64_t last_lengths_ = 0;
  std::uint64_t earlier_lengths_ = 0;
  std::uint64_t single_lengths_ = 0;  // ... ends a shape of one group
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_ASCII_VALUES_H_
