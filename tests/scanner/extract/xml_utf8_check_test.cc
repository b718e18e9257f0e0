#include "scanner/extract/xml_utf8_check.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace mamori::xml_internal {
namespace {

struct Outcome {
  std::size_t valid = 0;
  std::uint64_t lines = 0;
  bool prev_cr = false;
  bool bad = false;
  bool operator==(const Outcome& o) const {
    return valid == o.valid && lines == o.lines && prev_cr == o.prev_cr && bad == o.bad;
  }
};

Outcome Run(const std::string& s, bool ascii_only, bool cr, Utf8Path path) {
  Outcome o;
  o.lines = 7;  // added to, not set
  o.prev_cr = cr;
  o.valid = ValidateXmlUtf8(reinterpret_cast<const unsigned char*>(s.data()), s.size(), ascii_only,
                            &o.lines, &o.prev_cr, &o.bad, path);
  return o;
}

// Pieces XML text is made of, valid and not: every length of character,
// the edges of each range the validator must tell apart, line breaks, and
// the controls and noncharacters XML refuses.
const std::vector<std::string>& Pieces() {
  static const std::vector<std::string> pieces = {
      "a",
      "<",
      "0",
      " ",
      "\t",
      "\n",
      "\r",
      "\r\n",
      "\x7f",
      "\xc2\x80",
      "\xdf\xbf",
      "\xc3\xa9",  // two bytes
      "\xe0\xa0\x80",
      "\xe3\x81\x82",
      "\xe6\x97\xa5",
      "\xed\x9f\xbf",  // three
      "\xee\x80\x80",
      "\xef\xbf\xbd",
      "\xef\xbf\xbe",
      "\xef\xbf\xbf",  // U+FFFE/F refused
      "\xf0\x90\x80\x80",
      "\xf4\x8f\xbf\xbf",  // four
      "\x00",
      "\x01",
      "\x1f",  // controls
      "\x80",
      "\xbf",
      "\xc0\x80",
      "\xc1\xbf",  // stray, overlong 2
      "\xe0\x80\x80",
      "\xe0\x9f\xbf",
      "\xed\xa0\x80",
      "\xed\xbf\xbf",  // overlong 3, surrogates
      "\xf0\x80\x80\x80",
      "\xf0\x8f\xbf\xbf",
      "\xf4\x90\x80\x80",  // overlong 4, too large
      "\xf5\x80\x80\x80",
      "\xf8\x88\x80\x80\x80",
      "\xff",
      "\xfe",  // no such leads
      "\xc3",
      "\xe3\x81",
      "\xf0\x90\x80",      // cut short
      "\xe3\x81\x82\x80",  // one continuation too many
  };
  return pieces;
}

// Text that is mostly valid, so that blocks pass before the odd piece, and
// that puts every piece at every offset of a 32-byte block over the runs.
std::string MakeText(std::mt19937& rng, std::size_t pieces, int bad_percent) {
  const auto& all = Pieces();
  std::uniform_int_distribution<std::size_t> any(0, all.size() - 1);
  std::uniform_int_distribution<int> percent(0, 99);
  static const std::vector<std::string> good = {"a",    "注文番号",         "\xc3\xa9",   "\n",
                                                "\r\n", "\xf0\x9f\x98\x80", "0123456789", "\t"};
  std::uniform_int_distribution<std::size_t> any_good(0, good.size() - 1);
  std::string s;
  for (std::size_t i = 0; i < pieces; ++i) {
    s += percent(rng) < bad_percent ? all[any(rng)] : good[any_good(rng)];
  }
  return s;
}

std::vector<Utf8Path> Paths() {
  std::vector<Utf8Path> paths = {Utf8Path::kSse2};
  if (HasAvx2()) paths.push_back(Utf8Path::kAvx2);
  return paths;
}

TEST_CASE("The vector paths agree with the byte-by-byte check", "[xml_utf8_check]") {
  std::mt19937 rng(20261201);
  int compared = 0;
  for (int round = 0; round < 3000; ++round) {
    const std::string s = MakeText(rng, 1 + round % 200, round % 4 == 0 ? 0 : 1 + round % 7);
    for (const bool ascii_only : {false, true}) {
      for (const bool cr : {false, true}) {
        const Outcome want = Run(s, ascii_only, cr, Utf8Path::kScalar);
        for (const Utf8Path path : Paths()) {
          const Outcome got = Run(s, ascii_only, cr, path);
          INFO("round " << round << " path " << static_cast<int>(path) << " size " << s.size());
          REQUIRE(got == want);
          ++compared;
        }
      }
    }
  }
  CHECK(compared >= 12000);
}

TEST_CASE("Every piece at every offset of a block", "[xml_utf8_check]") {
  for (const std::string& piece : Pieces()) {
    for (std::size_t at = 0; at < 70; ++at) {
      // Japanese before it, so the blocks around it are not ASCII.
      std::string s;
      while (s.size() < at) s += s.size() + 3 <= at ? "\xe6\x97\xa5" : "a";
      s += piece;
      s += std::string(40, 'b') + "\xe3\x81\x82" + std::string(30, '\n');
      for (const Utf8Path path : Paths()) {
        INFO("piece size " << piece.size() << " at " << at);
        REQUIRE(Run(s, false, false, path) == Run(s, false, false, Utf8Path::kScalar));
        // Cut anywhere: a character cut short is not an error.
        for (std::size_t cut : {at, at + 1, at + 2, at + 3}) {
          const std::string head = s.substr(0, cut);
          REQUIRE(Run(head, false, true, path) == Run(head, false, true, Utf8Path::kScalar));
        }
      }
    }
  }
}

TEST_CASE("A CR before a character the data ends inside is carried over", "[xml_utf8_check]") {
  for (std::size_t lead = 1; lead < 70; ++lead) {
    const std::string s = std::string(lead - 1, 'a') + "\r\xe3\x81";
    for (const Utf8Path path : Paths()) {
      INFO("lead at " << lead);
      const Outcome o = Run(s, false, false, path);
      CHECK(o.valid == lead);
      CHECK(o.prev_cr);
      REQUIRE(o == Run(s, false, false, Utf8Path::kScalar));
    }
  }
}

TEST_CASE("Known answers", "[xml_utf8_check]") {
  for (const Utf8Path path : {Utf8Path::kScalar, Utf8Path::kSse2, Utf8Path::kAvx2}) {
    if (path == Utf8Path::kAvx2 && !HasAvx2()) continue;
    // 40 bytes of Japanese and line ends, then a character cut short.
    const std::string text = "注文番号\r\n注文番号\n注文番号\r日付\n\xe3\x81";
    const Outcome o = Run(text, false, false, path);
    CHECK(o.valid == text.size() - 2);
    CHECK_FALSE(o.bad);
    CHECK(o.lines == 7 + 4);
    // A surrogate deep in a long run.
    const std::string surrogate = std::string(100, 'x') + "\xed\xa0\x80" + std::string(100, 'y');
    const Outcome s = Run(surrogate, false, false, path);
    CHECK(s.valid == 100);
    CHECK(s.bad);
    // US-ASCII declared: the first byte from 0x80 stops it.
    const Outcome a = Run(std::string(50, 'z') + "\xc3\xa9", true, false, path);
    CHECK(a.valid == 50);
    CHECK(a.bad);
  }
}

}  // namespace
}  // namespace mamori::xml_internal
