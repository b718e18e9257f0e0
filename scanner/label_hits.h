// Label (keyword) hits in a buffer, cleaned for association with values:
// ASCII keywords must stand as words ("tel" is not a label inside "hotel"),
// and a label inside a longer one is dropped (注文番号 wins over 番号,
// 被保険者番号 over 保険者番号), so the most specific name is the one seen.
//
// Thread-safety: pure functions over caller-owned vectors.
#ifndef MAMORI_SCANNER_LABEL_HITS_H_
#define MAMORI_SCANNER_LABEL_HITS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mamori {

struct LabelHit {
  std::size_t start;
  std::size_t end;
  const std::string* keyword;
  const std::vector<int>* rules;  // empty: a label of some other number

  bool Names(int rule) const;
};

// Drops hits that are not whole ASCII words or that lie inside a longer hit.
// On return the hits are sorted by end offset.
void CleanLabelHits(std::string_view data, std::vector<LabelHit>* hits);

}  // namespace mamori

#endif  // MAMORI_SCANNER_LABEL_HITS_H_
