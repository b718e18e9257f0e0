// Mail: one RFC 5322 message (.eml) or an mbox of them. A message is one
// part ("eml"): its Subject/From/To/Cc/Date, decoded, then its plain-text
// bodies. Everything else is scanned as a member after that part: HTML
// bodies without a plain alternative as "body.html" (one HTML reader for
// the whole scanner), attachments under their file names or "attachment-N",
// and attached messages as messages. S/MIME: an enveloped (encrypted)
// body or attachment is recorded as protected ("smime"), an opaque-signed
// one is read; a clear-signed message (multipart/signed) reads as any.
#include <string>

#include "dispatch.h"
#include "extractors.h"
#include "mime_charset.h"
#include "mime_decode.h"
#include "mime_header.h"
#include "mime_parser.h"
#include "smime_detect.h"

namespace mamori {

namespace {

constexpr std::size_t kMaxNameBytes = 200;

struct ShownHeader {
  const char* field;  // lower-case
  const char* label;
};
constexpr ShownHeader kShownHeaders[] = {
    {"subject", "Subject"}, {"from", "From"}, {"to", "To"}, {"cc", "Cc"}, {"date", "Date"}};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// A member name from an attachment's file name: its last path component
// (names are not paths here), within kMaxNameBytes, cut at a character.
// Unnamed, it is "attachment-N", with the extension of its type where the
// format cannot be told from the bytes (a CSV is read as a table).
std::string MemberName(const MimeLeaf& leaf, std::size_t number) {
  std::string_view name = leaf.name;
  const std::size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  name = Trim(name);
  if (name.size() > kMaxNameBytes) {
    std::size_t cut = kMaxNameBytes;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    name = name.substr(0, cut);
  }
  if (name.empty() || name == "." || name == "..") {
    std::string out = "attachment-" + std::to_string(number);
    if (leaf.content_type == "text/csv") out += ".csv";
    if (leaf.content_type == "text/tab-separated-values") out += ".tsv";
    if (leaf.content_type == "text/html") out += ".html";
    return out;
  }
  return std::string(name);
}

// CRLF to LF, so a body reads as the lines it holds.
void AppendLines(std::string_view text, std::string* out) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out->push_back(text[i]);
  }
}

// The leaf's bytes without their transfer encoding; what decoding produced
// counts against the file's expansion budget. False when that ran out.
bool DecodeLeaf(const MimeLeaf& leaf, std::string_view member, ExtractContext& ctx,
                std::string* out) {
  const std::size_t invalid = DecodeTransfer(leaf.encoding, leaf.body, out);
  if (invalid > 0) {
    std::string message = "the base64 of this part holds " + std::to_string(invalid) +
                          " characters outside base64; they were skipped";
    if (member.empty()) {
      ctx.Error("corrupt", std::move(message));
    } else {
      ctx.ErrorIn(member, "corrupt", std::move(message));
    }
  }
  if (leaf.encoding == TransferEncoding::kIdentity) return true;
  return ctx.ChargeExpanded(out->size());
}

void WriteHeaders(const std::vector<HeaderField>& fields, ExtractContext& ctx) {
  std::string text;
  for (const ShownHeader& h : kShownHeaders) {
    const std::string* value = FindField(fields, h.field);
    if (value == nullptr) continue;
    text += h.label;
    text += ": ";
    text += Trim(DecodeHeaderText(*value));
    text += '\n';
  }
  text += '\n';
  ctx.Write(text);
}

bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != suffix[i]) return false;
  }
  return true;
}

// An S/MIME part: enveloped (encrypted) or opaque-signed CMS.
bool IsPkcs7Mime(const MimeLeaf& leaf) {
  return leaf.content_type == "application/pkcs7-mime" ||
         leaf.content_type == "application/x-pkcs7-mime" || EndsWithIgnoreCase(leaf.name, ".p7m");
}

// An S/MIME part that needs a recipient's key is protected, not read; an
// opaque-signed one carries its content readable, a MIME entity read as a
// message. False for what is neither (read as any attachment).
bool ScanSmime(const MimeLeaf& leaf, const std::string& name, std::string_view bytes,
               ExtractContext& ctx) {
  const CmsType type = ClassifyCms(bytes);
  if (SmimeTypeEncrypted(leaf.smime_type) || CmsEncrypted(type)) {
    constexpr const char* kMessage =
        "encrypted with S/MIME to a recipient's certificate (CMS enveloped data); it cannot be "
        "read";
    if (leaf.whole_body) {
      // The message's own body: the message (headers aside) is encrypted.
      ctx.RecordProtection("smime", true);
      ctx.Error("encrypted-member", std::string("the message body is ") + kMessage);
    } else {
      if (!ctx.CountMember()) return true;
      ctx.RecordProtectionIn(name, "smime", true);
      ctx.ErrorIn(name, "encrypted-member", std::string("an attachment ") + kMessage);
    }
    return true;
  }
  if (type != CmsType::kSignedData) return false;
  std::string content;
  if (!CmsSignedContent(bytes, ctx.limits().max_member_bytes, &content)) return false;
  if (!ctx.CountMember() || !ctx.ChargeExpanded(content.size())) return true;
  ExtractContext child = ctx.Child(name);
  MemoryInput in(content);
  ExtractFormat({"eml", FormatKind::kDocument}, name, in, child);
  return true;
}

