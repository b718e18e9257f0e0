#include "scanner/digit_runs.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace mamori {

namespace {

using Runs = std::vector<std::pair<std::size_t, std::size_t>>;

Runs Found(std::string_view data) {
  Runs out;
  ForEachDigitRun(data, [&](std::size_t b, std::size_t e) { out.emplace_back(b, e); });
  return out;
}

// The obvious byte-by-byte answer.
Runs Expected(std::string_view data) {
  Runs out;
  for (std::size_t i = 0; i < data.size();) {
    if (data[i] < '0' || data[i] > '9') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < data.size() && data[j] >= '0' && data[j] <= '9') ++j;
    out.emplace_back(i, j);
    i = j;
  }
  return out;
}

}  // namespace

TEST_CASE("Digit runs at every position of the sixteen-byte blocks", "[scanner][digit_runs]") {
  CHECK(Found("").empty());
  CHECK(Found("abc") == Runs{});
  CHECK(Found("1") == Runs{{0, 1}});
  CHECK(Found("a12,345b6") == Runs{{1, 3}, {4, 7}, {8, 9}});
  // Runs crossing block edges, a run filling whole blocks, bytes next to
  // '0' and '9' ('/' and ':'), and bytes >= 0x80.
  const std::string block_edges =
      "abcdefghijklmn12345678901234567890123456/:\xef\xbc\x91"
      "9";
  CHECK(Found(block_edges) == Expected(block_edges));
  std::mt19937 rng(7);
  const std::string alphabet = "0123456789/:a -\xef\xbc\x90";
  for (int round = 0; round < 500; ++round) {
    std::string s(rng() % 100, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    INFO(s);
    REQUIRE(Found(s) == Expected(s));
  }
}

}  // namespace mamori
