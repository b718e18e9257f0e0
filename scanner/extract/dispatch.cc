#include "dispatch.h"

#include <algorithm>
#include <string>

#include "extractors.h"
#include "pgp_detect.h"
#include "smime_detect.h"

namespace mamori {

namespace {

constexpr std::size_t kSniffBytes = 64 << 10;
constexpr std::size_t kStreamChunk = 1 << 20;

std::string_view BaseName(std::string_view path) {
  std::size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The member inside a lone compressed stream: the name without its
// compression suffix ("meibo.csv.gz" → "meibo.csv").
std::string RawMemberName(std::string_view name) {
  std::string_view base = BaseName(name);
  for (std::string_view ext : {".gz", ".bz2", ".xz", ".zst", ".z", ".tgz", ".tbz2", ".txz"}) {
    if (base.size() > ext.size() && base.ends_with(ext)) {
      std::string out(base.substr(0, base.size() - ext.size()));
      if (ext.size() > 3 && ext[1] == 't') out += ".tar";
      return out;
    }
  }
  return std::string(base) + ".data";
}

// Encrypted messages: their protection is named from their first bytes;
// their content cannot be read.
void ExtractOpaque(const SniffResult& format, Input& in, ExtractContext& ctx) {
  std::string head(std::min<std::uint64_t>(in.size(), kSniffBytes), '\0');
  std::size_t got = 0;
  Status s = in.ReadAt(0, head.data(), head.size(), &got);
  if (!s.ok()) return ctx.Error(s.reason(), s.message());
  head.resize(got);
  if (format.format == "openpgp") {
    const PgpMessage m = ClassifyPgp(head);
    if (!m.encrypted) {
      ctx.Error("unsupported",
                "an OpenPGP message that is not encrypted (signed or compressed) was not read");
      return;
    }
    ctx.RecordProtection("openpgp", true);
    ctx.Error("encrypted-member",
              std::string("an OpenPGP message encrypted ") +
                  (m.public_key && m.passphrase ? "to a public key and with a passphrase"
                   : m.public_key               ? "to a public key"
                                                : "with a passphrase (symmetric)") +
                  " cannot be read");
    return;
  }
  if (format.format == "smime") {
    ctx.RecordProtection("smime", true);
    ctx.Error("encrypted-member",
              "an S/MIME message encrypted to a recipient's certificate (CMS enveloped data) "
              "cannot be read");
    return;
  }
  ctx.Error("unsupported", "the content of " + format.format + " data cannot be read");
}

void ExtractInMemory(const SniffResult& format, std::string_view data, ExtractContext& ctx) {
  const std::string& f = format.format;
  if (f == "pdf") return ExtractPdf(data, ctx);
  if (f == "rtf") return ExtractRtf(data, ctx);
  if (f == "html" || f == "xml") return ExtractHtml(data, ctx);
  if (f == "eml") return ExtractEml(data, ctx);
  if (f == "mbox") return ExtractMbox(data, ctx);
  return ExtractCfb(data, ctx);  // cfb, xls, doc, ppt, msg
}

// Text members stream through the sink, which finds their encoding.
void ScanText(const SniffResult& format, std::string_view data, ExtractContext& ctx) {
  ctx.BeginPart(format.format);
  ctx.WriteRaw(data, true);
  ctx.EndPart();
}

void ScanBytes(std::string_view name, std::string_view data, ExtractContext& child) {
  const SniffResult format = SniffFormat(name, data.substr(0, kSniffBytes));
  if (format.kind == FormatKind::kText) return ScanText(format, data, child);
  MemoryInput in(data);
  ExtractFormat(format, name, in, child);
}

}  // namespace

void ExtractFormat(const SniffResult& format, std::string_view name, Input& in,
                   ExtractContext& ctx) {
  if (ctx.depth() > ctx.limits().max_depth) {
    ctx.Error("nesting-too-deep", "a " + format.format + " nested more than " +
                                      std::to_string(ctx.limits().max_depth) +
                                      " containers deep was not opened (--max-depth)");
    return;
  }
  if (!ctx.CheckTime()) return;
  switch (format.kind) {
    case FormatKind::kText: break;  // the caller reads text
    case FormatKind::kArchive: return ExtractArchive(in, ctx, RawMemberName(name));
    case FormatKind::kPackage:
      if (format.format == "docx") return ExtractDocx(in, ctx);
      if (format.format == "xlsx") return ExtractXlsx(in, ctx);
      if (format.format == "pptx") return ExtractPptx(in, ctx);
      return ExtractOdf(in, ctx);
    case FormatKind::kDocument: {
      if (in.in_memory()) return ExtractInMemory(format, in.memory(), ctx);
      std::string data;
      Status s = ReadWhole(in, ctx.limits().max_member_bytes, &data);
      if (!s.ok()) return ctx.Error(s.reason(), s.message() + " (--max-member-bytes)");
      return ExtractInMemory(format, data, ctx);
    }
    case FormatKind::kOpaque: return ExtractOpaque(format, in, ctx);
  }
}

void ExtractContext::ScanMember(std::string_view name, std::string_view data) {
  if (!CountMember()) return;
  ExtractContext child = Child(name);
  ScanBytes(name, data, child);
}

void ExtractContext::ScanMemberStream(std::string_view name, ByteStream& stream,
                                      std::int64_t size_hint) {
  // The stream's source (ArchiveReader::Next) has counted the member.
  ExtractContext child = Child(name);
  // Enough of the start to sniff it.
  std::string head;
  head.resize(kSniffBytes);
  std::size_t filled = 0;
  bool ok = true;
  while (filled < head.size()) {
    std::size_t got = 0;
    ok = stream.Read(head.data() + filled, head.size() - filled, &got);
    if (!ok || got == 0) break;
    filled += got;
  }
  head.resize(filled);
  const bool complete = !ok || filled < kSniffBytes;
  const SniffResult format = SniffFormat(name, head);
  if (complete) {
    if (format.kind == FormatKind::kText) return ScanText(format, head, child);
    MemoryInput in(head);
    return ExtractFormat(format, name, in, child);
  }
  if (format.kind == FormatKind::kText) {
    child.BeginPart(format.format);
    child.WriteRaw(head, false);
    // One per thread, kept: a fresh zero-filled MiB per member was
    // measurable on zips of many CSVs. Nothing below re-enters here.
    thread_local std::string chunk;
    if (chunk.size() < kStreamChunk) chunk.resize(kStreamChunk);
    for (;;) {
      std::size_t got = 0;
      if (!stream.Read(chunk.data(), chunk.size(), &got) || got == 0) break;
      child.WriteRaw(std::string_view(chunk.data(), got), false);
    }
    child.WriteRaw({}, true);
    child.EndPart();
    return;
  }
  // Documents and containers are parsed from memory.
  const std::uint64_t limit = child.limits().max_member_bytes;
  if (size_hint > 0 && static_cast<std::uint64_t>(size_hint) > limit) {
    child.Error("member-too-large", "a " + format.format + " of " + std::to_string(size_hint) +
                                        " bytes is over the in-memory limit of " +
                                        std::to_string(limit) + " (--max-member-bytes)");
    return;
  }
  std::string data = std::move(head);
  for (;;) {
    const std::size_t at = data.size();
    if (at >= limit) {
      child.Error("member-too-large", "a " + format.format + " over the in-memory limit of " +
                                          std::to_string(limit) + " (--max-member-bytes)");
      return;
    }
    data.resize(std::min<std::uint64_t>(limit, at + kStreamChunk));
    std::size_t got = 0;
    ok = stream.Read(data.data() + at, data.size() - at, &got);
    data.resize(at + got);
    if (!ok || got == 0) break;
  }
  MemoryInput in(data);
  ExtractFormat(format, name, in, child);
}

}  // namespace mamori
