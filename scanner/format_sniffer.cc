#include "mamori/format_sniffer.h"

#include <algorithm>
#include <array>

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
  // UTF-16 text is decoded by the detection engine's encodings work; until
  // then its digits are not ASCII and it cannot be claimed as checked.
  if (head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 2) == "\xFE\xFF") {
    return {"utf16-text", false};
  }
  const bool binary = head.find('\0') != std::string_view::npos;
  if (binary) return {"binary", true};
  std::string_view ext = Extension(path);
  if (EqualsIgnoreCase(ext, "csv")) return {"csv", true};
  if (EqualsIgnoreCase(ext, "tsv")) return {"tsv", true};
  return {"text", true};
}

}  // namespace mamori
