#include "xml_tokenizer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "xml_chars.h"
#include "xml_utf8_check.h"

namespace mamori {

namespace {

using namespace xml_internal;  // NOLINT(build/namespaces): the tokenizer is their one user

constexpr std::size_t kChunk = 64 << 10;
// Bytes after the data that the 16-byte scans may load (never use).
constexpr std::size_t kSlack = 64;

constexpr const char kInvalidToken[] = "not well-formed (invalid token)";

#if defined(__SSE2__)
inline __m128i Load16(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }
#endif

// Characters and names: xml_chars.h; UTF-8 validation: xml_utf8_check.h.

const char* RefError(Ref r) {
  switch (r) {
    case Ref::kUndefined: return "undefined entity";
    case Ref::kBadNumber: return "reference to invalid character number";
    default: return kInvalidToken;
  }
}

bool EqualsAsciiCi(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

// Names are short: an inline loop beats a call to memcmp.
inline bool SameBytes(const char* a, const char* b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

inline bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && SameBytes(a.data(), b.data(), a.size());
}

// The length of the prefix of a qualified name, with its colon (0 when it
// has none): XmlLocalName for the hot path. Names short enough are looked
// at 16 bytes at once; the read buffer has slack after the data for that.
inline std::size_t PrefixLength(const char* name, std::size_t len) {
#if defined(__SSE2__)
  if (len < 16) {
    const unsigned colons =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(Load16(name), _mm_set1_epi8(':')))) &
        ((1u << len) - 1);
    return colons == 0 ? 0 : static_cast<std::size_t>(32 - __builtin_clz(colons));
  }
#endif
  for (std::size_t i = len; i > 0; --i) {
    if (name[i - 1] == ':') return i;
  }
  return 0;
}

// The XML declaration between "<?xml" and "?>", checked as expat checks it:
// version (any of [A-Za-z0-9._-]), then optionally encoding (starting with a
// letter), then optionally standalone ("yes" or "no"), each after white
// space. *encoding: the declared encoding, empty when none is.
bool ParseXmlDecl(const char* p, const char* end, std::string_view* encoding) {
  std::string_view name, value;
  // 1: a pseudo-attribute; 0: only white space to the end; -1: malformed.
  auto next = [&]() -> int {
    if (p == end) return 0;
    if (!IsSpace(*p)) return -1;
    while (p < end && IsSpace(*p)) ++p;
    if (p == end) return 0;
    const char* n = p;
    while (p < end && *p != '=' && !IsSpace(*p)) {
      if (static_cast<unsigned char>(*p) >= 0x80) return -1;
      ++p;
    }
    if (p == n || p == end) return -1;
    name = std::string_view(n, static_cast<std::size_t>(p - n));
    while (p < end && IsSpace(*p)) ++p;
    if (p == end || *p != '=') return -1;
    ++p;
    while (p < end && IsSpace(*p)) ++p;
    if (p == end || (*p != '"' && *p != '\'')) return -1;
    const char quote = *p++;
    const char* v = p;
    for (;; ++p) {
      if (p == end) return -1;
      const char c = *p;
      if (c == quote) break;
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '-' || c == '_')) {
        return -1;
      }
    }
    value = std::string_view(v, static_cast<std::size_t>(p - v));
    ++p;
    return 1;
  };
  *encoding = {};
  if (next() != 1 || name != "version") return false;
  int r = next();
  if (r <= 0) return r == 0;
  if (name == "encoding") {
    if (value.empty() ||
        !((value[0] >= 'a' && value[0] <= 'z') || (value[0] >= 'A' && value[0] <= 'Z'))) {
      return false;
    }
    *encoding = value;
    r = next();
    if (r <= 0) return r == 0;
  }
  if (name != "standalone" || (value != "yes" && value != "no")) return false;
  return next() == 0;
}

// Whether [p, end) starts with `lit`: 1 yes, 0 the data ends inside a match,
// -1 no.
int Match(const char* p, const char* end, std::string_view lit) {
  const std::size_t have = std::min(lit.size(), static_cast<std::size_t>(end - p));
  if (std::memcmp(p, lit.data(), have) != 0) return -1;
  return have == lit.size() ? 1 : 0;
}

enum class Status { kContinue, kNeedMore, kError, kHalted, kNotUtf8 };
enum class Mode { kStart, kProlog, kContent, kEpilog, kComment, kPi, kCData };

