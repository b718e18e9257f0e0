// Reading a health-insurance card's 記号・番号 (symbol and number): variable
// length, no check digit, set by each insurer, so found only where a label
// or a column header introduces them (shared/spec/identifiers.md).
//
// Accepted after a label such as 記号 or 記号・番号:
//   記号 1234 番号 56        記号：ア123　番号：45　枝番：01
//   記号・番号：12345・678   記号 1234-56
// The value is "symbol/number" with digits folded to ASCII: both parts are
// needed, as the symbol alone is shared by everyone insured with one employer.
//
// Thread-safety: pure functions.
#ifndef MAMORI_SCANNER_INSURANCE_CARD_H_
#define MAMORI_SCANNER_INSURANCE_CARD_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace mamori {

// Parses a symbol and number starting at `pos` (just after the label).
// On success sets *value and *end (one past the number).
bool ParseInsuranceCard(std::string_view data, std::size_t pos, std::string* value,
                        std::size_t* end);

// Reads a symbol or number from a table cell ("ア1234", "５６"); false when
// the cell holds no digit or more than a symbol's worth of text.
bool ParseCardCell(std::string_view cell, std::string* part);

}  // namespace mamori

#endif  // MAMORI_SCANNER_INSURANCE_CARD_H_
