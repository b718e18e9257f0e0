// OpenPGP message recognition (RFC 4880, RFC 9580): whether the start of a
// file is an OpenPGP message, binary or ASCII-armored, and whether it is
// encrypted with a passphrase (symmetric, SKESK packets) or to public keys
// (PKESK packets). Only packet headers and the first fields of the session
// key packets are read; nothing is decrypted.
//
// Binary recognition is strict, so that random binary data is not taken for
// OpenPGP: the first packet must be a session key packet of a known version
// with a known algorithm whose fields add up to its length (they must lie
// in `head`), and when the next packet
// header lies in `head` it must be another session key packet or encrypted
// data.
//
// Thread-safety: pure functions.
#ifndef MAMORI_SCANNER_EXTRACT_PGP_DETECT_H_
#define MAMORI_SCANNER_EXTRACT_PGP_DETECT_H_

#include <string_view>

namespace mamori {

struct PgpMessage {
  bool recognised = false;  // an OpenPGP message (armored: any message)
  bool encrypted = false;   // starts with session key packets
  bool passphrase = false;  // a SKESK: opens with a passphrase
  bool public_key = false;  // a PKESK: opens with a recipient's secret key
};

// Binary packets at the start of `head` (the first bytes of the message;
// it may be cut short anywhere).
PgpMessage ClassifyPgpBinary(std::string_view head);

// "-----BEGIN PGP MESSAGE" armor at the start of `head` (after blanks): the
// packets of the base64 body are classified as binary ones, and an armored
// message is recognised even when they cannot be.
PgpMessage ClassifyPgpArmored(std::string_view head);

// Either form.
PgpMessage ClassifyPgp(std::string_view head);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_PGP_DETECT_H_
