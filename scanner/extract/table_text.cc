#include "table_text.h"

#include <cstdint>
#include <cstdlib>

namespace mamori {

void AppendCell(std::string* row, std::string_view cell, bool first_in_row) {
  if (!first_in_row) row->push_back('\t');
  // Appended whole, then the bytes that would break the row's layout
  // blanked: a push_back per byte cost more than parsing the sheet's XML
  // (callgrind, a 1.4 MB sheet).
  const std::size_t old = row->size();
  row->append(cell);
  char* p = row->data() + old;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    const char c = p[i];
    p[i] = c == '\t' || c == '\n' || c == '\r' ? ' ' : c;
  }
  if (!cell.empty() && p[0] == '"') p[0] = ' ';
}

std::string NumberCellText(std::string_view stored) {
  // Plain integers, most numeric cells, come back as they are.
  bool digits_only = !stored.empty();
  for (char c : stored) digits_only &= c >= '0' && c <= '9';
  if (digits_only && (stored[0] != '0' || stored.size() == 1 || stored.size() > 17)) {
    return std::string(stored);
  }
  // Digits, an optional fraction of zeros, an optional exponent: the forms
  // spreadsheets write integers in.
  std::size_t i = 0;
  std::string mantissa;
  int point = -1;  // digits before the decimal point
  for (; i < stored.size(); ++i) {
    char c = stored[i];
    if (c >= '0' && c <= '9') {
      mantissa.push_back(c);
    } else if (c == '.' && point < 0) {
      point = static_cast<int>(mantissa.size());
    } else {
      break;
    }
  }
  if (mantissa.empty()) return std::string(stored);
  if (point < 0) point = static_cast<int>(mantissa.size());
  int exponent = 0;
  if (i < stored.size()) {
    if (stored[i] != 'e' && stored[i] != 'E') return std::string(stored);
    ++i;
    bool negative = false;
    if (i < stored.size() && (stored[i] == '+' || stored[i] == '-')) negative = stored[i++] == '-';
    if (i == stored.size() || stored.size() - i > 3) return std::string(stored);
    for (; i < stored.size(); ++i) {
      if (stored[i] < '0' || stored[i] > '9') return std::string(stored);
      exponent = exponent * 10 + (stored[i] - '0');
    }
    if (negative) exponent = -exponent;
  }
  const int int_digits = point + exponent;
  if (int_digits <= 0 || int_digits > 17) return std::string(stored);
  // Every digit after the integer part must be zero.
  for (std::size_t k = static_cast<std::size_t>(int_digits); k < mantissa.size(); ++k) {
    if (mantissa[k] != '0') return std::string(stored);
  }
  std::string digits = mantissa.substr(0, std::min<std::size_t>(mantissa.size(), int_digits));
  digits.append(static_cast<std::size_t>(int_digits) - digits.size(), '0');
  std::size_t nz = digits.find_first_not_of('0');
  return nz == std::string::npos ? "0" : digits.substr(nz);
}

}  // namespace mamori
