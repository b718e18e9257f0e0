#include "msg_extract.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "byte_order.h"
#include "mime_charset.h"

namespace mamori {

namespace {

constexpr std::string_view kPropertiesName = "__properties_version1.0";
constexpr std::string_view kRecipientPrefix = "__recip_version1.0_#";
constexpr std::string_view kAttachmentPrefix = "__attach_version1.0_#";
// Property stream headers (MS-OXMSG 2.4): top-level message, embedded
// message, attachment or recipient.
constexpr std::size_t kTopHeader = 32;
constexpr std::size_t kEmbeddedHeader = 24;
constexpr std::size_t kObjectHeader = 8;

constexpr std::uint16_t kSubject = 0x0037;
constexpr std::uint16_t kSenderName = 0x0C1A;
constexpr std::uint16_t kSenderEmail = 0x0C1F;
constexpr std::uint16_t kSenderSmtp = 0x5D01;
constexpr std::uint16_t kDisplayTo = 0x0E04;
constexpr std::uint16_t kDisplayCc = 0x0E03;
constexpr std::uint16_t kBody = 0x1000;
constexpr std::uint16_t kRtfCompressed = 0x1009;
constexpr std::uint16_t kHtml = 0x1013;
constexpr std::uint16_t kDisplayName = 0x3001;
constexpr std::uint16_t kEmailAddress = 0x3003;
constexpr std::uint16_t kSmtpAddress = 0x39FE;
constexpr std::uint16_t kRecipientType = 0x0C15;
constexpr std::uint16_t kAttachData = 0x3701;
constexpr std::uint16_t kAttachFilename = 0x3704;
constexpr std::uint16_t kAttachLongFilename = 0x3707;
constexpr std::uint16_t kAttachMethod = 0x3705;
constexpr std::uint16_t kMessageCodepage = 0x3FFD;
constexpr std::uint16_t kInternetCodepage = 0x3FDE;
constexpr int kAttachByValue = 1;
constexpr int kAttachEmbeddedMessage = 5;

std::string SubstgName(std::uint16_t id, std::uint16_t type) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "__substg1.0_%04X%04X", id, type);
  return buf;
}

// Windows code page numbers as the charset names CharsetToUtf8 reads.
std::string CodepageCharset(std::uint32_t cp) {
  switch (cp) {
    case 932: return "cp932";
    case 20932:
    case 51932: return "euc-jp";
    case 50220:
    case 50221:
    case 50222: return "iso-2022-jp";
    case 65001: return "utf-8";
    case 1200: return "utf-16le";
    case 1201: return "utf-16be";
    case 20127: return "us-ascii";
    case 28591: return "iso-8859-1";
    default: return cp > 0 && cp < 100000 ? "cp" + std::to_string(cp) : "";
  }
}

// The properties of one object (message, recipient, attachment): the
// fixed-size ones from its property stream, the others from their own
// streams.
class Properties {
 public:
  Properties(CfbReader& cfb, std::uint32_t storage, std::size_t header, ExtractContext& ctx)
      : cfb_(cfb), storage_(storage), ctx_(ctx) {
    std::string props;
    cfb_.ReadChild(storage, kPropertiesName, ctx, &props);
    for (std::size_t at = header; at + 16 <= props.size(); at += 16) {
      const std::uint32_t tag = Le32(props, at);
      if ((tag & 0xFFFF) == 0x0003) longs_.push_back({tag >> 16, Le32(props, at + 8)});
    }
  }

  bool Long(std::uint16_t id, std::uint32_t* v) const {
    for (const auto& [key, value] : longs_) {
      if (key == id) {
        *v = value;
        return true;
      }
    }
    return false;
  }

  // A string property, Unicode (001F) or 8-bit (001E) in `charset`.
  std::string String(std::uint16_t id, const std::string& charset) {
    std::string bytes, out;
    if (cfb_.ReadChild(storage_, SubstgName(id, 0x001F), ctx_, &bytes)) {
      AppendUtf16Le(bytes, &out, true);
    } else if (cfb_.ReadChild(storage_, SubstgName(id, 0x001E), ctx_, &bytes)) {
      const std::size_t end = bytes.find('\0');
      CharsetToUtf8(charset, std::string_view(bytes).substr(0, end), &out);
    }
    return out;
  }

  std::string Binary(std::uint16_t id) {
    std::string bytes;
    cfb_.ReadChild(storage_, SubstgName(id, 0x0102), ctx_, &bytes);
    return bytes;
  }

