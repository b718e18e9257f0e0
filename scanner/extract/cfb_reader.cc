#include "cfb_reader.h"

#include <algorithm>
#include <cstring>

#include "byte_order.h"
#include "utf8_append.h"

namespace mamori {

namespace {

constexpr std::uint32_t kMaxRegSect = 0xFFFFFFFA;
constexpr std::uint32_t kEndOfChain = 0xFFFFFFFE;
constexpr std::uint32_t kFreeSect = 0xFFFFFFFF;
constexpr std::size_t kHeaderSize = 512;
constexpr std::size_t kDirEntrySize = 128;
constexpr int kHeaderDifat = 109;

bool AsciiIEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 32);
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 32);
    if (x != y) return false;
  }
  return true;
}

}  // namespace

void AppendCodePoint(std::uint32_t cp, std::string* out) { AppendUtf8(cp, out); }

void AppendUtf16Le(std::string_view bytes, std::string* out, bool stop_at_nul) {
  const std::size_t n = bytes.size() / 2;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t u = Le16(bytes, 2 * i);
    if (u == 0 && stop_at_nul) return;
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
      const std::uint32_t lo = Le16(bytes, 2 * i + 2);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        AppendCodePoint(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00), out);
        ++i;
        continue;
      }
    }
    AppendCodePoint(u, out);  // a lone surrogate becomes U+FFFD there
  }
}

bool CfbReader::Open(std::string_view data, ExtractContext& ctx) {
  data_ = data;
  if (data.size() < kHeaderSize || data.substr(0, 8) != "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
    ctx.Error(data.size() < kHeaderSize ? "truncated" : "corrupt",
              "not a Compound File Binary container (header missing)");
    return false;
  }
  const std::uint16_t major = Le16(data, 26);
  sector_shift_ = Le16(data, 30);
  mini_shift_ = Le16(data, 32);
  // Version 3 uses 512-byte sectors, version 4 4096; mini sectors are 64.
  if (Le16(data, 28) != 0xFFFE || (sector_shift_ != 9 && sector_shift_ != 12) || mini_shift_ != 6) {
    ctx.Error("corrupt", "the Compound File header has an impossible sector size");
    return false;
  }
  v3_ = major != 4 || sector_shift_ == 9;
  const std::size_t header_bytes = std::max<std::size_t>(kHeaderSize, 1u << sector_shift_);
  const std::size_t sector_size = std::size_t{1} << sector_shift_;
  sector_count_ =
      data.size() <= header_bytes
          ? 0
          : static_cast<std::uint32_t>(std::min<std::size_t>(
                (data.size() - header_bytes + sector_size - 1) >> sector_shift_, kMaxRegSect));
  first_dir_ = Le32(data, 48);
  mini_cutoff_ = Le32(data, 56);
  first_minifat_ = Le32(data, 60);
  minifat_sectors_ = Le32(data, 64);
  if (!LoadFat(ctx)) return false;
  if (!LoadDirectory(ctx)) return false;
  LinkTree(ctx);
  if (first_minifat_ <= kMaxRegSect && minifat_sectors_ > 0) {
    std::string bytes;
    // The declared count only bounds the chain; the chain itself decides.
    const std::uint64_t want = std::min<std::uint64_t>(minifat_sectors_, sector_count_)
                               << sector_shift_;
    ReadChain(fat_, false, first_minifat_, want, false, "the mini FAT", ctx, &bytes);
    minifat_.resize(bytes.size() / 4);
    for (std::size_t i = 0; i < minifat_.size(); ++i) minifat_[i] = Le32(bytes, 4 * i);
  }
  return true;
}

