// SHA-256 as lower-case hex, for fingerprints of what the scanner is built
// from (the rule set, the compiled-database cache key). Never for values:
// identifiers are only ever hashed with the installation's key (keyed_hash.h).
//
// Thread-safety: pure function.
#ifndef MAMORI_SHA256_H_
#define MAMORI_SHA256_H_

#include <string>
#include <string_view>

namespace mamori {

std::string Sha256Hex(std::string_view data);

}  // namespace mamori

#endif  // MAMORI_SHA256_H_
