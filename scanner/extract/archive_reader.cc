#include "archive_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "archive_names.h"
#include "rar5_headers.h"
#include "zip_directory.h"
#include "zip_inflater.h"

namespace mamori {

namespace {

// libarchive asks for input in blocks of this size; it is also the slack
// allowed when judging a member's compression ratio, since the compressed
// bytes a member used are only known to the block.
constexpr std::size_t kBlock = 64 << 10;
// Memory costs nothing to hand over in small blocks, and the ratio is then
// judged more closely: a bomb in memory stops after a few MB, not tens.
constexpr std::size_t kMemoryBlock = 16 << 10;
constexpr std::uint64_t kRatioFloor = 1 << 20;
constexpr std::uint64_t kTimeCheckEvery = 16 << 20;
// Buffers for members inflated whole are kept for the next member up to
// this size; larger ones are given back once read.
constexpr std::size_t kKeptBytes = 4 << 20;

std::string ErrorText(struct archive* a) {
  const char* s = archive_error_string(a);
  return s != nullptr ? s : "unknown error";
}

// The reason for a libarchive failure, from its message: libarchive has no
// error codes for these.
std::string_view ReasonFor(std::string_view message) {
  auto has = [&](std::string_view w) { return message.find(w) != std::string_view::npos; };
  if (has("ncrypt") || has("assphrase") || has("assword")) return "encrypted-member";
  if (has("runcat") || has("remature") || has("nexpected end") || has("EOF")) return "truncated";
  return "corrupt";
}

// The encryption scheme of a whole archive of this format: its signature
// first, since libarchive may not have settled on a format when the headers
// failed.
std::string FormatScheme(struct archive* a, Input& in) {
  char sig[8] = {};
  std::size_t got = 0;
  if (in.ReadAt(0, sig, sizeof sig, &got).ok()) {
    const std::string_view head(sig, got);
    if (head.starts_with(std::string_view("7z\xBC\xAF\x27\x1C", 6))) return "7z-aes256";
    if (head.starts_with(std::string_view("Rar!\x1A\x07\x01\x00", 8))) return "rar5";
    if (head.starts_with(std::string_view("Rar!\x1A\x07\x00", 7))) return "rar4";
  }
  const int format = archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;
  if (format == ARCHIVE_FORMAT_7ZIP) return "7z-aes256";  // the only cipher 7z has
  if (format == ARCHIVE_FORMAT_RAR) return "rar4";
  if (format == ARCHIVE_FORMAT_RAR_V5) return "rar5";
  // Only PKWARE strong encryption hides a zip's directory.
  if (format == (ARCHIVE_FORMAT_ZIP & ARCHIVE_FORMAT_BASE_MASK)) return "zip-strong";
  return "unknown";
}

// A zip directory entry's name as Next returns a member's name, so the two
// can be matched.
std::string ZipEntryKey(std::string_view raw) {
  std::string name = UnflaggedZipName(NameAsUtf8(raw));
  while (name.starts_with("./")) name.erase(0, 2);
  return name;
}

}  // namespace

struct ArchiveReader::Rep {
  ExtractContext* ctx;
  struct archive* a = nullptr;
  Input* in = nullptr;
  std::uint64_t pos = 0;  // of the callbacks over a non-memory input
  std::string block;
  std::string raw_name;
  bool zip_only = false;
  bool counts_members = true;
  bool ended = false;  // no further header may be read
  // A zip member whose data failed leaves libarchive unusable, but a zip
  // can be opened again and its members before the failed one skipped
  // without inflating them, so the rest of the archive is still read.
  bool resumable = false;
  bool lha_cp932 = false;
  int reopens = 0;
  std::uint64_t headers_read = 0;
  // The current member.
  std::string name;
  bool member_failed = false;
  std::uint64_t member_out = 0;
  std::int64_t member_in_start = 0;
  std::uint64_t since_time_check = 0;
  // Encryption.
  bool headers_encrypted = false;
  std::string header_scheme;
  // The zip's central directory, read at the first member (it alone tells
  // ZipCrypto from AES, and where a member's data lies for the inflater):
  // entry indices by name, in order, each taken once.
  struct NamedEntries {
    std::vector<std::size_t> indices;
    std::size_t taken = 0;
  };
  bool zip_dir_read = false;
  ZipDirectory zip_dir;
  std::unordered_map<std::string, NamedEntries> zip_dir_names;
  // The current member inflated by `inflater` rather than libarchive:
  // `inflatable` until its first read tries, then served from `inflated`.
  ZipInflater inflater;
  const ZipDirEntry* inflatable = nullptr;
  bool from_inflated = false;
  ByteBuffer inflated;
  std::size_t inflated_at = 0;
  // RAR 5 members whose headers say encrypted (libarchive does not tell),
  // read at the first RAR 5 member.
  Rar5EncryptedNames rar5_encrypted;

