// Archives: every regular member scanned as a file of its own, streamed from
// libarchive so a large CSV inside a zip never sits in memory whole.
#include "archive_reader.h"
#include "extractors.h"

namespace mamori {

void ExtractArchive(Input& in, ExtractContext& ctx, std::string_view raw_name) {
  ArchiveReader reader(ctx);
  if (!reader.Open(in, false, std::string(raw_name))) return;
  ArchiveEntry entry;
  while (reader.Next(&entry)) {
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
