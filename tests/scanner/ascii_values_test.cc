// The matcher's two passes (the ASCII forms from digit runs, every form in
// windows around non-ASCII triggers) against one Hyperscan database of the
// value expressions run over the whole buffer, on random digit-dense text.
#include <hs/hs.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "mamori/matcher.h"
#include "mamori/rule_set.h"
#include "mamori/writing_forms.h"

namespace mamori {

namespace {

using Hits = std::vector<std::pair<std::uint32_t, std::uint64_t>>;

// Every value expression's matches, ends moved back over the boundary byte
// as the matcher does.
class Reference {
 public:
  explicit Reference(const std::vector<Expression>& expressions) : expressions_(expressions) {
    std::vector<const char*> patterns;
    std::vector<unsigned> flags, ids;
    for (std::uint32_t i = 0; i < expressions.size(); ++i) {
      if (expressions[i].kind != Expression::Kind::kValue) continue;
      patterns.push_back(expressions[i].regex.c_str());
      flags.push_back(0);
      ids.push_back(i);
    }
    hs_compile_error_t* error = nullptr;
    REQUIRE(hs_compile_multi(patterns.data(), flags.data(), ids.data(),
                             static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK, nullptr, &db_,
                             &error) == HS_SUCCESS);
    REQUIRE(hs_alloc_scratch(db_, &scratch_) == HS_SUCCESS);
  }
  ~Reference() {
    hs_free_scratch(scratch_);
    hs_free_database(db_);
  }

  Hits Scan(std::string_view data) const {
    Hits hits;
    auto on_match = [](unsigned id, unsigned long long, unsigned long long to, unsigned,
                       void* context) -> int {
      static_cast<Hits*>(context)->emplace_back(id, to);
      return 0;
    };
    REQUIRE(hs_scan(db_, data.data(), static_cast<unsigned>(data.size()), 0, scratch_, on_match,
                    &hits) == HS_SUCCESS);
    for (auto& [id, end] : hits) {
      std::size_t len = 0;
      if (DigitEndingAt(data, end, &len) < 0) --end;
    }
    std::sort(hits.begin(), hits.end());
    hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
    return hits;
  }

 private:
  const std::vector<Expression>& expressions_;
  hs_database_t* db_ = nullptr;
  hs_scratch_t* scratch_ = nullptr;
};

Hits MatcherValues(const Matcher& m, Matcher::Scratch* scratch, std::string_view data) {
  std::vector<MatchHit> found;
  REQUIRE(m.Scan(data, scratch, &found).ok());
  Hits hits;
  for (const MatchHit& h : found) {
    if (m.expressions()[h.expression].kind == Expression::Kind::kValue) {
      hits.emplace_back(h.expression, h.end);
    }
  }
  std::sort(hits.begin(), hits.end());
  return hits;
}

}  // namespace

TEST_CASE("The matcher's value hits equal one database of every form over the whole text",
          "[scanner][matcher][ascii_values]") {
  RuleSet rules;
  REQUIRE(RuleSet::LoadBuiltin(&rules).ok());
  std::unique_ptr<Matcher> m;
  REQUIRE(Matcher::Compile(rules, &m).ok());
  Matcher::ScratchPtr scratch;
  REQUIRE(m->NewScratch(&scratch).ok());
  Reference reference(m->expressions());

  // Pieces that make up values and near-values: digit groups of every
  // length, ASCII and non-ASCII separators, full-width digits, letters.
  const std::vector<std::string> pieces = {
      "0",
      "12",
      "123",
      "1234",
      "12345",
      "123456",
      "1234567890",
      "123456789012",
      "1234567890123",
      "-",
      " ",
      "  ",
      ",",
      "\n",
      "a",
      "\"",
      "\xEF\xBC\x91",              // full-width 1
      "\xEF\xBC\x91\xEF\xBC\x92",  // full-width 12
      "\xE3\x80\x80",              // ideographic space
      "\xE3\x83\xBC",              // katakana long vowel mark
      "\xE2\x88\x92",              // minus sign
      "\xC2\xA0",                  // no-break space
      "\xE5\x90\x8D",              // 名
  };
  std::mt19937 rng(20261201);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int count = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < count; ++i) {
      // Mostly digits and separators, so that shapes form often.
      const std::size_t k = rng() % 4 == 0 ? rng() % pieces.size() : rng() % 13;
      text += pieces[k];
    }
    const Hits got = MatcherValues(*m, scratch.get(), text);
    const Hits want = reference.Scan(text);
    std::string shown;
    for (const auto& [id, end] : got)
      shown += " got " + std::to_string(id) + "@" + std::to_string(end);
    for (const auto& [id, end] : want)
      shown += " want " + std::to_string(id) + "@" + std::to_string(end);
    INFO("round " << round << ": " << text << shown);
    REQUIRE(got == want);
  }
}

}  // namespace mamori
