// Archives: every regular member scanned as a file of its own, streamed from
// libarchive so a large CSV inside a zip never sits in memory whole.
#include <algorithm>

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

}  // namespace

void ExtractArchive(Input& in, ExtractContext& ctx, std::string_view raw_name) {
  ArchiveReader reader(ctx);
  if (!reader.Open(in, false, std::string(raw_name))) return;
  ArchiveEntry entry;
  bool first = true;
  while (reader.Next(&entry)) {
    if (first && reader.is_zip() && !HasZipEnd(in)) {
      ctx.Error("truncated",
                "the zip has no central directory at its end (cut short?): members were read "
                "from their local headers, and any after the cut are lost");
    }
    first = false;
    if (entry.is_directory || !entry.is_regular) continue;
    if (entry.encrypted) {
      ctx.ErrorIn(entry.name, "encrypted-member",
                  "an encrypted member cannot be read without its password");
      continue;
    }
    ctx.ScanMemberStream(entry.name, reader, entry.size);
  }
}

}  // namespace mamori
