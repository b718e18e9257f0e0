// The findings stream of a stored scan, rebuilt row by row with the line
// writer `mamori scan --jsonl` uses (FindingsJsonLine), so the two print the
// same lines: files in the order the scan stored them, which is the order it
// streamed them.
#include <nlohmann/json.hpp>

#include "mamori/findings_jsonl.h"
#include "mamori/report_writers.h"
#include "mamori/stored_report.h"
#include "report_db.h"

namespace mamori {

using report_internal::Query;
using report_internal::ReportDb;

Status RenderJsonlReport(const ReportQuery& query, std::string* out) {
  out->clear();
  ReportDb db;
  if (Status s = db.Open(query.db_path); !s.ok()) return s;
  if (sqlite3_exec(db.db(), "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return db.ReadError("beginning a read transaction");
  }
  std::int64_t scan_id = query.scan_id;
  Query pick;
  if (scan_id == 0) {
    if (!pick.Prepare(db.db(), "SELECT max(id) FROM scans WHERE status = 'finished'") ||
        pick.Step() != SQLITE_ROW) {
      return db.ReadError("finding the latest scan");
    }
    if (pick.IsNull(0)) return Status::Error("no-such-scan", "the database holds no finished scan");
    scan_id = pick.Int(0);
  } else {
    if (!pick.Prepare(db.db(), "SELECT 1 FROM scans WHERE id = ?1")) {
      return db.ReadError("finding the scan");
    }
    pick.Bind(1, scan_id);
    if (pick.Step() != SQLITE_ROW) {
      return Status::Error("no-such-scan", "the database holds no scan " + std::to_string(scan_id));
    }
  }
  pick.Reset();

  std::unique_ptr<StoredReportReader> reader;
  if (Status s = StoredReportReader::Open(db.db(), &reader); !s.ok()) return s;
  // The row alone decides most files; details are read only for files that
  // have some (most have none).
  Query files;
  if (!files.Prepare(
          db.db(),
          std::string("SELECT f.id, f.path, f.kind, f.size, f.mtime_ns, f.inode, f.device,"
                      " f.format, f.encoding, f.opened, f.bytes_scanned, f.encrypted,"
                      " coalesce(f.scheme, ''), f.incomplete, f.reused, ") +
              kStoredDetailsExistSql +
              " FROM files f WHERE f.scan_id = ?1 AND f.kind != 'removed' ORDER BY f.id")) {
    return db.ReadError("preparing to read the files");
  }
  files.Bind(1, scan_id);
  int rc;
  while ((rc = files.Step()) == SQLITE_ROW) {
    FileReport r;
    r.file.path = files.Text(1);
    r.file.size = static_cast<std::uint64_t>(files.Int(3));
    r.file.mtime_ns = files.Int(4);
    r.file.inode = static_cast<std::uint64_t>(files.Int(5));
    r.file.device = static_cast<std::uint64_t>(files.Int(6));
    r.format = files.Text(7);
    r.encoding = files.Text(8);
    r.opened = files.Int(9) != 0;
    r.bytes_scanned = static_cast<std::uint64_t>(files.Int(10));
    r.protection.encrypted = files.Int(11) != 0;
    r.protection.scheme = files.Text(12);
    r.incomplete = files.Int(13) != 0;
    r.reused = files.Int(14) != 0;
    if (files.Int(15) != 0) {
      if (Status s = reader->ReadDetails(files.Int(0), &r); !s.ok()) return s;
    }
    if (!r.Noteworthy()) continue;
    *out += FindingsJsonLine(r);
    out->push_back('\n');
  }
  if (rc != SQLITE_DONE) return db.ReadError("reading the files");
  files.Reset();
  reader.reset();
  sqlite3_exec(db.db(), "COMMIT", nullptr, nullptr, nullptr);
  return Status::OK();
}

}  // namespace mamori
