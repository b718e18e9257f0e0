#include "ascii_values.h"

#include <algorithm>

#include "digit_runs.h"

namespace mamori {

Status AsciiValueFinder::Build(const std::vector<Expression>& expressions) {
  shapes_.clear();
  shortest_group_ = 64;
  for (std::uint32_t id = 0; id < expressions.size(); ++id) {
    const Expression& e = expressions[id];
    if (e.kind != Expression::Kind::kValue || e.groups.empty()) continue;
    // Grouped shapes whose separators are all non-ASCII have no ASCII form.
    if (e.groups.size() > 1 && e.ascii_separators.empty()) continue;
    if (e.groups.size() > static_cast<std::size_t>(kMaxGroups)) {
      return Status::Error(
          "rules-compile-failed",
          "a value shape has more than " + std::to_string(kMaxGroups) + " digit groups");
    }
    Shape s{};
    s.expression = id;
    s.group_count = static_cast<std::uint8_t>(e.groups.size());
    for (std::size_t g = 0; g < e.groups.size(); ++g) {
      if (e.groups[g] < 1 || e.groups[g] > 63) {
        return Status::Error("rules-compile-failed", "a digit group of more than 63 digits");
      }
      s.groups[g] = static_cast<std::uint8_t>(e.groups[g]);
      shortest_group_ = std::min(shortest_group_, e.groups[g]);
    }
    for (char c : e.ascii_separators) {
      const auto b = static_cast<unsigned char>(c);
      if (b < 128) s.separators[b >> 6] |= std::uint64_t{1} << (b & 63);
    }
    shapes_.push_back(s);
  }
  std::stable_sort(shapes_.begin(), shapes_.end(), [](const Shape& a, const Shape& b) {
    return a.groups[a.group_count - 1] < b.groups[b.group_count - 1];
  });
  last_lengths_ = earlier_lengths_ = single_lengths_ = 0;
  for (const Shape& s : shapes_) {
    for (int g = 0; g < s.group_count; ++g) {
      const std::uint64_t bit = s.groups[g] < 64 ? std::uint64_t{1} << s.groups[g] : 0;
      (g + 1 == s.group_count ? last_lengths_ : earlier_lengths_) |= bit;
      if (s.group_count == 1) single_lengths_ |= bit;
    }
  }
  std::size_t at = 0;
  for (std::size_t n = 0; n < first_.size(); ++n) {
    while (at < shapes_.size() && shapes_[at].groups[shapes_[at].group_count - 1] < n) ++at;
    first_[n] = static_cast<std::uint16_t>(at);
  }
  return Status::OK();
}

// Each earlier group is the run before, of its length, ending one
// separator byte before the next group.
bool AsciiValueFinder::Matches(std::string_view data, const Shape& shape, const Run* prev,
                               std::size_t prev_count, Run run) const {
  std::size_t begin = run.begin;
  std::size_t back = prev_count;
  for (int g = shape.group_count - 2; g >= 0; --g) {
    if (back == 0 || begin == 0) return false;
    const auto sep = static_cast<unsigned char>(data[begin - 1]);
    if (sep >= 128 || (shape.separators[sep >> 6] >> (sep & 63) & 1) == 0) return false;
    const Run& p = prev[--back];
    if (p.end + 1 != begin || p.end - p.begin != shape.groups[g]) return false;
    begin = p.begin;
  }
  return true;
}

void AsciiValueFinder::Find(std::string_view data, std::vector<MatchHit>* hits,
                            const FormTriggerFinder* triggers,
                            std::vector<std::size_t>* trigger_ends) const {
  if (shapes_.empty()) {
    if (triggers != nullptr) triggers->Find(data, trigger_ends);
    return;
  }
  // The runs before this one that an earlier group could be, latest last.
  // Runs shorter than every group are skipped: they would break a chain.
  Run prev[kMaxGroups - 1];
  std::size_t prev_count = 0;
  ForEachDigitRun(
      data, shortest_group_,
      [&](std::size_t begin, std::size_t end) __attribute__((always_inline)) {
        const Run run{begin, end};
        const std::size_t length = end - begin;
        const std::uint64_t bit = length < 64 ? std::uint64_t{1} << length : 0;
        // On digit-dense text most runs (years, amounts, phone number parts)
        // are no group of any shape: one test, and they only break chains.
        if ((last_lengths_ & bit) != 0) {
          // A grouped shape needs the run before to end one separator byte
          // before this one: tested once for all the shapes of this length.
          const bool chained = prev_count > 0 && begin > 0 &&
                               prev[prev_count - 1].end + 1 == begin &&
                               static_cast<unsigned char>(data[begin - 1]) < 128;
          const std::size_t shapes_end =
              chained || (single_lengths_ & bit) != 0 ? first_[length + 1] : 0;
          for (std::size_t i = first_[length]; i < shapes_end; ++i) {
            const Shape& shape = shapes_[i];
            if (shape.group_count == 1) {
              hits->push_back(MatchHit{shape.expression, end, static_cast<std::uint32_t>(length)});
            } else if (chained && prev_count + 1 >= shape.group_count &&
                       Matches(data, shape, prev, prev_count, run)) {
              // (Too few runs before it for the shape's groups is the common
              // miss, a phone number's last two groups before a 4-4-4 shape:
              // testing that first saves 6% of this function's instructions
              // on the benchmark's CSVs.)
              hits->push_back(MatchHit{shape.expression, end});
            }
          }
        }
        if ((earlier_lengths_ & bit) == 0) {
          prev_count = 0;
        } else if (prev_count < kMaxGroups - 1) {
          prev[prev_count++] = run;
        } else {
          for (std::size_t k = 1; k < kMaxGroups - 1; ++k) prev[k - 1] = prev[k];
          prev[kMaxGroups - 2] = run;
        }
      },
      [&](std::size_t i, const char* p, std::uint64_t digits, std::uint64_t high,
          bool digit_before) {
        if (triggers != nullptr) {
          triggers->FindInBlock(data, i, p, digits, high, digit_before, trigger_ends);
        }
      });
}

}  // namespace mamori
