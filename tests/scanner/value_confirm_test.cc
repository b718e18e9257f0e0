#include "scanner/value_confirm.h"

#include <catch2/catch.hpp>
#include <random>

#include "mamori/rule_set.h"

namespace mamori {

namespace {

const Rule& MyNumberRule() {
  static RuleSet rules = [] {
    RuleSet r;
    REQUIRE(RuleSet::LoadBuiltin(&r).ok());
    return r;
  }();
  for (const Rule& r : rules.rules()) {
    if (r.id == "my_number") return r;
  }
  FAIL("no my_number rule");
  return rules.rules()[0];
}

// The index of the separator class that `sep` ("", " " or "-") belongs to.
int SeparatorIndex(const Rule& rule, const std::string& sep) {
  const std::string cls = sep.empty() ? "" : sep == " " ? "space" : "hyphen";
  for (size_t i = 0; i < rule.separators.size(); ++i) {
    if (rule.separators[i] == cls) return static_cast<int>(i);
  }
  return -1;
}

// Confirms a value whose match ends at the first occurrence of `value` in
// `text` plus its length, as Hyperscan would report it.
bool Confirm(const std::string& text, const std::string& value, const std::string& sep,
             ConfirmedValue* out) {
  size_t at = text.find(value);
  REQUIRE(at != std::string::npos);
  return ConfirmValue(text, at + value.size(), MyNumberRule(), SeparatorIndex(MyNumberRule(), sep),
                      out);
}

}  // namespace

TEST_CASE("Confirm recovers start and digits by backward parse", "[scanner][confirm]") {
  ConfirmedValue v;
  REQUIRE(Confirm("番号 1234 5678 9018 です", "1234 5678 9018", " ", &v));
  CHECK(v.digits == "123456789018");
  CHECK(v.start == std::string("番号 ").size());
  REQUIRE(Confirm("ID:1234-5678-9018", "1234-5678-9018", "-", &v));
  CHECK(v.digits == "123456789018");
  CHECK(v.start == 3);
}

TEST_CASE("Confirm accepts values at the buffer edges and beside punctuation",
          "[scanner][confirm]") {
  ConfirmedValue v;
  CHECK(Confirm("123456789018", "123456789018", "", &v));
  CHECK(Confirm("(123456789018)", "123456789018", "", &v));
  CHECK(Confirm("a,123456789018,b", "123456789018", "", &v));
  CHECK(Confirm("個人番号：123456789018。", "123456789018", "", &v));
  CHECK(Confirm("1234-5678-9018,x", "1234-5678-9018", "-", &v));
  CHECK(Confirm("No.1 123456789018", "123456789018", "", &v));
}

TEST_CASE("Confirm rejects pieces of longer digit runs", "[scanner][confirm]") {
  ConfirmedValue v;
  CHECK_FALSE(Confirm("1123456789018", "123456789018", "", &v));
  CHECK_FALSE(Confirm("1234567890181", "123456789018", "", &v));
  CHECK_FALSE(Confirm("９1234 5678 9018", "1234 5678 9018", " ", &v));
}

TEST_CASE("Confirm rejects full-width digit neighbours", "[scanner][confirm]") {
  ConfirmedValue v;
  CHECK_FALSE(Confirm("１123456789018", "123456789018", "", &v));
  CHECK_FALSE(Confirm("123456789018０", "123456789018", "", &v));
  CHECK_FALSE(Confirm("1234 5678 9018　５６７８", "1234 5678 9018", " ", &v));
}

TEST_CASE("Confirm rejects three groups of a 4-4-4-4 card number", "[scanner][confirm]") {
  ConfirmedValue v;
  CHECK_FALSE(Confirm("4111 1234 5678 9018", "1234 5678 9018", " ", &v));
  CHECK_FALSE(Confirm("1234 5678 9018 4111", "1234 5678 9018", " ", &v));
  CHECK_FALSE(Confirm("4111-1234-5678-9018", "1234-5678-9018", "-", &v));
  CHECK_FALSE(Confirm("1234-5678-9018-4111", "1234-5678-9018", "-", &v));
}

TEST_CASE("Confirm keeps values beside dates and counts", "[scanner][confirm]") {
  ConfirmedValue v;
  // A day of the month is not a card number's group.
  CHECK(Confirm("S58/11/4 0649-6442-0490", "0649-6442-0490", "-", &v));
  CHECK(Confirm("H27.5.28 1234 5678 9018", "1234 5678 9018", " ", &v));
  CHECK(Confirm("1234 5678 9018 5名", "1234 5678 9018", " ", &v));
  // Another separator class is another token.
  CHECK(Confirm("4111 1234-5678-9018", "1234-5678-9018", "-", &v));
  // Two-digit groups are not enough to make a longer number, three are.
  CHECK(Confirm("28 1234 5678 9018", "1234 5678 9018", " ", &v));
  CHECK_FALSE(Confirm("411 1234 5678 9018", "1234 5678 9018", " ", &v));
}

TEST_CASE("Confirm refuses text that is not the shape", "[scanner][confirm]") {
  const Rule& rule = MyNumberRule();
  ConfirmedValue v;
  std::string text = "1234 5678-9018";
  CHECK_FALSE(ConfirmValue(text, text.size(), rule, SeparatorIndex(rule, " "), &v));
  CHECK_FALSE(ConfirmValue(text, text.size(), rule, SeparatorIndex(rule, "-"), &v));
  CHECK_FALSE(ConfirmValue("12345", 5, rule, 0, &v));
  CHECK_FALSE(ConfirmValue("123456789018", 12, rule, 99, &v));
}

TEST_CASE("Characters are counted alike at every length and offset", "[scanner][confirm]") {
  // Past 255 blocks of 16 bytes too, where the vector lanes are summed.
  std::mt19937 rng(11);
  std::string text(5000, ' ');
  for (char& c : text) c = static_cast<char>(rng() % 256);
  for (int round = 0; round < 400; ++round) {
    const std::size_t from = rng() % text.size();
    const std::size_t to =
        round % 50 == 0 ? text.size() + 7 : from + rng() % (text.size() - from + 1);
    std::size_t expected = 0;
    for (std::size_t i = from; i < to && i < text.size(); ++i) {
      expected += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 ? 1 : 0;
    }
    INFO("from " << from << " to " << to);
    REQUIRE(CountChars(text, from, to) == expected);
  }
  CHECK(CountChars(text, 10, 5) == 0);
}

TEST_CASE("UTF-8 helpers count characters and decode neighbours", "[scanner][confirm]") {
  std::string s = "aマ１";
  CHECK(CountChars(s, 0, s.size()) == 3);
  size_t len = 0;
  CHECK(CodePointBefore(s, s.size(), &len) == 0xFF11);
  CHECK(len == 3);
  CHECK(CodePointAt(s, 1, &len) == 0x30DE);
  CHECK(CodePointBefore(s, 0, &len) == -1);
  CHECK(CodePointAt(s, s.size(), &len) == -1);
  std::string broken = "\xE3\x83";  // truncated sequence
  CHECK(CodePointAt(broken, 0, &len) == 0xFFFD);
}

}  // namespace mamori
