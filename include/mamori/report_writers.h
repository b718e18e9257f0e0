// Report writers: render a ReportModel (or, for JSON Lines, the scan's
// stored file reports) as text. They only format; `mamori report` reads the
// database and writes the output file (mode 0600).
//
// Thread-safety: pure functions of their arguments.
#ifndef MAMORI_REPORT_WRITERS_H_
#define MAMORI_REPORT_WRITERS_H_

#include <string>

#include "mamori/report_model.h"
#include "mamori/status.h"

namespace mamori {

// One self-contained HTML page (CSS, script and SVG charts inline; nothing
// loaded from the network), printable on A4. `lang` is "ja" (default) or
// "en".
std::string RenderHtmlReport(const ReportModel& model, const std::string& lang);

// UTF-8 with BOM, CRLF line ends, one row per violating file and identifier
// type (a file with violations but no findings gets one row with an empty
// type); columns documented in README.md. Opens correctly in Excel.
std::string RenderCsvReport(const ReportModel& model, const std::string& lang);

// The findings stream (shared/spec/findings-jsonl.md) of scan `query.scan_id`
// re-emitted from the database: one line per noteworthy file, as `mamori
// scan --jsonl` printed it.
Status RenderJsonlReport(const ReportQuery& query, std::string* out);

}  // namespace mamori

#endif  // MAMORI_REPORT_WRITERS_H_
