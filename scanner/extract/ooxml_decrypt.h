// Opening an OOXML package encrypted in a Compound File ([MS-OFFCRYPTO]
// 2.3.4): its EncryptionInfo stream says how a password becomes the key
// and holds a verifier to test it against; EncryptedPackage holds the
// package (a zip) after an 8-byte size, AES-encrypted. Standard encryption
// (2.3.4.5-2.3.4.9): a SHA-1 key derivation of 50,000 rounds, AES-ECB.
// Agile encryption (2.3.4.10-2.3.4.15): an XML description; the password's
// key (spin count rounds of the hash it names) decrypts a random package
// key, which decrypts the package in 4096-byte AES-CBC segments, each with
// an IV made from the salt and the segment's index. Used to read what
// Excel encrypts under its default password "VelvetSweatshop", which opens
// without asking. The data-integrity HMAC of Agile files is not checked.
//
// Thread-safety: not thread-safe; one per package.
#ifndef MAMORI_SCANNER_EXTRACT_OOXML_DECRYPT_H_
#define MAMORI_SCANNER_EXTRACT_OOXML_DECRYPT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract_context.h"

namespace mamori {

enum class OoxmlKeyStatus {
  kOpened,         // the password is the document's: DecryptPackage may follow
  kWrongPassword,  // the verifier says no
  kUnsupported,    // a cipher, hash, layout or spin count this reader does not run
  kCorrupt,        // EncryptionInfo is cut short or inconsistent
  kStopped,        // a file-wide limit tripped while deriving the key
};

class OoxmlDecryptor {
 public:
  // Agile runs at most this many hash rounds (Office writes 100,000).
  static constexpr std::uint64_t kMaxSpinCount = 10'000'000;
  // Agile segment size.
  static constexpr std::size_t kSegment = 4096;

  // Reads EncryptionInfo `info` and tests `password` (UTF-16) against its
  // verifier. When not kOpened, why() says why, naming no secret.
  OoxmlKeyStatus Open(std::string_view info, std::u16string_view password, ExtractContext& ctx);

  // REQUIRES: Open returned kOpened. Decrypts EncryptedPackage `stream`
  // into *package, charging its size to ctx. False, with an error recorded
  // ("truncated" when the stream holds less than its size prefix says —
  // *package then holds what it does hold — "corrupt", or a limit's), when
  // the package could not be decrypted whole.
  bool DecryptPackage(std::string_view stream, ExtractContext& ctx, std::string* package);

  bool agile() const { return agile_; }
  const std::string& why() const { return why_; }

 private:
  OoxmlKeyStatus OpenStandard(std::string_view info, std::u16string_view password,
                              ExtractContext& ctx);
  OoxmlKeyStatus OpenAgile(std::string_view xml, std::u16string_view password, ExtractContext& ctx);
  OoxmlKeyStatus Fail(OoxmlKeyStatus status, std::string why);

  bool agile_ = false;
  std::string key_;         // the package key
  std::string salt_;        // Agile: keyData's salt, for the segment IVs
  std::string hash_;        // Agile: keyData's hash algorithm name
  std::size_t block_ = 16;  // cipher block size
  std::string why_;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_OOXML_DECRYPT_H_
