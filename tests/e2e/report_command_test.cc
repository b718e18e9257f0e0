// `mamori report` end to end: two scans of a share that changes between
// them, then the three report formats written by the binary, checked for
// new and resolved violations, distinct people, owner-only files, and that
// no full identifier reaches any of them.
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "mamori/check_digits.h"
#include "mamori/report_model.h"
#include "test_util.h"

namespace mamori {

using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

namespace {

// A valid My Number from 11 digits (the check digit appended).
std::string MyNumber(const std::string& base11) {
  for (char cd = '0'; cd <= '9'; ++cd) {
    if (MyNumberValid(base11 + cd)) return base11 + cd;
  }
  FAIL("no check digit for " << base11);
  return "";
}

std::string Staff(const std::vector<std::string>& numbers) {
  std::string text = "氏名,個人番号,部署\n";
  for (const auto& n : numbers) text += "山田太郎," + n + ",総務\n";
  return text;
}

mode_t ModeOf(const std::string& path) {
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::string MyName() {
  struct passwd* pw = ::getpwuid(::geteuid());
  return pw != nullptr ? pw->pw_name : std::to_string(::geteuid());
}

}  // namespace

TEST_CASE("mamori report: two scans, three formats, new and resolved, nothing leaked",
          "[e2e][reportdata]") {
  TempDir t;
  const std::string a = MyNumber("12345678901"), b = MyNumber("62149832025"),
                    c = MyNumber("98320567321"), d = MyNumber("55500011122");
  const std::vector<std::string> planted = {a, b, c, d};
  WriteFile(t.Sub("share/人事/meibo.csv"), Staff({a, b}));
  WriteFile(t.Sub("share/経理/copy.csv"), Staff({a}));  // the same person as in meibo
  WriteFile(t.Sub("share/総務/old.csv"), Staff({c}));
  REQUIRE(::chmod(t.Sub("share/人事/meibo.csv").c_str(), 0640) == 0);
  const std::string bin = testing::MamoriBinary(), db = t.Sub("m.db");
  auto scan = [&](const std::string& jsonl) {
    auto r = RunCommand({bin, "scan", t.Sub("share"), "--db", db, "--secret", t.Sub("secret"),
                         "--cache-dir", t.Sub("cache"), "--jsonl", jsonl, "-q"});
    INFO(r.err);
    REQUIRE(r.exit_code == 1);
  };
  scan(t.Sub("first.jsonl"));
  // Fixed: old.csv deleted. New: new.csv.
  REQUIRE(::unlink(t.Sub("share/総務/old.csv").c_str()) == 0);
  WriteFile(t.Sub("share/経理/new.csv"), Staff({d}));
  scan(t.Sub("second.jsonl"));

  auto report = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {bin, "report", "--db", db};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunCommand(args);
  };
  // An output that exists with a wider mode is tightened, a new one is
  // created owner-only whatever the umask.
  WriteFile(t.Sub("out.csv"), "old");
  REQUIRE(::chmod(t.Sub("out.csv").c_str(), 0644) == 0);
  const mode_t old_umask = ::umask(0);
  auto csv = report({"--format", "csv", "--output", t.Sub("out.csv"), "--lang", "en"});
  auto html = report({"--format", "html", "--output", t.Sub("out.html")});
  auto jsonl = report({"--format", "jsonl", "--output", t.Sub("out.jsonl")});
  ::umask(old_umask);
  for (const auto* r : {&csv, &html, &jsonl}) {
    INFO(r->err);
    CHECK(r->exit_code == 0);
    CHECK(r->out.empty());
  }
  CHECK(ModeOf(t.Sub("out.csv")) == 0600);
  CHECK(ModeOf(t.Sub("out.html")) == 0600);
  CHECK(ModeOf(t.Sub("out.jsonl")) == 0600);

  // JSON Lines: what the second scan streamed, byte for byte.
  const std::string streamed = testing::ReadFile(t.Sub("second.jsonl"));
  CHECK(std::count(streamed.begin(), streamed.end(), '\n') == 3);
  CHECK(testing::ReadFile(t.Sub("out.jsonl")) == streamed);
  auto first_jsonl = report({"--format", "jsonl", "--output", "-", "--scan", "1"});
  CHECK(first_jsonl.exit_code == 0);
  CHECK(first_jsonl.out == testing::ReadFile(t.Sub("first.jsonl")));

  // CSV: one row per file and type, owner and permissions from the walk.
  const std::string text = testing::ReadFile(t.Sub("out.csv"));
  REQUIRE(text.compare(0, 3, "\xEF\xBB\xBF") == 0);
  CHECK(text.find(t.Sub("share/経理/new.csv")) != std::string::npos);
  CHECK(text.find(t.Sub("share/総務/old.csv")) == std::string::npos);
  const std::size_t meibo_row = text.find(t.Sub("share/人事/meibo.csv"));
  REQUIRE(meibo_row != std::string::npos);
  const std::string row = text.substr(meibo_row, text.find("\r\n", meibo_row) - meibo_row);
  CHECK(row.find(",my_number,2,2,high,") != std::string::npos);
  // Appended, not `"," + MyName()`: GCC 12 warns -Wrestrict, wrongly, inside
  // the operator+ that inserts before an rvalue string.
  const std::string owner_cells = std::string(",").append(MyName()).append(",0640,no,");
  CHECK(row.find(owner_cells) != std::string::npos);

