#include "mamori/text_decoder.h"

#include <iconv.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

namespace mamori {

namespace {

using Byte = unsigned char;

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

std::uint64_t Load64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Length of the run of ASCII bytes (< 0x80) at the start of [p, end): eight
// bytes at a time, since most of a CSV file is ASCII.
std::size_t AsciiPrefix(const char* p, const char* end) {
  const char* q = p;
  while (end - q >= 16 && ((Load64(q) | Load64(q + 8)) & 0x8080808080808080ULL) == 0) q += 16;
  while (q < end && static_cast<Byte>(*q) < 0x80) ++q;
  return static_cast<std::size_t>(q - p);
}

// The character structure of each multibyte encoding. Each returns the
// length of the character starting at p (1 to 4), 0 when the byte at p
// cannot start a well-formed character, or -1 when the bytes available
// (`avail` >= 1) are a well-formed prefix cut short.

// UTF-8, strict (RFC 3629): no overlong forms, no surrogates, nothing above
// U+10FFFF.
int Utf8Sequence(const Byte* p, std::size_t avail) {
  const unsigned c = p[0];
  if (c < 0x80) return 1;
  int n;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c < 0xC2) {
    return 0;
  } else if (c < 0xE0) {
    n = 2;
  } else if (c < 0xF0) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c < 0xF5) {
    n = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  for (int i = 1; i < n; ++i) {
    if (static_cast<std::size_t>(i) >= avail) return -1;
    if (p[i] < lo || p[i] > hi) return 0;
    lo = 0x80;
    hi = 0xBF;
  }
  return n;
}

// EUC-JP: JIS X 0208 as two bytes A1-FE, half-width katakana as 8E A1-DF,
// JIS X 0212 as 8F and two bytes A1-FE. Every byte of a multibyte
// character is >= 0x80, so ASCII bytes always stand for themselves.
int EucJpSequence(const Byte* p, std::size_t avail) {
  const unsigned c = p[0];
  if (c < 0x80) return 1;
  int n;
  Byte lo = 0xA1, hi = 0xFE;
  if (c == 0x8E) {
    n = 2;
    hi = 0xDF;
  } else if (c == 0x8F) {
    n = 3;
  } else if (c >= 0xA1 && c <= 0xFE) {
    n = 2;
  } else {
    return 0;
  }
  for (int i = 1; i < n; ++i) {
    if (static_cast<std::size_t>(i) >= avail) return -1;
    if (p[i] < lo || p[i] > hi) return 0;
  }
  return n;
}

// CP932: single bytes (ASCII, half-width katakana A1-DF, and the few others
// CP932 maps), lead bytes 81-9F and E0-FC followed by a trail byte 40-7E or
// 80-FC. Trail bytes overlap ASCII, so only a walk from a known boundary
// can tell an '@' from the second half of a kanji.
bool Cp932Lead(unsigned c) { return (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC); }

int Cp932Sequence(const Byte* p, std::size_t avail) {
  if (!Cp932Lead(p[0])) return 1;
  if (avail < 2) return -1;
  const unsigned t = p[1];
  return (t >= 0x40 && t <= 0xFC && t != 0x7F) ? 2 : 0;
}

// --- ISO-2022-JP -------------------------------------------------------

// What the graphic bytes 21-7E stand for after the last escape sequence.
enum class JisSet { kAscii, kKatakana, kJis0208, kJis0212, kJis0213Plane1, kJis0213Plane2 };

enum class Escape { kCut, kUnknown, kAnnouncer, kDesignation };

// Parses the escape sequence at p (p[0] is ESC), setting *len and, for a
// designation, *set. JIS X 0201 Roman (ESC ( J, and ESC ( H of old mailers)
// is read as ASCII: it differs only at 5C (yen) and 7E (overline), and
// mailers use it where they mean ASCII, as Windows' own decoder assumes.
Escape ParseEscape(const Byte* p, std::size_t avail, std::size_t* len, JisSet* set) {
  if (avail < 2) return Escape::kCut;
  if (p[1] != '(' && p[1] != '$' && p[1] != '&') return Escape::kUnknown;
  if (avail < 3) return Escape::kCut;
  *len = 3;
  if (p[1] == '(') {
    switch (p[2]) {
      case 'B':
      case 'J':
      case 'H': *set = JisSet::kAscii; return Escape::kDesignation;
      case 'I': *set = JisSet::kKatakana; return Escape::kDesignation;
      default: return Escape::kUnknown;
    }
  }
  if (p[1] == '&') return p[2] == '@' ? Escape::kAnnouncer : Escape::kUnknown;  // JIS X 0208-1990
  if (p[1] != '$') return Escape::kUnknown;
  if (p[2] == '@' || p[2] == 'B') {
    *set = JisSet::kJis0208;
    return Escape::kDesignation;
  }
  if (p[2] != '(') return Escape::kUnknown;
  if (avail < 4) return Escape::kCut;
  *len = 4;
  switch (p[3]) {
    case '@':
    case 'B': *set = JisSet::kJis0208; return Escape::kDesignation;
    case 'D': *set = JisSet::kJis0212; return Escape::kDesignation;
    case 'O':
    case 'Q': *set = JisSet::kJis0213Plane1; return Escape::kDesignation;
    case 'P': *set = JisSet::kJis0213Plane2; return Escape::kDesignation;
    default: return Escape::kUnknown;
  }
}

// --- Detection -----------------------------------------------------------

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
// Multibyte characters the validity tests read at most: Japanese in another
// encoding fails strict UTF-8 within a few characters, and validating all of
// a 50 KB UTF-8 CSV character by character was a tenth of the time a scan of
// many small files took (measured).
constexpr std::size_t kValidityChars = 2048;

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
  if (WellFormed(utf8, Utf8Sequence, kValidityChars)) return guess;
  if (WellFormed(window, EucJpSequence, kValidityChars)) {
    guess.encoding = TextEncoding::kEucJp;
    return guess;
  }
  guess.encoding = TextEncoding::kCp932;
  return guess;
}

