#include "mamori/detector.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>

#include "mamori/check_digits.h"
#include "mamori/rule_set.h"

namespace mamori {

namespace {

struct Fixture {
  RuleSet rules;
  std::unique_ptr<Matcher> matcher;
  Matcher::ScratchPtr scratch;
  HashKey key;
  Fixture() {
    REQUIRE(RuleSet::LoadBuiltin(&rules).ok());
    REQUIRE(Matcher::Compile(rules, &matcher).ok());
    REQUIRE(matcher->NewScratch(&scratch).ok());
  }

  std::vector<Finding> Run(std::string_view text, const char* format = "text",
                           Confidence min = Confidence::kMedium,
                           std::vector<CandidateEvidence>* evidence = nullptr) {
    Detector d(rules, *matcher);
    d.set_evidence_sink(evidence);
    d.Reset(std::string_view(format) == "csv" ? ',' : 0);
    REQUIRE(d.Scan(text, 0, 0, text.size(), scratch.get()).ok());
    std::vector<Finding> findings;
    d.Finish(min, key, &findings);
    return findings;
  }
};

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("A keyword within the window gives high confidence", "[scanner][detector]") {
  Fixture f;
  auto findings = f.Run("個人番号: 123456789018");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].confidence == Confidence::kHigh);
  CHECK(findings[0].masked == std::vector<std::string>{"********9018"});
  CHECK(findings[0].hashes.size() == 1);
}

TEST_CASE("The keyword window is measured in characters, not bytes", "[scanner][detector]") {
  Fixture f;
  // 60 full-width characters are 180 bytes: inside a 60-character window.
  std::string near = "個人番号" + Repeat("あ", 60) + "123456789018";
  std::string far = "個人番号" + Repeat("あ", 61) + "123456789018";
  std::vector<CandidateEvidence> ev;
  auto found = f.Run(near, "text", Confidence::kLow, &ev);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].label_distance == 60);
  REQUIRE(found.size() == 1);
  CHECK(found[0].confidence == Confidence::kHigh);

  ev.clear();
  auto low = f.Run(far, "text", Confidence::kLow, &ev);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].label_distance == -1);
  REQUIRE(low.size() == 1);
  CHECK(low[0].confidence == Confidence::kLow);
  CHECK(f.Run(far).empty());  // below the default threshold

  // A keyword after the value counts too.
  auto after = f.Run("123456789018 (個人番号)");
  REQUIRE(after.size() == 1);
  CHECK(after[0].confidence == Confidence::kHigh);
}

TEST_CASE("A checksum-valid number alone is low and hidden by default", "[scanner][detector]") {
  Fixture f;
  CHECK(f.Run("ジョブ 123456789018 完了").empty());
  auto low = f.Run("ジョブ 123456789018 完了", "text", Confidence::kLow);
  REQUIRE(low.size() == 1);
  CHECK(low[0].confidence == Confidence::kLow);
}

TEST_CASE("A value labelled as another number is rejected at any threshold",
          "[scanner][detector]") {
  Fixture f;
  std::vector<CandidateEvidence> ev;
  CHECK(f.Run("注文番号 123456789018", "text", Confidence::kLow, &ev).empty());
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].label == "注文番号");
  CHECK_FALSE(ev[0].label_is_own);
  CHECK(ev[0].decision == "rejected: labelled as another number");
  // The nearest label wins: an order number after a My Number label.
  ev.clear();
  CHECK(f.Run("個人番号の欄とは別の注文番号 123456789018", "text", Confidence::kLow, &ev).empty());
  // And the other way round.
  CHECK(f.Run("注文番号の欄とは別の個人番号 123456789018").size() == 1);
  // "tel" inside a word is not a label.
  CHECK(f.Run("hotel 個人番号 123456789018").size() == 1);
}

TEST_CASE("A CSV column header applies to every cell below it", "[scanner][detector]") {
  Fixture f;
  std::string csv = "氏名,住所,個人番号,備考\n";
  for (int i = 0; i < 3; ++i) {
    csv += "山田太郎,東京都千代田区" + Repeat("一丁目", 30) + ",621498320257,\n";
  }
  csv += "佐藤花子,大阪府,983205673214,\n";
  std::vector<CandidateEvidence> ev;
  auto findings = f.Run(csv, "csv", Confidence::kMedium, &ev);
  REQUIRE(ev.size() == 4);
  for (const auto& e : ev) CHECK(e.header_is_own);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].confidence == Confidence::kHigh);
  CHECK(findings[0].count == 4);
  CHECK(findings[0].distinct == 2);
  CHECK(findings[0].hashes.size() == 2);

  // The same number in another column is not labelled by that header.
  std::string other = "個人番号,注文番号\n," + Repeat("x", 200) + ",123456789018\n";
  ev.clear();
  f.Run(other, "csv", Confidence::kLow, &ev);
  REQUIRE(ev.size() == 1);
  CHECK_FALSE(ev[0].header_is_own);

  // Quoted cells with delimiters inside do not shift the columns.
  std::string quoted = "備考,個人番号\n\"a, b, " + Repeat("c", 100) + "\",123456789018\n";
  ev.clear();
  f.Run(quoted, "csv", Confidence::kLow, &ev);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].header_is_own);
}