  // New and resolved, and distinct people, as the report model has them.
  ReportQuery q;
  q.db_path = db;
  ReportModel m;
  REQUIRE(LoadReportModel(q, &m).ok());
  CHECK(m.scan.id == 2);
  REQUIRE(m.baseline.has_value());
  CHECK(m.baseline->id == 1);
  REQUIRE(m.added.size() == 1);
  CHECK(m.added[0].path == t.Sub("share/経理/new.csv"));
  REQUIRE(m.resolved.size() == 1);
  CHECK(m.resolved[0].path == t.Sub("share/総務/old.csv"));
  REQUIRE(!m.types.empty());
  CHECK(m.types[0].type == "my_number");
  CHECK(m.types[0].files == 3);
  CHECK(m.types[0].occurrences == 4);      // a twice, b, d
  CHECK(m.types[0].distinct_people == 3);  // a, b, d: a in two files counts once
  // The HTML page names the new file and the resolved one.
  const std::string page = testing::ReadFile(t.Sub("out.html"));
  CHECK(page.find("経理/new.csv") != std::string::npos);
  CHECK(page.find("総務/old.csv") != std::string::npos);

  // No full identifier in any report, in any written form.
  std::vector<std::string> outputs = {
      text,     page,     testing::ReadFile(t.Sub("out.jsonl")), first_jsonl.out, csv.err,
      html.err, jsonl.err};
  for (const char* lang : {"ja", "en"}) {
    for (const char* format : {"html", "csv"}) {
      auto r = report({"--format", format, "--output", "-", "--lang", lang, "--scan", "1"});
      CHECK(r.exit_code == 0);
      outputs.push_back(r.out);
    }
  }
  for (const std::string& v : planted) {
    const std::string spaced = v.substr(0, 4) + " " + v.substr(4, 4) + " " + v.substr(8);
    const std::string dashed = v.substr(0, 4) + "-" + v.substr(4, 4) + "-" + v.substr(8);
    for (const std::string& out : outputs) {
      CHECK(out.find(v) == std::string::npos);
      CHECK(out.find(spaced) == std::string::npos);
      CHECK(out.find(dashed) == std::string::npos);
    }
  }
}

TEST_CASE("mamori report: clear errors, exit status 2", "[e2e][reportdata]") {
  TempDir t;
  const std::string bin = testing::MamoriBinary();
  auto missing = RunCommand(
      {bin, "report", "--db", t.Sub("none.db"), "--format", "csv", "--output", t.Sub("x.csv")});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("not-a-database") != std::string::npos);
  CHECK(::access(t.Sub("x.csv").c_str(), F_OK) != 0);    // nothing written on failure
  CHECK(::access(t.Sub("none.db").c_str(), F_OK) != 0);  // nor a database created

  WriteFile(t.Sub("share/a.txt"), "nothing here\n");
  auto scanned = RunCommand({bin, "scan", t.Sub("share"), "--db", t.Sub("m.db"), "--secret",
                             t.Sub("secret"), "--cache-dir", t.Sub("cache"), "-q"});
  REQUIRE(scanned.exit_code == 0);
  auto no_scan = RunCommand(
      {bin, "report", "--db", t.Sub("m.db"), "--format", "jsonl", "--output", "-", "--scan", "42"});
  CHECK(no_scan.exit_code == 2);
  CHECK(no_scan.err.find("no-such-scan") != std::string::npos);
  auto bad_format =
      RunCommand({bin, "report", "--db", t.Sub("m.db"), "--format", "pdf", "--output", t.Sub("x")});
  CHECK(bad_format.exit_code == 2);
  auto unwritable = RunCommand({bin, "report", "--db", t.Sub("m.db"), "--format", "csv", "--output",
                                t.Sub("no/such/dir/x.csv")});
  CHECK(unwritable.exit_code == 2);
  CHECK(unwritable.err.find("output-write-failed") != std::string::npos);
  auto clean = RunCommand(
      {bin, "report", "--db", t.Sub("m.db"), "--format", "csv", "--output", "-", "--lang", "en"});
  CHECK(clean.exit_code == 0);
  CHECK(clean.out.find("scan,path,") != std::string::npos);
  CHECK(std::count(clean.out.begin(), clean.out.end(), '\n') == 1);  // the header only
}

}  // namespace mamori

namespace mamori {

TEST_CASE("An incremental rescan records the permissions the walk just read", "[e2e][reportdata]") {
  TempDir t;
  WriteFile(t.Sub("share/a.csv"), Staff({MyNumber("12345678901")}));
  REQUIRE(::chmod(t.Sub("share/a.csv").c_str(), 0644) == 0);
  const std::string bin = testing::MamoriBinary(), db = t.Sub("m.db");
  auto scan = [&] {
    auto r = RunCommand({bin, "scan", t.Sub("share"), "--db", db, "--secret", t.Sub("secret"),
                         "--cache-dir", t.Sub("cache"), "-q"});
    REQUIRE(r.exit_code == 1);
  };
  scan();
  REQUIRE(::chmod(t.Sub("share/a.csv").c_str(), 0600) == 0);  // mtime and size unchanged
  scan();
  const std::string row = "FROM files WHERE kind = 'regular' AND scan_id = ";
  CHECK(testing::QueryInt(db, "SELECT mode " + row + "1") == 0644);
  CHECK(testing::QueryInt(db, "SELECT reused " + row + "2") == 1);
  CHECK(testing::QueryInt(db, "SELECT mode " + row + "2") == 0600);
  CHECK(testing::QueryInt(db, "SELECT uid " + row + "2") == ::geteuid());
}

}  // namespace mamori
