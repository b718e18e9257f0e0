// Pieces of the HTML report shared by report_html*.cc: the embedded style
// sheet and script, the Content-Security-Policy hash, and the sections too
// long to live in report_html.cc. Each Append* writes one <section>; every
// string from the model is escaped on the way in.
//
// Thread-safety: pure functions.
#ifndef MAMORI_REPORTS_REPORT_HTML_PARTS_H_
#define MAMORI_REPORTS_REPORT_HTML_PARTS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "mamori/report_model.h"
#include "report_labels.h"

namespace mamori {

// reports/html/report.css and report.js (generated/report_assets.cc).
std::string_view ReportCss();
std::string_view ReportJs();

// "'sha256-<base64>'", a CSP source that allows exactly this inline text.
std::string CspHashSource(std::string_view text);

// The most rows a table of the page shows; the rest are counted in a note
// pointing to the CSV report, so a share with a million violating files
// still gives a page a browser can open.
inline constexpr std::size_t kMaxFileRows = 5000;
inline constexpr std::size_t kMaxListRows = 1000;
// Masked examples per type and members listed per file.
inline constexpr std::size_t kMaxMaskedPerType = 3;
inline constexpr std::size_t kMaxMembersPerFile = 8;

// The sortable, filterable table of violating files (report_html_files.cc).
void AppendFilesSection(const ReportModel& model, ReportLang lang, std::string* out);

// New and resolved violations, and what was not inspected
// (report_html_lists.cc).
void AppendChangesSection(const ReportModel& model, ReportLang lang, std::string* out);
void AppendNotInspectedSection(const ReportModel& model, ReportLang lang, std::string* out);

// Small helpers for the writers above.
void AppendTag(std::string_view open, std::string_view text, std::string_view close,
               std::string* out);  // open + escaped text + close
std::string SeverityBadge(ReportLang lang, std::string_view severity);
// Identifier types in display order: the ones mamori knows first (My Number
// first), then others by name.
int TypeOrder(std::string_view type);

}  // namespace mamori

#endif  // MAMORI_REPORTS_REPORT_HTML_PARTS_H_
