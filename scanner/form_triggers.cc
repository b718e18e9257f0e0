#include "form_triggers.h"

#include "digit_runs.h"
#include "mamori/writing_forms.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mamori {

namespace {

// Full-width digits are U+FF10..U+FF19: EF BC 90..99.
constexpr unsigned char kFullWidthLead = 0xEF;

bool AsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Bit j set when p[j] is EF.
std::uint64_t LeadMask64(const char* p) {
#if defined(__SSE2__)
  const __m128i lead = _mm_set1_epi8(static_cast<char>(kFullWidthLead));
  std::uint64_t mask = 0;
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    mask |= std::uint64_t{static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, lead)))}
            << (16 * k);
  }
  return mask;
#else
  std::uint64_t mask = 0;
  for (int j = 0; j < 64; ++j) {
    mask |= std::uint64_t{static_cast<unsigned char>(p[j]) == kFullWidthLead} << j;
  }
  return mask;
#endif
}

}  // namespace

FormTriggerFinder::FormTriggerFinder() : separators_(NonAsciiSeparators()) {}

std::size_t FormTriggerFinder::EndAt(std::string_view data, std::size_t at) const {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(data[i]); };
  if (byte(at) == kFullWidthLead && data.size() - at >= 3 && byte(at + 1) == 0xBC &&
      byte(at + 2) >= 0x90 && byte(at + 2) <= 0x99) {
    return at + 3;
  }
  if (at == 0 || !AsciiDigit(data[at - 1])) return 0;
  const std::string_view rest = data.substr(at);
  for (const std::string& s : separators_) {
    if (rest.starts_with(s)) return at + s.size();
  }
  return 0;
}

void FormTriggerFinder::FindInBlock(std::string_view data, std::size_t i, const char* p,
                                    std::uint64_t digits, std::uint64_t high, bool digit_before,
                                    std::vector<std::size_t>* ends) const {
  // Every separator variant is non-ASCII and follows a digit; every
  // full-width digit starts with EF.
  std::uint64_t starts = (digits << 1 | (digit_before ? 1 : 0)) & high;
  starts |= LeadMask64(p);
  for (; starts != 0; starts &= starts - 1) {
    const std::size_t at = i + static_cast<std::size_t>(__builtin_ctzll(starts));
    if (at >= data.size()) return;  // the padding of the last block
    if (const std::size_t end = EndAt(data, at); end != 0) ends->push_back(end);
  }
}

void FormTriggerFinder::Find(std::string_view data, std::vector<std::size_t>* ends) const {
  ForEachDigitRun(
      data, 64, [](std::size_t, std::size_t) {},
      [&](std::size_t i, const char* p, std::uint64_t digits, std::uint64_t high,
          bool digit_before) { FindInBlock(data, i, p, digits, high, digit_before, ends); });
}

}  // namespace mamori
