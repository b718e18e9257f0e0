// Counting the bytes of a buffer that pass a test, sixteen at a time: the
// column cursor counts quotes on each line holding a candidate, and the
// label search counts the characters between a label and a value.
//
// Thread-safety: pure functions of their arguments.
#ifndef MAMORI_SCANNER_BYTE_COUNT_H_
#define MAMORI_SCANNER_BYTE_COUNT_H_

#include <cstddef>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mamori {

// The bytes of p[0, n) for which scalar(byte) holds. lanes(v) gives the same
// test on sixteen bytes as 0xFF lanes (where SSE2 exists).
template <typename Lanes, typename Scalar>
std::size_t CountBytesIf(const char* p, std::size_t n, Lanes lanes, Scalar scalar) {
  std::size_t count = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  // Matches subtract -1 from byte lanes; SAD against zero sums the lanes,
  // every 255 blocks at the latest so that no lane overflows.
  const __m128i zero = _mm_setzero_si128();
  while (n - i >= 16) {
    __m128i sum = zero;
    for (int k = 0; k < 255 && n - i >= 16; ++k, i += 16) {
      sum = _mm_sub_epi8(sum, lanes(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i))));
    }
    const __m128i sums = _mm_sad_epu8(sum, zero);
    count += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
             static_cast<std::size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
#else
  (void)lanes;
#endif
  for (; i < n; ++i) count += scalar(p[i]) ? 1 : 0;
  return count;
}

}  // namespace mamori

#endif  // MAMORI_SCANNER_BYTE_COUNT_H_
