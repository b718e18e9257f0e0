// Internal to LoadReportModel: the steps that fill a ReportModel, each from
// its own file (report_model_load.cc: the scan and its files; report_changes.cc:
// what changed since the baseline, the trend and the folder counts).
//
// Thread-safety: functions of their arguments and the connection they are
// given; one thread per connection.
#ifndef MAMORI_REPORTS_REPORT_MODEL_INTERNAL_H_
#define MAMORI_REPORTS_REPORT_MODEL_INTERNAL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mamori/report_model.h"
#include "report_db.h"

namespace mamori::report_internal {

// 0 high, 1 medium, 2 low, 3 any other name, 4 exempt: smaller is worse.
int SeverityOrder(std::string_view severity);

// Whether `path` is `root` or lies below it (display text, trailing '/' of
// the root ignored).
bool UnderRoot(std::string_view path, std::string_view root);

// Whether one root of `a` is, contains or lies in one root of `b`.
bool RootsOverlap(const std::vector<std::string>& a, const std::vector<std::string>& b);

// The scan row `id`; "no-such-scan" when there is none.
Status LoadScan(ReportDb& db, std::int64_t id, ReportScan* scan);

// Every scan up to and including `up_to`, oldest first (for choosing a
// baseline and the trend).
Status ListScans(ReportDb& db, std::int64_t up_to, std::vector<ReportScan>* scans);

// model->added and model->resolved: the non-exempt violations, by path and
// rule, of model->scan that model->baseline lacks, and the other way round.
// Resolved ones are limited to paths under the scan's roots: what the scan
// did not look at is not resolved.
Status LoadChanges(ReportDb& db, ReportModel* model);

// model->trend: finished scans (and the reported one) whose roots overlap
// the reported scan's, the last `limit` of them.
Status LoadTrend(ReportDb& db, const std::vector<ReportScan>& scans, std::size_t limit,
                 ReportModel* model);

// model->folders from model->files (exempt-only files are not counted).
void CountFolders(ReportModel* model);

}  // namespace mamori::report_internal

#endif  // MAMORI_REPORTS_REPORT_MODEL_INTERNAL_H_
