// Decryption of a workbook stream ([MS-XLS] 2.2.10). Record headers stay
// clear; so do the data of BOF, FILEPASS, INTERFACEHDR and the
// shared-workbook records (FILELOCK, USREXCL, RRDINFO, RRDHEAD), and a
// BoundSheet8's lbPlyPos, the stream position a reader needs before it can
// decrypt anything. The rest is decrypted by stream offset:
//   - RC4: the key stream runs over the whole stream in 1024-byte blocks,
//     each with its own key (block = offset / 1024), advancing over the
//     clear bytes too;
//   - XOR obfuscation: the byte at stream offset p of a record whose data
//     is n bytes long takes array index (p + n) % 16 (the rule Excel,
//     LibreOffice's XclImpBiff5Decrypter and Apache POI's XORDecryptor
//     follow; n is the whole record's size, lbPlyPos included).
#include "xls_decrypt.h"

#include <algorithm>

#include "office_crypto.h"
#include "xls_records.h"
#include "xor_obfuscation.h"

namespace mamori {

namespace {

constexpr std::size_t kBlockSize = 1024;

bool StaysClear(std::uint16_t type) {
  switch (type) {
    case xls::kBof:
    case xls::kFilePass:
    case 0x00E1:  // InterfaceHdr
    case 0x0194:  // UsrExcl
    case 0x0195:  // FileLock
    case 0x0196:  // RRDInfo
    case 0x0138:  // RRDHead
      return true;
    default: return false;
  }
}

// The key stream at increasing stream offsets.
class KeyStream {
 public:
  explicit KeyStream(const BinaryRc4Key& key) : key_(key), rc4_(key.Block(0)) {}

  // REQUIRES: at >= every offset passed before.
  void ApplyAt(std::uint64_t at, char* data, std::size_t n) {
    Seek(at);
    while (n > 0) {
      const std::size_t chunk = std::min<std::uint64_t>(n, kBlockSize - pos_ % kBlockSize);
      rc4_.Apply(data, chunk);
      pos_ += chunk;
      data += chunk;
      n -= chunk;
      if (pos_ % kBlockSize == 0) rc4_ = key_.Block(static_cast<std::uint32_t>(pos_ / kBlockSize));
    }
  }

 private:
  void Seek(std::uint64_t at) {
    if (at / kBlockSize != pos_ / kBlockSize) {
      pos_ = at / kBlockSize * kBlockSize;
      rc4_ = key_.Block(static_cast<std::uint32_t>(pos_ / kBlockSize));
    }
    rc4_.Skip(at - pos_);
    pos_ = at;
  }