  static la_ssize_t ReadCb(struct archive*, void* data, const void** buf) {
    auto* r = static_cast<Rep*>(data);
    std::size_t got = 0;
    Status s = r->in->ReadAt(r->pos, r->block.data(), r->block.size(), &got);
    if (!s.ok()) return -1;
    r->pos += got;
    *buf = r->block.data();
    return static_cast<la_ssize_t>(got);
  }
  static la_int64_t SeekCb(struct archive*, void* data, la_int64_t offset, int whence) {
    auto* r = static_cast<Rep*>(data);
    const auto size = static_cast<la_int64_t>(r->in->size());
    la_int64_t to = whence == SEEK_SET   ? offset
                    : whence == SEEK_CUR ? static_cast<la_int64_t>(r->pos) + offset
                                         : size + offset;
    if (to < 0) return ARCHIVE_FATAL;
    r->pos = static_cast<std::uint64_t>(std::min(to, size));
    return static_cast<la_int64_t>(r->pos);
  }
  static la_int64_t SkipCb(struct archive*, void* data, la_int64_t request) {
    auto* r = static_cast<Rep*>(data);
    const std::uint64_t left = r->in->size() - std::min(r->pos, r->in->size());
    const auto skip = static_cast<std::uint64_t>(std::max<la_int64_t>(request, 0));
    const std::uint64_t n = std::min(skip, left);
    r->pos += n;
    return static_cast<la_int64_t>(n);
  }

  // The compressed bytes a member used are only known to the block.
  std::uint64_t Slack() const { return in->in_memory() ? kMemoryBlock : kBlock; }
  // Whether `out` bytes expanded from `compressed` are over --max-ratio.
  bool OverRatio(std::uint64_t out, std::uint64_t compressed) const {
    const double limit = ctx->limits().max_ratio;
    return out > kRatioFloor && limit > 0 &&
           static_cast<double>(out) > limit * static_cast<double>(compressed + Slack());
  }

