// CfbReader: the storages and streams of a Compound File Binary container
// ([MS-CFB]), the file format of .doc, .xls, .ppt and Outlook .msg. It reads
// the header, the FAT through the DIFAT, the mini FAT and the directory
// tree of a file held in memory, and then streams whole, by directory id.
//
// Hostile files are expected: every sector number is range-checked, chains
// that loop are cut ("sector-loop"), a directory tree whose links point
// back or twice at one entry keeps each entry once ("corrupt"), and a
// stream is read only up to what its chain, the file and
// limits().max_member_bytes allow ("truncated", "member-too-large").
//
// Also here: UTF-16LE to UTF-8, which every reader of the formats inside
// needs.
//
// Thread-safety: not thread-safe; Open once, then read from one thread.
#ifndef MAMORI_SCANNER_EXTRACT_CFB_READER_H_
#define MAMORI_SCANNER_EXTRACT_CFB_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract_context.h"

namespace mamori {

struct CfbEntry {
  enum Type : std::uint8_t { kEmpty = 0, kStorage = 1, kStream = 2, kRoot = 5 };
  std::string name;  // UTF-8
  Type type = kEmpty;
  std::uint32_t start = 0;              // first sector (mini sector for small streams)
  std::uint64_t size = 0;               // as declared; reading checks it
  std::vector<std::uint32_t> children;  // storages: direct members, in name order
  // Directory tree links as stored (kNone when absent).
  std::uint32_t left = 0xFFFFFFFF, right = 0xFFFFFFFF, child = 0xFFFFFFFF;
};

class CfbReader {
 public:
  static constexpr std::uint32_t kRootId = 0;
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;

  // Parses the container; `data` outlives the reader. Returns false, with
  // the error recorded in `ctx`, when `data` is not a CFB this can read.
  // Recoverable damage (a broken branch of the directory) is recorded and
  // the rest stays readable.
  bool Open(std::string_view data, ExtractContext& ctx);

  std::size_t entry_count() const { return entries_.size(); }
  const CfbEntry& entry(std::uint32_t id) const { return entries_[id]; }

  // The member of storage `storage` called `name` (ASCII case-insensitive,
  // as CFB compares names), or kNone.
  std::uint32_t Find(std::uint32_t storage, std::string_view name) const;

  // Reads stream `id` whole into *out. On damage records the error and
  // returns false; *out then holds what could be read (possibly nothing).
  // The bytes count against the expanded-bytes budget, since one chain may
  // be named by many directory entries.
  bool ReadStream(std::uint32_t id, ExtractContext& ctx, std::string* out);

  // Reads child `name` of `storage`; false (nothing recorded) when there is
  // no such stream.
  bool ReadChild(std::uint32_t storage, std::string_view name, ExtractContext& ctx,
                 std::string* out);

 private:
  // Appends the sectors of the chain from `start` to *out until it holds
  // `size` bytes; a chain that ends sooner is an error only when `exact`.
  bool ReadChain(const std::vector<std::uint32_t>& table, bool mini, std::uint32_t start,
                 std::uint64_t size, bool exact, std::string_view what, ExtractContext& ctx,
                 std::string* out);
  bool LoadFat(ExtractContext& ctx);
  bool LoadDirectory(ExtractContext& ctx);
  void LinkTree(ExtractContext& ctx);
  bool LoadMiniStream(ExtractContext& ctx);

  std::string_view data_;
  unsigned sector_shift_ = 9;
  unsigned mini_shift_ = 6;
  bool v3_ = true;
  std::uint32_t sector_count_ = 0;  // sectors present (the last may be short)
  std::uint32_t mini_cutoff_ = 4096;
  std::uint32_t first_dir_ = 0;
  std::uint32_t first_minifat_ = 0;
  std::uint32_t minifat_sectors_ = 0;
  std::vector<std::uint32_t> fat_;
  std::vector<std::uint32_t> minifat_;
  std::vector<CfbEntry> entries_;
  bool mini_loaded_ = false;
  bool mini_ok_ = false;
  std::string mini_stream_;
};

// Appends UTF-16LE `bytes` as UTF-8 (an odd last byte is dropped; unpaired
// surrogates become U+FFFD). Stops at a NUL when `stop_at_nul`.
void AppendUtf16Le(std::string_view bytes, std::string* out, bool stop_at_nul = false);
// Appends one code point as UTF-8.
void AppendCodePoint(std::uint32_t cp, std::string* out);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_CFB_READER_H_
