#include "mamori/path_text.h"

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

namespace mamori {
namespace {

TEST_CASE("UTF-8 paths pass through unchanged", "[path_text]") {
  const std::string utf8 = "/srv/share/人事/名簿 2015.csv";
  CHECK(IsValidUtf8(utf8));
  CHECK(PathToDisplay(utf8) == utf8);
  CHECK(PathToDisplay("") == "");
  CHECK(PathToDisplay("/plain/ascii.txt") == "/plain/ascii.txt");
  // Four-byte sequences (U+1F600) and the last code point are valid.
  CHECK(PathToDisplay("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");
  CHECK(IsValidUtf8("\xF4\x8F\xBF\xBF"));
}

TEST_CASE("CP932 names written by Windows clients decode", "[path_text]") {
  // 名簿 in CP932.
  CHECK(PathToDisplay("/srv/\x96\xbc\x95\xeb.csv") == "/srv/名簿.csv");
  // Half-width katakana ｱ is a single CP932 byte.
  CHECK(PathToDisplay("\xb1") == "ｱ");
  // CP932's own extensions (NEC row 13: ①).
  CHECK(PathToDisplay("\x87\x40") == "①");
}

TEST_CASE("bytes that are neither UTF-8 nor CP932 are escaped", "[path_text]") {
  // 0xFF is never valid CP932, so the whole name falls back to escaping.
  CHECK(PathToDisplay("/srv/a\xff.csv") == "/srv/a\\xff.csv");
  // A CP932 lead byte without its trail byte is not CP932 either.
  CHECK(PathToDisplay("x\x81") == "x\\x81");
  // Valid UTF-8 sequences survive next to the escaped bytes.
  CHECK(PathToDisplay("名\xff簿") == "名\\xff簿");
  CHECK(PathToDisplay("\xfe\xff") == "\\xfe\\xff");
  CHECK(IsValidUtf8(PathToDisplay("\x80\xa0\xfd\xfe\xff")));
}

TEST_CASE("ill-formed UTF-8 classes are rejected", "[path_text]") {
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(IsValidUtf8("\xC1\xBF"));          // overlong
  CHECK_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong three-byte
  CHECK_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));  // overlong four-byte
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  CHECK_FALSE(IsValidUtf8("\xED\xBF\xBF"));      // surrogate U+DFFF
  CHECK_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // U+110000
  CHECK_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
  CHECK_FALSE(IsValidUtf8("\xE6\x97"));  // truncated
  CHECK_FALSE(IsValidUtf8("\x80"));      // stray continuation
  CHECK(IsValidUtf8("\xED\x9F\xBF"));    // U+D7FF, just below the surrogates
  CHECK(IsValidUtf8("\xEE\x80\x80"));    // U+E000, just above
}

TEST_CASE("an overlong slash cannot pass as a path separator", "[path_text]") {
  const std::string shown = PathToDisplay("a\xC0\xAF.txt");
  CHECK(shown.find('/') == std::string::npos);
  CHECK(IsValidUtf8(shown));
}

TEST_CASE("PathToDisplay is safe from many threads", "[path_text]") {
  std::vector<std::thread> threads;
  std::vector<int> bad(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &bad] {
      for (int i = 0; i < 2000; ++i) {
        if (PathToDisplay("\x96\xbc\x95\xeb") != "名簿") ++bad[t];
        if (PathToDisplay("\xff") != "\\xff") ++bad[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(bad == std::vector<int>(4, 0));
}

}  // namespace
}  // namespace mamori
