#include "mamori/writing_forms.h"

namespace mamori {

namespace {

const std::vector<std::string> kNone = {""};
const std::vector<std::string> kSpace = {
    " ",
    "\xC2\xA0",      // U+00A0 no-break space
    "\xE3\x80\x80",  // U+3000 ideographic space
};
const std::vector<std::string> kHyphen = {
    "-",
    "\xE2\x80\x90",  // U+2010 hyphen
    "\xE2\x80\x91",  // U+2011 non-breaking hyphen
    "\xE2\x80\x92",  // U+2012 figure dash
    "\xE2\x80\x93",  // U+2013 en dash
    "\xE2\x80\x94",  // U+2014 em dash
    "\xE2\x80\x95",  // U+2015 horizontal bar
    "\xE2\x88\x92",  // U+2212 minus (glibc's SHIFT_JIS maps 0x817C here)
    "\xEF\xBC\x8D",  // U+FF0D full-width hyphen-minus (CP932 0x817C)
    "\xE3\x83\xBC",  // U+30FC katakana long vowel mark, misused as a hyphen
    "\xEF\xBD\xB0",  // U+FF70 half-width long vowel mark
};

// Full-width digits are U+FF10..U+FF19: EF BC 90..99.
constexpr const char* kFullWidthDigit = "\\xef\\xbc[\\x90-\\x99]";

bool IsAscii(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

std::string HexBytes(const std::string& s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += "\\x";
    out.push_back(hex[c >> 4]);
    out.push_back(hex[c & 15]);
  }
  return out;
}

}  // namespace

const std::vector<std::string>* SeparatorVariants(std::string_view cls) {
  if (cls.empty()) return &kNone;
  if (cls == "space") return &kSpace;
  if (cls == "hyphen") return &kHyphen;
  return nullptr;
}

std::string DigitRegex() { return "(?:[0-9]|" + std::string(kFullWidthDigit) + ")"; }

std::string SeparatorRegex(std::string_view cls) {
  const std::vector<std::string>* variants = SeparatorVariants(cls);
  if (variants == nullptr || cls.empty()) return "";
  std::string re;
  for (const std::string& v : *variants) {
    if (!re.empty()) re += "|";
    re += HexBytes(v);
  }
  return "(?:" + re + ")";
}

std::vector<std::string> NonAsciiSeparators() {
  std::vector<std::string> out;
  for (const auto* variants : {&kSpace, &kHyphen}) {
    for (const std::string& v : *variants) {
      if (!IsAscii(v)) out.push_back(v);
    }
  }
  return out;
}

std::vector<std::string> NonAsciiFormTriggers() {
  std::vector<std::string> out = {kFullWidthDigit};
  for (const std::string& v : NonAsciiSeparators()) out.push_back("[0-9]" + HexBytes(v));
  return out;
}

int DigitEndingAt(std::string_view data, std::size_t end, std::size_t* len) {
  *len = 0;
  if (end == 0 || end > data.size()) return -1;
  unsigned char last = static_cast<unsigned char>(data[end - 1]);
  if (last >= '0' && last <= '9') {
    *len = 1;
    return last - '0';
  }
  // Full-width digits are EF BC 90..99.
  if (end >= 3 && last >= 0x90 && last <= 0x99 &&
      static_cast<unsigned char>(data[end - 2]) == 0xBC &&
      static_cast<unsigned char>(data[end - 3]) == 0xEF) {
    *len = 3;
    return last - 0x90;
  }
  return -1;
}

int DigitStartingAt(std::string_view data, std::size_t pos, std::size_t* len) {
  *len = 0;
  if (pos >= data.size()) return -1;
  unsigned char c = static_cast<unsigned char>(data[pos]);
  if (c >= '0' && c <= '9') {
    *len = 1;
    return c - '0';
  }
  if (c == 0xEF && pos + 2 < data.size() && static_cast<unsigned char>(data[pos + 1]) == 0xBC) {
    unsigned char d = static_cast<unsigned char>(data[pos + 2]);
    if (d >= 0x90 && d <= 0x99) {
      *len = 3;
      return d - 0x90;
    }
  }
  return -1;
}

}  // namespace mamori
