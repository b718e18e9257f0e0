// Internal to the store stage: the writer thread that turns FileReports into
// rows, and the thread that checkpoints its log beside it.
//
// Thread-safety: StoreWriter::Put may be called from any thread; Finish from
// the thread that started the writer. While a writer runs, it is the only user
// of the database connection (the checkpointer has a connection of its own).
#ifndef MAMORI_SCANNER_STORE_WRITER_H_
#define MAMORI_SCANNER_STORE_WRITER_H_

#include <sqlite3.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "mamori/file_report.h"
#include "mamori/sql_statement.h"
#include "mamori/status.h"

namespace mamori::store_internal {

// The user name of `uid` (getpwuid_r), or the uid as decimal text when it has
// none. Thread-safe.
std::string LookUpUserName(std::uint32_t uid);

using Statement = SqlStatement;

// "database-write-failed" carrying the connection's last error.
Status WriteError(sqlite3* db, std::string_view doing);

// Checkpoints a WAL database from a thread and a connection of its own, so
// that copying the log into the database file (reads, writes, two syncs; a
// fifth of the writer's time on an identifier-dense share) runs beside the
// writer instead of inside its commits. The checkpoints are PASSIVE, as
// SQLite's own automatic ones: they wait for nobody, and a commit is as
// durable as before.
//
// Thread-safety: Request and WaitIdle may be called from any thread.
class WalCheckpointer {
 public:
  // Opens a second connection to `db`'s main database and starts the
  // thread; false (and no checkpointer) when the connection cannot be made.
  static bool Start(sqlite3* db, std::unique_ptr<WalCheckpointer>* out);

  ~WalCheckpointer();  // a checkpoint under way finishes first

  // Asks for a checkpoint; requests made while one runs make one more.
  void Request();

  // Waits until no checkpoint is asked for or running.
  void WaitIdle();

 private:
  explicit WalCheckpointer(sqlite3* db) : db_(db) {}
  void Run();

  sqlite3* const db_;  // the checkpointer's own connection
  std::mutex mu_;
  std::condition_variable cv_;    // requested_ or stopping_
  std::condition_variable idle_;  // running_ turned false
  bool requested_ = false;        // guarded by mu_
  bool running_ = false;          // guarded by mu_
  bool stopping_ = false;         // guarded by mu_
  std::thread thread_;
};

class StoreWriter {
 public:
  static constexpr std::size_t kQueueCapacity = 1024;
  static constexpr std::size_t kBatchReports = 512;
  // A batch also ends at kBatchCost (see Cost): a commit writes every page
  // the batch touched to the log, and the last commit is waited for at the
  // end of the scan, so a batch of identifier-dense files is kept to a few
  // milliseconds of writing.
  static constexpr std::size_t kBatchCost = 16384;
  static constexpr int kBatchMillis = 250;
  // Reports that wake the writer; fewer wait at most kWaitMillis.
  static constexpr std::size_t kWakeReports = 32;
  static constexpr int kWaitMillis = 20;
  // Keyed hashes per finding_value_blocks row (the schema's limit).
  static constexpr std::size_t kHashesPerBlock = 120;
  // The writer's work queued: a report costs one plus the keyed
  // hashes it brings (Cost). Put waits while kQueueCost are queued, so the
  // writer is never more than a few milliseconds behind: when the workers
  // outrun it they wait and leave it a core, instead of finishing first and
  // leaving it alone on one core with all of an identifier-dense tail of the
  // walk to write (measured: the end of a 0.55 s scan of many small files
  // waited 45 ms for it, now 5 ms). The writer is woken at kWakeCost, and
  // takes at most kTakeCost at a time so Put can go on while it writes.
  static constexpr std::size_t kQueueCost = 8192;
  static constexpr std::size_t kWakeCost = 1024;
  static constexpr std::size_t kTakeCost = 2048;

  // What a report costs the writer, in rows (see kQueueCost).
  static std::size_t Cost(const FileReport& report);

  // Pages in the log after a commit that ask the checkpointer for a
  // checkpoint (small, so little is left to checkpoint when the scan ends),
  // and that make the writer wait for it before its next batch so the log
  // starts again from its beginning (SQLite's own automatic checkpoint, put
  // back after the scan, is at kAutoCheckpointPages).
  static constexpr int kCheckpointPages = 256;
  static constexpr int kRestartPages = 1000;
  static constexpr int kAutoCheckpointPages = 1000;

  // Prepares the statements and starts the thread.
  // REQUIRES: `db` outlives the writer and nobody else uses it until Finish.
  static Status Start(sqlite3* db, std::int64_t scan_id, std::unique_ptr<StoreWriter>* out);

  ~StoreWriter();  // Finish()es if needed

  // Blocks while the queue is full. REQUIRES: Finish has not been called.
  void Put(FileReport report);

  // Writes everything queued, commits, stops the thread. Returns the first
  // write error; after one, later reports are discarded so Put never stalls.
  Status Finish();

  // The log holds `pages` after a commit (the WAL hook). Writer thread.
  void OnCommit(int pages);

 private:
  StoreWriter(sqlite3* db, std::int64_t scan_id) : db_(db), scan_id_(scan_id) {}
  Status Prepare();
  void Run();
  void Fail(std::string_view doing);
  void BeginBatch();
  void CommitBatch();
  void WriteReport(const FileReport& report);
  bool WriteFindings(std::int64_t file_id, const FileReport& report);
  const std::string& OwnerName(std::uint32_t uid);

  sqlite3* const db_;
  const std::int64_t scan_id_;
  // While the writer runs, the log is checkpointed by this rather than by
  // the writer's commits. Null when it could not start: SQLite's automatic
  // checkpoints then stay.
  std::unique_ptr<WalCheckpointer> checkpointer_;
  int wal_pages_ = 0;  // writer thread only

  // Writer thread only.
  Statement begin_, commit_, rollback_;
  Statement insert_file_, insert_finding_, insert_block_, insert_violation_, insert_error_;
  Statement insert_member_;
  Statement upsert_latest_, delete_latest_, set_value_set_;
  bool in_batch_ = false;
  // uid -> user name; a directory lookup (maybe LDAP) per file would cost
  // more than the row.
  std::unordered_map<std::uint32_t, std::string> owners_;
  Status first_error_;  // read by Finish after the join

  struct Queued {
    FileReport report;
    std::size_t cost;
  };
  // Whether the queue holds enough to wake the writer. REQUIRES: mu_ held.
  bool WakeWorthy() const {
    return queue_.size() >= kWakeReports || queued_cost_ >= kWakeCost || stopping_;
  }

  std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<Queued> queue_;     // guarded by mu_
  std::size_t queued_cost_ = 0;  // guarded by mu_; sum of queue_'s costs
  bool stopping_ = false;        // guarded by mu_

  std::thread thread_;
};

}  // namespace mamori::store_internal

#endif  // MAMORI_SCANNER_STORE_WRITER_H_
