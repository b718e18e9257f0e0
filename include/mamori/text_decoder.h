// Text encodings of files on Japanese shares, and a streaming decoder from
// each of them to UTF-8, the one encoding detection runs on.
//
// Encodings: UTF-8 (with or without BOM), CP932 (Shift_JIS as Windows and
// Excel write it), EUC-JP, UTF-16LE/BE (with BOM, or recognised without) and
// ISO-2022-JP (mail). How each is recognised and why: encoding_detect.cc and
// scanner/ENCODINGS.md.
//
// Thread-safety: DetectEncoding and TextEncodingName are pure functions.
// A TextDecoder is not thread-safe; one per worker, reused across files
// (Reset between them).
#ifndef MAMORI_TEXT_DECODER_H_
#define MAMORI_TEXT_DECODER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "mamori/status.h"

namespace mamori {

enum class TextEncoding { kUtf8, kCp932, kEucJp, kUtf16Le, kUtf16Be, kIso2022Jp };

// "utf-8", "cp932", "euc-jp", "utf-16le", "utf-16be", "iso-2022-jp".
const char* TextEncodingName(TextEncoding e);

struct EncodingGuess {
  TextEncoding encoding = TextEncoding::kUtf8;
  std::size_t bom_length = 0;  // bytes of byte-order mark at the start, to skip
  // False when the sample is pure ASCII (7-bit, no NULs, no ISO-2022-JP
  // escape sequence): every ASCII-compatible encoding reads it the same, so
  // the caller reads it as UTF-8 and asks again with a later stretch.
  bool decided = true;
};

// Guesses the encoding of `sample`, a stretch of one file: its first chunk,
// or a later chunk while the earlier ones were undecided. `at_file_start`
// says whether the sample begins at byte 0 (only then can a BOM be seen).
// A sample may end in the middle of a character.
// REQUIRES: a sample that does not start the file starts at a character
// boundary (true after pure-ASCII stretches).
EncodingGuess DetectEncoding(std::string_view sample, bool at_file_start);

// Streams the bytes of one encoding into UTF-8.
//
// Invalid input never stops decoding: each invalid byte becomes one U+FFFD
// and is counted. Decoding resumes after a malformed byte with the next
// byte, and after a well-formed character the encoding does not map (CP932,
// EUC-JP) with the next character, so its trail byte is not read as a
// character of its own. An unpaired UTF-16 surrogate gives one U+FFFD for
// its two bytes. The mapping is glibc iconv's, read into tables once per
// process (scanner/ENCODINGS.md).
class TextDecoder {
 public:
  TextDecoder();  // ready for UTF-8
  ~TextDecoder();
  TextDecoder(const TextDecoder&) = delete;
  TextDecoder& operator=(const TextDecoder&) = delete;

  // Starts a new stream in `encoding`: clears carried bytes, shift state and
  // the counter. Error reason "decoder-unavailable" when the system's iconv
  // lacks the conversion; the decoder then reads its input as UTF-8 (so
  // ASCII text is still seen) until the next successful Reset.
  Status Reset(TextEncoding encoding);

  // Appends the UTF-8 text of `in` to *out. A character cut at the end of
  // `in` is carried over to the next call; `end_of_input` flushes it (each
  // byte of a still incomplete character as U+FFFD). A byte-order mark is
  // not skipped here: pass the input after EncodingGuess::bom_length.
  void Decode(std::string_view in, bool end_of_input, std::string* out);

  // Invalid bytes seen since the last Reset.
  std::uint64_t invalid_bytes() const;

 private:
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

}  // namespace mamori

#endif  // MAMORI_TEXT_DECODER_H_
