// LoadReportModel: the scan row, its violating files with their findings,
// the summaries (severities, rules, identifier types with distinct people,
// what was not inspected), then the steps of report_changes.cc.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "distinct_hashes.h"
#include "mamori/path_text.h"
#include "mamori/report_model.h"
#include "report_model_internal.h"

namespace mamori {

using report_internal::DistinctHashes;
using report_internal::HashColumn;
using report_internal::HashJoin;
using report_internal::HashWidth;
using report_internal::Query;
using report_internal::ReportDb;
using report_internal::SeverityOrder;

namespace report_internal {

int SeverityOrder(std::string_view severity) {
  if (severity == "high") return 0;
  if (severity == "medium") return 1;
  if (severity == "low") return 2;
  if (severity == "exempt") return 4;
  return 3;
}

namespace {

std::vector<std::string> ParseRoots(const std::string& json) {
  std::vector<std::string> roots;
  const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
  if (!parsed.is_array()) return roots;
  for (const auto& r : parsed) {
    if (r.is_string()) roots.push_back(PathToDisplay(r.get<std::string>()));
  }
  return roots;
}

// "...;min-confidence=high;..." in the settings the scan was run with.
std::string MinConfidenceOf(const std::string& settings) {
  constexpr std::string_view kKey = "min-confidence=";
  const std::size_t at = settings.find(kKey);
  if (at == std::string::npos) return "";
  const std::size_t from = at + kKey.size();
  const std::size_t end = settings.find(';', from);
  std::string value = settings.substr(from, end == std::string::npos ? end : end - from);
  return value == "low" || value == "medium" || value == "high" ? value : "";
}

constexpr const char* kScanColumns =
    "SELECT id, started_at, coalesce(finished_at, ''), status, coalesce(stop_reason, ''), roots,"
    " mamori_version, entries, files_scanned, bytes_scanned, files_with_findings, violations,"
    " errors, settings FROM scans";

void ReadScan(Query& q, ReportScan* s) {
  s->id = q.Int(0);
  s->started_at = PathToDisplay(q.Text(1));
  s->finished_at = PathToDisplay(q.Text(2));
  s->status = PathToDisplay(q.Text(3));
  s->stop_reason = PathToDisplay(q.Text(4));
  s->roots = ParseRoots(q.Text(5));
  s->mamori_version = PathToDisplay(q.Text(6));
  auto u = [&](int col) { return static_cast<std::uint64_t>(q.Int(col)); };
  s->entries = u(7);
  s->files_scanned = u(8);
  s->bytes_scanned = u(9);
  s->files_with_findings = u(10);
  s->violations = u(11);
  s->errors = u(12);
  s->min_confidence = MinConfidenceOf(q.Text(13));
}

}  // namespace

Status LoadScan(ReportDb& db, std::int64_t id, ReportScan* scan) {
  Query q;
  if (!q.Prepare(db.db(), std::string(kScanColumns) + " WHERE id = ?1")) {
    return db.ReadError("reading the scan");
  }
  q.Bind(1, id);
  const int rc = q.Step();
  if (rc == SQLITE_DONE) {
    return Status::Error("no-such-scan", "the database holds no scan " + std::to_string(id));
  }
  if (rc != SQLITE_ROW) return db.ReadError("reading the scan");
  ReadScan(q, scan);
  return Status::OK();
}

Status ListScans(ReportDb& db, std::int64_t up_to, std::vector<ReportScan>* scans) {
  Query q;
  if (!q.Prepare(db.db(), std::string(kScanColumns) + " WHERE id <= ?1 ORDER BY id")) {
    return db.ReadError("listing scans");
  }
  q.Bind(1, up_to);
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    ReportScan s;
    ReadScan(q, &s);
    scans->push_back(std::move(s));
  }
  return rc == SQLITE_DONE ? Status::OK() : db.ReadError("listing scans");
}

}  // namespace report_internal