class Tokenizer {
 public:
  Tokenizer(std::string_view part, ExtractContext& ctx, XmlHandler& handler)
      : part_(part), ctx_(ctx), handler_(handler) {
    const std::string_view fast = handler.FastPrefix();
    if (!fast.empty() && fast.size() <= 8 && fast[0] == '<') {
      std::memcpy(&fast_prefix_, fast.data(), fast.size());
      fast_mask_ =
          fast.size() == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * fast.size())) - 1;
    }
  }

  XmlTokenizeResult Parse(ByteStream& in, std::string* head);

 private:
  // An attribute being parsed; its name and value are in attr_ptrs_.
  struct Attr {
    char* name_end;
    char* value_end;
    bool decode;  // holds references or white space to normalise
  };

  Status Run();
  Status DoStart();
  Status DoMisc();
  Status DoContent();
  Status DoComment();
  Status DoPi();
  Status DoCData();
  Status Bang(char* p, char* end);
  Status PiStart(char* p, char* end);
  [[gnu::always_inline]] Status StartTag(char* p, char* end, char** next);
  [[gnu::always_inline]] Status Attributes(char* p, char* end, char** at, bool* empty);
  [[gnu::noinline]] void GrowAttrs();
  [[gnu::noinline, gnu::cold]] Status TooDeep(const char* p);
  Status EndTag(char* p, char* end, char** next);
  std::size_t Take(const char* p, const char* end);
  bool DuplicateAttr(std::size_t n) const;
  bool Push(const char* name, std::size_t len, std::size_t prefix);
  [[gnu::noinline]] bool GrowNames(std::size_t len);
  [[gnu::noinline]] void GrowOpens();
  static char* DecodeValue(char* v, char* end);
  Status Finish();
  Status Fail(const char* at, std::string why);
  void Report();

  bool Fill(ByteStream& in);
  void Validate();
  void SetSentinel();
  void RestoreSentinel();
  void AsciiOnly(std::size_t from);
  unsigned char RawByte(std::size_t i) const {
    return static_cast<unsigned char>(i == end_ && end_ < raw_end_ ? saved_ : data_[i]);
  }
  void Text(const char* p, const char* end) {
    if (p != end) handler_.Text(std::string_view(p, static_cast<std::size_t>(end - p)));
  }

  std::string_view part_;
  ExtractContext& ctx_;
  XmlHandler& handler_;

  // data_[0, raw_end_) is read from the stream; [0, end_) has been
  // validated and data_[end_] is a NUL sentinel (the byte it covers is
  // saved_). The parse is at pos_. data_ is own_, or the member the stream
  // lent (ByteStream::LendRest), whose end is then the stream's.
  char* data_ = nullptr;
  std::unique_ptr<char[]> own_;
  std::size_t cap_ = 0;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::size_t raw_end_ = 0;
  char saved_ = 0;
  bool eof_ = false;
  bool invalid_ = false;  // the byte at end_ is not valid
  bool stream_failed_ = false;
  bool ascii_only_ = false;
  // The first bytes have been seen not to be UTF-16, so an invalid byte is
  // an error (and not the sign of another encoding).
  bool encoding_known_ = false;
  std::uint64_t lines_ = 0;  // line breaks in [0, end_) and before
  bool prev_cr_ = false;

  Mode mode_ = Mode::kStart;
  Mode back_ = Mode::kProlog;  // where a comment or PI returns to
  // Open elements: names_[0, names_len_) holds their names one after
  // another, each followed by '>', the one at depth d from opens_[d].start
  // (its local name from opens_[d].local on). names_ never grows past
  // kMaxXmlTokenBytes + 17, so that one check of its room per element also
  // keeps the names within that limit.
  struct Open {
    std::uint32_t start;
    std::uint32_t local;
  };
  int depth_ = 0;
  std::vector<char> names_;
  std::size_t names_len_ = 0;
  std::unique_ptr<Open[]> opens_;
  int opens_cap_ = 0;
  // attrs_ has room for attr_room_ attributes, attr_ptrs_ for as many
  // and the closing nullptr.
  std::size_t attr_room_ = 8;
  std::vector<Attr> attrs_ = std::vector<Attr>(8);
  std::vector<const char*> attr_ptrs_ = std::vector<const char*>(17);
  mutable std::vector<std::string_view> sorted_names_;

  std::string error_;
  std::size_t error_at_ = 0;

  // The handler's FastPrefix() as a little-endian word and the mask of
  // its bytes; fast_mask_ is 0 when it has none.
  std::uint64_t fast_prefix_ = 0;
  std::uint64_t fast_mask_ = 0;
};

