// S/MIME and CMS recognition (RFC 5652, RFC 8551): the content type of a
// CMS ContentInfo — a .p7m file, or the body of an application/pkcs7-mime
// mail part — in DER, BER (indefinite lengths, as OpenSSL streams it) or
// PEM ("-----BEGIN PKCS7-----"). Enveloped data is encrypted to recipients'
// certificates; signed data carries its content readable.
//
// Thread-safety: pure functions.
#ifndef MAMORI_SCANNER_EXTRACT_SMIME_DETECT_H_
#define MAMORI_SCANNER_EXTRACT_SMIME_DETECT_H_

#include <string>
#include <string_view>

namespace mamori {

enum class CmsType {
  kNone,               // not a ContentInfo
  kData,               // 1.2.840.113549.1.7.1
  kSignedData,         // 1.2.840.113549.1.7.2
  kEnvelopedData,      // 1.2.840.113549.1.7.3
  kAuthEnvelopedData,  // 1.2.840.113549.1.9.16.1.23
  kOther,              // another CMS content type
};

// The content type of the ContentInfo at the start of `head` (which may be
// cut short after the content type).
CmsType ClassifyCms(std::string_view head);

// Enveloped or auth-enveloped: content that needs a recipient's key.
inline bool CmsEncrypted(CmsType t) {
  return t == CmsType::kEnvelopedData || t == CmsType::kAuthEnvelopedData;
}

// An S/MIME smime-type parameter that names encrypted content
// ("enveloped-data", "authEnveloped-data"; any case).
bool SmimeTypeEncrypted(std::string_view smime_type);

// The content a SignedData ContentInfo `der` carries inside it (opaque
// signing), at most `limit` bytes; false when there is none (a detached
// signature) or it cannot be parsed.
bool CmsSignedContent(std::string_view der, std::size_t limit, std::string* out);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_SMIME_DETECT_H_
