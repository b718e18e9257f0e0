#include "scanner/digit_runs.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace mamori {

namespace {

using Runs = std::vector<std::pair<std::size_t, std::size_t>>;

Runs Found(std::string_view data, int min_length = 1) {
  Runs out;
  ForEachDigitRun(data, min_length, [&](std::size_t b, std::size_t e) { out.emplace_back(b, e); });
  return out;
}

// The obvious byte-by-byte answer.
Runs Expected(std::string_view data, int min_length = 1) {
  Runs out;
  for (std::size_t i = 0; i < data.size();) {
    if (data[i] < '0' || data[i] > '9') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < data.size() && data[j] >= '0' && data[j] <= '9') ++j;
    if (j - i >= static_cast<std::size_t>(min_length)) out.emplace_back(i, j);
    i = j;
  }
  return out;
}

}  // namespace

TEST_CASE("Digit runs at every position of the 64-byte blocks", "[scanner][digit_runs]") {
  CHECK(Found("").empty());
  CHECK(Found("abc") == Runs{});
  CHECK(Found("1") == Runs{{0, 1}});
  CHECK(Found("a12,345b6") == Runs{{1, 3}, {4, 7}, {8, 9}});
  CHECK(Found("a12,345b6", 3) == Runs{{4, 7}});
  // Runs crossing block edges, a run filling whole blocks, bytes next to
  // '0' and '9' ('/' and ':'), NUL and bytes >= 0x80.
  std::string edges(60, 'x');
  edges += "12345678" + std::string(130, '7') + "/:" + std::string(1, '\0') + "\xef\xbc\x91" + "9";
  for (int min : {1, 4, 12, 64}) {
    INFO("min " << min);
    CHECK(Found(edges, min) == Expected(edges, min));
  }
  std::mt19937 rng(7);
  const std::string alphabet = "0123456789/:a -\xef\xbc\x90";
  for (int round = 0; round < 2000; ++round) {
    std::string s(rng() % 300, ' ');
    // Digit-dense and sparse buffers, runs long and short.
    const std::size_t digits = 1 + rng() % 12;
    for (char& c : s) {
      c = rng() % 16 < digits ? static_cast<char>('0' + rng() % 10)
                              : alphabet[10 + rng() % (alphabet.size() - 10)];
    }
    const int min = 1 + static_cast<int>(rng() % 13);
    INFO("min " << min << ": " << s);
    REQUIRE(Found(s, min) == Expected(s, min));
  }
}

TEST_CASE("Digit runs: every block with a non-ASCII byte is shown, with its masks",
          "[scanner][digit_runs]") {
  std::mt19937 rng(29);
  const std::string alphabet = "0123456789ab ,\x80\xe3\xef";
  for (int round = 0; round < 500; ++round) {
    std::string s(rng() % 400, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    const int min = 1 + static_cast<int>(rng() % 12);
    struct Block {
      std::size_t i;
      std::uint64_t digits, high;
      bool digit_before;
    };
    std::vector<Block> seen;
    Runs runs;
    ForEachDigitRun(
        s, min, [&](std::size_t b, std::size_t e) { runs.emplace_back(b, e); },
        [&](std::size_t i, const char* p, std::uint64_t digits, std::uint64_t high,
            bool digit_before) {
          CHECK(std::string_view(p, std::min<std::size_t>(64, s.size() - i)) ==
                std::string_view(s).substr(i, 64));
          seen.push_back({i, digits, high, digit_before});
        });
    INFO("min " << min << ": " << s);
    REQUIRE(runs == Expected(s, min));
    std::vector<Block> want;
    for (std::size_t i = 0; i < s.size(); i += 64) {
      Block b{i, 0, 0, i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9'};
      for (std::size_t j = 0; j < 64 && i + j < s.size(); ++j) {
        const auto c = static_cast<unsigned char>(s[i + j]);
        if (c >= '0' && c <= '9') b.digits |= std::uint64_t{1} << j;
        if (c >= 0x80) b.high |= std::uint64_t{1} << j;
      }
      if (b.high != 0) want.push_back(b);
    }
    REQUIRE(seen.size() == want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
      CHECK(seen[k].i == want[k].i);
      CHECK(seen[k].digits == want[k].digits);
      CHECK(seen[k].high == want[k].high);
      CHECK(seen[k].digit_before == want[k].digit_before);
    }
  }
}

}  // namespace mamori
