#include "mamori/rule_set.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include "mamori/detector.h"
#include "mamori/matcher.h"

namespace mamori {

namespace {

const char* kMinimalRule = R"(
[[rule]]
id = "x"
type = "x"
validator = "none"
groups = [4, 4]
separators = [""]
examples = []
negative_examples = []
)";

Status ParseOne(std::string_view text) {
  RuleSet rules;
  return RuleSet::Parse({{"test.toml", text}}, &rules);
}

// Findings of the built-in rules in one piece of text, at the default threshold.
std::vector<Finding> Detect(const RuleSet& rules, const Matcher& matcher, std::string_view text) {
  Matcher::ScratchPtr scratch;
  REQUIRE(matcher.NewScratch(&scratch).ok());
  Detector detector(rules, matcher);
  // Examples written as CSV run through the column logic.
  const bool csv =
      text.find('\n') != std::string_view::npos && text.find(',') != std::string_view::npos;
  detector.Reset(csv ? ',' : 0);
  REQUIRE(detector.Scan(text, 0, 0, text.size(), scratch.get()).ok());
  HashKey key;  // an empty key is fine for counting
  std::vector<Finding> findings;
  detector.Finish(Confidence::kMedium, key, &findings);
  return findings;
}

}  // namespace

TEST_CASE("Built-in rules load and hash stably", "[patterns][rules]") {
  RuleSet a, b;
  REQUIRE(RuleSet::LoadBuiltin(&a).ok());
  REQUIRE(RuleSet::LoadBuiltin(&b).ok());
  CHECK(a.hash() == b.hash());
  CHECK(a.hash().size() == 64);
  bool has_my_number = false;
  for (const Rule& r : a.rules()) {
    has_my_number |= r.id == "my_number";
    CHECK(r.validator != nullptr);
    CHECK_FALSE(r.examples.empty());
    CHECK_FALSE(r.negative_examples.empty());
  }
  CHECK(has_my_number);
}

TEST_CASE("Every rule finds its examples and none of its negative examples", "[patterns][rules]") {
  RuleSet rules;
  REQUIRE(RuleSet::LoadBuiltin(&rules).ok());
  std::unique_ptr<Matcher> matcher;
  REQUIRE(Matcher::Compile(rules, &matcher).ok());
  for (const Rule& rule : rules.rules()) {
    for (const std::string& example : rule.examples) {
      INFO(rule.id << " example: " << example);
      auto findings = Detect(rules, *matcher, example);
      auto it = std::find_if(findings.begin(), findings.end(),
                             [&](const Finding& f) { return f.type == rule.type; });
      REQUIRE(it != findings.end());
      CHECK(it->count == 1);
    }
    for (const std::string& example : rule.negative_examples) {
      INFO(rule.id << " negative example: " << example);
      auto findings = Detect(rules, *matcher, example);
      for (const Finding& f : findings) CHECK(f.type != rule.type);
    }
  }
}

TEST_CASE("Rule files are validated with the file and field named", "[patterns][rules]") {
  CHECK(ParseOne(kMinimalRule).ok());

  Status s = ParseOne("[[rule]]\nid = \"x\"\n");
  CHECK(s.reason() == "rule-invalid");
  CHECK(s.message().find("test.toml") != std::string::npos);
  CHECK(s.message().find("type") != std::string::npos);

  std::string unknown = kMinimalRule;
  unknown.replace(unknown.find("\"none\""), 6, "\"luhn\"");
  s = ParseOne(unknown);
  CHECK(s.reason() == "rule-invalid");
  CHECK(s.message().find("luhn") != std::string::npos);

  std::string too_long = kMinimalRule;
  too_long.replace(too_long.find("[4, 4]"), 6, "[10, 10]");
  CHECK(ParseOne(too_long).reason() == "rule-invalid");

  std::string digit_sep = kMinimalRule;
  digit_sep.replace(digit_sep.find("[\"\"]"), 4, "[\"1\"]");
  CHECK(ParseOne(digit_sep).reason() == "rule-invalid");

  CHECK(ParseOne("this is = = not toml").reason() == "rule-invalid");
  CHECK(ParseOne("").reason() == "rule-invalid");

  RuleSet rules;
  CHECK(RuleSet::Parse({{"a.toml", kMinimalRule}, {"b.toml", kMinimalRule}}, &rules).reason() ==
        "rule-invalid");  // duplicate id
}

TEST_CASE("Keywords compile once, case-insensitively for ASCII", "[patterns][rules]") {
  RuleSet rules;
  REQUIRE(RuleSet::LoadBuiltin(&rules).ok());
  std::unique_ptr<Matcher> matcher;
  REQUIRE(Matcher::Compile(rules, &matcher).ok());
  auto findings = Detect(rules, *matcher, "MY NUMBER: 123456789018");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].confidence == Confidence::kHigh);
}

}  // namespace mamori
