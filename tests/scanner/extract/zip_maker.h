// ZipMaker: writes zip archives by hand for tests — names as given (no
// UTF-8 flag unless asked), stored or deflated members, and bombs: members
// of billions of zero bytes built from one repeated deflate block, so a
// 2 GiB member is made in milliseconds.
//
// Thread-safety: not thread-safe.
#ifndef MAMORI_TESTS_SCANNER_EXTRACT_ZIP_MAKER_H_
#define MAMORI_TESTS_SCANNER_EXTRACT_ZIP_MAKER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::testing {

// Little-endian fields and whole deflate streams, for tests that build
// structures ZipMaker does not.
void PutLe16(std::string* s, std::uint32_t v);
void PutLe32(std::string* s, std::uint32_t v);
void PutLe64(std::string* s, std::uint64_t v);
// `data` deflated in one go: raw with window_bits -15, gzip with 15 + 16.
std::string Compress(std::string_view data, int window_bits);

class ZipMaker {
 public:
  // A member holding `data`, deflated unless `stored`.
  void Add(std::string_view name, std::string_view data, bool stored = false,
           bool utf8_flag = false);
  // A member of `mib` MiB of zero bytes, deflated.
  void AddZeros(std::string_view name, std::uint64_t mib);
  // The archive's bytes.
  std::string Finish();

 private:
  void AddRaw(std::string_view name, std::string_view compressed, std::uint32_t crc,
              std::uint64_t size, std::uint16_t method, bool utf8_flag);

  std::string out_;
  std::string central_;
  std::uint16_t count_ = 0;
};

}  // namespace mamori::testing

#endif  // MAMORI_TESTS_SCANNER_EXTRACT_ZIP_MAKER_H_
