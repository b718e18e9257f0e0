#include "mamori/text_decoder.h"

#include <iconv.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "text_structure.h"

namespace mamori {

using text_internal::AsciiPrefix;
using text_internal::Byte;
using text_internal::Cp932Lead;
using text_internal::Cp932Sequence;
using text_internal::Escape;
using text_internal::EucJpSequence;
using text_internal::JisSet;
using text_internal::Load64;
using text_internal::ParseEscape;
using text_internal::Utf8Sequence;

namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

}  // namespace

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
  // of a scan of a CP932 CSV). ASCII is copied eight bytes at a time (most
  // of a CSV file), other characters are looked up in the table. The
  // structure functions find where characters end: a well-formed character
  // the table does not map is replaced whole (one U+FFFD per byte), so its
  // trail byte is not read as a character of its own; a malformed byte alone.
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
        if (b[i] < 0x80) {
          if (n - i >= 8) {
            // Eight bytes stored whatever they are (block_out has the room)
            // and the ASCII among them kept: CSV runs of ASCII are short,
            // and stepping through their last few bytes one at a time cost
            // a tenth of the decoder's time (measured on CP932 CSVs).
            const std::uint64_t w = Load64(p + i);
            std::memcpy(o, &w, 8);
            const std::uint64_t high = w & 0x8080808080808080ULL;
            const std::size_t run =
                high != 0 ? static_cast<std::size_t>(__builtin_ctzll(high)) / 8 : 8;
            o += run;
            i += run;
          } else {
            *o++ = p[i++];
          }
          continue;
        }
        // The common case first: a two-byte character the table maps. Its
        // rows hold nothing for bytes that do not lead a pair, nor for
        // malformed trail bytes, so the lookup is the lead test too.
        if (i + 1 < n) {
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
