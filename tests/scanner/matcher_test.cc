#include "mamori/matcher.h"

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