XmlTokenizeResult Tokenizer::Parse(ByteStream& in, std::string* head) {
  for (;;) {
    if (data_ != nullptr) {
      switch (Run()) {
        case Status::kContinue:
        case Status::kNeedMore: break;
        case Status::kError:
          if (!stream_failed_) Report();
          return XmlTokenizeResult::kFailed;
        case Status::kHalted: return XmlTokenizeResult::kFailed;
        case Status::kNotUtf8:
          RestoreSentinel();
          head->assign(data_, raw_end_);
          return XmlTokenizeResult::kNotUtf8;
      }
      if (stream_failed_) return XmlTokenizeResult::kFailed;
      if (invalid_ && encoding_known_) {
        Fail(data_ + end_, kInvalidToken);
        Report();
        return XmlTokenizeResult::kFailed;
      }
      if (eof_) {
        if (Finish() == Status::kContinue) return XmlTokenizeResult::kOk;
        Report();
        return XmlTokenizeResult::kFailed;
      }
      if (raw_end_ - pos_ > kMaxXmlTokenBytes) {
        Fail(data_ + pos_, "token too long");
        Report();
        return XmlTokenizeResult::kFailed;
      }
    }
    // A token the buffer ends inside is parsed again from its start: when
    // it is long, wait for twice as much, so that the work stays linear in
    // its length however little each read returns.
    const std::size_t left = data_ == nullptr ? 0 : raw_end_ - pos_;
    const std::size_t target = left < kChunk ? 0 : std::min(2 * left, kMaxXmlTokenBytes + 1);
    do {
      if (!ctx_.CheckTime()) return XmlTokenizeResult::kFailed;
      if (!Fill(in)) stream_failed_ = true;  // the stream recorded why; parse what came
    } while (raw_end_ < target && !eof_ && !invalid_ && !stream_failed_);
  }
}

// Reads the next chunk behind what is left of the buffer (moved to its
// start); bigger reads for a token longer than a chunk.
bool Tokenizer::Fill(ByteStream& in) {
  if (data_ == nullptr) {
    // A member inflated whole is parsed where it lies: copying it out in
    // reads was most of the 4% memmove took of an office scan (perf).
    char* lent = nullptr;
    std::size_t size = 0;
    if (in.LendRest(&lent, &size)) {
      data_ = lent;
      static_assert(kSlack <= kLentRoom, "the slack fits in the room after a lent member");
      raw_end_ = size;
      cap_ = size + kLentRoom;
      std::memset(data_ + raw_end_, 0, kSlack);
      eof_ = true;
      Validate();
      return true;
    }
  }
  RestoreSentinel();
  if (pos_ > 0) {
    std::memmove(data_, data_ + pos_, raw_end_ - pos_);
    end_ -= pos_;
    raw_end_ -= pos_;
    pos_ = 0;
  }
  // Never more than one byte past the longest token, so that one too long
  // is caught before it is complete.
  const std::size_t want = std::min(std::max(kChunk, raw_end_), kMaxXmlTokenBytes + 1 - raw_end_);
  if (raw_end_ + want + kSlack > cap_) {
    // A chunk more than needed: the part of a token left from the last
    // read then fits beside the next chunk, with no new buffer each time.
    const std::size_t cap = raw_end_ + want + kSlack + kChunk;
    // Not zeroed (a page or two per part for nothing): only the slack
    // after the data is ever loaded, and it is zeroed after each read.
    std::unique_ptr<char[]> bigger(new char[cap]);
    if (raw_end_ > 0) std::memcpy(bigger.get(), data_, raw_end_);
    own_ = std::move(bigger);
    data_ = own_.get();
    cap_ = cap;
  }
  std::size_t got = 0;
  const bool ok = in.Read(data_ + raw_end_, want, &got);
  raw_end_ += got;
  std::memset(data_ + raw_end_, 0, kSlack);
  if (ok && got == 0) eof_ = true;
  Validate();
  return ok;
}

void Tokenizer::Validate() {
  if (!invalid_) {
    bool bad = false;
    end_ += ValidateXmlUtf8(reinterpret_cast<const unsigned char*>(data_) + end_, raw_end_ - end_,
                            ascii_only_, &lines_, &prev_cr_, &bad);
    if (bad || (eof_ && end_ < raw_end_)) invalid_ = true;
  }
  SetSentinel();
}

void Tokenizer::SetSentinel() {
  saved_ = end_ < raw_end_ ? data_[end_] : '\0';
  data_[end_] = '\0';
}

void Tokenizer::RestoreSentinel() {
  if (data_ != nullptr && end_ < raw_end_) data_[end_] = saved_;
}

// The declaration said US-ASCII: from here on, a byte from 0x80 is invalid.
void Tokenizer::AsciiOnly(std::size_t from) {
  ascii_only_ = true;
  for (std::size_t i = from; i < end_; ++i) {
    if (static_cast<unsigned char>(data_[i]) >= 0x80) {
      lines_ -= CountBreaks(data_ + i, data_ + end_, i > 0 && data_[i - 1] == '\r');
      RestoreSentinel();
      end_ = i;
      invalid_ = true;
      SetSentinel();
      return;
    }
  }
}