void ScanLeaf(const MimeLeaf& leaf, std::size_t number, std::size_t* html_count,
              ExtractContext& ctx) {
  std::string name = leaf.kind == MimeLeaf::Kind::kHtml
                         ? (++*html_count == 1 ? std::string("body.html")
                                               : "body-" + std::to_string(*html_count) + ".html")
                         : MemberName(leaf, number);
  std::string bytes;
  if (!DecodeLeaf(leaf, name, ctx, &bytes)) return;
  if (leaf.kind == MimeLeaf::Kind::kAttachment && IsPkcs7Mime(leaf) &&
      ScanSmime(leaf, name, bytes, ctx)) {
    return;
  }
  switch (leaf.kind) {
    case MimeLeaf::Kind::kHtml: {
      // Its charset is in this message's header, which the HTML reader
      // cannot see: hand it over as UTF-8, marked so by a byte-order mark.
      std::string html = "\xEF\xBB\xBF";
      CharsetToUtf8(leaf.charset, bytes, &html);
      bytes.clear();
      return ctx.ScanMember(name, html);
    }
    case MimeLeaf::Kind::kMessage: {
      // Declared a message: read as one whatever its name or first bytes.
      if (!ctx.CountMember()) return;
      ExtractContext child = ctx.Child(name);
      MemoryInput in(bytes);
      return ExtractFormat({"eml", FormatKind::kDocument}, name, in, child);
    }
    case MimeLeaf::Kind::kText:
    case MimeLeaf::Kind::kAttachment: return ctx.ScanMember(name, bytes);
  }
}

void ReadMessage(std::string_view data, ExtractContext& ctx) {
  const HeaderSection header = ParseHeaderSection(data);
  if (header.fields.empty()) {
    ctx.Error("corrupt", "no mail header was found; the data was read as text");
    ctx.BeginPart("eml");
    ctx.WriteRaw(data, true);
    ctx.EndPart();
    return;
  }
  if (header.overflow) {
    ctx.Error("corrupt", "the header holds more than " + std::to_string(kMaxFields) +
                             " fields or a field over " + std::to_string(kMaxFieldBytes) +
                             " bytes; the excess was not read");
  }
  std::vector<MimeLeaf> leaves;
  ParseMime(header.fields, header.body, ctx, &leaves);

  ctx.BeginPart("eml");
  WriteHeaders(header.fields, ctx);
  std::string bytes, text;
  for (const MimeLeaf& leaf : leaves) {
    if (leaf.kind != MimeLeaf::Kind::kText) continue;
    if (!ctx.CheckTime() || !DecodeLeaf(leaf, "", ctx, &bytes)) break;
    std::string utf8;
    CharsetToUtf8(leaf.charset, bytes, &utf8);
    text.clear();
    AppendLines(utf8, &text);
    if (!text.empty() && text.back() != '\n') text += '\n';
    ctx.Write(text);
  }
  ctx.EndPart();

  std::size_t number = 0, html_count = 0;
  for (const MimeLeaf& leaf : leaves) {
    if (leaf.kind == MimeLeaf::Kind::kText) continue;
    if (ctx.stopped() || !ctx.CheckTime()) return;
    if (leaf.kind != MimeLeaf::Kind::kHtml) ++number;
    ScanLeaf(leaf, number, &html_count, ctx);
  }
}

// One mbox message without its mboxrd/mboxo quoting: a line ">From ",
// ">>From ", ... loses one '>'.
void Unquote(std::string_view chunk, std::string* out) {
  out->clear();
  out->reserve(chunk.size());
  std::size_t pos = 0;
  while (pos < chunk.size()) {
    std::size_t eol = chunk.find('\n', pos);
    eol = eol == std::string_view::npos ? chunk.size() : eol + 1;
    std::string_view line = chunk.substr(pos, eol - pos);
    const std::size_t quotes = line.find_first_not_of('>');
    if (quotes != 0 && quotes != std::string_view::npos &&
        line.substr(quotes).starts_with("From ")) {
      line.remove_prefix(1);
    }
    out->append(line);
    pos = eol;
  }
}

}  // namespace

void ExtractEml(std::string_view data, ExtractContext& ctx) { ReadMessage(data, ctx); }

void ExtractMbox(std::string_view data, ExtractContext& ctx) {
  std::size_t pos = data.find_first_not_of(" \t\r\n");
  std::size_t n = 0;
  std::string message;
  while (pos < data.size()) {
    // A message runs to the next line that starts "From " (the envelope
    // line of the next one).
    const std::size_t next = data.find("\nFrom ", pos);
    const std::size_t end = next == std::string_view::npos ? data.size() : next + 1;
    if (!ctx.CheckTime() || !ctx.CountMember()) return;
    Unquote(data.substr(pos, end - pos), &message);
    ExtractContext child = ctx.Child("message-" + std::to_string(++n));
    ReadMessage(message, child);
    pos = end;
  }
}

}  // namespace mamori
