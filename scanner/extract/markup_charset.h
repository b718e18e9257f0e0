// MarkupDecoder: bytes of a declared charset to UTF-8, streaming, for RTF
// (\ansicpg and font code pages) and HTML/XML (<meta charset>, the XML
// declaration). The Japanese encodings and UTF-16 go through
// mamori::TextDecoder (the CP932 Windows writes, with its NEC and IBM
// rows); any other code page glibc's iconv knows goes through iconv;
// anything else is read as Latin-1 so that ASCII, digits included, survives.
//
// Thread-safety: not thread-safe; one per document being extracted.
#ifndef MAMORI_SCANNER_EXTRACT_MARKUP_CHARSET_H_
#define MAMORI_SCANNER_EXTRACT_MARKUP_CHARSET_H_

#include <iconv.h>

#include <optional>
#include <string>
#include <string_view>

#include "mamori/text_decoder.h"

namespace mamori {

// The TextDecoder encoding a charset label names ("Shift_JIS", "x-sjis",
// "EUC-JP", "UTF-16LE", ...; any case), if it is one of them.
std::optional<TextEncoding> EncodingForLabel(std::string_view label);

// The same for a Windows code page number (932, 65001, 1200, ...).
std::optional<TextEncoding> EncodingForCodePage(int code_page);

class MarkupDecoder {
 public:
  MarkupDecoder() = default;
  ~MarkupDecoder();
  MarkupDecoder(const MarkupDecoder&) = delete;
  MarkupDecoder& operator=(const MarkupDecoder&) = delete;

  // Starts decoding `encoding`.
  void Reset(TextEncoding encoding);
  // Starts decoding a charset iconv knows by `name` ("CP1252", "ISO-8859-1");
  // false (and Latin-1 from then on) when it does not.
  bool ResetIconv(const std::string& name);
  // Windows code page `code_page`: Reset or ResetIconv("CP<n>").
  void ResetCodePage(int code_page);

  // Appends the UTF-8 text of `in`; a character cut at the end is carried
  // to the next call unless `end`.
  void Decode(std::string_view in, bool end, std::string* out);

 private:
  void CloseIconv();
  void DecodeIconv(std::string_view in, bool end, std::string* out);

  enum class Kind { kText, kIconv, kLatin1 };
  Kind kind_ = Kind::kText;
  TextDecoder text_;
  iconv_t iconv_ = reinterpret_cast<iconv_t>(-1);
  std::string carry_;  // iconv: an incomplete character from the last call
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_MARKUP_CHARSET_H_
