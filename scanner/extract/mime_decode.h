// MIME byte decoders: the Content-Transfer-Encodings (base64,
// quoted-printable) and the %XX escapes of RFC 2231 parameters. All are
// tolerant: mail in the wild wraps, pads and garbles these, and a damaged
// body is still worth reading, so decoding never stops early; what could not
// be read is counted for the caller to report.
//
// Thread-safety: pure functions.
#ifndef MAMORI_SCANNER_EXTRACT_MIME_DECODE_H_
#define MAMORI_SCANNER_EXTRACT_MIME_DECODE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace mamori {

enum class TransferEncoding { kIdentity, kBase64, kQuotedPrintable };

// The Content-Transfer-Encoding named by a header value ("Base64 ",
// "quoted-printable", "7bit", ...). Unknown names read as identity.
TransferEncoding ParseTransferEncoding(std::string_view value);

// Appends the bytes of base64 `in` to *out. Line breaks and whitespace are
// skipped; other characters outside the alphabet are skipped and counted in
// *invalid. Padding ends a quantum, so base64 blocks joined end to end (a
// body concatenated by a broken mailer) decode as each block would.
void DecodeBase64(std::string_view in, std::string* out, std::size_t* invalid);

// The first bytes of an ASCII-armored base64 body (OpenPGP armor, PEM)
// beginning at `body`: its base64 characters up to a line that starts with
// '=' (a checksum) or '-' (the END line), at most `max_chars` of them, in
// whole groups of four. For recognising a format from its head.
std::string DecodeArmoredHead(std::string_view body, std::size_t max_chars);

// Appends the bytes of quoted-printable `in` to *out. Soft line breaks ("="
// at the end of a line, before CRLF or LF) are removed; an "=" not followed
// by two hex digits is kept as it is. `header_q` reads the RFC 2047 "Q"
// form, where '_' stands for a space.
void DecodeQuotedPrintable(std::string_view in, bool header_q, std::string* out);

// Appends `in` with each %XX escape replaced by its byte (RFC 2231
// extended parameter values); a '%' without two hex digits is kept.
void DecodePercent(std::string_view in, std::string* out);

// Decodes `in` in transfer encoding `te` into *out (replacing its content).
// Returns the count of invalid characters skipped.
std::size_t DecodeTransfer(TransferEncoding te, std::string_view in, std::string* out);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_MIME_DECODE_H_
