// Check-digit validators, looked up by the name a rule file gives.
// Formulas and vectors: shared/spec/identifiers.md.
//
// Thread-safety: pure functions.
#ifndef MAMORI_CHECK_DIGITS_H_
#define MAMORI_CHECK_DIGITS_H_

#include <string_view>

namespace mamori {

// Each takes the ASCII digits of a value, separators removed.
// REQUIRES: digits.size() is the identifier's length and all are '0'..'9'.
using Validator = bool (*)(std::string_view digits);

// My Number: 12 digits, weights 6,5,4,3,2,7,6,5,4,3,2 on the first eleven.
bool MyNumberValid(std::string_view digits);

// Corporate Number: 13 digits, leading check digit.
bool CorporateNumberValid(std::string_view digits);

// Health-insurance insurer number (8 digits, or 6 for 国民健康保険):
// alternate weights 2,1 from the rightmost base digit, digit sums.
bool InsurerNumberValid(std::string_view digits);

// Whether every byte of `s` is an ASCII digit (true when empty); eight
// bytes at a time where there are eight.
bool AllAsciiDigits(std::string_view s);

// The validator a rule names ("my_number", "corporate_number",
// "insurer_number", "none"); nullptr for an unknown name.
// "none" accepts every value: the rule relies on context alone.
Validator FindValidator(std::string_view name);

}  // namespace mamori

#endif  // MAMORI_CHECK_DIGITS_H_
