// Opening a database for the reports: read-only, so a report can run beside a
// scan (WAL) and can never change what it reports on.
#include "report_db.h"

#include <sys/stat.h>

namespace mamori::report_internal {

Status ReportDb::Open(const std::string& path) {
  // SQLite opens a missing file read-only only to fail later with a vaguer
  // message; say plainly that there is nothing there.
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Status::Error("not-a-database", path + ": no such database file");
  }
  int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    return Status::Error("not-a-database",
                         path + ": " + (db_ ? sqlite3_errmsg(db_) : "cannot open"));
  }
  sqlite3_busy_timeout(db_, 10000);
  Query q;
  if (!q.Prepare(db_, "PRAGMA user_version") || q.Step() != SQLITE_ROW) {
    return Status::Error("not-a-database", path + ": " + sqlite3_errmsg(db_));
  }
  version_ = static_cast<int>(q.Int(0));
  Query scans;
  const bool has_scans =
      scans.Prepare(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'scans'") &&
      scans.Step() == SQLITE_ROW;
  if (version_ <= 0 || !has_scans) {
    return Status::Error("not-a-database", path + ": not a mamori database");
  }
  if (version_ > kNewestReadableSchema) {
    return Status::Error("database-too-new",
                         path + ": database schema version " + std::to_string(version_) +
                             " is newer than this mamori reads (" +
                             std::to_string(kNewestReadableSchema) + "); use a newer mamori");
  }
  if (version_ < kOldestReadableSchema) {
    return Status::Error("database-too-old",
                         path + ": database schema version " + std::to_string(version_) +
                             " is too old to report on; run a scan with this mamori on it first "
                             "(it upgrades the database)");
  }
  return Status::OK();
}

Status ReportDb::ReadError(std::string_view doing) const {
  return Status::Error("database-read-failed",
                       std::string(doing) + ": " + (db_ ? sqlite3_errmsg(db_) : "not open"));
}

}  // namespace mamori::report_internal
