#include "markup_charset.h"

#include <cerrno>

#include "utf8_append.h"

namespace mamori {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_') c = '-';
  }
  return out;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

}  // namespace

std::optional<TextEncoding> EncodingForLabel(std::string_view label) {
  const std::string l = Lower(label);
  if (l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8") return TextEncoding::kUtf8;
  if (l == "shift-jis" || l == "sjis" || l == "x-sjis" || l == "shiftjis" || l == "ms-kanji" ||
      l == "windows-31j" || l == "cp932" || l == "ms932" || l == "csshiftjis" ||
      l == "x-ms-cp932" || l == "windows-932") {
    return TextEncoding::kCp932;
  }
  if (l == "euc-jp" || l == "eucjp" || l == "x-euc-jp" || l == "cseucpkdfmtjapanese" ||
      l == "eucjp-ms" || l == "euc-jp-ms") {
    return TextEncoding::kEucJp;
  }
  if (l == "iso-2022-jp" || l == "csiso2022jp" || l == "iso-2022-jp-1" || l == "iso-2022-jp-2" ||
      l == "iso-2022-jp-3") {
    return TextEncoding::kIso2022Jp;
  }
  if (l == "utf-16le") return TextEncoding::kUtf16Le;
  if (l == "utf-16be") return TextEncoding::kUtf16Be;
  if (l == "utf-16" || l == "unicode" || l == "ucs-2") return TextEncoding::kUtf16Le;
  return std::nullopt;
}

std::optional<TextEncoding> EncodingForCodePage(int code_page) {
  switch (code_page) {
    case 932: return TextEncoding::kCp932;
    case 65001: return TextEncoding::kUtf8;
    case 20932:
    case 51932: return TextEncoding::kEucJp;
    case 50220:
    case 50221:
    case 50222: return TextEncoding::kIso2022Jp;
    case 1200: return TextEncoding::kUtf16Le;
    case 1201: return TextEncoding::kUtf16Be;
    default: return std::nullopt;
  }
}

MarkupDecoder::~MarkupDecoder() { CloseIconv(); }

void MarkupDecoder::CloseIconv() {
  if (iconv_ != reinterpret_cast<iconv_t>(-1)) iconv_close(iconv_);
  iconv_ = reinterpret_cast<iconv_t>(-1);
  carry_.clear();
}

void MarkupDecoder::Reset(TextEncoding encoding) {
  CloseIconv();
  kind_ = Kind::kText;
  // An unavailable decoder reads UTF-8, which keeps ASCII (the digits).
  (void)text_.Reset(encoding);
}

bool MarkupDecoder::ResetIconv(const std::string& name) {
  CloseIconv();
  iconv_ = iconv_open("UTF-8", name.c_str());
  kind_ = iconv_ == reinterpret_cast<iconv_t>(-1) ? Kind::kLatin1 : Kind::kIconv;
  return kind_ == Kind::kIconv;
}

void MarkupDecoder::ResetCodePage(int code_page) {
  if (auto e = EncodingForCodePage(code_page)) return Reset(*e);
  if (code_page == 0 || !ResetIconv("CP" + std::to_string(code_page))) ResetIconv("CP1252");
}

void MarkupDecoder::Decode(std::string_view in, bool end, std::string* out) {
  switch (kind_) {
    case Kind::kText: return text_.Decode(in, end, out);
    case Kind::kIconv: return DecodeIconv(in, end, out);
    case Kind::kLatin1:
      for (char c : in) AppendUtf8(static_cast<unsigned char>(c), out);
      return;
  }
}

void MarkupDecoder::DecodeIconv(std::string_view in, bool end, std::string* out) {
  std::string input = std::move(carry_);
  carry_.clear();
  input.append(in);
  char* src = input.data();
  std::size_t left = input.size();
  char buf[4096];
  while (left > 0) {
    char* dst = buf;
    std::size_t room = sizeof(buf);
    const std::size_t rc = iconv(iconv_, &src, &left, &dst, &room);
    out->append(buf, static_cast<std::size_t>(dst - buf));
    if (rc != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    if (errno == EINVAL && !end) {
      carry_.assign(src, left);  // a character cut at the end of `in`
      return;
    }
    // Unmapped or malformed: one replacement per byte, then go on.
    out->append(kReplacement);
    ++src;
    --left;
    iconv(iconv_, nullptr, nullptr, nullptr, nullptr);
  }
  if (end) {
    char* dst = buf;
    std::size_t room = sizeof(buf);
    iconv(iconv_, nullptr, nullptr, &dst, &room);
    out->append(buf, static_cast<std::size_t>(dst - buf));
  }
}

}  // namespace mamori
