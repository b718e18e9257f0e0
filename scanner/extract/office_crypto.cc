#include "office_crypto.h"

#include <openssl/evp.h>

#include <utility>

#include "byte_order.h"

namespace mamori {

namespace {

// EncryptionHeader.Flags ([MS-OFFCRYPTO] 2.3.1).
constexpr std::uint32_t kFlagCryptoApi = 0x04;
constexpr std::uint32_t kFlagAes = 0x20;
constexpr std::uint32_t kFlagExternal = 0x10;
// ALG_IDs.
constexpr std::uint32_t kAlgRc4 = 0x6801;
constexpr std::uint32_t kAlgAes128 = 0x660E;
constexpr std::uint32_t kAlgAes192 = 0x660F;
constexpr std::uint32_t kAlgAes256 = 0x6610;
constexpr std::uint32_t kAlgSha1 = 0x8004;

// Longest namespace prefix (with its colon) looked back over.
constexpr std::size_t kMaxPrefix = 64;
// Bytes of an EncryptionHeader before its CSP name.
constexpr std::size_t kHeaderFixed = 32;

// An empty string when the digest is unavailable.
std::string Digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (md == nullptr || EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) {
    return {};
  }
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string AlgName(std::uint32_t alg, std::uint32_t flags, std::uint32_t key_bits) {
  if (alg == 0) alg = (flags & kFlagAes) ? kAlgAes128 : (flags & kFlagCryptoApi) ? kAlgRc4 : 0;
  switch (alg) {
    case kAlgAes128: return "AES-128";
    case kAlgAes192: return "AES-192";
    case kAlgAes256: return "AES-256";
    case kAlgRc4: return "RC4-" + std::to_string(key_bits == 0 ? 40 : key_bits);
    default: return {};
  }
}

}  // namespace

std::string Utf16Le(std::u16string_view s) {
  std::string out;
  for (char16_t c : s) {
    out.push_back(static_cast<char>(c & 0xFF));
    out.push_back(static_cast<char>(c >> 8));
  }
  return out;
}

std::string XmlAttribute(std::string_view xml, std::size_t tag, std::string_view name) {
  if (tag >= xml.size()) return {};
  const std::size_t end = xml.find('>', tag);
  const std::string_view t = xml.substr(tag, end == std::string_view::npos ? end : end - tag);
  std::size_t pos = 0;
  while ((pos = t.find(name, pos)) != std::string_view::npos) {
    const std::size_t after = pos + name.size();
    const bool starts = pos > 0 && (t[pos - 1] == ' ' || t[pos - 1] == '\t' || t[pos - 1] == '\n' ||
                                    t[pos - 1] == '\r');
    if (starts && after + 1 < t.size() && t[after] == '=' &&
        (t[after + 1] == '"' || t[after + 1] == '\'')) {
      const char quote = t[after + 1];
      const std::size_t close = t.find(quote, after + 2);
      if (close == std::string_view::npos) return {};
      return std::string(t.substr(after + 2, close - after - 2));
    }
    pos = after;
  }
  return {};
}

std::size_t FindXmlElement(std::string_view xml, std::string_view local, std::size_t from) {
  std::size_t pos = from;
  while ((pos = xml.find(local, pos)) != std::string_view::npos) {
    const std::size_t after = pos + local.size();
    const bool ends =
        after < xml.size() && (xml[after] == ' ' || xml[after] == '/' || xml[after] == '>' ||
                               xml[after] == '\n' || xml[after] == '\r' || xml[after] == '\t');
    // Back over a namespace prefix; a bounded walk, so that text repeating
    // the name without separators stays linear.
    std::size_t open = pos;
    while (open > 0 && pos - open < kMaxPrefix && xml[open - 1] != '<' && xml[open - 1] != ' ' &&
           xml[open - 1] != '>') {
      --open;
    }
    if (ends && open > 0 && xml[open - 1] == '<') return open - 1;
    pos = after;
  }
  return std::string_view::npos;
}

bool ParseOoxmlEncryptionInfo(std::string_view info, OoxmlEncryption* out) {
  *out = {};
  if (info.size() < 8) return false;
  out->major = Le16(info, 0);
  out->minor = Le16(info, 2);
  const std::uint32_t flags = Le32(info, 4);
  if (out->major == 4 && out->minor == 4) {
    out->scheme = "ooxml-agile";
    // The XML follows the 8-byte version and reserved field.
    const std::string_view xml = info.substr(8);
    const std::size_t key_data = FindXmlElement(xml, "keyData");
    if (key_data == std::string_view::npos) return true;
    const std::string cipher = XmlAttribute(xml, key_data, "cipherAlgorithm");
    const std::string bits = XmlAttribute(xml, key_data, "keyBits");
    if (!cipher.empty()) out->strength = bits.empty() ? cipher : cipher + "-" + bits;
    return true;
  }
  const bool standard = out->minor == 2 && out->major >= 2 && out->major <= 4;
  const bool extensible = out->minor == 3 && (out->major == 3 || out->major == 4);
  if (!standard && !extensible) return false;
  out->scheme = "ooxml-standard";
  if (flags & kFlagExternal) return true;  // an extensible provider names no cipher here
  if (info.size() < 12 + kHeaderFixed) return false;
  const std::uint32_t header_size = Le32(info, 8);
  if (header_size < kHeaderFixed) return false;
  const std::string_view h = info.substr(12);
  out->strength = AlgName(Le32(h, 8), Le32(h, 0), Le32(h, 16));
  return true;
}

void Rc4::Reset(std::string_view key) {
  for (int k = 0; k < 256; ++k) s_[k] = static_cast<std::uint8_t>(k);
  std::uint8_t j = 0;
  for (int k = 0; k < 256; ++k) {
    j = static_cast<std::uint8_t>(j + s_[k] + static_cast<std::uint8_t>(key[k % key.size()]));
    std::swap(s_[k], s_[j]);
  }
  i_ = j_ = 0;
}

void Rc4::Apply(char* data, std::size_t n) {
  for (std::size_t k = 0; k < n; ++k) {
    i_ = static_cast<std::uint8_t>(i_ + 1);
    j_ = static_cast<std::uint8_t>(j_ + s_[i_]);
    std::swap(s_[i_], s_[j_]);
    data[k] = static_cast<char>(static_cast<std::uint8_t>(data[k]) ^
                                s_[static_cast<std::uint8_t>(s_[i_] + s_[j_])]);
  }
}

void Rc4::Skip(std::size_t n) {
  char buf[256];
  while (n > 0) {
    const std::size_t m = n < sizeof buf ? n : sizeof buf;
    Apply(buf, m);
    n -= m;
  }
}

BinaryRc4Parse ParseBinaryRc4Header(std::string_view data, BinaryRc4Header* out) {
  *out = {};
  if (data.size() < 4) return BinaryRc4Parse::kTruncated;
  out->major = Le16(data, 0);
  out->minor = Le16(data, 2);
  if (out->major == 1 && out->minor == 1) {
    // Version, then salt, verifier and verifier hash, 16 bytes each.
    if (data.size() < 52) return BinaryRc4Parse::kTruncated;
    out->salt = data.substr(4, 16);
    out->encrypted_verifier = data.substr(20, 16);
    out->encrypted_verifier_hash = data.substr(36, 16);
    return BinaryRc4Parse::kOk;
  }
  if (out->minor != 2 || out->major < 2 || out->major > 4) return BinaryRc4Parse::kUnknownVersion;
  out->cryptoapi = true;
  if (data.size() < 12) return BinaryRc4Parse::kTruncated;
  const std::uint32_t header_size = Le32(data, 8);
  if (header_size < kHeaderFixed) return BinaryRc4Parse::kUnsupported;
  if (data.size() - 12 < header_size) return BinaryRc4Parse::kTruncated;
  const std::string_view h = data.substr(12, header_size);
  std::uint32_t alg = Le32(h, 8);
  const std::uint32_t hash = Le32(h, 12);
  std::uint32_t bits = Le32(h, 16);
  if (alg == 0) alg = kAlgRc4;
  if (bits == 0) bits = 40;
  if (alg != kAlgRc4 || (hash != 0 && hash != kAlgSha1) || bits < 40 || bits > 128 || bits % 8) {
    return BinaryRc4Parse::kUnsupported;
  }
  out->key_bits = bits;
  // EncryptionVerifier: SaltSize, Salt, EncryptedVerifier, VerifierHashSize,
  // EncryptedVerifierHash (20 bytes for RC4 with SHA-1).
  const std::string_view v = data.substr(12 + header_size);
  if (v.size() < 4 + 16 + 16 + 4 + 20) return BinaryRc4Parse::kTruncated;
  if (Le32(v, 0) != 16 || Le32(v, 36) != 20) return BinaryRc4Parse::kUnsupported;
  out->salt = v.substr(4, 16);
  out->encrypted_verifier = v.substr(20, 16);
  out->encrypted_verifier_hash = v.substr(40, 20);
  return BinaryRc4Parse::kOk;
}

bool BinaryRc4Key::Init(const BinaryRc4Header& header, std::u16string_view password) {
  cryptoapi_ = header.cryptoapi;
  key_bytes_ = header.key_bits / 8;
  if (password.size() > 255 || header.salt.size() != 16) return false;
  const std::string pw = Utf16Le(password);
  const EVP_MD* md = cryptoapi_ ? EVP_sha1() : EVP_md5();
  if (cryptoapi_) {
    h_ = Digest(md, header.salt + pw);
  } else {
    // [MS-OFFCRYPTO] 2.3.6.2: the password's MD5 cut to 40 bits, sixteen
    // times over with the salt, hashed again and cut to 40 bits.
    const std::string h0 = Digest(md, pw);
    if (h0.size() < 5) return false;
    std::string buffer;
    for (int k = 0; k < 16; ++k) buffer += h0.substr(0, 5) + header.salt;
    h_ = Digest(md, buffer).substr(0, 5);
  }
  if (h_.empty()) return false;
  const std::size_t hash_size = cryptoapi_ ? 20 : 16;
  if (header.encrypted_verifier.size() != 16 ||
      header.encrypted_verifier_hash.size() != hash_size) {
    return false;
  }
  // The verifier and its hash are one RC4 run under block 0's key.
  std::string verifier = header.encrypted_verifier;
  std::string hash = header.encrypted_verifier_hash;
  Rc4 rc4 = Block(0);
  rc4.Apply(verifier.data(), verifier.size());
  rc4.Apply(hash.data(), hash.size());
  const std::string expect = Digest(md, verifier);
  return !expect.empty() && expect == hash;
}

Rc4 BinaryRc4Key::Block(std::uint32_t block) const {
  std::string input = h_;
  input += Le32Bytes(block);
  std::string key = Digest(cryptoapi_ ? EVP_sha1() : EVP_md5(), input);
  if (key.size() < 16) key.resize(16);  // digest unavailable: Init already failed
  if (!cryptoapi_) {
    key.resize(16);
  } else if (key_bytes_ == 5) {
    // A 40-bit CryptoAPI key is used as 128 bits, zero-padded.
    key = key.substr(0, 5) + std::string(11, '\0');
  } else {
    key.resize(key_bytes_);
  }
  return Rc4(key);
}

std::uint16_t XorPasswordVerifier(std::u16string_view password) {
  // [MS-OFFCRYPTO] 2.3.7.1: the length, then each character's low byte (its
  // high byte when the low one is zero), folded in from the end.
  std::string bytes(1, static_cast<char>(password.size()));
  for (char16_t c : password) bytes.push_back(static_cast<char>((c & 0xFF) ? c & 0xFF : c >> 8));
  std::uint16_t v = 0;
  for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) {
    const std::uint16_t carry = (v & 0x4000) ? 1 : 0;
    v = static_cast<std::uint16_t>(((v << 1) & 0x7FFF) | carry);
    v ^= static_cast<std::uint8_t>(*it);
  }
  return v ^ 0xCE4B;
}

}  // namespace mamori
