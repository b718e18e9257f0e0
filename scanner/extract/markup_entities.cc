#include "markup_entities.h"

#include <cstdint>

#include "utf8_append.h"

namespace mamori {

namespace {

struct Named {
  std::string_view name;
  char32_t cp;
  bool legacy;  // accepted without ';'
};

// nbsp and the other spaces become U+0020 so that "1234&nbsp;5678" reads
// as digits with a space.
constexpr Named kNamed[] = {
    {"amp", '&', true},        {"lt", '<', true},         {"gt", '>', true},
    {"quot", '"', true},       {"apos", '\'', false},     {"nbsp", ' ', true},
    {"ensp", ' ', false},      {"emsp", ' ', false},      {"thinsp", ' ', false},
    {"copy", 0xA9, true},      {"reg", 0xAE, true},       {"trade", 0x2122, false},
    {"yen", 0xA5, false},      {"euro", 0x20AC, false},   {"cent", 0xA2, false},
    {"pound", 0xA3, false},    {"sect", 0xA7, false},     {"para", 0xB6, false},
    {"deg", 0xB0, false},      {"plusmn", 0xB1, false},   {"times", 0xD7, false},
    {"divide", 0xF7, false},   {"middot", 0xB7, false},   {"laquo", 0xAB, false},
    {"raquo", 0xBB, false},    {"ndash", 0x2013, false},  {"mdash", 0x2014, false},
    {"lsquo", 0x2018, false},  {"rsquo", 0x2019, false},  {"ldquo", 0x201C, false},
    {"rdquo", 0x201D, false},  {"bull", 0x2022, false},   {"hellip", 0x2026, false},
    {"prime", 0x2032, false},  {"larr", 0x2190, false},   {"rarr", 0x2192, false},
    {"uarr", 0x2191, false},   {"darr", 0x2193, false},   {"minus", 0x2212, false},
    {"shy", 0xAD, false},      {"zwnj", 0x200C, false},   {"zwj", 0x200D, false},
    {"iexcl", 0xA1, false},    {"iquest", 0xBF, false},   {"acute", 0xB4, false},
    {"micro", 0xB5, false},    {"frac12", 0xBD, false},   {"frac14", 0xBC, false},
    {"frac34", 0xBE, false},   {"sup2", 0xB2, false},     {"sup3", 0xB3, false},
    {"not", 0xAC, false},      {"hyphen", 0x2010, false}, {"dagger", 0x2020, false},
    {"permil", 0x2030, false}, {"loz", 0x25CA, false},    {"hearts", 0x2665, false},
};

}  // namespace

void AppendCodePoint(char32_t cp, std::string* out) {
  AppendUtf8(cp == 0 ? char32_t{0xFFFD} : cp, out);
}

bool DecodeEntity(std::string_view name, bool legacy_only, std::string* out) {
  if (name.size() >= 2 && name[0] == '#') {
    if (legacy_only) return false;
    const bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return false;
    std::uint64_t cp = 0;
    for (char c : digits) {
      int v;
      if (c >= '0' && c <= '9') {
        v = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        v = c - 'a' + 10;
      } else if (hex && c >= 'A' && c <= 'F') {
        v = c - 'A' + 10;
      } else {
        return false;
      }
      cp = cp * (hex ? 16 : 10) + static_cast<std::uint64_t>(v);
      if (cp > 0x10FFFF) cp = 0x110000;  // saturate: no character
    }
    AppendCodePoint(static_cast<char32_t>(cp), out);
    return true;
  }
  for (const Named& n : kNamed) {
    if (n.name == name) {
      if (legacy_only && !n.legacy) return false;
      if (n.cp != 0xAD && n.cp != 0x200C && n.cp != 0x200D) AppendCodePoint(n.cp, out);
      return true;
    }
  }
  return false;
}

}  // namespace mamori
