// The policy: loading (the built-in default and files), the per-file rules on
// hand-built reports, thresholds, protection of members, exceptions with
// their expiry, the PPAP notice check.
#include "mamori/policy.h"

#include <catch2/catch.hpp>

#include "mamori/rule_set.h"
#include "scanner/policy_ppap.h"
#include "test_util.h"

namespace mamori {

using testing::TempDir;
using testing::WriteFile;

namespace {

constexpr PolicyDate kToday = 20260115;

Finding MyNumbers(std::uint64_t distinct, std::string member = "",
                  Confidence c = Confidence::kHigh) {
  Finding f;
  f.type = "my_number";
  f.member = std::move(member);
  f.count = distinct;
  f.distinct = distinct;
  f.confidence = c;
  return f;
}

FileReport Report(const std::string& path, const std::string& format = "csv") {
  FileReport r;
  r.file.path = path;
  r.file.kind = FileKind::kRegular;
  r.format = format;
  r.opened = true;
  return r;
}

const RuleSet& Rules() {
  static RuleSet* rules = [] {
    auto* r = new RuleSet();
    REQUIRE(RuleSet::LoadBuiltin(r).ok());
    return r;
  }();
  return *rules;
}

Policy Builtin() {
  Policy p;
  Status s = Policy::LoadBuiltin(&p);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return p;
}

// The built-in default with `extra` TOML appended.
Policy WithExtra(const std::string& extra, Status* status = nullptr) {
  std::string text = R"(version = 1
[personal_data]
types = [ { type = "my_number", min_confidence = "medium", min_distinct = 1 },
          { type = "health_*", min_confidence = "high", min_distinct = 3 } ]
[protection]
weak = ["zipcrypto", "xls-rc4"]
)" + extra;
  Policy p;
  Status s = Policy::Parse("test.toml", text, &p);
  if (status != nullptr) {
    *status = s;
  } else {
    INFO(s.ToString());
    REQUIRE(s.ok());
  }
  return p;
}

std::vector<std::string> Verdicts(const FileReport& r) {
  std::vector<std::string> out;
  for (const Violation& v : r.violations) out.push_back(v.rule + "/" + v.severity);
  return out;
}

bool HasError(const FileReport& r, const std::string& member, const std::string& reason) {
  for (const ScanError& e : r.errors) {
    if (e.member == member && e.reason == reason) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("The built-in policy loads and encodes the Pension Service rule", "[policy]") {
  Policy p = Builtin();
  CHECK(p.hash().size() == 64);
  CHECK_FALSE(p.require_strong());
  CHECK(p.exceptions().empty());
  FileReport r = Report("/srv/share/meibo.csv");
  r.findings.push_back(MyNumbers(3));
  p.Evaluate(&Rules(), kToday, &r);
  REQUIRE(r.violations.size() == 1);
  CHECK(r.violations[0].rule == "personal-data-unencrypted");
  CHECK(r.violations[0].severity == "high");
  CHECK(r.violations[0].message == "3 My Numbers in a file without a password");
  CHECK(HasViolation(r));

  // ApplyDefaultPolicy (explain, FileScanner) gives the same verdict.
  FileReport again = Report("/srv/share/meibo.csv");
  again.findings.push_back(MyNumbers(3));
  ApplyDefaultPolicy(Rules(), &again);
  CHECK(Verdicts(again) == Verdicts(r));
}

TEST_CASE("Corporate numbers and confidence under the entry's are not personal data", "[policy]") {
  Policy p = WithExtra("");  // my_number from medium confidence
  FileReport r = Report("/srv/a.csv");
  Finding corp = MyNumbers(5);
  corp.type = "corporate_number";
  r.findings.push_back(corp);
  r.findings.push_back(MyNumbers(2, "", Confidence::kLow));
  p.Evaluate(&Rules(), kToday, &r);
  CHECK(r.violations.empty());
  CHECK_FALSE(HasViolation(r));
  // The default takes whatever the scan's own threshold let through.
  Builtin().Evaluate(&Rules(), kToday, &r);
  CHECK(Verdicts(r) == std::vector<std::string>{"personal-data-unencrypted/high"});
}

TEST_CASE("Thresholds count distinct values per policy entry", "[policy]") {
  Policy p = WithExtra("");
  Finding insured;
  insured.type = "health_insured_number";
  insured.distinct = 2;
  insured.confidence = Confidence::kHigh;
  FileReport r = Report("/srv/a.csv");
  r.findings.push_back(insured);
  p.Evaluate(&Rules(), kToday, &r);
  CHECK(r.violations.empty());  // 2 < 3

  // A second type under the same glob adds to the entry's count.
  Finding insurer = insured;
  insurer.type = "health_insurer_number";
  insurer.distinct = 1;
  r.findings.push_back(insurer);
  p.Evaluate(&Rules(), kToday, &r);
  REQUIRE(r.violations.size() == 1);
  CHECK(r.violations[0].message.find("2 health") != std::string::npos);

  // Medium confidence is below this entry's threshold.
  FileReport medium = Report("/srv/b.csv");
  insured.distinct = 10;
  insured.confidence = Confidence::kMedium;
  medium.findings.push_back(insured);
  p.Evaluate(&Rules(), kToday, &medium);
  CHECK(medium.violations.empty());
}

TEST_CASE("Encrypted files are protected but listed as not inspected", "[policy]") {
  Policy p = Builtin();
  FileReport r = Report("/srv/a.xlsx", "ooxml-encrypted");
  r.protection.encrypted = true;
  r.protection.scheme = "ooxml-agile";
  r.findings.push_back(MyNumbers(1));  // however it was found, it is protected
  p.Evaluate(&Rules(), kToday, &r);
  CHECK(r.violations.empty());
  CHECK(HasError(r, "", "encrypted-member"));
  CHECK(r.incomplete);
  // Judged again (a reused report): the error is not doubled.
  p.Evaluate(&Rules(), kToday, &r);
  CHECK(r.errors.size() == 1);
}

TEST_CASE("Protection in name only is no protection", "[policy]") {
  Policy p = Builtin();
  FileReport pdf = Report("/srv/a.pdf", "pdf");
  pdf.protection.scheme = "pdf-aes256";  // owner password only
  pdf.findings.push_back(MyNumbers(2));
  p.Evaluate(&Rules(), kToday, &pdf);
  REQUIRE(Verdicts(pdf) == std::vector<std::string>{"personal-data-unencrypted/high"});
  CHECK(pdf.violations[0].message.find("pdf-aes256 protection opens without one") !=
        std::string::npos);
  CHECK_FALSE(HasError(pdf, "", "encrypted-member"));

  // Excel's default password: xls-rc4 opened and read, weak or not, it is
  // unprotected, and not reported as weak protection.
  FileReport xls = Report("/srv/a.xls", "xls");
  xls.protection.scheme = "xls-rc4";
  xls.findings.push_back(MyNumbers(1));
  p.Evaluate(&Rules(), kToday, &xls);
  CHECK(Verdicts(xls) == std::vector<std::string>{"personal-data-unencrypted/high"});
}

TEST_CASE("Members are judged apart: a plain member of a partly encrypted zip", "[policy]") {
  Policy p = Builtin();
  FileReport r = Report("/srv/a.zip", "zip");
  r.protection.members.push_back({"secret/meibo.csv", "zip-aes256", true});
  r.protection.members.push_back({"inner.zip", "zip-aes256", true});
  r.errors.push_back({"secret/meibo.csv", "encrypted-member", "not read"});
  r.findings.push_back(MyNumbers(4, "plain/meibo.csv"));
  r.findings.push_back(MyNumbers(9, "inner.zip/x.csv"));  // under an encrypted member
  p.Evaluate(&Rules(), kToday, &r);
  REQUIRE(r.violations.size() == 1);
  CHECK(r.violations[0].rule == "personal-data-unencrypted");
  CHECK(r.violations[0].message == "4 My Numbers in members readable without a password");
  // The member without an extractor's error is listed as not inspected.
  CHECK(HasError(r, "inner.zip", "encrypted-member"));
  CHECK(std::count_if(r.errors.begin(), r.errors.end(),
                      [](const ScanError& e) { return e.member == "secret/meibo.csv"; }) == 1);

  // A member protected in name only shields nothing.
  FileReport named = Report("/srv/b.eml", "eml");
  named.protection.members.push_back({"a.xls", "xls-rc4", false});
  named.findings.push_back(MyNumbers(1, "a.xls"));
  p.Evaluate(&Rules(), kToday, &named);
  CHECK(Verdicts(named) == std::vector<std::string>{"personal-data-unencrypted/high"});
}

TEST_CASE("Weak schemes are reported for the file and for members", "[policy]") {
  Policy p = Builtin();
  FileReport zip = Report("/srv/a.zip", "zip");
  zip.protection.encrypted = true;
  zip.protection.scheme = "zipcrypto";
  zip.protection.members = {{"a.csv", "zipcrypto", true}, {"b.csv", "zipcrypto", true}};
  p.Evaluate(&Rules(), kToday, &zip);
  REQUIRE(Verdicts(zip) == std::vector<std::string>{"weak-protection/medium"});
  CHECK(zip.violations[0].message ==
        "protected only by weak encryption, easily broken: zipcrypto (2 members)");

  FileReport xls = Report("/srv/a.xls", "xls");
  xls.protection.encrypted = true;
  xls.protection.scheme = "xls-xor";
  p.Evaluate(&Rules(), kToday, &xls);
  REQUIRE(Verdicts(xls) == std::vector<std::string>{"weak-protection/medium"});
  CHECK(xls.violations[0].message ==
        "protected only by weak encryption, easily broken: xls-xor (the file)");

  FileReport aes = Report("/srv/b.zip", "zip");
  aes.protection.members = {{"a.csv", "zip-aes256", true}};
  p.Evaluate(&Rules(), kToday, &aes);
  CHECK(aes.violations.empty());
}

TEST_CASE("Required strong protection: weak schemes do not shield data", "[policy]") {
  Policy any = WithExtra("");
  // `required` belongs to [protection], which the extra text continues.
  Policy strong = WithExtra("required = \"strong\"\n");
  CHECK(strong.require_strong());
  FileReport r = Report("/srv/a.zip", "zip");
  r.protection.members = {{"a.csv", "zipcrypto", true}};
  r.findings.push_back(MyNumbers(2, "a.csv"));
  FileReport copy = r;
  any.Evaluate(&Rules(), kToday, &r);
  CHECK(Verdicts(r) == std::vector<std::string>{"weak-protection/medium"});
  strong.Evaluate(&Rules(), kToday, &copy);
  CHECK(Verdicts(copy) ==
        std::vector<std::string>{"personal-data-unencrypted/high", "weak-protection/medium"});
}

TEST_CASE("Severities and enabled flags come from the policy", "[policy]") {
  Policy p = WithExtra(R"(
[rules.personal-data-unencrypted]
severity = "medium"
[rules.weak-protection]
enabled = false
)");
  FileReport r = Report("/srv/a.zip", "zip");
  r.protection.members = {{"x.csv", "zipcrypto", true}};
  r.findings.push_back(MyNumbers(1, "y.csv"));
  p.Evaluate(&Rules(), kToday, &r);
  CHECK(Verdicts(r) == std::vector<std::string>{"personal-data-unencrypted/medium"});
}

TEST_CASE("Exceptions apply until their expiry, by path or name, per rule", "[policy]") {
  Policy p = WithExtra(R"TOML(
[[exceptions]]
path = "/srv/share/人事/*"
rules = ["personal-data-unencrypted"]
reason = "moving to the HR server (ticket 12)"
expires = 2026-01-15

[[exceptions]]
path = "old_*.zip"
reason = "archived"
expires = "2025-12-31"
)TOML");
  REQUIRE(p.exceptions().size() == 2);
  CHECK(p.exceptions()[1].expires == 20251231);
  REQUIRE(p.Expired(kToday).size() == 1);
  CHECK(p.Expired(kToday)[0]->reason == "archived");
  CHECK(p.Expired(20260116).size() == 2);

  auto judge = [&](const std::string& path, PolicyDate day) {
    FileReport r = Report(path);
    r.findings.push_back(MyNumbers(2));
    p.Evaluate(&Rules(), day, &r);
    return r;
  };
  // On its last day the exception holds.
  FileReport exempt = judge("/srv/share/人事/2014/meibo.csv", kToday);
  REQUIRE(exempt.violations.size() == 1);
  CHECK(exempt.violations[0].severity == "exempt");
  CHECK(exempt.violations[0].message ==
        "2 My Numbers in a file without a password; exempt until 2026-01-15 (would be high): "
        "moving to the HR server (ticket 12)");
  CHECK_FALSE(HasViolation(exempt));
  CHECK(CountViolations(exempt) == 0);
  CHECK(exempt.Noteworthy());
  // The day after, it no longer applies.
  FileReport expired = judge("/srv/share/人事/2014/meibo.csv", 20260116);
  CHECK(Verdicts(expired) == std::vector<std::string>{"personal-data-unencrypted/high"});
  // Elsewhere it never applied.
  CHECK(HasViolation(judge("/srv/share/経理/meibo.csv", kToday)));

  // By name; already expired.
  FileReport old = Report("/srv/x/old_2014.zip", "zip");
  old.protection.members = {{"a.csv", "zipcrypto", true}};
  p.Evaluate(&Rules(), 20251231, &old);
  CHECK(Verdicts(old) == std::vector<std::string>{"weak-protection/exempt"});
  p.Evaluate(&Rules(), kToday, &old);
  CHECK(Verdicts(old) == std::vector<std::string>{"weak-protection/medium"});

  // Only the listed rules: the ppap violation of an exempt path stays.
  FileReport zip = Report("/srv/share/人事/a.zip", "zip");
  zip.protection.members = {{"a.csv", "zip-aes256", true}};
  p.Evaluate(&Rules(), kToday, &zip);
  REQUIRE(p.IsPpapCandidate(zip));
  p.AddPpapViolation("パスワード.txt", kToday, &zip);
  CHECK(Verdicts(zip) == std::vector<std::string>{"ppap/medium"});
  CHECK(zip.violations[0].message ==
        "an encrypted archive with its password beside it (パスワード.txt)");
}

TEST_CASE("Policy files are checked field by field", "[policy]") {
  auto fails = [](const std::string& text) {
    Policy p;
    Status s = Policy::Parse("bad.toml", text, &p);
    CHECK(s.reason() == "policy-invalid");
    CHECK_THAT(s.message(), Catch::Contains("bad.toml"));
    return s.message();
  };
  const std::string types = "[personal_data]\ntypes = [ { type = \"my_number\" } ]\n";
  CHECK_THAT(fails("version = 2\n" + types), Catch::Contains("version"));
  CHECK_THAT(fails("x = \n"), Catch::Contains("bad.toml:1"));
  CHECK_THAT(fails("[protection]\nrequired = \"any\"\n"), Catch::Contains("personal_data"));
  CHECK_THAT(fails(types + "[protection]\nrequired = \"maybe\"\n"), Catch::Contains("required"));
  CHECK_THAT(fails(types + "[rules.no-such-rule]\nseverity = \"high\"\n"),
             Catch::Contains("unknown rule"));
  CHECK_THAT(fails(types + "[rules.ppap]\nseverity = \"urgent\"\n"), Catch::Contains("severity"));
  CHECK_THAT(fails(types + "[[exceptions]]\npath = \"*\"\nexpires = 2026-01-01\n"),
             Catch::Contains("reason"));
  CHECK_THAT(fails(types + "[[exceptions]]\npath = \"*\"\nreason = \"r\"\n"),
             Catch::Contains("expires"));
  CHECK_THAT(fails(types + "[[exceptions]]\npath = \"*\"\nreason = \"r\"\nexpires = \"soon\"\n"),
             Catch::Contains("expires"));
  CHECK_THAT(fails(types + "[[exceptions]]\npath = \"*\"\nreason = \"r\"\nexpires = 2026-01-01\n"
                           "rules = [\"everything\"]\n"),
             Catch::Contains("unknown rule"));

  Policy a, b;
  REQUIRE(Policy::Parse("a", types, &a).ok());
  REQUIRE(Policy::Parse("b", types + "# changed\n", &b).ok());
  CHECK(a.hash() != b.hash());  // any change reads every file again
  TempDir t;
  WriteFile(t.Sub("p.toml"), types);
  Policy c;
  REQUIRE(Policy::LoadFile(t.Sub("p.toml"), &c).ok());
  CHECK(c.hash() == a.hash());
  CHECK(Policy::LoadFile(t.Sub("missing.toml"), &c).reason() == "policy-invalid");
}

TEST_CASE("PPAP candidates are encrypted archives, or archives inside containers",
          "[policy][ppap]") {
  Policy p = Builtin();
  FileReport zip = Report("/s/a.zip", "zip");
  CHECK_FALSE(p.IsPpapCandidate(zip));
  zip.errors.push_back({"a.csv", "encrypted-member", "not read"});  // no scheme recorded
  CHECK(p.IsPpapCandidate(zip));
  FileReport sevenz = Report("/s/a.7z", "7z");
  sevenz.protection.encrypted = true;
  sevenz.protection.scheme = "7z-aes256";
  CHECK(p.IsPpapCandidate(sevenz));
  FileReport mail = Report("/s/a.eml", "eml");
  mail.protection.members = {{"添付/meibo.zip/a.csv", "zipcrypto", true}};
  CHECK(p.IsPpapCandidate(mail));
  FileReport docx = Report("/s/a.docx", "ooxml-encrypted");
  docx.protection.encrypted = true;
  docx.protection.scheme = "ooxml-agile";
  CHECK_FALSE(p.IsPpapCandidate(docx));  // a password-protected document is not PPAP
}

TEST_CASE("The PPAP check finds password files by name and by notice", "[policy][ppap]") {
  Policy p = Builtin();
  TempDir t;
  WriteFile(t.Sub("a/meibo.zip"), "zip");
  WriteFile(t.Sub("a/パスワード.txt"), "abc");
  WriteFile(t.Sub("b/meibo.zip"), "zip");
  WriteFile(t.Sub("b/memo.txt"), "お疲れ様です。\n解凍パスワードは Xy12 です。\n");
  WriteFile(t.Sub("c/meibo.zip"), "zip");
  WriteFile(t.Sub("c/readme.txt"), "nothing to see\n");
  WriteFile(t.Sub("c/notes.csv"), "password: not a notice file type\n");
  WriteFile(t.Sub("d/meibo.zip"), "zip");
  WriteFile(t.Sub("d/mail.eml"), "Subject: x\n\nPassword: Xy12\n");
  WriteFile(t.Sub("e/password_list.zip"), "zip");  // its own name is no notice
  WriteFile(t.Sub("f/meibo.zip"), "zip");
  WriteFile(t.Sub("f/PW.TXT"), "x");
  WriteFile(t.Sub("g/meibo.zip"), "zip");
  WriteFile(t.Sub("g/secret.txt"), "x");

  PpapCheck check(p.ppap(), {"secret.txt"});
  CHECK(check.NoticeBeside(t.Sub("a/meibo.zip")) == "パスワード.txt");
  CHECK(check.NoticeBeside(t.Sub("b/meibo.zip")) == "memo.txt");
  CHECK(check.NoticeBeside(t.Sub("c/meibo.zip")).empty());
  CHECK(check.NoticeBeside(t.Sub("d/meibo.zip")) == "mail.eml");
  CHECK(check.NoticeBeside(t.Sub("e/password_list.zip")).empty());
  CHECK(check.NoticeBeside(t.Sub("f/meibo.zip")) == "PW.TXT");
  CHECK(check.NoticeBeside(t.Sub("g/meibo.zip")).empty());  // excluded by the walk's glob
  CHECK(check.NoticeBeside(t.Sub("nowhere/meibo.zip")).empty());
}

TEST_CASE("Password notices are found in CP932, UTF-16LE and ISO-2022-JP", "[policy][ppap]") {
  Policy p = Builtin();
  PpapCheck check(p.ppap(), {});
  // 「パスワードは」 in CP932.
  CHECK(check.HoldsNotice("\x89\xf0\x93\x80\x83\x70\x83\x58\x83\x8f\x81\x5b\x83\x68\x82\xcd x"));
  // In UTF-16LE.
  CHECK(check.HoldsNotice(std::string("\xd1\x30\xb9\x30\xef\x30\xfc\x30\xc9\x30\x6f\x30", 12)));
  // In a JIS mail body, shifted in before the pattern and out after it.
  CHECK(check.HoldsNotice("\x1b$B2rE`%Q%9%o!<%I$O\x1b(B abc"));
  CHECK(check.HoldsNotice("PASSWORD IS abc"));
  CHECK_FALSE(check.HoldsNotice("パスポート番号"));
}

}  // namespace mamori
