// The serialized Hyperscan database cache: compiling the rule set takes far
// longer than loading it, and scheduled scans start often.
//
// Entries are keyed by a hash of everything that shapes the database (the
// expressions with their flags, the Hyperscan version, the CPU features it
// was compiled for) and written atomically (temporary file, rename), mode 0600.
//
// Thread-safety: functions are safe to call concurrently, also from several
// processes sharing one cache directory.
#ifndef MAMORI_SCANNER_MATCHER_CACHE_H_
#define MAMORI_SCANNER_MATCHER_CACHE_H_

#include <string>
#include <string_view>

namespace mamori {

// The cache file for a key inside `dir`.
std::string CacheEntryPath(const std::string& dir, std::string_view key);

// Reads a whole entry; false if it is missing or unreadable.
bool ReadCacheEntry(const std::string& path, std::string* bytes);

// Writes an entry atomically, creating `dir` (mode 0700) if needed.
bool WriteCacheEntry(const std::string& dir, const std::string& path, std::string_view bytes);

}  // namespace mamori

#endif  // MAMORI_SCANNER_MATCHER_CACHE_H_
