// Store: the store stage. Records scans, walked entries, findings (masked
// examples and keyed hashes only), violations and errors in SQLite.
//
// The database runs in WAL mode and is written by one thread that the Store
// owns: Put() hands a report to that thread through a bounded queue, and the
// thread commits in batches (every 512 reports, 16,384 rows or 250 ms,
// whichever first).
// The database file is created with mode 0600. The schema lives in
// scanner/schema.sql with a version (PRAGMA user_version) for migrations.
//
// Thread-safety: Put() may be called from any thread; BeginScan, FinishScan
// and Close from one controlling thread, BeginScan before any Put.
#ifndef MAMORI_STORE_H_
#define MAMORI_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mamori/file_report.h"
#include "mamori/status.h"

namespace mamori {

struct ScanRecord {
  std::vector<std::string> roots;
  std::string mamori_version;
  std::string rules_hash;  // hash of the rule set the scan used
  std::string settings;    // what shapes results; reuse needs equal settings
};

struct ScanTotals {
  std::uint64_t entries = 0;        // everything walked
  std::uint64_t files_scanned = 0;  // regular files opened and read
  std::uint64_t bytes_scanned = 0;
  std::uint64_t files_with_findings = 0;
  std::uint64_t violations = 0;
  std::uint64_t errors = 0;
  std::string status;       // "finished" or "failed"
  std::string stop_reason;  // for "failed": "interrupted", ...
};

class Store {
 public:
  // Opens or creates the database at `path`, applying the schema or
  // migrating an older one. Refuses a database from a newer mamori.
  static Status Open(const std::string& path, std::unique_ptr<Store>* store);

  ~Store();  // Close()s if needed
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Inserts the scan row and starts the writer thread. Scans left
  // 'running' by a process that died are marked failed ('killed').
  // REQUIRES: the caller holds the database's scan lock (ScanLock).
  Status BeginScan(const ScanRecord& record);
  std::int64_t scan_id() const;

  // Queues a report for writing; blocks while the queue is full.
  void Put(FileReport report);

  // Drains the queue, commits, and records the totals on the scan row.
  // Returns the first write error met, if any.
  Status FinishScan(const ScanTotals& totals);

  // The schema version this build writes.
  static int SchemaVersion();

 private:
  Store();
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

}  // namespace mamori

#endif  // MAMORI_STORE_H_
