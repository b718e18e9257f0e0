// The scan lock: one scan at a time per database. A second scan on the same
// database stops at once with a clear message instead of interleaving its
// rows (SQLite would keep the file consistent, but the scans' results would
// not be). The lock is an advisory flock on "<database>.lock", released by
// the kernel however the process ends, so a killed scan never leaves it held.
//
// Thread-safety: one ScanLock per scan, used by the thread running it.
#ifndef MAMORI_SCANNER_SCAN_LOCK_H_
#define MAMORI_SCANNER_SCAN_LOCK_H_

#include <string>

#include "mamori/status.h"

namespace mamori {

class ScanLock {
 public:
  ScanLock() = default;
  ~ScanLock();
  ScanLock(const ScanLock&) = delete;
  ScanLock& operator=(const ScanLock&) = delete;

  // Takes the lock of the database at `db_path` without waiting. Reason
  // "database-busy" when another scan holds it.
  Status Acquire(const std::string& db_path);

 private:
  int fd_ = -1;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_SCAN_LOCK_H_
