// Compound File Binary documents: which one a CFB holds is told by the
// streams in its root storage (or in an embedded object's storage).
#include <string>

#include "cfb_reader.h"
#include "doc_text.h"
#include "extractors.h"
#include "msg_extract.h"
#include "office_crypto.h"
#include "ppt_text.h"
#include "xls_extract.h"

namespace mamori {

namespace {

bool HasSubstg(const CfbReader& cfb, std::uint32_t storage) {
  for (std::uint32_t id : cfb.entry(storage).children) {
    if (cfb.entry(id).name.starts_with("__substg1.0_")) return true;
  }
  return false;
}

// An OOXML package encrypted with a password: its EncryptionInfo names the
// scheme and cipher; the package itself stays unread.
void ReportEncryptedOoxml(CfbReader& cfb, std::uint32_t storage, ExtractContext& ctx) {
  std::string info;
  OoxmlEncryption enc;
  const bool read = cfb.ReadChild(storage, "EncryptionInfo", ctx, &info);
  const bool known = read && ParseOoxmlEncryptionInfo(info, &enc);
  std::string what;
  if (known) {
    what = enc.scheme == "ooxml-agile" ? "Agile" : "Standard";
    what += " encryption";
    if (!enc.strength.empty()) what += ", " + enc.strength;
  } else {
    // Still an encrypted package: EncryptedPackage is there.
    enc.scheme = enc.major == 4 && enc.minor == 4 ? "ooxml-agile" : "ooxml-standard";
    what = read ? "EncryptionInfo version " + std::to_string(enc.major) + "." +
                      std::to_string(enc.minor) + " not understood"
                : "no readable EncryptionInfo";
  }
  ctx.RecordProtection(enc.scheme, true);
  ctx.Error("encrypted-member", "an encrypted Office document (OOXML in CFB, " + what +
                                    ") cannot be read without its password");
}

}  // namespace

void ExtractCfbStorage(CfbReader& cfb, std::uint32_t storage, ExtractContext& ctx) {
  auto has = [&](std::string_view name) { return cfb.Find(storage, name) != CfbReader::kNone; };
  if (has("EncryptionInfo") && has("EncryptedPackage"))
    return ReportEncryptedOoxml(cfb, storage, ctx);
  if (has("WordDocument")) return ExtractDoc(cfb, storage, ctx);
  if (has("PowerPoint Document")) return ExtractPpt(cfb, storage, ctx);
  for (std::string_view name : {"Workbook", "Book"}) {
    if (!has(name)) continue;
    std::string workbook;
    if (cfb.ReadChild(storage, name, ctx, &workbook)) ExtractXlsWorkbook(workbook, ctx);
    return;
  }
  if (has("__properties_version1.0") && HasSubstg(cfb, storage)) {
    return ExtractMsg(cfb, storage, storage != CfbReader::kRootId, ctx);
  }
  ctx.Error("unsupported",
            "a Compound File that is not a Word, Excel, PowerPoint or Outlook document");
}

void ExtractCfb(std::string_view data, ExtractContext& ctx) {
  CfbReader cfb;
  if (!cfb.Open(data, ctx)) return;
  ExtractCfbStorage(cfb, CfbReader::kRootId, ctx);
}

}  // namespace mamori
