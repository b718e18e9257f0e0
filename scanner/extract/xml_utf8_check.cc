#include "xml_utf8_check.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define MAMORI_UTF8_AVX2 1
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
    *cr = i > 0 && p[i - 1] == '\r';
  }
  return i;
}
#endif

#if defined(MAMORI_UTF8_AVX2)
// Where the character that [p, p + i) ends inside starts, or i when it
// ends on a boundary; the bytes before i were checked.
std::size_t Boundary(const unsigned char* p, std::size_t i) {
  for (std::size_t k = 1; k <= 3 && k <= i; ++k) {
    const unsigned c = p[i - k];
    if (c < 0x80) return i;
    if (c >= 0xC0) {
      const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      return k < len ? i - k : i;
    }
  }
  return i;
}

// Helpers of ValidateBlocksAvx2 (lambdas would not take its target).
[[gnu::target("avx2"), gnu::always_inline]] inline __m256i Table(__m128i t) {
  return _mm256_broadcastsi128_si256(t);
}
[[gnu::target("avx2"), gnu::always_inline]] inline __m256i Splat(int b) {
  return _mm256_set1_epi8(static_cast<char>(b));
}
[[gnu::target("avx2"), gnu::always_inline]] inline std::uint32_t Mask(__m256i m) {
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(m));
}
// The bytes of v moved K places later, the first K from the end of prev.
template <int K>
[[gnu::target("avx2"), gnu::always_inline]] inline __m256i PrevBy(__m256i v, __m256i prev) {
  return _mm256_alignr_epi8(v, _mm256_permute2x128_si256(prev, v, 0x21), 16 - K);
}

