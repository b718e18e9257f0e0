#include "mamori/detector.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "csv_columns.h"
#include "insurance_card.h"
#include "label_hits.h"
#include "table_header.h"
#include "value_confirm.h"

namespace mamori {

namespace {

// A column (or, in running text, a file) is taken to be a list of a rule's
// identifiers when at least this many values of the rule's shape appear in
// it and this share of them pass the check digit. Random numbers of the
// shape pass about 1 time in 10 (My Number), so 80% over 5 or more values is
// far from chance, and a column of order numbers stays far below it.
constexpr std::uint64_t kListMinValues = 5;
constexpr double kListMinValidShare = 0.8;
// Running text is looser than a table's column: a block of log lines can
// hold a handful of ids of the shape, so a list there needs more values.
constexpr std::uint64_t kTextListMinValues = 8;

enum class Verdict : std::uint8_t { kHigh, kPending, kRejectedCheckDigit, kRejectedOtherLabel };

struct Occurrence {
  std::uint64_t value;  // the digits as a number; the rule gives the width
  std::uint64_t scope;
  std::uint16_t rule;
  bool high;
};

struct Candidate {
  ConfirmedValue value;
  int rule;
  bool valid;  // the rule's check passes
};

struct ScopeStats {
  std::uint64_t values = 0;
  std::uint64_t valid = 0;
};

// A label near a value, and whether it names the value's rule.
struct LabelMatch {
  const LabelHit* hit = nullptr;
  int distance = -1;
  bool own = false;
};

// memcmp's order, without a call per comparison.
bool HashLess(const KeyedHash& a, const KeyedHash& b) {
  std::uint64_t x[2], y[2];
  std::memcpy(x, a.data(), sizeof x);
  std::memcpy(y, b.data(), sizeof y);
  if (x[0] != y[0]) return __builtin_bswap64(x[0]) < __builtin_bswap64(y[0]);
  return __builtin_bswap64(x[1]) < __builtin_bswap64(y[1]);
}

// Sorts keyed hashes. They are evenly spread, so many are first dealt into
// 256 buckets by their first byte, each then sorted alone: one introsort of
// all of them was 1.2% of an office scan's CPU.
void SortHashes(std::vector<KeyedHash>* hashes) {
  constexpr std::size_t kBucketFrom = 256;
  if (hashes->size() < kBucketFrom) {
    std::sort(hashes->begin(), hashes->end(), HashLess);
    return;
  }
  std::array<std::size_t, 257> start{};
  for (const KeyedHash& h : *hashes) ++start[h[0] + 1u];
  for (std::size_t b = 0; b < 256; ++b) start[b + 1] += start[b];
  std::vector<KeyedHash> dealt(hashes->size());
  std::array<std::size_t, 257> next = start;
  for (const KeyedHash& h : *hashes) dealt[next[h[0]]++] = h;
  for (std::size_t b = 0; b < 256; ++b) {
    std::sort(dealt.begin() + static_cast<std::ptrdiff_t>(start[b]),
              dealt.begin() + static_cast<std::ptrdiff_t>(start[b + 1]), HashLess);
  }
  hashes->swap(dealt);
}

// Leaves the distinct values of *numbers, in no particular order (their
// hashes are sorted later). Many go through an open-addressing table, one
// probe each on average: sorting them was 1.5-2% of a scan of many small
// CSVs, a few hundred values a file. REQUIRES: no value is 0 (a packed
// value carries its width in its top bits).
void KeepDistinct(std::vector<std::uint64_t>* numbers, std::vector<std::uint64_t>* table) {
  constexpr std::size_t kTableFrom = 64;
  if (numbers->size() < kTableFrom) {
    std::sort(numbers->begin(), numbers->end());
    numbers->erase(std::unique(numbers->begin(), numbers->end()), numbers->end());
    return;
  }
  int bits = 7;
  while ((std::size_t{1} << bits) < 2 * numbers->size()) ++bits;
  table->assign(std::size_t{1} << bits, 0);
  const std::size_t mask = table->size() - 1;
  std::size_t kept = 0;
  for (const std::uint64_t n : *numbers) {
    // Fibonacci hashing: the top bits of the product spread even runs of
    // consecutive numbers.
    std::size_t slot = static_cast<std::size_t>((n * 0x9E3779B97F4A7C15ULL) >> (64 - bits));
    while ((*table)[slot] != 0 && (*table)[slot] != n) slot = (slot + 1) & mask;
    if ((*table)[slot] == n) continue;
    (*table)[slot] = n;
    (*numbers)[kept++] = n;
  }
  numbers->resize(kept);
}

// `value` in `width` digits, leading zeros kept, into out[0, width).
void WriteDigits(std::uint64_t value, int width, char* out) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

std::string Digits(std::uint64_t value, int width) {
  std::string s(static_cast<std::size_t>(width), '0');
  WriteDigits(value, width, s.data());
  return s;
}

std::uint64_t ToNumber(const std::string& digits) {
  std::uint64_t v = 0;
  for (char c : digits) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  return v;
}

// Where a value's list evidence is counted: its column in delimited text,
// its block of consecutive lines in running text.
std::uint64_t ScopeKey(int rule, bool block, std::uint64_t id) {
  return static_cast<std::uint64_t>(rule) << 48 | (block ? std::uint64_t{1} << 47 : 0) | id;
}
int ScopeRule(std::uint64_t key) { return static_cast<int>(key >> 48); }

bool HasNewline(std::string_view data, std::size_t from, std::size_t to) {
  return to > from && std::memchr(data.data() + from, '\n', to - from) != nullptr;
}

// Whether only spacing and punctuation stand in data[from, to), over at most
// two line breaks: a label ending its line ("個人番号：") speaks for a value
// starting the next, but not for a number in the prose after a remark
// that mentions マイナンバー.
bool OnlyGlue(std::string_view data, std::size_t from, std::size_t to) {
  int newlines = 0;
  for (std::size_t i = from; i < to;) {
    std::size_t len = 0;
    long cp = CodePointAt(data, i, &len);
    switch (cp) {
      case '\n':
        if (++newlines > 2) return false;
        break;
      case '\r':
      case ' ':
      case '\t':
      case ':':
      case '=':
      case '(':
      case ')':
      case '[':
      case ']':
      case '-':
      case '>':
      case '*':
      case 0x3000:
      case 0xFF1A:
      case 0xFF1D:
      case 0xFF08:
      case 0xFF09:
      case 0x3010:
      case 0x3011:
      case 0x300C:
      case 0x300D:
      case 0x30FB:
      case 0x203B:
      case 0x3001:
      case 0xFF1E:
      case 0x2192:
      case 0x25A0:
      case 0x25CF: break;
      default: return false;
    }
    i += len;
  }
  return true;
}

// Whether the value is a field of its own line: a short heading ending in a
// colon or an equals sign before it ("確認した番号: 6398 ..."), so the
// identifier named on the line above is what the field holds.
bool StartsAsField(std::string_view data, std::size_t value_start) {
  const void* nl = value_start > 0 ? ::memrchr(data.data(), '\n', value_start) : nullptr;
  std::size_t line = nl ? static_cast<const char*>(nl) - data.data() + 1 : 0;
  std::string_view prefix = data.substr(line, value_start - line);
  while (!prefix.empty() && (prefix.back() == ' ' || prefix.back() == '\t'))
    prefix.remove_suffix(1);
  if (prefix.size() >= 3 && prefix.substr(prefix.size() - 3) == "\xE3\x80\x80") {
    prefix.remove_suffix(3);  // ideographic space
  }
  const bool colon = !prefix.empty() &&
                     (prefix.back() == ':' || prefix.back() == '=' ||
                      (prefix.size() >= 3 && (prefix.substr(prefix.size() - 3) == "\xEF\xBC\x9A" ||
                                              prefix.substr(prefix.size() - 3) == "\xEF\xBC\x9D")));
  return colon && CountChars(prefix, 0, prefix.size()) <= 16;
}

// The value of a hit that is one maximal run of ASCII digits of the rule's
// whole length (most values in digit-dense text), without ConfirmValue's
// parse: false when the hit is of another kind or a non-ASCII byte (perhaps
// a full-width digit) touches the run, which ConfirmValue then judges.
bool AsciiRunValue(std::string_view data, const MatchHit& h, const Expression& e, const Rule& rule,
                   ConfirmedValue* v) {
  if (h.ascii_run == 0 || e.separator < 0 || e.groups.size() != 1 ||
      e.groups[0] != static_cast<int>(h.ascii_run) || !rule.separators[e.separator].empty()) {
    return false;
  }
  const std::size_t end = h.end;
  const std::size_t start = end - h.ascii_run;
  if ((end < data.size() && static_cast<unsigned char>(data[end]) >= 0x80) ||
      (start > 0 && static_cast<unsigned char>(data[start - 1]) >= 0x80)) {
    return false;
  }
  v->start = start;
  v->end = end;
  v->leading_zero_restored = false;
  v->digits.assign(data.data() + start, h.ascii_run);
  return true;
}

}  // namespace

struct Detector::Rep {
  const RuleSet& rules;
  const Matcher& matcher;
  std::size_t margin = 0;

