#include "ooxml_decrypt.h"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <memory>

#include "byte_order.h"
#include "mime_decode.h"
#include "office_crypto.h"

namespace mamori {

namespace {

// The blockKey of each Agile key made from the password (2.3.4.13).
constexpr std::string_view kVerifierInputBlock("\xFE\xA7\xD2\x76\x3B\x4B\x9E\x79", 8);
constexpr std::string_view kVerifierValueBlock("\xD7\xAA\x0F\x6D\x30\x61\x34\x4E", 8);
constexpr std::string_view kKeyValueBlock("\x14\x6E\x0B\xE7\xAB\xAC\xD0\xD6", 8);

// Standard: EncryptionHeader.Flags, ALG_IDs, the fixed round count.
constexpr std::uint32_t kFlagCryptoApi = 0x04;
constexpr std::uint32_t kFlagExternal = 0x10;
constexpr std::uint32_t kFlagAes = 0x20;
constexpr std::uint32_t kAlgAes128 = 0x660E;
constexpr std::uint32_t kAlgAes192 = 0x660F;
constexpr std::uint32_t kAlgAes256 = 0x6610;
constexpr std::uint32_t kAlgSha1 = 0x8004;
constexpr std::uint32_t kStandardRounds = 50000;

// Agile encryptedKey elements looked at for the password one (the others
// are certificate key encryptors).
constexpr int kMaxKeyEncryptors = 8;
// Hash rounds between time checks; bytes decrypted between them.
constexpr std::uint64_t kRoundsPerCheck = 1 << 16;
constexpr std::size_t kBytesPerCheck = 1 << 20;

using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
  });
}

const EVP_MD* HashNamed(std::string_view name) {
  if (EqualsIgnoreCase(name, "SHA1") || EqualsIgnoreCase(name, "SHA-1")) return EVP_sha1();
  if (EqualsIgnoreCase(name, "SHA256")) return EVP_sha256();
  if (EqualsIgnoreCase(name, "SHA384")) return EVP_sha384();
  if (EqualsIgnoreCase(name, "SHA512")) return EVP_sha512();
  if (EqualsIgnoreCase(name, "MD5")) return EVP_md5();
  return nullptr;
}

const EVP_CIPHER* Aes(std::size_t key_bytes, bool cbc) {
  switch (key_bytes) {
    case 16: return cbc ? EVP_aes_128_cbc() : EVP_aes_128_ecb();
    case 24: return cbc ? EVP_aes_192_cbc() : EVP_aes_192_ecb();
    case 32: return cbc ? EVP_aes_256_cbc() : EVP_aes_256_ecb();
    default: return nullptr;
  }
}

