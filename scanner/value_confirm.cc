#include "value_confirm.h"

namespace mamori {

namespace {

bool IsAsciiDigit(long cp) { return cp >= '0' && cp <= '9'; }
bool IsDigitChar(long cp) { return IsAsciiDigit(cp) || (cp >= 0xFF10 && cp <= 0xFF19); }

// Separators that join the groups of longer numbers (card numbers, account
// codes) whichever separators the rule itself allows.
bool IsGroupJoiner(long cp) {
  return cp == ' ' || cp == '-' || cp == 0x3000 || cp == 0xFF0D || cp == 0x2010 || cp == 0x2011 ||
         cp == 0x2012 || cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == 0x2212 ||
         cp == 0x30FC || cp == 0xFF70 || cp == 0xA0;
}

}  // namespace

long CodePointAt(std::string_view data, std::size_t pos, std::size_t* len) {
  *len = 0;
  if (pos >= data.size()) return -1;
  auto b = [&](std::size_t i) { return static_cast<unsigned char>(data[i]); };
  unsigned char c = b(pos);
  int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || pos + n > data.size()) {
    *len = 1;
    return 0xFFFD;
  }
  long cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (int i = 1; i < n; ++i) {
    if ((b(pos + i) & 0xC0) != 0x80) {
      *len = 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b(pos + i) & 0x3F);
  }
  *len = static_cast<std::size_t>(n);
  return cp;
}

long CodePointBefore(std::string_view data, std::size_t pos, std::size_t* len) {
  *len = 0;
  if (pos == 0 || pos > data.size()) return -1;
  std::size_t start = pos - 1;
  // Back over at most three continuation bytes to the lead byte.
  while (start > 0 && pos - start < 4 && (static_cast<unsigned char>(data[start]) & 0xC0) == 0x80) {
    --start;
  }
  std::size_t n = 0;
  long cp = CodePointAt(data, start, &n);
  if (start + n != pos) {
    *len = 1;
    return 0xFFFD;
  }
  *len = n;
  return cp;
}

std::size_t CountChars(std::string_view data, std::size_t from, std::size_t to) {
  std::size_t n = 0;
  for (std::size_t i = from; i < to && i < data.size(); ++i) {
    if ((static_cast<unsigned char>(data[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool ConfirmValue(std::string_view data, std::size_t end, const Rule& rule, int separator,
                  ConfirmedValue* value) {
  if (separator < 0 || separator >= static_cast<int>(rule.separators.size())) return false;
  const std::string& sep = rule.separators[separator];
  // Backward parse: the last group first, then each separator and group.
  std::size_t pos = end;
  std::string reversed;
  for (int g = static_cast<int>(rule.groups.size()) - 1; g >= 0; --g) {
    for (int i = 0; i < rule.groups[g]; ++i) {
      if (pos == 0 || !IsAsciiDigit(data[pos - 1])) return false;
      reversed.push_back(data[--pos]);
    }
    if (g > 0) {
      if (pos < sep.size() || data.compare(pos - sep.size(), sep.size(), sep) != 0) return false;
      pos -= sep.size();
    }
  }
  const std::size_t start = pos;

  std::size_t len = 0;
  long before = CodePointBefore(data, start, &len);
  if (IsDigitChar(before)) return false;
  if (!sep.empty() && IsGroupJoiner(before)) {
    std::size_t len2 = 0;
    if (IsDigitChar(CodePointBefore(data, start - len, &len2))) return false;
  }
  long after = CodePointAt(data, end, &len);
  if (IsDigitChar(after)) return false;
  if (!sep.empty() && IsGroupJoiner(after)) {
    std::size_t len2 = 0;
    if (IsDigitChar(CodePointAt(data, end + len, &len2))) return false;
  }

  value->start = start;
  value->end = end;
  value->digits.assign(reversed.rbegin(), reversed.rend());
  return true;
}

}  // namespace mamori
