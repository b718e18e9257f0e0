// Character references of HTML and XML: numeric (&#12345; &#x3042;) and the
// named ones documents actually use (XML's five, HTML's common symbols).
//
// Thread-safety: pure functions.
#ifndef MAMORI_SCANNER_EXTRACT_MARKUP_ENTITIES_H_
#define MAMORI_SCANNER_EXTRACT_MARKUP_ENTITIES_H_

#include <string>
#include <string_view>

namespace mamori {

// Appends the UTF-8 of reference `name` (what stands between '&' and ';')
// to *out; false, appending nothing, when it is not one. A numeric
// reference to no character (0, a surrogate, past U+10FFFF) gives U+FFFD.
// `legacy_only`: the reference had no ';', which HTML forgives only for
// the few names old pages wrote that way.
bool DecodeEntity(std::string_view name, bool legacy_only, std::string* out);

// Appends code point `cp` as UTF-8 (U+FFFD for what is no character).
void AppendCodePoint(char32_t cp, std::string* out);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_MARKUP_ENTITIES_H_
