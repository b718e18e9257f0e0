// Digit runs: every maximal run of ASCII digits in a buffer, found sixteen
// bytes at a time. The matcher builds the ASCII forms of the value shapes
// from them instead of asking Hyperscan: measured on digit-dense CSV (order
// numbers, dates, phone numbers on every line), Hyperscan ran the ten value
// shapes at 200-300 MB/s a core while its keyword literals alone ran at
// 2 GB/s; a value shape is only "runs of n digits joined by one separator
// byte", which runs answer directly.
//
// Thread-safety: a pure function of its arguments.
#ifndef MAMORI_SCANNER_DIGIT_RUNS_H_
#define MAMORI_SCANNER_DIGIT_RUNS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mamori {

// Calls on_run(begin, end) for every maximal run of '0'..'9' in `data`, in
// order; data[begin - 1] and data[end] (where inside the buffer) are not
// digits.
template <typename F>
void ForEachDigitRun(std::string_view data, F&& on_run) {
  const char* p = data.data();
  const std::size_t n = data.size();
  std::size_t i = 0;
  bool in_run = false;
  std::size_t start = 0;
#if defined(__SSE2__)
  const __m128i zero = _mm_set1_epi8('0');
  const __m128i nine = _mm_set1_epi8(9);
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), zero);
    // A digit is a byte whose distance from '0' is at most 9, unsigned.
    const unsigned digits =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, nine), x)));
    if (digits == (in_run ? 0xFFFFu : 0u)) continue;
    const unsigned before = (digits << 1 | (in_run ? 1u : 0u)) & 0xFFFFu;
    const unsigned starts = digits & ~before;
    const unsigned ends = ~digits & before & 0xFFFFu;
    for (unsigned events = starts | ends; events != 0; events &= events - 1) {
      const unsigned bit = static_cast<unsigned>(__builtin_ctz(events));
      if (starts >> bit & 1u) {
        start = i + bit;
      } else {
        on_run(start, i + bit);
      }
    }
    in_run = (digits >> 15 & 1u) != 0;
  }
#endif
  for (; i < n; ++i) {
    const bool digit = p[i] >= '0' && p[i] <= '9';
    if (digit && !in_run) start = i;
    if (!digit && in_run) on_run(start, i);
    in_run = digit;
  }
  if (in_run) on_run(start, n);
}

}  // namespace mamori

#endif  // MAMORI_SCANNER_DIGIT_RUNS_H_
