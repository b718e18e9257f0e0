#include "xml_utf8_check.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mamori::xml_internal {

namespace {

#if defined(__SSE2__)
inline __m128i Load16(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }
#endif

#if defined(__SSE2__)
// The part of ValidateXmlUtf8 below done 16 bytes at a time: returns how far
// [p, p + n) is valid, up to a character boundary; the rest (an invalid
// block, the last bytes) is for the byte-by-byte check. Adds line breaks to
// *breaks; *cr: the byte before was a CR.
std::size_t ValidateBlocks(const unsigned char* p, std::size_t n, bool ascii_only,
                           std::uint64_t* breaks, bool* cr) {
  const __m128i zero = _mm_setzero_si128();
  auto splat = [](int b) { return _mm_set1_epi8(static_cast<char>(b)); };
  auto mask = [](__m128i m) { return static_cast<unsigned>(_mm_movemask_epi8(m)); };
  // Unsigned a <= b, bytewise.
  auto le = [](__m128i a, __m128i b) { return _mm_cmpeq_epi8(_mm_min_epu8(a, b), a); };
  std::size_t i = 0;
  // Continuation bytes the block before announced for this one (bits 0-2).
  unsigned carry = 0;
  __m128i prev = zero;  // the block before; zero at the start, a boundary
  bool last_cr = *cr;
  for (; i + 16 <= n; i += 16) {
    const __m128i v = Load16(p + i);
    const unsigned high = mask(v);
    unsigned next_carry = 0;
    unsigned controls;
    if ((high | carry) == 0) {
      controls = mask(_mm_cmplt_epi8(v, splat(0x20)));
    } else {
      if (ascii_only) break;
      // Leads announce continuations: 110xxxxx one, 1110xxxx two,
      // 11110xxx three; exactly the announced bytes must be 10xxxxxx.
      // Signed compares: 0x80-0xBF are -128..-65, 0xC0-0xFF are -64..-1.
      const unsigned lead = mask(_mm_cmpgt_epi8(v, splat(-65))) & high;
      const unsigned lead34 = mask(_mm_cmpgt_epi8(v, splat(-33))) & high;
      const unsigned lead4 = mask(_mm_cmpgt_epi8(v, splat(-17))) & high;
      const unsigned announced = ((lead << 1) | (lead34 << 2) | (lead4 << 3) | carry) & 0xFFFF;
      if (announced != (high & ~lead)) break;
      next_carry = (lead >> 15) | (lead34 >> 14) | (lead4 >> 13);
      // The second byte's range after E0 (overlong), ED (surrogates), F0
      // (overlong), F4 (past U+10FFFF); leads that are always wrong; and
      // U+FFFE, U+FFFF (EF BF BE, EF BF BF).
      const __m128i prev1 = _mm_or_si128(_mm_slli_si128(v, 1), _mm_srli_si128(prev, 15));
      const __m128i prev2 = _mm_or_si128(_mm_slli_si128(v, 2), _mm_srli_si128(prev, 14));
      const __m128i le_9f = le(v, splat(0x9F));
      const __m128i le_8f = le(v, splat(0x8F));
      __m128i bad = _mm_and_si128(_mm_cmpeq_epi8(prev1, splat(0xE0)), le_9f);
      bad = _mm_or_si128(bad, _mm_andnot_si128(le_9f, _mm_cmpeq_epi8(prev1, splat(0xED))));
      bad = _mm_or_si128(bad, _mm_and_si128(_mm_cmpeq_epi8(prev1, splat(0xF0)), le_8f));
      bad = _mm_or_si128(bad, _mm_andnot_si128(le_8f, _mm_cmpeq_epi8(prev1, splat(0xF4))));
      bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, splat(0xC0)));
      bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, splat(0xC1)));
      bad = _mm_or_si128(bad, le(splat(0xF5), v));
      bad = _mm_or_si128(bad, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(prev2, splat(0xEF)),
                                                          _mm_cmpeq_epi8(prev1, splat(0xBF))),
                                            le(splat(0xBE), v)));
      if (mask(bad) != 0) break;
      controls = mask(_mm_cmplt_epi8(v, splat(0x20))) & ~high;
    }
    unsigned lf = 0, crs = 0;
    if (controls != 0) {
      lf = mask(_mm_cmpeq_epi8(v, splat('\n')));
      crs = mask(_mm_cmpeq_epi8(v, splat('\r')));
      const unsigned tab = mask(_mm_cmpeq_epi8(v, splat('\t')));
      if ((controls & ~(lf | crs | tab)) != 0) break;
    }
    *breaks += static_cast<unsigned>(__builtin_popcount(crs)) +
               static_cast<unsigned>(__builtin_popcount(lf & ~(crs << 1 | (last_cr ? 1u : 0u))));
    last_cr = (crs >> 15) != 0;
    carry = next_carry;
    prev = v;
  }
  *cr = last_cr;
  if (carry != 0) {
    // A character runs on past i: go back to its lead byte.
    do --i;
    while ((p[i] & 0xC0) == 0x80);
    *cr = false;
  }
  return i;
}
#endif

}  // namespace

std::uint64_t CountBreaks(const char* p, const char* end, bool prev_cr) {
  std::uint64_t n = 0;
  for (; p < end; ++p) {
    if (*p == '\r' || (*p == '\n' && !prev_cr)) ++n;
    prev_cr = *p == '\r';
  }
  return n;
}

std::size_t ValidateXmlUtf8(const unsigned char* p, std::size_t n, bool ascii_only,
                            std::uint64_t* lines, bool* prev_cr, bool* bad) {
  *bad = false;
  std::size_t i = 0;
  std::uint64_t breaks = 0;
  bool cr = *prev_cr;
#if defined(__SSE2__)
  i = ValidateBlocks(p, n, ascii_only, &breaks, &cr);
#endif
  // Byte by byte: the last bytes, and from a block that failed to the
  // exact place.
  while (i < n) {
    const unsigned c = p[i];
    if (c < 0x80) {
      if (c < 0x20) {
        if (c == '\n') {
          if (!cr) ++breaks;
        } else if (c == '\r') {
          ++breaks;
        } else if (c != '\t') {
          *bad = true;
          break;
        }
      }
      cr = c == '\r';
      ++i;
      continue;
    }
    if (ascii_only || c < 0xC2 || c > 0xF4) {
      *bad = true;
      break;
    }
    const std::size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    // The second byte's range depends on the first (overlong forms,
    // surrogates, past U+10FFFF).
    unsigned lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    std::size_t k = 1;
    for (; k < len && i + k < n; ++k) {
      const unsigned b = p[i + k];
      if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) {
        *bad = true;
        break;
      }
    }
    if (*bad || k < len) break;                               // invalid, or the data ends inside it
    if (c == 0xEF && p[i + 1] == 0xBF && p[i + 2] >= 0xBE) {  // U+FFFE, U+FFFF
      *bad = true;
      break;
    }
    cr = false;
    i += len;
  }
  *lines += breaks;
  *prev_cr = cr;
  return i;
}

}  // namespace mamori::xml_internal
