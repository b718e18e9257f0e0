#include "mime_charset.h"

#include <errno.h>
#include <iconv.h>

#include <algorithm>
#include <optional>

#include "mamori/text_decoder.h"

namespace mamori {

namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";
constexpr std::size_t kSample = 64 << 10;

std::string Normalize(std::string_view charset) {
  std::string out;
  for (char c : charset) {
    if (c == '"' || c == '\'' || c == ' ' || c == '\t') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  }
  if (out.starts_with("x-") && out != "x-user-defined") out.erase(0, 2);
  return out;
}

bool AnyOf(const std::string& name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The TextDecoder encodings by MIME name. The whole ISO-2022-JP family
// reads through one decoder: it knows the escapes of -1, -2 (the Japanese
// sets) and -2004, and the half-width katakana CP50221 writes.
std::optional<TextEncoding> JapaneseOrUnicode(const std::string& n) {
  if (n.starts_with("iso-2022-jp") || n.starts_with("cp5022") || n == "csiso2022jp" || n == "jis" ||
      n == "jis7") {
    return TextEncoding::kIso2022Jp;
  }
  if (AnyOf(n, {"shift_jis", "shift-jis", "sjis", "shift_jisx0213", "shift_jis-2004", "ms_kanji",
                "csshiftjis", "windows-31j", "cp932", "ms932", "ms-cp932", "ibm-943",
                "cswindows31j", "windows-932"})) {
    return TextEncoding::kCp932;
  }
  if (AnyOf(n, {"euc-jp", "eucjp", "euc-jp-ms", "eucjp-ms", "eucjp-open", "cp51932", "euc-jis-2004",
                "euc-jisx0213", "cseucpkdfmtjapanese", "ujis"})) {
    return TextEncoding::kEucJp;
  }
  if (AnyOf(n, {"utf-8", "utf8", "unicode-1-1-utf-8"})) return TextEncoding::kUtf8;
  if (AnyOf(n, {"utf-16le", "utf16le"})) return TextEncoding::kUtf16Le;
  if (AnyOf(n, {"utf-16be", "utf16be"})) return TextEncoding::kUtf16Be;
  return std::nullopt;
}

// Names glibc spells differently, or wider sets that read the narrow one.
std::string IconvName(const std::string& n) {
  if (n == "gb2312" || n == "gbk" || n == "cp936" || n == "euc-cn") return "GB18030";
  if (n == "ks_c_5601-1987" || n == "euc-kr" || n == "ks_c_5601") return "CP949";
  if (n == "big5") return "BIG5-HKSCS";
  if (n == "iso-8859-8-i") return "ISO-8859-8";
  if (n == "latin1" || n == "iso-8859-1") return "WINDOWS-1252";  // as browsers read it
  return n;
}

// Charset names reach iconv_open only if they look like one: no '/' (which
// would add iconv's //TRANSLIT-style suffixes) and nothing odd.
bool PlausibleName(const std::string& n) {
  if (n.empty() || n.size() > 40) return false;
  for (char c : n) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                    c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

void Decode(TextEncoding e, std::string_view bytes, std::string* out,
            std::uint64_t* invalid = nullptr) {
  TextDecoder decoder;
  // Without the conversion the decoder reads UTF-8, so ASCII is still seen.
  (void)decoder.Reset(e);
  decoder.Decode(bytes, true, out);
  if (invalid != nullptr) *invalid = decoder.invalid_bytes();
}

bool Iconv(const std::string& name, std::string_view bytes, std::string* out) {
  iconv_t cd = ::iconv_open("UTF-8", name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  char buf[4096];
  char* ip = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (in_left > 0) {
    char* op = buf;
    std::size_t out_left = sizeof(buf);
    const std::size_t r = ::iconv(cd, &ip, &in_left, &op, &out_left);
    const int err = errno;
    out->append(buf, op - buf);
    if (r != static_cast<std::size_t>(-1) || err == E2BIG) continue;
    if (err == EINVAL) {  // cut short at the end
      for (std::size_t i = 0; i < in_left; ++i) out->append(kReplacement);
      break;
    }
    // EILSEQ (or anything else): one byte unreadable; go on after it.
    out->append(kReplacement);
    ++ip;
    --in_left;
    ::iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  char* op = buf;
  std::size_t out_left = sizeof(buf);
  ::iconv(cd, nullptr, nullptr, &op, &out_left);  // flush a final shift
  out->append(buf, op - buf);
  ::iconv_close(cd);
  return true;
}

}  // namespace

void UnlabelledToUtf8(std::string_view bytes, std::string* out) {
  std::size_t first = 0;
  while (first < bytes.size()) {
    const unsigned char c = bytes[first];
    if (c >= 0x80 || c == 0x1B || c == 0) break;
    ++first;
  }
  if (first == bytes.size()) {
    out->append(bytes);
    return;
  }
  // Everything before `first` is ASCII, so the sample starts at a character.
  const EncodingGuess guess = DetectEncoding(bytes.substr(first, kSample), first == 0);
  const std::size_t skip = first == 0 ? guess.bom_length : 0;
  Decode(guess.decided ? guess.encoding : TextEncoding::kUtf8, bytes.substr(skip), out);
}

bool CharsetToUtf8(std::string_view charset, std::string_view bytes, std::string* out) {
  const std::string n = Normalize(charset);
  if (n.empty() || AnyOf(n, {"us-ascii", "ascii", "ansi_x3.4-1968", "unknown-8bit", "unknown",
                             "default", "x-user-defined"})) {
    // Mailers label Japanese text us-ascii, or nothing at all.
    UnlabelledToUtf8(bytes, out);
    return true;
  }
  if (const std::optional<TextEncoding> e = JapaneseOrUnicode(n)) {
    if (*e == TextEncoding::kUtf8) {
      // Labelled UTF-8 that is not (a CP932 body under a UTF-8 label) reads
      // better in the encoding it is in.
      std::string text;
      std::uint64_t invalid = 0;
      Decode(*e, bytes, &text, &invalid);
      if (invalid > 0) {
        const EncodingGuess guess = DetectEncoding(bytes.substr(0, kSample), true);
        if (guess.decided && guess.encoding != TextEncoding::kUtf8) {
          UnlabelledToUtf8(bytes, out);
          return true;
        }
      }
      out->append(text);
      return true;
    }
    Decode(*e, bytes, out);
    return true;
  }
  if (n == "utf-16" || n == "utf16" || n == "ucs-2") {
    // A byte-order mark decides; RFC 2781 says big-endian without one, but
    // Windows writes little-endian, which DetectEncoding recognises.
    std::string_view b = bytes;
    TextEncoding e = TextEncoding::kUtf16Be;
    if (b.starts_with("\xFF\xFE") || b.starts_with("\xFE\xFF")) {
      e = b[0] == '\xFF' ? TextEncoding::kUtf16Le : TextEncoding::kUtf16Be;
      b.remove_prefix(2);
    } else {
      const EncodingGuess guess = DetectEncoding(b.substr(0, kSample), true);
      if (guess.decided && guess.encoding == TextEncoding::kUtf16Le) e = TextEncoding::kUtf16Le;
    }
    Decode(e, b, out);
    return true;
  }
  if (PlausibleName(n) && Iconv(IconvName(n), bytes, out)) return true;
  UnlabelledToUtf8(bytes, out);
  return false;
}

}  // namespace mamori