// --- Decoder -------------------------------------------------------------

namespace {

// One character of a legacy encoding in UTF-8: its bytes and their count
// (0: the encoding does not map it). Two code points at most (JIS X 0213's
// kana with semi-voiced mark), so 7 bytes are enough; the entry is copied as
// 8 bytes and the count then overwritten.
struct Utf8Char {
  char bytes[7];
  std::uint8_t size;
};
static_assert(sizeof(Utf8Char) == 8);

// A legacy encoding's characters in UTF-8, read once per process from glibc
// iconv. Decoding is then one lookup per character rather than a pass
// through glibc's converter chain (three times faster on Japanese text,
// scanner/ENCODINGS.md), and the mapping stays exactly glibc's.
struct CharTable {
  bool available = false;
  Utf8Char single[128] = {};     // bytes 80-FF standing alone
  std::vector<Utf8Char> pair;    // two bytes: [(b1 - 0x80) << 8 | b2]
  std::vector<Utf8Char> triple;  // EUC 8F b2 b3: [(b2 - 0xA1) * 94 + b3 - 0xA1]

  const Utf8Char& Pair(const Byte* p) const { return pair[(p[0] - 0x80) << 8 | p[1]]; }
  const Utf8Char& Triple(const Byte* p) const { return triple[(p[1] - 0xA1) * 94 + p[2] - 0xA1]; }
};

class TableBuilder {
 public:
  // The first of `names` the system's iconv can convert to UTF-8.
  explicit TableBuilder(std::initializer_list<const char*> names) {
    for (const char* name : names) {
      cd_ = ::iconv_open("UTF-8", name);
      if (cd_ != reinterpret_cast<iconv_t>(-1)) break;
    }
  }
  ~TableBuilder() {
    if (ok()) ::iconv_close(cd_);
  }
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }

  Utf8Char Convert(std::initializer_list<int> bytes) {
    char in[4], out[16];
    std::size_t n = 0;
    for (int b : bytes) in[n++] = static_cast<char>(b);
    char* ip = in;
    char* op = out;
    std::size_t in_left = n, out_left = sizeof out;
    Utf8Char c = {};
    if (::iconv(cd_, &ip, &in_left, &op, &out_left) == static_cast<std::size_t>(-1) ||
        in_left != 0 || op - out > 7) {
      ::iconv(cd_, nullptr, nullptr, nullptr, nullptr);
      return c;
    }
    std::memcpy(c.bytes, out, op - out);
    c.size = static_cast<std::uint8_t>(op - out);
    return c;
  }

