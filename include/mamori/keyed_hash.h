// Masking and keyed hashing of identifier values: the only forms in which a
// value may leave the process.
//
// Thread-safety: a HashKey is immutable after Load; Hash may be called from
// any number of threads at once.
#ifndef MAMORI_KEYED_HASH_H_
#define MAMORI_KEYED_HASH_H_

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
  // Reads the per-installation secret at `path`, creating it (32 random
  // bytes, mode 0600, parent directories 0700) on first use. Refuses a
  // secret file readable by group or others.
  static Status LoadOrCreate(const std::string& path, HashKey* key);

  // Default location: $MAMORI_SECRET_FILE, else
  // $XDG_CONFIG_HOME/mamori/secret, else ~/.config/mamori/secret.
  static std::string DefaultPath();

  // HMAC-SHA256 over type, a NUL and the normalised value, so the same
  // digits under two identifier types do not collide.
  KeyedHash Hash(std::string_view type, std::string_view value) const;

 private:
  std::string secret_;
};

}  // namespace mamori

#endif  // MAMORI_KEYED_HASH_H_
