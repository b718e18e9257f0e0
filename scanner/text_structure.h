// The character structure of the Japanese text encodings, shared by
// encoding detection (encoding_detect.cc) and the decoder (text_decoder.cc):
// where each encoding's characters end, how long a run of ASCII is, and the
// ISO-2022-JP escape sequences.
//
// Thread-safety: pure functions.
#ifndef MAMORI_SCANNER_TEXT_STRUCTURE_H_
#define MAMORI_SCANNER_TEXT_STRUCTURE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace mamori::text_internal {

using Byte = unsigned char;

inline std::uint64_t Load64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Length of the run of ASCII bytes (< 0x80) at the start of [p, end): eight
// bytes at a time, since most of a CSV file is ASCII.
inline std::size_t AsciiPrefix(const char* p, const char* end) {
  const char* q = p;
  while (end - q >= 16 && ((Load64(q) | Load64(q + 8)) & 0x8080808080808080ULL) == 0) q += 16;
  while (q < end && static_cast<Byte>(*q) < 0x80) ++q;
  return static_cast<std::size_t>(q - p);
}

// The character structure of each multibyte encoding. Each returns the
// length of the character starting at p (1 to 4), 0 when the byte at p
// cannot start a well-formed character, or -1 when the bytes available
// (`avail` >= 1) are a well-formed prefix cut short.

// UTF-8, strict (RFC 3629): no overlong forms, no surrogates, nothing above
// U+10FFFF.
inline int Utf8Sequence(const Byte* p, std::size_t avail) {
  const unsigned c = p[0];
  if (c < 0x80) return 1;
  int n;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c < 0xC2) {
    return 0;
  } else if (c < 0xE0) {
    n = 2;
  } else if (c < 0xF0) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c < 0xF5) {
    n = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  for (int i = 1; i < n; ++i) {
    if (static_cast<std::size_t>(i) >= avail) return -1;
    if (p[i] < lo || p[i] > hi) return 0;
    lo = 0x80;
    hi = 0xBF;
  }
  return n;
}

// EUC-JP: JIS X 0208 as two bytes A1-FE, half-width katakana as 8E A1-DF,
// JIS X 0212 as 8F and two bytes A1-FE. Every byte of a multibyte
// character is >= 0x80, so ASCII bytes always stand for themselves.
inline int EucJpSequence(const Byte* p, std::size_t avail) {
  const unsigned c = p[0];
  if (c < 0x80) return 1;
  int n;
  Byte lo = 0xA1, hi = 0xFE;
  if (c == 0x8E) {
    n = 2;
    hi = 0xDF;
  } else if (c == 0x8F) {
    n = 3;
  } else if (c >= 0xA1 && c <= 0xFE) {
    n = 2;
  } else {
    return 0;
  }
  for (int i = 1; i < n; ++i) {
    if (static_cast<std::size_t>(i) >= avail) return -1;
    if (p[i] < lo || p[i] > hi) return 0;
  }
  return n;
}

// CP932: single bytes (ASCII, half-width katakana A1-DF, and the few others
// CP932 maps), lead bytes 81-9F and E0-FC followed by a trail byte 40-7E or
// 80-FC. Trail bytes overlap ASCII, so only a walk from a known boundary
// can tell an '@' from the second half of a kanji.
inline bool Cp932Lead(unsigned c) { return (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC); }

inline int Cp932Sequence(const Byte* p, std::size_t avail) {
  if (!Cp932Lead(p[0])) return 1;
  if (avail < 2) return -1;
  const unsigned t = p[1];
  return (t >= 0x40 && t <= 0xFC && t != 0x7F) ? 2 : 0;
}

// --- ISO-2022-JP -------------------------------------------------------

// What the graphic bytes 21-7E stand for after the last escape sequence.
enum class JisSet { kAscii, kKatakana, kJis0208, kJis0212, kJis0213Plane1, kJis0213Plane2 };

enum class Escape { kCut, kUnknown, kAnnouncer, kDesignation };

// Parses the escape sequence at p (p[0] is ESC), setting *len and, for a
// designation, *set. JIS X 0201 Roman (ESC ( J, and ESC ( H of old mailers)
// is read as ASCII: it differs only at 5C (yen) and 7E (overline), and
// mailers use it where they mean ASCII, as Windows' own decoder assumes.
inline Escape ParseEscape(const Byte* p, std::size_t avail, std::size_t* len, JisSet* set) {
  if (avail < 2) return Escape::kCut;
  if (p[1] != '(' && p[1] != '$' && p[1] != '&') return Escape::kUnknown;
  if (avail < 3) return Escape::kCut;
  *len = 3;
  if (p[1] == '(') {
    switch (p[2]) {
      case 'B':
      case 'J':
      case 'H': *set = JisSet::kAscii; return Escape::kDesignation;
      case 'I': *set = JisSet::kKatakana; return Escape::kDesignation;
      default: return Escape::kUnknown;
    }
  }
  if (p[1] == '&') return p[2] == '@' ? Escape::kAnnouncer : Escape::kUnknown;  // JIS X 0208-1990
  if (p[1] != '$') return Escape::kUnknown;
  if (p[2] == '@' || p[2] == 'B') {
    *set = JisSet::kJis0208;
    return Escape::kDesignation;
  }
  if (p[2] != '(') return Escape::kUnknown;
  if (avail < 4) return Escape::kCut;
  *len = 4;
  switch (p[3]) {
    case '@':
    case 'B': *set = JisSet::kJis0208; return Escape::kDesignation;
    case 'D': *set = JisSet::kJis0212; return Escape::kDesignation;
    case 'O':
    case 'Q': *set = JisSet::kJis0213Plane1; return Escape::kDesignation;
    case 'P': *set = JisSet::kJis0213Plane2; return Escape::kDesignation;
    default: return Escape::kUnknown;
  }
}

}  // namespace mamori::text_internal

#endif  // MAMORI_SCANNER_TEXT_STRUCTURE_H_