TEST_CASE("A file that is a list of valid values is medium", "[scanner][detector]") {
  Fixture f;
  const char* valid[] = {"123456789018", "621498320257", "111111111118", "000111111111",
                         "983205673214", "222222222225", "333333333332", "444444444440"};
  std::string list;
  for (const char* v : valid) list += std::string("row ") + v + "\n";
  auto findings = f.Run(list);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].confidence == Confidence::kMedium);
  CHECK(findings[0].count == 8);
  CHECK(findings[0].masked.size() == 3);

  // The same values scattered through prose are no list.
  std::string prose;
  for (const char* v : valid)
    prose += std::string("先方から ") + v + " の件で連絡あり\n本日対応済み\n\n";
  CHECK(f.Run(prose).empty());

  // A column is a list with fewer values.
  std::string column = "番号,氏名\n";
  for (int i = 0; i < 5; ++i) column += std::string(valid[i]) + ",山田\n";
  auto listed = f.Run(column, "csv");
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].confidence == Confidence::kMedium);

  // Mostly failing check digits: an order-number list, not My Numbers.
  std::string orders = list;
  for (int i = 0; i < 20; ++i) orders += "order 12345678901" + std::to_string(i % 8 + 2) + "\n";
  std::vector<CandidateEvidence> ev;
  CHECK(f.Run(orders, "text", Confidence::kMedium, &ev).empty());
  CHECK(ev.size() == 28);
}

TEST_CASE("Values are judged only inside the accepted region", "[scanner][detector]") {
  Fixture f;
  std::string text = "個人番号 123456789018 と 個人番号 621498320257";
  size_t second = text.find("621498320257");
  Detector d(f.rules, *f.matcher);
  d.Reset(0);
  REQUIRE(d.Scan(text, 0, 0, second, f.scratch.get()).ok());
  std::vector<Finding> findings;
  d.Finish(Confidence::kMedium, f.key, &findings);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].count == 1);
  CHECK(findings[0].masked[0] == "********9018");
}

TEST_CASE("A label on the line above speaks only across punctuation or for a field",
          "[scanner][detector]") {
  Fixture f;
  // A heading, then the value on the next line.
  CHECK(f.Run("個人番号：\n123456789018\n").size() == 1);
  // The line above names it, the value is a field of its own line.
  CHECK(f.Run("マイナンバー（個人番号）の確認を行いました。\n確認した番号: 1234 5678 9018\n")
            .size() == 1);
  // A remark about マイナンバー, then unrelated prose holding a number.
  CHECK(f.Run("※マイナンバー関係の書類は別ファイル\n\n先方から 123456789018 の件で連絡あり\n")
            .empty());
  // A label already used by the value after it does not reach the next line's.
  std::vector<CandidateEvidence> ev;
  f.Run("my_number=621498320257\n2018-05-29 INFO 123456789018 ok\n", "text", Confidence::kLow, &ev);
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].decision == "high");
  CHECK(ev[1].decision == "low");
}

TEST_CASE("A finding's keyed hashes come out distinct and in byte order", "[scanner][detector]") {
  // The store keeps them in this order, which tells nothing of the values'.
  // Below and above the size from which they are sorted in buckets.
  const int want = GENERATE(100, 500, 3000);
  Fixture f;
  std::string csv = "氏名,個人番号\n";
  int added = 0;
  for (unsigned n = 0; added < want; ++n) {
    char base[12];
    std::snprintf(base, sizeof base, "%011u", n * 7919u % 100000000u);
    for (char cd = '0'; cd <= '9'; ++cd) {
      const std::string v = std::string(base) + cd;
      if (!MyNumberValid(v)) continue;
      csv += "name," + v + "\n" + "again," + v + "\n";
      ++added;
      break;
    }
  }
  const auto findings = f.Run(csv, "csv");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].distinct == static_cast<std::uint64_t>(want));
  REQUIRE(findings[0].hashes.size() == static_cast<std::size_t>(want));
  CHECK(std::is_sorted(findings[0].hashes.begin(), findings[0].hashes.end()));
  CHECK(std::adjacent_find(findings[0].hashes.begin(), findings[0].hashes.end()) ==
        findings[0].hashes.end());
}

}  // namespace mamori
