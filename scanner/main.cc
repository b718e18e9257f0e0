// The mamori command line.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "local_time_zone.h"
#include "malloc_tuning.h"
#include "mamori/explain.h"
#include "mamori/matcher.h"
#include "mamori/scan.h"
#include "process_priority.h"
#include "progress_line.h"
#include "report_command.h"

namespace {

// Exit statuses of `scan`, part of the findings-stream contract.
constexpr int kExitClean = 0;
constexpr int kExitViolations = 1;
constexpr int kExitFailed = 2;

std::string DefaultDbPath() {
  const char* state = std::getenv("XDG_STATE_HOME");
  const char* home = std::getenv("HOME");
  std::string dir;
  if (state != nullptr && *state != '\0') {
    dir = std::string(state) + "/mamori";
  } else if (home != nullptr && *home != '\0') {
    ::mkdir((std::string(home) + "/.local").c_str(), 0700);
    ::mkdir((std::string(home) + "/.local/state").c_str(), 0700);
    dir = std::string(home) + "/.local/state/mamori";
  } else {
    return "mamori.db";
  }
  // The database describes where personal data lies: owner only.
  ::mkdir(dir.c_str(), 0700);
  return dir + "/mamori.db";
}

int RunScanCommand(mamori::ScanOptions& options, const std::string& min_confidence, bool quiet,
                   bool low_priority) {
  auto confidence = mamori::ParseConfidence(min_confidence);
  if (!confidence) {
    std::fprintf(stderr, "mamori: --min-confidence must be low, medium or high\n");
    return kExitFailed;
  }
  options.min_confidence = *confidence;
  if (options.db_path.empty()) options.db_path = DefaultDbPath();

  // Before RunScan starts any thread: niceness and I/O class are per thread
  // on Linux and only inherited by threads created afterwards.
  if (low_priority) {
    if (mamori::Status p = mamori::LowerProcessPriority(); !p.ok()) {
      std::fprintf(stderr, "mamori: warning: %s\n", p.ToString().c_str());
    }
  }
  options.show_progress = mamori::ProgressLine::ShouldShow(quiet);
  // Printed even with --quiet: an expired exception changes what the scan
  // reports, and the person who granted it must hear of it.
  options.on_warning = [](const std::string& w) {
    std::fprintf(stderr, "mamori: warning: %s\n", w.c_str());
  };
  mamori::ScanSummary summary;
  options.stop_on_signals = true;
  mamori::Status s = mamori::RunScan(options, &summary);
  if (!s.ok()) {
    std::fprintf(stderr, "mamori: scan %s: %s\n",
                 s.reason() == "interrupted" ? "interrupted" : "failed", s.ToString().c_str());
    return kExitFailed;
  }
  if (!quiet) {
    auto n = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
    std::fprintf(stderr,
                 "mamori: %llu files scanned (%.1f MB), %llu unchanged and reused, %llu removed, "
                 "in %.2f s; %llu with findings, %llu with violations; %llu not regular files "
                 "noted; %llu errors\n"
                 "mamori: database %s\n",
                 n(summary.files_scanned), static_cast<double>(summary.bytes_scanned) / 1e6,
                 n(summary.files_reused), n(summary.files_removed), summary.seconds,
                 n(summary.files_with_findings), n(summary.files_with_violations),
                 n(summary.not_regular), n(summary.errors), options.db_path.c_str());
  }
  if (summary.roots_walked == 0) {
    std::fprintf(stderr, "mamori: none of the paths given could be scanned\n");
    return kExitFailed;
  }
  return summary.files_with_violations > 0 ? kExitViolations : kExitClean;
}

}  // namespace

