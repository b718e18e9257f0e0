#include "mamori/format_sniffer.h"

#include <algorithm>
#include <array>

#include "mamori/text_decoder.h"

namespace mamori {

namespace {

struct Magic {
  std::string_view bytes;
  std::string_view format;
};

// Formats recognised by their first bytes. Their content is not extracted
// yet (documents and containers come later), so they are reported
// incomplete rather than passed off as checked.
constexpr std::array<Magic, 12> kMagics = {{
    {"PK\x03\x04", "zip"},
    {"PK\x05\x06", "zip"},
    {"%PDF-", "pdf"},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "cfb"},
    {"\x1F\x8B", "gzip"},
    {"BZh", "bzip2"},
    {"\xFD"
     "7zXZ\x00",
     "xz"},
    {"7z\xBC\xAF\x27\x1C", "7z"},
    {"Rar!\x1A\x07", "rar"},
    {"{\\rtf", "rtf"},
    {"-----BEGIN PGP MESSAGE", "openpgp"},
    {"\x28\xB5\x2F\xFD", "zstd"},
}};

std::string_view Extension(std::string_view path) {
  std::size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::size_t dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? std::string_view() : name.substr(dot + 1);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
           return lower(x) == lower(y);
         });
}

}  // namespace

SniffResult SniffFormat(std::string_view path, std::string_view head) {
  for (const Magic& m : kMagics) {
    if (head.substr(0, m.bytes.size()) == m.bytes) return {std::string(m.format), false};
  }
  // UTF-16 text is full of NUL bytes but is text.
  const EncodingGuess guess = DetectEncoding(head, true);
  const bool utf16 = guess.decided && (guess.encoding == TextEncoding::kUtf16Le ||
                                       guess.encoding == TextEncoding::kUtf16Be);
  const bool binary = !utf16 && head.find('\0') != std::string_view::npos;
  if (binary) return {"binary", true};
  std::string_view ext = Extension(path);
  if (EqualsIgnoreCase(ext, "csv")) return {"csv", true};
  if (EqualsIgnoreCase(ext, "tsv")) return {"tsv", true};
  if (EqualsIgnoreCase(ext, "json")) return {"json", true};
  return {"text", true};
}

char DelimiterFor(std::string_view format, std::string_view text) {
  if (format == "csv") return ',';
  if (format == "tsv") return '\t';
  if (format != "text") return 0;
  // Two or more complete lines among the first few KiB, each with the same
  // non-zero number of tabs.
  text = text.substr(0, 4096);
  int lines = 0;
  long tabs = -1;
  std::size_t pos = 0;
  while (lines < 5) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) break;
    std::string_view line = text.substr(pos, nl - pos);
    long n = static_cast<long>(std::count(line.begin(), line.end(), '\t'));
    if (n == 0 || (tabs >= 0 && n != tabs)) return 0;
    tabs = n;
    ++lines;
    pos = nl + 1;
  }
  return lines >= 2 ? '\t' : 0;
}

}  // namespace mamori