  void MemberError(std::string_view reason, std::string message) {
    member_failed = true;
    ctx->ErrorIn(name, reason, std::move(message));
  }
};

ArchiveReader::ArchiveReader(ExtractContext& ctx) : rep_(std::make_unique<Rep>()) {
  rep_->ctx = &ctx;
}

ArchiveReader::~ArchiveReader() {
  if (rep_->a != nullptr) archive_read_free(rep_->a);
}

bool ArchiveReader::Open(Input& in, bool zip_only, std::string raw_name) {
  Rep& r = *rep_;
  r.in = &in;
  r.zip_only = zip_only;
  r.raw_name = std::move(raw_name);
  const int rc = OpenArchive();
  if (rc != ARCHIVE_OK) {
    const std::string message = ErrorText(r.a);
    if (ReasonFor(message) == "encrypted-member") {
      HeaderFailed(message);
    } else {
      r.ctx->Error(ReasonFor(message), "cannot be opened as an archive: " + message);
    }
    r.ended = true;
    return false;
  }
  return true;
}

void ArchiveReader::HeaderFailed(const std::string& message) {
  Rep& r = *rep_;
  r.headers_encrypted = true;
  r.header_scheme = FormatScheme(r.a, *r.in);
  r.ctx->Error("encrypted-member", "the archive's headers are encrypted (" + r.header_scheme +
                                       "): its members are not checked without its password (" +
                                       message + ")");
}

const ZipDirEntry* ArchiveReader::TakeZipDirEntry(const std::string& name, bool* unique) {
  Rep& r = *rep_;
  *unique = false;
  if (!r.zip_dir_read) {
    r.zip_dir_read = true;
    ReadZipDirectory(*r.in, r.ctx->limits().max_members, &r.zip_dir);
    for (std::size_t i = 0; i < r.zip_dir.entries.size(); ++i) {
      r.zip_dir_names[ZipEntryKey(r.zip_dir.entries[i].name)].indices.push_back(i);
    }
  }
  std::string key = name;
  while (key.starts_with("./")) key.erase(0, 2);
  auto it = r.zip_dir_names.find(key);
  if (it == r.zip_dir_names.end()) return nullptr;
  Rep::NamedEntries& named = it->second;
  // Only a whole directory says a name is not repeated further on.
  *unique = named.indices.size() == 1 && r.zip_dir.complete;
  // A name repeated in the directory: each entry of it is matched once, and
  // the last one again should libarchive list more.
  const std::size_t i = std::min(named.taken, named.indices.size() - 1);
  ++named.taken;
  return &r.zip_dir.entries[named.indices[i]];
}

std::string ArchiveReader::EntryScheme(const ZipDirEntry* dir_entry) {
  Rep& r = *rep_;
  if (!is_zip()) {
    const std::string scheme = FormatScheme(r.a, *r.in);
    return scheme == "zip-strong" ? "unknown" : scheme;
  }
  // The local header says encrypted where the directory does not: libarchive
  // goes by the former, with no way to tell which cipher.
  if (dir_entry == nullptr || !dir_entry->encrypted()) return "unknown";
  return std::string(dir_entry->Scheme());
}

int ArchiveReader::OpenArchive() {
  Rep& r = *rep_;
  Input& in = *r.in;
  Utf8LocaleScope utf8_names;
  if (r.a != nullptr) archive_read_free(r.a);
  r.pos = 0;
  r.a = archive_read_new();
  if (r.zip_only) {
    archive_read_support_format_zip(r.a);
  } else {
    archive_read_support_filter_all(r.a);
    archive_read_support_format_all(r.a);
    // LZH from Japanese DOS and Windows names its members in CP932, on
    // which libarchive gives up in a UTF-8 locale; newer tools write UTF-8,
    // which this option would garble. So CP932 is asked for only after a
    // name failed (Next reopens the archive).
    if (r.lha_cp932) archive_read_set_format_option(r.a, "lha", "hdrcharset", "CP932");
    // A lone .gz, .bz2 or .xz: every real format outbids it.
    archive_read_support_format_raw(r.a);
  }
  int rc;
  if (in.in_memory()) {
    std::string_view m = in.memory();
    rc = archive_read_open_memory2(r.a, m.data(), m.size(), kMemoryBlock);
  } else {
    r.block.resize(kBlock);
    archive_read_set_callback_data(r.a, &r);
    archive_read_set_read_callback(r.a, &Rep::ReadCb);
    archive_read_set_seek_callback(r.a, &Rep::SeekCb);
    archive_read_set_skip_callback(r.a, &Rep::SkipCb);
    rc = archive_read_open1(r.a);
  }
  return rc;
}

// Opens the zip again past the member that failed.
bool ArchiveReader::Resume() {
  Rep& r = *rep_;
  constexpr int kMaxReopens = 64;  // each costs a pass over the headers
  if (!r.resumable || r.reopens >= kMaxReopens) return false;
  r.resumable = false;
  ++r.reopens;
  if (OpenArchive() != ARCHIVE_OK) return false;
  Utf8LocaleScope utf8_names;
  struct archive_entry* e = nullptr;
  for (std::uint64_t i = 0; i < r.headers_read; ++i) {
    if (archive_read_next_header(r.a, &e) < ARCHIVE_WARN) return false;
  }
  r.ended = false;
  return true;
}

bool ArchiveReader::Next(ArchiveEntry* entry) {
  Rep& r = *rep_;
  if (r.ctx->stopped() || !r.ctx->CheckTime()) return false;
  if (r.ended && !Resume()) return false;
  Utf8LocaleScope utf8_names;
  struct archive_entry* e = nullptr;
  const int rc = archive_read_next_header(r.a, &e);
  if (rc == ARCHIVE_EOF) return false;
  if (rc < ARCHIVE_WARN && !r.lha_cp932 &&
      (archive_format(r.a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_LHA) {
    r.lha_cp932 = true;
    r.resumable = true;
    r.ended = true;
    return Next(entry);
  }
  if (rc < ARCHIVE_WARN) {
    const std::string message = ErrorText(r.a);
    if (ReasonFor(message) == "encrypted-member") {
      HeaderFailed(message);
    } else {
      r.ctx->Error(ReasonFor(message), "the archive could not be read past this point: " + message);
    }
    r.ended = true;
    return false;
  }
  ++r.headers_read;
  if (r.counts_members && !r.ctx->CountMember()) {
    r.ended = true;
    return false;
  }
  const char* raw = archive_entry_pathname(e);
  std::string name = NameAsUtf8(raw != nullptr ? raw : "");
  if (is_zip()) name = UnflaggedZipName(name);
  bool encrypted = archive_entry_is_data_encrypted(e) != 0;
  if (!encrypted && archive_format(r.a) == ARCHIVE_FORMAT_RAR_V5) {
    encrypted = r.rar5_encrypted.Take(*r.in, r.ctx->limits().max_members, name);
  }
  // Before `name` may become raw_name: directory entries are keyed as read.
  bool unique_name = false;
  const ZipDirEntry* dir_entry = is_zip() ? TakeZipDirEntry(name, &unique_name) : nullptr;
  std::string scheme = encrypted ? EntryScheme(dir_entry) : std::string();
  if (archive_format(r.a) == ARCHIVE_FORMAT_RAW || name.empty() || name == "data") {
    name = r.raw_name;
  }
  while (name.starts_with("./")) name.erase(0, 2);
  *entry = ArchiveEntry();
  entry->name = name;
  entry->size = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
  const auto type = archive_entry_filetype(e);
  entry->is_directory = type == AE_IFDIR;
  entry->is_regular = type == AE_IFREG || type == 0;
  entry->encrypted = encrypted;
  entry->scheme = std::move(scheme);
  r.name = std::move(name);
  r.member_failed = false;
  r.member_out = 0;
  r.member_in_start = archive_filter_bytes(r.a, -1);
  r.from_inflated = false;
  r.inflatable = nullptr;
  // A duplicated name might pair libarchive's member with another's entry.
  if (dir_entry != nullptr && unique_name && !encrypted && entry->is_regular &&
      !entry->is_directory && entry->size >= 0 &&
      static_cast<std::uint64_t>(entry->size) == dir_entry->size &&
      ZipInflater::Eligible(*dir_entry) &&
      !r.OverRatio(dir_entry->size, dir_entry->compressed_size)) {
    r.inflatable = dir_entry;
  }
  return true;
}

bool ArchiveReader::Read(char* buf, std::size_t n, std::size_t* got) {
  Rep& r = *rep_;
  *got = 0;
  if (r.member_failed || r.ctx->stopped()) return false;
  TryInflate();
  la_ssize_t k;
  if (r.from_inflated) {
    k = static_cast<la_ssize_t>(std::min(n, r.inflated.size() - r.inflated_at));
    std::memcpy(buf, r.inflated.data() + r.inflated_at, static_cast<std::size_t>(k));
    r.inflated_at += static_cast<std::size_t>(k);
    // Read to its end (into a caller's buffer, a nested archive's say): a
    // large buffer is not held beside the copy while that is read.
    if (r.inflated_at == r.inflated.size() && r.inflated.capacity() > kKeptBytes) {
      r.inflated.Free();
      r.inflated_at = 0;
    }
  } else {
    k = archive_read_data(r.a, buf, n);
  }
  if (k < 0) {
    const std::string message = ErrorText(r.a);
    r.MemberError(ReasonFor(message), "the member could not be read to its end: " + message);
    if (k == ARCHIVE_FATAL) {
      r.ended = true;
      r.resumable = is_zip();
    }
    return false;
  }
  *got = static_cast<std::size_t>(k);
  if (!Charge(*got)) return false;
  // A member inflated whole was judged by its sizes before.
  if (!r.from_inflated && r.member_out > kRatioFloor) {
    const std::uint64_t used = static_cast<std::uint64_t>(
        std::max<std::int64_t>(archive_filter_bytes(r.a, -1) - r.member_in_start, 0));
    if (r.OverRatio(r.member_out, used)) {
      const double limit = r.ctx->limits().max_ratio;
      r.MemberError("compression-ratio",
                    "stopped after expanding " + std::to_string(r.member_out) +
                        " bytes from about " + std::to_string(used + r.Slack()) +
                        " compressed: over the ratio limit of " +
                        std::to_string(static_cast<int>(limit)) + " (--max-ratio)");
      // Skipping the rest of a stream-compressed member means inflating it
      // all; only zip can seek past it.
      if (!is_zip()) r.ended = true;
      return false;
    }
  }
  return true;
}

// Tried once, at the member's first read (or lend), so a member skipped
// costs nothing; one that does not check out goes to libarchive untouched.
void ArchiveReader::TryInflate() {
  Rep& r = *rep_;
  if (r.inflatable == nullptr) return;
  r.from_inflated = r.inflater.Inflate(*r.in, *r.inflatable, kLentRoom, &r.inflated);
  r.inflated_at = 0;
  r.inflatable = nullptr;
}

// `n` more bytes of the member read: the budgets.
bool ArchiveReader::Charge(std::size_t n) {
  Rep& r = *rep_;
  r.member_out += n;
  r.since_time_check += n;
  if (!r.ctx->ChargeExpanded(n)) return false;
  if (r.since_time_check >= kTimeCheckEvery) {
    r.since_time_check = 0;
    if (!r.ctx->CheckTime()) return false;
  }
  return true;
}

bool ArchiveReader::LendRest(char** data, std::size_t* size) {
  Rep& r = *rep_;
  if (r.member_failed || r.ctx->stopped()) return false;
  TryInflate();
  const std::size_t n = r.inflated.size();
  // Past the budget, reads stop where it runs out, as they always did.
  if (!r.from_inflated || r.inflated_at != 0 || n == 0 || !r.ctx->ExpandedFits(n)) return false;
  if (!Charge(n)) return false;
  *data = r.inflated.data();
  *size = n;
  r.inflated_at = n;  // read to its end; the buffer is kept for the next member
  return true;
}

bool ArchiveReader::ReadAll(std::uint64_t limit, std::string* out) {
  out->clear();
  for (;;) {
    const std::size_t at = out->size();
    if (at >= limit) {
      rep_->MemberError("member-too-large", "over the in-memory limit of " + std::to_string(limit) +
                                                " (--max-member-bytes)");
      return false;
    }
    out->resize(static_cast<std::size_t>(std::min<std::uint64_t>(limit, at + (1 << 20))));
    std::size_t got = 0;
    const bool ok = Read(out->data() + at, out->size() - at, &got);
    out->resize(at + got);
    if (!ok) return false;
    if (got == 0) return true;
  }
}

bool ArchiveReader::headers_encrypted() const { return rep_->headers_encrypted; }

const std::string& ArchiveReader::header_scheme() const { return rep_->header_scheme; }

void ArchiveReader::set_counts_members(bool counts) { rep_->counts_members = counts; }

bool ArchiveReader::is_zip() const {
  return rep_->a != nullptr && (archive_format(rep_->a) & ARCHIVE_FORMAT_BASE_MASK) ==
                                   (ARCHIVE_FORMAT_ZIP & ARCHIVE_FORMAT_BASE_MASK);
}

}  // namespace mamori