 private:
  iconv_t cd_ = reinterpret_cast<iconv_t>(-1);
};

CharTable BuildCp932() {
  CharTable t;
  TableBuilder b({"CP932", "WINDOWS-31J"});
  if (!b.ok()) return t;
  t.pair.resize(128 << 8);
  for (int c = 0x80; c <= 0xFF; ++c) {
    if (!Cp932Lead(c)) {
      t.single[c - 0x80] = b.Convert({c});
      continue;
    }
    for (int trail = 0x40; trail <= 0xFC; ++trail) {
      if (trail != 0x7F) t.pair[(c - 0x80) << 8 | trail] = b.Convert({c, trail});
    }
  }
  t.available = true;
  return t;
}

// EUC-JP and EUC-JISX0213 share their structure (EucJpSequence).
CharTable BuildEuc(std::initializer_list<const char*> names) {
  CharTable t;
  TableBuilder b(names);
  if (!b.ok()) return t;
  t.pair.resize(128 << 8);
  t.triple.resize(94 * 94);
  for (int c = 0xA1; c <= 0xFE; ++c) {
    for (int c2 = 0xA1; c2 <= 0xFE; ++c2) {
      t.pair[(c - 0x80) << 8 | c2] = b.Convert({c, c2});
      t.triple[(c - 0xA1) * 94 + c2 - 0xA1] = b.Convert({0x8F, c, c2});
    }
  }
  for (int c2 = 0xA1; c2 <= 0xDF; ++c2) t.pair[(0x8E - 0x80) << 8 | c2] = b.Convert({0x8E, c2});
  t.available = true;
  return t;
}

// The iconv encodings. EUC-JP uses glibc's EUC-JP-MS (eucJP-ms): it reads
// every character plain EUC-JP reads, plus the NEC row 13 (①, ㈱, №), the
// IBM extensions and the user-defined area that Windows-made EUC-JP
// (CP51932) and mail contain, and maps the seven codes where the two differ
// (A1DD minus, A1C1 wave dash, ...) as CP932 maps the same characters, so a
// document reads the same in either encoding. JIS X 0213 (ISO-2022-JP-2004)
// goes through EUC-JISX0213. Each table is built on first use (about a
// millisecond), once per process, and shared by all decoders.
const CharTable& Cp932Table() {
  static const CharTable table = BuildCp932();
  return table;
}
const CharTable& EucJpTable() {
  static const CharTable table = BuildEuc({"EUC-JP-MS", "EUC-JP"});
  return table;
}
const CharTable& JisX0213Table() {
  static const CharTable table = BuildEuc({"EUC-JISX0213"});
  return table;
}

// Bytes joined from the next input to a carried incomplete character:
// more than the longest character or escape sequence (4).
constexpr std::size_t kJoin = 16;

}  // namespace

struct TextDecoder::Rep {
  TextEncoding encoding = TextEncoding::kUtf8;
  std::string carry;  // the start of a character cut by the end of the last input
  std::uint64_t invalid = 0;
  const CharTable* table = nullptr;  // CP932 or EUC-JP
  // ISO-2022-JP shift state and the EUC-JP form of its characters.
  JisSet jis_set = JisSet::kAscii;
  bool shift_out = false;  // SO: half-width katakana until SI
  std::string staging;
  bool staging_x0213 = false;                      // staging is EUC-JISX0213, not EUC-JP-MS
  static constexpr std::size_t kBlock = 64 << 10;  // input decoded per append to the output
  std::unique_ptr<char[]> block_out;               // 3 * kBlock + 16, made at first use

  void Replace(std::size_t bytes, std::string* out) {
    for (std::size_t i = 0; i < bytes; ++i) out->append(kReplacement, 3);
    invalid += bytes;
  }

  // Decodes a prefix of [p, p + n) and returns its length: all of it, except
  // an incomplete character at the end when !final (at most 3 bytes).
  std::size_t DecodeSpan(const char* p, std::size_t n, bool final, std::string* out) {
    switch (encoding) {
      case TextEncoding::kUtf8: return Utf8(p, n, final, out);
      case TextEncoding::kCp932: return Legacy<false>(*table, p, n, final, out);
      case TextEncoding::kEucJp: return Legacy<true>(*table, p, n, final, out);
      case TextEncoding::kUtf16Le: return Utf16<false>(p, n, final, out);
      case TextEncoding::kUtf16Be: return Utf16<true>(p, n, final, out);
      case TextEncoding::kIso2022Jp: return Iso2022Jp(p, n, final, out);
    }
    return n;
  }