  const BinaryRc4Key& key_;
  Rc4 rc4_;
  std::uint64_t pos_ = 0;  // rc4_ is block pos_ / 1024's cipher at pos_ % 1024
};

// Copies `stream` to *plain and hands each encrypted span of it to
// apply(stream offset, data, length, size of the span's record data).
template <typename Apply>
void DecryptSpans(std::string_view stream, ExtractContext& ctx, std::string* plain, Apply apply) {
  plain->assign(stream);
  XlsRecordReader reader(stream, 0);
  XlsRecord rec;
  std::uint64_t records = 0;
  while (reader.Next(&rec)) {
    if (++records % 4096 == 0 && !ctx.CheckTime()) return;
    if (StaysClear(rec.type)) continue;
    const std::size_t skip = rec.type == xls::kBoundSheet ? 4 : 0;
    if (rec.data.size() <= skip) continue;
    // The reader only yields records whose data lie inside the stream.
    const std::size_t at = rec.offset + 4 + skip;
    apply(at, plain->data() + at, rec.data.size() - skip, rec.data.size());
  }
  // A cut-short stream keeps its tail as it was; the reader reports it.
}

// The XOR FILEPASS: key and verifier, after wEncryptionType in BIFF8; the
// whole record in BIFF5, which knows no other scheme.
void OpenXor(std::string_view stream, std::string_view fields, ExtractContext& ctx,
             std::string* plain, XlsFilePass* out) {
  out->scheme = "xls-xor";
  if (fields.size() < 4) {
    out->why = "its FILEPASS record is cut short";
    return;
  }
  // Excel tests both; each is 16 bits of the password.
  if (XlsU16(fields, 0) != XorKeyMethod1(kExcelDefaultPassword) ||
      XlsU16(fields, 2) != XorPasswordVerifier(kExcelDefaultPassword)) {
    out->why = "XOR-obfuscated with a password";
    return;
  }
  if (!ctx.ChargeExpanded(stream.size())) {
    out->why = "not decrypted: the file's expanded-size budget is spent";
    return;
  }
  const XorArray array = XorArrayMethod1(kExcelDefaultPassword);
  DecryptSpans(stream, ctx, plain,
               [&](std::size_t at, char* data, std::size_t n, std::size_t record_size) {
                 XorDecodeMethod1(array, (at + record_size) % 16, data, n);
               });
  out->decrypted = !ctx.stopped();
  if (!out->decrypted) out->why = "decryption stopped by a file-wide limit";
}

// BIFF5 and earlier: the globals' BOF says so (its version is < 0x0600).
bool Biff5(std::string_view stream) {
  XlsRecordReader reader(stream, 0);
  XlsRecord rec;
  return reader.Next(&rec) && rec.type == xls::kBof && rec.data.size() >= 2 &&
         XlsU16(rec.data, 0) < 0x0600;
}

}  // namespace

XlsFilePass XlsOpenFilePass(std::string_view stream, ExtractContext& ctx, std::string* plain) {
  XlsFilePass out;
  XlsRecordReader reader(stream, 0);
  XlsRecord rec;
  // FILEPASS follows the globals' BOF; it is looked for up to their EOF.
  std::string_view filepass;
  while (reader.Next(&rec) && rec.type != xls::kEof) {
    if (rec.type == xls::kFilePass) {
      out.present = true;
      filepass = rec.data;
      break;
    }
  }
  if (!out.present) return out;
  if (Biff5(stream)) {
    OpenXor(stream, filepass, ctx, plain, &out);
    return out;
  }
  if (filepass.size() < 2) {
    out.scheme = "xls-rc4";
    out.why = "its FILEPASS record is cut short";
    return out;
  }
  if (XlsU16(filepass, 0) == 0) {
    OpenXor(stream, filepass.substr(2), ctx, plain, &out);
    return out;
  }
  BinaryRc4Header header;
  switch (ParseBinaryRc4Header(filepass.substr(2), &header)) {
    case BinaryRc4Parse::kOk: break;
    case BinaryRc4Parse::kUnknownVersion:
      out.scheme = "xls-rc4";
      out.why = "RC4 encryption header of unknown version " + std::to_string(header.major) + "." +
                std::to_string(header.minor);
      return out;
    case BinaryRc4Parse::kUnsupported:
      out.scheme = "xls-rc4-cryptoapi";
      out.why = "CryptoAPI encryption with a cipher or hash other than RC4 and SHA-1";
      return out;
    case BinaryRc4Parse::kTruncated:
      out.scheme = header.cryptoapi ? "xls-rc4-cryptoapi" : "xls-rc4";
      out.why = "its FILEPASS record is cut short";
      return out;
  }
  out.scheme = header.cryptoapi ? "xls-rc4-cryptoapi" : "xls-rc4";
  BinaryRc4Key key;
  if (!key.Init(header, kExcelDefaultPassword)) {
    out.why = "encrypted with a password (" +
              std::string(header.cryptoapi ? "RC4 CryptoAPI " : "RC4 ") +
              std::to_string(header.key_bits) + "-bit)";
    return out;
  }
  if (!ctx.ChargeExpanded(stream.size())) {
    out.why = "not decrypted: the file's expanded-size budget is spent";
    return out;
  }
  KeyStream keys(key);
  DecryptSpans(stream, ctx, plain, [&](std::size_t at, char* data, std::size_t n, std::size_t) {
    keys.ApplyAt(at, data, n);
  });
  out.decrypted = !ctx.stopped();
  if (!out.decrypted) out.why = "decryption stopped by a file-wide limit";
  return out;
}

}  // namespace mamori
