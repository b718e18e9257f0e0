// The store stage: opening the database safely, keeping its schema current,
// and the scan rows. Writing the per-file rows is store_writer.cc's job.
#include "mamori/store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "mamori/path_text.h"
#include "store_writer.h"

namespace mamori {

std::string_view SchemaSql();  // generated from scanner/schema.sql

namespace {

using store_internal::Statement;
using store_internal::StoreWriter;
using store_internal::WriteError;

// Steps that bring a database of version `from_version` to from_version + 1.
// Each ends by setting PRAGMA user_version; they run in order, in one
// transaction, until the database reaches Store::SchemaVersion().
struct Migration {
  int from_version;
  const char* sql;
};
const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> migrations = {
      // 2: incremental scans.
      {1,
       "ALTER TABLE scans ADD COLUMN settings TEXT NOT NULL DEFAULT '';"
       "ALTER TABLE scans ADD COLUMN stop_reason TEXT;"
       "ALTER TABLE files ADD COLUMN encoding TEXT NOT NULL DEFAULT '';"
       "ALTER TABLE files ADD COLUMN reused INTEGER NOT NULL DEFAULT 0;"
       "CREATE TABLE latest_files (path BLOB PRIMARY KEY,"
       " file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE) WITHOUT ROWID;"
       "INSERT INTO latest_files (path, file_id) SELECT path, max(id) FROM files GROUP BY path;"
       "ALTER TABLE findings ADD COLUMN value_set INTEGER;"
       "UPDATE findings SET value_set = id;"
       "CREATE INDEX findings_value_set ON findings(value_set);"
       "PRAGMA user_version = 2;"},
      // 3: protection per container member.
      {2,
       "CREATE TABLE IF NOT EXISTS protected_members (id INTEGER PRIMARY KEY,"
       " file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"
       " member TEXT NOT NULL, scheme TEXT NOT NULL, encrypted INTEGER NOT NULL);"
       "CREATE INDEX IF NOT EXISTS protected_members_file ON protected_members(file_id);"
       "PRAGMA user_version = 3;"},
      // 4: owner and permissions of each entry, for the reports. Older rows
      // keep NULL: what they were at that scan is not known.
      {3,
       "ALTER TABLE files ADD COLUMN uid INTEGER;"
       "ALTER TABLE files ADD COLUMN owner TEXT;"
       "ALTER TABLE files ADD COLUMN mode INTEGER;"
       "PRAGMA user_version = 4;"},
      // 5: no index on keyed hashes (its random-order inserts were 40% of a
      // scan of an identifier-dense share).
      {4,
       "DROP INDEX IF EXISTS finding_values_hash;"
       "PRAGMA user_version = 5;"},
      // 6: keyed hashes of 16 bytes, in blocks (a row per hash was a tenth
      // of a scan of identifier-dense office files, and the second half of
      // each hash most of the database writes of a share of small files).
      // A 16-byte hash is the first half of the old one, so counts across
      // old and new scans stay right. Old hashes move one to a block: no
      // reader may assume full blocks, so no need to regroup them.
      {5,
       "CREATE TABLE finding_value_blocks ("
       " finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,"
       " hashes BLOB NOT NULL CHECK (typeof(hashes) = 'blob' AND length(hashes) % 16 = 0"
       " AND length(hashes) BETWEEN 16 AND 1920));"
       "INSERT INTO finding_value_blocks (finding_id, hashes)"
       " SELECT finding_id, substr(value_hash, 1, 16) FROM finding_values"
       " ORDER BY finding_id, value_hash;"
       "DROP TABLE finding_values;"
       "CREATE INDEX finding_value_blocks_finding ON finding_value_blocks(finding_id);"
       "CREATE VIEW finding_values (finding_id, value_hash) AS"
       " WITH RECURSIVE slot(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM slot WHERE i < 119)"
       " SELECT b.finding_id, substr(b.hashes, slot.i * 16 + 1, 16)"
       " FROM finding_value_blocks b JOIN slot ON slot.i < length(b.hashes) / 16;"
       "PRAGMA user_version = 6;"},
  };
  return migrations;
}

// The version is read from the schema text itself so that the two cannot
// drift apart: the last "PRAGMA user_version = N" in schema.sql.
int ParseSchemaVersion(std::string_view sql) {
  constexpr std::string_view kPragma = "PRAGMA user_version";
  std::size_t at = sql.rfind(kPragma);
  if (at == std::string_view::npos) return 0;
  at += kPragma.size();
  auto skip_space = [&] {
    while (at < sql.size() && (sql[at] == ' ' || sql[at] == '\t')) ++at;
  };
  skip_space();
  if (at >= sql.size() || sql[at] != '=') return 0;
  ++at;
  skip_space();
  int version = 0;
  while (at < sql.size() && sql[at] >= '0' && sql[at] <= '9')
    version = version * 10 + (sql[at++] - '0');
  return version;
}

std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Status OpenError(const std::string& path, const std::string& what) {
  return Status::Error("database-open-failed", path + ": " + what);
}

// Tightens a file we own to 0600. SQLite copies the main file's mode onto the
// -wal and -shm files it creates, but not onto ones left by an earlier run.
void RestrictMode(int fd) {
  struct stat st;
  if (::fstat(fd, &st) == 0 && st.st_uid == ::geteuid() && (st.st_mode & 07777) != 0600) {
    ::fchmod(fd, 0600);
  }
}

// Creates the database file owner-only before SQLite sees it, so that it is
// never readable by others, not even for a moment.
Status CreateOwnerOnly(const std::string& path) {
  int fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return OpenError(path, std::strerror(errno));
  struct stat st;
  bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (regular) RestrictMode(fd);
  ::close(fd);
  if (!regular) return OpenError(path, "not a regular file");
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    int side = ::open((path + suffix).c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (side < 0) continue;
    if (::fstat(side, &st) == 0 && S_ISREG(st.st_mode)) RestrictMode(side);
    ::close(side);
  }
  return Status::OK();
}

Status Exec(sqlite3* db, const char* sql, const char* reason, std::string_view doing) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK) return Status::OK();
  return Status::Error(reason, std::string(doing) + ": " + sqlite3_errmsg(db));
}

