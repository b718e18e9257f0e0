#include "mamori/matcher.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "test_util.h"

namespace mamori {

using testing::TempDir;

namespace {

std::vector<MatchHit> ScanWith(const Matcher& m, std::string_view text) {
  Matcher::ScratchPtr scratch;
  REQUIRE(m.NewScratch(&scratch).ok());
  std::vector<MatchHit> hits;
  REQUIRE(m.Scan(text, scratch.get(), &hits).ok());
  return hits;
}

std::vector<std::string> CacheFiles(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().string());
  return out;
}

// The ends of the my_number shape hits whose separator is `separator`
// (-1: any).
std::vector<std::uint64_t> MyNumberEnds(const Matcher& m, const RuleSet& rules,
                                        std::string_view text) {
  std::vector<std::uint64_t> ends;
  for (const MatchHit& h : ScanWith(m, text)) {
    const Expression& e = m.expressions()[h.expression];
    if (e.kind == Expression::Kind::kValue && rules.rules()[e.rule].id == "my_number" &&
        e.separator != Expression::kLeadingZeroLost) {
      ends.push_back(h.end);
    }
  }
  std::sort(ends.begin(), ends.end());
  return ends;
}

}  // namespace

TEST_CASE("Values and keywords are reported by end offset", "[scanner][matcher]") {
  RuleSet rules;
  REQUIRE(RuleSet::LoadBuiltin(&rules).ok());
  std::unique_ptr<Matcher> m;
  REQUIRE(Matcher::Compile(rules, &m).ok());
  std::string text = "個人番号 １２３４ー5678ー9018";
  bool value = false, keyword = false;
  for (const MatchHit& h : ScanWith(*m, text)) {
    const Expression& e = m->expressions()[h.expression];
    if (e.kind == Expression::Kind::kKeyword && e.keyword == "個人番号") keyword = true;
    if (e.kind == Expression::Kind::kValue && rules.rules()[e.rule].id == "my_number" &&
        h.end == text.size()) {
      value = true;
    }
  }
  CHECK(keyword);
  CHECK(value);
}

TEST_CASE("A value is reported once, ending at its last digit", "[scanner][matcher]") {
  RuleSet rules;
  REQUIRE(RuleSet::LoadBuiltin(&rules).ok());
  std::unique_ptr<Matcher> m;
  REQUIRE(Matcher::Compile(rules, &m).ok());
  const std::string value = "123456789018";
  // Followed by a newline (where "$" would also match), by text, by the end.
  for (const std::string after : {"\n", ",x", ""}) {
    const std::string text = "番号 " + value + after;
    INFO("after: " << after);
    CHECK(MyNumberEnds(*m, rules, text) == std::vector<std::uint64_t>{text.size() - after.size()});
  }
  // A longer run holds no 12-digit shape.
  CHECK(MyNumberEnds(*m, rules, "番号 1234567890181,").empty());
}

TEST_CASE("Non-ASCII forms are found wherever they stand, ASCII ones once", "[scanner][matcher]") {
  RuleSet rules;
  REQUIRE(RuleSet::LoadBuiltin(&rules).ok());
  std::unique_ptr<Matcher> m;
  REQUIRE(Matcher::Compile(rules, &m).ok());
  const std::string filler(5000, 'a');
  const std::string full_width = "１２３４５６７８９０１８";
  const std::string ideographic = "1234\u30005678\u30009018";
  const std::string ascii = "123456789018";
  // A full-width value far from the start, an ideographic-space one, and an
  // ASCII one both far from and next to them (inside the second pass's window).
  std::string text = filler + full_width + "," + ascii + filler + ideographic + filler + ascii;
  std::vector<std::uint64_t> want = {
      filler.size() + full_width.size(),
      filler.size() + full_width.size() + 1 + ascii.size(),
      2 * filler.size() + full_width.size() + 1 + ascii.size() + ideographic.size(),
      text.size(),
  };
  CHECK(MyNumberEnds(*m, rules, text) == want);
}

TEST_CASE("The compiled database is cached and reloaded", "[scanner][matcher]") {
  TempDir t;
  const std::string dir = t.Sub("cache");
  RuleSet rules;
  REQUIRE(RuleSet::LoadBuiltin(&rules).ok());

  std::unique_ptr<Matcher> first, second;
  REQUIRE(Matcher::Compile(rules, &first, dir).ok());
  CHECK_FALSE(first->loaded_from_cache());
  auto files = CacheFiles(dir);
  REQUIRE(files.size() == 1);
  REQUIRE(Matcher::Compile(rules, &second, dir).ok());
  CHECK(second->loaded_from_cache());

  const std::string text = "マイナンバー 123456789018 と 基礎年金番号 1234-567890";
  auto a = ScanWith(*first, text);
  auto b = ScanWith(*second, text);
  REQUIRE(a.size() == b.size());
  CHECK(a.size() > 2);
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].expression == b[i].expression);
    CHECK(a[i].end == b[i].end);
  }

  // A damaged entry is ignored and replaced by a fresh compile.
  testing::WriteFile(files[0], "not a database");
  std::unique_ptr<Matcher> third;
  REQUIRE(Matcher::Compile(rules, &third, dir).ok());
  CHECK_FALSE(third->loaded_from_cache());
  CHECK(ScanWith(*third, text).size() == a.size());

  // An unusable cache directory only costs the compile.
  std::unique_ptr<Matcher> fourth;
  testing::WriteFile(t.Sub("file"), "x");
  REQUIRE(Matcher::Compile(rules, &fourth, t.Sub("file/cache")).ok());
  CHECK_FALSE(fourth->loaded_from_cache());
}

}  // namespace mamori
