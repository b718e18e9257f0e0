// The CSV report: one row per violating file and identifier type, for
// Excel. UTF-8 with a byte-order mark (without it Excel reads the file as
// CP932), CRLF line ends, RFC 4180 quoting. The columns are documented in
// README.md ("## Reports"); values are the stable names of the findings
// stream (types, rules, severities), only the header is translated.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>

#include "mamori/report_writers.h"

namespace mamori {
namespace {

constexpr std::size_t kMaxExamples = 3;

// Excel runs a cell that starts with = + - @ (or tab / CR, which it skips
// before them) as a formula: a path named "=HYPERLINK(...)" must stay text.
// A leading apostrophe makes Excel show the rest as text.
std::string Guard(std::string cell) {
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                        cell[0] == '\t' || cell[0] == '\r')) {
    cell.insert(cell.begin(), '\'');
  }
  return cell;
}

// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
void AppendCell(const std::string& raw, bool first, std::string* out) {
  if (!first) out->push_back(',');
  const std::string cell = Guard(raw);
  if (cell.find_first_of(",\"\r\n") == std::string::npos) {
    *out += cell;
    return;
  }
  out->push_back('"');
  for (char c : cell) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendRow(const std::vector<std::string>& cells, std::string* out) {
  for (std::size_t i = 0; i < cells.size(); ++i) AppendCell(cells[i], i == 0, out);
  *out += "\r\n";
}

// Local time, as Excel recognizes a date and time: "2015-05-28 18:12:44".
std::string LocalTime(std::int64_t ns) {
  std::int64_t secs = ns / 1'000'000'000;
  if (ns % 1'000'000'000 < 0) --secs;
  const std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  if (::localtime_r(&t, &tm) == nullptr) return "";
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return std::string(buf, n);
}

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

int ConfidenceOrder(const std::string& c) { return c == "high" ? 3 : c == "medium" ? 2 : 1; }

int SeverityOrder(const std::string& s) {
  return s == "high" ? 0 : s == "medium" ? 1 : s == "low" ? 2 : s == "exempt" ? 4 : 3;
}

// The file's protection: its own scheme (and whether it locks the content),
// then members protected on their own.
std::string Protection(const ReportFile& f) {
  std::vector<std::string> parts;
  if (!f.scheme.empty())
    parts.push_back(f.scheme + (f.encrypted ? "" : " (not encrypted)"));
  else if (f.encrypted)
    parts.push_back("encrypted");
  for (const ReportProtectedMember& m : f.protected_members) {
    parts.push_back(m.member + ": " + m.scheme + (m.encrypted ? "" : " (not encrypted)"));
  }
  return parts.empty() ? "none" : Join(parts, "; ");
}

std::string Octal(std::uint32_t mode) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777u);
  return buf;
}

const std::vector<std::string>& Header(const std::string& lang) {
  static const std::vector<std::string> en = {
      "scan",        "path",           "members",    "identifier type",
      "count",       "distinct",       "confidence", "masked examples",
      "rules",       "severity",       "protection", "owner",
      "permissions", "world readable", "size",       "modified"};
  static const std::vector<std::string> ja = {
      "スキャンID", "パス",           "メンバー",       "識別子の種類", "件数", "異なる値の数",
      "確度",       "例(マスク済み)", "違反ルール",     "重大度",       "保護", "所有者",
      "アクセス権", "全員が読める",   "サイズ(バイト)", "更新日時"};
  return lang == "en" ? en : ja;
}

// What a file holds of one identifier type, all members together.
struct TypeRow {
  std::vector<std::string> members;
  std::uint64_t count = 0;
  std::uint64_t distinct_sum = 0;  // when the hashes were not counted
  std::string confidence;
  std::vector<std::string> masked;
};

}  // namespace

std::string RenderCsvReport(const ReportModel& model, const std::string& lang) {
  std::string out = "\xEF\xBB\xBF";
  AppendRow(Header(lang), &out);
  const std::string scan_id = std::to_string(model.scan.id);
  for (const ReportFile& f : model.files) {
    // Rules and the worst severity of the file, shared by its rows.
    std::vector<std::string> rules;
    std::string severity;
    for (const ReportViolation& v : f.violations) {
      const std::string rule = v.severity == "exempt" ? v.rule + " (exempt)" : v.rule;
      if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(rule);
      if (severity.empty() || SeverityOrder(v.severity) < SeverityOrder(severity)) {
        severity = v.severity;
      }
    }
    std::map<std::string, TypeRow> types;
    for (const ReportFinding& d : f.findings) {
      TypeRow& t = types[d.type];
      if (!d.member.empty() &&
          std::find(t.members.begin(), t.members.end(), d.member) == t.members.end()) {
        t.members.push_back(d.member);
      }
      t.count += d.count;
      t.distinct_sum += d.distinct_count;
      if (t.confidence.empty() || ConfidenceOrder(d.confidence) > ConfidenceOrder(t.confidence)) {
        t.confidence = d.confidence;
      }
      for (const std::string& m : d.masked) {
        if (t.masked.size() < kMaxExamples) t.masked.push_back(m);
      }
    }
    const std::vector<std::string> tail = {Join(rules, "; "),
                                           severity,
                                           Protection(f),
                                           f.has_owner ? f.owner : "",
                                           f.has_owner ? Octal(f.mode) : "",
                                           f.has_owner ? (f.world_readable ? "yes" : "no") : "",
                                           std::to_string(f.size),
                                           LocalTime(f.mtime_ns)};
    auto row = [&](const std::string& members, const std::string& type, const std::string& count,
                   const std::string& distinct, const std::string& confidence,
                   const std::string& masked) {
      std::vector<std::string> cells = {scan_id, f.path,   members,    type,
                                        count,   distinct, confidence, masked};
      cells.insert(cells.end(), tail.begin(), tail.end());
      AppendRow(cells, &out);
    };
    if (types.empty()) row("", "", "", "", "", "");
    for (const auto& [type, t] : types) {
      auto people = f.distinct_by_type.find(type);
      const std::uint64_t distinct =
          people != f.distinct_by_type.end() ? people->second : t.distinct_sum;
      row(Join(t.members, "; "), type, std::to_string(t.count), std::to_string(distinct),
          t.confidence, Join(t.masked, " "));
    }
  }
  return out;
}

}  // namespace mamori
