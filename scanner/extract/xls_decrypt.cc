// RC4 in a workbook stream ([MS-XLS] 2.2.10): the key stream runs over the
// whole stream, by stream offset, in 1024-byte blocks each with its own key
// (block = offset / 1024). Record headers stay clear, though the key stream
// advances over them; so do the data of BOF, FILEPASS, INTERFACEHDR and
// the shared-workbook records (FILELOCK, USREXCL, RRDINFO, RRDHEAD), and a
// BoundSheet8's lbPlyPos, the stream position a reader needs before it can
// decrypt anything.
#include "xls_decrypt.h"

#include <algorithm>

#include "office_crypto.h"
#include "xls_records.h"

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

void Decrypt(std::string_view stream, const BinaryRc4Key& key, ExtractContext& ctx,
             std::string* plain) {
  plain->assign(stream);
  KeyStream keys(key);
  XlsRecordReader reader(stream, 0);
  XlsRecord rec;
  std::uint64_t records = 0;
  while (reader.Next(&rec)) {
    if (++records % 4096 == 0 && !ctx.CheckTime()) return;
    if (StaysClear(rec.type)) continue;
    std::size_t skip = rec.type == xls::kBoundSheet ? 4 : 0;
    if (rec.data.size() <= skip) continue;
    keys.ApplyAt(rec.offset + 4 + skip, plain->data() + rec.offset + 4 + skip,
                 rec.data.size() - skip);
  }
  // A cut-short stream keeps its tail as it was; the reader reports it.
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
  if (filepass.size() < 2) {
    out.scheme = "xls-rc4";
    out.why = "its FILEPASS record is cut short";
    return out;
  }
  if (XlsU16(filepass, 0) == 0) {
    out.scheme = "xls-xor";
    // XOR obfuscation: key u16, then the password verifier u16.
    if (filepass.size() >= 6 && XlsU16(filepass, 4) == XorPasswordVerifier(kExcelDefaultPassword)) {
      out.why = "XOR-obfuscated under the default password, which this reader does not undo";
    } else {
      out.why = "XOR-obfuscated with a password";
    }
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
  Decrypt(stream, key, ctx, plain);
  out.decrypted = !ctx.stopped();
  if (!out.decrypted) out.why = "decryption stopped by a file-wide limit";
  return out;
}

}  // namespace mamori
