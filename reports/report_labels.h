// The words and number formats of the HTML report, in Japanese (the
// default) and English: page texts, names of identifier types, rules,
// severities and not-inspected reasons, and the formatting of counts, sizes,
// times and permission bits. Formatting never depends on the process locale
// or time zone, so the same model always renders to the same page.
//
// Times: the database stores UTC; the report shows every time in Japan
// Standard Time (UTC+9, no daylight saving), marked "JST".
//
// Thread-safety: pure functions over constant tables.
#ifndef MAMORI_REPORTS_REPORT_LABELS_H_
#define MAMORI_REPORTS_REPORT_LABELS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace mamori {

enum class ReportLang { kJa, kEn };

// "en" is English; anything else is Japanese.
ReportLang ParseReportLang(std::string_view lang);
const char* ReportLangCode(ReportLang lang);  // "ja" / "en"

// The fixed texts of the page.
struct ReportText {
  const char* title;
  const char* scan;
  const char* incomplete_scan;  // banner for a scan that did not finish
  const char* headline_files;   // "{n}" files violate
  const char* headline_none;
  const char* headline_people;  // "{type}: {n}" distinct people
  const char* people_unit;
  const char* not_personal;  // beside a type that identifies no person
  const char* files_unit;
  const char* summary;
  const char* started;
  const char* finished;
  const char* status;
  const char* roots;
  const char* version;
  const char* entries;
  const char* files_scanned;
  const char* bytes_scanned;
  const char* files_with_findings;
  const char* errors;
  const char* not_inspected_count;
  const char* people_heading;
  const char* people_note;
  const char* type;
  const char* files;
  const char* occurrences;
  const char* distinct_people;
  const char* distinct_people_in_violations;
  const char* rules_heading;
  const char* rule;
  const char* severity;
  const char* charts;
  const char* chart_folders;
  const char* chart_types;
  const char* chart_trend;
  const char* trend_total;
  const char* no_data;
  const char* changes;
  const char* baseline;  // "compared with scan {id} ({time})"
  const char* no_baseline;
  const char* added;
  const char* resolved;
  const char* none;
  const char* path;
  const char* table_heading;
  const char* filter_text;
  const char* filter_all;
  const char* filter_world;
  const char* shown;  // "{shown} / {total}"
  const char* col_violations;
  const char* col_member;
  const char* col_types;
  const char* col_masked;
  const char* col_protection;
  const char* col_owner;
  const char* col_mode;
  const char* col_size;
  const char* col_mtime;
  const char* distinct_short;  // "{n} distinct" values in one file
  const char* others;          // the bar that sums the smallest folders
  const char* opens_without_password;
  const char* self;  // the file itself, as a member
  const char* unprotected;
  const char* plain_member;  // a member stored without encryption
  const char* world_readable;
  const char* unknown_owner;
  const char* truncated;  // "{n} more (see the CSV report)"
  const char* not_inspected;
  const char* reason;
  const char* message;
  const char* member;
  const char* footer_times;
  const char* footer_safety;
  const char* generated_by;
};

const ReportText& TextsFor(ReportLang lang);

// Display names; an unknown name is shown as it is.
std::string TypeLabel(ReportLang lang, std::string_view type);
std::string RuleLabel(ReportLang lang, std::string_view rule);
std::string SeverityLabel(ReportLang lang, std::string_view severity);
std::string ReasonLabel(ReportLang lang, std::string_view reason);
std::string StatusLabel(ReportLang lang, std::string_view status);

// False for identifier types that name no person (an insurer's number, a
// company's corporate number): their distinct values are not people.
bool TypeIdentifiesPerson(std::string_view type);

// 0 high, 1 medium, 2 low, 3 exempt, 4 anything else: most severe first.
int SeverityRank(std::string_view severity);

// Replaces the first "{name}" in `pattern` by `value`.
std::string Fill(std::string_view pattern, std::string_view name, std::string_view value);

// 1234567 -> "1,234,567".
std::string FormatCount(std::uint64_t n);
// Bytes in units of 1024 as Windows Explorer shows them: "512 B", "1.5 KB",
// "23 MB", "1.2 GB".
std::string FormatBytes(std::uint64_t bytes);
// "2025-04-01T03:04:05Z" -> "2025-04-01 12:04:05 JST". Text that is not of
// that form is returned unchanged (the caller escapes it).
std::string FormatStoredTime(std::string_view utc_iso);
// "2025-04-01" in JST, for chart axes; the input unchanged when unparsable.
std::string FormatStoredDate(std::string_view utc_iso);
// Nanoseconds since the epoch (UTC) -> "2025-04-01 12:04" (JST, unmarked:
// the table's column header says JST).
std::string FormatEpochNs(std::int64_t ns);
// 0640 -> "rw-r-----".
std::string FormatMode(std::uint32_t mode);

}  // namespace mamori

#endif  // MAMORI_REPORTS_REPORT_LABELS_H_
