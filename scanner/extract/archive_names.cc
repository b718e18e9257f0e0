#include "archive_names.h"

#include <iconv.h>

#include <algorithm>

#include "mamori/text_decoder.h"

namespace mamori {

namespace {

bool ValidUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80             ? 0
                  : (c & 0xE0) == 0xC0 ? 1
                  : (c & 0xF0) == 0xE0 ? 2
                  : (c & 0xF8) == 0xF0 ? 3
                                       : -1;
    if (n < 0 || s.size() - i <= static_cast<std::size_t>(n)) return false;
    for (int k = 1; k <= n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += static_cast<std::size_t>(n) + 1;
  }
  return true;
}

}  // namespace

// Names in zips made on Japanese Windows are CP932 without the UTF-8 flag.
std::string NameAsUtf8(std::string_view raw) {
  if (ValidUtf8(raw)) return std::string(raw);
  TextDecoder decoder;
  std::string out;
  if (decoder.Reset(TextEncoding::kCp932).ok()) {
    decoder.Decode(raw, true, &out);
    if (decoder.invalid_bytes() == 0) return out;
  }
  // Neither: escape the bytes so the name stays printable and unique.
  out.clear();
  static const char* kHex = "0123456789ABCDEF";
  for (char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(ch);
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// libarchive reads a zip name without the UTF-8 flag as CP437, the zip
// specification's default, but Japanese Windows writes such names in CP932
// and other systems in UTF-8. The CP437 reading is undone to recover the
// bytes, which are then taken as UTF-8 or CP932 when valid as one of them.
std::string UnflaggedZipName(const std::string& as_cp437) {
  if (std::all_of(as_cp437.begin(), as_cp437.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return as_cp437;
  }
  iconv_t cd = iconv_open("IBM437", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return as_cp437;
  std::string bytes(as_cp437.size(), '\0');
  char* in = const_cast<char*>(as_cp437.data());
  std::size_t in_left = as_cp437.size();
  char* out = bytes.data();
  std::size_t out_left = bytes.size();
  const std::size_t rc = iconv(cd, &in, &in_left, &out, &out_left);
  iconv_close(cd);
  // Characters outside CP437: a name flagged UTF-8, already right.
  if (rc == static_cast<std::size_t>(-1) || in_left != 0) return as_cp437;
  bytes.resize(bytes.size() - out_left);
  std::string name = NameAsUtf8(bytes);
  return name.find("\\x") == std::string::npos ? name : as_cp437;
}

Utf8LocaleScope::Utf8LocaleScope() {
  static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  if (utf8 != static_cast<locale_t>(0)) old_ = uselocale(utf8);
}

Utf8LocaleScope::~Utf8LocaleScope() {
  if (old_ != static_cast<locale_t>(0)) uselocale(old_);
}

}  // namespace mamori
