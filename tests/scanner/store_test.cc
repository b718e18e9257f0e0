// Tests of the store stage, checked by reading the database back with plain
// SQLite rather than through the Store, so they pin the on-disk contract the
// report writers rely on.
#include "mamori/store.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "mamori/path_text.h"
#include "reports/report_db.h"
#include "scanner/store_writer.h"
#include "store_testing.h"
#include "test_util.h"

namespace mamori {
namespace {

using testing::PlainReport;
using testing::Record;
using testing::TempDir;

// A plain connection for checking what the store wrote.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      throw std::runtime_error("cannot open " + path);
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close_v2(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "?";
      sqlite3_free(err);
      throw std::runtime_error(sql + ": " + msg);
    }
  }

  // Every row of `sql`, each column as text (blobs as raw bytes; NULL as "<null>").
  std::vector<std::vector<std::string>> Rows(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    }
    std::vector<std::vector<std::string>> rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        if (sqlite3_column_type(stmt, i) == SQLITE_NULL) {
          row.push_back("<null>");
        } else {
          const void* p = sqlite3_column_blob(stmt, i);
          row.emplace_back(static_cast<const char*>(p), sqlite3_column_bytes(stmt, i));
        }
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    return rows;
  }

  std::string Text(const std::string& sql) {
    auto rows = Rows(sql);
    if (rows.size() != 1 || rows[0].size() != 1) throw std::runtime_error("not one value: " + sql);
    return rows[0][0];
  }
  std::int64_t Int(const std::string& sql) { return std::stoll(Text(sql)); }

 private:
  sqlite3* db_ = nullptr;
};

int ModeOf(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 07777);
}

bool Exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

