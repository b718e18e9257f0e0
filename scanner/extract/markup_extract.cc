// Markup as text: RTF (markup_rtf.cc) and HTML/XML (markup_html.cc). HTML
// and XML are decoded to UTF-8 first, in the encoding a byte-order mark,
// the XML declaration or a <meta> charset names, else the one
// DetectEncoding finds; then read in chunks, so a large page costs one
// chunk of decoded text at a time.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "extractors.h"
#include "mamori/text_decoder.h"
#include "markup_charset.h"
#include "markup_html.h"
#include "markup_rtf.h"
#include "markup_writer.h"

namespace mamori {

namespace {

constexpr std::size_t kPrescan = 4096;
constexpr std::size_t kChunk = 1 << 20;

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The value after `at` in "name = 'value'" form.
std::string ValueAfter(std::string_view s, std::size_t at) {
  while (at < s.size() && IsSpace(s[at])) ++at;
  if (at >= s.size() || s[at] != '=') return {};
  ++at;
  while (at < s.size() && (IsSpace(s[at]) || s[at] == '"' || s[at] == '\'')) ++at;
  std::size_t end = at;
  while (end < s.size() && (std::isalnum(static_cast<unsigned char>(s[end])) || s[end] == '-' ||
                            s[end] == '_' || s[end] == '.' || s[end] == ':')) {
    ++end;
  }
  return std::string(s.substr(at, end - at));
}

// The charset the document declares: the XML declaration's encoding, or a
// <meta charset> / <meta http-equiv content="...; charset=...">.
std::string DeclaredCharset(std::string_view head) {
  const std::string lower = LowerAscii(head.substr(0, kPrescan));
  std::size_t start = lower.find_first_not_of(" \t\r\n");
  if (start != std::string::npos && lower.compare(start, 5, "<?xml") == 0) {
    const std::size_t close = lower.find("?>", start);
    const std::size_t enc = lower.find("encoding", start);
    if (enc != std::string::npos && enc < close) return ValueAfter(lower, enc + 8);
  }
  for (std::size_t at = lower.find("charset"); at != std::string::npos;
       at = lower.find("charset", at + 7)) {
    const std::size_t lt = lower.rfind('<', at);
    if (lt == std::string::npos || lower.compare(lt, 5, "<meta") != 0) continue;
    if (lower.find('>', lt) < at) continue;
    std::string value = ValueAfter(lower, at + 7);
    if (!value.empty()) return value;
  }
  return {};
}

bool IsJapaneseLegacy(TextEncoding e) {
  return e == TextEncoding::kCp932 || e == TextEncoding::kEucJp;
}

// Sets `decoder` for `data`; returns how many bytes of byte-order mark to
// skip.
std::size_t ChooseEncoding(std::string_view data, MarkupDecoder* decoder) {
  if (data.starts_with("\xEF\xBB\xBF")) {
    decoder->Reset(TextEncoding::kUtf8);
    return 3;
  }
  if (data.starts_with("\xFF\xFE") || data.starts_with("\xFE\xFF")) {
    decoder->Reset(data[0] == '\xFF' ? TextEncoding::kUtf16Le : TextEncoding::kUtf16Be);
    return 2;
  }
  const EncodingGuess guess = DetectEncoding(data, true);
  const TextEncoding detected = guess.decided ? guess.encoding : TextEncoding::kUtf8;
  const std::string label = DeclaredCharset(data);
  if (!label.empty()) {
    const std::optional<TextEncoding> named = EncodingForLabel(label);
    if (named && *named != TextEncoding::kUtf16Le && *named != TextEncoding::kUtf16Be) {
      // Pages converted between UTF-8 and Shift_JIS or EUC-JP often keep
      // their old declaration. Strictly valid UTF-8 with Japanese in it is
      // not CP932 or EUC-JP, and Japanese that is not valid UTF-8 is not
      // UTF-8: then the bytes are believed over the label.
      const bool contradicted =
          guess.decided && ((IsJapaneseLegacy(*named) && detected == TextEncoding::kUtf8) ||
                            (*named == TextEncoding::kUtf8 && IsJapaneseLegacy(detected)));
      decoder->Reset(contradicted ? detected : *named);
      return 0;
    }
    // Browsers read ISO-8859-1 as windows-1252. A declared UTF-16 without
    // a BOM is left to detection, which knows it.
    if (!named && decoder->ResetIconv(LowerAscii(label) == "iso-8859-1" ? "CP1252" : label)) {
      return 0;
    }
  }
  decoder->Reset(detected);
  return guess.bom_length;
}

// XML unless the start of the text looks like HTML.
bool LooksXml(std::string_view text) {
  const std::string head = LowerAscii(text.substr(0, kPrescan));
  const std::size_t start = head.find_first_not_of(" \t\r\n");
  if (start == std::string::npos || head[start] != '<') return false;
  if (head.find("urn:schemas-microsoft-com:office:spreadsheet") != std::string::npos) return true;
  for (std::string_view marker : {"<!doctype html", "<html", "<head", "<body", "<meta", "<table",
                                  "<div", "<p>", "<p ", "<br", "<span", "<td", "<font", "<title"}) {
    if (head.find(marker) != std::string::npos) return false;
  }
  return true;
}

}  // namespace

void ExtractRtf(std::string_view data, ExtractContext& ctx) {
  MarkupWriter out(ctx, "rtf");
  ParseRtf(data, ctx, out);
  out.Finish();
}

void ExtractHtml(std::string_view data, ExtractContext& ctx) {
  MarkupDecoder decoder;
  data.remove_prefix(ChooseEncoding(data, &decoder));
  std::string text;
  std::size_t at = std::min(data.size(), kChunk);
  decoder.Decode(data.substr(0, at), at == data.size(), &text);
  const bool xml = LooksXml(text);
  MarkupWriter out(ctx, xml ? "xml" : "html");
  HtmlText html(out, xml);
  html.Feed(text);
  while (at < data.size() && ctx.CheckTime()) {
    const std::size_t n = std::min(data.size() - at, kChunk);
    text.clear();
    decoder.Decode(data.substr(at, n), at + n == data.size(), &text);
    html.Feed(text);
    at += n;
  }
  html.Finish(ctx);
  out.Finish();
}

}  // namespace mamori
