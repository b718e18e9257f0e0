#include "zip_inflater.h"

#include <isa-l/igzip_lib.h>

#include <string_view>

#include "byte_order.h"

namespace mamori {

namespace {

constexpr std::uint32_t kLocalSig = 0x04034b50;  // PK\3\4
constexpr std::size_t kLocalSize = 30;
constexpr std::uint16_t kDeflate = 8;
constexpr std::uint16_t kEncryptedFlag = 0x0001;
constexpr std::uint16_t kStrongFlag = 0x0040;
// The buffer for compressed data is kept for the next member up to this.
constexpr std::size_t kKeptBytes = 4 << 20;

// The compressed bytes of `e` from `in`: a view of memory when `in` is in
// memory, else read into *buf.
bool CompressedData(Input& in, const ZipDirEntry& e, ByteBuffer* buf, std::string_view* out) {
  const std::uint64_t size = in.size();
  if (e.local_offset > size || size - e.local_offset < kLocalSize) return false;
  char fixed[kLocalSize];
  std::size_t got = 0;
  if (!in.ReadAt(e.local_offset, fixed, kLocalSize, &got).ok() || got != kLocalSize) return false;
  const std::string_view h(fixed, kLocalSize);
  const std::uint16_t flags = Le16(h, 6);
  if (Le32(h, 0) != kLocalSig || Le16(h, 8) != kDeflate ||
      (flags & (kEncryptedFlag | kStrongFlag)) != 0) {
    return false;
  }
  const std::size_t name_len = Le16(h, 26);
  const std::size_t extra_len = Le16(h, 28);
  if (name_len != e.name.size()) return false;
  const std::uint64_t name_at = e.local_offset + kLocalSize;
  const std::uint64_t data_at = name_at + name_len + extra_len;
  if (data_at > size || size - data_at < e.compressed_size) return false;
  const auto csize = static_cast<std::size_t>(e.compressed_size);
  if (in.in_memory()) {
    const std::string_view m = in.memory();
    if (m.substr(static_cast<std::size_t>(name_at), name_len) != e.name) return false;
    *out = m.substr(static_cast<std::size_t>(data_at), csize);
    return true;
  }
  // The name and the data in one read: they are adjacent.
  const std::size_t span = name_len + extra_len + csize;
  buf->Resize(span);
  if (!in.ReadAt(name_at, buf->data(), span, &got).ok() || got != span) return false;
  if (buf->view().substr(0, name_len) != e.name) return false;
  *out = buf->view().substr(name_len + extra_len);
  return true;
}

}  // namespace

ZipInflater::ZipInflater() = default;

ZipInflater::~ZipInflater() = default;

bool ZipInflater::Eligible(const ZipDirEntry& e) {
  return e.method == kDeflate && (e.flags & (kEncryptedFlag | kStrongFlag)) == 0 &&
         e.size <= kMaxMemberBytes && e.compressed_size <= kMaxMemberBytes;
}

bool ZipInflater::Inflate(Input& in, const ZipDirEntry& e, std::size_t room, ByteBuffer* out) {
  if (!Eligible(e)) return false;
  std::string_view data;
  if (!CompressedData(in, e, &compressed_, &data)) return false;
  // Not zero-filled: isal_inflate_init sets what inflating reads.
  if (!state_) state_.reset(new inflate_state);
  const auto size = static_cast<std::size_t>(e.size);
  out->Reserve(size + room);
  out->Resize(size);
  inflate_state& s = *state_;
  isal_inflate_init(&s);
  // Raw deflate, with the gzip CRC-32, which is zip's.
  s.crc_flag = ISAL_GZIP_NO_HDR;
  s.next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(data.data()));
  s.avail_in = static_cast<std::uint32_t>(data.size());
  s.next_out = reinterpret_cast<std::uint8_t*>(out->data());
  s.avail_out = static_cast<std::uint32_t>(size);
  // A stream that would run past the stated size stops there
  // (ISAL_OUT_OVERFLOW): a bomb costs no more than that size.
  static_assert(kMaxMemberBytes < (std::uint64_t{1} << 32), "sizes fit ISA-L's 32-bit counts");
  const int rc = isal_inflate_stateless(&s);
  // Large compressed data is not held while the member is read.
  if (compressed_.capacity() > kKeptBytes) compressed_.Free();
  return rc == ISAL_DECOMP_OK && s.total_out == size && s.crc == e.crc32;
}

}  // namespace mamori
