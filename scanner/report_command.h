// `mamori report`: renders a stored scan as HTML, CSV or JSON Lines from the
// database alone, into a file created owner-only (mode 0600) or to standard
// output.
//
// Thread-safety: RunReportCommand is called from the main thread only (it
// writes to standard output and standard error).
#ifndef MAMORI_SCANNER_REPORT_COMMAND_H_
#define MAMORI_SCANNER_REPORT_COMMAND_H_

#include <cstdint>
#include <string>

#include "mamori/status.h"

namespace mamori {

struct ReportCommandOptions {
  std::string db_path;
  std::string format = "html";  // "html", "csv" or "jsonl"
  std::string output;           // "-" for standard output
  std::int64_t scan_id = 0;     // 0: the latest finished scan
  std::int64_t since = 0;       // 0: the previous scan of the same roots
  std::string lang = "ja";      // "ja" or "en"
  std::size_t trend_scans = 12;
};

// Renders and writes the report. Errors are returned, not printed.
Status RunReport(const ReportCommandOptions& options);

// Writes `text` to `path` ("-": standard output), creating the file mode
// 0600 or truncating it (and tightening a regular file we can to 0600).
Status WriteOwnerOnly(const std::string& path, const std::string& text);

}  // namespace mamori

#endif  // MAMORI_SCANNER_REPORT_COMMAND_H_
