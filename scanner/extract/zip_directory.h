// ZipDirectory: what a zip's central directory says about each member that
// libarchive does not pass on — how it is encrypted, and where its data
// lies (for ZipInflater). Read at most once per zip, and bounded: no
// offset, size or count
// in the file is trusted (the directory must lie inside the file, entries
// are at least 46 bytes each, names and extra fields within their entry).
// zip64 end records are followed.
//
// Thread-safety: not thread-safe; a value type.
#ifndef MAMORI_SCANNER_EXTRACT_ZIP_DIRECTORY_H_
#define MAMORI_SCANNER_EXTRACT_ZIP_DIRECTORY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "input.h"
namespace mamori {

struct ZipDirEntry {
  std::string name;         // raw bytes as stored (CP932, UTF-8, ...)
  std::uint16_t flags = 0;  // general-purpose bit flags
  std::uint16_t method = 0;
  // WinZip AES (method 99, extra field 0x9901): vendor version 1 (AE-1) or
  // 2 (AE-2), strength 1/2/3 = 128/192/256 bits; 0 when absent.
  std::uint16_t aes_version = 0;
  std::uint8_t aes_strength = 0;
  std::uint32_t crc32 = 0;
  // As the directory says (zip64 extra field 0x0001 where the 32-bit field
  // is 0xFFFFFFFF); not checked against the file.
  std::uint64_t compressed_size = 0;
  std::uint64_t size = 0;
  std::uint64_t local_offset = 0;  // of the local file header

  bool encrypted() const { return (flags & 0x0001) != 0; }
  // PKWARE strong encryption (bit 6): a decryption header before the data.
  bool strong() const { return (flags & 0x0040) != 0; }
  // "zipcrypto", "zip-aes128", "zip-aes192", "zip-aes256", "zip-strong" for
  // PKWARE strong encryption, "zip-aes" for AES of unknown strength; empty
  // when the member is not encrypted.
  std::string_view Scheme() const;
};

struct ZipDirectory {
  std::vector<ZipDirEntry> entries;  // in directory order
  // False when the directory was missing, cut short or inconsistent; the
  // entries read before the problem are kept.
  bool complete = false;
};

// Reads the central directory of the zip in `in`, at most `max_entries`
// entries. Returns false when no end-of-central-directory record is found
// (not a zip, or cut short before its end).
bool ReadZipDirectory(Input& in, std::uint64_t max_entries, ZipDirectory* out);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_ZIP_DIRECTORY_H_
