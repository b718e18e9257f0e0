#include "svg_charts.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

#include "html_escape.h"

namespace mamori {
namespace {

constexpr int kWidth = 720;
constexpr const char* kDefaultColour = "#1565c0";
constexpr const char* kTextColour = "#212121";
constexpr const char* kGridColour = "#e0e0e0";

// Colours come from the report's own constants; anything else is replaced
// rather than written into an attribute.
std::string SafeColour(const std::string& c) {
  if (c.size() != 7 || c[0] != '#') return kDefaultColour;
  for (std::size_t i = 1; i < c.size(); ++i) {
    if (!std::isxdigit(static_cast<unsigned char>(c[i]))) return kDefaultColour;
  }
  return c;
}

std::string Num(std::int64_t v) { return std::to_string(v); }

// Width in columns of code point `cp`: East Asian wide and full-width forms
// count two, as a CJK font draws them about twice as wide.
int Columns(char32_t cp) {
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
      (cp >= 0x20000 && cp <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

std::string OpenSvg(int height, const std::string& title) {
  std::string out = "<svg class=\"chart\" viewBox=\"0 0 " + Num(kWidth) + " " + Num(height) +
                    "\" width=\"" + Num(kWidth) + "\" height=\"" + Num(height) +
                    "\" role=\"img\" font-size=\"13\" font-family=\"sans-serif\"><title>";
  AppendEscaped(title, &out);
  out += "</title>";
  return out;
}

std::string EmptyChart(const std::string& title, const std::string& empty_text) {
  std::string out = OpenSvg(40, title);
  out += "<text x=\"8\" y=\"24\" fill=\"#757575\">";
  AppendEscaped(empty_text, &out);
  out += "</text></svg>";
  return out;
}

// A round step (1, 2 or 5 times a power of ten) giving at most 5 ticks up
// to `max`.
std::uint64_t TickStep(std::uint64_t max) {
  std::uint64_t power = 1;
  for (;;) {
    for (std::uint64_t m : {1, 2, 5}) {
      const std::uint64_t step = m * power;
      if (max / step < 5) return step;
    }
    if (power > UINT64_MAX / 10) return power;
    power *= 10;
  }
}

// Linear map of v in [0, top] to [from, to], with 128-bit products.
int Scale(std::uint64_t v, std::uint64_t top, int from, int to) {
  if (top == 0) return from;
  const auto span = static_cast<__int128>(to - from);
  return from + static_cast<int>(span * static_cast<__int128>(std::min(v, top)) /
                                 static_cast<__int128>(top));
}

// Measures `text` in columns; when `starts`/`before` are given, records for
// each character its byte offset and the columns before it.
std::size_t MeasureColumns(const std::string& text, std::vector<std::size_t>* starts,
                           std::vector<std::size_t>* before) {
  std::size_t columns = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t n = b < 0xC0 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    n = std::min(n, text.size() - i);
    char32_t cp = n == 1 ? b : b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      cp = cp << 6 | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    if (starts != nullptr) starts->push_back(i), before->push_back(columns);
    columns += static_cast<std::size_t>(Columns(cp));
    i += n;
  }
  return columns;
}

}  // namespace

std::string TruncateColumns(const std::string& text, std::size_t max_columns) {
  std::vector<std::size_t> starts, before;
  if (MeasureColumns(text, &starts, &before) <= max_columns) return text;
  // The longest prefix that leaves one column for the ellipsis.
  std::size_t cut = 0;
  for (std::size_t k = 1; k < starts.size() && before[k] + 1 <= max_columns; ++k) cut = starts[k];
  return text.substr(0, cut) + "…";
}

std::string SvgBarChart(const std::vector<SvgBar>& bars, const std::string& title,
                        const std::string& empty_text) {
  if (bars.empty()) return EmptyChart(title, empty_text);
  constexpr int kRow = 26, kBar = 18, kLabelRight = 244, kBarLeft = 252, kBarMax = 340;
  const int height = static_cast<int>(bars.size()) * kRow + 8;
  std::uint64_t max = 0;
  for (const SvgBar& b : bars) max = std::max(max, b.value);
  std::string out = OpenSvg(height, title);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const SvgBar& b = bars[i];
    const int y = 4 + static_cast<int>(i) * kRow;
    int w = Scale(b.value, max, 0, kBarMax);
    if (b.value > 0 && w < 2) w = 2;
    out += "<g class=\"bar\"><title>";
    AppendEscaped(b.label + ": " + std::to_string(b.value) + (b.note.empty() ? "" : " " + b.note),
                  &out);
    out += "</title><text x=\"" + Num(kLabelRight) + "\" y=\"" + Num(y + 14) +
           "\" text-anchor=\"end\" fill=\"" + kTextColour + "\">";
    AppendEscaped(TruncateColumns(b.label, 36), &out);
    out += "</text><rect x=\"" + Num(kBarLeft) + "\" y=\"" + Num(y) + "\" width=\"" + Num(w) +
           "\" height=\"" + Num(kBar) + "\" fill=\"" + SafeColour(b.colour) + "\"/>";
    out += "<text x=\"" + Num(kBarLeft + w + 6) + "\" y=\"" + Num(y + 14) + "\" fill=\"" +
           kTextColour + "\">";
    AppendEscaped(std::to_string(b.value) + (b.note.empty() ? "" : " " + b.note), &out);
    out += "</text></g>";
  }
  out += "</svg>";
  return out;
}

std::string SvgTrendChart(const std::vector<std::string>& x_labels,
                          const std::vector<SvgSeries>& series, const std::string& title,
                          const std::string& empty_text) {
  if (x_labels.empty() || series.empty()) return EmptyChart(title, empty_text);
  constexpr int kLeft = 60, kRight = 670, kTop = 16, kBottom = 200, kHeight = 262;
  const std::size_t n = x_labels.size();
  std::uint64_t max = 0;
  for (const SvgSeries& s : series) {
    for (std::size_t i = 0; i < n && i < s.values.size(); ++i) max = std::max(max, s.values[i]);
  }
  const std::uint64_t step = TickStep(max);
  const std::uint64_t top = max == 0 ? step : (max + step - 1) / step * step;
  const auto x_at = [&](std::size_t i) {
    if (n == 1) return (kLeft + kRight) / 2;
    return kLeft + static_cast<int>((kRight - kLeft) * static_cast<std::int64_t>(i) /
                                    static_cast<std::int64_t>(n - 1));
  };
  std::string out = OpenSvg(kHeight, title);
  // Grid and y ticks.
  for (std::uint64_t v = 0; v <= top; v += step) {
    const int y = Scale(v, top, kBottom, kTop);
    out += "<line x1=\"" + Num(kLeft) + "\" y1=\"" + Num(y) + "\" x2=\"" + Num(kRight) +
           "\" y2=\"" + Num(y) + "\" stroke=\"" + kGridColour + "\"/>";
    out += "<text x=\"" + Num(kLeft - 6) + "\" y=\"" + Num(y + 4) +
           "\" text-anchor=\"end\" font-size=\"11\" fill=\"" + kTextColour + "\">" +
           std::to_string(v) + "</text>";
    if (top - v < step) break;
  }
  // X labels: as many as fit without overlapping (about 90 units each), the
  // newest always.
  const std::size_t every =
      std::max<std::size_t>(1, (n * 90 + static_cast<std::size_t>(kRight - kLeft) - 1) /
                                   static_cast<std::size_t>(kRight - kLeft));
  for (std::size_t i = 0; i < n; ++i) {
    if ((n - 1 - i) % every != 0) continue;
    out += "<text x=\"" + Num(x_at(i)) + "\" y=\"" + Num(kBottom + 18) +
           "\" text-anchor=\"middle\" font-size=\"11\" fill=\"" + kTextColour + "\">";
    AppendEscaped(TruncateColumns(x_labels[i], 12), &out);
    out += "</text>";
  }
  // Lines and points.
  for (const SvgSeries& s : series) {
    const std::string colour = SafeColour(s.colour);
    std::string points;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t v = i < s.values.size() ? s.values[i] : 0;
      if (!points.empty()) points += ' ';
      points += Num(x_at(i)) + "," + Num(Scale(v, top, kBottom, kTop));
    }
    out += "<g class=\"series\"><polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + colour +
           "\" points=\"" + points + "\"/>";
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t v = i < s.values.size() ? s.values[i] : 0;
      out += "<circle r=\"3\" cx=\"" + Num(x_at(i)) + "\" cy=\"" +
             Num(Scale(v, top, kBottom, kTop)) + "\" fill=\"" + colour + "\"><title>";
      AppendEscaped(s.name + " " + x_labels[i] + ": " + std::to_string(v), &out);
      out += "</title></circle>";
    }
    out += "</g>";
  }
  // Legend.
  int x = kLeft;
  for (const SvgSeries& s : series) {
    out += "<rect x=\"" + Num(x) + "\" y=\"" + Num(kHeight - 22) +
           "\" width=\"12\" height=\"12\" fill=\"" + SafeColour(s.colour) + "\"/>";
    out += "<text x=\"" + Num(x + 16) + "\" y=\"" + Num(kHeight - 12) + "\" fill=\"" + kTextColour +
           "\">";
    AppendEscaped(s.name, &out);
    out += "</text>";
    x += 28 +
         static_cast<int>(std::min<std::size_t>(MeasureColumns(s.name, nullptr, nullptr), 24)) * 8;
  }
  out += "</svg>";
  return out;
}

}  // namespace mamori
