#include "scanner/label_hits.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

namespace mamori {

namespace {

// What CleanLabelHits promises, the slow way: sort by start (longest first),
// drop hits starting inside a kept one, sort by end.
std::vector<LabelHit> Reference(std::vector<LabelHit> hits) {
  std::sort(hits.begin(), hits.end(), [](const LabelHit& a, const LabelHit& b) {
    return a.start != b.start ? a.start < b.start : a.end > b.end;
  });
  std::vector<LabelHit> kept;
  for (const LabelHit& h : hits) {
    if (!kept.empty() && h.start < kept.back().end) continue;
    kept.push_back(h);
  }
  std::sort(kept.begin(), kept.end(),
            [](const LabelHit& a, const LabelHit& b) { return a.end < b.end; });
  return kept;
}

bool Same(const std::vector<LabelHit>& a, const std::vector<LabelHit>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].start != b[i].start || a[i].end != b[i].end || a[i].keyword != b[i].keyword) {
      return false;
    }
  }
  return true;
}

const std::string kLong = "個人番号";  // 12 bytes
const std::string kShort = "番号";     // 6 bytes, inside the long one
const std::vector<int> kRules = {0};

}  // namespace

TEST_CASE("Label hits: nested labels give way to the longer, in end order", "[label_hits]") {
  const std::string text = "氏名 個人番号 番号 " + kLong;
  // As Hyperscan reports them: by end; 番号 inside 個人番号 ends with it.
  std::vector<LabelHit> hits = {
      {13, 19, &kShort, &kRules}, {7, 19, &kLong, &kRules},   // 個人番号, reported short first
      {20, 26, &kShort, &kRules},                             // 番号 alone
      {33, 39, &kShort, &kRules}, {27, 39, &kLong, &kRules},  // the last 個人番号
  };
  CleanLabelHits(text, &hits);
  REQUIRE(hits.size() == 3);
  CHECK(hits[0].keyword == &kLong);
  CHECK(hits[0].start == 7);
  CHECK(hits[1].keyword == &kShort);
  CHECK(hits[1].start == 20);
  CHECK(hits[2].start == 27);
}

TEST_CASE("Label hits: random hits in end order match the reference", "[label_hits]") {
  std::mt19937 rng(7);
  const std::string text(4000, ' ');
  for (int round = 0; round < 300; ++round) {
    std::vector<LabelHit> hits;
    const int n = static_cast<int>(rng() % 200);
    for (int i = 0; i < n; ++i) {
      const std::size_t start = rng() % 3900;
      const bool is_long = rng() % 2 == 0;
      const std::size_t len = is_long ? kLong.size() : kShort.size();
      hits.push_back({start, start + len, is_long ? &kLong : &kShort, &kRules});
    }
    // Hyperscan's order: by end, ties in any order.
    std::stable_sort(hits.begin(), hits.end(),
                     [](const LabelHit& a, const LabelHit& b) { return a.end < b.end; });
    const std::vector<LabelHit> want = Reference(hits);
    CleanLabelHits(text, &hits);
    REQUIRE(Same(hits, want));
  }
}

TEST_CASE("Label hits: any order at all is still sorted right", "[label_hits]") {
  // Far from end order (reversed): the insertion sort gives up and sorts.
  const std::string text(100000, ' ');
  std::vector<LabelHit> hits;
  for (std::size_t i = 0; i < 5000; ++i) {
    const std::size_t start = 99000 - i * 19;
    hits.push_back({start, start + kShort.size(), &kShort, &kRules});
  }
  std::mt19937 rng(11);
  std::shuffle(hits.begin() + 2500, hits.end(), rng);
  const std::vector<LabelHit> want = Reference(hits);
  CleanLabelHits(text, &hits);
  CHECK(Same(hits, want));
}

}  // namespace mamori
