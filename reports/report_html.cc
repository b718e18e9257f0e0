// The HTML report: one self-contained page for compliance officers. The
// page's head, headline (how bad it is), summary and charts are assembled
// here; the long tables live in report_html_files.cc and
// report_html_lists.cc.
//
// Nothing on the page loads anything: style and script are inline, charts
// are inline SVG, and a Content-Security-Policy admits only the page's own
// style sheet and script (by their SHA-256), so an injected tag could not
// run or fetch even if escaping failed.
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <string>
#include <vector>

#include "html_escape.h"
#include "mamori/report_writers.h"
#include "report_html_parts.h"
#include "report_labels.h"
#include "svg_charts.h"

namespace mamori {
namespace {

constexpr const char* kHighColour = "#c62828";
constexpr const char* kMediumColour = "#e65100";
constexpr const char* kLowColour = "#f9a825";
constexpr const char* kTotalColour = "#1565c0";
// Folders shown in the chart; the rest add up to one "others" bar.
constexpr std::size_t kMaxFolderBars = 12;

const char* TypeColour(std::string_view type) {
  if (type == "my_number") return "#c62828";
  if (type == "basic_pension_number") return "#6a1b9a";
  if (type.substr(0, 7) == "health_") return "#00838f";
  return "#546e7a";
}

// Files with a violation that is not exempt: the headline figure.
std::uint64_t ViolatingFiles(const ReportModel& model) {
  std::uint64_t n = 0;
  for (const ReportFile& f : model.files) {
    n += std::any_of(f.violations.begin(), f.violations.end(),
                     [](const ReportViolation& v) { return v.severity != "exempt"; });
  }
  return n;
}

// The loader may list fewer entries than it counted by reason; the larger
// figure is the true one.
std::uint64_t NotInspectedTotal(const ReportModel& model) {
  std::uint64_t by_reason = 0;
  for (const auto& [reason, n] : model.not_inspected_by_reason) by_reason += n;
  return std::max<std::uint64_t>(by_reason, model.not_inspected.size());
}

std::vector<ReportTypeSummary> SortedTypes(const ReportModel& model) {
  std::vector<ReportTypeSummary> types = model.types;
  std::stable_sort(types.begin(), types.end(), [](const auto& a, const auto& b) {
    const int oa = TypeOrder(a.type), ob = TypeOrder(b.type);
    return oa != ob ? oa < ob : a.type < b.type;
  });
  return types;
}

void AppendHead(const ReportModel& model, ReportLang lang, std::string* out) {
  const ReportText& t = TextsFor(lang);
  *out += "<!DOCTYPE html>\n<html lang=\"";
  *out += ReportLangCode(lang);
  *out += "\">\n<head>\n<meta charset=\"utf-8\">\n";
  // First in the head, before anything it governs.
  *out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src " +
          CspHashSource(ReportCss()) + "; script-src " + CspHashSource(ReportJs()) +
          "; img-src data:; base-uri 'none'; form-action 'none'\">\n";
  *out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  *out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  AppendTag("<meta name=\"generator\" content=\"mamori ", model.scan.mamori_version, "\">\n", out);
  AppendTag("<title>", std::string(t.title) + " — " + t.scan + " #" + std::to_string(model.scan.id),
            "</title>\n", out);
  *out += "<style>";
  *out += ReportCss();
  *out += "</style>\n<script>";
  *out += ReportJs();
  *out += "</script>\n</head>\n";
}

void AppendHeader(const ReportModel& model, ReportLang lang, std::string* out) {
  const ReportText& t = TextsFor(lang);
  const ReportScan& s = model.scan;
  AppendTag("<header>\n<h1>", t.title, "</h1>\n", out);
  std::string meta = std::string(t.scan) + " #" + std::to_string(s.id) + " · " + t.started + " " +
                     FormatStoredTime(s.started_at);
  std::string roots;
  for (const std::string& r : s.roots) roots += (roots.empty() ? "" : ", ") + r;
  if (!roots.empty()) meta += " · " + std::string(t.roots) + ": " + roots;
  AppendTag("<p class=\"meta\" id=\"scan-meta\">", meta, "</p>\n</header>\n", out);
  if (s.status != "finished") {
    std::string text = std::string(t.incomplete_scan) + " (" + StatusLabel(lang, s.status);
    if (!s.stop_reason.empty()) text += ": " + s.stop_reason;
    AppendTag("<div class=\"banner\" role=\"alert\" id=\"incomplete\">", text + ")", "</div>\n",
              out);
  }
}

void AppendHeadline(const ReportModel& model, ReportLang lang, std::string* out) {
  const ReportText& t = TextsFor(lang);
  const std::uint64_t violating = ViolatingFiles(model);
  *out += "<section id=\"headline\" class=\"headline\">\n";
  if (violating > 0) {
    AppendTag("<p class=\"headline-main bad\">",
              Fill(t.headline_files, "n", FormatCount(violating)), "</p>\n", out);
  } else {
    AppendTag("<p class=\"headline-main good\">", t.headline_none, "</p>\n", out);
  }
  *out += "<ul class=\"people\">";
  for (const ReportTypeSummary& ts : SortedTypes(model)) {
    if (ts.distinct_people == 0 || !TypeIdentifiesPerson(ts.type)) continue;
    AppendTag("<li data-type=\"", ts.type, "\">", out);
    AppendTag("<span class=\"type\">", TypeLabel(lang, ts.type), "</span>", out);
    AppendTag("<span class=\"num\">", FormatCount(ts.distinct_people), "</span> ", out);
    AppendTag("", t.people_unit, "</li>", out);
  }
  *out += "</ul>\n<ul class=\"badges\">";
  for (const char* sev : {"high", "medium", "low", "exempt"}) {
    const auto it = model.violations_by_severity.find(sev);
    const std::uint64_t n = it == model.violations_by_severity.end() ? 0 : it->second;
    *out += std::string("<li data-severity=\"") + sev + "\"><span class=\"badge sev-" + sev +
            (n == 0 ? " zero" : "") + "\">";
    AppendTag("", SeverityLabel(lang, sev) + " " + FormatCount(n), "</span></li>", out);
  }
  *out += "</ul>\n";
  if (NotInspectedTotal(model) > 0) {
    AppendTag("<p class=\"warn-line\">",
              std::string(t.not_inspected_count) + ": " + FormatCount(NotInspectedTotal(model)),
              "</p>\n", out);
  }
  *out += "</section>\n";
}

void AppendRow(std::string_view head, const std::string& value, std::string* out) {
  AppendTag("<tr><th scope=\"row\">", head, "</th>", out);
  AppendTag("<td>", value, "</td></tr>\n", out);
}

void AppendSummary(const ReportModel& model, ReportLang lang, std::string* out) {
  const ReportText& t = TextsFor(lang);
  const ReportScan& s = model.scan;
  AppendTag("<section id=\"summary\">\n<h2>", t.summary, "</h2>\n", out);
  *out += "<table class=\"kv\" id=\"scan-table\">\n";
  AppendRow(t.scan, std::string("#").append(std::to_string(s.id)), out);
  AppendRow(t.status,
            StatusLabel(lang, s.status) + (s.stop_reason.empty() ? "" : ": " + s.stop_reason), out);
  AppendRow(t.started, FormatStoredTime(s.started_at), out);
  AppendRow(t.finished, s.finished_at.empty() ? "—" : FormatStoredTime(s.finished_at), out);
  AppendTag("<tr><th scope=\"row\">", t.roots, "</th><td><ul class=\"plain\" id=\"roots\">", out);
  for (const std::string& r : s.roots) AppendTag("<li class=\"mono\">", r, "</li>", out);
  *out += "</ul></td></tr>\n";
  AppendRow(t.version, s.mamori_version, out);
  AppendRow(t.entries, FormatCount(s.entries), out);
  AppendRow(t.files_scanned, FormatCount(s.files_scanned), out);
  AppendRow(t.bytes_scanned,
            FormatBytes(s.bytes_scanned) + " (" + FormatCount(s.bytes_scanned) +
                (lang == ReportLang::kEn ? " bytes)" : " バイト)"),
            out);
  AppendRow(t.files_with_findings, FormatCount(s.files_with_findings), out);
  AppendTag("<tr><th scope=\"row\">", t.not_inspected_count, "</th><td id=\"not-inspected-total\">",
            out);
  AppendTag("", FormatCount(NotInspectedTotal(model)), "<ul class=\"plain\" id=\"reasons\">", out);
  for (const auto& [reason, n] : model.not_inspected_by_reason) {
    AppendTag("<li data-reason=\"", reason, "\">", out);
    AppendTag("", ReasonLabel(lang, reason) + ": " + FormatCount(n), "", out);
    AppendTag(" <code>", reason, "</code></li>", out);
  }
  *out += "</ul></td></tr>\n";
  AppendRow(t.errors, FormatCount(s.errors), out);
  *out += "</table>\n";

  AppendTag("<h3>", t.people_heading, "</h3>\n<table id=\"people-table\"><thead><tr>", out);
  AppendTag("<th>", t.type, "</th>", out);
  AppendTag("<th class=\"num\">", t.distinct_people, "</th>", out);
  AppendTag("<th class=\"num\">", t.distinct_people_in_violations, "</th>", out);
  AppendTag("<th class=\"num\">", t.files, "</th>", out);
  AppendTag("<th class=\"num\">", t.occurrences, "</th></tr></thead><tbody>\n", out);
  for (const ReportTypeSummary& ts : SortedTypes(model)) {
    AppendTag("<tr data-type=\"", ts.type, "\">", out);
    AppendTag("<td>", TypeLabel(lang, ts.type), "", out);
    if (!TypeIdentifiesPerson(ts.type)) {
      AppendTag(" <span class=\"muted\">(", t.not_personal, ")</span>", out);
    }
    AppendTag("</td><td class=\"num people\">", FormatCount(ts.distinct_people), "</td>", out);
    AppendTag("<td class=\"num people-violating\">", FormatCount(ts.distinct_people_in_violations),
              "</td>", out);
    AppendTag("<td class=\"num\">", FormatCount(ts.files), "</td>", out);
    AppendTag("<td class=\"num\">", FormatCount(ts.occurrences), "</td></tr>\n", out);
  }
  *out += "</tbody></table>\n";
  AppendTag("<p class=\"note\">", t.people_note, "</p>\n", out);

  AppendTag("<h3>", t.rules_heading, "</h3>\n<table id=\"rules-table\"><thead><tr>", out);
  AppendTag("<th>", t.rule, "</th>", out);
  AppendTag("<th>", t.severity, "</th>", out);
  AppendTag("<th class=\"num\">", t.files, "</th></tr></thead><tbody>\n", out);
  std::vector<ReportRuleSummary> rules = model.rules;
  std::stable_sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) {
    return SeverityRank(a.severity) < SeverityRank(b.severity);
  });
  for (const ReportRuleSummary& r : rules) {
    AppendTag("<tr data-rule=\"", r.rule, "\">", out);
    AppendTag("<td>", RuleLabel(lang, r.rule), "", out);
    AppendTag(" <code>", r.rule, "</code></td>", out);
    *out += "<td>" + SeverityBadge(lang, r.severity) + "</td>";
    AppendTag("<td class=\"num\">", FormatCount(r.files), "</td></tr>\n", out);
  }
  *out += "</tbody></table>\n</section>\n";
}

