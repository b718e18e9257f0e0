// SqlStatement: a prepared SQLite statement that finalizes itself, shared by
// the store (writing, and reading earlier results back) and the report
// writers (reading).
//
// Thread-safety: used by one thread at a time, like its connection.
#ifndef MAMORI_SQL_STATEMENT_H_
#define MAMORI_SQL_STATEMENT_H_

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mamori {

class SqlStatement {
 public:
  SqlStatement() = default;
  ~SqlStatement() { sqlite3_finalize(stmt_); }
  SqlStatement(const SqlStatement&) = delete;
  SqlStatement& operator=(const SqlStatement&) = delete;

  // Prepares `sql`, replacing the statement held. `persistent`: run many
  // times over a long life (the writer's inserts). False on failure; the
  // connection's error says why.
  bool Prepare(sqlite3* db, std::string_view sql, bool persistent = false) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    return sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                              persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt_,
                              nullptr) == SQLITE_OK;
  }

  // Bound text and blobs are not copied: they must stay alive until the
  // statement has run (the writer binds millions of values).
  void Bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void BindUnsigned(int i, std::uint64_t v) { Bind(i, static_cast<std::int64_t>(v)); }
  void BindText(int i, std::string_view s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
  }
  void BindBlob(int i, const void* data, std::size_t n) {
    // A zero-length blob must still be a blob, not NULL: paths are NOT NULL.
    sqlite3_bind_blob(stmt_, i, n ? data : "", static_cast<int>(n), SQLITE_STATIC);
  }
  void BindNull(int i) { sqlite3_bind_null(stmt_, i); }

  // Steps once and resets, for statements that return no rows: the step's
  // result code (SQLITE_DONE on success).
  int Run() {
    const int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    return rc;
  }

  // For queries: steps to the next row (SQLITE_ROW), or ends (SQLITE_DONE).
  // Reset() before binding again.
  int Step() { return sqlite3_step(stmt_); }
  void Reset() { sqlite3_reset(stmt_); }

  bool IsNull(int col) { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  // Text and blob columns alike, as bytes.
  std::string Text(int col) { return Blob(col); }
  // The same bytes without a copy: valid until the next Step or Reset.
  std::string_view Bytes(int col) {
    const void* b = sqlite3_column_blob(stmt_, col);
    return b ? std::string_view(static_cast<const char*>(b),
                                static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  std::string Blob(int col) {
    const void* b = sqlite3_column_blob(stmt_, col);
    return b ? std::string(static_cast<const char*>(b),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace mamori

#endif  // MAMORI_SQL_STATEMENT_H_