// The hash of a + b; empty when the digest fails.
std::string Hash(const EVP_MD* md, std::string_view a, std::string_view b = {}) {
  MdCtx c(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!c || EVP_DigestInit_ex(c.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(c.get(), a.data(), a.size()) != 1 ||
      EVP_DigestUpdate(c.get(), b.data(), b.size()) != 1 ||
      EVP_DigestFinal_ex(c.get(), out, &len) != 1) {
    return {};
  }
  return std::string(reinterpret_cast<char*>(out), len);
}

// H(salt + password), then `rounds` times H(round number + H); empty when
// the digest fails or ctx stops.
std::string IteratedHash(const EVP_MD* md, std::string_view salt, std::string_view password,
                         std::uint64_t rounds, ExtractContext& ctx) {
  std::string h = Hash(md, salt, password);
  MdCtx c(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (h.empty() || !c) return {};
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  for (std::uint64_t i = 0; i < rounds; ++i) {
    if (i % kRoundsPerCheck == kRoundsPerCheck - 1 && !ctx.CheckTime()) return {};
    const std::string n = Le32Bytes(static_cast<std::uint32_t>(i));
    if (EVP_DigestInit_ex(c.get(), md, nullptr) != 1 ||
        EVP_DigestUpdate(c.get(), n.data(), n.size()) != 1 ||
        EVP_DigestUpdate(c.get(), h.data(), h.size()) != 1 ||
        EVP_DigestFinal_ex(c.get(), out, &len) != 1) {
      return {};
    }
    h.assign(reinterpret_cast<char*>(out), len);
  }
  return h;
}

// `v` cut or padded with 0x36 to n bytes, as Agile sizes keys and IVs.
std::string Fit(std::string v, std::size_t n) {
  v.resize(n, '\x36');
  return v;
}

// AES over `in` (whole blocks) into out[0, in.size()); `iv` empty for ECB.
bool AesDecrypt(std::string_view key, std::string_view iv, std::string_view in, char* out) {
  const EVP_CIPHER* cipher = Aes(key.size(), !iv.empty());
  CipherCtx c(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  if (cipher == nullptr || !c || in.size() % 16 != 0 ||
      EVP_DecryptInit_ex(c.get(), cipher, nullptr, Bytes(key), iv.empty() ? nullptr : Bytes(iv)) !=
          1) {
    return false;
  }
  EVP_CIPHER_CTX_set_padding(c.get(), 0);
  while (!in.empty()) {
    const std::size_t n = std::min(in.size(), kBytesPerCheck);
    int got = 0;
    if (EVP_DecryptUpdate(c.get(), reinterpret_cast<unsigned char*>(out), &got, Bytes(in),
                          static_cast<int>(n)) != 1 ||
        static_cast<std::size_t>(got) != n) {
      return false;
    }
    in.remove_prefix(n);
    out += n;
  }
  return true;
}

std::string AesDecrypt(std::string_view key, std::string_view iv, std::string_view in) {
  std::string out(in.size(), '\0');
  if (!AesDecrypt(key, iv, in, out.data())) return {};
  return out;
}

// An unsigned decimal attribute; false when absent or not a number.
bool Number(std::string_view xml, std::size_t tag, std::string_view name, std::uint64_t* out) {
  const std::string v = XmlAttribute(xml, tag, name);
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), *out);
  return !v.empty() && ec == std::errc() && end == v.data() + v.size();
}

std::string Base64(std::string_view xml, std::size_t tag, std::string_view name) {
  std::string out;
  std::size_t invalid = 0;
  DecodeBase64(XmlAttribute(xml, tag, name), &out, &invalid);
  return invalid == 0 ? out : std::string();
}

// The cipher and hash an Agile keyData or encryptedKey element declares.
struct AgileParams {
  const EVP_MD* md = nullptr;
  std::string hash_name;
  std::size_t key_bytes = 0;
  std::size_t block = 0;
  std::string salt;
};

// Empty when `tag` declares what this reader runs, else why not.
std::string ReadParams(std::string_view xml, std::size_t tag, AgileParams* p) {
  const std::string cipher = XmlAttribute(xml, tag, "cipherAlgorithm");
  const std::string chaining = XmlAttribute(xml, tag, "cipherChaining");
  p->hash_name = XmlAttribute(xml, tag, "hashAlgorithm");
  std::uint64_t bits = 0, block = 0, hash_size = 0;
  if (!EqualsIgnoreCase(cipher, "AES")) return "cipher " + cipher.substr(0, 16) + " is not AES";
  if (chaining != "ChainingModeCBC") return "chaining " + chaining.substr(0, 24) + " is not CBC";
  if (!Number(xml, tag, "keyBits", &bits) || Aes(bits / 8, true) == nullptr || bits % 8 != 0) {
    return "AES key size is not 128, 192 or 256 bits";
  }
  if (!Number(xml, tag, "blockSize", &block) || block != 16) return "AES block size is not 16";
  p->md = HashNamed(p->hash_name);
  if (p->md == nullptr) return "hash " + p->hash_name.substr(0, 16) + " is not supported";
  if (Number(xml, tag, "hashSize", &hash_size) &&
      hash_size != static_cast<std::uint64_t>(EVP_MD_get_size(p->md))) {
    return "hashSize does not match " + p->hash_name;
  }
  p->key_bytes = bits / 8;
  p->block = block;
  p->salt = Base64(xml, tag, "saltValue");
  if (p->salt.empty()) return "saltValue is missing";
  return {};
}

}  // namespace

OoxmlKeyStatus OoxmlDecryptor::Fail(OoxmlKeyStatus status, std::string why) {
  why_ = std::move(why);
  return status;
}

OoxmlKeyStatus OoxmlDecryptor::Open(std::string_view info, std::u16string_view password,
                                    ExtractContext& ctx) {
  if (info.size() < 8) return Fail(OoxmlKeyStatus::kCorrupt, "EncryptionInfo is cut short");
  const std::uint16_t major = Le16(info, 0), minor = Le16(info, 2);
  if (major == 4 && minor == 4) return OpenAgile(info.substr(8), password, ctx);
  if (minor == 2 && major >= 2 && major <= 4) return OpenStandard(info, password, ctx);
  return Fail(OoxmlKeyStatus::kUnsupported, "EncryptionInfo version " + std::to_string(major) +
                                                "." + std::to_string(minor) + " is not read");
}

