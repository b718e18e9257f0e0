#include <signal.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <chrono>
#include <memory>

#include "file_scan.h"
#include "mamori/findings_jsonl.h"
#include "mamori/keyed_hash.h"
#include "mamori/matcher.h"
#include "mamori/policy.h"
#include "mamori/rule_set.h"
#include "mamori/scan.h"
#include "mamori/store.h"
#include "mamori/walker.h"
#include "policy_ppap.h"
#include "previous_results.h"
#include "progress_line.h"
#include "read_throttle.h"
#include "scan_lock.h"

namespace mamori {

namespace {

std::atomic<bool> g_stop_requested{false};

void RequestStop(int) { g_stop_requested.store(true); }

// SIGINT and SIGTERM ask the walk to stop; the pipeline then drains and the
// scan is committed as interrupted. Restores the previous handlers.
class StopOnSignals {
 public:
  explicit StopOnSignals(bool enabled) : enabled_(enabled) {
    g_stop_requested.store(false);
    if (!enabled_) return;
    struct sigaction sa {};
    sa.sa_handler = RequestStop;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, &old_int_);
    ::sigaction(SIGTERM, &sa, &old_term_);
  }
  ~StopOnSignals() {
    if (!enabled_) return;
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
  }

 private:
  bool enabled_;
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

// What travels down the pipeline: the report being built, and the stored
// results to reuse for it, if the file is unchanged.
struct Item {
  FileReport report;
  const PreviousResults::Entry* reuse = nullptr;
};

// Turns a walk entry into the item that travels down the pipeline. Entries
// that are not regular files are noted here and never opened.
std::unique_ptr<Item> ItemFor(WalkEntry entry) {
  auto item = std::make_unique<Item>();
  FileReport& report = item->report;
  report.file = std::move(entry.ref);
  if (report.file.kind != FileKind::kRegular) report.format = FileKindName(report.file.kind);
  if (!entry.error.ok()) {
    report.errors.push_back({"", entry.error.reason(), entry.error.message()});
    report.incomplete = true;
  }
  return item;
}

// The policy's hash is part of the settings, so a policy change reads every
// file again.
std::string Settings(const RuleSet& rules, const Policy& policy, const ScanOptions& options) {
  // The limits decide what of a container is read, so stored results made
  // under other limits are not reused.
  const ExtractLimits& l = options.limits;
  return std::string("rules=") + rules.hash() + ";policy=" + policy.hash() +
         ";min-confidence=" + ConfidenceName(options.min_confidence) + ";mamori=" + MAMORI_VERSION +
         ";limits=" + std::to_string(l.max_depth) + "," + std::to_string(l.max_expanded_bytes) +
         "," + std::to_string(l.max_member_bytes) + "," + std::to_string(l.max_ratio) + "," +
         std::to_string(l.max_members) + "," + std::to_string(l.max_seconds);
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
  Policy policy;
  s = options.policy_path.empty() ? Policy::LoadBuiltin(&policy)
                                  : Policy::LoadFile(options.policy_path, &policy);
  if (!s.ok()) return s;
  // One date for the whole scan: a scan across midnight judges every file
  // by the same exceptions.
  const PolicyDate today = TodayLocal();
  for (const PolicyException* e : policy.Expired(today)) {
    if (options.on_warning) {
      options.on_warning("policy exception for '" + e->path_glob + "' expired on " +
                         FormatPolicyDate(e->expires) + " and no longer applies (" + e->reason +
                         ")");
    }
  }
  HashKey key;
  const std::string secret_path =
      options.secret_path.empty() ? HashKey::DefaultPath() : options.secret_path;
  if (!(s = HashKey::LoadOrCreate(secret_path, &key)).ok()) return s;

  ScanLock lock;
  if (!(s = lock.Acquire(options.db_path)).ok()) return s;
  std::unique_ptr<Store> store;
  if (!(s = Store::Open(options.db_path, &store)).ok()) return s;
  const std::string settings = Settings(rules, policy, options);
  std::unique_ptr<PreviousResults> previous;
  if (!(s = PreviousResults::Open(options.db_path, settings, &previous)).ok()) return s;
  FindingsJsonlWriter jsonl;
  if (!options.jsonl_path.empty() &&
      !(s = FindingsJsonlWriter::Open(options.jsonl_path, &jsonl)).ok()) {
    return s;
  }
  if (!(s = store->BeginScan({options.roots, MAMORI_VERSION, rules.hash(), settings})).ok()) {
    return s;
  }

  ReadThrottle throttle(options.max_read_rate);
  FileScanConfig config;
  config.throttle = &throttle;
  config.rules = &rules;
  config.matcher = matcher.get();
  config.key = &key;
  config.min_confidence = options.min_confidence;
  config.limits = options.limits;
  tbb::enumerable_thread_specific<std::unique_ptr<FileScanner>> scanners(
      [&config] { return std::make_unique<FileScanner>(config); });

  StopOnSignals stop_on_signals(options.stop_on_signals);
  WalkOptions walk_options;
  walk_options.follow_symlinks = options.follow_symlinks;
  walk_options.include = options.include;
  walk_options.exclude = options.exclude;
  walk_options.one_file_system = options.one_file_system;
  Walker walker(options.roots, walk_options);
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  Status output_error;
  ScanTotals totals;

  auto walk = [&](tbb::flow_control& fc) -> Item* {
    WalkEntry entry;
    if (g_stop_requested.load() || !walker.Next(&entry)) {
      summary->interrupted = g_stop_requested.load();
      fc.stop();
      return nullptr;
    }
    if (options.on_walked) options.on_walked(entry.ref);
    std::unique_ptr<Item> item = ItemFor(std::move(entry));
    // Matched even on --full: the match marks the path as still there.
    const PreviousResults::Entry* stored = previous->Match(item->report.file);
    if (!options.full && item->report.errors.empty()) item->reuse = stored;
    return item.release();
  };

  auto scan = [&](Item* item) {
    FileReport& report = item->report;
    if (report.file.kind != FileKind::kRegular || !report.errors.empty()) return item;
    if (item->reuse != nullptr) {
      if (previous->Load(*item->reuse, &report).ok()) {
        // Judged again: an exception may have expired since.
        policy.Evaluate(&rules, today, &report);
        return item;
      }
      // Stored rows that cannot be read back: read the file again.
      FileReport fresh;
      fresh.file = report.file;
      report = std::move(fresh);
    }
    if (options.max_file_size > 0 && report.file.size > options.max_file_size) {
      report.errors.push_back({"", "not-inspected-too-large",
                               "larger than --max-file-size (" +
                                   std::to_string(options.max_file_size) +
                                   " bytes): not inspected, by choice"});
      report.incomplete = true;
      return item;
    }
    scanners.local()->Scan(&report);
    policy.Evaluate(&rules, today, &report);
    return item;
  };

  ProgressLine progress(stderr, options.show_progress);
  ProgressCounts counts;
  // The last scan's size is the best guess of this one's, for the ETA.
  counts.total_files_hint = previous->size();

  // The last step for every report: counted, streamed, stored.
  auto emit = [&](FileReport&& report) {
    if (HasViolation(report)) ++summary->files_with_violations;
    totals.violations += CountViolations(report);
    if (output_error.ok() && !options.jsonl_path.empty()) output_error = jsonl.Write(report);
    store->Put(std::move(report));
  };
  // Encrypted archives, held until the walk is over for the PPAP check.
  std::vector<FileReport> held;

  // In walk order, so two scans of one tree print the same stream.
  auto sink = [&](Item* raw) {
    std::unique_ptr<Item> item(raw);
    FileReport& report = item->report;
    ++summary->entries;
    const FileKind kind = report.file.kind;
    if (report.reused) {
      ++summary->files_reused;
    } else if (report.opened) {
      ++summary->files_scanned;
      summary->bytes_scanned += report.bytes_scanned;
    } else if (kind != FileKind::kRegular && kind != FileKind::kDirectory &&
               kind != FileKind::kUnknown) {
      ++summary->not_regular;
    }
    if (!report.findings.empty()) ++summary->files_with_findings;
    summary->errors += report.errors.size();
    if (policy.IsPpapCandidate(report)) {
      held.push_back(std::move(report));
    } else {
      emit(std::move(report));
    }
    counts.files_walked = summary->entries;
    counts.files_scanned = summary->files_scanned;
    counts.bytes_scanned = summary->bytes_scanned;
    counts.files_with_findings = summary->files_with_findings;
    counts.errors = summary->errors;
    progress.Update(counts);
  };

  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_pipeline(
        static_cast<std::size_t>(threads) * 4,
        tbb::make_filter<void, Item*>(tbb::filter_mode::serial_in_order, walk) &
            tbb::make_filter<Item*, Item*>(tbb::filter_mode::parallel, scan) &
            tbb::make_filter<Item*, void>(tbb::filter_mode::serial_in_order, sink));
  });
  progress.Finish();

