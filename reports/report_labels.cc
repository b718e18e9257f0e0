#include "report_labels.h"

#include <array>
#include <utility>

namespace mamori {
namespace {

constexpr ReportText kJa = {
    .title = "個人情報スキャン報告書",
    .scan = "スキャン",
    .incomplete_scan = "このスキャンは完了していません。以下の数値は途中までの結果です。",
    .headline_files = "{n} 件のファイルがポリシーに違反しています",
    .headline_none = "ポリシー違反のファイルはありません",
    .headline_people = "{type}: {n} 人分",
    .people_unit = "人",
    .not_personal = "個人を識別しない番号",
    .files_unit = "件",
    .summary = "概要",
    .started = "開始",
    .finished = "終了",
    .status = "状態",
    .roots = "対象フォルダ",
    .version = "mamori バージョン",
    .entries = "走査した項目",
    .files_scanned = "検査したファイル",
    .bytes_scanned = "検査した容量",
    .files_with_findings = "個人情報を含むファイル",
    .errors = "エラー",
    .not_inspected_count = "検査できなかったファイル・メンバー",
    .people_heading = "識別子の種類別の人数",
    .people_note =
        "人数は、鍵付きハッシュで重複を除いた識別子の数です（スキャン全体）。"
        "「うち違反ファイル」は、例外に当たらない違反のあるファイルに載っている人の数です。"
        "識別子そのものは報告書にもデータベースにも保存されていません。",
    .type = "種類",
    .files = "ファイル数",
    .occurrences = "出現数",
    .distinct_people = "人数",
    .distinct_people_in_violations = "うち違反ファイル",
    .rules_heading = "ルール別の違反",
    .rule = "ルール",
    .severity = "重大度",
    .charts = "グラフ",
    .chart_folders = "フォルダ別の違反ファイル数",
    .chart_types = "識別子の種類別のファイル数",
    .chart_trend = "違反ファイル数の推移",
    .trend_total = "合計",
    .no_data = "データがありません",
    .changes = "前回からの変化",
    .baseline = "比較対象: スキャン {id}（{time}）",
    .no_baseline = "比較できる以前のスキャンがありません。",
    .added = "新たな違反",
    .resolved = "解消した違反",
    .none = "なし",
    .path = "パス",
    .table_heading = "違反ファイル一覧",
    .filter_text = "絞り込み（パス・所有者・種類）",
    .filter_all = "すべて",
    .filter_world = "全員が読めるものだけ",
    .shown = "{shown} / {total} 件を表示",
    .col_violations = "違反",
    .col_member = "メンバー",
    .col_types = "種類と件数",
    .col_masked = "マスク例",
    .col_protection = "保護",
    .col_owner = "所有者",
    .col_mode = "権限",
    .col_size = "サイズ",
    .col_mtime = "更新日時",
    .distinct_short = "異なる値 {n}",
    .others = "その他",
    .opens_without_password = "パスワードなしで開ける",
    .self = "（ファイル本体）",
    .unprotected = "なし",
    .plain_member = "暗号化なし",
    .world_readable = "全員が読める",
    .unknown_owner = "不明",
    .truncated = "ほか {n} 件（CSV 報告書を参照）",
    .not_inspected = "検査できなかったファイル",
    .reason = "理由",
    .message = "詳細",
    .member = "メンバー",
    .footer_times = "時刻はすべて日本標準時（JST, UTC+9）です。",
    .footer_safety = "この報告書には識別子の全桁は含まれません（マスク例と人数のみ）。",
    .generated_by = "mamori により作成",
};

constexpr ReportText kEn = {
    .title = "Personal data scan report",
    .scan = "Scan",
    .incomplete_scan = "This scan did not finish. The figures below are partial.",
    .headline_files = "{n} files violate the policy",
    .headline_none = "No file violates the policy",
    .headline_people = "{type}: {n} people",
    .people_unit = "people",
    .not_personal = "identifies no person",
    .files_unit = "files",
    .summary = "Summary",
    .started = "Started",
    .finished = "Finished",
    .status = "Status",
    .roots = "Scanned folders",
    .version = "mamori version",
    .entries = "Entries walked",
    .files_scanned = "Files inspected",
    .bytes_scanned = "Bytes inspected",
    .files_with_findings = "Files with personal data",
    .errors = "Errors",
    .not_inspected_count = "Files and members not inspected",
    .people_heading = "Distinct people per identifier type",
    .people_note =
        "People are counted as distinct identifiers by their keyed hashes, across "
        "the whole scan; \"in violating files\" counts those named in files with a violation no "
        "exception covers. No identifier itself is kept in this report or the database.",
    .type = "Type",
    .files = "Files",
    .occurrences = "Occurrences",
    .distinct_people = "People",
    .distinct_people_in_violations = "In violating files",
    .rules_heading = "Violations by rule",
    .rule = "Rule",
    .severity = "Severity",
    .charts = "Charts",
    .chart_folders = "Violating files by folder",
    .chart_types = "Files by identifier type",
    .chart_trend = "Violating files over time",
    .trend_total = "Total",
    .no_data = "No data",
    .changes = "Changes since the previous scan",
    .baseline = "Compared with scan {id} ({time})",
    .no_baseline = "There is no earlier scan to compare with.",
    .added = "New violations",
    .resolved = "Resolved violations",
    .none = "None",
    .path = "Path",
    .table_heading = "Violating files",
    .filter_text = "Filter (path, owner, type)",
    .filter_all = "All",
    .filter_world = "World-readable only",
    .shown = "{shown} of {total} shown",
    .col_violations = "Violations",
    .col_member = "Members",
    .col_types = "Types and counts",
    .col_masked = "Masked examples",
    .col_protection = "Protection",
    .col_owner = "Owner",
    .col_mode = "Permissions",
    .col_size = "Size",
    .col_mtime = "Modified",
    .distinct_short = "{n} distinct",
    .others = "Others",
    .opens_without_password = "opens without a password",
    .self = "(the file itself)",
    .unprotected = "None",
    .plain_member = "not encrypted",
    .world_readable = "world-readable",
    .unknown_owner = "unknown",
    .truncated = "{n} more (see the CSV report)",
    .not_inspected = "Not inspected",
    .reason = "Reason",
    .message = "Detail",
    .member = "Member",
    .footer_times = "All times are Japan Standard Time (JST, UTC+9).",
    .footer_safety = "This report holds no full identifier (masked examples and counts only).",
    .generated_by = "Generated by mamori",
};

struct Name {
  std::string_view key;
  const char* ja;
  const char* en;
};

constexpr std::array kTypes = {
    Name{"my_number", "個人番号", "My Number"},
    Name{"basic_pension_number", "基礎年金番号", "Basic pension number"},
    Name{"health_insured_number", "被保険者証記号番号", "Health-insurance insured number"},
    Name{"health_insurer_number", "保険者番号", "Health insurer number"},
    Name{"corporate_number", "法人番号", "Corporate number"},
};

constexpr std::array kRules = {
    Name{"personal-data-unencrypted", "個人データが暗号化されていない",
         "Personal data without a password"},
    Name{"weak-protection", "脆弱な暗号化", "Weak protection"},
    Name{"ppap", "PPAP（パスワードが同じ場所にある）", "PPAP (password stored beside it)"},
};

constexpr std::array kSeverities = {
    Name{"high", "高", "High"},
    Name{"medium", "中", "Medium"},
    Name{"low", "低", "Low"},
    Name{"exempt", "例外", "Exempt"},
};

constexpr std::array kStatuses = {
    Name{"finished", "完了", "finished"},
    Name{"running", "実行中（未完了）", "running (not finished)"},
    Name{"failed", "失敗", "failed"},
};

// The reasons README.md lists for content that was not, or not completely,
// read; others are shown by their code.
constexpr std::array kReasons = {
    Name{"permission-denied", "アクセス権がない", "permission denied"},
    Name{"encrypted-member", "暗号化されていて読めない", "encrypted, cannot be read"},
    Name{"pdf-encrypted", "暗号化された PDF", "encrypted PDF"},
    Name{"corrupt", "破損している", "corrupt"},
    Name{"truncated", "途中で切れている", "truncated"},
    Name{"malformed-xml", "XML が壊れている", "malformed XML"},
    Name{"sector-loop", "内部構造が壊れている", "damaged structure (sector loop)"},
    Name{"compression-ratio", "圧縮率が上限を超えた", "compression ratio over the limit"},
    Name{"expanded-size-limit", "展開後の容量が上限を超えた", "expanded size over the limit"},
    Name{"nesting-too-deep", "入れ子が深すぎる", "nested too deep"},
    Name{"too-many-members", "メンバーが多すぎる", "too many members"},
    Name{"member-too-large", "メンバーが大きすぎる", "member too large"},
    Name{"time-limit", "時間制限を超えた", "time limit reached"},
    Name{"read-error", "読み取りエラー", "read error"},
    Name{"io-error", "入出力エラー", "I/O error"},
    Name{"not-found", "スキャン中に消えた", "vanished during the scan"},
    Name{"symlink-loop", "シンボリックリンクのループ", "symbolic link loop"},
    Name{"name-too-long", "パス名が長すぎる", "name too long"},
    Name{"out-of-memory", "メモリ不足", "out of memory"},
    Name{"os-error", "OS のエラー", "operating system error"},
};

template <std::size_t N>
std::string Lookup(const std::array<Name, N>& names, ReportLang lang, std::string_view key) {
  for (const Name& n : names) {
    if (n.key == key) return lang == ReportLang::kEn ? n.en : n.ja;
  }
  return std::string(key);
}

}  // namespace

ReportLang ParseReportLang(std::string_view lang) {
  return lang == "en" ? ReportLang::kEn : ReportLang::kJa;
}

const char* ReportLangCode(ReportLang lang) { return lang == ReportLang::kEn ? "en" : "ja"; }

const ReportText& TextsFor(ReportLang lang) { return lang == ReportLang::kEn ? kEn : kJa; }

std::string TypeLabel(ReportLang lang, std::string_view type) { return Lookup(kTypes, lang, type); }
std::string RuleLabel(ReportLang lang, std::string_view rule) { return Lookup(kRules, lang, rule); }
std::string SeverityLabel(ReportLang lang, std::string_view severity) {
  return Lookup(kSeverities, lang, severity);
}
std::string ReasonLabel(ReportLang lang, std::string_view reason) {
  return Lookup(kReasons, lang, reason);
}
std::string StatusLabel(ReportLang lang, std::string_view status) {
  return Lookup(kStatuses, lang, status);
}

bool TypeIdentifiesPerson(std::string_view type) {
  return type != "health_insurer_number" && type != "corporate_number";
}

int SeverityRank(std::string_view severity) {
  for (std::size_t i = 0; i < kSeverities.size(); ++i) {
    if (kSeverities[i].key == severity) return static_cast<int>(i);
  }
  return static_cast<int>(kSeverities.size());
}

std::string Fill(std::string_view pattern, std::string_view name, std::string_view value) {
  const std::string token = std::string("{").append(name).append("}");
  std::string out(pattern);
  const std::size_t at = out.find(token);
  if (at != std::string::npos) out.replace(at, token.size(), value);
  return out;
}

}  // namespace mamori
