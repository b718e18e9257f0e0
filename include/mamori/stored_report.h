// StoredReportReader: turns what the store wrote for one file row back into
// the FileReport it was written from. An incremental scan reuses stored
// results through it, and `mamori report --format jsonl` re-emits the
// findings stream from it, so the two can never read rows differently.
//
// Not restored: keyed hashes (a finding's value_set points at them instead),
// and anything the store does not keep (the findings stream's line is
// rebuilt from exactly these fields).
//
// Thread-safety: not thread-safe; one reader per thread, or a lock around it.
// It uses the caller's connection, which must outlive it.
#ifndef MAMORI_STORED_REPORT_H_
#define MAMORI_STORED_REPORT_H_

#include <cstdint>
#include <memory>

#include "mamori/file_report.h"
#include "mamori/status.h"

struct sqlite3;

namespace mamori {

// An SQL expression over a `files` row aliased `f`: true when ReadDetails
// would find anything for it, so callers need not read rows that have none.
inline constexpr const char* kStoredDetailsExistSql =
    "(EXISTS (SELECT 1 FROM findings WHERE file_id = f.id) OR"
    " EXISTS (SELECT 1 FROM violations WHERE file_id = f.id) OR"
    " EXISTS (SELECT 1 FROM protected_members WHERE file_id = f.id) OR"
    " EXISTS (SELECT 1 FROM errors WHERE file_id = f.id))";

class StoredReportReader {
 public:
  // Prepares its statements on `db` (schema version 3 or later).
  static Status Open(sqlite3* db, std::unique_ptr<StoredReportReader>* out);
  ~StoredReportReader();
  StoredReportReader(const StoredReportReader&) = delete;
  StoredReportReader& operator=(const StoredReportReader&) = delete;

  // Appends the findings (with value_set), violations, protected members and
  // errors of file row `file_id` to *report, each in the order stored.
  Status ReadDetails(std::int64_t file_id, FileReport* report);

 private:
  StoredReportReader() = default;
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

}  // namespace mamori

#endif  // MAMORI_STORED_REPORT_H_
