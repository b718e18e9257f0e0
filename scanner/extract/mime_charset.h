// MIME charsets to UTF-8. Japanese mail's charsets (ISO-2022-JP and its
// extensions, Shift_JIS as Windows writes it, EUC-JP) and the Unicode forms
// go through mamori::TextDecoder, whose CP932 and EUC-JP-MS tables read the
// Microsoft variants (①, ㈱, the NEC and IBM rows) that mail labelled plain
// "Shift_JIS" or "ISO-2022-JP" carries; every other charset glibc knows goes
// through iconv. Text without a charset, or with one nobody knows, is read in
// the encoding DetectEncoding finds.
//
// Thread-safety: pure functions (each call opens its own converter).
#ifndef MAMORI_SCANNER_EXTRACT_MIME_CHARSET_H_
#define MAMORI_SCANNER_EXTRACT_MIME_CHARSET_H_

#include <string>
#include <string_view>

namespace mamori {

// Appends the UTF-8 text of `bytes`, written in MIME charset `charset` (any
// case, "" for none), to *out. Bytes the charset does not map become U+FFFD.
// Returns false when `charset` names a charset no converter knows; the text
// was then read in its detected encoding.
bool CharsetToUtf8(std::string_view charset, std::string_view bytes, std::string* out);

// Appends the UTF-8 text of `bytes` of unknown encoding (8-bit header text,
// an unlabelled body) to *out: ASCII as it is, else the detected encoding.
void UnlabelledToUtf8(std::string_view bytes, std::string* out);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_MIME_CHARSET_H_
