// Office document encryption ([MS-OFFCRYPTO]): what an encrypted OOXML
// package's EncryptionInfo stream says about its cipher (Agile and
// Standard encryption; ooxml_decrypt.h opens the package), and the two
// RC4 schemes of the binary formats (.xls, .doc, .ppt) — "Office binary
// document RC4" (MD5, 40-bit) and "RC4 CryptoAPI" (SHA-1, 40-128-bit) —
// far enough to test a password against a file's verifier and to derive
// the per-block keys that decrypt it. That is what reading an .xls saved
// under Excel's default password "VelvetSweatshop" needs.
//
// Thread-safety: the free functions are pure; an Rc4 or
// BinaryRc4Key object is not thread-safe.
#ifndef MAMORI_SCANNER_EXTRACT_OFFICE_CRYPTO_H_
#define MAMORI_SCANNER_EXTRACT_OFFICE_CRYPTO_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mamori {

// What the EncryptionInfo stream of an encrypted OOXML package declares.
struct OoxmlEncryption {
  std::string scheme;    // "ooxml-agile" or "ooxml-standard"; empty when unknown
  std::string strength;  // e.g. "AES-256", "RC4-128"; empty when not stated
  std::uint16_t major = 0, minor = 0;
};

// Parses an EncryptionInfo stream (version 4.4 Agile: its XML keyData;
// 2.2/3.2/4.2 Standard and 3.3/4.3 Extensible: the binary
// EncryptionHeader). False when the stream is too short or its version is
// unknown; *out then holds what was read (at least the version when there).
bool ParseOoxmlEncryptionInfo(std::string_view info, OoxmlEncryption* out);

// The flat, generated XML of an Agile EncryptionInfo, read without a
// parser: the start of the first element named `local` (any namespace
// prefix) at or after `from`, or npos; and the value of attribute `name` in
// the start tag that begins at `tag` (up to its '>'), empty when absent.
// Both stay linear in the XML however it repeats the names.
std::size_t FindXmlElement(std::string_view xml, std::string_view local, std::size_t from = 0);
std::string XmlAttribute(std::string_view xml, std::size_t tag, std::string_view name);

// RC4 ([SCHNEIER] 17.1). OpenSSL 3 moved RC4 to its legacy provider, which
// is not loaded by default (EVP_CIPHER_fetch(NULL, "RC4", NULL) fails on
// Debian 12), and loading it would change the process-wide provider set;
// the cipher is a few lines, so it is implemented here.
class Rc4 {
 public:
  Rc4() = default;
  explicit Rc4(std::string_view key) { Reset(key); }
  void Reset(std::string_view key);  // REQUIRES: !key.empty()
  // XORs the next n bytes of key stream into data (encrypts or decrypts).
  void Apply(char* data, std::size_t n);
  void Skip(std::size_t n);

 private:
  std::array<std::uint8_t, 256> s_{};
  std::uint8_t i_ = 0, j_ = 0;
};

// The encryption header of a binary Office document: FILEPASS's
// encryptionInfo in .xls, the first bytes of a .doc's table stream, a .ppt's
// CryptSession10Container. Layouts: [MS-OFFCRYPTO] 2.3.6.1 (RC4, version
// 1.1) and 2.3.5.1 (RC4 CryptoAPI, version 2.2, 3.2 or 4.2).
struct BinaryRc4Header {
  bool cryptoapi = false;
  std::uint16_t major = 0, minor = 0;
  std::uint32_t key_bits = 40;          // RC4 is always 40-bit; CryptoAPI 40-128
  std::string salt;                     // 16 bytes
  std::string encrypted_verifier;       // 16 bytes
  std::string encrypted_verifier_hash;  // 16 (MD5) or 20 (SHA-1) bytes
};

enum class BinaryRc4Parse {
  kOk,
  kUnknownVersion,  // not an RC4 or RC4 CryptoAPI header (*out has the version)
  kUnsupported,     // CryptoAPI with a cipher or hash other than RC4 / SHA-1
  kTruncated,
};
BinaryRc4Parse ParseBinaryRc4Header(std::string_view data, BinaryRc4Header* out);

// The password hash of a binary RC4 document and the per-block keys made
// from it ([MS-OFFCRYPTO] 2.3.6.2 and 2.3.5.2).
class BinaryRc4Key {
 public:
  // Derives the password hash from `password` (UTF-16 code units, at most
  // 255) and tests it against the header's verifier. False when the
  // password is not the document's (or the digest is unavailable).
  bool Init(const BinaryRc4Header& header, std::u16string_view password);
  // The RC4 cipher for block `block`, positioned at its start.
  Rc4 Block(std::uint32_t block) const;

 private:
  bool cryptoapi_ = false;
  std::uint32_t key_bytes_ = 5;
  std::string h_;  // RC4: the truncated H1; CryptoAPI: H0
};

// Excel's password when a workbook is encrypted without one asked for.
inline constexpr std::u16string_view kExcelDefaultPassword = u"VelvetSweatshop";

// The 16-bit password verifier of XOR obfuscation, method 1
// ([MS-OFFCRYPTO] 2.3.7.1), of a password of at most 15 characters.
std::uint16_t XorPasswordVerifier(std::u16string_view password);

// A password as Office hashes it: UTF-16LE code units, no terminator.
std::string Utf16Le(std::u16string_view s);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_OFFICE_CRYPTO_H_
