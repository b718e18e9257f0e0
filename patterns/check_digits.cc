#include "mamori/check_digits.h"

#include <cstdint>
#include <cstring>

namespace mamori {

namespace {

int Digit(char c) { return c - '0'; }

bool AcceptAll(std::string_view) { return true; }

}  // namespace

// Eight bytes at a time where there are eight: a byte is a digit when its
// high nibble is 3 and adding 6 leaves it 3 (no carry leaves a byte).
bool AllAsciiDigits(std::string_view s) {
  constexpr std::uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ULL;
  constexpr std::uint64_t kThrees = 0x3030303030303030ULL;
  constexpr std::uint64_t kSixes = 0x0606060606060606ULL;
  auto digits8 = [&](std::size_t at) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + at, 8);
    return (w & kHigh) == kThrees && ((w + kSixes) & kHigh) == kThrees;
  };
  if (s.size() >= 8) {
    for (std::size_t i = 0; i + 8 <= s.size(); i += 8) {
      if (!digits8(i)) return false;
    }
    return digits8(s.size() - 8);  // the tail, overlapping
  }
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool MyNumberValid(std::string_view d) {
  if (d.size() != 12 || !AllAsciiDigits(d)) return false;
  // Pn is the n-th base digit from the right and Qn = n+1 (n<=6), n-5
  // (n>=7). Written out: every value of digit-dense text passes here, and
  // the loop form was vectorised into more work than it saved.
  auto at = [&](int i) { return d[static_cast<std::size_t>(i)] - '0'; };
  const int sum = 6 * at(0) + 5 * at(1) + 4 * at(2) + 3 * at(3) + 2 * at(4) + 7 * at(5) +
                  6 * at(6) + 5 * at(7) + 4 * at(8) + 3 * at(9) + 2 * at(10);
  const int r = sum % 11;
  return at(11) == (r <= 1 ? 0 : 11 - r);
}

bool CorporateNumberValid(std::string_view d) {
  if (d.size() != 13 || !AllAsciiDigits(d)) return false;
  // Base digits are d[1..12]; Pn counts from the right; Qn = 1 odd, 2 even.
  int sum = 0;
  for (int n = 1; n <= 12; ++n) {
    int p = Digit(d[13 - n]);
    sum += p * (n % 2 == 1 ? 1 : 2);
  }
  return Digit(d[0]) == 9 - sum % 9;
}

bool InsurerNumberValid(std::string_view d) {
  if ((d.size() != 8 && d.size() != 6) || !AllAsciiDigits(d)) return false;
  int sum = 0;
  int weight = 2;
  for (int i = static_cast<int>(d.size()) - 2; i >= 0; --i) {
    int product = Digit(d[i]) * weight;
    sum += product / 10 + product % 10;
    weight = weight == 2 ? 1 : 2;
  }
  return Digit(d.back()) == (10 - sum % 10) % 10;
}

Validator FindValidator(std::string_view name) {
  if (name == "my_number") return MyNumberValid;
  if (name == "corporate_number") return CorporateNumberValid;
  if (name == "insurer_number") return InsurerNumberValid;
  if (name == "none") return AcceptAll;
  return nullptr;
}

}  // namespace mamori