namespace {

// The scan the report is about: the one asked for, or the latest finished.
Status ResolveScanId(ReportDb& db, std::int64_t asked, std::int64_t* id) {
  if (asked != 0) {
    *id = asked;
    return Status::OK();
  }
  Query q;
  if (!q.Prepare(db.db(), "SELECT max(id) FROM scans WHERE status = 'finished'") ||
      q.Step() != SQLITE_ROW) {
    return db.ReadError("finding the latest scan");
  }
  if (q.IsNull(0)) {
    return Status::Error("no-such-scan", "the database holds no finished scan");
  }
  *id = q.Int(0);
  return Status::OK();
}

// The previous finished scan of the same tree (a root in common). A scan of
// another share has none: against it every violation would look new and
// none resolved.
const ReportScan* ChooseBaseline(const std::vector<ReportScan>& scans, const ReportScan& scan) {
  for (auto it = scans.rbegin(); it != scans.rend(); ++it) {
    if (it->id >= scan.id || it->status != "finished") continue;
    if (report_internal::RootsOverlap(it->roots, scan.roots)) return &*it;
  }
  return nullptr;
}

Status LoadFiles(ReportDb& db, ReportModel* model) {
  sqlite3* raw = db.db();
  // Version 3 has no owner columns: the same query, answering NULL.
  const std::string owner_columns =
      db.version() >= 4 ? "f.uid, f.owner, f.mode" : "NULL, NULL, NULL";
  Query files, findings, violations, members, hashes;
  const std::size_t width = HashWidth(db.version());
  if (!files.Prepare(raw,
                     "SELECT f.id, f.path, f.format, f.size, f.mtime_ns, f.encrypted,"
                     " coalesce(f.scheme, ''), " +
                         owner_columns +
                         " FROM files f WHERE f.scan_id = ?1 AND EXISTS"
                         " (SELECT 1 FROM violations v WHERE v.file_id = f.id) ORDER BY f.id") ||
      !findings.Prepare(raw,
                        "SELECT type, member, count, distinct_count, confidence, masked"
                        " FROM findings WHERE file_id = ?1 ORDER BY id") ||
      !violations.Prepare(
          raw, "SELECT rule, severity, message FROM violations WHERE file_id = ?1 ORDER BY id") ||
      !members.Prepare(raw,
                       "SELECT member, scheme, encrypted FROM protected_members"
                       " WHERE file_id = ?1 ORDER BY id") ||
      !hashes.Prepare(raw, "SELECT d.type, " + HashColumn(db.version()) + " FROM findings d" +
                               HashJoin(db.version()) + " WHERE d.file_id = ?1")) {
    return db.ReadError("preparing to read the files");
  }
  files.Bind(1, model->scan.id);
  int rc;
  while ((rc = files.Step()) == SQLITE_ROW) {
    ReportFile f;
    f.file_id = files.Int(0);
    f.path = PathToDisplay(files.Text(1));
    f.format = PathToDisplay(files.Text(2));
    f.size = static_cast<std::uint64_t>(files.Int(3));
    f.mtime_ns = files.Int(4);
    f.encrypted = files.Int(5) != 0;
    f.scheme = PathToDisplay(files.Text(6));
    if (!files.IsNull(7) && !files.IsNull(9)) {
      f.has_owner = true;
      f.uid = static_cast<std::uint32_t>(files.Int(7));
      f.owner = files.IsNull(8) ? std::to_string(f.uid) : PathToDisplay(files.Text(8));
      f.mode = static_cast<std::uint32_t>(files.Int(9)) & 07777u;
      f.world_readable = (f.mode & 04) != 0;
    }
    findings.Bind(1, f.file_id);
    while (findings.Step() == SQLITE_ROW) {
      ReportFinding d;
      d.type = PathToDisplay(findings.Text(0));
      d.member = PathToDisplay(findings.Text(1));
      d.count = static_cast<std::uint64_t>(findings.Int(2));
      d.distinct_count = static_cast<std::uint64_t>(findings.Int(3));
      d.confidence = PathToDisplay(findings.Text(4));
      const nlohmann::json masked = nlohmann::json::parse(findings.Text(5), nullptr, false);
      if (masked.is_array()) {
        for (const auto& m : masked) {
          if (m.is_string()) d.masked.push_back(PathToDisplay(m.get<std::string>()));
        }
      }
      f.findings.push_back(std::move(d));
    }
    findings.Reset();
    violations.Bind(1, f.file_id);
    while (violations.Step() == SQLITE_ROW) {
      f.violations.push_back({PathToDisplay(violations.Text(0)), PathToDisplay(violations.Text(1)),
                              PathToDisplay(violations.Text(2))});
    }
    violations.Reset();
    members.Bind(1, f.file_id);
    while (members.Step() == SQLITE_ROW) {
      f.protected_members.push_back(
          {PathToDisplay(members.Text(0)), PathToDisplay(members.Text(1)), members.Int(2) != 0});
    }
    members.Reset();
    hashes.Bind(1, f.file_id);
    DistinctHashes distinct;
    while (hashes.Step() == SQLITE_ROW)
      distinct.Add(PathToDisplay(hashes.Text(0)), hashes.Bytes(1), width);
    hashes.Reset();
    f.distinct_by_type = distinct.Count();
    model->files.push_back(std::move(f));
  }
  if (rc != SQLITE_DONE) return db.ReadError("reading the files");

  auto worst = [](const ReportFile& f) {
    int order = 5;
    for (const ReportViolation& v : f.violations)
      order = std::min(order, SeverityOrder(v.severity));
    return order;
  };
  std::stable_sort(model->files.begin(), model->files.end(),
                   [&](const ReportFile& a, const ReportFile& b) {
                     const int wa = worst(a), wb = worst(b);
                     return wa != wb ? wa < wb : a.path < b.path;
                   });

  // Severities: each file once, under its worst violation, so the counts add
  // up to the files listed. Rules: each file once per rule and severity.
  std::map<std::pair<std::string, std::string>, std::uint64_t> rules;
  for (const ReportFile& f : model->files) {
    std::string worst_name;
    int worst_order = 5;
    std::set<std::pair<std::string, std::string>> seen;
    for (const ReportViolation& v : f.violations) {
      if (SeverityOrder(v.severity) < worst_order) {
        worst_order = SeverityOrder(v.severity);
        worst_name = v.severity;
      }
      if (seen.insert({v.rule, v.severity}).second) ++rules[{v.rule, v.severity}];
    }
    ++model->violations_by_severity[worst_name];
  }
  for (const auto& [key, files] : rules) model->rules.push_back({key.first, key.second, files});
  std::stable_sort(model->rules.begin(), model->rules.end(),
                   [](const ReportRuleSummary& a, const ReportRuleSummary& b) {
                     const int sa = SeverityOrder(a.severity), sb = SeverityOrder(b.severity);
                     if (sa != sb) return sa < sb;
                     return a.files != b.files ? a.files > b.files : a.rule < b.rule;
                   });
  return Status::OK();
}

// Per identifier type over every file of the scan (violating or not): files,
// occurrences, and distinct keyed hashes. A finding reused from an earlier
// scan points (value_set) at the hashes stored then, so the join counts it.
Status LoadTypes(ReportDb& db, ReportModel* model) {
  Query totals, people;
  const std::size_t width = HashWidth(db.version());
  if (!totals.Prepare(db.db(),
                      "SELECT d.type, count(DISTINCT d.file_id), sum(d.count) FROM findings d"
                      " JOIN files f ON f.id = d.file_id WHERE f.scan_id = ?1 GROUP BY d.type") ||
      !people.Prepare(db.db(), "SELECT d.type, " + HashColumn(db.version()) +
                                   ", EXISTS (SELECT 1 FROM violations x WHERE x.file_id = f.id"
                                   " AND x.severity != 'exempt') FROM findings d"
                                   " JOIN files f ON f.id = d.file_id" +
                                   HashJoin(db.version()) + " WHERE f.scan_id = ?1")) {
    return db.ReadError("preparing to count identifier types");
  }
  std::map<std::string, ReportTypeSummary> types;
  totals.Bind(1, model->scan.id);
  int rc;
  while ((rc = totals.Step()) == SQLITE_ROW) {
    ReportTypeSummary& t = types[PathToDisplay(totals.Text(0))];
    t.type = PathToDisplay(totals.Text(0));
    t.files += static_cast<std::uint64_t>(totals.Int(1));
    t.occurrences += static_cast<std::uint64_t>(totals.Int(2));
  }
  if (rc != SQLITE_DONE) return db.ReadError("counting identifier types");
  // Distinct over the whole scan and over its violating files: one pass.
  DistinctHashes all, in_violations;
  people.Bind(1, model->scan.id);
  while ((rc = people.Step()) == SQLITE_ROW) {
    const std::string type = PathToDisplay(people.Text(0));
    all.Add(type, people.Bytes(1), width);
    if (people.Int(2) != 0) in_violations.Add(type, people.Bytes(1), width);
  }
  if (rc != SQLITE_DONE) return db.ReadError("counting distinct people");
  for (const auto& [type, count] : all.Count()) {
    types[type].type = type;
    types[type].distinct_people += count;
  }
  for (const auto& [type, count] : in_violations.Count()) {
    types[type].type = type;
    types[type].distinct_people_in_violations += count;
  }
  for (auto& [name, t] : types) model->types.push_back(std::move(t));
  std::stable_sort(model->types.begin(), model->types.end(),
                   [](const ReportTypeSummary& a, const ReportTypeSummary& b) {
                     if (a.distinct_people != b.distinct_people) {
                       return a.distinct_people > b.distinct_people;
                     }
                     return a.files != b.files ? a.files > b.files : a.type < b.type;
                   });
  return Status::OK();
}

// Every error of the scan: files and members that could not be read, were
// cut short or are encrypted (the policy records encrypted content as an
// "encrypted-member" error), and problems of the scan as a whole (no file).
Status LoadNotInspected(ReportDb& db, ReportModel* model) {
  Query q;
  if (!q.Prepare(db.db(),
                 "SELECT coalesce(f.path, x''), e.member, e.reason, e.message FROM errors e"
                 " LEFT JOIN files f ON f.id = e.file_id WHERE e.scan_id = ?1 ORDER BY e.id")) {
    return db.ReadError("preparing to read the errors");
  }
  q.Bind(1, model->scan.id);
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    ReportNotInspected n;
    n.path = PathToDisplay(q.Text(0));
    n.member = PathToDisplay(q.Text(1));
    n.reason = PathToDisplay(q.Text(2));
    n.message = PathToDisplay(q.Text(3));
    ++model->not_inspected_by_reason[n.reason];
    model->not_inspected.push_back(std::move(n));
  }
  return rc == SQLITE_DONE ? Status::OK() : db.ReadError("reading the errors");
}

}  // namespace

