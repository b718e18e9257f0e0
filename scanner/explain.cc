#include "mamori/explain.h"

#include <cinttypes>

#include "file_scan.h"
#include "mamori/format_sniffer.h"
#include "mamori/path_text.h"
#include "mamori/policy.h"

namespace mamori {

namespace {

std::string LabelText(const CandidateEvidence& e) {
  if (e.label.empty()) return "-";
  return e.label + (e.label_is_own ? " (names it, " : " (names another number, ") +
         std::to_string(e.label_distance) + " chars)";
}

std::string HeaderText(const CandidateEvidence& e) {
  if (e.column < 0) return "-";
  std::string s = "col " + std::to_string(e.column + 1);
  if (!e.header.empty()) s += ": " + e.header + (e.header_is_own ? " (names it)" : " (another)");
  return s;
}

}  // namespace

Status ExplainFile(const std::string& path, const ExplainOptions& options, std::FILE* out) {
  RuleSet rules;
  Status s = RuleSet::LoadBuiltin(&rules);
  if (!s.ok()) return s;
  std::unique_ptr<Matcher> matcher;
  if (!(s = Matcher::Compile(rules, &matcher, options.cache_dir)).ok()) return s;
  // Hashes are not printed; an ephemeral key keeps the installation's secret
  // out of a diagnostic command.
  HashKey key;
  FileScanConfig config;
  config.rules = &rules;
  config.matcher = matcher.get();
  config.key = &key;
  config.min_confidence = options.min_confidence;
  FileScanner scanner(config);
  std::vector<CandidateEvidence> evidence;
  scanner.set_evidence_sink(&evidence);

  FileReport report;
  report.file.path = path;
  report.file.kind = FileKind::kRegular;
  scanner.Scan(&report);
  // explain judges by the built-in policy; a scan uses its own (--policy).
  ApplyDefaultPolicy(*config.rules, &report);

  std::fprintf(out, "%s\n", PathToDisplay(path).c_str());
  std::fprintf(out, "  format %s, %" PRIu64 " bytes read, %zu candidates\n", report.format.c_str(),
               report.bytes_scanned, evidence.size());
  for (const ScanError& e : report.errors) {
    std::fprintf(out, "  error: %s: %s\n", e.reason.c_str(), e.message.c_str());
  }
  if (!evidence.empty()) {
    std::fprintf(out, "\n  %10s  %-26s %-14s %-5s %-40s %-28s %-16s %s\n", "offset", "rule",
                 "value", "check", "label", "column", "list", "decision");
  }
  for (const CandidateEvidence& e : evidence) {
    char list[48];
    std::snprintf(list, sizeof list, "%" PRIu64 " at %.0f%%", e.scope_values,
                  e.scope_valid_share * 100);
    std::string value = e.masked + (e.leading_zero_restored ? "+0" : "");
    std::fprintf(out, "  %10" PRIu64 "  %-26s %-14s %-5s %-40s %-28s %-16s %s\n", e.offset,
                 e.rule.c_str(), value.c_str(), e.check_digit_ok ? "ok" : "fail",
                 LabelText(e).c_str(), HeaderText(e).c_str(), list, e.decision.c_str());
  }
  std::fprintf(out, "\n  reported at %s and above:\n", ConfidenceName(options.min_confidence));
  if (report.findings.empty()) std::fprintf(out, "    nothing\n");
  for (const Finding& f : report.findings) {
    std::fprintf(out, "    %s: %" PRIu64 " occurrences, %" PRIu64 " distinct, %s\n", f.type.c_str(),
                 f.count, f.distinct, ConfidenceName(f.confidence));
  }
  for (const Violation& v : report.violations) {
    std::fprintf(out, "    violation %s (%s): %s\n", v.rule.c_str(), v.severity.c_str(),
                 v.message.c_str());
  }
  return Status::OK();
}

}  // namespace mamori
