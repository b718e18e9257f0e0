// The report's lists: violations new and resolved since the baseline scan,
// and the files and members that were not (completely) inspected, with why.
#include <algorithm>
#include <string>
#include <vector>

#include "html_escape.h"
#include "report_html_parts.h"
#include "report_labels.h"

namespace mamori {
namespace {

void AppendChangeTable(const char* id, const std::vector<ReportChange>& changes, ReportLang lang,
                       std::string* out) {
  const ReportText& t = TextsFor(lang);
  if (changes.empty()) {
    *out += std::string("<p id=\"") + id + "\" class=\"muted\" data-rows=\"0\">";
    AppendTag("", t.none, "</p>\n", out);
    return;
  }
  const std::size_t rows = std::min(changes.size(), kMaxListRows);
  *out += std::string("<table id=\"") + id + "\" data-rows=\"" + std::to_string(changes.size()) +
          "\"><thead><tr>";
  AppendTag("<th>", t.severity, "</th>", out);
  AppendTag("<th>", t.rule, "</th>", out);
  AppendTag("<th>", t.path, "</th></tr></thead><tbody>\n", out);
  for (std::size_t i = 0; i < rows; ++i) {
    const ReportChange& c = changes[i];
    *out += "<tr><td>" + SeverityBadge(lang, c.severity) + "</td>";
    AppendTag("<td>", RuleLabel(lang, c.rule), "</td>", out);
    AppendTag("<td class=\"path mono\">", c.path, "</td></tr>\n", out);
  }
  *out += "</tbody></table>\n";
  if (changes.size() > rows) {
    AppendTag("<p class=\"note\">", Fill(t.truncated, "n", FormatCount(changes.size() - rows)),
              "</p>\n", out);
  }
}

}  // namespace

void AppendChangesSection(const ReportModel& model, ReportLang lang, std::string* out) {
  const ReportText& t = TextsFor(lang);
  AppendTag("<section id=\"changes\">\n<h2>", t.changes, "</h2>\n", out);
  if (model.baseline) {
    const std::string text =
        Fill(Fill(t.baseline, "id", std::string("#").append(std::to_string(model.baseline->id))),
             "time", FormatStoredTime(model.baseline->started_at));
    AppendTag("<p id=\"baseline\">", text, "</p>\n", out);
  } else {
    AppendTag("<p id=\"baseline\" class=\"muted\">", t.no_baseline, "</p>\n", out);
  }
  if (model.baseline || !model.added.empty() || !model.resolved.empty()) {
    AppendTag("<h3>", std::string(t.added) + " (" + FormatCount(model.added.size()) + ")",
              "</h3>\n", out);
    AppendChangeTable("added-table", model.added, lang, out);
    AppendTag("<h3>", std::string(t.resolved) + " (" + FormatCount(model.resolved.size()) + ")",
              "</h3>\n", out);
    AppendChangeTable("resolved-table", model.resolved, lang, out);
  }
  *out += "</section>\n";
}

void AppendNotInspectedSection(const ReportModel& model, ReportLang lang, std::string* out) {
  const ReportText& t = TextsFor(lang);
  AppendTag("<section id=\"not-inspected\">\n<h2>", t.not_inspected,
            " (" + FormatCount(model.not_inspected.size()) + ")</h2>\n", out);
  if (model.not_inspected.empty()) {
    AppendTag("<p class=\"muted\">", t.none, "</p>\n</section>\n", out);
    return;
  }
  const std::size_t rows = std::min(model.not_inspected.size(), kMaxListRows);
  *out += "<table id=\"not-inspected-table\"><thead><tr>";
  AppendTag("<th>", t.reason, "</th>", out);
  AppendTag("<th>", t.path, "</th>", out);
  AppendTag("<th>", t.member, "</th>", out);
  AppendTag("<th>", t.message, "</th></tr></thead><tbody>\n", out);
  for (std::size_t i = 0; i < rows; ++i) {
    const ReportNotInspected& n = model.not_inspected[i];
    AppendTag("<tr data-reason=\"", n.reason, "\">", out);
    AppendTag("<td>", ReasonLabel(lang, n.reason), "", out);
    AppendTag(" <code>", n.reason, "</code></td>", out);
    AppendTag("<td class=\"path mono\">", n.path, "</td>", out);
    AppendTag("<td class=\"member\">", n.member, "</td>", out);
    AppendTag("<td>", n.message, "</td></tr>\n", out);
  }
  *out += "</tbody></table>\n";
  if (model.not_inspected.size() > rows) {
    AppendTag("<p class=\"note\">",
              Fill(t.truncated, "n", FormatCount(model.not_inspected.size() - rows)), "</p>\n",
              out);
  }
  *out += "</section>\n";
}

}  // namespace mamori