bool CfbReader::LoadFat(ExtractContext& ctx) {
  // The FAT's own sectors are listed by the DIFAT: 109 in the header, then
  // a chain of DIFAT sectors, each ending with the next one's number.
  std::vector<std::uint32_t> fat_sectors;
  const std::uint32_t declared = Le32(data_, 44);
  const std::uint32_t wanted = std::min(declared, sector_count_);
  for (int i = 0; i < kHeaderDifat && fat_sectors.size() < wanted; ++i) {
    const std::uint32_t s = Le32(data_, 76 + 4 * i);
    if (s > kMaxRegSect) break;
    fat_sectors.push_back(s);
  }
  std::uint32_t difat = Le32(data_, 68);
  const std::size_t per_sector = (std::size_t{1} << sector_shift_) / 4 - 1;
  std::vector<bool> seen(sector_count_, false);
  while (fat_sectors.size() < wanted && difat <= kMaxRegSect) {
    if (difat >= sector_count_) {
      ctx.Error("truncated", "a DIFAT sector lies beyond the end of the file");
      break;
    }
    if (seen[difat]) {
      ctx.Error("sector-loop", "the DIFAT chain loops back on itself");
      break;
    }
    seen[difat] = true;
    const std::size_t at = static_cast<std::size_t>(difat + 1) << sector_shift_;
    if (at + (per_sector + 1) * 4 > data_.size()) {
      ctx.Error("truncated", "a DIFAT sector is cut short by the end of the file");
      break;
    }
    for (std::size_t i = 0; i < per_sector && fat_sectors.size() < wanted; ++i) {
      fat_sectors.push_back(Le32(data_, at + 4 * i));
    }
    difat = Le32(data_, at + per_sector * 4);
  }
  if (fat_sectors.empty()) {
    ctx.Error("corrupt", "the Compound File lists no FAT sectors");
    return false;
  }
  if (declared > fat_sectors.size()) {
    ctx.Error("truncated", "the Compound File lists fewer FAT sectors than its header declares");
  }
  const std::size_t per_fat = (std::size_t{1} << sector_shift_) / 4;
  fat_.assign(fat_sectors.size() * per_fat, kFreeSect);
  bool reported = false;
  for (std::size_t k = 0; k < fat_sectors.size(); ++k) {
    const std::uint64_t at = (static_cast<std::uint64_t>(fat_sectors[k]) + 1) << sector_shift_;
    for (std::size_t i = 0; i < per_fat; ++i) {
      if (at + 4 * i + 4 > data_.size()) {
        if (!reported) ctx.Error("truncated", "a FAT sector lies beyond the end of the file");
        reported = true;
        break;
      }
      fat_[k * per_fat + i] = Le32(data_, at + 4 * i);
    }
  }
  return true;
}

bool CfbReader::LoadDirectory(ExtractContext& ctx) {
  std::string bytes;
  const std::uint64_t most = static_cast<std::uint64_t>(sector_count_) << sector_shift_;
  ReadChain(fat_, false, first_dir_, most, false, "the directory", ctx, &bytes);
  const std::size_t n = bytes.size() / kDirEntrySize;
  if (n == 0) {
    ctx.Error("corrupt", "the Compound File directory cannot be read");
    return false;
  }
  entries_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view e(bytes.data() + i * kDirEntrySize, kDirEntrySize);
    CfbEntry& entry = entries_[i];
    const std::uint8_t type = static_cast<std::uint8_t>(e[66]);
    entry.type =
        type == 1 || type == 2 || type == 5 ? static_cast<CfbEntry::Type>(type) : CfbEntry::kEmpty;
    const std::size_t name_bytes = std::min<std::size_t>(Le16(e, 64), 64);
    AppendUtf16Le(e.substr(0, name_bytes), &entry.name, true);
    entry.left = Le32(e, 68);
    entry.right = Le32(e, 72);
    entry.child = Le32(e, 76);
    entry.start = Le32(e, 116);
    entry.size = Le32(e, 120);
    // Version 3 writers may leave garbage in the high half (MS-CFB 2.6.3).
    if (!v3_) entry.size |= static_cast<std::uint64_t>(Le32(e, 124)) << 32;
  }
  if (entries_[kRootId].type != CfbEntry::kRoot) {
    ctx.Error("corrupt", "the Compound File directory has no root entry");
    return false;
  }
  return true;
}

void CfbReader::LinkTree(ExtractContext& ctx) {
  // Each entry belongs to exactly one storage's tree; claiming it once is
  // what stops links that point back up or across from looping.
  std::vector<bool> claimed(entries_.size(), false);
  claimed[kRootId] = true;
  bool reported = false;
  auto claim = [&](std::uint32_t id) -> std::uint32_t {
    if (id == kNone) return kNone;
    if (id >= entries_.size() || claimed[id] || entries_[id].type == CfbEntry::kEmpty) {
      if (!reported) {
        ctx.Error("corrupt", "the Compound File directory links an entry twice or out of range");
      }
      reported = true;
      return kNone;
    }
    claimed[id] = true;
    return id;
  };
  std::vector<std::uint32_t> storages{kRootId};
  std::vector<std::uint32_t> stack;
  while (!storages.empty()) {
    const std::uint32_t storage = storages.back();
    storages.pop_back();
    std::vector<std::uint32_t> children;
    std::uint32_t node = claim(entries_[storage].child);
    while (node != kNone || !stack.empty()) {
      while (node != kNone) {
        stack.push_back(node);
        node = claim(entries_[node].left);
      }
      node = stack.back();
      stack.pop_back();
      children.push_back(node);
      if (entries_[node].type == CfbEntry::kStorage) storages.push_back(node);
      node = claim(entries_[node].right);
    }
    entries_[storage].children = std::move(children);
  }
}

