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
  std::sort(hits->begin(), hits->end(), [](const LabelHit& a, const LabelHit& b) {
    return a.start != b.start ? a.start < b.start : a.end > b.end;
  });
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
  std::sort(hits->begin(), hits->end(),
            [](const LabelHit& a, const LabelHit& b) { return a.end < b.end; });
}

}  // namespace mamori
