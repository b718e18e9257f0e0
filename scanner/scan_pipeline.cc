#include <tbb/enumerable_thread_specific.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <memory>

#include "file_scan.h"
#include "mamori/findings_jsonl.h"
#include "mamori/keyed_hash.h"
#include "mamori/matcher.h"
#include "mamori/rule_set.h"
#include "mamori/scan.h"
#include "mamori/store.h"
#include "mamori/walker.h"

namespace mamori {

namespace {

// Turns a walk entry into the report that travels down the pipeline.
// Entries that are not regular files are noted here and never opened.
std::unique_ptr<FileReport> ReportFor(WalkEntry entry) {
  auto report = std::make_unique<FileReport>();
  report->file = std::move(entry.ref);
  if (report->file.kind != FileKind::kRegular) report->format = FileKindName(report->file.kind);
  if (!entry.error.ok()) {
    report->errors.push_back({"", entry.error.reason(), entry.error.message()});
    report->incomplete = true;
  }
  return report;
}

}  // namespace

Status RunScan(const ScanOptions& options, ScanSummary* summary) {
  const auto started = std::chrono::steady_clock::now();
  *summary = ScanSummary();

  RuleSet rules;
  Status s = RuleSet::LoadBuiltin(&rules);
  if (!s.ok()) return s;
  std::unique_ptr<Matcher> matcher;
  const std::string cache_dir =
      options.cache_dir.empty() ? Matcher::DefaultCacheDir() : options.cache_dir;
  if (!(s = Matcher::Compile(rules, &matcher, cache_dir)).ok()) return s;
  HashKey key;
  const std::string secret_path =
      options.secret_path.empty() ? HashKey::DefaultPath() : options.secret_path;
  if (!(s = HashKey::LoadOrCreate(secret_path, &key)).ok()) return s;

  std::unique_ptr<Store> store;
  if (!(s = Store::Open(options.db_path, &store)).ok()) return s;
  FindingsJsonlWriter jsonl;
  if (!options.jsonl_path.empty() &&
      !(s = FindingsJsonlWriter::Open(options.jsonl_path, &jsonl)).ok()) {
    return s;
  }
  if (!(s = store->BeginScan({options.roots, MAMORI_VERSION, rules.hash()})).ok()) return s;

  FileScanConfig config;
  config.rules = &rules;
  config.matcher = matcher.get();
  config.key = &key;
  config.min_confidence = options.min_confidence;
  tbb::enumerable_thread_specific<std::unique_ptr<FileScanner>> scanners(
      [&config] { return std::make_unique<FileScanner>(config); });

  Walker walker(options.roots, WalkOptions{options.follow_symlinks});
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  Status output_error;
  ScanTotals totals;

  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_pipeline(
        static_cast<std::size_t>(threads) * 4,
        tbb::make_filter<void, FileReport*>(tbb::filter_mode::serial_in_order,
                                            [&](tbb::flow_control& fc) -> FileReport* {
                                              WalkEntry entry;
                                              if (!walker.Next(&entry)) {
                                                fc.stop();
                                                return nullptr;
                                              }
                                              if (options.on_walked) options.on_walked(entry.ref);
                                              return ReportFor(std::move(entry)).release();
                                            }) &
            tbb::make_filter<FileReport*, FileReport*>(
                tbb::filter_mode::parallel,
                [&](FileReport* report) {
                  if (report->file.kind == FileKind::kRegular && report->errors.empty()) {
                    scanners.local()->Scan(report);
                  }
                  return report;
                }) &
            // In walk order, so two scans of one tree print the same stream.
            tbb::make_filter<FileReport*, void>(
                tbb::filter_mode::serial_in_order, [&](FileReport* raw) {
                  std::unique_ptr<FileReport> report(raw);
                  ++summary->entries;
                  const FileKind kind = report->file.kind;
                  if (report->opened) {
                    ++summary->files_scanned;
                    summary->bytes_scanned += report->bytes_scanned;
                  } else if (kind != FileKind::kRegular && kind != FileKind::kDirectory &&
                             kind != FileKind::kUnknown) {
                    ++summary->not_regular;
                  }
                  if (!report->findings.empty()) ++summary->files_with_findings;
                  if (!report->violations.empty()) ++summary->files_with_violations;
                  totals.violations += report->violations.size();
                  summary->errors += report->errors.size();
                  if (output_error.ok() && !options.jsonl_path.empty()) {
                    output_error = jsonl.Write(*report);
                  }
                  store->Put(std::move(*report));
                }));
  });
  summary->roots_walked = walker.roots_found();
  summary->seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  totals.entries = summary->entries;
  totals.files_scanned = summary->files_scanned;
  totals.bytes_scanned = summary->bytes_scanned;
  totals.files_with_findings = summary->files_with_findings;
  totals.errors = summary->errors;
  totals.status = output_error.ok() ? "finished" : "failed";
  Status stored = store->FinishScan(totals);
  Status closed = jsonl.Close();
  if (!output_error.ok()) return output_error;
  if (!stored.ok()) return stored;
  return closed;
}

}  // namespace mamori
