// Charts as inline SVG for the HTML report: a horizontal bar chart and a
// line chart of a trend. Deterministic (integer coordinates, fixed colours,
// no randomness), so a model always renders to the same bytes; every label
// is escaped; sized by viewBox so they scale to the page and to A4 print.
//
// Thread-safety: pure functions.
#ifndef MAMORI_REPORTS_SVG_CHARTS_H_
#define MAMORI_REPORTS_SVG_CHARTS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace mamori {

struct SvgBar {
  std::string label;  // shortened to fit; the full text is its tooltip
  std::uint64_t value = 0;
  std::string note;    // shown after the value, e.g. "(12 people)"
  std::string colour;  // "#rrggbb"
};

// One bar per item, in the given order. `title` names the chart for screen
// readers; `empty_text` is shown when there is no bar.
std::string SvgBarChart(const std::vector<SvgBar>& bars, const std::string& title,
                        const std::string& empty_text);

struct SvgSeries {
  std::string name;
  std::string colour;
  std::vector<std::uint64_t> values;  // one per x label; missing ones are 0
};

// Lines over evenly spaced points labelled `x_labels` (oldest first), a y
// axis from 0 with round ticks, and a legend.
std::string SvgTrendChart(const std::vector<std::string>& x_labels,
                          const std::vector<SvgSeries>& series, const std::string& title,
                          const std::string& empty_text);

// `text` cut to about `max_columns` columns (CJK and other wide characters
// count two) with "…" appended when cut; never splits a UTF-8 sequence.
std::string TruncateColumns(const std::string& text, std::size_t max_columns);

}  // namespace mamori

#endif  // MAMORI_REPORTS_SVG_CHARTS_H_
