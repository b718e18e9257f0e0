#include "mamori/check_digits.h"

namespace mamori {

namespace {

int Digit(char c) { return c - '0'; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool AcceptAll(std::string_view) { return true; }

}  // namespace

bool MyNumberValid(std::string_view d) {
  if (d.size() != 12 || !AllDigits(d)) return false;
  // Pn is the n-th base digit from the right; Qn = n+1 (n<=6), n-5 (n>=7).
  int sum = 0;
  for (int n = 1; n <= 11; ++n) {
    int p = Digit(d[11 - n]);
    int q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  int r = sum % 11;
  int cd = r <= 1 ? 0 : 11 - r;
  return Digit(d[11]) == cd;
}

bool CorporateNumberValid(std::string_view d) {
  if (d.size() != 13 || !AllDigits(d)) return false;
  // Base digits are d[1..12]; Pn counts from the right; Qn = 1 odd, 2 even.
  int sum = 0;
  for (int n = 1; n <= 12; ++n) {
    int p = Digit(d[13 - n]);
    sum += p * (n % 2 == 1 ? 1 : 2);
  }
  return Digit(d[0]) == 9 - sum % 9;
}

bool InsurerNumberValid(std::string_view d) {
  if ((d.size() != 8 && d.size() != 6) || !AllDigits(d)) return false;
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
