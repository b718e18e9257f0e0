// The table of violating files: one row per file, sortable and filterable by
// report.js through the data-* attributes written here (data-v: a cell's
// sort value; data-sev, data-types, data-world: a row's filter values). The
// table is complete and readable without the script.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "html_escape.h"
#include "report_html_parts.h"
#include "report_labels.h"

namespace mamori {
namespace {

struct TypeTotals {
  std::uint64_t count = 0;
  std::uint64_t distinct = 0;
  std::vector<std::string> masked;
};

// Per type over the file and its members, in display order.
std::vector<std::pair<std::string, TypeTotals>> TotalsByType(const ReportFile& f) {
  std::map<std::string, TypeTotals> by_type;
  for (const ReportFinding& fi : f.findings) {
    TypeTotals& t = by_type[fi.type];
    t.count += fi.count;
    t.distinct += fi.distinct_count;
    for (const std::string& m : fi.masked) {
      if (t.masked.size() >= kMaxMaskedPerType) break;
      const std::string safe = MaskDigits(m);
      if (std::find(t.masked.begin(), t.masked.end(), safe) == t.masked.end()) {
        t.masked.push_back(safe);
      }
    }
  }
  std::vector<std::pair<std::string, TypeTotals>> out(by_type.begin(), by_type.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return TypeOrder(a.first) < TypeOrder(b.first);
  });
  return out;
}

void AppendControls(const ReportModel& model, ReportLang lang, std::string* out) {
  const ReportText& t = TextsFor(lang);
  std::set<std::string> severities;
  std::set<std::string> types;
  for (const ReportFile& f : model.files) {
    for (const ReportViolation& v : f.violations) severities.insert(v.severity);
    for (const ReportFinding& fi : f.findings) types.insert(fi.type);
  }
  *out += "<div class=\"controls\" id=\"controls\" hidden>\n";
  AppendTag("<label>", t.filter_text, " <input type=\"search\" id=\"f-text\"></label>\n", out);
  AppendTag("<label>", t.severity, " <select id=\"f-sev\">", out);
  AppendTag("<option value=\"\">", t.filter_all, "</option>", out);
  std::vector<std::string> sev_list(severities.begin(), severities.end());
  std::stable_sort(sev_list.begin(), sev_list.end(),
                   [](const auto& a, const auto& b) { return SeverityRank(a) < SeverityRank(b); });
  for (const std::string& s : sev_list) {
    AppendTag("<option value=\"", s, "\">", out);
    AppendTag("", SeverityLabel(lang, s), "</option>", out);
  }
  *out += "</select></label>\n";
  AppendTag("<label>", t.type, " <select id=\"f-type\">", out);
  AppendTag("<option value=\"\">", t.filter_all, "</option>", out);
  std::vector<std::string> type_list(types.begin(), types.end());
  std::stable_sort(type_list.begin(), type_list.end(),
                   [](const auto& a, const auto& b) { return TypeOrder(a) < TypeOrder(b); });
  for (const std::string& ty : type_list) {
    AppendTag("<option value=\"", ty, "\">", out);
    AppendTag("", TypeLabel(lang, ty), "</option>", out);
  }
  *out += "</select></label>\n";
  AppendTag("<label><input type=\"checkbox\" id=\"f-world\"> ", t.filter_world, "</label>\n", out);
  *out += "</div>\n";
}

void AppendHeaderCell(std::string_view key, bool numeric, std::string_view label,
                      std::string* out) {
  *out += "<th scope=\"col\"";
  if (!key.empty()) {
    *out += " data-key=\"" + std::string(key) + "\"";
    if (numeric) *out += " data-type=\"num\"";
  }
  AppendTag(">", label, "</th>", out);
}

void AppendRow(const ReportFile& f, ReportLang lang, std::string* out) {
  const ReportText& t = TextsFor(lang);
  const auto totals = TotalsByType(f);
  int rank = 4;
  std::string sevs, types;
  for (const ReportViolation& v : f.violations) {
    rank = std::min(rank, SeverityRank(v.severity));
    sevs += (sevs.empty() ? "" : " ") + v.severity;
  }
  for (const auto& [type, unused] : totals) types += (types.empty() ? "" : " ") + type;
  AppendTag("<tr data-sev=\"", sevs, "\"", out);
  AppendTag(" data-types=\"", types, "\"", out);
  *out += std::string(" data-world=\"") + (f.world_readable ? "1" : "0") + "\">";

  // Violations: a badge and the rule per violation, the message below.
  *out += "<td data-v=\"" + std::to_string(4 - rank) + "\">";
  for (const ReportViolation& v : f.violations) {
    AppendTag("<span class=\"viol\" data-rule=\"", v.rule, "\">", out);
    *out += SeverityBadge(lang, v.severity) + " ";
    AppendTag("", RuleLabel(lang, v.rule), "", out);
    if (!v.message.empty()) AppendTag("<span class=\"msg\">", v.message, "</span>", out);
    *out += "</span>";
  }
  *out += "</td>";

  AppendTag("<td class=\"path\">", f.path, "</td>", out);

  // Members holding findings; the file itself only named beside members.
  std::vector<std::string> members;
  for (const ReportFinding& fi : f.findings) {
    if (std::find(members.begin(), members.end(), fi.member) == members.end()) {
      members.push_back(fi.member);
    }
  }
  if (members.size() == 1 && members[0].empty()) members.clear();
  *out += "<td class=\"member\">";
  for (std::size_t i = 0; i < members.size() && i < kMaxMembersPerFile; ++i) {
    AppendTag("<div>", members[i].empty() ? std::string(t.self) : members[i], "</div>", out);
  }
  if (members.size() > kMaxMembersPerFile) {
    AppendTag("<div class=\"muted\">",
              Fill(t.truncated, "n", FormatCount(members.size() - kMaxMembersPerFile)), "</div>",
              out);
  }
  *out += "</td>";

  std::uint64_t total = 0;
  for (const auto& [type, tt] : totals) total += tt.count;
  *out += "<td class=\"types\" data-v=\"" + std::to_string(total) + "\">";
  for (const auto& [type, tt] : totals) {
    AppendTag("<div data-type=\"", type, "\">", out);
    AppendTag("", TypeLabel(lang, type), " ", out);
    AppendTag("<b>", FormatCount(tt.count), "</b>", out);
    AppendTag(" <span class=\"muted\">(", Fill(t.distinct_short, "n", FormatCount(tt.distinct)),
              ")</span></div>", out);
  }
  *out += "</td><td class=\"masked\">";
  for (const auto& [type, tt] : totals) {
    for (const std::string& m : tt.masked) AppendTag("<div><code>", m, "</code></div>", out);
  }
  *out += "</td>";

  // Protection: the file's scheme, then each protected member.
  *out += "<td";
  if (f.scheme.empty() && f.protected_members.empty()) {
    AppendTag(" data-v=\"\" class=\"unprotected\">", t.unprotected, "", out);
  } else {
    *out += ">";
    if (!f.scheme.empty()) {
      AppendTag("<div><code>", f.scheme, "</code>", out);
      if (!f.encrypted) AppendTag(" (", t.opens_without_password, ")", out);
      *out += "</div>";
    }
    for (std::size_t i = 0; i < f.protected_members.size() && i < kMaxMembersPerFile; ++i) {
      const ReportProtectedMember& pm = f.protected_members[i];
      AppendTag("<div class=\"member\">", pm.member, ": ", out);
      AppendTag("<code>", pm.scheme.empty() ? std::string("—") : pm.scheme, "</code>", out);
      if (!pm.encrypted) AppendTag(" (", t.plain_member, ")", out);
      *out += "</div>";
    }
    if (f.protected_members.size() > kMaxMembersPerFile) {
      AppendTag(
          "<div class=\"muted\">",
          Fill(t.truncated, "n", FormatCount(f.protected_members.size() - kMaxMembersPerFile)),
          "</div>", out);
    }
  }
  *out += "</td>";

  if (f.has_owner) {
    AppendTag("<td>", f.owner, "</td>", out);
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", f.mode & 07777u);
    *out += "<td class=\"mode\" data-v=\"" +
            std::to_string((f.world_readable ? 010000 : 0) + (f.mode & 07777u)) + "\"><code>" +
            FormatMode(f.mode) + "</code> <span class=\"muted\">" + octal + "</span>";
    if (f.world_readable) AppendTag("<div class=\"world\">", t.world_readable, "</div>", out);
    *out += "</td>";
  } else {
    AppendTag("<td data-v=\"\" class=\"muted\">", t.unknown_owner, "</td>", out);
    *out += "<td data-v=\"-1\" class=\"muted\">—</td>";
  }

  *out += "<td class=\"num\" data-v=\"" + std::to_string(f.size) + "\" title=\"" +
          FormatCount(f.size) + "\">" + FormatBytes(f.size) + "</td>";
  *out += "<td class=\"num\" data-v=\"" + std::to_string(f.mtime_ns / 1000000000) + "\">" +
          FormatEpochNs(f.mtime_ns) + "</td>";
  *out += "</tr>\n";
}

}  // namespace