// Runs a query returning one integer; -1 on error.
std::int64_t QueryInt(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  std::int64_t value = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    value = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  return value;
}

// Decides what to do with the database's version and does it, inside the
// caller's write transaction so two processes opening a new file do not both
// apply the schema.
Status ApplySchema(sqlite3* db) {
  const int target = Store::SchemaVersion();
  if (target <= 0) return Status::Error("database-open-failed", "built-in schema has no version");
  std::int64_t version = QueryInt(db, "PRAGMA user_version");
  if (version < 0) return Status::Error("database-open-failed", sqlite3_errmsg(db));
  if (version == target) return Status::OK();
  if (version > target) {
    return Status::Error("database-too-new", "database schema version " + std::to_string(version) +
                                                 " is newer than this mamori's " +
                                                 std::to_string(target) +
                                                 "; use a newer mamori or another database");
  }
  if (version == 0) {
    if (QueryInt(db, "SELECT count(*) FROM sqlite_master") != 0) {
      return Status::Error("database-not-mamori",
                           "the file holds tables but no mamori schema version");
    }
    const std::string schema(SchemaSql());
    return Exec(db, schema.c_str(), "database-open-failed", "applying the schema");
  }
  while (version < target) {
    const Migration* step = nullptr;
    for (const Migration& m : Migrations()) {
      if (m.from_version == version) step = &m;
    }
    if (step == nullptr) {
      return Status::Error("database-migration-failed",
                           "no migration from schema version " + std::to_string(version));
    }
    if (Status s = Exec(db, step->sql, "database-migration-failed",
                        "migrating from schema version " + std::to_string(version));
        !s.ok()) {
      return s;
    }
    std::int64_t next = QueryInt(db, "PRAGMA user_version");
    if (next <= version) {
      return Status::Error(
          "database-migration-failed",
          "migration from schema version " + std::to_string(version) + " did not advance it");
    }
    version = next;
  }
  return Status::OK();
}

}  // namespace

struct Store::Rep {
  sqlite3* db = nullptr;
  std::int64_t scan_id = 0;
  std::unique_ptr<StoreWriter> writer;  // while a scan runs

  Status UpdateScan(const ScanTotals& totals, const std::string& status);

  ~Rep() {
    if (writer) {
      // FinishScan was never called: the pipeline stopped early. Keep what
      // was queued, and say the scan did not finish.
      writer->Finish();
      writer.reset();
      ScanTotals none;
      UpdateScan(none, "failed");
    }
    sqlite3_close_v2(db);
  }
};

Status Store::Rep::UpdateScan(const ScanTotals& t, const std::string& status) {
  Statement update;
  if (!update.Prepare(db,
                      "UPDATE scans SET finished_at = ?1, status = ?2, entries = ?3,"
                      " files_scanned = ?4, bytes_scanned = ?5, files_with_findings = ?6,"
                      " violations = ?7, errors = ?8, stop_reason = ?10 WHERE id = ?9")) {
    return WriteError(db, "preparing the scan update");
  }
  const std::string now = UtcNow();
  update.BindText(1, now);
  update.BindText(2, status);
  update.BindUnsigned(3, t.entries);
  update.BindUnsigned(4, t.files_scanned);
  update.BindUnsigned(5, t.bytes_scanned);
  update.BindUnsigned(6, t.files_with_findings);
  update.BindUnsigned(7, t.violations);
  update.BindUnsigned(8, t.errors);
  update.Bind(9, scan_id);
  if (t.stop_reason.empty()) {
    update.BindNull(10);
  } else {
    update.BindText(10, t.stop_reason);
  }
  if (update.Run() != SQLITE_DONE) return WriteError(db, "updating the scan row");
  return Status::OK();
}

