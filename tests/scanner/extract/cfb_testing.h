// Helpers for the CFB tests: the fixtures of tests/fixtures/cfb/ (made by
// tests/fixtures/make_cfb.sh) and byte patches that damage them where a
// CfbReader says a structure lies.
//
// Thread-safety: pure functions.
#ifndef MAMORI_TESTS_SCANNER_EXTRACT_CFB_TESTING_H_
#define MAMORI_TESTS_SCANNER_EXTRACT_CFB_TESTING_H_

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "recording_sink.h"
#include "scanner/extract/cfb_reader.h"
#include "tests/test_util.h"

namespace mamori::testing {

inline std::string CfbFixture(std::string_view name) {
  return ReadFile(std::string(MAMORI_SOURCE_DIR) + "/tests/fixtures/cfb/" + std::string(name));
}

inline std::uint32_t GetLe32(const std::string& d, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(d[at + i]);
  return v;
}
inline void PutLe32(std::string* d, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) (*d)[at + i] = static_cast<char>(v >> (8 * i));
}

// Where things lie in a version 3 (512-byte sector) file.
inline std::size_t SectorOffset(std::uint32_t sector) { return (sector + 1) * std::size_t{512}; }
// FAT entry `sector` (the fixtures' FATs fit the header's 109 DIFAT slots).
inline std::size_t FatEntryOffset(const std::string& d, std::uint32_t sector) {
  return SectorOffset(GetLe32(d, 76 + 4 * (sector / 128))) + 4 * (sector % 128);
}
// Mini FAT entry `sector`, following the mini FAT's chain.
inline std::size_t MiniFatEntryOffset(const std::string& d, std::uint32_t sector) {
  std::uint32_t s = GetLe32(d, 60);
  for (std::uint32_t i = 0; i < sector / 128; ++i) s = GetLe32(d, FatEntryOffset(d, s));
  return SectorOffset(s) + 4 * (sector % 128);
}
// Directory entry `id`, following the directory's chain.
inline std::size_t DirEntryOffset(const std::string& d, std::uint32_t id) {
  std::uint32_t s = GetLe32(d, 48);
  for (std::uint32_t i = 0; i < id / 4; ++i) s = GetLe32(d, FatEntryOffset(d, s));
  return SectorOffset(s) + 128 * (id % 4);
}

// The directory id of `path` ('/'-separated storages, then the stream);
// the test fails when there is none.
inline std::uint32_t EntryId(const std::string& d, std::string_view path) {
  std::vector<ScanError> errors;
  bool incomplete = false;
  RecordingSink sink;
  ExtractLimits limits;
  ExtractContext ctx(limits, &sink, &errors, &incomplete);
  CfbReader cfb;
  if (!cfb.Open(d, ctx)) return CfbReader::kNone;
  std::uint32_t id = CfbReader::kRootId;
  while (!path.empty() && id != CfbReader::kNone) {
    const std::size_t slash = path.find('/');
    id = cfb.Find(id, path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  REQUIRE(id != CfbReader::kNone);
  return id;
}

// Renames directory entry `id` (ASCII names only).
inline void RenameEntry(std::string* d, std::uint32_t id, std::string_view name) {
  const std::size_t at = DirEntryOffset(*d, id);
  for (std::size_t i = 0; i < 64; ++i) (*d)[at + i] = 0;
  for (std::size_t i = 0; i < name.size(); ++i) (*d)[at + 2 * i] = name[i];
  const std::size_t bytes = 2 * (name.size() + 1);
  (*d)[at + 64] = static_cast<char>(bytes);
  (*d)[at + 65] = 0;
}

}  // namespace mamori::testing

#endif  // MAMORI_TESTS_SCANNER_EXTRACT_CFB_TESTING_H_
