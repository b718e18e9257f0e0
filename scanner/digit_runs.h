// Digit runs: every maximal run of ASCII digits of at least a given length
// in a buffer, found 64 bytes at a time. The matcher builds the ASCII forms
// of the value shapes from them instead of asking Hyperscan: measured on
// digit-dense CSV (order numbers, dates, phone numbers on every line),
// Hyperscan ran the ten value shapes at 200-300 MB/s a core while its
// keyword literals alone ran at 2 GB/s; a value shape is only "runs of n
// digits joined by one separator byte", which runs answer directly. Runs
// shorter than any group (the parts of dates and times) are skipped inside
// the bit masks, without a branch each.
//
// Thread-safety: pure functions of their arguments.
#ifndef MAMORI_SCANNER_DIGIT_RUNS_H_
#define MAMORI_SCANNER_DIGIT_RUNS_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mamori {

namespace digit_runs_internal {

// Bit j set when p[j] is '0'..'9'; in *high, when p[j] >= 0x80.
inline std::uint64_t DigitMask64(const char* p, std::uint64_t* high) {
#if defined(__SSE2__)
  const __m128i zero = _mm_set1_epi8('0');
  const __m128i nine = _mm_set1_epi8(9);
  std::uint64_t mask = 0;
  std::uint64_t hi = 0;
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i x = _mm_sub_epi8(v, zero);
    // A digit is a byte whose distance from '0' is at most 9, unsigned.
    const auto bits =
        static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, nine), x)));
    mask |= std::uint64_t{bits} << (16 * k);
    hi |= std::uint64_t{static_cast<std::uint32_t>(_mm_movemask_epi8(v))} << (16 * k);
  }
  *high = hi;
  return mask;
#else
  std::uint64_t mask = 0;
  std::uint64_t hi = 0;
  for (int j = 0; j < 64; ++j) {
    mask |= std::uint64_t{p[j] >= '0' && p[j] <= '9'} << j;
    hi |= std::uint64_t{static_cast<unsigned char>(p[j]) >= 0x80} << j;
  }
  *high = hi;
  return mask;
#endif
}

inline int HighestBit(std::uint64_t x) { return 63 - __builtin_clzll(x); }

// ForEachDigitRun with the minimum length a constant (kMin > 0), so that
// the shifts below unroll, or read from `min_length` (kMin == 0).
template <int kMin, typename F, typename B>
void ForEachDigitRunOf(std::string_view data, int min_length, F&& on_run, B&& on_high_block) {
  if constexpr (kMin > 0) min_length = kMin;
  const std::size_t n = data.size();
  std::uint64_t prev = 0;       // the previous block's digit mask
  std::uint64_t prev_long = 0;  // ... and its "min_length digits end here" mask
  std::size_t carry_start = 0;  // start of the run reaching the block's end
  char tail[64];
  for (std::size_t i = 0; i < n + 1; i += 64) {
    // The last block is copied and padded with NULs (not digits), so that a
    // run reaching the end of the buffer ends there too.
    const char* p = data.data() + i;
    if (n - i < 64) {
      std::memset(tail, 0, sizeof tail);
      if (n > i) std::memcpy(tail, p, n - i);
      p = tail;
    }
    std::uint64_t high;
    const std::uint64_t d = DigitMask64(p, &high);
    const bool carry = (prev >> 63) != 0;
    if (high != 0) on_high_block(i, p, d, high, carry);
    if (d == 0 && !carry) {
      prev = prev_long = 0;
      continue;
    }
    // long_ends bit j: bytes j-min_length+1..j are all digits.
    std::uint64_t long_ends = d;
    for (int k = 1; k < min_length; ++k) long_ends &= d << k | prev >> (64 - k);
    // A run ends at j when p[j] is not a digit and p[j-1] is; it counts when
    // the min_length bytes before j are digits.
    const std::uint64_t before = d << 1 | (carry ? 1 : 0);
    std::uint64_t ends = ~d & before & (long_ends << 1 | prev_long >> 63);
    for (; ends != 0; ends &= ends - 1) {
      const int j = __builtin_ctzll(ends);
      const std::uint64_t gaps = ~d & ((std::uint64_t{1} << j) - 1);
      const std::size_t begin = gaps != 0 ? i + HighestBit(gaps) + 1 : carry ? carry_start : i;
      on_run(begin, i + j);
    }
    if ((d >> 63) != 0) {
      if (~d != 0) {
        carry_start = i + HighestBit(~d) + 1;
      } else if (!carry) {
        carry_start = i;
      }
    }
    prev = d;
    prev_long = long_ends;
  }
}

}  // namespace digit_runs_internal

// Calls on_run(begin, end) for every maximal run of '0'..'9' in `data` at
// least `min_length` long (1..64), in order; data[begin - 1] and data[end]
// (where inside the buffer) are not digits.
//
// On the same pass, calls on_high_block(i, p, digits, high, digit_before)
// for every 64-byte block data[i, i + 64) holding a byte >= 0x80, in order:
// p points at the block's bytes (past the end of `data`, NULs), `digits`
// and `high` have bit j set where p[j] is a digit / >= 0x80, and
// `digit_before` says data[i - 1] is a digit. The non-ASCII forms of values
// are looked for there (form_triggers.h), at the cost of one mask a block.
template <typename F, typename B>
void ForEachDigitRun(std::string_view data, int min_length, F&& on_run, B&& on_high_block) {
  using digit_runs_internal::ForEachDigitRunOf;
  // The rules' shortest groups; others take the loop.
  switch (min_length) {
    case 4: return ForEachDigitRunOf<4>(data, min_length, on_run, on_high_block);
    case 6: return ForEachDigitRunOf<6>(data, min_length, on_run, on_high_block);
    case 8: return ForEachDigitRunOf<8>(data, min_length, on_run, on_high_block);
    default: return ForEachDigitRunOf<0>(data, min_length, on_run, on_high_block);
  }
}

template <typename F>
void ForEachDigitRun(std::string_view data, int min_length, F&& on_run) {
  ForEachDigitRun(data, min_length, on_run,
                  [](std::size_t, const char*, std::uint64_t, std::uint64_t, bool) {});
}

}  // namespace mamori

#endif  // MAMORI_SCANNER_DIGIT_RUNS_H_