Status Tokenizer::Fail(const char* at, std::string why) {
  error_ = std::move(why);
  error_at_ = static_cast<std::size_t>(at - data_);
  return Status::kError;
}

void Tokenizer::Report() {
  const std::size_t at = std::min(error_at_, end_);
  const std::uint64_t line =
      1 + lines_ - CountBreaks(data_ + at, data_ + end_, at > 0 && data_[at - 1] == '\r');
  ctx_.Error("malformed-xml",
             std::string(part_) + ": " + error_ + " at line " + std::to_string(line));
}

Status Tokenizer::Finish() {
  const char* at = data_ + pos_;
  switch (mode_) {
    case Mode::kEpilog: return pos_ == end_ ? Status::kContinue : Fail(at, "unclosed token");
    case Mode::kStart:
    case Mode::kProlog:
    case Mode::kContent: return Fail(at, pos_ == end_ ? "no element found" : "unclosed token");
    case Mode::kCData: return Fail(at, "unclosed CDATA section");
    default: return Fail(at, "unclosed token");
  }
}

Status Tokenizer::Run() {
  for (;;) {
    Status st = Status::kContinue;
    switch (mode_) {
      case Mode::kStart: st = DoStart(); break;
      case Mode::kProlog:
      case Mode::kEpilog: st = DoMisc(); break;
      case Mode::kContent: st = DoContent(); break;
      case Mode::kComment: st = DoComment(); break;
      case Mode::kPi: st = DoPi(); break;
      case Mode::kCData: st = DoCData(); break;
    }
    if (st != Status::kContinue) return st;
  }
}

