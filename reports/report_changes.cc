// The report's view across scans: violations new and resolved since the
// baseline, the trend of violating files, and where (which folder) the
// violating files of this scan lie.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "mamori/path_text.h"
#include "report_model_internal.h"

namespace mamori::report_internal {

namespace {

std::string_view TrimRoot(std::string_view root) {
  while (root.size() > 1 && root.back() == '/') root.remove_suffix(1);
  return root;
}

// (path, rule) -> severity of the scan's violations that are not exempt.
using ViolationSet = std::map<std::pair<std::string, std::string>, std::string>;

Status LoadViolations(ReportDb& db, std::int64_t scan_id, ViolationSet* out) {
  Query q;
  if (!q.Prepare(db.db(),
                 "SELECT f.path, v.rule, v.severity FROM violations v JOIN files f"
                 " ON f.id = v.file_id WHERE f.scan_id = ?1 AND v.severity != 'exempt'"
                 " ORDER BY v.id")) {
    return db.ReadError("preparing to read violations");
  }
  q.Bind(1, scan_id);
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    const std::string severity = q.Text(2);
    auto [it, added] = out->emplace(std::make_pair(PathToDisplay(q.Text(0)), q.Text(1)), severity);
    // The same rule twice on one file: keep the worse.
    if (!added && SeverityOrder(severity) < SeverityOrder(it->second)) it->second = severity;
  }
  return rc == SQLITE_DONE ? Status::OK() : db.ReadError("reading violations");
}

bool UnderAnyRoot(std::string_view path, const std::vector<std::string>& roots) {
  for (const std::string& root : roots) {
    if (UnderRoot(path, root)) return true;
  }
  return false;
}

}  // namespace

bool UnderRoot(std::string_view path, std::string_view root) {
  root = TrimRoot(root);
  if (root.empty()) return false;
  if (path == root) return true;
  if (path.size() <= root.size() || path.compare(0, root.size(), root) != 0) return false;
  return root == "/" || path[root.size()] == '/';
}

bool RootsOverlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const std::string& x : a) {
    for (const std::string& y : b) {
      if (UnderRoot(x, y) || UnderRoot(y, x)) return true;
    }
  }
  return false;
}

Status LoadChanges(ReportDb& db, ReportModel* model) {
  if (!model->baseline) return Status::OK();
  ViolationSet now, before;
  if (Status s = LoadViolations(db, model->scan.id, &now); !s.ok()) return s;
  if (Status s = LoadViolations(db, model->baseline->id, &before); !s.ok()) return s;
  for (const auto& [key, severity] : now) {
    if (before.count(key) == 0) model->added.push_back({key.first, key.second, severity});
  }
  for (const auto& [key, severity] : before) {
    if (now.count(key) != 0 || !UnderAnyRoot(key.first, model->scan.roots)) continue;
    model->resolved.push_back({key.first, key.second, severity});
  }
  auto order = [](const ReportChange& a, const ReportChange& b) {
    return std::make_tuple(SeverityOrder(a.severity), a.path, a.rule) <
           std::make_tuple(SeverityOrder(b.severity), b.path, b.rule);
  };
  std::sort(model->added.begin(), model->added.end(), order);
  std::sort(model->resolved.begin(), model->resolved.end(), order);
  return Status::OK();
}

Status LoadTrend(ReportDb& db, const std::vector<ReportScan>& scans, std::size_t limit,
                 ReportModel* model) {
  std::vector<const ReportScan*> points;
  for (const ReportScan& s : scans) {
    if (s.id == model->scan.id ||
        (s.status == "finished" && RootsOverlap(s.roots, model->scan.roots))) {
      points.push_back(&s);
    }
  }
  if (limit == 0) return Status::OK();
  if (points.size() > limit) points.erase(points.begin(), points.end() - limit);

  // Each file once, under its worst violation that is not exempt.
  Query q;
  if (!q.Prepare(db.db(),
                 "SELECT min(CASE v.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1"
                 " WHEN 'low' THEN 2 ELSE 3 END), min(v.severity) FROM violations v"
                 " JOIN files f ON f.id = v.file_id WHERE f.scan_id = ?1"
                 " AND v.severity != 'exempt' GROUP BY f.id")) {
    return db.ReadError("preparing the trend");
  }
  static const char* const kNames[] = {"high", "medium", "low"};
  for (const ReportScan* s : points) {
    ReportTrendPoint p;
    p.scan_id = s->id;
    p.started_at = s->started_at;
    q.Bind(1, s->id);
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) {
      const std::int64_t order = q.Int(0);
      // Severities of other names (a custom policy's) are counted under
      // their own name; min() picks one when a file has several.
      const std::string name = order < 3 ? kNames[order] : PathToDisplay(q.Text(1));
      ++p.by_severity[name];
      ++p.violating_files;
    }
    q.Reset();
    if (rc != SQLITE_DONE) return db.ReadError("reading the trend");
    model->trend.push_back(std::move(p));
  }
  return Status::OK();
}

void CountFolders(ReportModel* model) {
  std::map<std::string, std::uint64_t> counts;
  for (const ReportFile& f : model->files) {
    const bool counted =
        std::any_of(f.violations.begin(), f.violations.end(),
                    [](const ReportViolation& v) { return v.severity != "exempt"; });
    if (!counted) continue;
    // The longest root holding the file; its first folder below, or the root
    // itself for a file directly in it (or a root that is a file).
    std::string_view best;
    for (const std::string& root : model->scan.roots) {
      if (UnderRoot(f.path, root) && TrimRoot(root).size() > best.size()) best = TrimRoot(root);
    }
    std::string folder;
    if (best.empty()) {
      folder = f.path.substr(0, f.path.rfind('/') == std::string::npos ? 0 : f.path.rfind('/'));
    } else {
      const std::size_t from = best.size() + (best == "/" ? 0 : 1);
      const std::size_t slash = from < f.path.size() ? f.path.find('/', from) : std::string::npos;
      folder = slash == std::string::npos ? std::string(best) : f.path.substr(0, slash);
    }
    ++counts[folder];
  }
  for (auto& [folder, files] : counts) model->folders.push_back({folder, files});
  std::stable_sort(
      model->folders.begin(), model->folders.end(),
      [](const ReportFolderCount& a, const ReportFolderCount& b) { return a.files > b.files; });
}

}  // namespace mamori::report_internal
