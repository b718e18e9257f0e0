// The protection scheme of an encrypted PDF, from its Encrypt dictionary
// (ISO 32000-2 7.6), which poppler-cpp does not expose: the trailer's (or
// cross-reference stream's) /Encrypt entry, direct or an indirect reference
// to an object outside any object stream (the standard keeps it there), and
// in it /Filter, /V, /R, /Length and the crypt filters' /CFM.
//
// Searches are bounded and from the end of the file, where the last
// trailer is; nothing is decrypted.
//
// Thread-safety: pure function.
#ifndef MAMORI_SCANNER_EXTRACT_PDF_ENCRYPT_H_
#define MAMORI_SCANNER_EXTRACT_PDF_ENCRYPT_H_

#include <string>
#include <string_view>

namespace mamori {

// "pdf-rc4-40" (V1, or RC4 with a 40-bit key), "pdf-rc4-128" (R3/R4 RC4),
// "pdf-aes128" (R4 AESV2), "pdf-aes256" (R5/R6, AESV3), "pdf-encrypted"
// (an Encrypt entry whose dictionary cannot be found or read, or another
// security handler); empty when the file has no Encrypt entry.
std::string PdfEncryptionScheme(std::string_view data);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_PDF_ENCRYPT_H_