// The first bytes: the encoding, a byte order mark, the XML declaration.
// Nothing is consumed (pos_ stays 0) until the encoding is known to be ours,
// so that kNotUtf8 can hand every byte read to expat.
Status Tokenizer::DoStart() {
  const bool all_in = eof_ || invalid_ || stream_failed_;
  // Expat reads UTF-16 (with or without a byte order mark) from these.
  if (raw_end_ < 2 && !(eof_ || stream_failed_)) return Status::kNeedMore;
  if (raw_end_ >= 1 && (RawByte(0) == 0 || RawByte(0) == 0xFE || RawByte(0) == 0xFF)) {
    return Status::kNotUtf8;
  }
  if (raw_end_ >= 2 && RawByte(1) == 0) return Status::kNotUtf8;
  encoding_known_ = true;
  // Enough for a UTF-8 byte order mark, "<?xml" and the byte after it.
  if (end_ < 9 && !all_in) return Status::kNeedMore;
  char* p = data_;
  char* const end = p + end_;
  if (end - p >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
  if (end - p >= 6 && std::memcmp(p, "<?xml", 5) == 0 && (IsSpace(p[5]) || p[5] == '?')) {
    const char* close = p + 5;
    for (;; ++close) {
      close =
          static_cast<const char*>(std::memchr(close, '?', static_cast<std::size_t>(end - close)));
      if (close == nullptr || close + 1 == end) return Status::kNeedMore;
      if (close[1] == '>') break;
    }
    std::string_view encoding;
    if (!ParseXmlDecl(p + 5, close, &encoding)) return Fail(p, "XML declaration not well-formed");
    p = const_cast<char*>(close) + 2;
    if (!encoding.empty() && !EqualsAsciiCi(encoding, "UTF-8")) {
      if (!EqualsAsciiCi(encoding, "US-ASCII")) return Status::kNotUtf8;
      AsciiOnly(static_cast<std::size_t>(p - data_));
    }
  }
  pos_ = static_cast<std::size_t>(p - data_);
  mode_ = Mode::kProlog;
  return Status::kContinue;
}

// Before and after the root element: white space, comments, PIs.
Status Tokenizer::DoMisc() {
  char* p = data_ + pos_;
  char* const end = data_ + end_;
  while (IsSpace(*p)) ++p;  // the sentinel stops it
  pos_ = static_cast<std::size_t>(p - data_);
  if (p == end) return Status::kNeedMore;
  const bool prolog = mode_ == Mode::kProlog;
  if (*p != '<') return Fail(p, prolog ? "syntax error" : "junk after document element");
  if (end - p < 2) return Status::kNeedMore;
  if (p[1] == '?') return PiStart(p, end);
  if (p[1] == '!') return Bang(p, end);
  if (!prolog) return Fail(p, "junk after document element");
  char* next = nullptr;
  const Status st = StartTag(p, end, &next);
  if (st == Status::kContinue) pos_ = static_cast<std::size_t>(next - data_);
  return st;
}

// Inside the root element: text and markup, until the root closes.
Status Tokenizer::DoContent() {
  char* p = data_ + pos_;
  char* const end = data_ + end_;
  for (;;) {
    // Tags often follow each other directly: look for text only when some
    // is there (the sentinel at the end is not '<').
    if (*p != '<') {
      char* run = p;
      for (;;) {
        p += FindTextStop(p, end) - p;
        if (p == end || *p != ']') break;
        if (end - p < 3) break;
        if (p[1] == ']' && p[2] == '>') {
          Text(run, p);
          return Fail(p, kInvalidToken);
        }
        ++p;
      }
      Text(run, p);
      pos_ = static_cast<std::size_t>(p - data_);
      if (p == end || *p == ']') return Status::kNeedMore;
      if (*p == '&') {
        std::uint32_t cp = 0;
        std::size_t len = 0;
        const Ref r = ParseRef(p, end, &cp, &len);
        if (r == Ref::kNeedMore) return Status::kNeedMore;
        if (r != Ref::kOk) return Fail(p, RefError(r));
        char utf8[4];
        handler_.Text(std::string_view(utf8, static_cast<std::size_t>(EncodeUtf8(cp, utf8))));
        p += len;
        continue;
      }
      if (*p == '\r') {  // a line end, alone or before LF
        if (end - p < 2) return Status::kNeedMore;
        handler_.Text("\n");
        p += p[1] == '\n' ? 2 : 1;
        continue;
      }
    }
    // pos_ is only kept up to date on the way out: a tag that does not
    // parse leaves p where it was.
    const char c = end - p < 2 ? '\0' : p[1];
    if (c == '\0' || c == '?' || c == '!') {
      pos_ = static_cast<std::size_t>(p - data_);
      if (c == '\0') return Status::kNeedMore;
      return c == '?' ? PiStart(p, end) : Bang(p, end);
    }
    if (c != '/' && fast_mask_ != 0) {
      if (const std::size_t n = Take(p, end); n != 0) {
        p += n;
        continue;
      }
    }
    char* const tag = p;
    const Status st = c == '/' ? EndTag(p, end, &p) : StartTag(p, end, &p);
    if (st != Status::kContinue) {
      pos_ = static_cast<std::size_t>(tag - data_);
      return st;
    }
    if (mode_ != Mode::kContent) {
      pos_ = static_cast<std::size_t>(p - data_);
      return Status::kContinue;
    }
  }
}

// The handler's fast path (XmlHandler::TakeElement) at the '<' of a start
// tag: the length it took, or 0.
inline std::size_t Tokenizer::Take(const char* p, const char* end) {
  std::uint64_t head;
  std::memcpy(&head, p, 8);  // the read buffer has slack
  // The NUL at end stops a match from reaching past it.
  if ((head & fast_mask_) != fast_prefix_) return 0;
  // Where the element's own tags could pass a limit, they are parsed, so
  // that it trips as it always did.
  if (depth_ > kMaxXmlDepth - kMaxFastElementDepth ||
      names_len_ + kMaxFastElementBytes > kMaxXmlTokenBytes || ctx_.stopped()) {
    return 0;
  }
  const char* const limit =
      static_cast<std::size_t>(end - p) > kMaxFastElementBytes ? p + kMaxFastElementBytes : end;
  return handler_.TakeElement(p, limit);
}

// At "<!": a comment, a CDATA section (in content) or a DOCTYPE (refused).
Status Tokenizer::Bang(char* p, char* end) {
  const int comment = Match(p, end, "<!--");
  if (comment > 0) {
    back_ = mode_;
    mode_ = Mode::kComment;
    pos_ = static_cast<std::size_t>(p + 4 - data_);
    return Status::kContinue;
  }
  int other = -1;
  if (mode_ == Mode::kContent) {
    other = Match(p, end, "<![CDATA[");
    if (other > 0) {
      mode_ = Mode::kCData;
      pos_ = static_cast<std::size_t>(p + 9 - data_);
      return Status::kContinue;
    }
  } else if (mode_ == Mode::kProlog) {
    // Entities are where XML bombs and external fetches live; OOXML never
    // declares a DTD.
    other = Match(p, end, "<!DOCTYPE");
    if (other > 0) return Fail(p, "a DOCTYPE is not allowed here");
  }
  if (comment == 0 || other == 0) return Status::kNeedMore;
  return Fail(p, mode_ == Mode::kEpilog ? "junk after document element" : kInvalidToken);
}

Status Tokenizer::PiStart(char* p, char* end) {
  char* q = p + 2;
  const char* target = q;
  if (char* e = ScanName(q); e != nullptr) {
    q = e;
  } else {
    return q == end ? Status::kNeedMore : Fail(q, kInvalidToken);
  }
  if (q == end) return Status::kNeedMore;  // the target may go on
  if (q - target == 3 && EqualsAsciiCi(std::string_view(target, 3), "xml")) {
    return Fail(p, std::memcmp(target, "xml", 3) == 0
                       ? "XML or text declaration not at start of entity"
                       : kInvalidToken);
  }
  if (*q == '?') {
    if (end - q < 2) return Status::kNeedMore;
    if (q[1] != '>') return Fail(q, kInvalidToken);
    pos_ = static_cast<std::size_t>(q + 2 - data_);
    return Status::kContinue;
  }
  if (!IsSpace(*q)) return q == end ? Status::kNeedMore : Fail(q, kInvalidToken);
  back_ = mode_;
  mode_ = Mode::kPi;
  pos_ = static_cast<std::size_t>(q + 1 - data_);
  return Status::kContinue;
}

Status Tokenizer::DoComment() {
  char* p = data_ + pos_;
  char* const end = data_ + end_;
  for (;;) {
    char* q = static_cast<char*>(std::memchr(p, '-', static_cast<std::size_t>(end - p)));
    if (q == nullptr) {
      pos_ = end_;
      return Status::kNeedMore;
    }
    pos_ = static_cast<std::size_t>(q - data_);
    if (end - q < 2) return Status::kNeedMore;
    if (q[1] != '-') {
      p = q + 1;
      continue;
    }
    if (end - q < 3) return Status::kNeedMore;
    if (q[2] != '>') return Fail(q, kInvalidToken);  // "--" inside a comment
    pos_ += 3;
    mode_ = back_;
    return Status::kContinue;
  }
}

Status Tokenizer::DoPi() {
  char* p = data_ + pos_;
  char* const end = data_ + end_;
  for (;;) {
    char* q = static_cast<char*>(std::memchr(p, '?', static_cast<std::size_t>(end - p)));
    if (q == nullptr) {
      pos_ = end_;
      return Status::kNeedMore;
    }
    pos_ = static_cast<std::size_t>(q - data_);
    if (end - q < 2) return Status::kNeedMore;
    if (q[1] == '>') {
      pos_ += 2;
      mode_ = back_;
      return Status::kContinue;
    }
    p = q + 1;
  }
}

Status Tokenizer::DoCData() {
  char* p = data_ + pos_;
  char* const end = data_ + end_;
  char* run = p;
  for (;;) {
    while (p < end && *p != ']' && *p != '\r') ++p;
    if (p == end || *p == '\r' || end - p < 3 || (p[1] == ']' && p[2] == '>')) {
      Text(run, p);
      pos_ = static_cast<std::size_t>(p - data_);
    }
    if (p == end) return Status::kNeedMore;
    if (*p == '\r') {
      if (end - p < 2) return Status::kNeedMore;
      handler_.Text("\n");
      p += p[1] == '\n' ? 2 : 1;
      run = p;
    } else if (end - p < 3) {
      return Status::kNeedMore;
    } else if (p[1] == ']' && p[2] == '>') {
      pos_ += 3;
      mode_ = Mode::kContent;
      return Status::kContinue;
    } else {
      ++p;  // a ']' of the text
    }
  }
}

// At '<' and a name: the whole tag must be in the buffer. It is checked
// first and only then changed in place (names and values NUL-terminated,
// values decoded), so that a tag the buffer ends inside is left as it was.
// Most tags have no attributes: those take no detour.
inline Status Tokenizer::StartTag(char* p, char* end, char** next) {
  char* q = p + 1;
  const char* name = q;
  if (char* e = ScanName(q); e != nullptr) {
    q = e;
  } else {
    return q == end ? Status::kNeedMore : Fail(q, kInvalidToken);
  }
  const auto name_len = static_cast<std::size_t>(q - name);
  bool empty = false;
  if (*q == '>') {
    ++q;
    if (ctx_.stopped()) return Status::kHalted;
    if (depth_ >= kMaxXmlDepth) return TooDeep(p);
    attr_ptrs_[0] = nullptr;
  } else {
    const Status st = Attributes(p, end, &q, &empty);
    if (st != Status::kContinue) return st;
  }
  const char** attr_ptrs = attr_ptrs_.data();
  const std::size_t prefix = PrefixLength(name, name_len);
  const std::string_view local(name + prefix, name_len - prefix);
  if (empty) {
    handler_.Start(local, attr_ptrs);
    handler_.End(local);
    if (depth_ == 0) mode_ = Mode::kEpilog;
  } else {
    if (!Push(name, name_len, prefix)) return Fail(p, "token too long");
    mode_ = Mode::kContent;
    handler_.Start(local, attr_ptrs);
  }
  *next = q;
  return Status::kContinue;
}

Status Tokenizer::TooDeep(const char* p) {
  return Fail(p, "elements nested more than " + std::to_string(kMaxXmlDepth) + " deep");
}

// The attributes of the start tag at p, from *at (just after its name) to
// the end of the tag, which *at is left after; *empty: the tag ended in
// "/>". Once the tag is known to be whole and the element may open, they
// are NUL-terminated and decoded in place, with attr_ptrs_ pointing at them.
inline Status Tokenizer::Attributes(char* p, char* end, char** at, bool* empty) {
  char* q = *at;
  std::size_t n = 0;
  Attr* attrs = attrs_.data();
  const char** ptrs = attr_ptrs_.data();
  for (;;) {
    char c = *q;
    if (c == '>') {
      ++q;
      break;
    }
    if (c == '/') {
      if (end - q < 2) return Status::kNeedMore;
      if (q[1] != '>') return Fail(q, kInvalidToken);
      q += 2;
      *empty = true;
      break;
    }
    if (!IsSpace(c)) return q == end ? Status::kNeedMore : Fail(q, kInvalidToken);
    do ++q;
    while (IsSpace(*q));
    c = *q;
    if (c == '>' || c == '/') continue;
    if (n == attr_room_) {
      GrowAttrs();
      attrs = attrs_.data();
      ptrs = attr_ptrs_.data();
    }
    char* const name = q;
    if (char* e = ScanName(q); e != nullptr) {
      q = e;
    } else {
      return q == end ? Status::kNeedMore : Fail(q, kInvalidToken);
    }
    char* const name_end = q;
    if (*q != '=') {
      while (IsSpace(*q)) ++q;
      if (*q != '=') return q == end ? Status::kNeedMore : Fail(q, kInvalidToken);
    }
    ++q;
    while (IsSpace(*q)) ++q;
    const char quote = *q;
    if (quote != '"' && quote != '\'') return q == end ? Status::kNeedMore : Fail(q, kInvalidToken);
    char* const value = ++q;
    bool decode = false;
    for (;;) {
      // Values are short: a loop beats a 16-byte scan.
      while ((kClass[static_cast<unsigned char>(*q)] & kAttrStop) == 0) ++q;
      const char s = *q;
      if (s == quote) break;
      if (s == '"' || s == '\'') {
        ++q;
      } else if (s == '\t' || s == '\n' || s == '\r') {
        decode = true;
        ++q;
      } else if (s == '&') {
        std::uint32_t cp = 0;
        std::size_t len = 0;
        const Ref r = ParseRef(q, end, &cp, &len);
        if (r == Ref::kNeedMore) return Status::kNeedMore;
        if (r != Ref::kOk) return Fail(q, RefError(r));
        decode = true;
        q += len;
      } else if (s == '<') {
        return Fail(q, kInvalidToken);
      } else {  // the sentinel
        return Status::kNeedMore;
      }
    }
    ptrs[2 * n] = name;
    ptrs[2 * n + 1] = value;
    attrs[n++] = {name_end, q++, decode};
  }
  if (n > 1) {
    // Two (a cell's r and t) are common enough to be compared here.
    const bool duplicate =
        n == 2
            ? SameName(
                  std::string_view(ptrs[0], static_cast<std::size_t>(attrs[0].name_end - ptrs[0])),
                  std::string_view(ptrs[2], static_cast<std::size_t>(attrs[1].name_end - ptrs[2])))
            : DuplicateAttr(n);
    if (duplicate) return Fail(p, "duplicate attribute");
  }
  if (ctx_.stopped()) return Status::kHalted;
  if (depth_ >= kMaxXmlDepth) return TooDeep(p);
  for (std::size_t i = 0; i < n; ++i) {
    const Attr& a = attrs[i];
    char* value_end = a.value_end;
    *a.name_end = '\0';
    // The value is in the read buffer (attr_ptrs_ is const char* for the
    // handler).
    if (a.decode) value_end = DecodeValue(const_cast<char*>(ptrs[2 * i + 1]), value_end);
    *value_end = '\0';
  }
  ptrs[2 * n] = nullptr;
  *at = q;
  return Status::kContinue;
}

void Tokenizer::GrowAttrs() {
  attr_room_ = 2 * attr_room_ + 8;
  attrs_.resize(attr_room_);
  attr_ptrs_.resize(2 * attr_room_ + 1);
}

// Opens an element; false when the open names would pass
// kMaxXmlTokenBytes. Each name is kept with a '>' after it, as its end tag
// ends, and 16 bytes can always be loaded from where it starts.
inline bool Tokenizer::Push(const char* name, std::size_t len, std::size_t prefix) {
  if (names_len_ + len + 17 > names_.size() && !GrowNames(len)) return false;
  char* to = names_.data() + names_len_;
  if (len < 16) {
    std::memcpy(to, name, 16);  // the read buffer has slack
  } else {
    std::memcpy(to, name, len);
  }
  to[len] = '>';
  if (depth_ == opens_cap_) GrowOpens();
  opens_[static_cast<std::size_t>(depth_++)] = {static_cast<std::uint32_t>(names_len_),
                                                static_cast<std::uint32_t>(prefix)};
  names_len_ += len + 1;
  return true;
}

bool Tokenizer::GrowNames(std::size_t len) {
  if (names_len_ + len > kMaxXmlTokenBytes) return false;
  const std::size_t need = names_len_ + len + 1 + 16;
  names_.resize(std::min(std::max(2 * names_.size(), need + 256), kMaxXmlTokenBytes + 17));
  return true;
}

void Tokenizer::GrowOpens() {
  const int cap = opens_cap_ == 0 ? 64 : 2 * opens_cap_;
  auto bigger = std::make_unique<Open[]>(static_cast<std::size_t>(cap));
  std::copy(opens_.get(), opens_.get() + opens_cap_, bigger.get());
  opens_ = std::move(bigger);
  opens_cap_ = cap;
}

bool Tokenizer::DuplicateAttr(std::size_t n) const {
  auto name = [this](std::size_t i) {
    const char* start = attr_ptrs_[2 * i];
    return std::string_view(start, static_cast<std::size_t>(attrs_[i].name_end - start));
  };
  if (n <= 16) {
    for (std::size_t i = 1; i < n; ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (SameName(name(i), name(j))) return true;
      }
    }
    return false;
  }
  sorted_names_.clear();
  for (std::size_t i = 0; i < n; ++i) sorted_names_.push_back(name(i));
  std::sort(sorted_names_.begin(), sorted_names_.end());
  return std::adjacent_find(sorted_names_.begin(), sorted_names_.end()) != sorted_names_.end();
}

