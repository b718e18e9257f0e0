// The store's writer thread. Committing each report alone would cost an fsync
// per file; batching bounds both that cost and how much a crash can lose.
#include "store_writer.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

namespace mamori::store_internal {

Status WriteError(sqlite3* db, std::string_view doing) {
  return Status::Error("database-write-failed", std::string(doing) + ": " + sqlite3_errmsg(db));
}

std::string LookUpUserName(std::uint32_t uid) {
  long hint = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buf(hint > 0 ? static_cast<std::size_t>(hint) : 1024);
  for (;;) {
    struct passwd pw;
    struct passwd* found = nullptr;
    const int rc = ::getpwuid_r(static_cast<uid_t>(uid), &pw, buf.data(), buf.size(), &found);
    if (rc == ERANGE && buf.size() < (1u << 20)) {
      buf.resize(buf.size() * 2);
      continue;
    }
    if (rc == 0 && found != nullptr && found->pw_name != nullptr && *found->pw_name != '\0') {
      return found->pw_name;
    }
    return std::to_string(uid);
  }
}

bool WalCheckpointer::Start(sqlite3* db, std::unique_ptr<WalCheckpointer>* out) {
  const char* path = sqlite3_db_filename(db, "main");
  if (path == nullptr || *path == '\0') return false;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
#ifdef SQLITE_OPEN_NOFOLLOW
  flags |= SQLITE_OPEN_NOFOLLOW;
#endif
  sqlite3* own = nullptr;
  if (sqlite3_open_v2(path, &own, flags, nullptr) != SQLITE_OK ||
      sqlite3_exec(own, "PRAGMA synchronous = NORMAL", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(own);
    return false;
  }
  std::unique_ptr<WalCheckpointer> c(new WalCheckpointer(own));
  c->thread_ = std::thread([p = c.get()] { p->Run(); });
  *out = std::move(c);
  return true;
}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
  sqlite3_close_v2(db_);
}

void WalCheckpointer::Request() {
  {
    std::lock_guard lock(mu_);
    requested_ = true;
  }
  cv_.notify_one();
}

void WalCheckpointer::WaitIdle() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [&] { return (!requested_ && !running_) || stopping_; });
}

void WalCheckpointer::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return requested_ || stopping_; });
    if (stopping_) break;
    requested_ = false;
    running_ = true;
    lock.unlock();
    // Failing (busy, I/O) only leaves the log longer for the next one.
    sqlite3_wal_checkpoint_v2(db_, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
    running_ = false;
    idle_.notify_all();
  }
  idle_.notify_all();
}

namespace {

// Called by SQLite on the writer's thread after each commit, with the pages
// in the log; installed in place of the automatic checkpoint.
int OnCommit(void* writer, sqlite3*, const char*, int pages) {
  static_cast<StoreWriter*>(writer)->OnCommit(pages);
  return SQLITE_OK;
}

}  // namespace

void StoreWriter::OnCommit(int pages) {
  wal_pages_ = pages;
  if (pages >= kCheckpointPages) checkpointer_->Request();
}

