#include "mamori/check_digits.h"

#include <catch2/catch.hpp>
#include <string>

namespace mamori {

TEST_CASE("My Number check digit: spec vectors", "[patterns][check_digits]") {
  for (const char* valid :
       {"123456789018", "621498320257", "111111111118", "000111111111", "983205673214"}) {
    INFO(valid);
    CHECK(MyNumberValid(valid));
  }
  for (const char* invalid : {"123456789010", "123456789019", "621498320258"}) {
    INFO(invalid);
    CHECK_FALSE(MyNumberValid(invalid));
  }
}

TEST_CASE("My Number check digit: wrong length or non-digits refused", "[patterns][check_digits]") {
  CHECK_FALSE(MyNumberValid("12345678901"));
  CHECK_FALSE(MyNumberValid("1234567890180"));
  CHECK_FALSE(MyNumberValid("12345678901a"));
  CHECK_FALSE(MyNumberValid(""));
}

TEST_CASE("My Number check digit: remainder 0 or 1 gives 0", "[patterns][check_digits]") {
  // Exactly one digit in ten passes for each base; and for every base the
  // passing digit is the one the formula gives.
  int passing = 0;
  for (int base = 0; base < 2000; ++base) {
    char digits[13];
    std::snprintf(digits, sizeof digits, "%011d0", base * 4999 % 100000000);
    int found = 0;
    for (char cd = '0'; cd <= '9'; ++cd) {
      digits[11] = cd;
      if (MyNumberValid(digits)) ++found;
    }
    CHECK(found == 1);
    passing += found;
  }
  CHECK(passing == 2000);
}

TEST_CASE("Corporate Number check digit: spec vectors", "[patterns][check_digits]") {
  CHECK(CorporateNumberValid("7000012050002"));
  CHECK(CorporateNumberValid("5835678256246"));
  CHECK_FALSE(CorporateNumberValid("7000012050003"));
  CHECK_FALSE(CorporateNumberValid("6000012050002"));
}

TEST_CASE("Insurer number check digit: spec vectors", "[patterns][check_digits]") {
  for (const char* valid : {"01130012", "33120015", "01040013", "39342027"}) {
    INFO(valid);
    CHECK(InsurerNumberValid(valid));
  }
  CHECK_FALSE(InsurerNumberValid("01130013"));
  CHECK_FALSE(InsurerNumberValid("33120010"));
  CHECK_FALSE(InsurerNumberValid("0113001"));
}

TEST_CASE("All ASCII digits: every length and every position of a non-digit",
          "[patterns][check_digits]") {
  CHECK(AllAsciiDigits(""));
  // The bytes next to '0' and '9', and bytes whose low nibble is a digit's.
  const std::string others = std::string("/:") + "\x10\x20\xb0\xb9\xf0\xff a";
  for (std::size_t n = 1; n <= 20; ++n) {
    std::string digits;
    for (std::size_t i = 0; i < n; ++i) digits.push_back(static_cast<char>('0' + (i * 7) % 10));
    INFO(digits);
    CHECK(AllAsciiDigits(digits));
    for (std::size_t at = 0; at < n; ++at) {
      for (const char c : others) {
        std::string s = digits;
        s[at] = c;
        INFO("byte " << static_cast<int>(static_cast<unsigned char>(c)) << " at " << at);
        CHECK_FALSE(AllAsciiDigits(s));
      }
    }
  }
}

TEST_CASE("Validators are found by name", "[patterns][check_digits]") {
  CHECK(FindValidator("my_number") == &MyNumberValid);
  CHECK(FindValidator("corporate_number") == &CorporateNumberValid);
  CHECK(FindValidator("insurer_number") == &InsurerNumberValid);
  CHECK(FindValidator("none") != nullptr);
  CHECK(FindValidator("luhn") == nullptr);
}

}  // namespace mamori