 private:
  CfbReader& cfb_;
  std::uint32_t storage_;
  ExtractContext& ctx_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> longs_;
};

// Members of `storage` whose names start with `prefix`, in name order.
std::vector<std::uint32_t> ChildrenNamed(const CfbReader& cfb, std::uint32_t storage,
                                         std::string_view prefix) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t id : cfb.entry(storage).children) {
    const CfbEntry& e = cfb.entry(id);
    if (e.type == CfbEntry::kStorage && e.name.starts_with(prefix)) out.push_back(id);
  }
  return out;
}

void AppendLine(std::string_view label, std::string_view name, std::string_view address,
                std::string* text) {
  if (name.empty() && address.empty()) return;
  text->append(label);
  text->append(name);
  if (!address.empty() && address != name) {
    text->append(name.empty() ? "<" : " <");
    text->append(address);
    text->push_back('>');
  }
  text->push_back('\n');
}

// Line ends as '\n' alone.
void AppendBody(std::string_view body, std::string* text) {
  for (char c : body) {
    if (c != '\r') text->push_back(c);
  }
  if (!body.empty() && body.back() != '\n') text->push_back('\n');
}

// A member name from an attachment's file name: no path separators.
std::string MemberName(std::string name, std::size_t index) {
  for (char& c : name) {
    if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20) c = '_';
  }
  if (name.empty()) name = "attachment-" + std::to_string(index + 1);
  return name;
}

void ExtractAttachment(CfbReader& cfb, std::uint32_t att, std::size_t index,
                       const std::string& charset, ExtractContext& ctx) {
  Properties props(cfb, att, kObjectHeader, ctx);
  std::uint32_t method = kAttachByValue;
  props.Long(kAttachMethod, &method);
  std::string name = props.String(kAttachLongFilename, charset);
  if (name.empty()) name = props.String(kAttachFilename, charset);
  if (name.empty()) name = props.String(kDisplayName, charset);
  name = MemberName(std::move(name), index);

  const std::uint32_t sub = cfb.Find(att, SubstgName(kAttachData, 0x000D));
  if (sub != CfbReader::kNone && cfb.entry(sub).type == CfbEntry::kStorage) {
    const bool message = cfb.Find(sub, kPropertiesName) != CfbReader::kNone;
    if (message && method == kAttachEmbeddedMessage && !name.ends_with(".msg")) name += ".msg";
    if (!ctx.CountMember()) return;
    ExtractContext child = ctx.Child(name);
    if (child.depth() > child.limits().max_depth) {
      child.Error("nesting-too-deep", "an attached item nested more than " +
                                          std::to_string(child.limits().max_depth) +
                                          " containers deep was not opened (--max-depth)");
      return;
    }
    if (message) return ExtractMsg(cfb, sub, true, child);
    return ExtractCfbStorage(cfb, sub, child);
  }
  std::string data;
  if (cfb.ReadChild(att, SubstgName(kAttachData, 0x0102), ctx, &data)) {
    return ctx.ScanMember(name, data);
  }
  // By-reference attachments (methods 2-4, 7) carry no content here.
  if (method == kAttachByValue &&
      cfb.Find(att, SubstgName(kAttachData, 0x0102)) == CfbReader::kNone) {
    ctx.ErrorIn(name, "corrupt", "an attachment's data stream is missing");
  }
}

}  // namespace

