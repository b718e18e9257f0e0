// ZipInflater: a deflated zip member inflated whole with ISA-L's igzip,
// from where its central directory entry says the data lies, its CRC-32
// computed on the way. libarchive inflates through zlib, which was half the
// CPU of a scan of zipped CSVs and a third of one of xlsx and docx files.
// libdeflate then inflated 2,432 members (238 MB) in 0.18 s against zlib's
// 0.43 s; on the benchmark's 2,250 office members (737 MB) ISA-L inflates
// and checks in 0.35 s what took libdeflate 0.43 s, a tenth of it its
// separate CRC pass (measured here). libarchive still lists the members and
// reads everything this declines.
//
// Only a member whose local header agrees with its directory entry (deflate,
// not encrypted, the same name) and whose data inflates to exactly the size
// and CRC-32 the directory states is returned; for anything else Inflate
// returns false having recorded nothing, so that libarchive reads the
// member and reports its problem as it always did.
//
// Thread-safety: not thread-safe; one per archive reader.
#ifndef MAMORI_SCANNER_EXTRACT_ZIP_INFLATER_H_
#define MAMORI_SCANNER_EXTRACT_ZIP_INFLATER_H_

#include <cstdint>
#include <memory>

#include "byte_buffer.h"
#include "input.h"
#include "zip_directory.h"

struct inflate_state;

namespace mamori {

class ZipInflater {
 public:
  // Members above this many bytes, compressed or not, are left to
  // libarchive's streaming, so that an archive being read holds at most
  // twice this while a member is inflated (buffers past 4 MiB are given
  // back once used, so nested archives do not add them up).
  static constexpr std::uint64_t kMaxMemberBytes = 16 << 20;

  ZipInflater();
  ~ZipInflater();
  ZipInflater(const ZipInflater&) = delete;
  ZipInflater& operator=(const ZipInflater&) = delete;

  // Whether `e` is a member Inflate may take, from the directory alone.
  static bool Eligible(const ZipDirEntry& e);

  // The data of member `e` of the zip in `in`, inflated into *out (its
  // capacity reused), with room for `room` bytes more after it. False, with
  // *out unspecified, when the member is not one to read this way or its
  // data does not check out.
  bool Inflate(Input& in, const ZipDirEntry& e, std::size_t room, ByteBuffer* out);

 private:
  std::unique_ptr<inflate_state> state_;  // 87 KB, made at the first member
  ByteBuffer compressed_;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_ZIP_INFLATER_H_