  // UTF-8 to UTF-8: valid runs are copied as they are.
  std::size_t Utf8(const char* p, std::size_t n, bool final, std::string* out) {
    const char* end = p + n;
    const char* run = p;  // start of the valid bytes not yet copied
    const char* q = p;
    while (q < end) {
      q += AsciiPrefix(q, end);
      if (q == end) break;
      const int len = Utf8Sequence(reinterpret_cast<const Byte*>(q), end - q);
      if (len > 0) {
        q += len;
        continue;
      }
      out->append(run, q - run);
      if (len < 0) {
        if (!final) return q - p;
        Replace(end - q, out);
        return n;
      }
      Replace(1, out);
      run = ++q;
    }
    out->append(run, end - run);
    return n;
  }

  // UTF-16 by hand: the mapping is arithmetic, and iconv's detour through
  // UCS-4 would only cost time. Runs of ASCII go four code units at a time.
  template <bool kBigEndian>
  std::size_t Utf16(const char* p, std::size_t n, bool final, std::string* out) {
    const std::size_t old = out->size();
    out->resize(old + n / 2 * 3 + 8);  // <= 3 bytes per code unit
    char* o = out->data() + old;
    const Byte* b = reinterpret_cast<const Byte*>(p);
    auto unit = [b](std::size_t i) -> unsigned {
      return kBigEndian ? b[i] << 8 | b[i + 1] : b[i] | b[i + 1] << 8;
    };
    constexpr std::uint64_t kNonAscii = kBigEndian ? 0x80FF80FF80FF80FFULL : 0xFF80FF80FF80FF80ULL;
    std::size_t i = 0;
    while (i + 2 <= n) {
      if (n - i >= 8 && (Load64(p + i) & kNonAscii) == 0) {
        const std::size_t lo = kBigEndian ? 1 : 0;
        o[0] = p[i + lo];
        o[1] = p[i + 2 + lo];
        o[2] = p[i + 4 + lo];
        o[3] = p[i + 6 + lo];
        o += 4;
        i += 8;
        continue;
      }
      const unsigned u = unit(i);
      if (u < 0x80) {
        *o++ = static_cast<char>(u);
      } else if (u < 0x800) {
        *o++ = static_cast<char>(0xC0 | u >> 6);
        *o++ = static_cast<char>(0x80 | (u & 0x3F));
      } else if (u < 0xD800 || u >= 0xE000) {
        *o++ = static_cast<char>(0xE0 | u >> 12);
        *o++ = static_cast<char>(0x80 | (u >> 6 & 0x3F));
        *o++ = static_cast<char>(0x80 | (u & 0x3F));
      } else if (u < 0xDC00 && i + 4 > n && !final) {
        break;  // a high surrogate whose partner is in the next input
      } else if (u < 0xDC00 && i + 4 <= n && unit(i + 2) >= 0xDC00 && unit(i + 2) < 0xE000) {
        const unsigned c = 0x10000 + ((u - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
        *o++ = static_cast<char>(0xF0 | c >> 18);
        *o++ = static_cast<char>(0x80 | (c >> 12 & 0x3F));
        *o++ = static_cast<char>(0x80 | (c >> 6 & 0x3F));
        *o++ = static_cast<char>(0x80 | (c & 0x3F));
        i += 2;
      } else {
        std::memcpy(o, kReplacement, 3);  // unpaired surrogate: one U+FFFD, two bytes
        o += 3;
        invalid += 2;
      }
      i += 2;
    }
    if (final && i < n) {  // a lone last byte
      std::memcpy(o, kReplacement, 3);
      o += 3;
      invalid += n - i;
      i = n;
    }
    out->resize(o - out->data());
    return i;
  }

  // CP932 and EUC-JP (kEuc), a block of input at a time into `block_out`,
  // then appended to *out: growing *out by the worst case (three bytes a
  // byte) zero-filled that much, more than the copy writes (memset was 12%
  // of a scan of a CP932 CSV). ASCII is copied eight bytes at a time where
  // it can be (most of a CSV file), other characters are looked up in the
  // table. The structure
  // functions find where characters end: a well-formed character the table
  // does not map is replaced whole (one U+FFFD per byte), so its trail byte
  // is not read as a character of its own; a malformed byte alone.
  template <bool kEuc>
  std::size_t Legacy(const CharTable& t, const char* p, std::size_t n, bool final,
                     std::string* out) {
    const Byte* b = reinterpret_cast<const Byte*>(p);
    std::size_t i = 0;
    if (block_out == nullptr) block_out = std::make_unique<char[]>(3 * kBlock + 16);
    while (i < n) {
      const std::size_t block_end = std::min(n, i + kBlock);
      char* const o_begin = block_out.get();
      char* o = o_begin;
      while (i < block_end) {
        if (b[i] < 0x80) {  // ASCII, eight bytes at a time where it can
          if (n - i >= 8 && (Load64(p + i) & 0x8080808080808080ULL) == 0) {
            std::memcpy(o, p + i, 8);
            o += 8;
            i += 8;
          } else {
            *o++ = p[i++];
          }
          continue;
        }
        // The common case first: a two-byte character the table maps. (Its
        // rows hold nothing for malformed trail bytes.)
        if (i + 1 < n &&
            (kEuc ? (b[i] >= 0xA1 && b[i] <= 0xFE) || b[i] == 0x8E : Cp932Lead(b[i]))) {
          const Utf8Char& c = t.Pair(b + i);
          if (c.size != 0) {
            std::memcpy(o, &c, sizeof c);
            o += c.size;
            i += 2;
            continue;
          }
        }
        const int len = kEuc ? EucJpSequence(b + i, n - i) : Cp932Sequence(b + i, n - i);
        if (len < 0 && !final) {
          out->append(o_begin, o - o_begin);
          return i;  // a cut character, carried
        }
        const Utf8Char* c = nullptr;
        if (len == 1) c = &t.single[b[i] - 0x80];
        if (len == 2) c = &t.Pair(b + i);
        if (len == 3) c = &t.Triple(b + i);
        if (c != nullptr && c->size != 0) {
          std::memcpy(o, c, sizeof *c);
          o += c->size;
          i += len;
          continue;
        }
        const std::size_t skip = len < 0 ? n - i : len > 0 ? len : 1;
        for (std::size_t k = 0; k < skip; ++k, o += 3) std::memcpy(o, kReplacement, 3);
        invalid += skip;
        i += skip;
      }
      out->append(o_begin, o - o_begin);
    }
    return n;
  }

  // ISO-2022-JP: the escape sequences are followed here, and each character
  // is rewritten in its EUC form (JIS X 0208 bytes | 0x80, half-width
  // katakana after 8E, JIS X 0212 after 8F) for the EUC-JP-MS decoder. So
  // the shift state is exact across inputs and after invalid bytes, and the
  // NEC and IBM extensions that Windows mailers put under ESC $ B (CP50220,
  // ①, ㈱, 髙) are read, which glibc's ISO-2022-JP-x decoders refuse.
  std::size_t Iso2022Jp(const char* p, std::size_t n, bool final, std::string* out) {
    const Byte* b = reinterpret_cast<const Byte*>(p);
    std::size_t i = 0;
    while (i < n) {
      const Byte c = b[i];
      if (c == 0x1B) {
        std::size_t len = 1;
        JisSet set;
        const Escape e = ParseEscape(b + i, n - i, &len, &set);
        if (e == Escape::kCut) {
          if (!final) break;
          Invalid(n - i, out);
          i = n;
        } else if (e == Escape::kUnknown) {
          Invalid(1, out);
          ++i;
        } else {
          if (e == Escape::kDesignation) jis_set = set;
          i += len;
        }
        continue;
      }
      if (c == 0x0E || c == 0x0F) {
        shift_out = c == 0x0E;
        ++i;
        continue;
      }
      if (c >= 0x80) {
        Invalid(1, out);
        ++i;
        continue;
      }
      const JisSet set = shift_out ? JisSet::kKatakana : jis_set;
      if (c <= 0x20 || c == 0x7F || set == JisSet::kAscii) {
        // Controls and space stand for themselves in every set, so a line
        // break inside a kanji stretch (broken mailers) does no harm.
        staging.push_back(static_cast<char>(c));
        ++i;
        continue;
      }
      if (set == JisSet::kKatakana) {
        if (c <= 0x5F) {
          Stage(false, {'\x8E', static_cast<char>(c | 0x80)}, out);
        } else {
          Invalid(1, out);
        }
        ++i;
        continue;
      }
      if (i + 1 == n && !final) break;  // the second byte is in the next input
      if (i + 1 == n || b[i + 1] < 0x21 || b[i + 1] > 0x7E) {
        Invalid(1, out);
        ++i;
        continue;
      }
      const char c1 = static_cast<char>(c | 0x80), c2 = static_cast<char>(b[i + 1] | 0x80);
      switch (set) {
        case JisSet::kJis0212: Stage(false, {'\x8F', c1, c2}, out); break;
        case JisSet::kJis0213Plane1: Stage(true, {c1, c2}, out); break;
        case JisSet::kJis0213Plane2: Stage(true, {'\x8F', c1, c2}, out); break;
        default: Stage(false, {c1, c2}, out);
      }
      i += 2;
    }
    FlushStaging(out);
    return i;
  }

  // Adds one character's EUC form to the staging buffer, first flushing
  // what is there when it is for the other decoder.
  void Stage(bool x0213, std::initializer_list<char> bytes, std::string* out) {
    if (x0213 != staging_x0213) {
      FlushStaging(out);
      staging_x0213 = x0213;
    }
    staging.append(bytes.begin(), bytes.end());
  }

  void Invalid(std::size_t bytes, std::string* out) {
    FlushStaging(out);
    Replace(bytes, out);
  }

  void FlushStaging(std::string* out) {
    if (staging.empty()) return;
    const CharTable& t = staging_x0213 ? JisX0213Table() : EucJpTable();
    if (t.available) {
      Legacy<true>(t, staging.data(), staging.size(), true, out);
    } else {
      Replace(staging.size(), out);  // no JIS X 0213 on this system
    }
    staging.clear();
  }
};

TextDecoder::TextDecoder() : rep_(std::make_unique<Rep>()) {}
TextDecoder::~TextDecoder() = default;

std::uint64_t TextDecoder::invalid_bytes() const { return rep_->invalid; }

Status TextDecoder::Reset(TextEncoding encoding) {
  Rep& r = *rep_;
  r.carry.clear();
  r.invalid = 0;
  r.jis_set = JisSet::kAscii;
  r.shift_out = false;
  r.staging.clear();
  r.encoding = encoding;
  r.table = nullptr;
  if (encoding == TextEncoding::kCp932) {
    r.table = &Cp932Table();
  } else if (encoding == TextEncoding::kEucJp || encoding == TextEncoding::kIso2022Jp) {
    r.table = &EucJpTable();
  }
  if (r.table != nullptr && !r.table->available) {
    r.encoding = TextEncoding::kUtf8;
    return Status::Error("decoder-unavailable", std::string("iconv cannot convert from ") +
                                                    TextEncodingName(encoding) + " to UTF-8");
  }
  return Status::OK();
}

void TextDecoder::Decode(std::string_view in, bool end_of_input, std::string* out) {
  Rep& r = *rep_;
  if (!r.carry.empty()) {
    // Finish the carried character with the first bytes of `in`, then go on
    // from where it ended, without copying the rest of `in`.
    const std::size_t carried = r.carry.size();
    const std::size_t joined = std::min(in.size(), kJoin);
    r.carry.append(in.data(), joined);
    const bool last = end_of_input && joined == in.size();
    const std::size_t used = r.DecodeSpan(r.carry.data(), r.carry.size(), last, out);
    if (joined == in.size()) {  // all of `in` is in the carry
      r.carry.erase(0, used);
      return;
    }
    // At most 3 bytes are left undecoded, and `joined` > 3: the carried
    // character is done (used >= carried).
    in.remove_prefix(used - carried);
    r.carry.clear();
  }
  const std::size_t used = r.DecodeSpan(in.data(), in.size(), end_of_input, out);
  r.carry.assign(in.data() + used, in.size() - used);
}

}  // namespace mamori