Status StoreWriter::Start(sqlite3* db, std::int64_t scan_id, std::unique_ptr<StoreWriter>* out) {
  std::unique_ptr<StoreWriter> writer(new StoreWriter(db, scan_id));
  if (Status s = writer->Prepare(); !s.ok()) return s;
  // Foreign keys are off while the writer runs: every id it binds is one it
  // has just inserted, and checking each keyed hash's finding was a fifth of
  // the writer's time (measured: 519k values of an identifier-dense share).
  // They are on again for everything else (Finish), deletes cascade as ever.
  if (sqlite3_exec(db, "PRAGMA foreign_keys = OFF", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return WriteError(db, "starting the writer");
  }
  if (WalCheckpointer::Start(db, &writer->checkpointer_)) {
    sqlite3_wal_hook(db, mamori::store_internal::OnCommit, writer.get());
  }
  writer->thread_ = std::thread([w = writer.get()] { w->Run(); });
  *out = std::move(writer);
  return Status::OK();
}

StoreWriter::~StoreWriter() { Finish(); }

Status StoreWriter::Prepare() {
  struct {
    Statement* stmt;
    const char* sql;
  } const statements[] = {
      {&begin_, "BEGIN IMMEDIATE"},
      {&commit_, "COMMIT"},
      {&rollback_, "ROLLBACK"},
      {&insert_file_,
       "INSERT INTO files (scan_id, path, kind, size, mtime_ns, inode, device, format, opened,"
       " bytes_scanned, encrypted, scheme, incomplete, encoding, reused, uid, owner, mode)"
       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
       " ?18)"},
      {&upsert_latest_, "INSERT OR REPLACE INTO latest_files (path, file_id) VALUES (?1, ?2)"},
      {&delete_latest_, "DELETE FROM latest_files WHERE path = ?1"},
      {&set_value_set_, "UPDATE findings SET value_set = ?1 WHERE id = ?2"},
      {&insert_finding_,
       "INSERT INTO findings (file_id, type, member, count, distinct_count, confidence, masked)"
       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
      {&insert_block_, "INSERT INTO finding_value_blocks (finding_id, hashes) VALUES (?1, ?2)"},
      {&insert_violation_,
       "INSERT INTO violations (file_id, rule, severity, message) VALUES (?1, ?2, ?3, ?4)"},
      {&insert_member_,
       "INSERT INTO protected_members (file_id, member, scheme, encrypted)"
       " VALUES (?1, ?2, ?3, ?4)"},
      {&insert_error_,
       "INSERT INTO errors (scan_id, file_id, member, reason, message)"
       " VALUES (?1, ?2, ?3, ?4, ?5)"},
  };
  for (const auto& [stmt, sql] : statements) {
    if (!stmt->Prepare(db_, sql, /*persistent=*/true))
      return WriteError(db_, "preparing statements");
  }
  return Status::OK();
}

std::size_t StoreWriter::Cost(const FileReport& report) {
  std::size_t cost = 1;
  for (const Finding& f : report.findings) {
    if (f.value_set == 0) cost += f.hashes.size();
  }
  return cost;
}

void StoreWriter::Put(FileReport report) {
  const std::size_t cost = Cost(report);
  std::unique_lock lock(mu_);
  // An empty queue takes a report of any cost. Whenever Put waits, the
  // queue is WakeWorthy, so the writer is not asleep.
  not_full_.wait(lock, [&] {
    return queue_.empty() || (queue_.size() < kQueueCapacity && queued_cost_ < kQueueCost);
  });
  queue_.push_back({std::move(report), cost});
  queued_cost_ += cost;
  // The writer is woken for a handful of reports, not for each: a wake-up
  // per small file (a futex call and a context switch taking a core from
  // the workers) was 4% of a scan of many small files. It looks by itself
  // every kWaitMillis as well.
  const bool wake = WakeWorthy();
  lock.unlock();
  if (wake) not_empty_.notify_one();
}

Status StoreWriter::Finish() {
  if (!thread_.joinable()) return first_error_;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  not_empty_.notify_one();
  thread_.join();
  if (checkpointer_) {
    sqlite3_wal_autocheckpoint(db_, kAutoCheckpointPages);  // replaces the hook
    checkpointer_.reset();
  }
  if (sqlite3_exec(db_, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr) != SQLITE_OK &&
      first_error_.ok()) {
    first_error_ = WriteError(db_, "finishing the writer");
  }
  return first_error_;
}

void StoreWriter::Run() {
  using Clock = std::chrono::steady_clock;
  std::vector<FileReport> taken;
  taken.reserve(kBatchReports);
  std::unique_lock lock(mu_);
  for (;;) {
    while (!not_empty_.wait_for(lock, std::chrono::milliseconds(kWaitMillis), [&] {
      return WakeWorthy();
    }) && queue_.empty()) {
    }
    if (queue_.empty()) return;  // stopping, and everything is written

    // A batch lasts from its first report until it holds kBatchReports or
    // kBatchCost, or kBatchMillis have passed, so no report waits long for
    // its commit.
    const auto deadline = Clock::now() + std::chrono::milliseconds(kBatchMillis);
    std::size_t batched = 0, batch_cost = 0;
    for (;;) {
      std::size_t taken_cost = 0;
      while (!queue_.empty() && batched + taken.size() < kBatchReports && taken_cost < kTakeCost) {
        taken_cost += queue_.front().cost;
        queued_cost_ -= queue_.front().cost;
        taken.push_back(std::move(queue_.front().report));
        queue_.pop_front();
      }
      // Reports left behind by kTakeCost are written next, without waiting.
      const bool more = !queue_.empty() && batched + taken.size() < kBatchReports;
      lock.unlock();
      not_full_.notify_all();
      if (!in_batch_) BeginBatch();
      for (const FileReport& report : taken) WriteReport(report);
      batched += taken.size();
      batch_cost += taken_cost;
      taken.clear();
      lock.lock();
      if (batched >= kBatchReports || batch_cost >= kBatchCost) break;
      // Woken for kWakeReports or kWakeCost, or at the deadline with what has come.
      if (!more) not_empty_.wait_until(lock, deadline, [&] { return WakeWorthy(); });
      if (queue_.empty() || Clock::now() >= deadline) break;
    }
    lock.unlock();
    CommitBatch();
    lock.lock();
  }
}

// After the first failure the writer only discards: the scan is failed anyway,
// and retrying against a full disk would slow every worker behind the queue.
void StoreWriter::Fail(std::string_view doing) {
  if (first_error_.ok()) first_error_ = WriteError(db_, doing);
  if (sqlite3_get_autocommit(db_) == 0) rollback_.Run();
  in_batch_ = false;
}

void StoreWriter::BeginBatch() {
  if (!first_error_.ok()) return;
  // The log starts again from its beginning only when a write transaction
  // begins with all of it checkpointed. The checkpointer runs beside the
  // writer's next batch, so that would never happen and the log would grow
  // as large as the database (27 MB of new file pages to write and then
  // delete on close for an identifier-dense share): once it holds
  // kRestartPages, the writer waits for the checkpointer (a few ms) first.
  if (checkpointer_ && wal_pages_ >= kRestartPages) checkpointer_->WaitIdle();
  if (begin_.Run() != SQLITE_DONE) return Fail("beginning a transaction");
  in_batch_ = true;
}

void StoreWriter::CommitBatch() {
  if (!in_batch_) return;
  in_batch_ = false;
  if (commit_.Run() != SQLITE_DONE) Fail("committing");
}

void StoreWriter::WriteReport(const FileReport& r) {
  if (!in_batch_) return;
  const FileRef& f = r.file;
  insert_file_.Bind(1, scan_id_);
  insert_file_.BindBlob(2, f.path.data(), f.path.size());
  insert_file_.BindText(3, FileKindName(f.kind));
  insert_file_.BindUnsigned(4, f.size);
  insert_file_.Bind(5, f.mtime_ns);
  insert_file_.BindUnsigned(6, f.inode);
  insert_file_.BindUnsigned(7, f.device);
  insert_file_.BindText(8, r.format);
  insert_file_.Bind(9, r.opened);
  insert_file_.BindUnsigned(10, r.bytes_scanned);
  insert_file_.Bind(11, r.protection.encrypted);
  if (r.protection.scheme.empty()) {
    insert_file_.BindNull(12);
  } else {
    insert_file_.BindText(12, r.protection.scheme);
  }
  insert_file_.Bind(13, r.incomplete);
  insert_file_.BindText(14, r.encoding);
  insert_file_.Bind(15, r.reused);
  if (f.has_owner) {
    insert_file_.Bind(16, f.uid);
    insert_file_.BindText(17, OwnerName(f.uid));
    insert_file_.Bind(18, f.mode & 07777);
  } else {
    insert_file_.BindNull(16);
    insert_file_.BindNull(17);
    insert_file_.BindNull(18);
  }
  if (insert_file_.Run() != SQLITE_DONE) return Fail("inserting a file row");
  const std::int64_t file_id = sqlite3_last_insert_rowid(db_);
  // The next incremental scan looks a path up here; a removed file has no
  // results left to reuse.
  if (f.kind == FileKind::kRemoved) {
    delete_latest_.BindBlob(1, f.path.data(), f.path.size());
    if (delete_latest_.Run() != SQLITE_DONE) return Fail("forgetting a removed file");
  } else {
    upsert_latest_.BindBlob(1, f.path.data(), f.path.size());
    upsert_latest_.Bind(2, file_id);
    if (upsert_latest_.Run() != SQLITE_DONE) return Fail("recording a file's latest row");
  }

  if (!WriteFindings(file_id, r)) return;
  for (const ProtectedMember& m : r.protection.members) {
    insert_member_.Bind(1, file_id);
    insert_member_.BindText(2, m.member);
    insert_member_.BindText(3, m.scheme);
    insert_member_.Bind(4, m.encrypted);
    if (insert_member_.Run() != SQLITE_DONE) return Fail("inserting a protected member row");
  }
  for (const Violation& v : r.violations) {
    insert_violation_.Bind(1, file_id);
    insert_violation_.BindText(2, v.rule);
    insert_violation_.BindText(3, v.severity);
    insert_violation_.BindText(4, v.message);
    if (insert_violation_.Run() != SQLITE_DONE) return Fail("inserting a violation row");
  }
  for (const ScanError& e : r.errors) {
    insert_error_.Bind(1, scan_id_);
    insert_error_.Bind(2, file_id);
    insert_error_.BindText(3, e.member);
    insert_error_.BindText(4, e.reason);
    insert_error_.BindText(5, e.message);
    if (insert_error_.Run() != SQLITE_DONE) return Fail("inserting an error row");
  }
}

const std::string& StoreWriter::OwnerName(std::uint32_t uid) {
  auto it = owners_.find(uid);
  if (it == owners_.end()) it = owners_.emplace(uid, LookUpUserName(uid)).first;
  return it->second;
}

bool StoreWriter::WriteFindings(std::int64_t file_id, const FileReport& r) {
  for (const Finding& finding : r.findings) {
    // Masked examples are ASCII by construction; replacing rather than throwing
    // keeps a stray byte from losing the whole row.
    const std::string masked = nlohmann::json(finding.masked)
                                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    insert_finding_.Bind(1, file_id);
    insert_finding_.BindText(2, finding.type);
    insert_finding_.BindText(3, finding.member);
    insert_finding_.BindUnsigned(4, finding.count);
    insert_finding_.BindUnsigned(5, finding.distinct);
    insert_finding_.BindText(6, ConfidenceName(finding.confidence));
    insert_finding_.BindText(7, masked);
    if (insert_finding_.Run() != SQLITE_DONE) {
      Fail("inserting a finding row");
      return false;
    }
    const std::int64_t finding_id = sqlite3_last_insert_rowid(db_);
    // A reused finding points at the hashes stored with the first; a new
    // one owns its own.
    set_value_set_.Bind(1, finding.value_set != 0 ? finding.value_set : finding_id);
    set_value_set_.Bind(2, finding_id);
    if (set_value_set_.Run() != SQLITE_DONE) {
      Fail("linking a finding's values");
      return false;
    }
    if (finding.value_set != 0) continue;
    // KeyedHash is a plain byte array, so a finding's hashes lie end to
    // end and a block is bound straight from them.
    static_assert(sizeof(KeyedHash) == 16 && alignof(KeyedHash) == 1);
    // Stored once each and in hash order, as the schema promises. The
    // detector's are (Detector::Finish), so this is one pass, not a sort.
    std::vector<KeyedHash> sorted;
    const bool strictly_increasing =
        std::adjacent_find(finding.hashes.begin(), finding.hashes.end(),
                           [](const KeyedHash& a, const KeyedHash& b) { return !(a < b); }) ==
        finding.hashes.end();
    if (!strictly_increasing) {
      sorted = finding.hashes;
      std::sort(sorted.begin(), sorted.end());
      sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    }
    const std::vector<KeyedHash>& hashes = strictly_increasing ? finding.hashes : sorted;
    for (std::size_t i = 0; i < hashes.size(); i += kHashesPerBlock) {
      const std::size_t n = std::min(kHashesPerBlock, hashes.size() - i);
      insert_block_.Bind(1, finding_id);
      insert_block_.BindBlob(2, hashes[i].data(), n * sizeof(KeyedHash));
      if (insert_block_.Run() != SQLITE_DONE) {
        Fail("inserting a finding's keyed hashes");
        return false;
      }
    }
  }
  return true;
}

}  // namespace mamori::store_internal
