#include "label_hits.h"

#include <algorithm>

namespace mamori {

namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool StandsAsWord(std::string_view data, const LabelHit& h) {
  const std::string& k = *h.keyword;
  if (IsAsciiLetter(k.front()) && h.start > 0 && IsAsciiAlnum(data[h.start - 1])) return false;
  if (IsAsciiLetter(k.back()) && h.end < data.size() && IsAsciiAlnum(data[h.end])) return false;
  return true;
}

}  // namespace

bool LabelHit::Names(int rule) const {
  return std::find(rules->begin(), rules->end(), rule) != rules->end();
}

void CleanLabelHits(std::string_view data, std::vector<LabelHit>* hits) {
  hits->erase(std::remove_if(hits->begin(), hits->end(),
                             [&](const LabelHit& h) { return !StandsAsWord(data, h); }),
              hits->end());
  // Hyperscan reports hits in order of their ends, so they are out of order
  // by start only where one label nests in another that ends with or after
  // it, a few places back at most: an insertion sort is linear here, where
  // std::sort was 6% of a scan of Word letters.
  auto before = [](const LabelHit& a, const LabelHit& b) {
    return a.start != b.start ? a.start < b.start : a.end > b.end;
  };
  if (!std::is_sorted(hits->begin(), hits->end(), before)) {
    // Bounded all the same, should the order ever be far off.
    std::size_t moves_left = 16 * hits->size();
    for (std::size_t i = 1; i < hits->size() && moves_left > 0; ++i) {
      const LabelHit h = (*hits)[i];
      std::size_t j = i;
      for (; j > 0 && moves_left > 0 && before(h, (*hits)[j - 1]); --j, --moves_left) {
        (*hits)[j] = (*hits)[j - 1];
      }
      (*hits)[j] = h;
    }
    if (moves_left == 0) std::sort(hits->begin(), hits->end(), before);
  }
  // Text is read left to right: a label that starts inside an earlier one
  // (カード番号 in 通知カード番号, 番号 in 注文番号) is part of that one.
  std::size_t kept = 0;
  std::size_t reach = 0;  // end of the last hit kept
  for (std::size_t i = 0; i < hits->size(); ++i) {
    const LabelHit& h = (*hits)[i];
    if (kept > 0 && h.start < reach) continue;
    reach = h.end;
    (*hits)[kept++] = h;
  }
  hits->resize(kept);
  // Each hit kept starts at or after the end of the one before, so they are
  // in order of their ends too.
}

}  // namespace mamori
