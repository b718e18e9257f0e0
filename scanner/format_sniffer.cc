#include "mamori/format_sniffer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "csv_columns.h"
#include "extract/pgp_detect.h"
#include "extract/smime_detect.h"
#include "mamori/text_decoder.h"

namespace mamori {

namespace {

struct Magic {
  std::string_view bytes;
  std::string_view format;
  FormatKind kind;
};

constexpr std::array<Magic, 12> kMagics = {{
    {"PK\x03\x04", "zip", FormatKind::kArchive},
    {"PK\x05\x06", "zip", FormatKind::kArchive},
    {"%PDF-", "pdf", FormatKind::kDocument},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "cfb", FormatKind::kDocument},
    {"\x1F\x8B", "gzip", FormatKind::kArchive},
    {"BZh", "bzip2", FormatKind::kArchive},
    {"\xFD"
     "7zXZ\x00",
     "xz", FormatKind::kArchive},
    {"7z\xBC\xAF\x27\x1C", "7z", FormatKind::kArchive},
    {"Rar!\x1A\x07", "rar", FormatKind::kArchive},
    {"MSCF\0\0\0\0", "cab", FormatKind::kArchive},
    {"\x28\xB5\x2F\xFD", "zstd", FormatKind::kArchive},
    {"{\\rtf", "rtf", FormatKind::kDocument},
}};

std::string_view Extension(std::string_view path) {
  std::size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::size_t dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? std::string_view() : name.substr(dot + 1);
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return Lower(x) == Lower(y); });
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

std::uint32_t Le(std::string_view s, std::size_t at, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(s[at + i]);
  return v;
}

// Names of the zip members whose local headers lie in `head`, in order,
// as far as their sizes are known there (a data descriptor ends the walk).
std::vector<std::string_view> LocalHeaderNames(std::string_view head) {
  std::vector<std::string_view> names;
  std::size_t at = 0;
  while (at + 30 <= head.size() && head.substr(at, 4) == "PK\x03\x04" && names.size() < 64) {
    const std::uint32_t flags = Le(head, at + 6, 2);
    const std::uint32_t compressed = Le(head, at + 18, 4);
    const std::uint32_t name_len = Le(head, at + 26, 2);
    const std::uint32_t extra_len = Le(head, at + 28, 2);
    if (at + 30 + name_len > head.size()) break;
    names.push_back(head.substr(at + 30, name_len));
    if (flags & 0x08) break;  // sizes follow the data
    at += 30 + static_cast<std::size_t>(name_len) + extra_len + compressed;
  }
  return names;
}

// A zip is a document package when its name or its first entries say so:
// ODF stores "mimetype" first, uncompressed; OOXML names its main part.
SniffResult ZipKind(std::string_view ext, std::string_view head) {
  if (head.size() > 38 && head.substr(30, 8) == "mimetype") {
    std::string_view type = head.substr(38, 80);
    if (type.starts_with("application/vnd.oasis.opendocument.text"))
      return {"odt", FormatKind::kPackage};
    if (type.starts_with("application/vnd.oasis.opendocument.spreadsheet"))
      return {"ods", FormatKind::kPackage};
    if (type.starts_with("application/vnd.oasis.opendocument.presentation"))
      return {"odp", FormatKind::kPackage};
  }
  for (std::string_view e : {"docx", "docm", "dotx"}) {
    if (EqualsIgnoreCase(ext, e)) return {"docx", FormatKind::kPackage};
  }
  for (std::string_view e : {"xlsx", "xlsm", "xltx"}) {
    if (EqualsIgnoreCase(ext, e)) return {"xlsx", FormatKind::kPackage};
  }
  for (std::string_view e : {"pptx", "pptm", "potx"}) {
    if (EqualsIgnoreCase(ext, e)) return {"pptx", FormatKind::kPackage};
  }
  // The package's own part names, from the local headers at its start: a
  // plain zip holding a stored docx has "word/document.xml" in its bytes
  // too, but not among its own names.
  for (std::string_view name : LocalHeaderNames(head)) {
    if (name == "word/document.xml") return {"docx", FormatKind::kPackage};
    if (name == "xl/workbook.xml") return {"xlsx", FormatKind::kPackage};
    if (name == "ppt/presentation.xml") return {"pptx", FormatKind::kPackage};
  }
  return {"zip", FormatKind::kArchive};
}

// Legacy Office and Outlook files share the CFB container; the name tells
// which for the report (the extractor looks at the streams inside).
std::string_view CfbName(std::string_view ext) {
  for (std::string_view e : {"xls", "doc", "ppt", "msg"}) {
    if (EqualsIgnoreCase(ext, e)) return e;
  }
  if (EqualsIgnoreCase(ext, "xlt")) return "xls";
  if (EqualsIgnoreCase(ext, "dot")) return "doc";
  return "cfb";
}

// Text that is markup or mail: the first non-blank bytes tell.
bool LooksLikeMailHeader(std::string_view head) {
  for (std::string_view h : {"Received:", "Return-Path:", "MIME-Version:", "Message-ID:",
                             "Delivered-To:", "X-Mailer:", "Date:", "From:", "Subject:"}) {
    if (StartsWithIgnoreCase(head, h)) return true;
  }
  return false;
}

}  // namespace

