#include "zip_directory.h"

#include <algorithm>

#include "byte_order.h"

namespace mamori {

namespace {

constexpr std::uint32_t kEndSig = 0x06054b50;       // PK\5\6
constexpr std::uint32_t kZip64LocSig = 0x07064b50;  // PK\6\7
constexpr std::uint32_t kZip64EndSig = 0x06064b50;  // PK\6\6
constexpr std::uint32_t kEntrySig = 0x02014b50;     // PK\1\2
constexpr std::size_t kEndSize = 22;
constexpr std::size_t kZip64LocSize = 20;
constexpr std::size_t kZip64EndSize = 56;
constexpr std::size_t kEntrySize = 46;
constexpr std::uint16_t kAesExtra = 0x9901;
constexpr std::uint16_t kZip64Extra = 0x0001;
constexpr std::uint32_t kZip64Marker = 0xFFFFFFFF;
constexpr std::uint16_t kAesMethod = 99;
// Large enough for any one entry (46 bytes and three 16-bit lengths).
constexpr std::size_t kWindow = 256 << 10;

bool ReadExact(Input& in, std::uint64_t offset, std::size_t n, std::string* out) {
  if (offset > in.size() || in.size() - offset < n) return false;
  out->assign(n, '\0');
  std::size_t got = 0;
  return in.ReadAt(offset, out->data(), n, &got).ok() && got == n;
}

// Bytes of [begin, end) a window at a time, so a directory of thousands of
// entries on disk costs a few reads, and no more than a window is held.
class Window {
 public:
  Window(Input& in, std::uint64_t begin, std::uint64_t end) : in_(in), begin_(begin), end_(end) {}

  bool Get(std::uint64_t offset, std::size_t n, std::string_view* out) {
    if (offset < begin_ || offset > end_ || end_ - offset < n) return false;
    if (offset < at_ || offset - at_ > buf_.size() || buf_.size() - (offset - at_) < n) {
      const std::size_t want =
          static_cast<std::size_t>(std::min<std::uint64_t>(std::max(n, kWindow), end_ - offset));
      buf_.assign(want, '\0');
      std::size_t got = 0;
      if (!in_.ReadAt(offset, buf_.data(), want, &got).ok() || got < n) {
        buf_.clear();
        return false;
      }
      buf_.resize(got);
      at_ = offset;
    }
    *out = std::string_view(buf_).substr(static_cast<std::size_t>(offset - at_), n);
    return true;
  }

