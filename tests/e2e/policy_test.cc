// End-to-end: the policy through the mamori binary — personal data without a
// password, PPAP (an encrypted zip with its password beside it), exceptions
// before and after their expiry, --policy in the scan settings, exit status.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <ctime>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_util.h"

namespace mamori {

using nlohmann::json;
using testing::MamoriBinary;
using testing::QueryInt;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

namespace {

const std::string kCsv = "氏名,個人番号\n山田太郎,123456789018\n佐藤花子,621498320257\n";

struct Scan {
  testing::CommandResult result;
  std::vector<json> lines;
  const json* Line(const std::string& suffix) const {
    for (const json& l : lines) {
      const std::string path = l.at("path");
      if (path.size() >= suffix.size() &&
          path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
        return &l;
      }
    }
    return nullptr;
  }
};

Scan RunScan(const TempDir& t, const std::string& root, const std::string& policy = "") {
  std::vector<std::string> argv = {
      MamoriBinary(),  "scan",        root,           "--db",    t.Sub("m.db"), "--secret",
      t.Sub("secret"), "--cache-dir", t.Sub("cache"), "--jsonl", "-",           "-q"};
  if (!policy.empty()) {
    argv.push_back("--policy");
    argv.push_back(policy);
  }
  Scan s;
  s.result = RunCommand(argv);
  std::istringstream in(s.result.out);
  std::string line;
  while (std::getline(in, line)) s.lines.push_back(json::parse(line));
  return s;
}

std::vector<std::string> RulesOf(const json* line) {
  std::vector<std::string> out;
  if (line == nullptr) return out;
  for (const auto& v : line->at("violations")) {
    out.push_back(v.at("rule").get<std::string>() + "/" + v.at("severity").get<std::string>());
  }
  return out;
}

bool HaveZip() { return ::access("/usr/bin/zip", X_OK) == 0; }

// An archive made by Info-ZIP with a password: ZipCrypto.
void MakeEncryptedZip(const TempDir& t, const std::string& dir) {
  WriteFile(t.Sub(dir + "/meibo.csv"), kCsv);
  auto r = RunCommand({"/bin/sh", "-c",
                       "cd '" + t.Sub(dir) + "' && /usr/bin/zip -q -P s3cret meibo.zip meibo.csv" +
                           " && rm meibo.csv"});
  REQUIRE(r.exit_code == 0);
}

std::string DateFromNow(int days) {
  std::time_t when = std::time(nullptr) + static_cast<std::time_t>(days) * 86400;
  std::tm tm{};
  localtime_r(&when, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

TEST_CASE("A plain CSV of My Numbers is a high violation; exit 1", "[e2e][policy]") {
  TempDir t;
  WriteFile(t.Sub("share/meibo.csv"), kCsv);
  WriteFile(t.Sub("share/memo.txt"), "nothing personal\n");
  Scan s = RunScan(t, t.Sub("share"));
  CHECK(s.result.exit_code == 1);
  REQUIRE(s.lines.size() == 1);
  CHECK(RulesOf(&s.lines[0]) == std::vector<std::string>{"personal-data-unencrypted/high"});
  CHECK(s.lines[0].at("violations")[0].at("message") ==
        "2 My Numbers in a file without a password");
  CHECK(QueryInt(t.Sub("m.db"), "SELECT count(*) FROM violations WHERE severity = 'high'") == 1);
}

TEST_CASE("An encrypted zip with パスワード.txt beside it is PPAP; exit 1", "[e2e][policy][ppap]") {
  if (!HaveZip()) {
    WARN("/usr/bin/zip is not installed: PPAP end-to-end test not run");
    return;
  }
  TempDir t;
  MakeEncryptedZip(t, "share/ppap");
  WriteFile(t.Sub("share/ppap/パスワード.txt"), "s3cret\n");
  MakeEncryptedZip(t, "share/alone");
  WriteFile(t.Sub("share/alone/readme.txt"), "see the ticket\n");
  MakeEncryptedZip(t, "share/notice");
  WriteFile(t.Sub("share/notice/連絡.txt"), "先ほどのファイルの解凍パスワードは s3cret です。\n");

  Scan s = RunScan(t, t.Sub("share"));
  CHECK(s.result.exit_code == 1);
  INFO(s.result.out);
  const json* ppap = s.Line("ppap/meibo.zip");
  REQUIRE(ppap != nullptr);
  CHECK(RulesOf(ppap) ==
        std::vector<std::string>{"weak-protection/medium", "ppap/medium"});  // ZipCrypto
  for (const auto& v : ppap->at("violations")) {
    if (v.at("rule") == "ppap") {
      CHECK(v.at("message") == "an encrypted archive with its password beside it (パスワード.txt)");
    }
  }
  // Not inspected, never clean.
  CHECK(ppap->at("incomplete") == true);
  bool not_inspected = false;
  for (const auto& e : ppap->at("errors")) {
    if (e.at("reason") == "encrypted-member") not_inspected = true;
  }
  CHECK(not_inspected);

  const json* notice = s.Line("notice/meibo.zip");
  REQUIRE(notice != nullptr);
  CHECK(RulesOf(notice) == std::vector<std::string>{"weak-protection/medium", "ppap/medium"});
  const json* alone = s.Line("alone/meibo.zip");
  REQUIRE(alone != nullptr);
  CHECK(RulesOf(alone) == std::vector<std::string>{"weak-protection/medium"});

  // The database rows hold the ppap violation and the protected members.
  const std::string db = t.Sub("m.db");
  CHECK(QueryInt(db, "SELECT count(*) FROM violations WHERE rule = 'ppap'") == 2);
  CHECK(QueryInt(db,
                 "SELECT count(*) FROM protected_members WHERE member = 'meibo.csv'"
                 " AND scheme = 'zipcrypto' AND encrypted = 1") == 3);

  // A second scan reuses nothing of encrypted archives (not inspected) but
  // judges the same.
  Scan again = RunScan(t, t.Sub("share"));
  CHECK(again.result.exit_code == 1);
  CHECK(RulesOf(again.Line("ppap/meibo.zip")) == RulesOf(ppap));
}

TEST_CASE("An exception applies until its expiry, then warns", "[e2e][policy]") {
  TempDir t;
  WriteFile(t.Sub("share/hr/meibo.csv"), kCsv);
  auto policy = [&](const std::string& expires) {
    std::string text = testing::ReadFile(MAMORI_SOURCE_DIR "/patterns/policies/default.toml");
    text +=
        "\n[[exceptions]]\npath = \"*/hr/*\"\nrules = [\"personal-data-unencrypted\"]\n"
        "reason = \"moving to the HR server\"\nexpires = " +
        expires + "\n";
    WriteFile(t.Sub("policy.toml"), text);
    return t.Sub("policy.toml");
  };

  Scan future = RunScan(t, t.Sub("share"), policy(DateFromNow(30)));
  INFO(future.result.err);
  CHECK(future.result.exit_code == 0);
  REQUIRE(future.lines.size() == 1);
  CHECK(future.lines[0].at("violations").empty());
  REQUIRE(future.lines[0].at("exemptions").size() == 1);
  const std::string message = future.lines[0].at("exemptions")[0].at("message");
  CHECK_THAT(message, Catch::Contains("exempt until " + DateFromNow(30)));
  CHECK_THAT(message, Catch::Contains("moving to the HR server"));
  CHECK(future.result.err.find("warning") == std::string::npos);
  CHECK(QueryInt(t.Sub("m.db"), "SELECT count(*) FROM violations WHERE severity = 'exempt'") == 1);

  Scan past = RunScan(t, t.Sub("share"), policy(DateFromNow(-1)));
  CHECK(past.result.exit_code == 1);
  REQUIRE(past.lines.size() == 1);
  CHECK(RulesOf(&past.lines[0]) == std::vector<std::string>{"personal-data-unencrypted/high"});
  CHECK(past.lines[0].count("exemptions") == 0);
  CHECK_THAT(past.result.err, Catch::Contains("warning: policy exception for '*/hr/*' expired"));
}

TEST_CASE("The policy is part of the scan settings", "[e2e][policy]") {
  TempDir t;
  WriteFile(t.Sub("share/meibo.csv"), kCsv);
  const std::string db = t.Sub("m.db");
  REQUIRE(RunScan(t, t.Sub("share")).result.exit_code == 1);
  REQUIRE(RunScan(t, t.Sub("share")).result.exit_code == 1);
  CHECK(QueryInt(db, "SELECT reused FROM files WHERE id = (SELECT max(id) FROM files)") == 1);

  // A policy that judges personal data only from 5 values on: the file is
  // read again and is now compliant.
  std::string text = testing::ReadFile(MAMORI_SOURCE_DIR "/patterns/policies/default.toml");
  const std::string from = "type = \"my_number\", min_confidence = \"low\", min_distinct = 1";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(),
               "type = \"my_number\", min_confidence = \"medium\", min_distinct = 5");
  WriteFile(t.Sub("lenient.toml"), text);
  Scan lenient = RunScan(t, t.Sub("share"), t.Sub("lenient.toml"));
  CHECK(lenient.result.exit_code == 0);
  CHECK(QueryInt(db, "SELECT reused FROM files WHERE id = (SELECT max(id) FROM files)") == 0);

  // A broken policy fails the scan before it starts.
  WriteFile(t.Sub("broken.toml"), "version = 1\n[rules.everything]\nseverity = \"high\"\n");
  Scan broken = RunScan(t, t.Sub("share"), t.Sub("broken.toml"));
  CHECK(broken.result.exit_code == 2);
  CHECK_THAT(broken.result.err, Catch::Contains("policy-invalid"));
}

}  // namespace mamori
