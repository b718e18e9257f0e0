#include "previous_results.h"

#include <sqlite3.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace mamori {

namespace {

// Errors after which a file's results are still its whole content's: its
// format is not extracted yet (the raw bytes were searched), or a few bytes
// were invalid in its encoding. Anything else (unreadable, vanished, cut
// short) is read again.
constexpr const char* kReusableErrors = "('format-not-extracted', 'invalid-encoding')";

// A prepared query, finalized on destruction.
class Query {
 public:
  Query(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
  }
  ~Query() { sqlite3_finalize(stmt_); }
  bool ok() const { return stmt_ != nullptr; }
  sqlite3_stmt* get() { return stmt_; }
  std::string Text(int col) {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

Status ReadError(sqlite3* db, const char* doing) {
  return Status::Error("database-read-failed", std::string(doing) + ": " + sqlite3_errmsg(db));
}

}  // namespace

PreviousResults::~PreviousResults() { sqlite3_close_v2(db_); }

Status PreviousResults::Open(const std::string& db_path, const std::string& settings,
                             std::unique_ptr<PreviousResults>* out) {
  std::unique_ptr<PreviousResults> p(new PreviousResults());
  if (sqlite3_open_v2(db_path.c_str(), &p->db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    return ReadError(p->db_, "opening the database for reading");
  }
  sqlite3_busy_timeout(p->db_, 10000);
  Query q(p->db_,
          std::string("SELECT l.path, f.id, f.size, f.mtime_ns, f.inode, f.device,"
                      " s.settings = ?1 AND f.kind = 'regular' AND f.opened = 1 AND NOT EXISTS"
                      " (SELECT 1 FROM errors e WHERE e.file_id = f.id AND e.reason NOT IN ") +
              kReusableErrors +
              "),"
              " EXISTS (SELECT 1 FROM findings WHERE file_id = f.id) OR"
              " EXISTS (SELECT 1 FROM violations WHERE file_id = f.id) OR"
              " EXISTS (SELECT 1 FROM errors WHERE file_id = f.id),"
              " f.format, f.encoding, f.bytes_scanned, f.encrypted, f.scheme, f.incomplete"
              " FROM latest_files l JOIN files f ON f.id = l.file_id"
              " JOIN scans s ON s.id = f.scan_id");
  if (!q.ok()) return ReadError(p->db_, "reading earlier results");
  sqlite3_bind_text(q.get(), 1, settings.data(), static_cast<int>(settings.size()), SQLITE_STATIC);
  int rc;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    std::string path(static_cast<const char*>(sqlite3_column_blob(q.get(), 0)),
                     static_cast<std::size_t>(sqlite3_column_bytes(q.get(), 0)));
    Entry e;
    e.file_id = sqlite3_column_int64(q.get(), 1);
    e.size = static_cast<std::uint64_t>(sqlite3_column_int64(q.get(), 2));
    e.mtime_ns = sqlite3_column_int64(q.get(), 3);
    e.inode = static_cast<std::uint64_t>(sqlite3_column_int64(q.get(), 4));
    e.device = static_cast<std::uint64_t>(sqlite3_column_int64(q.get(), 5));
    e.reusable = sqlite3_column_int(q.get(), 6) != 0;
    e.has_details = sqlite3_column_int(q.get(), 7) != 0;
    e.seen = false;
    e.format = q.Text(8);
    e.encoding = q.Text(9);
    e.bytes_scanned = static_cast<std::uint64_t>(sqlite3_column_int64(q.get(), 10));
    e.encrypted = sqlite3_column_int(q.get(), 11) != 0;
    e.scheme = q.Text(12);
    e.incomplete = sqlite3_column_int(q.get(), 13) != 0;
    p->entries_.emplace(std::move(path), std::move(e));
  }
  if (rc != SQLITE_DONE) return ReadError(p->db_, "reading earlier results");
  *out = std::move(p);
  return Status::OK();
}

const PreviousResults::Entry* PreviousResults::Match(const FileRef& ref) {
  auto it = entries_.find(ref.path);
  if (it == entries_.end()) return nullptr;
  Entry& e = it->second;
  e.seen = true;
  const bool same = ref.kind == FileKind::kRegular && e.reusable && e.size == ref.size &&
                    e.mtime_ns == ref.mtime_ns && e.inode == ref.inode && e.device == ref.device;
  return same ? &e : nullptr;
}

std::vector<std::string> PreviousResults::Unseen(const std::vector<std::string>& roots) const {
  std::vector<std::string> out;
  for (const auto& [path, e] : entries_) {
    if (e.seen) continue;
    for (std::string root : roots) {
      while (root.size() > 1 && root.back() == '/') root.pop_back();
      if (path == root || (path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
                           (path[root.size()] == '/' || root == "/"))) {
        out.push_back(path);
        break;
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status PreviousResults::Load(const Entry& e, FileReport* r) {
  r->format = e.format;
  r->encoding = e.encoding;
  r->bytes_scanned = e.bytes_scanned;
  r->protection.encrypted = e.encrypted;
  r->protection.scheme = e.scheme;
  r->incomplete = e.incomplete;
  r->opened = true;
  r->reused = true;
  if (!e.has_details) return Status::OK();

  std::lock_guard lock(mu_);
  const std::int64_t file_id = e.file_id;
  Query findings(db_,
                 "SELECT value_set, type, member, count, distinct_count, confidence, masked"
                 " FROM findings WHERE file_id = ?1 ORDER BY id");
  if (!findings.ok()) return ReadError(db_, "reading stored findings");
  sqlite3_bind_int64(findings.get(), 1, file_id);
  while (sqlite3_step(findings.get()) == SQLITE_ROW) {
    Finding f;
    f.value_set = sqlite3_column_int64(findings.get(), 0);
    f.type = findings.Text(1);
    f.member = findings.Text(2);
    f.count = static_cast<std::uint64_t>(sqlite3_column_int64(findings.get(), 3));
    f.distinct = static_cast<std::uint64_t>(sqlite3_column_int64(findings.get(), 4));
    f.confidence = ParseConfidence(findings.Text(5)).value_or(Confidence::kLow);
    for (const auto& m : nlohmann::json::parse(findings.Text(6), nullptr, false)) {
      if (m.is_string()) f.masked.push_back(m.get<std::string>());
    }
    r->findings.push_back(std::move(f));
  }
  Query violations(db_,
                   "SELECT rule, severity, message FROM violations WHERE file_id = ?1 ORDER BY id");
  if (!violations.ok()) return ReadError(db_, "reading stored violations");
  sqlite3_bind_int64(violations.get(), 1, file_id);
  while (sqlite3_step(violations.get()) == SQLITE_ROW) {
    r->violations.push_back({violations.Text(0), violations.Text(1), violations.Text(2)});
  }
  Query errors(db_, "SELECT member, reason, message FROM errors WHERE file_id = ?1 ORDER BY id");
  if (!errors.ok()) return ReadError(db_, "reading stored errors");
  sqlite3_bind_int64(errors.get(), 1, file_id);
  while (sqlite3_step(errors.get()) == SQLITE_ROW) {
    r->errors.push_back({errors.Text(0), errors.Text(1), errors.Text(2)});
  }
  return Status::OK();
}

}  // namespace mamori
