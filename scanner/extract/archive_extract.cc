// Archives: every regular member scanned as a file of its own, streamed from
// libarchive so a large CSV inside a zip never sits in memory whole. An
// encrypted member is recorded as protected and not read; an archive whose
// every member is encrypted, or whose headers are, is itself protected.
#include <algorithm>
#include <string>

#include "archive_reader.h"
#include "extractors.h"

namespace mamori {

namespace {

// Whether the zip's end-of-central-directory record is where it must be:
// within the last 64 KiB + 22 bytes. Without it libarchive still reads the
// members from their local headers, so a zip cut short inside its central
// directory would otherwise pass for whole.
bool HasZipEnd(Input& in) {
  const std::uint64_t tail = std::min<std::uint64_t>(in.size(), (64 << 10) + 22);
  std::string buf(static_cast<std::size_t>(tail), '\0');
  std::size_t got = 0;
  if (!in.ReadAt(in.size() - tail, buf.data(), buf.size(), &got).ok()) return false;
  buf.resize(got);
  const std::size_t at = buf.rfind("PK\x05\x06");
  if (at == std::string::npos || buf.size() - at < 22) return false;
  const std::size_t comment = static_cast<unsigned char>(buf[at + 20]) |
                              static_cast<std::size_t>(static_cast<unsigned char>(buf[at + 21]))
                                  << 8;
  return buf.size() - at >= 22 + comment;
}

// Lower is weaker: an archive is as protected as its weakest member.
int Strength(std::string_view scheme) {
  if (scheme == "zipcrypto") return 0;
  if (scheme == "unknown" || scheme == "zip-strong" || scheme == "zip-aes") return 1;
  if (scheme == "zip-aes128") return 2;
  if (scheme == "zip-aes192") return 3;
  return 4;  // zip-aes256, 7z-aes256, rar4, rar5
}

}  // namespace

void ExtractArchive(Input& in, ExtractContext& ctx, std::string_view raw_name) {
  ArchiveReader reader(ctx);
  std::uint64_t plain = 0;
  std::uint64_t encrypted = 0;
  std::string weakest;
  ArchiveEntry entry;
  bool first = true;
  const bool opened = reader.Open(in, false, std::string(raw_name));
  while (opened && reader.Next(&entry)) {
    if (first && reader.is_zip() && !HasZipEnd(in)) {
      ctx.Error("truncated",
                "the zip has no central directory at its end (cut short?): members were read "
                "from their local headers, and any after the cut are lost");
    }
    first = false;
    if (entry.is_directory || !entry.is_regular) continue;
    if (entry.encrypted) {
      const std::string scheme = entry.scheme.empty() ? "unknown" : entry.scheme;
      ctx.RecordProtectionIn(entry.name, scheme, true);
      ctx.ErrorIn(entry.name, "encrypted-member",
                  "an encrypted member (" + scheme + ") is not checked without its password");
      if (encrypted++ == 0 || Strength(scheme) < Strength(weakest)) weakest = scheme;
      continue;
    }
    ++plain;
    ctx.ScanMemberStream(entry.name, reader, entry.size);
  }
  if (plain > 0) return;
  if (reader.headers_encrypted()) {
    ctx.RecordProtection(reader.header_scheme(), true);
  } else if (encrypted > 0) {
    ctx.RecordProtection(weakest, true);
  }
}

}  // namespace mamori
