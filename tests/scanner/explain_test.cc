#include "mamori/explain.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>

#include "test_util.h"

namespace mamori {

using testing::TempDir;
using testing::WriteFile;

namespace {

std::string Explain(const std::string& path, Confidence min = Confidence::kMedium) {
  char* buf = nullptr;
  size_t len = 0;
  std::FILE* out = ::open_memstream(&buf, &len);
  REQUIRE(out != nullptr);
  ExplainOptions options;
  options.min_confidence = min;
  Status s = ExplainFile(path, options, out);
  std::fclose(out);
  std::string text(buf, len);
  std::free(buf);
  REQUIRE(s.ok());
  return text;
}

}  // namespace

TEST_CASE("Explain shows each candidate's evidence and decision, masked", "[scanner][explain]") {
  TempDir t;
  WriteFile(t.Sub("list.csv"),
            "社員名簿\n氏名,個人番号,注文番号\n山田,123456789018,000111111111\n"
            "佐藤,621498320258,983205673214\n");
  std::string text = Explain(t.Sub("list.csv"));
  CHECK(text.find("format csv") != std::string::npos);
  CHECK(text.find("4 candidates") != std::string::npos);
  CHECK(text.find("********9018") != std::string::npos);
  CHECK(text.find("col 2: 個人番号 (names it)") != std::string::npos);
  CHECK(text.find("col 3: 注文番号 (another)") != std::string::npos);
  CHECK(text.find("rejected: labelled as another number") != std::string::npos);
  CHECK(text.find("rejected: check digit fails") != std::string::npos);
  CHECK(text.find("my_number: 1 occurrences, 1 distinct, high") != std::string::npos);
  CHECK(text.find("personal-data-unencrypted") != std::string::npos);
  for (const char* full : {"123456789018", "000111111111", "621498320258", "983205673214"}) {
    CHECK(text.find(full) == std::string::npos);
  }
}

TEST_CASE("Explain names the label and its distance in running text", "[scanner][explain]") {
  TempDir t;
  WriteFile(t.Sub("memo.txt"), "マイナンバー：1234 5678 9018\nジョブ 621498320257\n");
  std::string text = Explain(t.Sub("memo.txt"), Confidence::kLow);
  CHECK(text.find("マイナンバー (names it, 1 chars)") != std::string::npos);
  CHECK(text.find("low") != std::string::npos);
  CHECK(text.find("my_number: 2 occurrences, 2 distinct, high") != std::string::npos);
}

TEST_CASE("Explain reports a file it cannot read", "[scanner][explain]") {
  TempDir t;
  std::string text = Explain(t.Sub("missing.txt"));
  CHECK(text.find("error: vanished") != std::string::npos);
}

}  // namespace mamori
