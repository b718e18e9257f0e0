// The findings stream re-emitted from the database is the stream the scan
// printed: the same lines, in the same order.
#include <algorithm>
#include <catch2/catch.hpp>

#include "mamori/findings_jsonl.h"
#include "mamori/report_writers.h"
#include "report_fixture.h"
#include "test_util.h"

namespace mamori {

TEST_CASE("JSONL report: each stored noteworthy file as the scan streamed it",
          "[report][reportdata]") {
  testing::TempDir t;
  const std::string db = t.Sub("j.db");
  FileReport odd = testing::FixtureFile("/srv/share/\x82\xa0\xff.csv");  // CP932 and a stray byte
  odd.findings.push_back(testing::FixtureFinding("my_number", {1, 2, 3, 4}, "名簿/\xff.csv"));
  odd.violations.push_back(testing::Unencrypted());
  odd.violations.push_back({"weak-protection", "exempt", "covered until 2099-01-01"});
  odd.errors.push_back({"名簿/b.csv", "truncated", "ends early"});
  odd.incomplete = true;
  odd.protection.members.push_back({"x.xlsx", "ooxml-agile", true});
  FileReport quiet = testing::FixtureFile("/srv/share/quiet.txt");
  FileReport owner_only = testing::FixtureFile("/srv/share/owner-only.pdf");
  owner_only.format = "pdf";
  owner_only.protection.scheme = "pdf-aes256";
  FileReport dir = testing::FixtureFile("/srv/share/sub");
  dir.file.kind = FileKind::kDirectory;
  dir.format = "directory";
  const std::vector<FileReport> reports = {odd, quiet, owner_only, dir};
  const std::int64_t first = testing::WriteFixtureScan(db, {"/srv/share"}, reports);
  testing::WriteFixtureScan(db, {"/srv/share"}, {quiet});

  std::string expected;
  for (const FileReport& r : reports) {
    if (r.Noteworthy()) expected += FindingsJsonLine(r) + "\n";
  }
  ReportQuery q;
  q.db_path = db;
  q.scan_id = first;
  std::string out;
  Status s = RenderJsonlReport(q, &out);
  INFO(s.ToString());
  REQUIRE(s.ok());
  CHECK(std::count(out.begin(), out.end(), '\n') == 2);
  CHECK(out == expected);

  // The latest finished scan by default: it has nothing noteworthy.
  q.scan_id = 0;
  REQUIRE(RenderJsonlReport(q, &out).ok());
  CHECK(out.empty());
  q.scan_id = 99;
  CHECK(RenderJsonlReport(q, &out).reason() == "no-such-scan");
  q.db_path = t.Sub("none.db");
  CHECK(RenderJsonlReport(q, &out).reason() == "not-a-database");
}

}  // namespace mamori