void AppendCharts(const ReportModel& model, ReportLang lang, std::string* out) {
  const ReportText& t = TextsFor(lang);
  AppendTag("<section id=\"charts\">\n<h2>", t.charts, "</h2>\n<div class=\"charts\">\n", out);

  std::vector<ReportFolderCount> folders = model.folders;
  std::stable_sort(folders.begin(), folders.end(),
                   [](const auto& a, const auto& b) { return a.files > b.files; });
  std::vector<SvgBar> bars;
  std::uint64_t others = 0;
  for (std::size_t i = 0; i < folders.size(); ++i) {
    if (i < kMaxFolderBars) {
      bars.push_back({folders[i].folder, folders[i].files, "", kTotalColour});
    } else {
      others += folders[i].files;
    }
  }
  if (others > 0) bars.push_back({t.others, others, "", "#90a4ae"});
  AppendTag("<figure id=\"chart-folders\"><figcaption>", t.chart_folders, "</figcaption>", out);
  *out += SvgBarChart(bars, t.chart_folders, t.no_data) + "</figure>\n";

  bars.clear();
  for (const ReportTypeSummary& ts : SortedTypes(model)) {
    std::string note;
    if (TypeIdentifiesPerson(ts.type)) {
      note = std::string("(").append(FormatCount(ts.distinct_people)) + " " + t.people_unit + ")";
    }
    bars.push_back({TypeLabel(lang, ts.type), ts.files, note, TypeColour(ts.type)});
  }
  AppendTag("<figure id=\"chart-types\"><figcaption>", t.chart_types, "</figcaption>", out);
  *out += SvgBarChart(bars, t.chart_types, t.no_data) + "</figure>\n";

  std::vector<std::string> labels;
  std::vector<SvgSeries> series = {{t.trend_total, kTotalColour, {}},
                                   {SeverityLabel(lang, "high"), kHighColour, {}},
                                   {SeverityLabel(lang, "medium"), kMediumColour, {}},
                                   {SeverityLabel(lang, "low"), kLowColour, {}}};
  for (const ReportTrendPoint& p : model.trend) {
    labels.push_back(FormatStoredDate(p.started_at));
    series[0].values.push_back(p.violating_files);
    const char* sevs[] = {"high", "medium", "low"};
    for (int i = 0; i < 3; ++i) {
      const auto it = p.by_severity.find(sevs[i]);
      series[i + 1].values.push_back(it == p.by_severity.end() ? 0 : it->second);
    }
  }
  AppendTag("<figure id=\"chart-trend\"><figcaption>", t.chart_trend, "</figcaption>", out);
  *out += SvgTrendChart(labels, series, t.chart_trend, t.no_data) + "</figure>\n";
  *out += "</div>\n</section>\n";
}

