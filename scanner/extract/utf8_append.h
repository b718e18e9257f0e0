// Appending a Unicode code point as UTF-8: the one encoder every extractor
// uses for text it decodes itself (UTF-16 in Office files, RTF \u, HTML
// character references).
//
// Thread-safety: pure functions.
#ifndef MAMORI_SCANNER_EXTRACT_UTF8_APPEND_H_
#define MAMORI_SCANNER_EXTRACT_UTF8_APPEND_H_

#include <string>

namespace mamori {

// Surrogates and values past U+10FFFF, which UTF-8 cannot carry, become
// U+FFFD.
inline void AppendUtf8(char32_t cp, std::string* out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | cp >> 6));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | cp >> 12));
    out->push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | cp >> 18));
    out->push_back(static_cast<char>(0x80 | (cp >> 12 & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_UTF8_APPEND_H_
