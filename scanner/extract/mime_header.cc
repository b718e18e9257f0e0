#include "mime_header.h"

#include <algorithm>
#include <cstdlib>

#include "mime_charset.h"
#include "mime_decode.h"

namespace mamori {

namespace {

constexpr std::size_t kMaxParams = 64;
constexpr int kMaxSection = 999;
constexpr std::size_t kMaxEncodedWord = 4096;

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The line at `pos` without its line break; *next is where the next starts.
std::string_view LineAt(std::string_view s, std::size_t pos, std::size_t* next) {
  std::size_t end = s.find('\n', pos);
  *next = end == std::string_view::npos ? s.size() : end + 1;
  if (end == std::string_view::npos) end = s.size();
  std::string_view line = s.substr(pos, end - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// The length of the field name before ':' (trailing blanks allowed before
// the colon), or 0 when `line` does not start a field.
std::size_t FieldNameLength(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] > ' ' && line[i] < 127 && line[i] != ':') ++i;
  const std::size_t name_end = i;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (name_end == 0 || i >= line.size() || line[i] != ':') return 0;
  return name_end;
}

// Appends the text of one encoded word's bytes, or of 8-bit literal text.
void AppendDecoded(std::string_view charset, std::string_view bytes, std::string* out) {
  if (bytes.empty()) return;
  if (charset.empty()) {
    UnlabelledToUtf8(bytes, out);
  } else {
    CharsetToUtf8(charset, bytes, out);
  }
}

// Parses an encoded word "=?charset?B?text?=" at `pos`; on success sets the
// charset (language suffix removed), the decoded bytes and *end after "?=".
bool EncodedWord(std::string_view s, std::size_t pos, std::string_view* charset, std::string* bytes,
                 std::size_t* end) {
  const std::size_t q1 = s.find('?', pos + 2);
  if (q1 == std::string_view::npos || q1 - pos - 2 > 64 || q1 + 3 >= s.size()) return false;
  const char enc = Lower(s[q1 + 1]);
  if ((enc != 'b' && enc != 'q') || s[q1 + 2] != '?') return false;
  // RFC 2047 allows 75 characters; the cap keeps a header full of "=?"
  // without a "?=" from being searched to its end from each of them.
  const std::size_t close = s.substr(0, q1 + 3 + kMaxEncodedWord).find("?=", q1 + 3);
  if (close == std::string_view::npos) return false;
  *charset = s.substr(pos + 2, q1 - pos - 2);
  *charset = charset->substr(0, charset->find('*'));  // RFC 2231 language
  if (charset->empty()) return false;
  const std::string_view text = s.substr(q1 + 3, close - q1 - 3);
  bytes->clear();
  if (enc == 'b') {
    std::size_t invalid = 0;
    DecodeBase64(text, bytes, &invalid);
  } else {
    DecodeQuotedPrintable(text, true, bytes);
  }
  *end = close + 2;
  return true;
}

}  // namespace

HeaderSection ParseHeaderSection(std::string_view entity) {
  HeaderSection h;
  std::size_t pos = 0;
  bool first = true;
  bool keep_last = false;  // the last field was stored (continuations go to it)
  while (pos < entity.size()) {
    std::size_t next = 0;
    const std::string_view line = LineAt(entity, pos, &next);
    if (line.empty()) {
      h.body = entity.substr(next);
      return h;
    }
    if (line[0] == ' ' || line[0] == '\t') {
      if (first) break;  // no field to continue: the part has no headers
      if (keep_last) {
        std::string& v = h.fields.back().value;
        if (v.size() + line.size() <= kMaxFieldBytes) {
          v.append(line);
        } else {
          h.overflow = true;
        }
      }
      pos = next;
      continue;
    }
    const std::size_t name_len = FieldNameLength(line);
    if (name_len == 0) {
      if (first && (line.starts_with("From ") || line.starts_with(">From "))) {
        pos = next;  // an mbox envelope line
        first = false;
        continue;
      }
      break;
    }
    first = false;
    keep_last = h.fields.size() < kMaxFields;
    if (keep_last) {
      std::string_view value = line.substr(line.find(':') + 1);
      if (value.size() > kMaxFieldBytes) {
        value = value.substr(0, kMaxFieldBytes);
        h.overflow = true;
      }
      h.fields.push_back({LowerCopy(line.substr(0, name_len)), std::string(value)});
    } else {
      h.overflow = true;
    }
    pos = next;
  }
  h.body = entity.substr(pos);
  return h;
}

const std::string* FindField(const std::vector<HeaderField>& fields, std::string_view name) {
  for (const HeaderField& f : fields) {
    if (f.name == name) return &f.value;
  }
  return nullptr;
}

std::string DecodeHeaderText(std::string_view raw) {
  std::string out;
  std::string pending;  // bytes of adjacent encoded words in one charset
  std::string pending_charset;
  std::string word;
  std::size_t i = 0;
  bool after_word = false;
  auto flush = [&] {
    AppendDecoded(pending_charset, pending, &out);
    pending.clear();
  };
  while (i < raw.size()) {
    const std::size_t at = raw.find("=?", i);
    const std::size_t lit_end = at == std::string_view::npos ? raw.size() : at;
    const std::string_view literal = raw.substr(i, lit_end - i);
    std::string_view charset;
    std::size_t end = 0;
    if (at != std::string_view::npos && EncodedWord(raw, at, &charset, &word, &end)) {
      // RFC 2047 6.2: whitespace between two encoded words is not text. Words
      // in one charset are joined first: mailers split a character between
      // two of them.
      if (!(after_word && Trim(literal).empty())) {
        flush();
        AppendDecoded("", literal, &out);
      }
      if (LowerCopy(charset) != pending_charset) {
        flush();
        pending_charset = LowerCopy(charset);
      }
      pending += word;
      after_word = true;
      i = end;
      continue;
    }
    flush();
    const std::size_t take = at == std::string_view::npos ? raw.size() : at + 2;
    AppendDecoded("", raw.substr(i, take - i), &out);
    after_word = false;
    i = take;
  }
  flush();
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return out;
}

HeaderParams::HeaderParams(std::string_view raw) {
  std::size_t semi = raw.find(';');
  value_ = LowerCopy(Trim(raw.substr(0, semi)));
  struct Piece {
    std::string base;
    int section;  // -1: not split
    bool extended;
    std::string value;
  };
  std::vector<Piece> pieces;
  std::size_t i = semi == std::string_view::npos ? raw.size() : semi + 1;
  while (i < raw.size() && pieces.size() < kMaxParams * 4) {
    while (i < raw.size() && (IsSpace(raw[i]) || raw[i] == ';')) ++i;
    const std::size_t name_start = i;
    while (i < raw.size() && raw[i] != '=' && raw[i] != ';') ++i;
    const std::string name = LowerCopy(Trim(raw.substr(name_start, i - name_start)));
    if (i >= raw.size() || raw[i] == ';') continue;  // a parameter without '='
    ++i;
    while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t')) ++i;
    std::string value;
    if (i < raw.size() && raw[i] == '"') {
      for (++i; i < raw.size() && raw[i] != '"'; ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size()) ++i;
        value.push_back(raw[i]);
      }
      while (i < raw.size() && raw[i] != ';') ++i;  // past the quote and any junk
    } else {
      const std::size_t start = i;
      while (i < raw.size() && raw[i] != ';') ++i;
      value = std::string(Trim(raw.substr(start, i - start)));
    }
    // RFC 2231: name*, name*N, name*N*.
    Piece p{name, -1, false, std::move(value)};
    const std::size_t star = name.find('*');
    if (star != std::string::npos) {
      p.base = name.substr(0, star);
      std::string_view rest = std::string_view(name).substr(star + 1);
      if (rest.ends_with("*")) {
        p.extended = true;
        rest.remove_suffix(1);
      } else if (rest.empty()) {
        p.extended = true;
      }
      if (!rest.empty()) {
        if (rest.size() > 3 ||
            !std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }))
          continue;
        p.section = std::atoi(std::string(rest).c_str());
      }
    }
    if (!p.base.empty()) pieces.push_back(std::move(p));
  }
  // Join each parameter's pieces in section order.
  std::stable_sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) {
    return a.base != b.base ? a.base < b.base : a.section < b.section;
  });
  for (std::size_t k = 0; k < pieces.size() && params_.size() < kMaxParams;) {
    std::size_t e = k;
    while (e < pieces.size() && pieces[e].base == pieces[k].base) ++e;
    // A plain "name=" beside RFC 2231 pieces is the fallback for old readers.
    bool any_starred = false;
    for (std::size_t j = k; j < e; ++j) any_starred |= pieces[j].section >= 0 || pieces[j].extended;
    Param out{pieces[k].base, {}, {}};
    int last_section = -2;
    bool first_piece = true;
    for (std::size_t j = k; j < e; ++j) {
      const Piece& p = pieces[j];
      if (any_starred && p.section < 0 && !p.extended) continue;
      if (p.section == last_section || p.section > kMaxSection) continue;  // duplicates
      last_section = p.section;
      std::string_view v = p.value;
      if (p.extended && first_piece) {
        // charset'language'value
        const std::size_t q1 = v.find('\'');
        const std::size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
        if (q2 != std::string_view::npos) {
          out.charset = std::string(v.substr(0, q1));
          v.remove_prefix(q2 + 1);
        }
      }
      if (p.extended) {
        DecodePercent(v, &out.bytes);
      } else {
        out.bytes.append(v);
      }
      first_piece = false;
    }
    params_.push_back(std::move(out));
    k = e;
  }
}

const HeaderParams::Param* HeaderParams::Find(std::string_view name) const {
  for (const Param& p : params_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string HeaderParams::Raw(std::string_view name) const {
  const Param* p = Find(name);
  return p == nullptr ? std::string() : p->bytes;
}

std::string HeaderParams::Text(std::string_view name) const {
  const Param* p = Find(name);
  if (p == nullptr) return {};
  if (p->charset.empty()) return DecodeHeaderText(p->bytes);
  std::string out;
  CharsetToUtf8(p->charset, p->bytes, &out);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return out;
}

}  // namespace mamori