KeyedHash HashOf(std::uint8_t fill) {
  KeyedHash h;
  for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<std::uint8_t>(fill + i);
  return h;
}
std::string HashBytes(const KeyedHash& h) {
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

std::unique_ptr<Store> OpenOrFail(const std::string& path) {
  std::unique_ptr<Store> store;
  Status s = Store::Open(path, &store);
  INFO(s.ToString());
  REQUIRE(s.ok());
  REQUIRE(store != nullptr);
  return store;
}

// Polls until `sql` yields at least `want`, or gives up after a few seconds.
std::int64_t WaitForAtLeast(RawDb& raw, const std::string& sql, std::int64_t want) {
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::int64_t n = raw.Int(sql);
  while (n < want && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    n = raw.Int(sql);
  }
  return n;
}

TEST_CASE("Store creates its database and WAL files owner-only", "[store]") {
  TempDir dir;
  const std::string db = dir.Sub("mamori.db");
  // With no umask at all, any mode wider than 0600 would show.
  mode_t old_umask = ::umask(0);
  {
    auto store = OpenOrFail(db);
    CHECK(ModeOf(db) == 0600);
    REQUIRE(store->BeginScan(Record()).ok());
    store->Put(PlainReport("/srv/share/a.txt"));
    REQUIRE(store->FinishScan(ScanTotals{}).ok());
    // The connection is still open, so the WAL files exist now.
    REQUIRE(Exists(db + "-wal"));
    CHECK(ModeOf(db + "-wal") == 0600);
    if (Exists(db + "-shm")) CHECK(ModeOf(db + "-shm") == 0600);
  }
  ::umask(old_umask);
  CHECK(ModeOf(db) == 0600);
}

TEST_CASE("Store tightens an existing database file we own to 0600", "[store]") {
  TempDir dir;
  const std::string db = dir.Sub("mamori.db");
  testing::WriteFile(db, "");
  REQUIRE(::chmod(db.c_str(), 0644) == 0);
  testing::WriteFile(db + "-wal", "");
  REQUIRE(::chmod((db + "-wal").c_str(), 0666) == 0);
  auto store = OpenOrFail(db);
  CHECK(ModeOf(db) == 0600);
  CHECK(ModeOf(db + "-wal") == 0600);
}

TEST_CASE("Store refuses a symlink in place of the database", "[store]") {
  TempDir dir;
  testing::WriteFile(dir.Sub("elsewhere.db"), "");
  REQUIRE(::symlink(dir.Sub("elsewhere.db").c_str(), dir.Sub("mamori.db").c_str()) == 0);
  std::unique_ptr<Store> store;
  Status s = Store::Open(dir.Sub("mamori.db"), &store);
  CHECK(s.reason() == "database-open-failed");
  CHECK(store == nullptr);
}

TEST_CASE("Store applies the schema with its version and WAL", "[store]") {
  TempDir dir;
  const std::string db = dir.Sub("mamori.db");
  CHECK(Store::SchemaVersion() == 6);
  { auto store = OpenOrFail(db); }
  RawDb raw(db);
  CHECK(raw.Int("PRAGMA user_version") == Store::SchemaVersion());
  CHECK(raw.Text("PRAGMA journal_mode") == "wal");
  auto tables = raw.Rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  std::vector<std::string> names;
  for (const auto& row : tables) names.push_back(row[0]);
  CHECK(names == std::vector<std::string>{"errors", "files", "finding_value_blocks", "findings",
                                          "latest_files", "protected_members", "scans",
                                          "violations"});
  CHECK(raw.Rows("SELECT name FROM sqlite_master WHERE type = 'view'") ==
        std::vector<std::vector<std::string>>{{"finding_values"}});
}

TEST_CASE("Store migrates a version 1 database to the current schema", "[scanner][store]") {
  TempDir t;
  const std::string path = t.Sub("old.db");
  {
    std::unique_ptr<Store> store;
    REQUIRE(Store::Open(path, &store).ok());
    REQUIRE(store->BeginScan(ScanRecord{{"/srv"}, "0.1.0", "rules", "settings"}).ok());
    FileReport r;
    r.file.path = "/srv/a.csv";
    r.file.kind = FileKind::kRegular;
    r.format = "csv";
    store->Put(r);
    REQUIRE(store->FinishScan(ScanTotals()).ok());
  }
  {
    // Take the database back to version 1 as the first release wrote it.
    RawDb raw(path);
    // (Tables rebuilt with version 1's columns; constraints are not needed
    // for what the migration does.)
    raw.Exec(
        std::string(testing::kHashesAsVersion5) +
        "DROP TABLE latest_files;"
        " CREATE TABLE files_v1 (id INTEGER PRIMARY KEY, scan_id, path, kind, size, mtime_ns,"
        " inode, device, format, opened, bytes_scanned, encrypted, scheme, incomplete);"
        " INSERT INTO files_v1 SELECT id, scan_id, path, kind, size, mtime_ns, inode, device,"
        " format, opened, bytes_scanned, encrypted, scheme, incomplete FROM files;"
        " DROP TABLE files; ALTER TABLE files_v1 RENAME TO files;"
        " CREATE TABLE scans_v1 (id INTEGER PRIMARY KEY, started_at, finished_at, roots, status,"
        " mamori_version, rules_hash, entries, files_scanned, bytes_scanned,"
        " files_with_findings, violations, errors);"
        " INSERT INTO scans_v1 SELECT id, started_at, finished_at, roots, status,"
        " mamori_version, rules_hash, entries, files_scanned, bytes_scanned,"
        " files_with_findings, violations, errors FROM scans;"
        " DROP TABLE scans; ALTER TABLE scans_v1 RENAME TO scans;"
        " CREATE TABLE findings_v1 (id INTEGER PRIMARY KEY, file_id, type, member, count,"
        " distinct_count, confidence, masked);"
        " INSERT INTO findings_v1 SELECT id, file_id, type, member, count, distinct_count,"
        " confidence, masked FROM findings;"
        " DROP TABLE findings; ALTER TABLE findings_v1 RENAME TO findings;"
        " PRAGMA user_version = 1;");
  }
  std::unique_ptr<Store> store;
  Status opened = Store::Open(path, &store);
  INFO(opened.ToString());
  REQUIRE(opened.ok());
  RawDb raw(path);
  CHECK(raw.Int("PRAGMA user_version") == Store::SchemaVersion());
  CHECK(raw.Int("SELECT count(*) FROM latest_files") == 1);
  CHECK(raw.Int("SELECT count(*) FROM files WHERE reused = 0 AND encoding = ''") == 1);
}

TEST_CASE("Store migrates a version 3 database: owner columns NULL for old rows",
          "[scanner][store]") {
  TempDir t;
  const std::string path = t.Sub("v3.db");
  {
    auto store = OpenOrFail(path);
    REQUIRE(store->BeginScan(Record()).ok());
    store->Put(PlainReport("/srv/share/old.csv"));
    REQUIRE(store->FinishScan(ScanTotals()).ok());
  }
  {
    // Back to version 3 as the previous release wrote it.
    RawDb raw(path);
    raw.Exec(std::string(testing::kHashesAsVersion5) +
             "DROP TABLE latest_files;"
             " CREATE TABLE files_v3 (id INTEGER PRIMARY KEY, scan_id, path, kind, size, mtime_ns,"
             " inode, device, format, opened, bytes_scanned, encrypted, scheme, incomplete,"
             " encoding TEXT NOT NULL DEFAULT '', reused INTEGER NOT NULL DEFAULT 0);"
             " INSERT INTO files_v3 SELECT id, scan_id, path, kind, size, mtime_ns, inode, device,"
             " format, opened, bytes_scanned, encrypted, scheme, incomplete, encoding, reused"
             " FROM files;"
             " DROP TABLE files; ALTER TABLE files_v3 RENAME TO files;"
             " CREATE TABLE latest_files (path BLOB PRIMARY KEY, file_id INTEGER NOT NULL)"
             " WITHOUT ROWID;"
             " INSERT INTO latest_files SELECT path, max(id) FROM files GROUP BY path;"
             " CREATE INDEX finding_values_hash ON finding_values(value_hash);"
             " PRAGMA user_version = 3;");
  }
  {
    auto store = OpenOrFail(path);
    REQUIRE(store->BeginScan(Record()).ok());
    FileReport r = PlainReport("/srv/share/new.csv");
    r.file.has_owner = true;
    r.file.uid = 0;
    r.file.mode = 0640;
    store->Put(r);
    REQUIRE(store->FinishScan(ScanTotals()).ok());
  }
  RawDb raw(path);
  CHECK(raw.Int("PRAGMA user_version") == Store::SchemaVersion());
  // Version 5 dropped the keyed-hash index.
  CHECK(raw.Int("SELECT count(*) FROM sqlite_master WHERE name = 'finding_values_hash'") == 0);
  auto rows = raw.Rows("SELECT path, uid, owner, mode FROM files ORDER BY id");
  CHECK(rows == std::vector<std::vector<std::string>>{
                    {"/srv/share/old.csv", "<null>", "<null>", "<null>"},
                    {"/srv/share/new.csv", "0", "root", std::to_string(0640)}});
}

TEST_CASE("Store migrates a version 5 database: every keyed hash, halved, into a block",
          "[scanner][store]") {
  TempDir t;
  const std::string path = t.Sub("v5.db");
  {
    auto store = OpenOrFail(path);
    REQUIRE(store->BeginScan(Record()).ok());
    FileReport r = PlainReport("/srv/share/list.csv");
    Finding many;
    many.type = "my_number";
    many.count = many.distinct = 130;
    for (int i = 0; i < 130; ++i) many.hashes.push_back(HashOf(static_cast<std::uint8_t>(i)));
    Finding one;
    one.type = "basic_pension_number";
    one.count = one.distinct = 1;
    one.hashes = {HashOf(200)};
    r.findings = {many, one};
    store->Put(r);
    REQUIRE(store->FinishScan(ScanTotals()).ok());
  }
  const std::string all_hashes =
      "SELECT finding_id, value_hash FROM finding_values ORDER BY finding_id, value_hash";
  std::vector<std::vector<std::string>> before;
  {
    RawDb raw(path);
    before = raw.Rows(all_hashes);
    REQUIRE(before.size() == 131);
    raw.Exec(std::string(testing::kHashesAsVersion5) + "PRAGMA user_version = 5;");
    REQUIRE(raw.Int("SELECT count(*) FROM finding_values WHERE length(value_hash) = 32") == 131);
  }
  { auto store = OpenOrFail(path); }
  RawDb raw(path);
  CHECK(raw.Int("PRAGMA user_version") == Store::SchemaVersion());
  // Each now its first half, which is what this mamori computes.
  CHECK(raw.Rows(all_hashes) == before);
  // One hash to a block: readers take blocks of any length.
  CHECK(raw.Int("SELECT count(*) FROM finding_value_blocks WHERE length(hashes) = 16") == 131);
  CHECK(raw.Int("SELECT count(*) FROM finding_value_blocks") == 131);
  CHECK(raw.Int("SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                " AND name = 'finding_values'") == 0);
}

TEST_CASE("Store records owner names once per uid, the number when a uid has none",
          "[scanner][store]") {
  CHECK(store_internal::LookUpUserName(0) == "root");
  CHECK(store_internal::LookUpUserName(3999999999u) == "3999999999");
  TempDir dir;
  const std::string db = dir.Sub("mamori.db");
  {
    auto store = OpenOrFail(db);
    REQUIRE(store->BeginScan(Record()).ok());
    FileReport mine = PlainReport("/srv/share/mine.txt");
    mine.file.has_owner = true;
    mine.file.uid = static_cast<std::uint32_t>(::geteuid());
    mine.file.mode = 0604 | 0100000;  // a stray type bit is not stored
    store->Put(mine);
    FileReport nobody = PlainReport("/srv/share/orphan.txt");
    nobody.file.has_owner = true;
    nobody.file.uid = 3999999999u;
    nobody.file.mode = 0600;
    store->Put(nobody);
    store->Put(PlainReport("/srv/share/unknown.txt"));  // lstat failed: nothing known
    REQUIRE(store->FinishScan(ScanTotals()).ok());
  }
  RawDb raw(db);
  auto rows = raw.Rows("SELECT uid, owner, mode FROM files ORDER BY id");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == std::vector<std::string>{std::to_string(::geteuid()),
                                            store_internal::LookUpUserName(::geteuid()),
                                            std::to_string(0604)});
  CHECK(rows[1] == std::vector<std::string>{"3999999999", "3999999999", std::to_string(0600)});
  CHECK(rows[2] == std::vector<std::string>{"<null>", "<null>", "<null>"});
}

TEST_CASE("The reports read the schema version the store writes", "[scanner][store][reportdata]") {
  CHECK(report_internal::kNewestReadableSchema == Store::SchemaVersion());
}

TEST_CASE("Store records a scan, its files, findings, violations and errors", "[store]") {
  TempDir dir;
  const std::string db = dir.Sub("mamori.db");
  const std::string odd_root = "/srv/\x82\xa0\xff";  // CP932 and a stray byte
  const std::string odd_path = "/srv/share/\xff\xfe meibo.csv";

  std::int64_t scan_id = 0;
  {
    auto store = OpenOrFail(db);
    ScanRecord record = Record();
    record.roots = {"/srv/share", odd_root};
    REQUIRE(store->BeginScan(record).ok());
    scan_id = store->scan_id();
    CHECK(scan_id > 0);

    FileReport a;
    a.file = {odd_path, FileKind::kRegular, 18234, 1432804364123456789, 4242, 2049};
    a.format = "csv";
    a.opened = true;
    a.bytes_scanned = 18234;
    Finding own;
    own.type = "my_number";
    own.count = 61;
    own.distinct = 2;
    own.confidence = Confidence::kHigh;
    own.masked = {"********9018", "********2257"};
    own.hashes = {HashOf(1), HashOf(2), HashOf(1)};  // a repeat is stored once
    a.findings.push_back(own);
    Finding inner;
    inner.type = "basic_pension_number";
    inner.member = "名簿/meibo.csv";
    inner.count = 1;
    inner.distinct = 1;
    inner.confidence = Confidence::kMedium;
    inner.masked = {"******1234"};
    inner.hashes = {HashOf(3)};
    a.findings.push_back(inner);
    a.violations.push_back(
        {"personal-data-unencrypted", "high", "61 My Numbers in a file without a password"});
    store->Put(a);

    FileReport b;
    b.file = {"/srv/share/kyuyo.zip",
              FileKind::kRegular,
              999,
              -5,  // before the epoch
              std::numeric_limits<std::uint64_t>::max(),
              7};
    b.format = "zip";
    b.opened = true;
    b.bytes_scanned = 10;
    b.protection.encrypted = true;
    b.protection.scheme = "zipcrypto";
    b.incomplete = true;
    Finding shared;
    shared.type = "my_number";
    shared.member = "plain.csv";
    shared.count = 1;
    shared.distinct = 1;
    shared.confidence = Confidence::kLow;
    shared.hashes = {HashOf(1)};  // the same person as in a
    b.findings.push_back(shared);
    b.errors.push_back({"secret.xlsx", "encrypted", "member needs a password"});
    b.errors.push_back({"", "truncated", "archive ends early"});
    store->Put(b);

    FileReport c;
    c.file.path = "/srv/share/sub";
    c.file.kind = FileKind::kDirectory;
    c.format = "directory";
    store->Put(c);

    ScanTotals totals;
    totals.entries = 3;
    totals.files_scanned = 2;
    totals.bytes_scanned = 18244;
    totals.files_with_findings = 2;
    totals.violations = 1;
    totals.errors = 2;
    totals.status = "finished";
    Status s = store->FinishScan(totals);
    INFO(s.ToString());
    REQUIRE(s.ok());
  }

  RawDb raw(db);
  auto scan = raw.Rows(
      "SELECT id, status, mamori_version, rules_hash, entries, files_scanned, bytes_scanned,"
      " files_with_findings, violations, errors, started_at, finished_at, roots FROM scans");
  REQUIRE(scan.size() == 1);
  CHECK(scan[0][0] == std::to_string(scan_id));
  CHECK(scan[0][1] == "finished");
  CHECK(scan[0][2] == "0.1.0-test");
  CHECK(scan[0][3] == "abc123");
  CHECK(std::vector<std::string>(scan[0].begin() + 4, scan[0].begin() + 10) ==
        std::vector<std::string>{"3", "2", "18244", "2", "1", "2"});
  for (int col : {10, 11}) {
    INFO(scan[0][col]);
    CHECK(scan[0][col].size() == 20);  // 2015-05-28T09:12:44Z
    CHECK(scan[0][col][10] == 'T');
    CHECK(scan[0][col].back() == 'Z');
  }
  auto roots = nlohmann::json::parse(scan[0][12]);
  CHECK(roots == nlohmann::json::array({"/srv/share", PathToDisplay(odd_root)}));

  auto files = raw.Rows(
      "SELECT id, scan_id, path, kind, size, mtime_ns, inode, device, format, opened,"
      " bytes_scanned, encrypted, scheme, incomplete, typeof(path) FROM files ORDER BY id");
  REQUIRE(files.size() == 3);
  CHECK(files[0][2] == odd_path);
  CHECK(files[0][14] == "blob");
  CHECK(std::vector<std::string>(files[0].begin() + 1, files[0].end() - 1) ==
        std::vector<std::string>{std::to_string(scan_id), odd_path, "regular", "18234",
                                 "1432804364123456789", "4242", "2049", "csv", "1", "18234", "0",
                                 "<null>", "0"});
  CHECK(std::vector<std::string>(files[1].begin() + 2, files[1].end() - 1) ==
        std::vector<std::string>{"/srv/share/kyuyo.zip", "regular", "999", "-5", "-1", "7", "zip",
                                 "1", "10", "1", "zipcrypto", "1"});
  CHECK(files[2][2] == "/srv/share/sub");
  CHECK(files[2][3] == "directory");
  CHECK(files[2][9] == "0");
  const std::string a_id = files[0][0], b_id = files[1][0];

  auto findings = raw.Rows(
      "SELECT id, file_id, type, member, count, distinct_count, confidence, masked"
      " FROM findings ORDER BY id");
  REQUIRE(findings.size() == 3);
  CHECK(std::vector<std::string>(findings[0].begin() + 1, findings[0].end() - 1) ==
        std::vector<std::string>{a_id, "my_number", "", "61", "2", "high"});
  CHECK(nlohmann::json::parse(findings[0][7]) ==
        nlohmann::json::array({"********9018", "********2257"}));
  CHECK(std::vector<std::string>(findings[1].begin() + 1, findings[1].end()) ==
        std::vector<std::string>{a_id, "basic_pension_number", "名簿/meibo.csv", "1", "1", "medium",
                                 R"(["******1234"])"});
  CHECK(findings[2][1] == b_id);
  CHECK(findings[2][6] == "low");
  CHECK(findings[2][7] == "[]");

  auto values =
      raw.Rows("SELECT value_hash FROM finding_values WHERE finding_id = " + findings[0][0] +
               " ORDER BY value_hash");
  REQUIRE(values.size() == 2);
  CHECK(values[0][0] == HashBytes(HashOf(1)));
  CHECK(values[1][0] == HashBytes(HashOf(2)));
  // What the hashes are for: people counted across files without their numbers.
  CHECK(raw.Int("SELECT count(*) FROM finding_values") == 4);
  CHECK(raw.Int("SELECT count(DISTINCT value_hash) FROM finding_values") == 3);
  CHECK(raw.Int("SELECT count(DISTINCT f.file_id) FROM finding_values v JOIN findings f"
                " ON f.value_set = v.finding_id WHERE v.value_hash = x'" +
                std::string("0102030405060708090a0b0c0d0e0f10") + "'") == 2);

  auto violations = raw.Rows("SELECT file_id, rule, severity, message FROM violations");
  CHECK(violations ==
        std::vector<std::vector<std::string>>{{a_id, "personal-data-unencrypted", "high",
                                               "61 My Numbers in a file without a password"}});

  auto errors =
      raw.Rows("SELECT scan_id, file_id, member, reason, message FROM errors ORDER BY id");
  CHECK(errors ==
        std::vector<std::vector<std::string>>{
            {std::to_string(scan_id), b_id, "secret.xlsx", "encrypted", "member needs a password"},
            {std::to_string(scan_id), b_id, "", "truncated", "archive ends early"}});
}

TEST_CASE("Store commits in batches while the scan runs", "[store]") {
  TempDir dir;
  const std::string db = dir.Sub("mamori.db");
  auto store = OpenOrFail(db);
  REQUIRE(store->BeginScan(Record()).ok());
  RawDb raw(db);
  const std::string count = "SELECT count(*) FROM files";

  SECTION("a few reports are committed within the batch interval") {
    for (int i = 0; i < 3; ++i) store->Put(PlainReport("/srv/share/f" + std::to_string(i)));
    // Another connection sees only committed rows.
    CHECK(WaitForAtLeast(raw, count, 3) == 3);
    CHECK(raw.Text("SELECT status FROM scans") == "running");
  }

  SECTION("more reports than one batch holds") {
    const int n = 1300;  // two full batches and a partial one
    for (int i = 0; i < 600; ++i) store->Put(PlainReport("/srv/share/f" + std::to_string(i)));
    CHECK(WaitForAtLeast(raw, count, 512) >= 512);
    for (int i = 600; i < n; ++i) store->Put(PlainReport("/srv/share/f" + std::to_string(i)));
    ScanTotals totals;
    totals.entries = n;
    REQUIRE(store->FinishScan(totals).ok());
    CHECK(raw.Int(count) == n);
    CHECK(raw.Int("SELECT count(DISTINCT path) FROM files") == n);
    CHECK(raw.Int("SELECT entries FROM scans") == n);
    CHECK(raw.Text("SELECT status FROM scans") == "finished");
  }
}

TEST_CASE("Store reopens an existing database and adds scans", "[store]") {
  TempDir dir;
  const std::string db = dir.Sub("mamori.db");
  std::int64_t first = 0, second = 0;
  {
    auto store = OpenOrFail(db);
    REQUIRE(store->BeginScan(Record()).ok());
    first = store->scan_id();
    store->Put(PlainReport("/srv/share/one"));
    REQUIRE(store->FinishScan(ScanTotals{}).ok());
  }
  {
    auto store = OpenOrFail(db);
    REQUIRE(store->BeginScan(Record()).ok());
    second = store->scan_id();
    store->Put(PlainReport("/srv/share/one"));
    store->Put(PlainReport("/srv/share/two"));
    REQUIRE(store->FinishScan(ScanTotals{}).ok());
  }
  CHECK(second != first);
  RawDb raw(db);
  CHECK(raw.Int("PRAGMA user_version") == Store::SchemaVersion());
  CHECK(raw.Int("SELECT count(*) FROM scans WHERE status = 'finished'") == 2);
  CHECK(raw.Int("SELECT count(*) FROM files WHERE scan_id = " + std::to_string(first)) == 1);
  CHECK(raw.Int("SELECT count(*) FROM files WHERE scan_id = " + std::to_string(second)) == 2);
}

TEST_CASE("Store refuses a database from a newer mamori", "[store]") {
  TempDir dir;
  const std::string db = dir.Sub("mamori.db");
  {
    RawDb raw(db);
    raw.Exec("CREATE TABLE future (x); PRAGMA user_version = 99");
  }
  std::unique_ptr<Store> store;
  Status s = Store::Open(db, &store);
  CHECK(s.reason() == "database-too-new");
  CHECK(store == nullptr);
  RawDb raw(db);
  CHECK(raw.Int("PRAGMA user_version") == 99);
  CHECK(raw.Int("SELECT count(*) FROM sqlite_master WHERE name = 'scans'") == 0);
}

TEST_CASE("Store refuses files that are not its database", "[store]") {
  TempDir dir;
  const std::string db = dir.Sub("other.db");
  std::unique_ptr<Store> store;

  SECTION("an SQLite database of something else") {
    {
      RawDb raw(db);
      raw.Exec("CREATE TABLE customers (name)");
    }
    CHECK(Store::Open(db, &store).reason() == "database-not-mamori");
    RawDb raw(db);
    CHECK(raw.Int("SELECT count(*) FROM sqlite_master WHERE name = 'scans'") == 0);
  }
  SECTION("not SQLite at all") {
    testing::WriteFile(db, std::string(4096, 'x'));
    CHECK(Store::Open(db, &store).reason() == "database-open-failed");
    CHECK(testing::ReadFile(db) == std::string(4096, 'x'));
  }
  CHECK(store == nullptr);
}

TEST_CASE("Store takes reports from several threads at once", "[store]") {
  TempDir dir;
  const std::string db = dir.Sub("mamori.db");
  const int kThreads = 4, kEach = 700;  // more than the queue holds, so Put must wait
  {
    auto store = OpenOrFail(db);
    REQUIRE(store->BeginScan(Record()).ok());
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&store, t] {
        for (int i = 0; i < kEach; ++i) {
          FileReport r = PlainReport("/srv/t" + std::to_string(t) + "/f" + std::to_string(i));
          Finding f;
          f.type = "my_number";
          f.count = 1;
          f.distinct = 1;
          f.hashes = {HashOf(static_cast<std::uint8_t>(t))};
          r.findings.push_back(f);
          store->Put(std::move(r));
        }
      });
    }
    for (auto& th : threads) th.join();
    REQUIRE(store->FinishScan(ScanTotals{}).ok());
  }
  RawDb raw(db);
  CHECK(raw.Int("SELECT count(*) FROM files") == kThreads * kEach);
  CHECK(raw.Int("SELECT count(DISTINCT path) FROM files") == kThreads * kEach);
  CHECK(raw.Int("SELECT count(*) FROM findings") == kThreads * kEach);
  CHECK(raw.Int("SELECT count(*) FROM finding_values") == kThreads * kEach);
  CHECK(raw.Int("SELECT count(DISTINCT value_hash) FROM finding_values") == kThreads);
  for (int t = 0; t < kThreads; ++t) {
    CHECK(raw.Int("SELECT count(*) FROM files WHERE CAST(path AS TEXT) LIKE '/srv/t" +
                  std::to_string(t) + "/%'") == kEach);
  }
}

