#include "mamori/stored_report.h"

#include <nlohmann/json.hpp>

#include "report_db.h"

namespace mamori {

using report_internal::Query;

struct StoredReportReader::Rep {
  sqlite3* db = nullptr;
  Query findings, violations, members, errors;
};

StoredReportReader::~StoredReportReader() = default;

Status StoredReportReader::Open(sqlite3* db, std::unique_ptr<StoredReportReader>* out) {
  std::unique_ptr<StoredReportReader> r(new StoredReportReader());
  r->rep_ = std::make_unique<Rep>();
  Rep& p = *r->rep_;
  p.db = db;
  if (!p.findings.Prepare(db,
                          "SELECT coalesce(value_set, id), type, member, count, distinct_count,"
                          " confidence, masked FROM findings WHERE file_id = ?1 ORDER BY id") ||
      !p.violations.Prepare(
          db, "SELECT rule, severity, message FROM violations WHERE file_id = ?1 ORDER BY id") ||
      !p.members.Prepare(db,
                         "SELECT member, scheme, encrypted FROM protected_members"
                         " WHERE file_id = ?1 ORDER BY id") ||
      !p.errors.Prepare(
          db, "SELECT member, reason, message FROM errors WHERE file_id = ?1 ORDER BY id")) {
    return Status::Error("database-read-failed",
                         std::string("preparing to read stored results: ") + sqlite3_errmsg(db));
  }
  *out = std::move(r);
  return Status::OK();
}

Status StoredReportReader::ReadDetails(std::int64_t file_id, FileReport* r) {
  Rep& p = *rep_;
  // Every query is reset on the way out, so a half-read one never holds a
  // read transaction open.
  struct ResetAll {
    Rep& p;
    ~ResetAll() {
      p.findings.Reset();
      p.violations.Reset();
      p.members.Reset();
      p.errors.Reset();
    }
  } reset{p};
  int rc;
  p.findings.Bind(1, file_id);
  while ((rc = p.findings.Step()) == SQLITE_ROW) {
    Finding f;
    f.value_set = p.findings.Int(0);
    f.type = p.findings.Text(1);
    f.member = p.findings.Text(2);
    f.count = static_cast<std::uint64_t>(p.findings.Int(3));
    f.distinct = static_cast<std::uint64_t>(p.findings.Int(4));
    f.confidence = ParseConfidence(p.findings.Text(5)).value_or(Confidence::kLow);
    // A damaged cell loses its examples, not the finding.
    const nlohmann::json masked = nlohmann::json::parse(p.findings.Text(6), nullptr, false);
    if (masked.is_array()) {
      for (const auto& m : masked) {
        if (m.is_string()) f.masked.push_back(m.get<std::string>());
      }
    }
    r->findings.push_back(std::move(f));
  }
  if (rc != SQLITE_DONE) return Status::Error("database-read-failed", sqlite3_errmsg(p.db));
  p.violations.Bind(1, file_id);
  while ((rc = p.violations.Step()) == SQLITE_ROW) {
    r->violations.push_back({p.violations.Text(0), p.violations.Text(1), p.violations.Text(2)});
  }
  if (rc != SQLITE_DONE) return Status::Error("database-read-failed", sqlite3_errmsg(p.db));
  p.members.Bind(1, file_id);
  while ((rc = p.members.Step()) == SQLITE_ROW) {
    r->protection.members.push_back({p.members.Text(0), p.members.Text(1), p.members.Int(2) != 0});
  }
  if (rc != SQLITE_DONE) return Status::Error("database-read-failed", sqlite3_errmsg(p.db));
  p.errors.Bind(1, file_id);
  while ((rc = p.errors.Step()) == SQLITE_ROW) {
    r->errors.push_back({p.errors.Text(0), p.errors.Text(1), p.errors.Text(2)});
  }
  if (rc != SQLITE_DONE) return Status::Error("database-read-failed", sqlite3_errmsg(p.db));
  return Status::OK();
}

}  // namespace mamori