void ExtractMsg(CfbReader& cfb, std::uint32_t storage, bool embedded, ExtractContext& ctx) {
  Properties props(cfb, storage, embedded ? kEmbeddedHeader : kTopHeader, ctx);
  std::uint32_t cp = 0;
  const std::string charset =
      props.Long(kMessageCodepage, &cp) || props.Long(kInternetCodepage, &cp) ? CodepageCharset(cp)
                                                                              : "";

  std::string text;
  const std::string subject = props.String(kSubject, charset);
  if (!subject.empty()) AppendLine("", subject, "", &text);
  std::string sender_address = props.String(kSenderSmtp, charset);
  if (sender_address.empty()) sender_address = props.String(kSenderEmail, charset);
  AppendLine("From: ", props.String(kSenderName, charset), sender_address, &text);
  const std::vector<std::uint32_t> recipients = ChildrenNamed(cfb, storage, kRecipientPrefix);
  for (std::uint32_t r : recipients) {
    Properties rp(cfb, r, kObjectHeader, ctx);
    std::uint32_t type = 1;
    rp.Long(kRecipientType, &type);
    std::string address = rp.String(kSmtpAddress, charset);
    if (address.empty()) address = rp.String(kEmailAddress, charset);
    AppendLine(type == 2   ? "Cc: "
               : type == 3 ? "Bcc: "
                           : "To: ",
               rp.String(kDisplayName, charset), address, &text);
  }
  if (recipients.empty()) {
    AppendLine("To: ", props.String(kDisplayTo, charset), "", &text);
    AppendLine("Cc: ", props.String(kDisplayCc, charset), "", &text);
  }
  const std::string body = props.String(kBody, charset);
  if (!body.empty()) {
    text.push_back('\n');
    AppendBody(body, &text);
  }
  ctx.BeginPart("msg");
  ctx.Write(text);
  ctx.EndPart();

  // Outlook keeps the same body as plain text and as HTML: the HTML is read
  // only when there is no plain body, so a value is not counted twice.
  std::string html;
  if (body.empty()) {
    html = props.Binary(kHtml);
    if (html.empty()) html = props.String(kHtml, charset);
    if (!html.empty()) ctx.ScanMember("body.html", html);
  }
  if (body.empty() && html.empty()) {
    // Messages written in rich text keep their only body as compressed RTF.
    const std::string compressed = props.Binary(kRtfCompressed);
    if (!compressed.empty()) {
      std::string rtf;
      const bool ok = DecompressRtf(compressed, ctx.limits().max_member_bytes, &rtf);
      if (!ok) ctx.ErrorIn("body.rtf", "corrupt", "the compressed RTF body cannot be read whole");
      if (!rtf.empty() && ctx.ChargeExpanded(rtf.size())) ctx.ScanMember("body.rtf", rtf);
    }
  }

  const std::vector<std::uint32_t> attachments = ChildrenNamed(cfb, storage, kAttachmentPrefix);
  for (std::size_t i = 0; i < attachments.size(); ++i) {
    if (!ctx.CheckTime()) return;
    ExtractAttachment(cfb, attachments[i], i, charset, ctx);
    if (ctx.stopped()) return;
  }
}

bool DecompressRtf(std::string_view in, std::uint64_t limit, std::string* out) {
  out->clear();
  if (in.size() < 16) return false;
  const std::uint32_t comp_size = Le32(in, 0);
  const std::uint32_t raw_size = Le32(in, 4);
  const std::uint32_t type = Le32(in, 8);
  const std::uint64_t cap = std::min<std::uint64_t>(raw_size, limit);
  std::string_view src = in.substr(16);
  if (type == 0x414C454D) {  // "MELA": stored
    out->assign(src.substr(0, cap));
    return out->size() == raw_size;
  }
  if (type != 0x75465A4C) return false;  // "LZFu"
  if (comp_size >= 12 && comp_size - 12 < src.size()) src = src.substr(0, comp_size - 12);
  // The dictionary starts out holding this RTF preamble (MS-OXRTFCP 2.1.3.1.1).
  static constexpr char kPreamble[] =
      "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
      "\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
      "\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
  static_assert(sizeof(kPreamble) - 1 == 207);
  char dict[4096] = {};
  std::memcpy(dict, kPreamble, sizeof(kPreamble) - 1);
  unsigned wp = sizeof(kPreamble) - 1;
  out->reserve(std::min<std::uint64_t>(cap, src.size() * 8));
  auto put = [&](char c) {
    out->push_back(c);
    dict[wp] = c;
    wp = (wp + 1) & 0xFFF;
  };
  std::size_t pos = 0;
  while (pos < src.size()) {
    const unsigned control = static_cast<unsigned char>(src[pos++]);
    for (int bit = 0; bit < 8; ++bit) {
      if (out->size() >= cap) {
        out->resize(cap);
        return cap == raw_size;
      }
      if (pos >= src.size()) return false;
      if (!(control & (1u << bit))) {
        put(src[pos++]);
        continue;
      }
      if (pos + 2 > src.size()) return false;
      const unsigned ref =
          static_cast<unsigned char>(src[pos]) << 8 | static_cast<unsigned char>(src[pos + 1]);
      pos += 2;
      const unsigned offset = ref >> 4;
      if (offset == wp) {  // the end marker
        if (out->size() > cap) out->resize(cap);
        return true;
      }
      const unsigned length = (ref & 0xF) + 2;
      for (unsigned k = 0; k < length; ++k) put(dict[(offset + k) & 0xFFF]);
    }
  }
  return out->size() >= cap;
}

}  // namespace mamori
