// ExtractLimits: the bounds on what extracting one on-disk file may cost, so
// that bombs, loops and hostile files end in bounded time and memory. Every
// limit that trips is recorded as an error naming the member and the reason,
// and the file is reported incomplete; the scan goes on.
//
// Thread-safety: a plain value.
#ifndef MAMORI_EXTRACT_LIMITS_H_
#define MAMORI_EXTRACT_LIMITS_H_

#include <cstdint>

namespace mamori {

struct ExtractLimits {
  // Containers inside containers: a zip in a zip is depth 2. Reason
  // "nesting-too-deep".
  int max_depth = 8;
  // Bytes decompressed or extracted from one on-disk file, all members and
  // levels together. Reason "expanded-size-limit".
  std::uint64_t max_expanded_bytes = std::uint64_t{1} << 30;
  // One member held in memory to be parsed (a document inside an archive, a
  // sheet's shared strings, a PDF). Reason "member-too-large".
  std::uint64_t max_member_bytes = std::uint64_t{256} << 20;
  // Expanded / compressed bytes of one member, checked once it has expanded
  // past 1 MiB. Office text rarely passes 20 and deflate bombs reach 1000;
  // 100 is also Apache POI's bound for OOXML parts. Reason
  // "compression-ratio".
  double max_ratio = 100;
  // Members of one on-disk file, all levels together. Reason "too-many-members".
  std::uint64_t max_members = 100000;
  // Wall-clock time for one on-disk file. Reason "time-limit".
  double max_seconds = 120;
};

}  // namespace mamori

#endif  // MAMORI_EXTRACT_LIMITS_H_