Store::Store() : rep_(new Rep) {}
Store::~Store() = default;

int Store::SchemaVersion() {
  static const int version = ParseSchemaVersion(SchemaSql());
  return version;
}

Status Store::Open(const std::string& path, std::unique_ptr<Store>* store) {
  if (Status s = CreateOwnerOnly(path); !s.ok()) return s;

  std::unique_ptr<Store> opened(new Store());
  sqlite3*& db = opened->rep_->db;
  // No mutex of SQLite's own: the connection is used by one thread at a
  // time (the controlling thread, or the writer while it runs, handed over
  // by starting and joining it), and the writer binds and steps millions of
  // times.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
#ifdef SQLITE_OPEN_NOFOLLOW
  flags |= SQLITE_OPEN_NOFOLLOW;
#endif
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    return OpenError(path, db ? sqlite3_errmsg(db) : "out of memory");
  }
  sqlite3_extended_result_codes(db, 1);
  // Another mamori may be writing the same database; wait for it rather than fail.
  sqlite3_busy_timeout(db, 10000);

  // journal_mode answers with the mode it ended up in; anything but WAL means
  // readers would block the writer.
  sqlite3_stmt* stmt = nullptr;
  std::string mode;
  if (sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  if (mode != "wal") {
    return OpenError(path, mode.empty()
                               ? std::string(sqlite3_errmsg(db))
                               : "cannot use write-ahead logging (journal mode " + mode + ")");
  }
  // 64 MiB of page cache. Chosen when a keyed-hash index took inserts in
  // random order (with SQLite's default 2 MiB, a quarter of a scan's time
  // on an identifier-dense share); since that index went (schema 5) the
  // benchmark's small-text part runs the same with either, and the larger
  // cache is kept for the indexes of shares far larger than it.
  if (Status s = Exec(db,
                      "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; "
                      "PRAGMA cache_size = -65536",
                      "database-open-failed", path);
      !s.ok()) {
    return s;
  }

  if (Status s = Exec(db, "BEGIN IMMEDIATE", "database-open-failed", path); !s.ok()) return s;
  if (Status s = ApplySchema(db); !s.ok()) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return s;
  }
  if (Status s = Exec(db, "COMMIT", "database-open-failed", path); !s.ok()) return s;

  *store = std::move(opened);
  return Status::OK();
}

Status Store::BeginScan(const ScanRecord& record) {
  assert(!rep_->writer && "BeginScan called twice without FinishScan");
  if (rep_->writer) return Status::Error("store-misuse", "a scan is already running");

  nlohmann::json roots = nlohmann::json::array();
  for (const std::string& root : record.roots) roots.push_back(PathToDisplay(root));
  const std::string roots_json =
      roots.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::string now = UtcNow();

  sqlite3* db = rep_->db;
  // The caller holds the scan lock, so a scan still 'running' died (killed,
  // power lost): say so. Its committed rows stay and are reused.
  if (Status s = Exec(db,
                      "UPDATE scans SET status = 'failed', stop_reason = 'killed'"
                      " WHERE status = 'running'",
                      "database-write-failed", "closing scans that died");
      !s.ok()) {
    return s;
  }
  Statement insert;
  if (!insert.Prepare(db,
                      "INSERT INTO scans (started_at, roots, status, mamori_version, rules_hash,"
                      " settings) VALUES (?1, ?2, 'running', ?3, ?4, ?5)")) {
    return WriteError(db, "preparing the scan row");
  }
  insert.BindText(1, now);
  insert.BindText(2, roots_json);
  insert.BindText(3, record.mamori_version);
  insert.BindText(4, record.rules_hash);
  insert.BindText(5, record.settings);
  if (insert.Run() != SQLITE_DONE) return WriteError(db, "inserting the scan row");
  rep_->scan_id = sqlite3_last_insert_rowid(db);
  Status started = StoreWriter::Start(db, rep_->scan_id, &rep_->writer);
  if (!started.ok()) rep_->UpdateScan(ScanTotals(), "failed");
  return started;
}

std::int64_t Store::scan_id() const { return rep_->scan_id; }

void Store::Put(FileReport report) {
  assert(rep_->writer && "Put outside BeginScan/FinishScan");
  if (rep_->writer) rep_->writer->Put(std::move(report));
}

Status Store::FinishScan(const ScanTotals& totals) {
  if (!rep_->writer) return Status::Error("store-misuse", "no scan is running");
  Status written = rep_->writer->Finish();
  rep_->writer.reset();
  // A scan whose rows did not all reach the database did not finish, whatever
  // the pipeline thinks; an unset status means the pipeline ran to the end.
  std::string status = totals.status.empty() ? "finished" : totals.status;
  if (!written.ok()) status = "failed";
  Status updated = rep_->UpdateScan(totals, status);
  return written.ok() ? updated : written;
}

}  // namespace mamori