void AppendFilesSection(const ReportModel& model, ReportLang lang, std::string* out) {
  const ReportText& t = TextsFor(lang);
  const std::size_t rows = std::min(model.files.size(), kMaxFileRows);
  AppendTag("<section id=\"files\">\n<h2>", t.table_heading,
            " (" + FormatCount(model.files.size()) + ")</h2>\n", out);
  if (model.files.empty()) {
    AppendTag("<p id=\"files-none\">", t.none, "</p>\n</section>\n", out);
    return;
  }
  AppendControls(model, lang, out);
  const std::string count = FormatCount(rows);
  AppendTag("<p class=\"shown\" id=\"shown\" data-template=\"", t.shown, "\">", out);
  AppendTag("", Fill(Fill(t.shown, "shown", count), "total", count), "</p>\n", out);
  *out += "<table class=\"files\" id=\"files-table\"><thead><tr>";
  AppendHeaderCell("sev", true, t.col_violations, out);
  AppendHeaderCell("path", false, t.path, out);
  AppendHeaderCell("member", false, t.col_member, out);
  AppendHeaderCell("types", true, t.col_types, out);
  AppendHeaderCell("", false, t.col_masked, out);
  AppendHeaderCell("protection", false, t.col_protection, out);
  AppendHeaderCell("owner", false, t.col_owner, out);
  AppendHeaderCell("mode", true, t.col_mode, out);
  AppendHeaderCell("size", true, t.col_size, out);
  AppendHeaderCell("mtime", true, std::string(t.col_mtime) + " (JST)", out);
  *out += "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < rows; ++i) AppendRow(model.files[i], lang, out);
  *out += "</tbody></table>\n";
  if (model.files.size() > rows) {
    AppendTag("<p class=\"note\" id=\"files-truncated\">",
              Fill(t.truncated, "n", FormatCount(model.files.size() - rows)), "</p>\n", out);
  }
  *out += "</section>\n";
}

}  // namespace mamori