  // PPAP: whether a password lies beside each encrypted archive. The held
  // reports follow the rest of the stream, still in walk order.
  PpapCheck ppap(policy.ppap(), options.exclude);
  for (FileReport& report : held) {
    const std::string beside = ppap.NoticeBeside(report.file.path);
    if (!beside.empty()) policy.AddPpapViolation(beside, today, &report);
    emit(std::move(report));
  }
  held.clear();

  // Only a walk that ran to its end can tell what is gone.
  if (!summary->interrupted) {
    for (std::string& path : previous->Unseen(options.roots)) {
      FileReport removed;
      removed.file.path = std::move(path);
      removed.file.kind = FileKind::kRemoved;
      removed.format = "removed";
      store->Put(std::move(removed));
      ++summary->files_removed;
    }
  }

  summary->roots_walked = walker.roots_found();
  summary->seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  totals.entries = summary->entries;
  totals.files_scanned = summary->files_scanned;
  totals.bytes_scanned = summary->bytes_scanned;
  totals.files_with_findings = summary->files_with_findings;
  totals.errors = summary->errors;
  totals.status = output_error.ok() && !summary->interrupted ? "finished" : "failed";
  if (summary->interrupted) totals.stop_reason = "interrupted";
  Status stored = store->FinishScan(totals);
  Status closed = jsonl.Close();
  if (!output_error.ok()) return output_error;
  if (!stored.ok()) return stored;
  if (!closed.ok()) return closed;
  if (summary->interrupted) {
    return Status::Error("interrupted",
                         "stopped by a signal after committing what was scanned; run the same "
                         "command again to continue");
  }
  return Status::OK();
}

}  // namespace mamori
