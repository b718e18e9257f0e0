// Internal to the report writers: a read-only connection to a mamori database
// that checks its schema version, and a prepared query that finalizes itself.
//
// Thread-safety: a ReportDb and its queries are used by one thread.
#ifndef MAMORI_REPORTS_REPORT_DB_H_
#define MAMORI_REPORTS_REPORT_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "mamori/status.h"

namespace mamori::report_internal {

// The schema versions the reports can read. Version 3 lacks the owner and
// permission columns (reported as unknown); older databases are upgraded by
// running any scan on them with this mamori. The newest must be the store's
// (a test pins Store::SchemaVersion() to it).
constexpr int kOldestReadableSchema = 3;
constexpr int kNewestReadableSchema = 5;

class Query {
 public:
  Query() = default;
  ~Query() { sqlite3_finalize(stmt_); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  bool Prepare(sqlite3* db, const std::string& sql) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    return sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) == SQLITE_OK;
  }
  void Bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void BindText(int i, std::string_view s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
  // SQLITE_ROW, SQLITE_DONE or an error. Reset() before binding again.
  int Step() { return sqlite3_step(stmt_); }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  bool IsNull(int col) { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) {
    const void* b = sqlite3_column_blob(stmt_, col);
    return b ? std::string(static_cast<const char*>(b),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

class ReportDb {
 public:
  ReportDb() = default;
  ~ReportDb() { sqlite3_close_v2(db_); }
  ReportDb(const ReportDb&) = delete;
  ReportDb& operator=(const ReportDb&) = delete;

  // Opens `path` read-only (never creating it) and checks that it is a mamori
  // database of a version the reports read. Errors: "not-a-database",
  // "database-too-new", "database-too-old".
  Status Open(const std::string& path);

  sqlite3* db() const { return db_; }
  int version() const { return version_; }

  // "database-read-failed" with the connection's last error.
  Status ReadError(std::string_view doing) const;

 private:
  sqlite3* db_ = nullptr;
  int version_ = 0;
};

}  // namespace mamori::report_internal

#endif  // MAMORI_REPORTS_REPORT_DB_H_