TEST_CASE("Store keeps queued reports and marks the scan failed without FinishScan", "[store]") {
  TempDir dir;
  const std::string db = dir.Sub("mamori.db");
  {
    auto store = OpenOrFail(db);
    REQUIRE(store->BeginScan(Record()).ok());
    for (int i = 0; i < 10; ++i) store->Put(PlainReport("/srv/share/f" + std::to_string(i)));
  }
  RawDb raw(db);
  CHECK(raw.Int("SELECT count(*) FROM files") == 10);
  CHECK(raw.Text("SELECT status FROM scans") == "failed");
  CHECK(raw.Text("SELECT finished_at FROM scans") != "<null>");
}

TEST_CASE("Store reports a write error and keeps taking reports", "[store]") {
  TempDir dir;
  const std::string db = dir.Sub("mamori.db");
  { auto store = OpenOrFail(db); }
  {
    RawDb raw(db);
    raw.Exec(
        "CREATE TRIGGER refuse BEFORE INSERT ON violations"
        " BEGIN SELECT RAISE(ABORT, 'violations refused'); END");
  }
  auto store = OpenOrFail(db);
  REQUIRE(store->BeginScan(Record()).ok());
  FileReport bad = PlainReport("/srv/share/bad");
  bad.violations.push_back({"personal-data-unencrypted", "high", "1 My Number"});
  store->Put(bad);
  // After the failure the queue must still drain, or these would block forever.
  for (int i = 0; i < 3000; ++i) store->Put(PlainReport("/srv/share/f" + std::to_string(i)));
  ScanTotals totals;
  totals.status = "finished";
  Status s = store->FinishScan(totals);
  CHECK(s.reason() == "database-write-failed");
  CHECK_THAT(s.message(), Catch::Contains("violations refused"));
  RawDb raw(db);
  CHECK(raw.Text("SELECT status FROM scans") == "failed");
}

}  // namespace
}  // namespace mamori
