// The confirm step after a Hyperscan value match: recovers the value's start
// by a bounded backward parse of the rule's digit groups from the match end,
// normalises it to ASCII digits, and checks its boundaries: a value must not
// be a piece of a longer digit run (ASCII or full-width) nor one group of a
// longer grouped number (the first or last three groups of a 4-4-4-4 card).
//
// Thread-safety: pure functions.
#ifndef MAMORI_SCANNER_VALUE_CONFIRM_H_
#define MAMORI_SCANNER_VALUE_CONFIRM_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "mamori/rule_set.h"

namespace mamori {

struct ConfirmedValue {
  std::size_t start = 0;  // byte offsets in the buffer
  std::size_t end = 0;
  std::string digits;                  // ASCII digits, separators removed, full-width folded
  bool leading_zero_restored = false;  // written one digit short; '0' prepended
};

// `data` is the whole buffer the match was found in; bytes outside it are
// unknown, so a value touching the buffer's edge is judged only on the side
// that is known (callers keep a margin around the region they accept).
// `separator` indexes rule.separators, or is Expression::kLeadingZeroLost.
// Returns false when the text at [.., end) is not the rule's shape with that
// separator, or a boundary check fails.
bool ConfirmValue(std::string_view data, std::size_t end, const Rule& rule, int separator,
                  ConfirmedValue* value);

// Decodes the UTF-8 character that ends just before `pos` / starts at `pos`.
// Returns U+FFFD for malformed input and -1 at the buffer's edge.
long CodePointBefore(std::string_view data, std::size_t pos, std::size_t* len);
long CodePointAt(std::string_view data, std::size_t pos, std::size_t* len);

// Number of UTF-8 characters in data[from, to).
std::size_t CountChars(std::string_view data, std::size_t from, std::size_t to);

}  // namespace mamori

#endif  // MAMORI_SCANNER_VALUE_CONFIRM_H_
