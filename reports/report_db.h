// Internal to the report writers: a read-only connection to a mamori database
// that checks its schema version.
//
// Thread-safety: a ReportDb and its queries are used by one thread.
#ifndef MAMORI_REPORTS_REPORT_DB_H_
#define MAMORI_REPORTS_REPORT_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "mamori/sql_statement.h"
#include "mamori/status.h"

namespace mamori::report_internal {

// The schema versions the reports can read. Version 3 lacks the owner and
// permission columns (reported as unknown); older databases are upgraded by
// running any scan on them with this mamori. The newest must be the store's
// (a test pins Store::SchemaVersion() to it).
constexpr int kOldestReadableSchema = 3;
constexpr int kNewestReadableSchema = 6;

using Query = SqlStatement;

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
