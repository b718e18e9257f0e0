#include "table_text.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "mamori/check_digits.h"

namespace mamori {

namespace {

// Whether any of the 8 bytes of `w` is below 0x20 (a control character);
// bytes from 0x80 are not.
inline bool HasControl(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  return ((w - 0x20 * kOnes) & ~w & 0x80 * kOnes) != 0;
}

}  // namespace

void AppendCell(std::string* row, std::string_view cell, bool first_in_row) {
  if (!first_in_row) row->push_back('\t');
  // Most cells have no byte that would break the row's layout: they are
  // looked for in `cell` 8 bytes at a time (the copy just appended would
  // stall on store forwarding), and only a cell with one is blanked byte by
  // byte after it is appended (a push_back per byte cost more than parsing
  // the sheet's XML; callgrind, a 1.4 MB sheet).
  const std::size_t n = cell.size();
  bool controls = false;
  if (n >= 8) {
    std::uint64_t w;
    for (std::size_t i = 0; i + 8 <= n && !controls; i += 8) {
      std::memcpy(&w, cell.data() + i, 8);
      controls = HasControl(w);
    }
    std::memcpy(&w, cell.data() + n - 8, 8);  // the last bytes, overlapping
    controls = controls || HasControl(w);
  } else {
    for (char c : cell) controls |= static_cast<unsigned char>(c) < 0x20;
  }
  const std::size_t old = row->size();
  row->append(cell);
  char* p = row->data() + old;
  if (controls) {
    for (std::size_t i = 0; i < n; ++i) {
      const char c = p[i];
      p[i] = c == '\t' || c == '\n' || c == '\r' ? ' ' : c;
    }
  }
  if (n > 0 && p[0] == '"') p[0] = ' ';
}

std::string_view NumberCellText(std::string_view stored, std::string* scratch) {
  // Plain integers, most numeric cells, come back as they are.
  const bool digits_only = !stored.empty() && AllAsciiDigits(stored);
  if (digits_only && (stored[0] != '0' || stored.size() == 1 || stored.size() > 17)) {
    return stored;
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
  if (mantissa.empty()) return stored;
  if (point < 0) point = static_cast<int>(mantissa.size());
  int exponent = 0;
  if (i < stored.size()) {
    if (stored[i] != 'e' && stored[i] != 'E') return stored;
    ++i;
    bool negative = false;
    if (i < stored.size() && (stored[i] == '+' || stored[i] == '-')) negative = stored[i++] == '-';
    if (i == stored.size() || stored.size() - i > 3) return stored;
    for (; i < stored.size(); ++i) {
      if (stored[i] < '0' || stored[i] > '9') return stored;
      exponent = exponent * 10 + (stored[i] - '0');
    }
    if (negative) exponent = -exponent;
  }
  const int int_digits = point + exponent;
  if (int_digits <= 0 || int_digits > 17) return stored;
  // Every digit after the integer part must be zero.
  for (std::size_t k = static_cast<std::size_t>(int_digits); k < mantissa.size(); ++k) {
    if (mantissa[k] != '0') return stored;
  }
  std::string& digits = *scratch;
  digits.assign(mantissa, 0, std::min<std::size_t>(mantissa.size(), int_digits));
  digits.append(static_cast<std::size_t>(int_digits) - digits.size(), '0');
  const std::size_t nz = digits.find_first_not_of('0');
  if (nz == std::string::npos) return "0";
  return std::string_view(digits).substr(nz);
}

}  // namespace mamori