OoxmlKeyStatus OoxmlDecryptor::OpenStandard(std::string_view info, std::u16string_view password,
                                            ExtractContext& ctx) {
  agile_ = false;
  // Version, Flags, HeaderSize, EncryptionHeader, EncryptionVerifier.
  if (info.size() < 12) return Fail(OoxmlKeyStatus::kCorrupt, "EncryptionInfo is cut short");
  const std::uint32_t header_size = Le32(info, 8);
  if (header_size < 32 || header_size > info.size() - 12) {
    return Fail(OoxmlKeyStatus::kCorrupt, "EncryptionHeader size is out of bounds");
  }
  const std::string_view h = info.substr(12, header_size);
  const std::uint32_t flags = Le32(h, 0), alg = Le32(h, 8), hash = Le32(h, 12);
  std::uint32_t bits = Le32(h, 16);
  if ((flags & kFlagExternal) || !(flags & kFlagCryptoApi) || !(flags & kFlagAes)) {
    return Fail(OoxmlKeyStatus::kUnsupported, "not AES through CryptoAPI");
  }
  const std::uint32_t alg_bits = alg == kAlgAes192 ? 192 : alg == kAlgAes256 ? 256 : 128;
  if ((alg != 0 && alg != kAlgAes128 && alg != kAlgAes192 && alg != kAlgAes256) ||
      (hash != 0 && hash != kAlgSha1) || (bits != 0 && bits != alg_bits)) {
    return Fail(OoxmlKeyStatus::kUnsupported, "a cipher or hash other than AES and SHA-1");
  }
  bits = alg_bits;
  // SaltSize, Salt, EncryptedVerifier, VerifierHashSize, EncryptedVerifierHash
  // (a SHA-1 hash padded to two AES blocks).
  const std::string_view v = info.substr(12 + header_size);
  if (v.size() < 4 + 16 + 16 + 4 + 32) {
    return Fail(OoxmlKeyStatus::kCorrupt, "EncryptionVerifier is cut short");
  }
  if (Le32(v, 0) != 16 || Le32(v, 36) != 20) {
    return Fail(OoxmlKeyStatus::kCorrupt, "EncryptionVerifier sizes are not 16 and 20");
  }
  // 2.3.4.7: the iterated SHA-1, the block-0 hash, then the key from the
  // two pad hashes.
  const std::string iterated =
      IteratedHash(EVP_sha1(), v.substr(4, 16), Utf16Le(password), kStandardRounds, ctx);
  if (iterated.empty()) {
    return Fail(ctx.stopped() ? OoxmlKeyStatus::kStopped : OoxmlKeyStatus::kUnsupported,
                "the key could not be derived");
  }
  const std::string final_hash = Hash(EVP_sha1(), iterated, Le32Bytes(0));
  std::string pad1(64, '\x36'), pad2(64, '\x5C');
  for (std::size_t i = 0; i < final_hash.size() && i < 64; ++i) {
    pad1[i] = static_cast<char>(pad1[i] ^ final_hash[i]);
    pad2[i] = static_cast<char>(pad2[i] ^ final_hash[i]);
  }
  key_ = (Hash(EVP_sha1(), pad1) + Hash(EVP_sha1(), pad2)).substr(0, bits / 8);
  // 2.3.4.9: the verifier's SHA-1 is the start of its decrypted hash.
  const std::string verifier = AesDecrypt(key_, {}, v.substr(20, 16));
  const std::string verifier_hash = AesDecrypt(key_, {}, v.substr(40, 32));
  if (verifier.empty() || verifier_hash.empty()) {
    return Fail(OoxmlKeyStatus::kCorrupt, "the verifier could not be decrypted");
  }
  if (Hash(EVP_sha1(), verifier) != verifier_hash.substr(0, 20)) {
    return Fail(OoxmlKeyStatus::kWrongPassword, "the password does not match the verifier");
  }
  block_ = 16;
  return OoxmlKeyStatus::kOpened;
}

