// What earlier scans stored, for an incremental scan: the latest row of every
// path, whether it may be reused (same settings, read completely), and the
// stored results of a row, rebuilt as a FileReport.
//
// Thread-safety: Match and Unseen from the walk thread only (they share the
// seen marks); Load from any thread (one read connection, serialized by a
// mutex).
#ifndef MAMORI_SCANNER_PREVIOUS_RESULTS_H_
#define MAMORI_SCANNER_PREVIOUS_RESULTS_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "mamori/file_report.h"
#include "mamori/status.h"
#include "mamori/stored_report.h"

struct sqlite3;

namespace mamori {

class PreviousResults {
 public:
  // Reads the latest row of every path from the database at `db_path`
  // (opened a second time, read-only). Rows are reusable when their scan had
  // exactly `settings` and the file was read with nothing cut short.
  static Status Open(const std::string& db_path, const std::string& settings,
                     std::unique_ptr<PreviousResults>* out);
  ~PreviousResults();

  // The latest stored row of a path, with what a reused report needs when the
  // file had nothing to report (most files: no queries then).
  struct Entry {
    std::int64_t file_id;
    std::uint64_t size;
    std::int64_t mtime_ns;
    std::uint64_t inode;
    std::uint64_t device;
    bool reusable;
    bool has_details;  // findings, violations or errors to read back
    bool seen;
    std::string format;
    std::string encoding;
    std::uint64_t bytes_scanned;
    bool encrypted;
    std::string scheme;
    bool incomplete;
  };

  // Marks the entry's path as seen, and returns the stored row to reuse for
  // it (size, mtime to the nanosecond, inode and device all unchanged), or
  // nullptr. The entry stays valid as long as this object.
  const Entry* Match(const FileRef& ref);

  // Paths under `roots` that earlier scans recorded and this walk did not
  // see: removed since. REQUIRES: the walk ran to its end.
  std::vector<std::string> Unseen(const std::vector<std::string>& roots) const;

  // Fills *report (all but report->file) from a stored row. report->file
  // keeps what the walk just read (owner and permissions included).
  Status Load(const Entry& entry, FileReport* report);

  std::size_t size() const { return entries_.size(); }

 private:
  PreviousResults() = default;

  std::unordered_map<std::string, Entry> entries_;
  std::mutex mu_;  // guards db_, reader_ and their use
  sqlite3* db_ = nullptr;
  std::unique_ptr<StoredReportReader> reader_;  // on db_
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_PREVIOUS_RESULTS_H_
