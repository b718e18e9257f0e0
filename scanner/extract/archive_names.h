// Archive member names as UTF-8: names come from libarchive as whatever
// bytes the archiver wrote (UTF-8, CP932 from Japanese Windows, or a zip's
// CP437 reading of either), and are turned into UTF-8 that prints.
//
// Thread-safety: the functions are thread-safe; a Utf8LocaleScope affects
// only the thread that makes it.
#ifndef MAMORI_SCANNER_EXTRACT_ARCHIVE_NAMES_H_
#define MAMORI_SCANNER_EXTRACT_ARCHIVE_NAMES_H_

#include <locale.h>

#include <string>
#include <string_view>

namespace mamori {

// `raw` as UTF-8: kept when valid UTF-8, else decoded as CP932 when valid
// as that, else with every byte outside printable ASCII escaped as \xHH.
std::string NameAsUtf8(std::string_view raw);

// A zip member's name as libarchive gives it (read as CP437 when not
// flagged UTF-8), as the UTF-8 or CP932 name it was written as, when valid
// as one of them; `as_cp437` unchanged otherwise.
std::string UnflaggedZipName(const std::string& as_cp437);

// libarchive converts member names to the calling thread's locale; in the C
// locale a UTF-8 name cannot be converted at all and comes back null. Under
// C.UTF-8, flagged names arrive as UTF-8 and unflagged ones as their raw
// bytes, which NameAsUtf8 decodes. Hold one while libarchive reads headers.
class Utf8LocaleScope {
 public:
  Utf8LocaleScope();
  ~Utf8LocaleScope();
  Utf8LocaleScope(const Utf8LocaleScope&) = delete;
  Utf8LocaleScope& operator=(const Utf8LocaleScope&) = delete;

 private:
  locale_t old_ = static_cast<locale_t>(0);
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_ARCHIVE_NAMES_H_
