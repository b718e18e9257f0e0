// Little-endian integers read from binary formats (zip directories, CFB,
// Word, PowerPoint, Office encryption headers, Outlook property streams),
// and written where the Office ciphers hash a block number.
//
// Thread-safety: pure functions.
#ifndef MAMORI_SCANNER_EXTRACT_BYTE_ORDER_H_
#define MAMORI_SCANNER_EXTRACT_BYTE_ORDER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mamori {

// REQUIRES: at + 2 (Le16), at + 4 (Le32) or at + 8 (Le64) <= d.size().
inline std::uint16_t Le16(std::string_view d, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(d[at]) |
                                    static_cast<unsigned char>(d[at + 1]) << 8);
}
inline std::uint32_t Le32(std::string_view d, std::size_t at) {
  return static_cast<std::uint32_t>(Le16(d, at)) | static_cast<std::uint32_t>(Le16(d, at + 2))
                                                       << 16;
}
inline std::uint64_t Le64(std::string_view d, std::size_t at) {
  return static_cast<std::uint64_t>(Le32(d, at)) | static_cast<std::uint64_t>(Le32(d, at + 4))
                                                       << 32;
}

// The four bytes of `v`, least significant first.
inline std::string Le32Bytes(std::uint32_t v) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>(v >> (8 * i));
  return out;
}

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_BYTE_ORDER_H_