void AppendFooter(const ReportModel& model, ReportLang lang, std::string* out) {
  const ReportText& t = TextsFor(lang);
  AppendTag("<footer>\n<p>", t.footer_times, "</p>\n", out);
  AppendTag("<p>", t.footer_safety, "</p>\n", out);
  AppendTag("<p>", std::string(t.generated_by) + " " + model.scan.mamori_version, "</p>\n", out);
  *out += "</footer>\n";
}

}  // namespace

std::string CspHashSource(std::string_view text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  unsigned char b64[4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1];
  const int n = EVP_EncodeBlock(b64, digest, SHA256_DIGEST_LENGTH);
  return "'sha256-" + std::string(reinterpret_cast<const char*>(b64), n) + "'";
}

void AppendTag(std::string_view open, std::string_view text, std::string_view close,
               std::string* out) {
  out->append(open);
  AppendEscaped(text, out);
  out->append(close);
}

std::string SeverityBadge(ReportLang lang, std::string_view severity) {
  const int rank = SeverityRank(severity);
  static constexpr const char* kClasses[] = {"sev-high", "sev-medium", "sev-low", "sev-exempt"};
  std::string out = "<span class=\"badge ";
  out += rank < 4 ? kClasses[rank] : "sev-exempt";
  out += "\">";
  AppendEscaped(SeverityLabel(lang, severity), &out);
  out += "</span>";
  return out;
}

int TypeOrder(std::string_view type) {
  static constexpr std::string_view kOrder[] = {"my_number", "basic_pension_number",
                                                "health_insured_number", "health_insurer_number",
                                                "corporate_number"};
  for (std::size_t i = 0; i < std::size(kOrder); ++i) {
    if (kOrder[i] == type) return static_cast<int>(i);
  }
  return static_cast<int>(std::size(kOrder));
}

std::string RenderHtmlReport(const ReportModel& model, const std::string& lang) {
  const ReportLang l = ParseReportLang(lang);
  std::string out;
  out.reserve(64 * 1024 + model.files.size() * 1024);
  AppendHead(model, l, &out);
  out += "<body>\n";
  AppendHeader(model, l, &out);
  AppendHeadline(model, l, &out);
  AppendSummary(model, l, &out);
  AppendCharts(model, l, &out);
  AppendChangesSection(model, l, &out);
  AppendFilesSection(model, l, &out);
  AppendNotInspectedSection(model, l, &out);
  AppendFooter(model, l, &out);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace mamori