// Decodes a checked attribute value in place (it only shrinks); returns its
// new end.
char* Tokenizer::DecodeValue(char* v, char* end) {
  char* w = v;
  const char* r = v;
  while (r < end) {
    const char c = *r;
    if (c == '&') {
      std::uint32_t cp = 0;
      std::size_t len = 0;
      ParseRef(r, end, &cp, &len);
      r += len;
      w += EncodeUtf8(cp, w);
    } else if (c == '\r') {
      *w++ = ' ';
      r += r + 1 < end && r[1] == '\n' ? 2 : 1;
    } else if (c == '\t' || c == '\n') {
      *w++ = ' ';
      ++r;
    } else {
      *w++ = c;
      ++r;
    }
  }
  return w;
}

// Whether q holds `open` and '>' (which follows it in names_).
inline bool FastEndTag(const char* q, const char* end, std::string_view open) {
  if (static_cast<std::size_t>(end - q) <= open.size()) return false;
#if defined(__SSE2__)
  if (open.size() < 16) {
    const unsigned same =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(Load16(q), Load16(open.data()))));
    const unsigned want = (2u << open.size()) - 1;  // the name and '>'
    return (same & want) == want;
  }
#endif
  return SameBytes(q, open.data(), open.size()) && q[open.size()] == '>';
}