 private:
  Input& in_;
  const std::uint64_t begin_;
  const std::uint64_t end_;
  std::uint64_t at_ = 0;
  std::string buf_;
};

// The zip64 extra field holds, in this order, only those of the size, the
// compressed size and the local header offset whose 32-bit field is the
// marker.
void ReadZip64Extra(std::string_view data, ZipDirEntry* e) {
  for (std::uint64_t* field : {&e->size, &e->compressed_size, &e->local_offset}) {
    if (*field != kZip64Marker) continue;
    if (data.size() < 8) return;
    *field = Le64(data, 0);
    data.remove_prefix(8);
  }
}

// The WinZip AES extra field (0x9901): vendor version, "AE", strength, the
// real method; and the zip64 field. Other fields are skipped; a field
// overrunning the extra area ends the walk.
void ReadExtra(std::string_view extra, ZipDirEntry* e) {
  while (extra.size() >= 4) {
    const std::uint16_t id = Le16(extra, 0);
    const std::uint16_t len = Le16(extra, 2);
    if (extra.size() - 4 < len) return;
    const std::string_view data = extra.substr(4, len);
    if (id == kAesExtra && len >= 7 && data.substr(2, 2) == "AE") {
      e->aes_version = Le16(data, 0);
      e->aes_strength = static_cast<std::uint8_t>(data[4]);
    } else if (id == kZip64Extra) {
      ReadZip64Extra(data, e);
    }
    extra.remove_prefix(4 + static_cast<std::size_t>(len));
  }
}

struct EndRecord {
  std::uint64_t entries = 0;
  std::uint64_t dir_size = 0;
  std::uint64_t dir_offset = 0;
  std::uint64_t dir_end = 0;  // where the directory must end: the first end record
};

// The end-of-central-directory record: the last one in the final 64 KiB +
// 22 bytes whose comment fits in the file; then the zip64 record, when its
// locator sits just before it.
bool FindEnd(Input& in, EndRecord* end) {
  const std::uint64_t size = in.size();
  const std::uint64_t tail_size = std::min<std::uint64_t>(size, kEndSize + 0xFFFF);
  std::string tail;
  if (!ReadExact(in, size - tail_size, static_cast<std::size_t>(tail_size), &tail)) return false;
  if (tail.size() < kEndSize) return false;
  const std::string_view sig("PK\x05\x06", 4);
  std::size_t at = tail.size() - kEndSize;
  for (;; --at) {
    at = tail.rfind(sig, at);
    if (at == std::string::npos) return false;
    if (tail.size() - at >= kEndSize + Le16(tail, at + 20)) break;
    if (at == 0) return false;
  }
  if (Le32(tail, at) != kEndSig) return false;
  const std::uint64_t end_pos = size - tail_size + at;
  end->entries = Le16(tail, at + 10);
  end->dir_size = Le32(tail, at + 12);
  end->dir_offset = Le32(tail, at + 16);
  end->dir_end = end_pos;

  std::string loc;
  if (end_pos < kZip64LocSize || !ReadExact(in, end_pos - kZip64LocSize, kZip64LocSize, &loc) ||
      Le32(loc, 0) != kZip64LocSig) {
    return true;
  }
  const std::uint64_t z64 = Le64(loc, 8);
  std::string rec;
  if (z64 > end_pos - kZip64LocSize || end_pos - kZip64LocSize - z64 < kZip64EndSize ||
      !ReadExact(in, z64, kZip64EndSize, &rec) || Le32(rec, 0) != kZip64EndSig) {
    return true;  // a locator pointing nowhere: keep the 32-bit record
  }
  end->entries = Le64(rec, 32);
  end->dir_size = Le64(rec, 40);
  end->dir_offset = Le64(rec, 48);
  end->dir_end = z64;
  return true;
}

bool EntryAt(Input& in, std::uint64_t offset) {
  std::string sig;
  return ReadExact(in, offset, 4, &sig) && Le32(sig, 0) == kEntrySig;
}

}  // namespace

std::string_view ZipDirEntry::Scheme() const {
  if (!encrypted()) return {};
  if (method == kAesMethod) {
    switch (aes_strength) {
      case 1: return "zip-aes128";
      case 2: return "zip-aes192";
      case 3: return "zip-aes256";
      default: return "zip-aes";
    }
  }
  if (strong()) return "zip-strong";
  return "zipcrypto";
}

bool ReadZipDirectory(Input& in, std::uint64_t max_entries, ZipDirectory* out) {
  *out = ZipDirectory();
  EndRecord end;
  if (!FindEnd(in, &end)) return false;
  if (end.dir_size > end.dir_end) return true;  // inconsistent: no entries
  // Where the record says, or — with bytes prepended to the zip (a
  // self-extractor) — right before the end record, as libarchive reads it.
  std::uint64_t begin = end.dir_offset;
  if (begin > end.dir_end || !EntryAt(in, begin)) {
    begin = end.dir_end - end.dir_size;
    if (end.entries > 0 && !EntryAt(in, begin)) return true;
  }
  const std::uint64_t count =
      std::min({end.entries, (end.dir_end - begin) / kEntrySize, max_entries});
  out->entries.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(count, 4096)));
  Window w(in, begin, end.dir_end);
  std::uint64_t pos = begin;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string_view fixed;
    if (!w.Get(pos, kEntrySize, &fixed) || Le32(fixed, 0) != kEntrySig) return true;
    const std::size_t name_len = Le16(fixed, 28);
    const std::size_t extra_len = Le16(fixed, 30);
    const std::size_t comment_len = Le16(fixed, 32);
    std::string_view var;
    if (!w.Get(pos + kEntrySize, name_len + extra_len, &var)) return true;
    ZipDirEntry e;
    e.flags = Le16(fixed, 8);
    e.method = Le16(fixed, 10);
    e.crc32 = Le32(fixed, 16);
    e.compressed_size = Le32(fixed, 20);
    e.size = Le32(fixed, 24);
    e.local_offset = Le32(fixed, 42);
    e.name.assign(var.substr(0, name_len));
    ReadExtra(var.substr(name_len), &e);
    out->entries.push_back(std::move(e));
    pos += kEntrySize + name_len + extra_len + comment_len;
  }
  out->complete = count == end.entries;
  return true;
}

}  // namespace mamori
