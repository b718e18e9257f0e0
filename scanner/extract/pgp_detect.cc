#include "pgp_detect.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "mime_decode.h"

namespace mamori {

namespace {

// Packet tags (RFC 9580 5).
constexpr int kTagPkesk = 1;
constexpr int kTagSkesk = 3;
constexpr int kTagSed = 9;     // symmetrically encrypted data (legacy)
constexpr int kTagSeipd = 18;  // symmetrically encrypted integrity protected
constexpr int kTagAead = 20;   // OCB encrypted data (LibrePGP)

// Session key packets are small; a longer one is not one.
constexpr std::uint32_t kMaxPkeskLength = 8192;
constexpr std::uint32_t kMaxSkeskLength = 1024;
// Enough armored text for the first few packets.
constexpr std::size_t kArmorBase64Chars = 4096;

unsigned Byte(std::string_view s, std::size_t at) { return static_cast<unsigned char>(s[at]); }

struct PacketHeader {
  int tag = 0;
  std::size_t header_length = 0;
  std::uint32_t body_length = 0;
  bool definite = true;  // a partial or indeterminate length is not
};

// The packet header at `at`; false when it is not one or is cut short.
bool ReadHeader(std::string_view s, std::size_t at, PacketHeader* h) {
  if (at >= s.size()) return false;
  const unsigned b0 = Byte(s, at);
  if ((b0 & 0x80) == 0) return false;
  const std::size_t left = s.size() - at;
  if (b0 & 0x40) {  // new format
    h->tag = b0 & 0x3F;
    if (left < 2) return false;
    const unsigned b1 = Byte(s, at + 1);
    if (b1 < 192) {
      h->header_length = 2;
      h->body_length = b1;
    } else if (b1 < 224) {
      if (left < 3) return false;
      h->header_length = 3;
      h->body_length = ((b1 - 192) << 8) + Byte(s, at + 2) + 192;
    } else if (b1 == 255) {
      if (left < 6) return false;
      h->header_length = 6;
      h->body_length =
          Byte(s, at + 2) << 24 | Byte(s, at + 3) << 16 | Byte(s, at + 4) << 8 | Byte(s, at + 5);
    } else {
      h->header_length = 2;
      h->body_length = 1u << (b1 & 0x1F);
      h->definite = false;
    }
    return true;
  }
  h->tag = (b0 >> 2) & 0x0F;  // old format
  const unsigned type = b0 & 0x03;
  if (type == 3) {
    h->header_length = 1;
    h->definite = false;
    return true;
  }
  const std::size_t n = type == 0 ? 1 : type == 1 ? 2 : 4;
  if (left < 1 + n) return false;
  h->header_length = 1 + n;
  h->body_length = 0;
  for (std::size_t i = 0; i < n; ++i) h->body_length = h->body_length << 8 | Byte(s, at + 1 + i);
  return true;
}

bool KnownCipher(unsigned c) { return c >= 1 && c <= 13 && c != 5 && c != 6; }

bool KnownHash(unsigned h) { return (h >= 1 && h <= 3) || (h >= 8 && h <= 12) || h == 14; }

bool KnownAead(unsigned a) { return a >= 1 && a <= 3; }

// The length of a string-to-key specifier of `type` (simple, salted,
// iterated and salted, Argon2), or 0 for an unknown type.
std::size_t S2kLength(unsigned type) {
  switch (type) {
    case 0: return 2;
    case 1: return 10;
    case 3: return 11;
    case 4: return 20;
    default: return 0;
  }
}

std::size_t MpiBytes(std::string_view s, std::size_t at) {
  return ((Byte(s, at) << 8 | Byte(s, at + 1)) + 7) / 8;
}

// The algorithm-specific fields of a PKESK from `at` to the end of the
// packet (`length`): their own lengths must add up to it exactly.
bool PkeskFieldsFit(std::string_view body, std::size_t at, unsigned algorithm,
                    std::uint32_t length) {
  auto need = [&](std::size_t n) { return at + n <= body.size(); };
  switch (algorithm) {
    case 1:  // RSA: one MPI
    case 2: {
      if (!need(2)) return false;
      const std::size_t n = MpiBytes(body, at);
      return n >= 32 && at + 2 + n == length;
    }
    case 16: {  // Elgamal: two MPIs
      if (!need(2)) return false;
      const std::size_t first = at + 2 + MpiBytes(body, at);
      if (first + 2 > body.size()) return false;
      return first + 2 + MpiBytes(body, first) == length;
    }
    case 18: {  // ECDH: an MPI, then a sized wrapped key
      if (!need(2)) return false;
      const std::size_t key = at + 2 + MpiBytes(body, at);
      return key < body.size() && key + 1 + Byte(body, key) == length;
    }
    case 25:    // X25519: 32 bytes, then a sized wrapped key
    case 26: {  // X448: 56 bytes
      const std::size_t key = at + (algorithm == 25 ? 32 : 56);
      return key < body.size() && key + 1 + Byte(body, key) == length;
    }
    default: return false;
  }
}

// The body of a session key packet, which must lie in `body` as far as
// the fields that check it go.
bool ValidPkesk(std::string_view body, std::uint32_t length) {
  if (length < 12 || length > kMaxPkeskLength || body.size() < 3) return false;
  const unsigned version = Byte(body, 0);
  if (version == 3) {
    // Version, key ID (8), algorithm, fields.
    return body.size() > 9 && PkeskFieldsFit(body, 10, Byte(body, 9), length);
  }
  if (version == 6) {
    // Version, length of the key version and fingerprint (0, 21 or 33),
    // them, algorithm, fields.
    const std::size_t n = Byte(body, 1);
    if (n != 0 && n != 21 && n != 33) return false;
    return body.size() > 2 + n && PkeskFieldsFit(body, 3 + n, Byte(body, 2 + n), length);
  }
  return false;
}

bool ValidSkesk(std::string_view body, std::uint32_t length) {
  if (length < 4 || length > kMaxSkeskLength || body.size() < 4) return false;
  const unsigned version = Byte(body, 0);
  if (version == 4) {
    // Version, cipher, S2K (type, hash, ...), then optionally the session
    // key encrypted with a 128-, 192- or 256-bit key (and its algorithm).
    const std::size_t s2k = S2kLength(Byte(body, 2));
    if (!KnownCipher(Byte(body, 1)) || s2k == 0 || s2k == 20 || !KnownHash(Byte(body, 3)))
      return false;
    const std::size_t rest = length - std::min<std::size_t>(length, 2 + s2k);
    return length >= 2 + s2k && (rest == 0 || rest == 17 || rest == 25 || rest == 33);
  }
  if (version == 5) {  // version, cipher, AEAD mode, S2K, IV, key, tag
    const std::size_t s2k = S2kLength(Byte(body, 3));
    return KnownCipher(Byte(body, 1)) && KnownAead(Byte(body, 2)) && s2k != 0 &&
           length > 3 + s2k + 16;
  }
  if (version == 6) {  // version, count, cipher, AEAD mode, S2K length, S2K, ...
    if (body.size() < 6) return false;
    const std::size_t s2k = Byte(body, 4);
    return KnownCipher(Byte(body, 2)) && KnownAead(Byte(body, 3)) && s2k != 0 &&
           S2kLength(Byte(body, 5)) == s2k && Byte(body, 1) == 3 + s2k && length > 5 + s2k + 16;
  }
  return false;
}

}  // namespace

PgpMessage ClassifyPgpBinary(std::string_view head) {
  PgpMessage m;
  std::size_t at = 0;
  // Session key packets, one per recipient or passphrase, then the data.
  for (int n = 0; n < 64; ++n) {
    PacketHeader h;
    if (at < head.size() && (Byte(head, at) & 0x80) == 0) return PgpMessage();
    if (!ReadHeader(head, at, &h)) return m;  // cut short: judged on what came before
    const std::size_t body_at = at + h.header_length;
    const std::string_view body = head.substr(body_at, h.body_length);
    if (h.tag == kTagPkesk || h.tag == kTagSkesk) {
      if (!h.definite) return PgpMessage();
      const bool valid =
          h.tag == kTagPkesk ? ValidPkesk(body, h.body_length) : ValidSkesk(body, h.body_length);
      if (!valid) return PgpMessage();
      m.recognised = m.encrypted = true;
      (h.tag == kTagPkesk ? m.public_key : m.passphrase) = true;
      at = body_at + h.body_length;
      if (at >= head.size()) return m;
      continue;
    }
    // After session key packets only encrypted data may follow.
    if (n > 0 && h.tag != kTagSed && h.tag != kTagSeipd && h.tag != kTagAead) return PgpMessage();
    return m;
  }
  return m;
}

PgpMessage ClassifyPgpArmored(std::string_view head) {
  const std::size_t start = head.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  head.remove_prefix(start);
  if (!head.starts_with("-----BEGIN PGP MESSAGE")) return {};
  PgpMessage m;
  m.recognised = true;
  // Armor headers ("Version: ...") end at the first blank line.
  std::size_t pos = head.find('\n');
  while (pos != std::string_view::npos) {
    ++pos;
    const std::size_t eol = head.find('\n', pos);
    std::string_view line = head.substr(pos, eol == std::string_view::npos ? eol : eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = eol;
    if (line.find_first_not_of(" \t") == std::string_view::npos) break;
  }
  if (pos == std::string_view::npos) return m;
  // The base64 body runs to the checksum line ("=XXXX") or the end line.
  const std::string bytes = DecodeArmoredHead(head.substr(pos + 1), kArmorBase64Chars);
  const PgpMessage inner = ClassifyPgpBinary(bytes);
  m.encrypted = inner.encrypted;
  m.passphrase = inner.passphrase;
  m.public_key = inner.public_key;
  return m;
}

PgpMessage ClassifyPgp(std::string_view head) {
  const PgpMessage armored = ClassifyPgpArmored(head);
  return armored.recognised ? armored : ClassifyPgpBinary(head);
}

}  // namespace mamori