// ValidateBlocks 32 bytes at a time, by the lookup method of Keiser and
// Lemire ("Validating UTF-8 in less than one instruction per byte", 2021):
// three table lookups (the high and low nibble of the byte before, the high
// nibble of the byte) give bits of the errors each pair could be; what
// survives their AND is an error, but for two continuations in a row,
// which must be exactly where a three- or four-byte character needs them.
// The SSE2 loop above it took about 3 instructions a byte on Japanese text,
// 9% of a docx scan (perf); this takes under one.
[[gnu::target("avx2")]] std::size_t ValidateBlocksAvx2(const unsigned char* p, std::size_t n,
                                                       bool ascii_only, std::uint64_t* breaks,
                                                       bool* cr) {
  constexpr char kTooShort = 1 << 0;                     // a lead or ASCII, then a lead
  constexpr char kTooLong = 1 << 1;                      // ASCII, then a continuation
  constexpr char kOverlong3 = 1 << 2;                    // E0 80-9F
  constexpr char kTooLarge = 1 << 3;                     // F4 90-BF, F5-FF 90-BF
  constexpr char kSurrogate = 1 << 4;                    // ED A0-BF
  constexpr char kOverlong2 = 1 << 5;                    // C0-C1 80-BF
  constexpr char kTooLarge1000 = 1 << 6;                 // F5-FF 80-8F
  constexpr char kOverlong4 = 1 << 6;                    // F0 80-8F
  constexpr char kTwoConts = static_cast<char>(1 << 7);  // continuation, continuation
  constexpr char kCarry = kTooShort | kTooLong | kTwoConts;
  // By the high nibble of the byte before.
  const __m256i by_prev_high = Table(_mm_setr_epi8(
      kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTwoConts,
      kTwoConts, kTwoConts, kTwoConts, kTooShort | kOverlong2, kTooShort,
      kTooShort | kOverlong3 | kSurrogate, kTooShort | kTooLarge | kTooLarge1000 | kOverlong4));
  // By the low nibble of the byte before.
  constexpr char kLarge = kCarry | kTooLarge | kTooLarge1000;
  const __m256i by_prev_low =
      Table(_mm_setr_epi8(kCarry | kOverlong3 | kOverlong2 | kOverlong4, kCarry | kOverlong2,
                          kCarry, kCarry, kCarry | kTooLarge, kLarge, kLarge, kLarge, kLarge,
                          kLarge, kLarge, kLarge, kLarge, kLarge | kSurrogate, kLarge, kLarge));
  // By the high nibble of the byte.
  constexpr char kCont = kTooLong | kOverlong2 | kTwoConts;
  const __m256i by_high = Table(
      _mm_setr_epi8(kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort,
                    kTooShort, kCont | kOverlong3 | kTooLarge1000 | kOverlong4,
                    kCont | kOverlong3 | kTooLarge, kCont | kSurrogate | kTooLarge,
                    kCont | kSurrogate | kTooLarge, kTooShort, kTooShort, kTooShort, kTooShort));
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  std::size_t i = 0;
  __m256i prev = _mm256_setzero_si256();  // before the start: a boundary
  bool prev_high = false;
  bool last_cr = *cr;
  for (; i + 32 <= n; i += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    const std::uint32_t high = Mask(v);
    // Bytes up to 0x1F are controls; those from 0x80 are not.
    const __m256i low = _mm256_cmpeq_epi8(_mm256_max_epu8(v, Splat(0x1F)), Splat(0x1F));
    std::uint32_t controls = Mask(low);
    // An ASCII block after one that ended inside a character fails below.
    if (high != 0 || (prev_high && Boundary(p, i) != i)) {
      if (ascii_only) break;
      const __m256i prev1 = PrevBy<1>(v, prev);
      const __m256i prev1_high = _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nibble);
      const __m256i prev1_low = _mm256_and_si256(prev1, nibble);
      const __m256i v_high = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
      const __m256i special =
          _mm256_and_si256(_mm256_and_si256(_mm256_shuffle_epi8(by_prev_high, prev1_high),
                                            _mm256_shuffle_epi8(by_prev_low, prev1_low)),
                           _mm256_shuffle_epi8(by_high, v_high));
      const __m256i prev2 = PrevBy<2>(v, prev);
      const __m256i prev3 = PrevBy<3>(v, prev);
      // 0x80 where a third or fourth byte must be a continuation.
      const __m256i must_continue =
          _mm256_and_si256(_mm256_or_si256(_mm256_subs_epu8(prev2, Splat(0xE0 - 0x80)),
                                           _mm256_subs_epu8(prev3, Splat(0xF0 - 0x80))),
                           Splat(0x80));
      __m256i bad = _mm256_xor_si256(special, must_continue);
      // U+FFFE and U+FFFF: EF BF BE, EF BF BF.
      bad = _mm256_or_si256(
          bad, _mm256_and_si256(_mm256_and_si256(_mm256_cmpeq_epi8(prev2, Splat(0xEF)),
                                                 _mm256_cmpeq_epi8(prev1, Splat(0xBF))),
                                _mm256_cmpeq_epi8(_mm256_or_si256(v, Splat(1)), Splat(0xBF))));
      if (!_mm256_testz_si256(bad, bad)) break;
    }
    std::uint32_t lf = 0, crs = 0;
    if (controls != 0) {
      lf = Mask(_mm256_cmpeq_epi8(v, Splat('\n')));
      crs = Mask(_mm256_cmpeq_epi8(v, Splat('\r')));
      const std::uint32_t tab = Mask(_mm256_cmpeq_epi8(v, Splat('\t')));
      if ((controls & ~(lf | crs | tab)) != 0) break;
    }
    *breaks += static_cast<unsigned>(__builtin_popcount(crs)) +
               static_cast<unsigned>(__builtin_popcount(lf & ~(crs << 1 | (last_cr ? 1u : 0u))));
    last_cr = (crs >> 31) != 0;
    prev_high = high != 0;
    prev = v;
  }
  // The rest, from the start of any character the blocks end inside, is for
  // the byte-by-byte check; the bytes gone back over are not line breaks.
  const std::size_t boundary = Boundary(p, i);
  *cr = boundary == i ? last_cr : p[boundary - 1] == '\r';
  return boundary;
}

bool CpuHasAvx2() { return __builtin_cpu_supports("avx2"); }
#else
bool CpuHasAvx2() { return false; }
#endif

}  // namespace

bool HasAvx2() {
  static const bool has = CpuHasAvx2();
  return has;
}

std::uint64_t CountBreaks(const char* p, const char* end, bool prev_cr) {
  std::uint64_t n = 0;
  for (; p < end; ++p) {
    if (*p == '\r' || (*p == '\n' && !prev_cr)) ++n;
    prev_cr = *p == '\r';
  }
  return n;
}

std::size_t ValidateXmlUtf8(const unsigned char* p, std::size_t n, bool ascii_only,
                            std::uint64_t* lines, bool* prev_cr, bool* bad, Utf8Path path) {
  *bad = false;
  std::size_t i = 0;
  std::uint64_t breaks = 0;
  bool cr = *prev_cr;
  if (path == Utf8Path::kBest) path = HasAvx2() ? Utf8Path::kAvx2 : Utf8Path::kSse2;
#if defined(MAMORI_UTF8_AVX2)
  if (path == Utf8Path::kAvx2) i = ValidateBlocksAvx2(p, n, ascii_only, &breaks, &cr);
#endif
#if defined(__SSE2__)
  if (path == Utf8Path::kSse2) i = ValidateBlocks(p, n, ascii_only, &breaks, &cr);
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
