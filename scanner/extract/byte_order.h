// Little-endian integers read from binary formats (CFB, Word, PowerPoint,
// Office encryption headers, Outlook property streams).
//
// Thread-safety: pure functions.
#ifndef MAMORI_SCANNER_EXTRACT_BYTE_ORDER_H_
#define MAMORI_SCANNER_EXTRACT_BYTE_ORDER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace mamori {

// REQUIRES: at + 2 (Le16) or at + 4 (Le32) <= d.size().
inline std::uint16_t Le16(std::string_view d, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(d[at]) |
                                    static_cast<unsigned char>(d[at + 1]) << 8);
}
inline std::uint32_t Le32(std::string_view d, std::size_t at) {
  return static_cast<std::uint32_t>(Le16(d, at)) | static_cast<std::uint32_t>(Le16(d, at + 2))
                                                       << 16;
}

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_BYTE_ORDER_H_
