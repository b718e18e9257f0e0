#include "smime_detect.h"

#include <openssl/asn1.h>
#include <openssl/cms.h>
#include <openssl/objects.h>

#include <algorithm>
#include <climits>
#include <cstdint>

#include "mime_decode.h"

namespace mamori {

namespace {

// 1.2.840.113549.1.7.x and 1.2.840.113549.1.9.16.1.23, DER-encoded.
constexpr std::string_view kPkcs7Prefix = "\x2A\x86\x48\x86\xF7\x0D\x01\x07";
constexpr std::string_view kAuthEnveloped = "\x2A\x86\x48\x86\xF7\x0D\x01\x09\x10\x01\x17";
constexpr std::size_t kMaxOidLength = 32;
// Enough PEM text for the ContentInfo's first bytes.
constexpr std::size_t kPemBase64Chars = 256;

unsigned Byte(std::string_view s, std::size_t at) { return static_cast<unsigned char>(s[at]); }

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return Lower(x) == Lower(y); });
}

// The DER/BER bytes of a PEM block at the start of `head`, as far as the
// first kPemBase64Chars of its body go.
std::string PemBody(std::string_view head) {
  const std::size_t pos = head.find('\n');
  if (pos == std::string_view::npos) return {};
  return DecodeArmoredHead(head.substr(pos + 1), kPemBase64Chars);
}

CmsType ClassifyDer(std::string_view s) {
  // SEQUENCE { contentType OBJECT IDENTIFIER, content [0] EXPLICIT ... }
  if (s.size() < 2 || Byte(s, 0) != 0x30) return CmsType::kNone;
  std::size_t at = 2;
  std::uint64_t outer = 0;
  bool definite = true;
  const unsigned len = Byte(s, 1);
  if (len == 0x80) {
    definite = false;
  } else if (len > 0x80) {
    const unsigned n = len & 0x7F;
    if (n > 4 || s.size() < 2 + n) return CmsType::kNone;
    for (unsigned i = 0; i < n; ++i) outer = outer << 8 | Byte(s, 2 + i);
    at = 2 + n;
  } else {
    outer = len;
  }
  if (s.size() < at + 2 || Byte(s, at) != 0x06) return CmsType::kNone;
  const std::size_t oid_length = Byte(s, at + 1);
  if (oid_length == 0 || oid_length > kMaxOidLength) return CmsType::kNone;
  if (definite && outer < 2 + oid_length) return CmsType::kNone;
  if (s.size() < at + 2 + oid_length) return CmsType::kNone;
  const std::string_view oid = s.substr(at + 2, oid_length);
  const std::size_t after = at + 2 + oid_length;
  // The content, when there is any, is explicitly tagged [0].
  if (after < s.size() && (!definite || outer > 2 + oid_length) && Byte(s, after) != 0xA0) {
    return CmsType::kNone;
  }
  if (oid == kAuthEnveloped) return CmsType::kAuthEnvelopedData;
  if (oid.size() == kPkcs7Prefix.size() + 1 && oid.starts_with(kPkcs7Prefix)) {
    switch (Byte(oid, kPkcs7Prefix.size())) {
      case 1: return CmsType::kData;
      case 2: return CmsType::kSignedData;
      case 3: return CmsType::kEnvelopedData;
      default: return CmsType::kOther;
    }
  }
  // Another object identifier: CMS, or any DER that happens to start so.
  return oid.starts_with("\x2A\x86\x48\x86\xF7\x0D\x01") ? CmsType::kOther : CmsType::kNone;
}

}  // namespace

CmsType ClassifyCms(std::string_view head) {
  for (std::string_view pem : {"-----BEGIN PKCS7-----", "-----BEGIN CMS-----"}) {
    if (head.starts_with(pem)) return ClassifyDer(PemBody(head));
  }
  return ClassifyDer(head);
}

bool SmimeTypeEncrypted(std::string_view smime_type) {
  return EqualsIgnoreCase(smime_type, "enveloped-data") ||
         EqualsIgnoreCase(smime_type, "authenveloped-data");
}

bool CmsSignedContent(std::string_view der, std::size_t limit, std::string* out) {
  out->clear();
  if (der.size() > static_cast<std::size_t>(LONG_MAX)) return false;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  CMS_ContentInfo* cms = d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size()));
  if (cms == nullptr) return false;
  bool ok = false;
  if (OBJ_obj2nid(CMS_get0_type(cms)) == NID_pkcs7_signed) {
    ASN1_OCTET_STRING** content = CMS_get0_content(cms);
    if (content != nullptr && *content != nullptr) {
      const int n = ASN1_STRING_length(*content);
      const unsigned char* data = ASN1_STRING_get0_data(*content);
      if (n > 0 && data != nullptr) {
        out->assign(reinterpret_cast<const char*>(data),
                    std::min<std::size_t>(static_cast<std::size_t>(n), limit));
        ok = true;
      }
    }
  }
  CMS_ContentInfo_free(cms);
  return ok;
}

}  // namespace mamori