SniffResult SniffFormat(std::string_view path, std::string_view head) {
  std::string_view ext = Extension(path);
  for (const Magic& m : kMagics) {
    if (head.substr(0, m.bytes.size()) != m.bytes) continue;
    if (m.format == "zip") return ZipKind(ext, head);
    if (m.format == "cfb") return {std::string(CfbName(ext)), m.kind};
    return {std::string(m.format), m.kind};
  }
  // Encrypted messages: OpenPGP (armored, or binary session key packets)
  // and S/MIME enveloped data (a .p7m).
  if (ClassifyPgp(head).recognised) return {"openpgp", FormatKind::kOpaque};
  if (CmsEncrypted(ClassifyCms(head))) return {"smime", FormatKind::kOpaque};
  if (head.size() > 262 && head.substr(257, 5) == "ustar") return {"tar", FormatKind::kArchive};
  if (head.size() > 32774 && head.substr(32769, 5) == "CD001") return {"iso", FormatKind::kArchive};
  if (head.size() > 7 && head[2] == '-' && head[3] == 'l' && (head[4] == 'h' || head[4] == 'z') &&
      head[6] == '-') {
    return {"lzh", FormatKind::kArchive};
  }
  // UTF-16 text is full of NUL bytes but is text. Only then (or with a
  // UTF-16 byte order mark) is the encoding worth detecting here: the part
  // scanner detects it again for reading, and detection validates up to
  // 256 KiB (a sixth of a small file's scan time when done twice).
  std::size_t bom = head.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const bool has_nul = head.find('\0') != std::string_view::npos;
  bool utf16 = false;
  if (has_nul || head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF")) {
    const EncodingGuess guess = DetectEncoding(head, true);
    utf16 = guess.decided &&
            (guess.encoding == TextEncoding::kUtf16Le || guess.encoding == TextEncoding::kUtf16Be);
    if (!utf16 && has_nul) return {"binary", FormatKind::kText};
    bom = guess.decided ? guess.bom_length : 0;
  }
  std::string_view start = head.substr(bom);
  start.remove_prefix(std::min(start.size(), start.find_first_not_of(" \t\r\n")));
  if (start.starts_with("From ") && start.find('\n') != std::string_view::npos &&
      LooksLikeMailHeader(start.substr(start.find('\n') + 1))) {
    return {"mbox", FormatKind::kDocument};
  }
  if (EqualsIgnoreCase(ext, "eml") ||
      (!utf16 && LooksLikeMailHeader(start) && head.find("\nSubject:") != std::string_view::npos)) {
    return {"eml", FormatKind::kDocument};
  }
  if (EqualsIgnoreCase(ext, "csv")) return {"csv", FormatKind::kText};
  if (EqualsIgnoreCase(ext, "tsv")) return {"tsv", FormatKind::kText};
  if (EqualsIgnoreCase(ext, "json")) return {"json", FormatKind::kText};
  if (StartsWithIgnoreCase(start, "<!doctype html") || StartsWithIgnoreCase(start, "<html") ||
      EqualsIgnoreCase(ext, "html") || EqualsIgnoreCase(ext, "htm")) {
    return {"html", FormatKind::kDocument};
  }
  if (start.starts_with("<?xml") || EqualsIgnoreCase(ext, "xml"))
    return {"xml", FormatKind::kDocument};
  return {"text", FormatKind::kText};
}

std::string_view ClaimedFormat(std::string_view path) {
  static constexpr std::array<std::string_view, 22> kClaimed = {
      "docx", "xlsx", "pptx", "docm", "xlsm", "pptm", "odt", "ods", "odp", "xls", "doc",
      "ppt",  "msg",  "pdf",  "zip",  "7z",   "lzh",  "cab", "rar", "gz",  "tgz", "rtf"};
  const std::string_view ext = Extension(path);
  for (std::string_view c : kClaimed) {
    if (EqualsIgnoreCase(ext, c)) return c;
  }
  return {};
}

namespace {

// Delimiters outside "quoted" cells on one line.
// Two or more complete lines among the first few KiB (at most five), each
// with the same non-zero number of `delim` outside quoted cells (split as
// the column cursor splits them).
bool LinesAgreeOn(std::string_view text, char delim) {
  text = text.substr(0, 4096);
  int lines = 0;
  std::size_t cells = 0;
  std::size_t pos = 0;
  while (lines < 5) {
    std::size_t line_end = 0;
    const std::size_t n = SplitDelimitedLine(text, pos, delim, &line_end).size();
    if (line_end >= text.size()) break;  // no line end: not a complete line
    if (n < 2 || (lines > 0 && n != cells)) return false;
    cells = n;
    ++lines;
    pos = line_end + (text.substr(line_end, 2) == "\r\n" ? 2 : 1);
  }
  return lines >= 2;
}

}  // namespace

char DelimiterFor(std::string_view format, std::string_view text) {
  if (format == "csv") return ',';
  if (format == "tsv") return '\t';
  if (format != "text") return 0;
  // Tables saved under other names: Excel's "Unicode text" is a .txt of
  // tab-separated UTF-16; rosters leave systems as .txt, .dat or no
  // extension, and get renamed (名簿.csv.bak, 名簿.csv.gpg that is not).
  if (LinesAgreeOn(text, '\t')) return '\t';
  if (LinesAgreeOn(text, ',')) return ',';
  return 0;
}

}  // namespace mamori
