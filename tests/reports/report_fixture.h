// A database of scans written through the Store, for the report tests: the
// same rows a real scan writes, with contents chosen to exercise the report
// (severities, an exempt file, shared people, reused findings, owners).
//
// Thread-safety: test code; one thread.
#ifndef MAMORI_TESTS_REPORTS_REPORT_FIXTURE_H_
#define MAMORI_TESTS_REPORTS_REPORT_FIXTURE_H_

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "mamori/store.h"

namespace mamori::testing {

inline KeyedHash FixtureHash(std::uint8_t person) {
  KeyedHash h{};
  for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<std::uint8_t>(person * 7 + i);
  return h;
}

inline Finding FixtureFinding(const std::string& type, std::vector<std::uint8_t> people,
                              const std::string& member = "") {
  Finding f;
  f.type = type;
  f.member = member;
  f.count = people.size() + 1;
  f.distinct = people.size();
  f.confidence = Confidence::kHigh;
  for (std::uint8_t p : people) {
    f.hashes.push_back(FixtureHash(p));
    if (f.masked.size() < 3) f.masked.push_back("********" + std::to_string(1000 + p));
  }
  return f;
}

inline FileReport FixtureFile(const std::string& path, std::uint32_t mode = 0644) {
  FileReport r;
  r.file.path = path;
  r.file.kind = FileKind::kRegular;
  r.file.size = 1000;
  r.file.mtime_ns = 1432804364'000000000;  // 2015-05-28T09:12:44Z
  r.file.has_owner = true;
  r.file.uid = 0;
  r.file.mode = mode;
  r.format = "csv";
  r.opened = true;
  r.bytes_scanned = 1000;
  return r;
}

inline Violation Unencrypted(const std::string& severity = "high") {
  return {"personal-data-unencrypted", severity, "My Numbers in a file without a password"};
}

// Writes one finished scan of `roots` holding `reports`; returns its id.
inline std::int64_t WriteFixtureScan(const std::string& db, std::vector<std::string> roots,
                                     const std::vector<FileReport>& reports,
                                     const std::string& status = "finished") {
  std::unique_ptr<Store> store;
  REQUIRE(Store::Open(db, &store).ok());
  REQUIRE(
      store->BeginScan({roots, "0.1.0", "rules", "rules=x;min-confidence=medium;mamori=0"}).ok());
  for (const FileReport& r : reports) store->Put(r);
  ScanTotals totals;
  totals.entries = reports.size();
  totals.files_scanned = reports.size();
  totals.status = status;
  REQUIRE(store->FinishScan(totals).ok());
  return store->scan_id();
}

// The first column of the first row of `sql`, as an integer (-1 on error).
inline std::int64_t FixtureInt(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  std::int64_t v = -1;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      v = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close_v2(h);
  return v;
}

// Two scans of /srv/share. The first: 人事/meibo.csv (people 1 and 2,
// high), 経理/kyuyo.csv (person 1 again, and a pension number; high),
// top.txt (medium, mode 0600), exempt.csv (person 4, exempt), locked.zip
// (encrypted, not inspected), clean.txt. The second: meibo.csv fixed (no
// longer a violation), kyuyo.csv reused (its my_number finding points at the
// first scan's hashes), top.txt and exempt.csv unchanged, 経理/new.csv new
// (person 5, high).
struct TwoScans {
  std::int64_t first = 0;
  std::int64_t second = 0;
};

inline TwoScans WriteTwoScans(const std::string& db) {
  TwoScans ids;
  FileReport meibo = FixtureFile("/srv/share/人事/meibo.csv");
  meibo.findings.push_back(FixtureFinding("my_number", {1, 2}));
  meibo.violations.push_back(Unencrypted());
  FileReport kyuyo = FixtureFile("/srv/share/経理/kyuyo.csv");
  kyuyo.findings.push_back(FixtureFinding("my_number", {1}, "a.csv"));
  kyuyo.findings.push_back(FixtureFinding("my_number", {1, 3}, "b.csv"));
  kyuyo.findings.push_back(FixtureFinding("basic_pension_number", {9}));
  kyuyo.violations.push_back(Unencrypted());
  FileReport top = FixtureFile("/srv/share/top.txt", 0600);
  top.findings.push_back(FixtureFinding("basic_pension_number", {8}));
  top.violations.push_back({"personal-data-unencrypted", "medium", "pension numbers"});
  FileReport exempt = FixtureFile("/srv/share/exempt.csv");
  exempt.findings.push_back(FixtureFinding("my_number", {4}));
  exempt.violations.push_back({"personal-data-unencrypted", "exempt", "covered until 2099-01-01"});
  FileReport locked = FixtureFile("/srv/share/locked.zip");
  locked.format = "zip";
  locked.protection.encrypted = true;
  locked.protection.scheme = "zip-aes256";
  locked.errors.push_back({"", "encrypted-member", "encrypted (zip-aes256)"});
  locked.incomplete = true;
  FileReport clean = FixtureFile("/srv/share/clean.txt");
  ids.first = WriteFixtureScan(db, {"/srv/share"}, {meibo, kyuyo, top, exempt, locked, clean});

  FileReport fixed = FixtureFile("/srv/share/人事/meibo.csv");
  fixed.protection.encrypted = true;
  fixed.protection.scheme = "zipcrypto";
  fixed.errors.push_back({"", "encrypted-member", "encrypted (zipcrypto)"});
  fixed.incomplete = true;
  FileReport reused = kyuyo;
  reused.reused = true;
  for (std::size_t i = 0; i < reused.findings.size(); ++i) {
    reused.findings[i].hashes.clear();
    reused.findings[i].value_set =
        FixtureInt(db, "SELECT min(d.id) + " + std::to_string(i) +
                           " FROM findings d JOIN files f ON f.id = d.file_id"
                           " WHERE f.path = CAST('/srv/share/経理/kyuyo.csv' AS BLOB)");
  }
  FileReport added = FixtureFile("/srv/share/経理/new.csv");
  added.findings.push_back(FixtureFinding("my_number", {5}));
  added.violations.push_back(Unencrypted());
  ids.second = WriteFixtureScan(db, {"/srv/share"}, {fixed, reused, top, exempt, clean, added});
  return ids;
}

}  // namespace mamori::testing

#endif  // MAMORI_TESTS_REPORTS_REPORT_FIXTURE_H_
