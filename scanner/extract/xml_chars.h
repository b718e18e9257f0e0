// The characters of XML for the tokenizer (xml_tokenizer.h) and the
// handlers' fast path (ooxml_cell_forms.h): classes of ASCII bytes, name
// characters beyond ASCII, character references' code points, names scanned
// in place, and where plain text stops.
//
// Thread-safety: constants and pure functions.
#ifndef MAMORI_SCANNER_EXTRACT_XML_CHARS_H_
#define MAMORI_SCANNER_EXTRACT_XML_CHARS_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mamori::xml_internal {

// Classes of single bytes. Bytes from 0x80 are in none: names look them up
// as code points.
enum : std::uint8_t {
  kNameStart = 1,
  kNameChar = 2,
  kSpace = 4,
  kAttrStop = 8,  // ends a run of plain attribute-value bytes
};

constexpr std::array<std::uint8_t, 256> MakeClasses() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kNameStart | kNameChar;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kNameStart | kNameChar;
  for (int c = '0'; c <= '9'; ++c) t[c] = kNameChar;
  t['_'] = t[':'] = kNameStart | kNameChar;  // no namespace processing: ':' is a letter
  t['-'] = t['.'] = kNameChar;
  t[' '] = kSpace;
  t['\t'] = t['\n'] = t['\r'] = kSpace | kAttrStop;
  t['"'] = t['\''] = t['<'] = t['&'] = t['\0'] = kAttrStop;
  return t;
}
inline constexpr std::array<std::uint8_t, 256> kClass = MakeClasses();

inline bool IsSpace(char c) { return (kClass[static_cast<unsigned char>(c)] & kSpace) != 0; }

// The length of the name character from 0x80 at q (already valid UTF-8), 0
// when it is none: XML 1.0 (fourth edition) appendix B as expat applies it.
int NonAsciiNameChar(const char* q, bool start);

inline int EncodeUtf8(std::uint32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | cp >> 6);
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | cp >> 12);
    out[1] = static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | cp >> 18);
  out[1] = static_cast<char>(0x80 | (cp >> 12 & 0x3F));
  out[2] = static_cast<char>(0x80 | (cp >> 6 & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

inline bool IsXmlChar(std::uint32_t cp) {
  if (cp < 0x20) return cp == 0x9 || cp == 0xA || cp == 0xD;
  if (cp < 0xD800) return true;
  if (cp < 0xE000) return false;
  if (cp < 0x10000) return cp != 0xFFFE && cp != 0xFFFF;
  return cp < 0x110000;
}

// The end of the name at q, or nullptr when none starts there. The caller
// checks what follows (the sentinel at the end of the data stops it too).
inline char* ScanName(char* q) {
  const auto c = static_cast<unsigned char>(*q);
  if (kClass[c] & kNameStart) {
    ++q;
  } else {
    const int len = c < 0x80 ? 0 : NonAsciiNameChar(q, true);
    if (len == 0) return nullptr;
    q += len;
  }
  for (;;) {
    while (kClass[static_cast<unsigned char>(*q)] & kNameChar) ++q;
    if (static_cast<unsigned char>(*q) < 0x80) return q;
    const int len = NonAsciiNameChar(q, false);
    if (len == 0) return q;
    q += len;
  }
}

enum class Ref { kOk, kNeedMore, kBad, kUndefined, kBadNumber };

// The reference at p ('&'): *cp is the character it stands for and *len its
// length up to and including ';'.
Ref ParseRef(const char* p, const char* end, std::uint32_t* cp, std::size_t* len);

// The first '<', '&', CR or ']' in [p, end), or end: where text stops being
// plain. Loads may reach 15 bytes past `end` (both callers' buffers have
// slack there).
inline const char* FindTextStop(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i lt = _mm_set1_epi8('<');
  const __m128i amp = _mm_set1_epi8('&');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i rsqb = _mm_set1_epi8(']');
  for (; p < end; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, rsqb)));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return std::min(p + __builtin_ctz(mask), end);
  }
  return end;
#else
  while (p < end && *p != '<' && *p != '&' && *p != '\r' && *p != ']') ++p;
  return p;
#endif
}

}  // namespace mamori::xml_internal

#endif  // MAMORI_SCANNER_EXTRACT_XML_CHARS_H_
