// Compound File Binary documents: which one a CFB holds is told by the
// streams in its root storage (or in an embedded object's storage). An
// encrypted OOXML package is one too; under the default password it is
// decrypted and read as the OOXML it is.
#include <string>

#include "cfb_reader.h"
#include "doc_text.h"
#include "extractors.h"
#include "mamori/format_sniffer.h"
#include "msg_extract.h"
#include "office_crypto.h"
#include "ooxml_decrypt.h"
#include "ooxml_package.h"
#include "ppt_text.h"
#include "xls_extract.h"
#include "zip_directory.h"

namespace mamori {

namespace {

bool HasSubstg(const CfbReader& cfb, std::uint32_t storage) {
  for (std::uint32_t id : cfb.entry(storage).children) {
    if (cfb.entry(id).name.starts_with("__substg1.0_")) return true;
  }
  return false;
}

// Which OOXML a decrypted package is: the conventional name of its main
// part, from the central directory, else from the local headers at its
// start (a package cut short has no directory).
std::string PackageKind(Input& in, std::string_view data, const ExtractContext& ctx) {
  ZipDirectory dir;
  ReadZipDirectory(in, ctx.limits().max_members, &dir);
  for (const ZipDirEntry& e : dir.entries) {
    const std::string name = LowerAscii(e.name);
    if (name == "word/document.xml") return "docx";
    if (name == "xl/workbook.xml") return "xlsx";
    if (name == "ppt/presentation.xml") return "pptx";
    if (name == "xl/workbook.bin") return "xlsb";
  }
  return SniffFormat("package", data.substr(0, 64 << 10)).format;
}

// A package that the default password opened: read as the file itself.
void ExtractDecryptedOoxml(std::string_view package, ExtractContext& ctx) {
  MemoryInput in(package);
  const std::string kind = PackageKind(in, package, ctx);
  if (kind == "docx") return ExtractDocx(in, ctx);
  if (kind == "xlsx") return ExtractXlsx(in, ctx);
  if (kind == "pptx") return ExtractPptx(in, ctx);
  ctx.Error("unsupported", kind == "xlsb" ? "the decrypted package is an Excel binary workbook"
                                          : "the decrypted package is not a Word, Excel or "
                                            "PowerPoint document");
}

// An encrypted OOXML package: its EncryptionInfo names the scheme and
// cipher. Under Excel's default password it is read; under any other it
// stays unread.
void ExtractEncryptedOoxml(CfbReader& cfb, std::uint32_t storage, ExtractContext& ctx) {
  std::string info;
  OoxmlEncryption enc;
  const bool read = cfb.ReadChild(storage, "EncryptionInfo", ctx, &info);
  const bool known = read && ParseOoxmlEncryptionInfo(info, &enc);
  std::string what;
  if (known) {
    what = enc.scheme == "ooxml-agile" ? "Agile" : "Standard";
    what += " encryption";
    if (!enc.strength.empty()) what += ", " + enc.strength;
    OoxmlDecryptor decryptor;
    switch (decryptor.Open(info, kExcelDefaultPassword, ctx)) {
      case OoxmlKeyStatus::kOpened: {
        // Protected in name only: Office opens it without asking.
        ctx.RecordProtection(enc.scheme, false);
        std::string stream, package;
        cfb.ReadChild(storage, "EncryptedPackage", ctx, &stream);  // errors recorded
        decryptor.DecryptPackage(stream, ctx, &package);           // the same
        stream = std::string();
        if (!package.empty() && !ctx.stopped()) ExtractDecryptedOoxml(package, ctx);
        return;
      }
      case OoxmlKeyStatus::kWrongPassword: break;
      case OoxmlKeyStatus::kUnsupported:
      case OoxmlKeyStatus::kCorrupt:
      case OoxmlKeyStatus::kStopped: what += "; " + decryptor.why(); break;
    }
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
    return ExtractEncryptedOoxml(cfb, storage, ctx);
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