Status LoadReportModel(const ReportQuery& query, ReportModel* model) {
  *model = ReportModel();
  ReportDb db;
  if (Status s = db.Open(query.db_path); !s.ok()) return s;
  // One read transaction: a scan writing beside us cannot make the parts of
  // the report disagree.
  if (sqlite3_exec(db.db(), "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return db.ReadError("beginning a read transaction");
  }
  std::int64_t id = 0;
  if (Status s = ResolveScanId(db, query.scan_id, &id); !s.ok()) return s;
  if (Status s = report_internal::LoadScan(db, id, &model->scan); !s.ok()) return s;

  std::vector<ReportScan> scans;
  if (Status s = report_internal::ListScans(db, id, &scans); !s.ok()) return s;
  if (query.since != 0) {
    ReportScan since;
    if (Status s = report_internal::LoadScan(db, query.since, &since); !s.ok()) return s;
    model->baseline = std::move(since);
  } else if (const ReportScan* b = ChooseBaseline(scans, model->scan)) {
    model->baseline = *b;
  }

  if (Status s = LoadFiles(db, model); !s.ok()) return s;
  if (Status s = LoadTypes(db, model); !s.ok()) return s;
  if (Status s = LoadNotInspected(db, model); !s.ok()) return s;
  if (Status s = report_internal::LoadChanges(db, model); !s.ok()) return s;
  if (Status s = report_internal::LoadTrend(db, scans, query.trend_scans, model); !s.ok()) {
    return s;
  }
  report_internal::CountFolders(model);
  sqlite3_exec(db.db(), "COMMIT", nullptr, nullptr, nullptr);
  return Status::OK();
}

}  // namespace mamori
