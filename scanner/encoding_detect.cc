// Encoding detection (DetectEncoding in mamori/text_decoder.h): which
// Japanese encoding a sample of text is in, from its byte-order mark, its
// UTF-16 shape, its escape sequences, and which encodings' character
// structure it keeps to.
#include <algorithm>
#include <cstring>
#include <string_view>

#include "mamori/text_decoder.h"
#include "text_structure.h"

namespace mamori {

using text_internal::AsciiPrefix;
using text_internal::Byte;
using text_internal::Escape;
using text_internal::EucJpSequence;
using text_internal::JisSet;
using text_internal::ParseEscape;
using text_internal::Utf8Sequence;

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Whether a UTF-16 code unit is something a text file holds: not a C0
// control other than tab, line feed, form feed, carriage return and the old
// DOS end-of-file mark, not a C1 control, not U+FFFE/U+FFFF.
bool TextUnit(unsigned u) {
  if (u < 0x20) return u == 0x09 || u == 0x0A || u == 0x0C || u == 0x0D || u == 0x1A;
  if (u >= 0x7F && u < 0xA0) return false;
  return u < 0xFFFE;
}

// Whether a UTF-16 high byte is common in Japanese text: ASCII and Latin-1
// (00), Latin, Greek and Cyrillic (01-04), punctuation and symbols (20-27),
// CJK symbols, kana and enclosed forms (30-33), kanji (4E-9F) and full-width
// forms (FF). Bytes read in the wrong order are spread over all 256 values,
// and only about 40% of them fall in this set.
bool JapaneseHighByte(Byte b) {
  return b <= 0x04 || (b >= 0x20 && b <= 0x27) || (b >= 0x30 && b <= 0x33) ||
         (b >= 0x4E && b <= 0x9F) || b == 0xFF;
}

// UTF-16 without a byte-order mark. Any ASCII in it (digits, commas, line
// ends) has a zero high byte, so a text sample with enough NULs is a
// candidate. Japanese text has fewer NULs than English, so the share asked
// for is low: 1 in 32 code units, or 1 in 256 with two line ends seen.
// Then the byte order whose high bytes look like Japanese text (above) for
// 90% of the code units, with at most 2% controls or unpaired surrogates,
// wins; the other order's high bytes are the low bytes of kanji, which are
// spread evenly. A zero byte per parity alone would not do: ideographic
// spaces (U+3000) and some kanji (U+4E00) have a zero low byte, so Japanese
// prose puts NULs on both parities. 8-bit text with a stray NUL fails the
// share; binary data and UTF-32 fail the control test (small integers,
// NUL code units), and 8-bit text read as UTF-16 fails the high-byte test.
bool LooksUtf16(std::string_view s, TextEncoding* encoding) {
  const std::size_t units = s.size() / 2;
  if (units < 2) return false;
  // Text files have no NUL at all: memchr says so at memory speed, where
  // std::count widened every byte (a tenth of a scan of many small files).
  if (std::memchr(s.data(), '\0', s.size()) == nullptr) return false;
  const std::size_t zeros = static_cast<std::size_t>(std::count(s.begin(), s.end(), '\0'));
  const Byte* p = reinterpret_cast<const Byte*>(s.data());
  // [0]: little-endian, [1]: big-endian.
  std::size_t japanese[2] = {0, 0}, bad[2] = {0, 0}, line_ends[2] = {0, 0};
  for (int order = 0; order < 2; ++order) {
    const int high = order == 0 ? 1 : 0;
    for (std::size_t i = 0; i < units; ++i) {
      const unsigned u = p[2 * i + high] << 8 | p[2 * i + 1 - high];
      japanese[order] += JapaneseHighByte(p[2 * i + high]);
      line_ends[order] += u == 0x0A;
      if (u >= 0xD800 && u < 0xDC00 && i + 1 < units) {
        const unsigned v = p[2 * i + 2 + high] << 8 | p[2 * i + 3 - high];
        if (v >= 0xDC00 && v < 0xE000) {
          japanese[order] += 2;
          ++i;
          continue;
        }
      }
      // A high surrogate cut by the end of the sample is fine.
      bad[order] += !TextUnit(u) || (u >= 0xD800 && u < 0xE000 && !(u < 0xDC00 && i + 1 == units));
    }
  }
  const int order = japanese[1] > japanese[0] ? 1 : 0;
  if (zeros * 32 < units && !(line_ends[order] >= 2 && zeros * 256 >= units)) return false;
  if (japanese[order] * 10 < units * 9 || bad[order] * 50 > units) return false;
  *encoding = order == 0 ? TextEncoding::kUtf16Le : TextEncoding::kUtf16Be;
  return true;
}

// Whether s is well formed in an encoding whose structure `seq` describes,
// over its first `max_chars` multibyte characters. A character cut by the
// end of the sample counts as well formed.
template <typename Seq>
bool WellFormed(std::string_view s, Seq seq, std::size_t max_chars) {
  const char* p = s.data();
  const char* end = p + s.size();
  for (std::size_t chars = 0; p < end && chars < max_chars; ++chars) {
    p += AsciiPrefix(p, end);
    if (p == end) break;
    const int n = seq(reinterpret_cast<const Byte*>(p), static_cast<std::size_t>(end - p));
    if (n == 0) return false;
    if (n < 0) break;
    p += n;
  }
  return true;
}

}  // namespace