  // Per file.
  char delim = 0;
  bool header_searched = false;
  TableHeader header;
  // Where the current segment began (its header row is searched there), and
  // its number, so that columns of different tables keep separate lists.
  std::uint64_t segment_base = 0;
  std::uint64_t segment_id = 0;
  std::unordered_map<std::uint64_t, ScopeStats> scopes;
  // Running text: per rule, where its last unlabelled value ended and the
  // block of lines it belongs to.
  std::vector<std::uint64_t> block_last_end;
  std::vector<std::uint64_t> block_id;
  std::uint64_t next_block = 0;
  std::vector<Occurrence> occurrences;
  std::vector<std::pair<int, std::string>> labelled_values;            // rule, value
  std::vector<std::pair<std::size_t, std::uint64_t>> evidence_scopes;  // index, scope

  // Per buffer, swapped in from a Matched (their capacity circulates).
  std::vector<LabelHit> labels;
  std::vector<Candidate> candidates;
  CsvColumnCursor cursor;
  Matched own;  // Scan's

  Rep(const RuleSet& r, const Matcher& m) : rules(r), matcher(m) {}

  // The block of consecutive lines an unlabelled value in running text
  // belongs to: a list of identifiers is one per line (or several on a
  // line), while numbers scattered through prose or a log are not a list.
  std::uint64_t BlockOf(std::string_view data, std::uint64_t base, const ConfirmedValue& v,
                        int rule) {
    std::uint64_t& last_end = block_last_end[rule];
    bool same = false;
    if (last_end != UINT64_MAX && last_end >= base && last_end <= base + v.start) {
      const char* from = data.data() + (last_end - base);
      const char* to = data.data() + v.start;
      const void* nl = std::memchr(from, '\n', static_cast<std::size_t>(to - from));
      same =
          nl == nullptr ||
          std::memchr(static_cast<const char*>(nl) + 1, '\n',
                      static_cast<std::size_t>(to - static_cast<const char*>(nl) - 1)) == nullptr;
    }
    if (!same) block_id[rule] = next_block++;
    last_end = base + v.end;
    return block_id[rule];
  }

