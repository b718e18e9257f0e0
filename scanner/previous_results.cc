#include "previous_results.h"

#include <sqlite3.h>

#include <algorithm>

#include "store_writer.h"

namespace mamori {

using store_internal::Statement;

namespace {

// Errors after which a file's results are still its whole content's: its
// format is not extracted yet (the raw bytes were searched), or a few bytes
// were invalid in its encoding. Anything else (unreadable, vanished, cut
// short) is read again.
constexpr const char* kReusableErrors = "('format-not-extracted', 'invalid-encoding')";

Status ReadError(sqlite3* db, const char* doing) {
  return Status::Error("database-read-failed", std::string(doing) + ": " + sqlite3_errmsg(db));
}

}  // namespace

PreviousResults::~PreviousResults() {
  reader_.reset();  // its statements before the connection
  sqlite3_close_v2(db_);
}

Status PreviousResults::Open(const std::string& db_path, const std::string& settings,
                             std::unique_ptr<PreviousResults>* out) {
  std::unique_ptr<PreviousResults> p(new PreviousResults());
  if (sqlite3_open_v2(db_path.c_str(), &p->db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    return ReadError(p->db_, "opening the database for reading");
  }
  sqlite3_busy_timeout(p->db_, 10000);
  const std::string sql =
      std::string(
          "SELECT l.path, f.id, f.size, f.mtime_ns, f.inode, f.device,"
          " s.settings = ?1 AND f.kind = 'regular' AND f.opened = 1 AND NOT EXISTS"
          " (SELECT 1 FROM errors e WHERE e.file_id = f.id AND e.reason NOT IN ") +
      kReusableErrors +
      "),"
      " " +
      kStoredDetailsExistSql +
      ","
      " f.format, f.encoding, f.bytes_scanned, f.encrypted, f.scheme, f.incomplete"
      " FROM latest_files l JOIN files f ON f.id = l.file_id"
      " JOIN scans s ON s.id = f.scan_id";
  Statement q;
  if (!q.Prepare(p->db_, sql)) {
    return ReadError(p->db_, "reading earlier results");
  }
  q.BindText(1, settings);
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    std::string path = q.Blob(0);
    Entry e;
    e.file_id = q.Int(1);
    e.size = static_cast<std::uint64_t>(q.Int(2));
    e.mtime_ns = q.Int(3);
    e.inode = static_cast<std::uint64_t>(q.Int(4));
    e.device = static_cast<std::uint64_t>(q.Int(5));
    e.reusable = q.Int(6) != 0;
    e.has_details = q.Int(7) != 0;
    e.seen = false;
    e.format = q.Text(8);
    e.encoding = q.Text(9);
    e.bytes_scanned = static_cast<std::uint64_t>(q.Int(10));
    e.encrypted = q.Int(11) != 0;
    e.scheme = q.Text(12);
    e.incomplete = q.Int(13) != 0;
    p->entries_.emplace(std::move(path), std::move(e));
  }
  if (rc != SQLITE_DONE) return ReadError(p->db_, "reading earlier results");
  q.Reset();
  if (Status s = StoredReportReader::Open(p->db_, &p->reader_); !s.ok()) return s;
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
  std::vector<std::string> trimmed;
  for (std::string root : roots) {
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    trimmed.push_back(std::move(root));
  }
  std::vector<std::string> out;
  for (const auto& [path, e] : entries_) {
    if (e.seen) continue;
    for (const std::string& root : trimmed) {
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
  // Violations are read back for completeness; the scan judges the file
  // again under its policy (exceptions expire) before it is written.
  return reader_->ReadDetails(e.file_id, r);
}

}  // namespace mamori
