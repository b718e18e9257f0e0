// ReportModel: everything a report for compliance officers shows about one
// scan, read from the database alone (no rescanning, no file access): the
// scan's summary, what was not inspected and why, violations by severity and
// rule, distinct people per identifier type (counted from keyed hashes), the
// violating files with their owners and permissions, the changes since an
// earlier scan, and the trend over past scans. The HTML, CSV and JSON Lines
// writers all render this one model, so they never disagree.
//
// No field ever holds a full identifier: findings carry masked examples only.
// Paths and members are display text (valid UTF-8, see path_text.h).
//
// Thread-safety: LoadReportModel opens its own read-only connection; a
// loaded model is a plain value.
#ifndef MAMORI_REPORT_MODEL_H_
#define MAMORI_REPORT_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mamori/status.h"

namespace mamori {

struct ReportScan {
  std::int64_t id = 0;
  std::string started_at;   // UTC ISO-8601, as stored
  std::string finished_at;  // empty while running
  std::string status;       // "running", "finished", "failed"
  std::string stop_reason;  // for "failed"
  std::vector<std::string> roots;
  std::string mamori_version;
  std::uint64_t entries = 0;
  std::uint64_t files_scanned = 0;
  std::uint64_t bytes_scanned = 0;
  std::uint64_t files_with_findings = 0;
  std::uint64_t violations = 0;
  std::uint64_t errors = 0;
  // The scan's --min-confidence ("low", "medium", "high"; "" when not
  // recorded). Findings below it were never stored, so every count in the
  // report (occurrences, distinct people) is of findings at or above it.
  std::string min_confidence;
};

struct ReportFinding {
  std::string type;    // "my_number", ...
  std::string member;  // "" for the file itself
  std::uint64_t count = 0;
  std::uint64_t distinct_count = 0;
  std::string confidence;           // "low", "medium", "high"
  std::vector<std::string> masked;  // "********9018"
};

struct ReportViolation {
  std::string rule;      // "personal-data-unencrypted", "weak-protection", "ppap"
  std::string severity;  // "high", "medium", "low", or "exempt"
  std::string message;   // counts and types only
};

struct ReportProtectedMember {
  std::string member;
  std::string scheme;
  bool encrypted = true;
};

// A file with at least one violation (exempt ones included, marked so).
struct ReportFile {
  std::int64_t file_id = 0;
  std::string path;  // display text
  std::string format;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  bool encrypted = false;
  std::string scheme;  // the file's own protection; empty when none
  std::vector<ReportProtectedMember> protected_members;
  // Recorded at scan time (schema v4); empty/0 in scans from older versions
  // (has_owner false then).
  bool has_owner = false;
  std::uint32_t uid = 0;
  std::string owner;       // user name, or the uid as text when unknown
  std::uint32_t mode = 0;  // POSIX permission bits (st_mode & 07777)
  bool world_readable = false;
  std::vector<ReportFinding> findings;
  std::vector<ReportViolation> violations;
  // Distinct keyed hashes per identifier type over the whole file, all
  // members together: the people the file names (findings' distinct_count is
  // per member, and does not add up across members).
  std::map<std::string, std::uint64_t> distinct_by_type;
};

// A file (or member) whose content was not, or not completely, checked.
struct ReportNotInspected {
  std::string path;
  std::string member;
  std::string reason;  // stable kebab-case ("encrypted-member", "permission-denied", ...)
  std::string message;
};

struct ReportTypeSummary {
  std::string type;
  std::uint64_t files = 0;        // files with a finding of this type
  std::uint64_t occurrences = 0;  // sum of counts
  // Distinct keyed hashes of this type across the whole scan: the number of
  // distinct people (an incident report's figure).
  std::uint64_t distinct_people = 0;
  // Of those, the people named in files with a violation (exempt ones
  // aside): whose data breaks the rules right now.
  std::uint64_t distinct_people_in_violations = 0;
};

struct ReportRuleSummary {
  std::string rule;
  std::string severity;
  std::uint64_t files = 0;
};

// A violation's identity across scans: the same path and rule.
struct ReportChange {
  std::string path;
  std::string rule;
  std::string severity;  // in the scan where it exists (new: this one; resolved: the older)
};

struct ReportTrendPoint {
  std::int64_t scan_id = 0;
  std::string started_at;
  std::uint64_t violating_files = 0;
  std::map<std::string, std::uint64_t> by_severity;  // "high" -> files
};

// Files with violations per top-level folder under a root, for the chart.
struct ReportFolderCount {
  // Display text: the top-level folder as a full path ("/srv/share/経理"),
  // or the root itself for files directly in it. Exempt-only files are not
  // counted.
  std::string folder;
  std::uint64_t files = 0;
};

struct ReportModel {
  ReportScan scan;
  std::optional<ReportScan> baseline;  // the scan "new/resolved" compare against
  std::vector<ReportFile> files;       // violating files, most severe first, then path
  std::vector<ReportNotInspected> not_inspected;
  std::map<std::string, std::uint64_t> not_inspected_by_reason;
  // Files per severity, each file once under its most severe violation
  // ("exempt" for files whose only violations are exempt).
  std::map<std::string, std::uint64_t> violations_by_severity;
  std::vector<ReportRuleSummary> rules;
  std::vector<ReportTypeSummary> types;
  std::vector<ReportFolderCount> folders;
  std::vector<ReportChange> added;      // violations not in the baseline
  std::vector<ReportChange> resolved;   // baseline violations gone now
  std::vector<ReportTrendPoint> trend;  // finished scans up to this one, oldest first
};

struct ReportQuery {
  std::string db_path;
  std::int64_t scan_id = 0;  // 0: the latest finished scan
  // 0: the latest finished scan before scan_id with a root in common (the
  // same share scanned again); none when there is no such scan.
  std::int64_t since = 0;
  std::size_t trend_scans = 12;
};

// Reads the model from the database, opened read-only. Errors: the database
// is missing or not a mamori database ("not-a-database"), from a newer
// mamori ("database-too-new"), older than schema 3 ("database-too-old": any
// scan with this mamori upgrades it), or holds no such scan ("no-such-scan",
// also for `since`).
Status LoadReportModel(const ReportQuery& query, ReportModel* model);

}  // namespace mamori

#endif  // MAMORI_REPORT_MODEL_H_