  // The label that speaks for a value: the nearer of the last label before
  // it and the first of the rule's own labels after it ("123456789018
  // （マイナンバー）"), within the rule's window. In delimited text only
  // labels on the value's own line count: the header speaks for columns.
  // A label on an earlier line that already introduced another value
  // (`prev_value_start`, or npos) is that value's: one log line's
  // "my_number=..." does not speak for a job id on the next line.
  //
  // `*cursor` is the first label ending after the last value asked about:
  // values come in order of their starts, so it only moves forward (a
  // binary search per value was 80% of judging a Word letter's labels).
  LabelMatch NearestLabel(std::string_view data, const ConfirmedValue& v, int rule,
                          std::size_t prev_value_start, std::size_t* cursor) const {
    const std::size_t window = static_cast<std::size_t>(rules.rules()[rule].window_chars);
    LabelMatch before;
    // The first label ending after the value starts (labels are in order of
    // their ends, and do not overlap).
    auto it = labels.begin() + static_cast<std::ptrdiff_t>(std::min(*cursor, labels.size()));
    if (it != labels.begin() && std::prev(it)->end > v.start) {  // out of order after all
      it = std::upper_bound(labels.begin(), labels.end(), v.start,
                            [](std::size_t x, const LabelHit& h) { return x < h.end; });
    }
    while (it != labels.end() && it->end <= v.start) ++it;
    *cursor = static_cast<std::size_t>(it - labels.begin());
    if (it != labels.begin()) {
      const LabelHit& h = *std::prev(it);
      const bool taken = prev_value_start != std::string_view::npos && prev_value_start >= h.end;
      // Characters are at most four bytes: far labels need no counting.
      const bool near = v.start - h.end <= window * 4;
      const bool other_line = near && HasNewline(data, h.end, v.start);
      const bool usable =
          near &&
          !(other_line &&
            (delim || taken || !(OnlyGlue(data, h.end, v.start) || StartsAsField(data, v.start))));
      const std::size_t d = usable ? CountChars(data, h.end, v.start) : window + 1;
      if (d <= window) {
        before = {&h, static_cast<int>(d), h.Names(rule)};
      }
    }
    for (; it != labels.end(); ++it) {
      if (it->start < v.end) continue;
      if (it->start - v.end > window * 4) break;
      std::size_t d = CountChars(data, v.end, it->start);
      if (d > window || HasNewline(data, v.end, it->start)) break;
      if (before.hit != nullptr && static_cast<int>(d) >= before.distance) break;
      if (it->Names(rule)) return {&*it, static_cast<int>(d), true};
    }
    return before;
  }
};

Detector::Detector(const RuleSet& rules, const Matcher& matcher)
    : rep_(std::make_unique<Rep>(rules, matcher)) {
  std::size_t longest = 0;
  for (const Expression& e : matcher.expressions()) longest = std::max(longest, e.keyword.size());
  std::size_t margin = 0;
  for (const Rule& r : rules.rules()) {
    // Full-width digits and separators take three bytes each.
    std::size_t value = static_cast<std::size_t>(r.TotalDigits()) * 3 + r.groups.size() * 3;
    margin = std::max(margin, static_cast<std::size_t>(r.window_chars) * 4 + value + longest);
  }
  rep_->margin = std::max<std::size_t>(margin + 16, 4096);
}

Detector::~Detector() = default;

std::size_t Detector::ContextMargin() const { return rep_->margin; }

void Detector::Reset(char delimiter) {
  Rep& r = *rep_;
  r.delim = delimiter;
  r.header_searched = delimiter == 0;
  r.header = TableHeader();
  r.scopes.clear();
  r.occurrences.clear();
  r.labelled_values.clear();
  r.evidence_scopes.clear();
  r.block_last_end.assign(r.rules.rules().size(), UINT64_MAX);
  r.block_id.assign(r.rules.rules().size(), 0);
  r.next_block = 0;
  r.segment_base = 0;
  r.segment_id = 0;
}

void Detector::BeginSegment(char delimiter, std::uint64_t base) {
  Rep& r = *rep_;
  r.delim = delimiter;
  r.header_searched = delimiter == 0;
  r.header = TableHeader();
  r.segment_base = base;
  ++r.segment_id;
  // A new segment starts a new block of lines for every rule.
  r.block_last_end.assign(r.rules.rules().size(), UINT64_MAX);
}

struct Detector::Matched::Rep {
  std::vector<MatchHit> hits;
  std::vector<LabelHit> labels;
  std::vector<Candidate> candidates;
};

Detector::Matched::Matched() : rep_(std::make_unique<Rep>()) {}
Detector::Matched::~Matched() = default;

Status Detector::Scan(std::string_view data, std::uint64_t base, std::size_t accept_begin,
                      std::size_t accept_end, Matcher::Scratch* scratch) {
  Rep& r = *rep_;
  Status s = Match(data, accept_begin, accept_end, scratch, &r.own);
  if (!s.ok()) return s;
  Judge(data, base, accept_begin, accept_end, &r.own);
  return Status::OK();
}

Status Detector::Match(std::string_view data, std::size_t accept_begin, std::size_t accept_end,
                       Matcher::Scratch* scratch, Matched* out) const {
  const Rep& r = *rep_;
  Matched::Rep& m = *out->rep_;
  m.hits.clear();
  Status s = r.matcher.Scan(data, scratch, &m.hits);
  if (!s.ok()) return s;

  const auto& exprs = r.matcher.expressions();
  const auto& rules = r.rules.rules();
  m.labels.clear();
  m.candidates.clear();
  for (const MatchHit& h : m.hits) {
    const Expression& e = exprs[h.expression];
    if (e.kind == Expression::Kind::kKeyword) {
      m.labels.push_back({h.end - e.keyword.size(), h.end, &e.keyword, &e.keyword_rules});
      continue;
    }
    Candidate c;
    c.rule = e.rule;
    if (!AsciiRunValue(data, h, e, rules[e.rule], &c.value) &&
        !ConfirmValue(data, h.end, rules[e.rule], e.separator, &c.value)) {
      continue;
    }
    if (c.value.start < accept_begin || c.value.start >= accept_end) continue;
    c.valid = rules[c.rule].validator(c.value.digits);
    m.candidates.push_back(std::move(c));
  }
  CleanLabelHits(data, &m.labels);
  return Status::OK();
}

void Detector::Judge(std::string_view data, std::uint64_t base, std::size_t accept_begin,
                     std::size_t accept_end, Matched* matched) {
  Rep& r = *rep_;
  const auto& rules = r.rules.rules();
  std::swap(r.labels, matched->rep_->labels);
  std::swap(r.candidates, matched->rep_->candidates);
  if (!r.header_searched && base == r.segment_base) {
    // Its labels then name columns instead of nearby values.
    r.header = FindTableHeader(data, r.delim, r.labels, r.rules);
    r.header.end += base;
    r.header_searched = true;
  }
  ReadLabelledValues(data, base, accept_begin, accept_end);
  if (r.candidates.empty()) return;

  // Hits come in order of their ends, so candidates are nearly always in
  // order of their starts already.
  auto by_start = [](const Candidate& a, const Candidate& b) {
    return a.value.start < b.value.start;
  };
  if (!std::is_sorted(r.candidates.begin(), r.candidates.end(), by_start)) {
    std::sort(r.candidates.begin(), r.candidates.end(), by_start);
  }
  if (r.delim != 0) r.cursor.Reset(data, r.delim, base == r.segment_base);
  std::size_t prev_value_start = std::string_view::npos;
  std::size_t label_cursor = 0;  // NearestLabel's
  std::size_t this_start = std::string_view::npos;
  for (const Candidate& c : r.candidates) {
    // Values at one offset (two rules' shapes) are one value to the labels.
    if (c.value.start != this_start) {
      prev_value_start = this_start;
      this_start = c.value.start;
    }
    const Rule& rule = rules[c.rule];
    const std::uint64_t offset = base + c.value.start;
    int column = -1;
    const ColumnLabel* header = nullptr;
    if (r.delim != 0) {
      column = r.cursor.ColumnAt(c.value.start);
      if (offset >= r.header.end && column >= 0 &&
          static_cast<std::size_t>(column) < r.header.columns.size()) {
        header = &r.header.columns[column];
      }
    }
    const bool header_own = header != nullptr && (rule.evidence & kEvidenceHeader) &&
                            (header->own_rules >> c.rule & 1) != 0;
    const bool header_other =
        header != nullptr && !header_own && (header->other || header->own_rules != 0);
    // A value one digit short is only an identifier where the header says so.
    if (c.value.leading_zero_restored && !header_own) continue;

    const bool valid = c.valid;
    // A header naming this rule decides alone, and so does one naming
    // another when the check digit fails: the nearest label is then looked
    // for only to be shown (explain). On a column of order numbers this
    // saves the label search for nine values in ten.
    const bool header_decides = header_own || (header_other && !valid);
    LabelMatch label;
    if (!header_decides || evidence_ != nullptr) {
      label = r.NearestLabel(data, c.value, c.rule, prev_value_start, &label_cursor);
    }
    const bool label_own = label.own && (rule.evidence & kEvidenceLabel);
    const bool label_other = label.hit != nullptr && !label.own;
    // Only values no label speaks for decide whether a column (or block of
    // lines) is a list: a log of labelled My Numbers says nothing about its
    // job ids.
    const bool unlabelled = !(label_own || header_own || label_other || header_other);
    std::uint64_t scope = 0;
    if (r.delim != 0) {
      scope = ScopeKey(c.rule, false, r.segment_id << 20 | static_cast<std::uint64_t>(column + 1));
    } else if (unlabelled) {
      scope = ScopeKey(c.rule, true, r.BlockOf(data, base, c.value, c.rule));
    }
    if (unlabelled) {
      ScopeStats& stats = r.scopes[scope];
      ++stats.values;
      if (valid) ++stats.valid;
    }

    Verdict verdict = !valid                        ? Verdict::kRejectedCheckDigit
                      : label_own || header_own     ? Verdict::kHigh
                      : label_other || header_other ? Verdict::kRejectedOtherLabel
                                                    : Verdict::kPending;
    if (verdict == Verdict::kHigh || verdict == Verdict::kPending) {
      r.occurrences.push_back({ToNumber(c.value.digits), scope, static_cast<std::uint16_t>(c.rule),
                               verdict == Verdict::kHigh});
    }
    if (evidence_ != nullptr) {
      CandidateEvidence e;
      e.rule = rule.id;
      e.offset = offset;
      e.masked = MaskValue(c.value.digits);
      e.check_digit_ok = valid;
      e.leading_zero_restored = c.value.leading_zero_restored;
      if (label.hit != nullptr) {
        e.label = *label.hit->keyword;
        e.label_distance = label.distance;
        e.label_is_own = label.own;
      }
      e.column = column;
      if (header != nullptr) {
        e.header = header->text;
        e.header_is_own = header_own;
      }
      e.decision = verdict == Verdict::kHigh                 ? "high"
                   : verdict == Verdict::kRejectedCheckDigit ? "rejected: check digit fails"
                   : verdict == Verdict::kRejectedOtherLabel
                       ? "rejected: labelled as another number"
                       : "";
      r.evidence_scopes.emplace_back(evidence_->size(), scope);
      evidence_->push_back(std::move(e));
    }
  }
}

void Detector::ReadLabelledValues(std::string_view data, std::uint64_t base,
                                  std::size_t accept_begin, std::size_t accept_end) {
  Rep& r = *rep_;
  const auto& rules = r.rules.rules();
  std::string value;
  for (const LabelHit& h : r.labels) {
    if (h.start < accept_begin || h.start >= accept_end) continue;
    if (r.delim != 0 && base + h.end <= r.header.end) continue;  // a column header
    for (int ri : *h.rules) {
      if (rules[ri].kind != "labelled") continue;
      std::size_t end = 0;
      if (!ParseInsuranceCard(data, h.end, &value, &end)) continue;
      r.labelled_values.emplace_back(ri, value);
      if (evidence_ != nullptr) {
        CandidateEvidence e;
        e.rule = rules[ri].id;
        e.offset = base + h.end;
        e.masked = MaskValue(value);
        e.label = *h.keyword;
        e.label_distance = 0;
        e.label_is_own = true;
        e.decision = "high";
        evidence_->push_back(std::move(e));
      }
    }
  }
  if (r.header.has_card_columns) {
    ReadCardColumns(data, base, accept_begin, accept_end, r.delim, r.header, &r.labelled_values);
  }
}

void Detector::Finish(Confidence min_confidence, const HashKey& key,
                      std::vector<Finding>* findings) {
  Rep& r = *rep_;
  const auto& rules = r.rules.rules();
  auto is_list = [&](std::uint64_t scope, const Rule& rule) {
    const ScopeStats& s = r.scopes[scope];
    const std::uint64_t min_values = (scope >> 47 & 1) ? kTextListMinValues : kListMinValues;
    return (rule.evidence & kEvidenceList) && s.values >= min_values &&
           static_cast<double>(s.valid) >= kListMinValidShare * static_cast<double>(s.values);
  };
  if (evidence_ != nullptr) {
    for (const auto& [index, scope] : r.evidence_scopes) {
      CandidateEvidence& e = (*evidence_)[index];
      const ScopeStats& s = r.scopes[scope];
      e.scope_values = s.values;
      e.scope_valid_share = s.values ? static_cast<double>(s.valid) / s.values : 0;
      if (e.decision.empty()) {
        e.decision = is_list(scope, rules[ScopeRule(scope)]) ? "medium" : "low";
      }
    }
  }

  // Findings are grouped by type: two rules (4-6 and 10-digit pension
  // numbers, say) report one type.
  // Each rule's type as an index, so the passes below compare integers, not
  // strings, for every occurrence.
  std::vector<std::string> types;
  std::vector<std::size_t> type_of(rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    auto it = std::find(types.begin(), types.end(), rules[i].type);
    type_of[i] = static_cast<std::size_t>(it - types.begin());
    if (it == types.end()) types.push_back(rules[i].type);
  }
  // Rule widths, read once: TotalDigits sums the groups.
  std::vector<int> width_of(rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) width_of[i] = rules[i].TotalDigits();
  // Distinct values as (width, number) packed into one integer, kept
  // distinct as integers: an identifier-dense CSV has hundreds of thousands,
  // and sorting them as strings was most of this function's time (as pairs,
  // 1% of an office scan). The pair maps to one digit string and back, so distinct
  // pairs are distinct values. A number of up to 17 digits is below 2^57;
  // wider values (no built-in rule has any) go as strings, as labelled
  // values do.
  constexpr int kPackedDigits = 17;
  constexpr int kWidthShift = 57;
  constexpr std::uint64_t kNumberMask = (std::uint64_t{1} << kWidthShift) - 1;
  std::vector<std::uint64_t> numbers;
  std::vector<std::uint64_t> table;  // KeepDistinct's
  for (std::size_t t = 0; t < types.size(); ++t) {
    const std::string& type = types[t];
    Finding f;
    f.type = type;
    numbers.clear();
    std::vector<std::string> values;
    std::unordered_set<std::string> shown;
    for (const Occurrence& o : r.occurrences) {
      if (type_of[o.rule] != t) continue;
      const Rule& rule = rules[o.rule];
      Confidence c = o.high                   ? Confidence::kHigh
                     : is_list(o.scope, rule) ? Confidence::kMedium
                                              : Confidence::kLow;
      if (c < min_confidence) continue;
      ++f.count;
      if (f.count == 1 || c > f.confidence) f.confidence = c;
      if (f.masked.size() < 3) {
        std::string digits = Digits(o.value, width_of[o.rule]);
        if (shown.insert(digits).second) f.masked.push_back(MaskValue(digits));
      }
      const int width = width_of[o.rule];
      if (width <= kPackedDigits && o.value <= kNumberMask) {
        numbers.push_back(std::uint64_t(width) << kWidthShift | o.value);
      } else {
        values.push_back(Digits(o.value, width));
      }
    }
    for (const auto& [rule, value] : r.labelled_values) {
      if (type_of[rule] != t || Confidence::kHigh < min_confidence) continue;
      ++f.count;
      f.confidence = Confidence::kHigh;
      if (f.masked.size() < 3 && shown.insert(value).second) f.masked.push_back(MaskValue(value));
      values.push_back(value);
    }
    if (f.count == 0) continue;
    KeepDistinct(&numbers, &table);
    if (!values.empty()) {
      // Labelled or wide values may repeat packed ones: all as strings.
      for (const std::uint64_t n : numbers) {
        values.push_back(Digits(n & kNumberMask, static_cast<int>(n >> kWidthShift)));
      }
      numbers.clear();
      std::sort(values.begin(), values.end());
      values.erase(std::unique(values.begin(), values.end()), values.end());
    }
    f.distinct = values.size() + numbers.size();
    f.hashes.reserve(f.distinct);
    for (const std::string& v : values) f.hashes.push_back(key.Hash(type, v));
    // The packed values' digits on the stack, not a string each.
    char digits[kPackedDigits];
    for (const std::uint64_t n : numbers) {
      const int width = static_cast<int>(n >> kWidthShift);
      WriteDigits(n & kNumberMask, width, digits);
      f.hashes.push_back(key.Hash(type, std::string_view(digits, static_cast<std::size_t>(width))));
    }
    // In hash order, which tells nothing of the values' order (the store
    // keeps them so).
    SortHashes(&f.hashes);
    findings->push_back(std::move(f));
  }
}

}  // namespace mamori
