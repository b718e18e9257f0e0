// Masking and keyed hashing of identifier values: the only forms in which a
// value may leave the process.
//
// Thread-safety: a HashKey is immutable after Load; Hash may be called from
// any number of threads at once.
#ifndef MAMORI_KEYED_HASH_H_
#define MAMORI_KEYED_HASH_H_

#include <memory>
#include <string>
#include <string_view>

#include "mamori/finding.h"
#include "mamori/status.h"

namespace mamori {

// "********9018": every character but the last four replaced by '*'.
// Values shorter than ten characters keep only their last two, and values
// of four characters or fewer are masked entirely.
std::string MaskValue(std::string_view digits);

class HashKey {
 public:
  HashKey();  // the empty key: for tests and for hashes that are never stored

  // Reads the per-installation secret at `path`, creating it (32 random
  // bytes, mode 0600, parent directories 0700) on first use. Refuses a
  // secret file readable by group or others.
  static Status LoadOrCreate(const std::string& path, HashKey* key);

  // Default location: $MAMORI_SECRET_FILE, else
  // $XDG_CONFIG_HOME/mamori/secret, else ~/.config/mamori/secret.
  static std::string DefaultPath();

  // HMAC-SHA256 over type, a NUL and the normalised value, so the same
  // digits under two identifier types do not collide; its first 16 bytes.
  KeyedHash Hash(std::string_view type, std::string_view value) const;

 private:
  // HMAC's inner and outer hash states after the key block, computed once:
  // hashing millions of values then costs two compressions each, not four
  // (measured: a 110 MB CSV of My Numbers spent most of its time in HMAC()).
  struct Prepared;
  void Prepare();

  std::string secret_;
  std::shared_ptr<const Prepared> prepared_;
};

}  // namespace mamori

#endif  // MAMORI_KEYED_HASH_H_
