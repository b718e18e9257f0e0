// Rar5Headers: which members of a RAR 5 archive are encrypted, read from
// its block headers. libarchive (3.6) lists a RAR 5 member whose header
// carries a file encryption record (extra record 0x01) without marking it
// encrypted, so the headers are walked here. The walk is bounded: no size or
// count in the file is trusted (every block lies inside the file, a header
// is at most 2 MiB, at most `max_entries` file headers are read).
//
// Thread-safety: not thread-safe; Rar5Headers is a value type, and one
// Rar5EncryptedNames serves one archive being read.
#ifndef MAMORI_SCANNER_EXTRACT_RAR5_HEADERS_H_
#define MAMORI_SCANNER_EXTRACT_RAR5_HEADERS_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "input.h"

namespace mamori {

struct Rar5Headers {
  std::vector<std::string> encrypted;  // names of encrypted file members
  bool headers_encrypted = false;      // an archive encryption header (type 4)
};

// Walks the RAR 5 block headers in `in`, at most `max_entries` file headers.
// Returns false when `in` does not start with the RAR 5 signature.
bool ReadRar5Headers(Input& in, std::uint64_t max_entries, Rar5Headers* out);

// The encrypted members of one RAR 5 archive as its members are listed:
// the headers are walked only at the first member asked about, and a name
// listed encrypted n times answers true n times, so repeated names match
// entry by entry.
class Rar5EncryptedNames {
 public:
  bool Take(Input& in, std::uint64_t max_entries, const std::string& name);

 private:
  bool read_ = false;
  std::unordered_map<std::string, int> counts_;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_RAR5_HEADERS_H_