OoxmlKeyStatus OoxmlDecryptor::OpenAgile(std::string_view xml, std::u16string_view password,
                                         ExtractContext& ctx) {
  agile_ = true;
  const std::size_t key_data = FindXmlElement(xml, "keyData");
  if (key_data == std::string_view::npos) {
    return Fail(OoxmlKeyStatus::kCorrupt, "Agile EncryptionInfo has no keyData");
  }
  AgileParams data;
  if (std::string why = ReadParams(xml, key_data, &data); !why.empty()) {
    return Fail(OoxmlKeyStatus::kUnsupported, "keyData: " + why);
  }
  // The password's key encryptor is the encryptedKey with a spin count.
  std::size_t key = std::string_view::npos;
  std::size_t from = 0;
  for (int i = 0; i < kMaxKeyEncryptors; ++i) {
    const std::size_t at = FindXmlElement(xml, "encryptedKey", from);
    if (at == std::string_view::npos) break;
    if (!XmlAttribute(xml, at, "spinCount").empty()) {
      key = at;
      break;
    }
    from = at + 1;
  }
  if (key == std::string_view::npos) {
    return Fail(OoxmlKeyStatus::kUnsupported, "no password key encryptor (certificate only)");
  }
  AgileParams pk;
  if (std::string why = ReadParams(xml, key, &pk); !why.empty()) {
    return Fail(OoxmlKeyStatus::kUnsupported, "encryptedKey: " + why);
  }
  std::uint64_t spin = 0;
  if (!Number(xml, key, "spinCount", &spin)) {
    return Fail(OoxmlKeyStatus::kCorrupt, "spinCount is not a number");
  }
  if (spin > kMaxSpinCount) {
    return Fail(OoxmlKeyStatus::kUnsupported, "spin count " + std::to_string(spin) +
                                                  " is over the " + std::to_string(kMaxSpinCount) +
                                                  " this reader runs");
  }
  const std::string input = Base64(xml, key, "encryptedVerifierHashInput");
  const std::string value = Base64(xml, key, "encryptedVerifierHashValue");
  const std::string secret = Base64(xml, key, "encryptedKeyValue");
  const std::size_t hash_size = static_cast<std::size_t>(EVP_MD_get_size(pk.md));
  if (input.empty() || value.size() < hash_size || secret.size() < data.key_bytes) {
    return Fail(OoxmlKeyStatus::kCorrupt, "encryptedKey values are missing or short");
  }
  // 2.3.4.11-2.3.4.13: one iterated hash; a key per block key; the salt as IV.
  const std::string h = IteratedHash(pk.md, pk.salt, Utf16Le(password), spin, ctx);
  if (h.empty()) {
    return Fail(ctx.stopped() ? OoxmlKeyStatus::kStopped : OoxmlKeyStatus::kUnsupported,
                "the key could not be derived");
  }
  const std::string iv = Fit(pk.salt, pk.block);
  auto key_for = [&](std::string_view block) { return Fit(Hash(pk.md, h, block), pk.key_bytes); };
  const std::string plain_input = AesDecrypt(key_for(kVerifierInputBlock), iv, input);
  const std::string plain_value = AesDecrypt(key_for(kVerifierValueBlock), iv, value);
  if (plain_input.empty() || plain_value.empty()) {
    return Fail(OoxmlKeyStatus::kCorrupt, "the verifier is not whole AES blocks");
  }
  // The verifier is saltSize random bytes, padded to the block size.
  const std::string expect = Hash(pk.md, std::string_view(plain_input).substr(0, pk.salt.size()));
  if (expect.empty() || expect != plain_value.substr(0, hash_size)) {
    return Fail(OoxmlKeyStatus::kWrongPassword, "the password does not match the verifier");
  }
  const std::string package_key = AesDecrypt(key_for(kKeyValueBlock), iv, secret);
  if (package_key.size() < data.key_bytes) {
    return Fail(OoxmlKeyStatus::kCorrupt, "the package key is not whole AES blocks");
  }
  key_ = package_key.substr(0, data.key_bytes);
  salt_ = data.salt;
  hash_ = data.hash_name;
  block_ = data.block;
  return OoxmlKeyStatus::kOpened;
}

bool OoxmlDecryptor::DecryptPackage(std::string_view stream, ExtractContext& ctx,
                                    std::string* package) {
  package->clear();
  if (stream.size() < 8) {
    ctx.Error("truncated", "EncryptedPackage is shorter than its size field");
    return false;
  }
  const std::uint64_t declared = static_cast<std::uint64_t>(Le32(stream, 0)) |
                                 static_cast<std::uint64_t>(Le32(stream, 4)) << 32;
  const std::string_view data = stream.substr(8);
  // Whole blocks covering the declared size, as far as the stream holds them.
  const std::uint64_t wanted = std::min<std::uint64_t>(declared, data.size());
  std::size_t n = static_cast<std::size_t>((wanted + block_ - 1) / block_ * block_);
  if (n > data.size()) n = data.size() / block_ * block_;
  if (!ctx.ChargeExpanded(n)) return false;
  package->resize(n);
  bool ok = true;
  if (!agile_) {
    ok = AesDecrypt(key_, {}, data.substr(0, n), package->data());
  } else {
    const EVP_MD* md = HashNamed(hash_);
    for (std::size_t at = 0; ok && at < n; at += kSegment) {
      if (at % kBytesPerCheck == 0 && at > 0 && !ctx.CheckTime()) {
        package->clear();
        return false;
      }
      const auto index = static_cast<std::uint32_t>(at / kSegment);
      const std::string iv = Fit(Hash(md, salt_, Le32Bytes(index)), block_);
      ok = AesDecrypt(key_, iv, data.substr(at, std::min(kSegment, n - at)), package->data() + at);
    }
  }
  if (!ok) {
    package->clear();
    ctx.Error("corrupt", "the encrypted package could not be decrypted");
    return false;
  }
  package->resize(std::min<std::uint64_t>(declared, n));
  if (declared > package->size()) {
    ctx.Error("truncated", "the encrypted package holds " + std::to_string(package->size()) +
                               " bytes of the " + std::to_string(declared) +
                               " its size field declares");
    return false;
  }
  return true;
}

}  // namespace mamori