const char* TextEncodingName(TextEncoding e) {
  switch (e) {
    case TextEncoding::kUtf8: return "utf-8";
    case TextEncoding::kCp932: return "cp932";
    case TextEncoding::kEucJp: return "euc-jp";
    case TextEncoding::kUtf16Le: return "utf-16le";
    case TextEncoding::kUtf16Be: return "utf-16be";
    case TextEncoding::kIso2022Jp: return "iso-2022-jp";
  }
  return "unknown";
}

// How much of a sample the costlier tests read: detection runs once per
// file, on a chunk of up to 4 MiB, and should cost little next to decoding
// it. The pure-ASCII test always reads the whole sample, so Japanese late in
// it is never missed.
constexpr std::size_t kUtf16Window = 64 << 10;
constexpr std::size_t kValidityWindow = 256 << 10;
// Multibyte characters the validity tests read at most. Japanese in another
// encoding fails strict UTF-8 within a few characters (CP932's commonest
// lead bytes and all EUC-JP kana are continuation bytes there), so 256 well
// formed in a row settle it; reading 2,048 of each UTF-8 file was 3% of a
// scan of many small files (perf), and validating all of a 50 KB UTF-8 CSV
// character by character a tenth. Telling EUC-JP from CP932 takes longer
// (see step 5 below), so that test reads more.
constexpr std::size_t kUtf8ValidityChars = 256;
constexpr std::size_t kEucValidityChars = 2048;

// The order of the tests matters:
//  1. A byte-order mark is explicit and wins.
//  2. UTF-16 is tested before the 7-bit checks, since its ASCII is NULs.
//  3. 7-bit samples: ISO-2022-JP if they designate a JIS character set;
//     else pure ASCII, undecided (any ASCII-compatible encoding reads it
//     the same; the Japanese may come later). An ESC that designates
//     nothing Japanese (terminal colours in a log) leaves it undecided.
//     7-bit text with NULs (binary) is decided as UTF-8, i.e. passed through.
//  4. Strict UTF-8: other encodings' Japanese text is almost never valid
//     UTF-8 (EUC-JP kana begin with A4/A5, continuation bytes; CP932 leads
//     81-9F are continuation bytes too).
//  5. Strict EUC-JP before CP932: CP932 Japanese text nearly always has
//     lead bytes 81-9F (all hiragana, most kanji), which EUC-JP forbids,
//     while EUC-JP text is also well-formed CP932 (as half-width katakana
//     and kanji pairs), so the CP932 test could not tell them apart.
//     Misread would be CP932 text of half-width katakana only whose every
//     run has even length: rare beyond a few lines.
//  6. Everything else is CP932, the commonest legacy encoding on Japanese
//     shares; its decoder marks what is not CP932 as invalid.
EncodingGuess DetectEncoding(std::string_view sample, bool at_file_start) {
  EncodingGuess guess;
  if (at_file_start) {
    if (StartsWith(sample, "\xEF\xBB\xBF")) {
      guess.bom_length = 3;
      return guess;
    }
    if (StartsWith(sample, "\xFF\xFE") || StartsWith(sample, "\xFE\xFF")) {
      guess.encoding = sample[0] == '\xFF' ? TextEncoding::kUtf16Le : TextEncoding::kUtf16Be;
      guess.bom_length = 2;
      return guess;
    }
  }
  if (LooksUtf16(sample.substr(0, kUtf16Window), &guess.encoding)) return guess;

  const std::size_t ascii = AsciiPrefix(sample.data(), sample.data() + sample.size());
  if (ascii == sample.size()) {
    const Byte* p = reinterpret_cast<const Byte*>(sample.data());
    for (std::size_t i = sample.find('\x1B'); i != std::string_view::npos;
         i = sample.find('\x1B', i + 1)) {
      std::size_t len;
      JisSet set;
      const Escape e = ParseEscape(p + i, sample.size() - i, &len, &set);
      if (e == Escape::kDesignation || e == Escape::kAnnouncer) {
        guess.encoding = TextEncoding::kIso2022Jp;
        return guess;
      }
    }
    guess.decided = sample.find('\0') != std::string_view::npos;
    return guess;
  }

  // The first non-ASCII byte starts a character; from there on, a window
  // decides as well as the whole sample would.
  const std::string_view window = sample.substr(ascii, kValidityWindow);
  std::string_view utf8 = window;
  if (!at_file_start && ascii == 0) {
    // Tolerate a start inside a character (continuation bytes).
    for (int i = 0; i < 3 && !utf8.empty() && (static_cast<Byte>(utf8[0]) & 0xC0) == 0x80; ++i) {
      utf8.remove_prefix(1);
    }
  }
  if (WellFormed(utf8, Utf8Sequence, kUtf8ValidityChars)) return guess;
  if (WellFormed(window, EucJpSequence, kEucValidityChars)) {
    guess.encoding = TextEncoding::kEucJp;
    return guess;
  }
  guess.encoding = TextEncoding::kCp932;
  return guess;
}

}  // namespace mamori
