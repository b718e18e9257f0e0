// ArchiveReader: the members of an archive through libarchive — zip, 7z,
// tar, cpio, LZH, cab, ISO 9660, RAR, and lone gzip/bzip2/xz streams — read
// in order, within the context's limits: every member counts against the
// member limit, every decompressed byte against the expanded-bytes budget,
// and a member expanding more than limits().max_ratio times its compressed
// size is cut short. Nothing is written to disk.
//
// Member names are returned as UTF-8; zip names without the UTF-8 flag are
// decoded as CP932 when valid (Japanese Windows writes them so).
//
// Thread-safety: not thread-safe; one reader per archive being read.
#ifndef MAMORI_SCANNER_EXTRACT_ARCHIVE_READER_H_
#define MAMORI_SCANNER_EXTRACT_ARCHIVE_READER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "extract_context.h"
#include "input.h"

struct archive;

namespace mamori {

struct ZipDirEntry;

struct ArchiveEntry {
  std::string name;        // UTF-8 path inside the archive
  std::int64_t size = -1;  // uncompressed, when the archive says; -1 unknown
  bool is_directory = false;
  bool is_regular = true;  // false: links, devices (skipped)
  bool encrypted = false;  // data encrypted (a zip -P member, 7z AES)
  // For encrypted entries: "zipcrypto", "zip-aes128/192/256" (zip members
  // are judged one by one from the central directory), "7z-aes256", "rar4",
  // "rar5"; "unknown" when it cannot be told.
  std::string scheme;
};

class ArchiveReader : public ByteStream {
 public:
  // `ctx` is the context of the archive itself; errors name its members.
  explicit ArchiveReader(ExtractContext& ctx);
  ~ArchiveReader() override;

  // Opens `in`, which outlives the reader. `zip_only`: read as zip and
  // nothing else (OOXML, ODF). `raw_name`: for a lone compressed stream
  // (.gz, .bz2, .xz) the name of its one member (the file name without the
  // extension). Returns false, with the error recorded, when `in` is not an
  // archive libarchive can read.
  bool Open(Input& in, bool zip_only, std::string raw_name = "data");

  // For a reader going over an archive already counted by an earlier one
  // (the later passes of an OOXML package): its members do not count
  // against the file's --max-members again. Call before Next.
  void set_counts_members(bool counts);

  // Advances to the next member; false at the end or after an error (then
  // recorded). A header that cannot be read ends the archive as "corrupt".
  bool Next(ArchiveEntry* entry);

  // Reads the current member's data (ByteStream). Charges the expanded-bytes
  // budget and checks the ratio; a corrupt or truncated member is recorded
  // against the member's name.
  bool Read(char* buf, std::size_t n, std::size_t* got) override;
  // A member inflated whole (ZipInflater) is lent where it lies.
  bool LendRest(char** data, std::size_t* size) override;

  // The current member whole, when it holds at most `limit` bytes
  // ("member-too-large" otherwise).
  bool ReadAll(std::uint64_t limit, std::string* out);

  // Whether the archive read is a zip (libarchive's format).
  bool is_zip() const;

  // Open or Next failed because the archive's headers are encrypted (a 7z
  // made with -mhe=on, a RAR with encrypted headers): its members cannot
  // even be listed. The "encrypted-member" error is recorded then;
  // protection is left to the caller.
  bool headers_encrypted() const;
  // The scheme of those headers: "7z-aes256", "rar4", "rar5", ...
  const std::string& header_scheme() const;

 private:
  int OpenArchive();
  bool Resume();
  void HeaderFailed(const std::string& message);
  void TryInflate();
  bool Charge(std::size_t n);
  const ZipDirEntry* TakeZipDirEntry(const std::string& name, bool* unique);
  std::string EntryScheme(const ZipDirEntry* dir_entry);

  struct Rep;
  std::unique_ptr<Rep> rep_;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_ARCHIVE_READER_H_
