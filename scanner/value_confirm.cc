#include "value_confirm.h"

#include "byte_count.h"
#include "mamori/rule_expressions.h"
#include "mamori/writing_forms.h"

namespace mamori {

namespace {

bool EndsWith(std::string_view data, std::size_t end, const std::string& s) {
  return end >= s.size() && data.compare(end - s.size(), s.size(), s) == 0;
}

// Whether a separator of the value's own class (writing_forms.h) and a group
// of three or more digits stand before (`backward`) or after `pos`, making
// the value one group of a longer grouped number: a card number's groups
// have four digits, while "S58/11/4 0649-6442-0490" is a date and a number.
bool JoinedToLongerGroup(std::string_view data, std::size_t pos, bool backward,
                         const std::string& sep_class) {
  if (sep_class.empty()) return false;
  for (const std::string& v : *SeparatorVariants(sep_class)) {
    const bool here = backward ? EndsWith(data, pos, v) : data.substr(pos, v.size()) == v;
    if (!here) continue;
    std::size_t p = backward ? pos - v.size() : pos + v.size();
    std::size_t len = 0;
    int digits = 0;
    for (; digits < 3; ++digits) {
      const int d = backward ? DigitEndingAt(data, p, &len) : DigitStartingAt(data, p, &len);
      if (d < 0) break;
      p = backward ? p - len : p + len;
    }
    return digits >= 3;
  }
  return false;
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

// Sixteen bytes at a time: every candidate near a label counts the
// characters between them, and the byte loop (not vectorised, for its two
// bounds) was 3% of an office scan.
std::size_t CountChars(std::string_view data, std::size_t from, std::size_t to) {
  const std::size_t end = to < data.size() ? to : data.size();
  if (from >= end) return 0;
#if defined(__SSE2__)
  // Continuation bytes 80-BF are, as signed bytes, those below -64.
  const __m128i limit = _mm_set1_epi8(-64);
  auto lanes = [&](__m128i v) { return _mm_cmpgt_epi8(limit, v); };
#else
  auto lanes = [](int) { return 0; };
#endif
  const std::size_t continuation = CountBytesIf(data.data() + from, end - from, lanes, [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
  });
  return end - from - continuation;
}

// DigitEndingAt with the ASCII case first and inline: most values are
// ASCII, and this runs for every digit of every candidate.
inline int DigitBefore(std::string_view data, std::size_t pos, std::size_t* len) {
  if (pos > 0 && pos <= data.size()) {
    const unsigned d = static_cast<unsigned char>(data[pos - 1]) - static_cast<unsigned>('0');
    if (d <= 9) {
      *len = 1;
      return static_cast<int>(d);
    }
  }
  return DigitEndingAt(data, pos, len);
}

bool ConfirmValue(std::string_view data, std::size_t end, const Rule& rule, int separator,
                  ConfirmedValue* value) {
  const bool short_form = separator == Expression::kLeadingZeroLost;
  if (!short_form && (separator < 0 || separator >= static_cast<int>(rule.separators.size()))) {
    return false;
  }
  // Hyperscan reports every end inside a longer digit run; the digit after
  // rules those out before any parsing (this check is most of the work saved).
  std::size_t len = 0;
  if (DigitStartingAt(data, end, &len) >= 0) return false;

  static const std::string kNoSeparator;
  const std::string& sep_class = short_form ? kNoSeparator : rule.separators[separator];
  const int short_group = short_form ? rule.TotalDigits() - 1 : 0;

  // Most values are one run of ASCII digits (what the matcher's fast pass
  // finds): checked in one sweep, without decoding digit by digit.
  if (sep_class.empty()) {
    std::size_t total = 0;
    if (short_form) {
      total = static_cast<std::size_t>(short_group);
    } else {
      for (int g : rule.groups) total += static_cast<std::size_t>(g);
    }
    if (total <= end && total < 32) {
      const std::string_view run = data.substr(end - total, total);
      bool ascii = true;
      for (char c : run) ascii &= c >= '0' && c <= '9';
      if (ascii) {
        if (DigitEndingAt(data, end - total, &len) >= 0) return false;
        value->start = end - total;
        value->end = end;
        value->leading_zero_restored = short_form;
        value->digits.clear();
        if (short_form) value->digits.push_back('0');
        value->digits.append(run);
        return true;
      }
    }
  }
  const std::vector<std::string>& variants = *SeparatorVariants(sep_class);
  const int group_count = short_form ? 1 : static_cast<int>(rule.groups.size());

  // Backward parse: the last group first, then each separator and group.
  std::size_t pos = end;
  char reversed[32];
  int n = 0;
  for (int g = group_count - 1; g >= 0; --g) {
    const int digits = short_form ? short_group : rule.groups[g];
    for (int i = 0; i < digits; ++i) {
      const int d = DigitBefore(data, pos, &len);
      if (d < 0 || n >= 31) return false;
      reversed[n++] = static_cast<char>('0' + d);
      pos -= len;
    }
    if (g > 0 && !sep_class.empty()) {
      bool found = false;
      for (const std::string& v : variants) {
        if (EndsWith(data, pos, v)) {
          pos -= v.size();
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
  }
  const std::size_t start = pos;

  if (DigitEndingAt(data, start, &len) >= 0) return false;
  if (JoinedToLongerGroup(data, start, true, sep_class) ||
      JoinedToLongerGroup(data, end, false, sep_class)) {
    return false;
  }

  value->start = start;
  value->end = end;
  value->leading_zero_restored = short_form;
  // One resize and plain stores: push_back per digit reloaded the string's
  // size and capacity each time, a third of this function's time.
  const int lead = short_form ? 1 : 0;
  value->digits.resize(static_cast<std::size_t>(n + lead));
  char* out = value->digits.data();
  if (short_form) out[0] = '0';
  for (int i = 0; i < n; ++i) out[lead + i] = reversed[n - 1 - i];
  return true;
}

}  // namespace mamori
