// Turns raw path bytes into text for people and for JSON: UTF-8 as it is;
// otherwise CP932 when the bytes are valid CP932 (Windows shares written by
// Japanese clients); otherwise each byte that is not valid UTF-8 as "\xNN".
//
// Thread-safety: thread-safe.
#ifndef MAMORI_PATH_TEXT_H_
#define MAMORI_PATH_TEXT_H_

#include <string>
#include <string_view>

namespace mamori {

std::string PathToDisplay(std::string_view raw);

bool IsValidUtf8(std::string_view s);

}  // namespace mamori

#endif  // MAMORI_PATH_TEXT_H_