Status Tokenizer::EndTag(char* p, char* end, char** next) {
  char* q = p + 2;
  const Open top_open = opens_[static_cast<std::size_t>(depth_ - 1)];
  const std::size_t top = top_open.start;
  const std::string_view open(names_.data() + top, names_len_ - top - 1);
  if (FastEndTag(q, end, open)) {
    q += open.size() + 1;
  } else {
    const char* name = q;
    if (char* e = ScanName(q); e != nullptr) {
      q = e;
    } else {
      return q == end ? Status::kNeedMore : Fail(q, kInvalidToken);
    }
    const std::string_view closing(name, static_cast<std::size_t>(q - name));
    while (IsSpace(*q)) ++q;
    if (*q != '>') return q == end ? Status::kNeedMore : Fail(q, kInvalidToken);
    if (!SameName(closing, open)) return Fail(p, "mismatched tag");
    ++q;
  }
  names_len_ = top;
  if (--depth_ == 0) mode_ = Mode::kEpilog;
  handler_.End(std::string_view(open.data() + top_open.local, open.size() - top_open.local));
  *next = q;
  return Status::kContinue;
}

}  // namespace

XmlTokenizeResult TokenizeXml(ByteStream& in, std::string_view part, ExtractContext& ctx,
                              XmlHandler& handler, std::string* head) {
  Tokenizer tokenizer(part, ctx, handler);
  return tokenizer.Parse(in, head);
}

}  // namespace mamori
