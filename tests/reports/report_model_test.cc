// LoadReportModel against databases written through the Store.
#include "mamori/report_model.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "report_fixture.h"
#include "scanner/store_testing.h"
#include "test_util.h"

namespace mamori {
namespace {

using testing::TempDir;
using testing::WriteTwoScans;

ReportModel Load(const std::string& db, std::int64_t scan = 0, std::int64_t since = 0,
                 std::size_t trend = 12) {
  ReportQuery q;
  q.db_path = db;
  q.scan_id = scan;
  q.since = since;
  q.trend_scans = trend;
  ReportModel m;
  Status s = LoadReportModel(q, &m);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return m;
}

std::vector<std::string> Paths(const ReportModel& m) {
  std::vector<std::string> out;
  for (const ReportFile& f : m.files) out.push_back(f.path);
  return out;
}

const ReportTypeSummary* Type(const ReportModel& m, const std::string& type) {
  for (const auto& t : m.types) {
    if (t.type == type) return &t;
  }
  return nullptr;
}

std::vector<std::string> ChangePaths(const std::vector<ReportChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(c.path + " " + c.rule + " " + c.severity);
  return out;
}

}  // namespace

TEST_CASE("Report model: the scan's files, severities, rules, owners", "[report][reportdata]") {
  TempDir t;
  const std::string db = t.Sub("m.db");
  const auto ids = WriteTwoScans(db);
  ReportModel m = Load(db, ids.first);

  CHECK(m.scan.id == ids.first);
  CHECK(m.scan.status == "finished");
  CHECK(m.scan.roots == std::vector<std::string>{"/srv/share"});
  CHECK(m.scan.min_confidence == "medium");
  CHECK(m.scan.entries == 6);
  CHECK_FALSE(m.baseline.has_value());
  CHECK(Paths(m) == std::vector<std::string>{"/srv/share/人事/meibo.csv",
                                             "/srv/share/経理/kyuyo.csv", "/srv/share/top.txt",
                                             "/srv/share/exempt.csv"});
  CHECK(m.violations_by_severity ==
        std::map<std::string, std::uint64_t>{{"high", 2}, {"medium", 1}, {"exempt", 1}});
  REQUIRE(m.rules.size() == 3);
  CHECK(m.rules[0].rule == "personal-data-unencrypted");
  CHECK(m.rules[0].severity == "high");
  CHECK(m.rules[0].files == 2);
  CHECK(m.rules[2].severity == "exempt");

  const ReportFile& meibo = m.files[0];
  CHECK(meibo.has_owner);
  CHECK(meibo.owner == "root");
  CHECK(meibo.mode == 0644);
  CHECK(meibo.world_readable);
  CHECK(meibo.size == 1000);
  CHECK(meibo.format == "csv");
  REQUIRE(meibo.findings.size() == 1);
  CHECK(meibo.findings[0].masked == std::vector<std::string>{"********1001", "********1002"});
  CHECK(meibo.findings[0].confidence == "high");
  const ReportFile& kyuyo = m.files[1];
  REQUIRE(kyuyo.findings.size() == 3);
  CHECK(kyuyo.findings[1].member == "b.csv");
  // People 1 and 3 over two members; 1 is in both.
  CHECK(kyuyo.distinct_by_type ==
        std::map<std::string, std::uint64_t>{{"basic_pension_number", 1}, {"my_number", 2}});
  CHECK_FALSE(m.files[2].world_readable);
  CHECK(m.files[2].mode == 0600);
  CHECK(m.files[3].violations.at(0).severity == "exempt");
}

// The distinct people WriteTwoScans stores, as the reports count them.
void CheckDistinctPeople(const std::string& db, const testing::TwoScans& ids) {
  ReportModel first = Load(db, ids.first);
  const ReportTypeSummary* my = Type(first, "my_number");
  REQUIRE(my != nullptr);
  CHECK(my->files == 3);
  CHECK(my->occurrences == 3 + 2 + 3 + 2);
  CHECK(my->distinct_people == 4);  // 1, 2, 3, 4: person 1 is in two files
  // Person 4 is only in exempt.csv, whose violation an exception covers.
  CHECK(my->distinct_people_in_violations == 3);
  const ReportTypeSummary* pension = Type(first, "basic_pension_number");
  REQUIRE(pension != nullptr);
  CHECK(pension->files == 2);
  CHECK(pension->distinct_people == 2);
  CHECK(pension->distinct_people_in_violations == 2);  // kyuyo.csv (high), top.txt (medium)
  CHECK(first.types[0].type == "my_number");           // most people first

  // The second scan's kyuyo.csv was reused: its findings point at the first
  // scan's hashes, and still count.
  ReportModel second = Load(db, ids.second);
  my = Type(second, "my_number");
  REQUIRE(my != nullptr);
  CHECK(my->distinct_people == 4);  // 1, 3, 4, 5
  REQUIRE(second.files.size() == 4);
  CHECK(second.files[0].path == "/srv/share/経理/kyuyo.csv");
  CHECK(second.files[0].distinct_by_type.at("my_number") == 2);
}

TEST_CASE("Report model: distinct people per type from the keyed hashes", "[report][reportdata]") {
  TempDir t;
  const std::string db = t.Sub("m.db");
  const auto ids = WriteTwoScans(db);
  CheckDistinctPeople(db, ids);
}

TEST_CASE("Report model: distinct people from a version 5 database, one hash to a row",
          "[report][reportdata]") {
  TempDir t;
  const std::string db = t.Sub("m.db");
  const auto ids = WriteTwoScans(db);
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  const int rc = sqlite3_exec(
      h, (std::string(testing::kHashesAsVersion5) + "PRAGMA user_version = 5;").c_str(), nullptr,
      nullptr, nullptr);
  sqlite3_close_v2(h);
  REQUIRE(rc == SQLITE_OK);
  CheckDistinctPeople(db, ids);
}

TEST_CASE("Report model: new and resolved violations, not inspected, folders, trend",
          "[report][reportdata]") {
  TempDir t;
  const std::string db = t.Sub("m.db");
  const auto ids = WriteTwoScans(db);
  ReportModel m = Load(db);  // the latest finished scan
  CHECK(m.scan.id == ids.second);
  REQUIRE(m.baseline.has_value());
  CHECK(m.baseline->id == ids.first);
  CHECK(ChangePaths(m.added) ==
        std::vector<std::string>{"/srv/share/経理/new.csv personal-data-unencrypted high"});
  CHECK(ChangePaths(m.resolved) ==
        std::vector<std::string>{"/srv/share/人事/meibo.csv personal-data-unencrypted high"});

  REQUIRE(m.not_inspected.size() == 1);
  CHECK(m.not_inspected[0].path == "/srv/share/人事/meibo.csv");
  CHECK(m.not_inspected[0].reason == "encrypted-member");
  CHECK(m.not_inspected_by_reason == std::map<std::string, std::uint64_t>{{"encrypted-member", 1}});

  // Exempt files are listed but counted in no folder.
  std::vector<std::pair<std::string, std::uint64_t>> folders;
  for (const auto& f : m.folders) folders.emplace_back(f.folder, f.files);
  CHECK(folders == std::vector<std::pair<std::string, std::uint64_t>>{{"/srv/share/経理", 2},
                                                                      {"/srv/share", 1}});

  REQUIRE(m.trend.size() == 2);
  CHECK(m.trend[0].scan_id == ids.first);
  CHECK(m.trend[0].violating_files == 3);
  CHECK(m.trend[0].by_severity == std::map<std::string, std::uint64_t>{{"high", 2}, {"medium", 1}});
  CHECK(m.trend[1].scan_id == ids.second);
  CHECK(m.trend[1].violating_files == 3);

  // Compared the other way round, what was added is resolved.
  ReportModel back = Load(db, ids.first, ids.second);
  CHECK(back.baseline->id == ids.second);
  CHECK(ChangePaths(back.resolved) ==
        std::vector<std::string>{"/srv/share/経理/new.csv personal-data-unencrypted high"});
}

TEST_CASE("Report model: the baseline and trend follow the same tree", "[report][reportdata]") {
  TempDir t;
  const std::string db = t.Sub("m.db");
  const auto ids = WriteTwoScans(db);
  FileReport other = testing::FixtureFile("/other/x.csv");
  other.findings.push_back(testing::FixtureFinding("my_number", {7}));
  other.violations.push_back(testing::Unencrypted());
  const std::int64_t third = testing::WriteFixtureScan(db, {"/other"}, {other});
  FileReport kyuyo = testing::FixtureFile("/srv/share/経理/kyuyo.csv");
  kyuyo.findings.push_back(testing::FixtureFinding("my_number", {1}));
  kyuyo.violations.push_back(testing::Unencrypted());
  const std::int64_t fourth = testing::WriteFixtureScan(db, {"/srv/share/経理/"}, {kyuyo});
  testing::WriteFixtureScan(db, {"/srv/share"}, {}, "failed");

  ReportModel m = Load(db);
  CHECK(m.scan.id == fourth);  // the failed scan after it is not the default
  REQUIRE(m.baseline.has_value());
  CHECK(m.baseline->id == ids.second);  // not /other
  CHECK(m.added.empty());
  // new.csv is gone; top.txt lies outside what this scan looked at.
  CHECK(ChangePaths(m.resolved) ==
        std::vector<std::string>{"/srv/share/経理/new.csv personal-data-unencrypted high"});
  std::vector<std::int64_t> trend;
  for (const auto& p : m.trend) trend.push_back(p.scan_id);
  CHECK(trend == std::vector<std::int64_t>{ids.first, ids.second, fourth});
  ReportModel short_trend = Load(db, fourth, 0, 2);
  REQUIRE(short_trend.trend.size() == 2);
  CHECK(short_trend.trend[0].scan_id == ids.second);
  CHECK_FALSE(Load(db, third).baseline.has_value());  // another share: nothing to compare
}

TEST_CASE("Report model: problems of the scan as a whole are listed as not inspected",
          "[report][reportdata]") {
  TempDir t;
  const std::string db = t.Sub("m.db");
  const auto ids = WriteTwoScans(db);
  REQUIRE(testing::FixtureInt(db,
                              "INSERT INTO errors (scan_id, file_id, member, reason, message)"
                              " VALUES (" +
                                  std::to_string(ids.first) +
                                  ", NULL, '', 'not-found', 'no such root') RETURNING id") > 0);
  ReportModel m = Load(db, ids.first);
  REQUIRE(m.not_inspected.size() == 2);
  CHECK(m.not_inspected[0].path == "/srv/share/locked.zip");
  CHECK(m.not_inspected[1].path.empty());
  CHECK(m.not_inspected[1].reason == "not-found");
}

TEST_CASE("Report model: refuses what it cannot read", "[report][reportdata]") {
  TempDir t;
  ReportQuery q;
  ReportModel m;
  q.db_path = t.Sub("missing.db");
  CHECK(LoadReportModel(q, &m).reason() == "not-a-database");
  testing::WriteFile(t.Sub("text.db"), "not a database at all, just text\n");
  q.db_path = t.Sub("text.db");
  CHECK(LoadReportModel(q, &m).reason() == "not-a-database");
  // A read-only report never creates or changes the file.
  CHECK(testing::ReadFile(t.Sub("text.db")) == "not a database at all, just text\n");

  const std::string db = t.Sub("m.db");
  const auto ids = WriteTwoScans(db);
  q.db_path = db;
  q.scan_id = ids.second + 10;
  CHECK(LoadReportModel(q, &m).reason() == "no-such-scan");
  q.scan_id = ids.second;
  q.since = 99;
  CHECK(LoadReportModel(q, &m).reason() == "no-such-scan");
  q.since = 0;
  REQUIRE(testing::FixtureInt(db, "PRAGMA user_version = 99") == -1);
  CHECK(LoadReportModel(q, &m).reason() == "database-too-new");
  testing::FixtureInt(db, "PRAGMA user_version = 2");
  CHECK(LoadReportModel(q, &m).reason() == "database-too-old");
}

}  // namespace mamori
