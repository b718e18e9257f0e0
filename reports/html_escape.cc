#include "html_escape.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mamori {
namespace {

// Decodes the well-formed UTF-8 sequence at s[i]; returns its length (0 when
// ill-formed) and the code point in *cp. Same rules as path_text.cc
// (RFC 3629: no overlongs, surrogates or code points above U+10FFFF).
std::size_t DecodeUtf8(std::string_view s, std::size_t i, char32_t* cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](std::size_t k) { return i + k < s.size() && (byte(k) & 0xC0) == 0x80; };
  const unsigned char b0 = byte(0);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF && cont(1)) {
    *cp = (char32_t{b0} & 0x1F) << 6 | (byte(1) & 0x3F);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF && cont(1) && cont(2)) {
    if (b0 == 0xE0 && byte(1) < 0xA0) return 0;
    if (b0 == 0xED && byte(1) > 0x9F) return 0;
    *cp = (char32_t{b0} & 0x0F) << 12 | (char32_t{byte(1)} & 0x3F) << 6 | (byte(2) & 0x3F);
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    if (b0 == 0xF0 && byte(1) < 0x90) return 0;
    if (b0 == 0xF4 && byte(1) > 0x8F) return 0;
    *cp = (char32_t{b0} & 0x07) << 18 | (char32_t{byte(1)} & 0x3F) << 12 |
          (char32_t{byte(2)} & 0x3F) << 6 | (byte(3) & 0x3F);
    return 4;
  }
  return 0;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

constexpr char32_t kReplacement = 0xFFFD;

}  // namespace

void AppendEscaped(std::string_view text, std::string* out) {
  out->reserve(out->size() + text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const std::size_t n = DecodeUtf8(text, i, &cp);
    if (n == 0) {
      AppendUtf8(kReplacement, out);
      ++i;
      continue;
    }
    i += n;
    switch (cp) {
      case '&': out->append("&amp;"); continue;
      case '<': out->append("&lt;"); continue;
      case '>': out->append("&gt;"); continue;
      case '"': out->append("&quot;"); continue;
      case '\'': out->append("&#39;"); continue;
      case '\t':
      case '\n': out->push_back(static_cast<char>(cp)); continue;
      default: break;
    }
    if (cp < 0x20) {
      AppendUtf8(0x2400 + cp, out);  // U+2400.. SYMBOL FOR NULL, ...
    } else if (cp == 0x7F) {
      AppendUtf8(0x2421, out);  // SYMBOL FOR DELETE
    } else if (cp >= 0x80 && cp < 0xA0) {
      AppendUtf8(kReplacement, out);
    } else if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
      AppendUtf8(kReplacement, out);  // noncharacters: parse errors in HTML
    } else {
      AppendUtf8(cp, out);
    }
  }
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  AppendEscaped(text, &out);
  return out;
}

std::string MaskDigits(std::string_view text) {
  // Positions (byte offset, length) of every digit, ASCII or full-width
  // (U+FF10..U+FF19, three bytes in UTF-8), and the count of mask stars.
  std::vector<std::pair<std::size_t, std::size_t>> digits;
  std::size_t stars = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    std::size_t n = DecodeUtf8(text, i, &cp);
    if (n == 0) n = 1, cp = kReplacement;
    if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19)) digits.emplace_back(i, n);
    if (cp == '*') ++stars;
    i += n;
  }
  // The scanner's own rule (keyed_hash.cc MaskValue): four digits shown of
  // ten or more, two of five to nine, none of shorter values.
  const std::size_t length = digits.size() + stars;
  const std::size_t keep = length >= 10 ? 4 : length >= 5 ? 2 : 0;
  if (digits.size() <= keep) return std::string(text);
  std::string out;
  std::size_t from = 0;
  for (std::size_t d = 0; d + keep < digits.size(); ++d) {
    out.append(text.substr(from, digits[d].first - from));
    out.push_back('*');
    from = digits[d].first + digits[d].second;
  }
  out.append(text.substr(from));
  return out;
}

}  // namespace mamori
