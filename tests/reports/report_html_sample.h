// Hand-built ReportModels for the HTML report tests (report_html_test.cc,
// e2e/report_chromium_test.cc): an empty scan, and a realistic one with
// Japanese paths, exempt violations, files not inspected and a file whose
// name and member are hostile HTML. Synthetic values only; the masked
// examples are of the spec's valid test My Number 123456789018.
//
// Thread-safety: pure functions.
#ifndef MAMORI_TESTS_REPORTS_REPORT_HTML_SAMPLE_H_
#define MAMORI_TESTS_REPORTS_REPORT_HTML_SAMPLE_H_

#include <string>

#include "mamori/report_model.h"

namespace mamori::testing {

inline constexpr const char* kHostilePath =
    "/srv/share/総務/<script>alert(\"pwned\")</script>'&.csv";
inline constexpr const char* kHostileMember = "<img src=x onerror=alert(1)>.xlsx";
inline constexpr const char* kHostileOwner = "\"><b>owner";

inline ReportModel EmptyReportModel() {
  ReportModel m;
  m.scan.id = 1;
  m.scan.started_at = "2025-04-01T00:00:00Z";
  m.scan.finished_at = "2025-04-01T00:00:01Z";
  m.scan.status = "finished";
  m.scan.roots = {"/srv/empty"};
  m.scan.mamori_version = "0.1.0";
  return m;
}

// `plain_files` ordinary violating files (plus four special ones: a zip with
// a weak and a plain member, a PPAP archive, an exempt file, the hostile
// file).
inline ReportModel SampleReportModel(int plain_files = 40) {
  ReportModel m;
  m.scan.id = 7;
  m.scan.started_at = "2025-03-31T23:30:00Z";  // 2025-04-01 08:30 JST
  m.scan.finished_at = "2025-04-01T00:10:05Z";
  m.scan.status = "finished";
  m.scan.roots = {"/srv/share/人事", "/srv/share/総務"};
  m.scan.mamori_version = "0.1.0";
  m.scan.entries = 12345;
  m.scan.files_scanned = 10234;
  m.scan.bytes_scanned = 5368709120;  // 5 GB
  m.scan.files_with_findings = 61;
  m.scan.errors = 3;

  for (int i = 0; i < plain_files; ++i) {
    ReportFile f;
    f.file_id = 100 + i;
    f.path = "/srv/share/人事/" + std::to_string(2015 + i % 10) + "/社員名簿_" + std::to_string(i) +
             ".xlsx";
    f.format = "xlsx";
    f.size = 1000 + static_cast<std::uint64_t>(i) * 7919;  // distinct sizes
    f.mtime_ns = 1700000000LL * 1000000000LL + i * 86400LL * 1000000000LL;
    f.has_owner = true;
    f.uid = 1000 + i % 3;
    f.owner = i % 3 == 0 ? "tanaka" : i % 3 == 1 ? "suzuki" : "佐藤";
    f.mode = i % 2 == 0 ? 0644 : 0640;
    f.world_readable = i % 2 == 0;
    f.findings.push_back({"my_number",
                          "",
                          static_cast<std::uint64_t>(i + 1),
                          static_cast<std::uint64_t>(i + 1),
                          "high",
                          {"********9018"}});
    if (i % 4 == 0) {
      f.findings.push_back({"basic_pension_number", "", 2, 2, "medium", {"******7890"}});
    }
    f.violations.push_back({"personal-data-unencrypted", "high",
                            std::to_string(i + 1) + " My Numbers in a file without a password"});
    m.files.push_back(f);
  }

  ReportFile zip;
  zip.path = "/srv/share/総務/給与/2024年度.zip";
  zip.format = "zip";
  zip.size = 3 * 1024 * 1024;
  zip.mtime_ns = 1710000000LL * 1000000000LL;
  zip.encrypted = false;
  zip.protected_members = {{"年末調整/扶養控除.xlsx", "zipcrypto", true},
                           {"readme.txt", "", false}};
  zip.has_owner = true;
  zip.owner = "suzuki";
  zip.mode = 0600;
  zip.findings.push_back({"my_number", "年末調整/扶養控除.xlsx", 0, 0, "high", {}});
  zip.findings.push_back({"my_number", "一覧/社員.csv", 12, 12, "high", {"********9018"}});
  zip.findings.push_back({"health_insured_number", "一覧/社員.csv", 5, 5, "medium", {"****56"}});
  zip.violations.push_back(
      {"personal-data-unencrypted", "high", "12 My Numbers in a plain member"});
  zip.violations.push_back({"weak-protection", "medium", "zipcrypto"});
  m.files.push_back(zip);

  ReportFile ppap;
  ppap.path = "/srv/share/総務/送付/名簿.zip";
  ppap.size = 20480;
  ppap.encrypted = true;
  ppap.scheme = "zip-aes256";
  ppap.has_owner = true;
  ppap.owner = "tanaka";
  ppap.mode = 0644;
  ppap.world_readable = true;
  ppap.violations.push_back({"ppap", "medium", "password file パスワード.txt beside the archive"});
  m.files.push_back(ppap);

  ReportFile exempt;
  exempt.path = "/srv/share/監査/保管/2014_名簿.csv";
  exempt.size = 512;
  exempt.findings.push_back({"my_number", "", 3, 3, "high", {"********9018"}});
  exempt.violations.push_back(
      {"personal-data-unencrypted", "exempt",
       "3 My Numbers; exempt until 2026-03-31 (would be high): 監査法人の保管期限まで"});
  m.files.push_back(exempt);

  ReportFile hostile;
  hostile.path = kHostilePath;
  hostile.size = 99;
  hostile.has_owner = true;
  hostile.owner = kHostileOwner;
  hostile.mode = 0666;
  hostile.world_readable = true;
  // An unmasked value that must never reach the page whole.
  hostile.findings.push_back({"my_number", kHostileMember, 1, 1, "high", {"123456789018"}});
  hostile.violations.push_back({"personal-data-unencrypted", "high", "<i>1</i> My Number"});
  m.files.push_back(hostile);

  m.not_inspected = {
      {"/srv/share/人事/給与.xlsx", "", "encrypted-member", "ooxml-agile"},
      {"/srv/share/総務/送付/名簿.zip", "名簿.xlsx", "encrypted-member", "zip-aes256"},
      {"/srv/share/社長室/秘密.docx", "", "permission-denied", "open: Permission denied"},
      {"/srv/share/総務/<b>bold</b>.pdf", "", "time-limit", "120 s"},
  };
  m.not_inspected_by_reason = {
      {"encrypted-member", 2}, {"permission-denied", 1}, {"time-limit", 1}};
  m.violations_by_severity = {
      {"high", static_cast<std::uint64_t>(plain_files) + 2}, {"medium", 2}, {"exempt", 1}};
  m.rules = {{"weak-protection", "medium", 1},
             {"personal-data-unencrypted", "high", static_cast<std::uint64_t>(plain_files) + 2},
             {"ppap", "medium", 1}};
  m.types = {{"basic_pension_number", 10, 20, 19},
             {"my_number", static_cast<std::uint64_t>(plain_files) + 3, 800, 1234},
             {"health_insured_number", 1, 5, 5},
             {"health_insurer_number", 1, 5, 1}};
  for (int i = 0; i < 15; ++i) {
    m.folders.push_back(
        {"/srv/share/部署" + std::to_string(i), static_cast<std::uint64_t>(30 - i)});
  }
  m.baseline = ReportScan{};
  m.baseline->id = 6;
  m.baseline->started_at = "2025-03-01T00:00:00Z";
  m.baseline->status = "finished";
  m.added = {{"/srv/share/総務/送付/名簿.zip", "ppap", "medium"},
             {kHostilePath, "personal-data-unencrypted", "high"}};
  m.resolved = {{"/srv/share/人事/旧/退職者.xlsx", "personal-data-unencrypted", "high"}};
  for (int i = 0; i < 5; ++i) {
    ReportTrendPoint p;
    p.scan_id = 3 + i;
    p.started_at = "2025-0" + std::to_string(i + 1) + "-01T00:00:00Z";
    p.violating_files = 20 + static_cast<std::uint64_t>(i) * 6;
    p.by_severity = {{"high", 15 + static_cast<std::uint64_t>(i) * 5}, {"medium", 5}};
    m.trend.push_back(p);
  }
  return m;
}

}  // namespace mamori::testing

#endif  // MAMORI_TESTS_REPORTS_REPORT_HTML_SAMPLE_H_