int main(int argc, char** argv) {
  mamori::ReexecWithMallocTuning(argv);
  mamori::PinLocalTimeZone();
  CLI::App app{"mamori: finds My Numbers and other personal identifiers on file shares"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("mamori ") + MAMORI_VERSION);

  mamori::ScanOptions options;
  std::string min_confidence = "medium";
  bool quiet = false;
  CLI::App* scan = app.add_subcommand("scan", "Scan files and directories (read-only)");
  scan->add_option("PATH", options.roots, "Files or directories to scan")->required();
  scan->add_option(
      "--db", options.db_path,
      "SQLite database to record the scan in "
      "(default: $XDG_STATE_HOME/mamori/mamori.db or ~/.local/state/mamori/mamori.db)");
  scan->add_option("--jsonl", options.jsonl_path,
                   "Write the findings stream (JSON Lines) to this file, '-' for standard output");
  scan->add_option("--secret", options.secret_path,
                   "Secret key file for keyed hashes (default: $MAMORI_SECRET_FILE or "
                   "~/.config/mamori/secret, created on first use)");
  scan->add_option("--cache-dir", options.cache_dir,
                   "Where compiled rules are cached (default: $MAMORI_CACHE_DIR or "
                   "~/.cache/mamori)");
  scan->add_option("--policy", options.policy_path,
                   "Policy file (TOML): what counts as personal data, which protection is "
                   "required, severities, path exceptions (default: the built-in policy, "
                   "patterns/policies/default.toml)");
  scan->add_flag("--follow-symlinks", options.follow_symlinks,
                 "Follow symbolic links (directory loops are detected and reported)");
  scan->add_option("--min-confidence", min_confidence,
                   "Lowest confidence to report: low, medium or high")
      ->capture_default_str();
  scan->add_option("--threads", options.threads, "Worker threads (default: one per core)")
      ->check(CLI::Range(0, 1024));
  scan->add_flag("-q,--quiet", quiet, "Print nothing but errors");
  scan->add_option("--include", options.include,
                   "Scan only files matching this glob (a base name like '*.csv', or a path "
                   "relative to PATH when it has a '/'); repeatable");
  scan->add_option("--exclude", options.exclude,
                   "Skip files and directories matching this glob (as --include); repeatable");
  scan->add_flag("--one-file-system", options.one_file_system,
                 "Do not enter directories on other file systems (noted as not entered)");
  bool low_priority = false;
  scan->add_option("--max-read-rate", options.max_read_rate,
                   "Cap on the combined read rate in MB/s, to spare the file server (0: no limit)")
      ->check(CLI::NonNegativeNumber);
  scan->add_flag("--low-priority", low_priority,
                 "Run at nice 19 with idle I/O priority (for scans during office hours)");
  scan->add_flag("--full", options.full,
                 "Read every file again, even those unchanged since the last scan with the same "
                 "rules and settings");
  scan->add_option("--max-file-size", options.max_file_size,
                   "Record files larger than this as not inspected (bytes; suffixes K, M, G; "
                   "default: no limit)")
      ->transform(CLI::AsSizeValue(false));
  // Bounds on documents and containers (ExtractLimits): bombs and hostile
  // files stop at these, recorded as incomplete with the reason.
  mamori::ExtractLimits& limits = options.limits;
  scan->add_option("--max-depth", limits.max_depth, "Containers nested deeper are not opened")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  scan->add_option("--max-expanded-bytes", limits.max_expanded_bytes,
                   "Bytes decompressed from one file, all members together (suffixes K, M, G)")
      ->capture_default_str()
      ->transform(CLI::AsSizeValue(false));
  scan->add_option("--max-member-bytes", limits.max_member_bytes,
                   "Largest document or container held in memory to be parsed (suffixes K, M, G)")
      ->capture_default_str()
      ->transform(CLI::AsSizeValue(false));
  scan->add_option("--max-ratio", limits.max_ratio,
                   "Largest expanded/compressed ratio of one member (0: no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  scan->add_option("--max-members", limits.max_members, "Members read from one file, all levels")
      ->capture_default_str();
  scan->add_option("--max-file-seconds", limits.max_seconds,
                   "Time spent on one file before it is recorded as cut short")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  mamori::ExplainOptions explain_options;
  std::vector<std::string> explain_paths;
  std::string explain_confidence = "medium";
  CLI::App* explain = app.add_subcommand(
      "explain", "Show every candidate in files with its evidence and the decision");
  explain->add_option("FILE", explain_paths, "Files to explain")->required();
  explain
      ->add_option("--min-confidence", explain_confidence,
                   "Threshold for the findings summary: low, medium or high")
      ->capture_default_str();
  explain->add_option("--cache-dir", explain_options.cache_dir, "Where compiled rules are cached");

  mamori::ReportCommandOptions report_options;
  CLI::App* report = app.add_subcommand(
      "report", "Write a report of a stored scan (HTML, CSV or JSON Lines) from the database");
  report->add_option("--db", report_options.db_path,
                     "SQLite database the scans are recorded in "
                     "(default: as for scan)");
  report->add_option("--format", report_options.format, "html, csv or jsonl")
      ->capture_default_str()
      ->check(CLI::IsMember({"html", "csv", "jsonl"}));
  report
      ->add_option("--output,-o", report_options.output,
                   "File to write (created mode 0600), '-' for standard output")
      ->required();
  report
      ->add_option("--scan", report_options.scan_id,
                   "Scan to report on (default: the latest finished scan)")
      ->check(CLI::PositiveNumber);
  report
      ->add_option("--since", report_options.since,
                   "Scan to compare with for new and resolved violations (default: the "
                   "previous finished scan of the same roots)")
      ->check(CLI::PositiveNumber);
  report->add_option("--lang", report_options.lang, "Language of the report: ja or en")
      ->capture_default_str()
      ->check(CLI::IsMember({"ja", "en"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kExitFailed;
  }
  if (scan->parsed()) return RunScanCommand(options, min_confidence, quiet, low_priority);
  if (report->parsed()) {
    if (report_options.db_path.empty()) report_options.db_path = DefaultDbPath();
    mamori::Status s = mamori::RunReport(report_options);
    if (!s.ok()) {
      std::fprintf(stderr, "mamori: report failed: %s\n", s.ToString().c_str());
      return kExitFailed;
    }
    return kExitClean;
  }
  if (explain->parsed()) {
    auto confidence = mamori::ParseConfidence(explain_confidence);
    if (!confidence) {
      std::fprintf(stderr, "mamori: --min-confidence must be low, medium or high\n");
      return kExitFailed;
    }
    explain_options.min_confidence = *confidence;
    if (explain_options.cache_dir.empty()) {
      explain_options.cache_dir = mamori::Matcher::DefaultCacheDir();
    }
    for (const std::string& path : explain_paths) {
      mamori::Status s = mamori::ExplainFile(path, explain_options, stdout);
      if (!s.ok()) {
        std::fprintf(stderr, "mamori: explain failed: %s\n", s.ToString().c_str());
        return kExitFailed;
      }
    }
    return kExitClean;
  }
  return kExitFailed;
}
