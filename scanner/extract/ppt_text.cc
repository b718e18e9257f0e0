#include "ppt_text.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "byte_order.h"
#include "office_crypto.h"

namespace mamori {

namespace {

constexpr std::uint16_t kMainMaster = 0x03F8;
constexpr std::uint16_t kTextCharsAtom = 0x0FA0;
constexpr std::uint16_t kTextBytesAtom = 0x0FA8;
constexpr std::uint16_t kCString = 0x0FBA;
constexpr std::uint16_t kCryptSession10 = 0x2F14;
constexpr std::uint32_t kEncryptedToken = 0xF3D1C4DF;
constexpr int kMaxDepth = 32;

class RecordWalker {
 public:
  explicit RecordWalker(ExtractContext& ctx) : ctx_(ctx) {}

  void Walk(std::string_view s, int depth) {
    std::size_t pos = 0;
    while (pos + 8 <= s.size() && !stopped_) {
      if ((++records_ & 0xFFF) == 0 && !ctx_.CheckTime()) {
        stopped_ = true;
        return;
      }
      const bool container = (Le16(s, pos) & 0x0F) == 0x0F;
      const std::uint16_t type = Le16(s, pos + 2);
      std::size_t len = Le32(s, pos + 4);
      pos += 8;
      if (len > s.size() - pos) {
        if (!cut_) ctx_.Error("truncated", "a PowerPoint record runs past the end of its stream");
        cut_ = true;
        len = s.size() - pos;
      }
      const std::string_view body = s.substr(pos, len);
      pos += len;
      if (type == kCryptSession10) encrypted = true;
      if (container) {
        if (type == kMainMaster) continue;
        if (depth >= kMaxDepth) {
          if (!deep_) ctx_.Error("corrupt", "PowerPoint records nest too deep; the rest skipped");
          deep_ = true;
          continue;
        }
        Walk(body, depth + 1);
      } else if (type == kTextCharsAtom || type == kCString) {
        std::string utf8;
        AppendUtf16Le(body, &utf8);
        if (type == kCString && utf8.starts_with("___PPT")) continue;  // programmable tags
        Add(utf8);
      } else if (type == kTextBytesAtom) {
        std::string utf8;
        // The low bytes of UTF-16 code units, so Latin-1.
        for (char c : body) AppendCodePoint(static_cast<unsigned char>(c), &utf8);
        Add(utf8);
      }
    }
  }

  std::string text;
  bool encrypted = false;

 private:
  void Add(std::string_view utf8) {
    if (utf8 == "*") return;  // a slide number field's placeholder
    for (char c : utf8) {
      const unsigned char u = static_cast<unsigned char>(c);
      if (u == '\r' || u == 0x0B) {
        text.push_back('\n');  // paragraph and line breaks
      } else if (u >= 0x20 || u == '\t' || u == '\n') {
        text.push_back(c);
      }
    }
    text.push_back('\n');
  }

  ExtractContext& ctx_;
  std::uint64_t records_ = 0;
  bool stopped_ = false;
  bool cut_ = false;
  bool deep_ = false;
};

// The CurrentUserAtom of the "Current User" stream ([MS-PPT] 2.3.2): its
// headerToken tells an encrypted presentation from a plain one.
bool CurrentUserSaysEncrypted(CfbReader& cfb, std::uint32_t storage, ExtractContext& ctx) {
  std::string user;
  if (!cfb.ReadChild(storage, "Current User", ctx, &user)) return false;
  return user.size() >= 16 && Le32(user, 12) == kEncryptedToken;
}

// PowerPoint encrypts only with RC4 CryptoAPI; its header, in the
// CryptSession10Container (kept in the clear), gives the key length.
void ReportEncrypted(CfbReader& cfb, std::uint32_t storage, ExtractContext& ctx) {
  std::string what = "RC4 CryptoAPI";
  std::string stream;
  if (cfb.ReadChild(storage, "PowerPoint Document", ctx, &stream)) {
    // Found by its record header: the records around it are encrypted, so
    // the stream cannot be walked to it.
    const std::size_t at = stream.find(std::string_view("\x0F\x00\x14\x2F", 4));
    BinaryRc4Header header;
    if (at != std::string::npos && stream.size() - at >= 8) {
      const std::size_t len = std::min<std::size_t>(Le32(stream, at + 4), stream.size() - at - 8);
      if (ParseBinaryRc4Header(std::string_view(stream).substr(at + 8, len), &header) ==
              BinaryRc4Parse::kOk &&
          header.cryptoapi) {
        what.append(" ").append(std::to_string(header.key_bits)).append("-bit");
      }
    }
  }
  ctx.RecordProtection("ppt-rc4-cryptoapi", true);
  ctx.Error("encrypted-member", "an encrypted PowerPoint presentation (" + what +
                                    ") cannot be read without its password");
}

}  // namespace

void ExtractPpt(CfbReader& cfb, std::uint32_t storage, ExtractContext& ctx) {
  if (cfb.Find(storage, "EncryptedSummary") != CfbReader::kNone ||
      CurrentUserSaysEncrypted(cfb, storage, ctx)) {
    return ReportEncrypted(cfb, storage, ctx);
  }
  std::string stream;
  if (!cfb.ReadChild(storage, "PowerPoint Document", ctx, &stream)) return;
  RecordWalker walker(ctx);
  walker.Walk(stream, 0);
  if (walker.encrypted) return ReportEncrypted(cfb, storage, ctx);
  ctx.BeginPart("ppt");
  ctx.Write(walker.text);
  ctx.EndPart();
}

}  // namespace mamori