bool CfbReader::ReadChain(const std::vector<std::uint32_t>& table, bool mini, std::uint32_t start,
                          std::uint64_t size, bool exact, std::string_view what,
                          ExtractContext& ctx, std::string* out) {
  const unsigned shift = mini ? mini_shift_ : sector_shift_;
  const std::size_t sector_size = std::size_t{1} << shift;
  const std::string_view src = mini ? std::string_view(mini_stream_) : data_;
  std::vector<bool> seen(table.size(), false);
  out->reserve(out->size() + std::min<std::uint64_t>(size, src.size()));
  const std::size_t base = out->size();
  std::uint32_t s = start;
  std::uint64_t steps = 0;
  auto fail = [&](std::string_view reason, std::string_view why) {
    ctx.Error(reason, std::string(what) + ": " + std::string(why));
    return false;
  };
  while (out->size() - base < size) {
    if (s == kEndOfChain || s == kFreeSect) {
      return !exact || fail("truncated", "its sector chain ends before its declared size");
    }
    if (s > kMaxRegSect || s >= table.size()) {
      return fail("corrupt", "its sector chain names a sector out of range");
    }
    if (seen[s]) return fail("sector-loop", "its sector chain loops back on itself");
    seen[s] = true;
    const std::uint64_t at = mini ? static_cast<std::uint64_t>(s) << shift
                                  : (static_cast<std::uint64_t>(s) + 1) << shift;
    if (at >= src.size()) return fail("truncated", "a sector lies beyond the end of the file");
    const std::size_t take = static_cast<std::size_t>(
        std::min<std::uint64_t>({sector_size, size - (out->size() - base), src.size() - at}));
    out->append(src.data() + at, take);
    if (take < sector_size && out->size() - base < size) {
      return fail("truncated", "the file ends inside a sector");
    }
    s = table[s];
    if ((++steps & 0x3FFF) == 0 && !ctx.CheckTime()) return false;
  }
  return true;
}

bool CfbReader::LoadMiniStream(ExtractContext& ctx) {
  if (mini_loaded_) return mini_ok_;
  mini_loaded_ = true;
  const CfbEntry& root = entries_[kRootId];
  std::uint64_t size = root.size;
  if (size > data_.size()) {
    ctx.Error("truncated", "the mini stream declares more bytes than the file holds");
    size = data_.size();
  }
  mini_ok_ = ReadChain(fat_, false, root.start, size, true, "the mini stream", ctx, &mini_stream_);
  // What was read stays usable: streams inside it are checked sector by sector.
  mini_ok_ = mini_ok_ || !mini_stream_.empty();
  return mini_ok_;
}

bool CfbReader::ReadStream(std::uint32_t id, ExtractContext& ctx, std::string* out) {
  out->clear();
  if (id >= entries_.size() || entries_[id].type != CfbEntry::kStream) {
    ctx.Error("corrupt", "a Compound File stream is missing from the directory");
    return false;
  }
  const CfbEntry& e = entries_[id];
  const std::string what = "stream '" + e.name + "'";
  std::uint64_t size = e.size;
  bool ok = true;
  if (size > data_.size()) {
    ctx.Error("truncated", what + " declares more bytes than the file holds");
    size = data_.size();
    ok = false;
  }
  if (size > ctx.limits().max_member_bytes) {
    ctx.Error("member-too-large", what + " of " + std::to_string(size) +
                                      " bytes is over the in-memory limit (--max-member-bytes)");
    return false;
  }
  if (!ctx.ChargeExpanded(size)) return false;
  if (size == 0) return ok;
  if (e.size < mini_cutoff_) {
    if (!LoadMiniStream(ctx)) return false;
    return ReadChain(minifat_, true, e.start, size, true, what, ctx, out) && ok;
  }
  return ReadChain(fat_, false, e.start, size, true, what, ctx, out) && ok;
}

bool CfbReader::ReadChild(std::uint32_t storage, std::string_view name, ExtractContext& ctx,
                          std::string* out) {
  out->clear();
  const std::uint32_t id = Find(storage, name);
  if (id == kNone || entries_[id].type != CfbEntry::kStream) return false;
  return ReadStream(id, ctx, out) || !out->empty();
}

std::uint32_t CfbReader::Find(std::uint32_t storage, std::string_view name) const {
  if (storage >= entries_.size()) return kNone;
  for (std::uint32_t id : entries_[storage].children) {
    if (AsciiIEquals(entries_[id].name, name)) return id;
  }
  return kNone;
}

}  // namespace mamori
