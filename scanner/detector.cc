#include "mamori/detector.h"

#include <algorithm>
#include <unordered_set>

#include "csv_columns.h"
#include "value_confirm.h"

namespace mamori {

namespace {

// A file is taken to be a list of identifiers of a rule when at least this
// many values of the rule's shape appear and this share of them pass the
// check digit. Random numbers of the shape pass about 1 time in 10, so 80%
// over 5 or more values is far from chance.
constexpr std::uint64_t kListMinValues = 5;
constexpr double kListMinValidShare = 0.8;

constexpr std::uint8_t kContext = 1;  // keyword in window or header label

struct Occurrence {
  std::uint64_t value;  // the digits as a number; the rule gives the width
  std::uint16_t rule;
  std::uint8_t flags;
};

struct KeywordHit {
  std::size_t start;
  std::size_t end;
  const std::vector<int>* rules;
};

struct Candidate {
  ConfirmedValue value;
  int rule;
};

std::string Digits(std::uint64_t value, int width) {
  std::string s(static_cast<std::size_t>(width), '0');
  for (int i = width - 1; i >= 0 && value > 0; --i) {
    s[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return s;
}

std::uint64_t ToNumber(const std::string& digits) {
  std::uint64_t v = 0;
  for (char c : digits) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  return v;
}

}  // namespace

struct Detector::Rep {
  const RuleSet& rules;
  const Matcher& matcher;
  std::size_t margin = 0;

  // Per file.
  char delim = 0;
  bool header_done = false;
  std::uint64_t header_end = 0;             // file offset where the header line ends
  std::vector<std::uint64_t> header_rules;  // per column: bit per rule
  std::vector<std::uint64_t> shape_count;
  std::vector<std::uint64_t> valid_count;
  std::vector<Occurrence> occurrences;

  // Per buffer, kept to reuse their capacity.
  std::vector<MatchHit> hits;
  std::vector<KeywordHit> keywords;
  std::vector<Candidate> candidates;
  CsvColumnCursor cursor;

  Rep(const RuleSet& r, const Matcher& m) : rules(r), matcher(m) {}

  void ReadHeader(std::string_view data) {
    std::size_t begin = data.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    std::size_t line_end = 0;
    std::vector<CellSpan> cells = SplitDelimitedLine(data, begin, delim, &line_end);
    header_end = line_end;
    header_rules.assign(cells.size(), 0);
    for (const KeywordHit& k : keywords) {
      if (k.end > line_end) break;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        if (k.start >= cells[c].begin && k.end <= cells[c].end) {
          for (int r : *k.rules) header_rules[c] |= std::uint64_t{1} << r;
        }
      }
    }
    header_done = true;
  }

  int KeywordDistance(std::string_view data, const ConfirmedValue& v, int rule) const {
    const int window = rules.rules()[rule].window_chars;
    // UTF-8 characters are at most 4 bytes: a byte bound first, then count.
    const std::size_t reach = static_cast<std::size_t>(window) * 4;
    const std::size_t lo = v.start > reach ? v.start - reach : 0;
    auto it = std::lower_bound(keywords.begin(), keywords.end(), lo,
                               [](const KeywordHit& k, std::size_t x) { return k.end < x; });
    int best = -1;
    for (; it != keywords.end() && it->start <= v.end + reach; ++it) {
      if (std::find(it->rules->begin(), it->rules->end(), rule) == it->rules->end()) continue;
      std::size_t d = 0;
      if (it->end <= v.start) {
        d = CountChars(data, it->end, v.start);
      } else if (it->start >= v.end) {
        d = CountChars(data, v.end, it->start);
      }
      if (d <= static_cast<std::size_t>(window) && (best < 0 || static_cast<int>(d) < best)) {
        best = static_cast<int>(d);
      }
    }
    return best;
  }
};

Detector::Detector(const RuleSet& rules, const Matcher& matcher)
    : rep_(std::make_unique<Rep>(rules, matcher)) {
  std::size_t longest = 0;
  for (const Expression& e : matcher.expressions()) longest = std::max(longest, e.keyword.size());
  std::size_t margin = 0;
  for (const Rule& r : rules.rules()) {
    std::size_t sep = 0;
    for (const auto& s : r.separators) sep = std::max(sep, s.size());
    std::size_t value = static_cast<std::size_t>(r.TotalDigits()) * 4 + r.groups.size() * sep;
    margin = std::max(margin, static_cast<std::size_t>(r.window_chars) * 4 + value + longest);
  }
  rep_->margin = std::max<std::size_t>(margin + 16, 4096);
}

Detector::~Detector() = default;

std::size_t Detector::ContextMargin() const { return rep_->margin; }

void Detector::Reset(const SniffResult& format) {
  Rep& r = *rep_;
  r.delim = format.format == "csv" ? ',' : format.format == "tsv" ? '\t' : 0;
  r.header_done = r.delim == 0;
  r.header_end = 0;
  r.header_rules.clear();
  r.shape_count.assign(r.rules.rules().size(), 0);
  r.valid_count.assign(r.rules.rules().size(), 0);
  r.occurrences.clear();
}

Status Detector::Scan(std::string_view data, std::uint64_t base, std::size_t accept_begin,
                      std::size_t accept_end, Matcher::Scratch* scratch) {
  Rep& r = *rep_;
  r.hits.clear();
  Status s = r.matcher.Scan(data, scratch, &r.hits);
  if (!s.ok()) return s;

  const auto& exprs = r.matcher.expressions();
  const auto& rules = r.rules.rules();
  r.keywords.clear();
  r.candidates.clear();
  for (const MatchHit& h : r.hits) {
    const Expression& e = exprs[h.expression];
    if (e.kind == Expression::Kind::kKeyword) {
      r.keywords.push_back({h.end - e.keyword.size(), h.end, &e.keyword_rules});
      continue;
    }
    Candidate c;
    c.rule = e.rule;
    if (!ConfirmValue(data, h.end, rules[e.rule], e.separator, &c.value)) continue;
    if (c.value.start < accept_begin || c.value.start >= accept_end) continue;
    r.candidates.push_back(std::move(c));
  }
  if (!r.header_done && base == 0) r.ReadHeader(data);
  if (r.candidates.empty()) return Status::OK();

  std::sort(r.candidates.begin(), r.candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.value.start < b.value.start; });
  if (r.delim != 0) r.cursor.Reset(data, r.delim, base == 0);
  for (const Candidate& c : r.candidates) {
    const Rule& rule = rules[c.rule];
    ++r.shape_count[c.rule];
    bool valid = rule.validator(c.value.digits);
    int distance = r.KeywordDistance(data, c.value, c.rule);
    bool header = false;
    if (r.delim != 0 && base + c.value.start >= r.header_end) {
      int col = r.cursor.ColumnAt(c.value.start);
      header = col >= 0 && static_cast<std::size_t>(col) < r.header_rules.size() &&
               (r.header_rules[col] >> c.rule & 1) != 0;
    }
    if (evidence_ != nullptr) {
      evidence_->push_back(
          {rule.id, base + c.value.start, MaskValue(c.value.digits), valid, distance, header});
    }
    if (!valid) continue;
    ++r.valid_count[c.rule];
    std::uint8_t flags = (distance >= 0 || header) ? kContext : 0;
    r.occurrences.push_back({ToNumber(c.value.digits), static_cast<std::uint16_t>(c.rule), flags});
  }
  return Status::OK();
}

void Detector::Finish(Confidence min_confidence, const HashKey& key,
                      std::vector<Finding>* findings) {
  Rep& r = *rep_;
  const auto& rules = r.rules.rules();
  for (std::size_t ri = 0; ri < rules.size(); ++ri) {
    if (r.valid_count[ri] == 0) continue;
    const Rule& rule = rules[ri];
    const bool list = r.shape_count[ri] >= kListMinValues &&
                      static_cast<double>(r.valid_count[ri]) >=
                          kListMinValidShare * static_cast<double>(r.shape_count[ri]);
    Finding f;
    f.type = rule.type;
    std::vector<std::uint64_t> values;
    std::unordered_set<std::uint64_t> shown;
    for (const Occurrence& o : r.occurrences) {
      if (o.rule != ri) continue;
      Confidence c = (o.flags & kContext) ? Confidence::kHigh
                     : list               ? Confidence::kMedium
                                          : Confidence::kLow;
      if (c < min_confidence) continue;
      ++f.count;
      if (f.count == 1 || c > f.confidence) f.confidence = c;
      values.push_back(o.value);
      if (f.masked.size() < 3 && shown.insert(o.value).second) {
        f.masked.push_back(MaskValue(Digits(o.value, rule.TotalDigits())));
      }
    }
    if (f.count == 0) continue;
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    f.distinct = values.size();
    f.hashes.reserve(values.size());
    for (std::uint64_t v : values)
      f.hashes.push_back(key.Hash(rule.type, Digits(v, rule.TotalDigits())));
    findings->push_back(std::move(f));
  }
}

}  // namespace mamori
