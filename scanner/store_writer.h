// Internal to the store stage: the writer thread that turns FileReports into
// rows.
//
// Thread-safety: StoreWriter::Put may be called from any thread; Finish from
// the thread that started the writer. While a writer runs, it is the only user
// of the database connection.
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

class StoreWriter {
 public:
  static constexpr std::size_t kQueueCapacity = 1024;
  static constexpr std::size_t kBatchReports = 512;
  static constexpr int kBatchMillis = 250;
  // Reports that wake the writer; fewer wait at most kWaitMillis.
  static constexpr std::size_t kWakeReports = 32;
  static constexpr int kWaitMillis = 20;
  // Keyed hashes inserted by one statement (the rest of a finding one by one).
  static constexpr std::size_t kValuesPerInsert = 64;

  // Prepares the statements and starts the thread.
  // REQUIRES: `db` outlives the writer and nobody else uses it until Finish.
  static Status Start(sqlite3* db, std::int64_t scan_id, std::unique_ptr<StoreWriter>* out);

  ~StoreWriter();  // Finish()es if needed

  // Blocks while the queue is full. REQUIRES: Finish has not been called.
  void Put(FileReport report);

  // Writes everything queued, commits, stops the thread. Returns the first
  // write error; after one, later reports are discarded so Put never stalls.
  Status Finish();

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

  // Writer thread only.
  Statement begin_, commit_, rollback_;
  Statement insert_file_, insert_finding_, insert_value_, insert_violation_, insert_error_;
  Statement insert_member_, insert_values_;
  Statement upsert_latest_, delete_latest_, set_value_set_;
  bool in_batch_ = false;
  // uid -> user name; a directory lookup (maybe LDAP) per file would cost
  // more than the row.
  std::unordered_map<std::uint32_t, std::string> owners_;
  Status first_error_;  // read by Finish after the join

  std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<FileReport> queue_;  // guarded by mu_
  bool stopping_ = false;         // guarded by mu_

  std::thread thread_;
};

}  // namespace mamori::store_internal

#endif  // MAMORI_SCANNER_STORE_WRITER_H_
