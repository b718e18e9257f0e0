#include "pdf_encrypt.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace mamori {

namespace {

// The last trailer is within the tail of a file; a linearized file also
// has one (with the same Encrypt entry) at its start.
constexpr std::size_t kTailWindow = 8 << 20;
constexpr std::size_t kHeadWindow = 1 << 20;
constexpr int kMaxCandidates = 32;
constexpr int kMaxObjectHits = 64;
constexpr int kMaxDepth = 8;
constexpr int kMaxTokens = 4096;
constexpr std::size_t kMaxEntries = 256;

bool IsSpace(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}
bool IsDelimiter(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}
bool IsRegular(char c) { return !IsSpace(c) && !IsDelimiter(c); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

struct PdfEntry;

struct PdfValue {
  enum class Type { kOther, kName, kNumber, kReference, kDict };
  Type type = Type::kOther;
  std::string name;         // kName, without '/'
  std::int64_t number = 0;  // kNumber (integer part), kReference (object)
  std::int64_t generation = 0;
  // kDict. A std::pair of an incomplete type does not compile with clang
  // and libstdc++; a vector of a declared struct does (C++17).
  std::vector<PdfEntry> entries;

  const PdfValue* Get(std::string_view key) const;
};

struct PdfEntry {
  std::string key;
  PdfValue value;
};

const PdfValue* PdfValue::Get(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k == key) return &v;
  }
  return nullptr;
}

// A recursive-descent reader of PDF objects, bounded in depth and tokens.
class Parser {
 public:
  Parser(std::string_view s, std::size_t at) : s_(s), at_(at) {}

  bool Value(PdfValue* v, int depth) {
    if (++tokens_ > kMaxTokens || depth > kMaxDepth) return false;
    SkipSpace();
    if (at_ >= s_.size()) return false;
    const char c = s_[at_];
    if (c == '/') {
      ++at_;
      v->type = PdfValue::Type::kName;
      while (at_ < s_.size() && IsRegular(s_[at_])) v->name.push_back(s_[at_++]);
      return true;
    }
    if (c == '<' && at_ + 1 < s_.size() && s_[at_ + 1] == '<') return Dict(v, depth);
    if (c == '<') return Skip('>');
    if (c == '(') return String();
    if (c == '[') {
      ++at_;
      for (;;) {
        SkipSpace();
        if (at_ >= s_.size()) return false;
        if (s_[at_] == ']') {
          ++at_;
          return true;
        }
        PdfValue item;
        if (!Value(&item, depth + 1)) return false;
      }
    }
    if (IsDigit(c) || c == '-' || c == '+' || c == '.') return Number(v);
    if (!IsRegular(c)) return false;
    while (at_ < s_.size() && IsRegular(s_[at_])) ++at_;  // true, false, null
    return true;
  }

 private:
  void SkipSpace() {
    while (at_ < s_.size()) {
      if (IsSpace(s_[at_])) {
        ++at_;
      } else if (s_[at_] == '%') {
        while (at_ < s_.size() && s_[at_] != '\n' && s_[at_] != '\r') ++at_;
      } else {
        break;
      }
    }
  }

  bool Skip(char end) {
    const std::size_t e = s_.find(end, at_);
    if (e == std::string_view::npos) return false;
    at_ = e + 1;
    return true;
  }

  bool String() {
    int nesting = 0;
    for (; at_ < s_.size(); ++at_) {
      const char c = s_[at_];
      if (c == '\\') {
        ++at_;
      } else if (c == '(') {
        ++nesting;
      } else if (c == ')' && --nesting == 0) {
        ++at_;
        return true;
      }
    }
    return false;
  }

  // An integer, a real (its integer part kept), or "obj gen R".
  bool Number(PdfValue* v) {
    v->type = PdfValue::Type::kNumber;
    v->number = ReadInteger();
    while (at_ < s_.size() && IsRegular(s_[at_])) ++at_;  // fraction
    // An indirect reference: two integers and "R".
    const std::size_t save = at_;
    SkipSpace();
    if (at_ < s_.size() && IsDigit(s_[at_])) {
      const std::int64_t gen = ReadInteger();
      SkipSpace();
      if (at_ < s_.size() && s_[at_] == 'R' && (at_ + 1 == s_.size() || !IsRegular(s_[at_ + 1]))) {
        ++at_;
        v->type = PdfValue::Type::kReference;
        v->generation = gen;
        return true;
      }
    }
    at_ = save;
    return true;
  }

  std::int64_t ReadInteger() {
    bool negative = false;
    if (at_ < s_.size() && (s_[at_] == '-' || s_[at_] == '+')) negative = s_[at_++] == '-';
    std::int64_t n = 0;
    while (at_ < s_.size() && IsDigit(s_[at_])) {
      if (n < (std::int64_t{1} << 40)) n = n * 10 + (s_[at_] - '0');
      ++at_;
    }
    return negative ? -n : n;
  }

  bool Dict(PdfValue* v, int depth) {
    at_ += 2;
    v->type = PdfValue::Type::kDict;
    for (;;) {
      SkipSpace();
      if (at_ + 1 < s_.size() && s_[at_] == '>' && s_[at_ + 1] == '>') {
        at_ += 2;
        return true;
      }
      PdfValue key;
      if (!Value(&key, depth + 1) || key.type != PdfValue::Type::kName) return false;
      PdfValue value;
      if (!Value(&value, depth + 1)) return false;
      if (v->entries.size() < kMaxEntries) v->entries.push_back({key.name, std::move(value)});
    }
  }

  std::string_view s_;
  std::size_t at_;
  int tokens_ = 0;
};

// The value of the /Encrypt entry at `key` (just past the key).
bool EncryptValue(std::string_view data, std::size_t at, PdfValue* v) {
  Parser p(data, at);
  return p.Value(v, 0) &&
         (v->type == PdfValue::Type::kReference || v->type == PdfValue::Type::kDict);
}

// The last /Encrypt entry within `window` of `data` (the key, not
// /EncryptMetadata).
bool FindEncryptEntry(std::string_view data, std::size_t from, std::size_t to, PdfValue* v) {
  constexpr std::string_view kKey = "/Encrypt";
  const std::string_view window = data.substr(from, to - from);
  std::size_t pos = window.size();
  for (int n = 0; n < kMaxCandidates; ++n) {
    if (pos < kKey.size()) return false;
    pos = window.rfind(kKey, pos - 1);
    if (pos == std::string_view::npos) return false;
    const std::size_t after = from + pos + kKey.size();
    if (after < data.size() && IsRegular(data[after])) continue;
    *v = PdfValue();
    if (EncryptValue(data, after, v)) return true;
  }
  return false;
}

// The dictionary of object `num gen`, its last definition in the file (an
// incremental update replaces earlier ones).
bool ResolveObject(std::string_view data, std::int64_t num, std::int64_t gen, PdfValue* v) {
  const std::string header = std::to_string(num) + " " + std::to_string(gen) + " obj";
  std::size_t pos = data.size();
  for (int n = 0; n < kMaxObjectHits && pos > 0; ++n) {
    pos = data.rfind(header, pos - 1);
    if (pos == std::string_view::npos) return false;
    if (pos > 0 && !IsSpace(data[pos - 1]) && !IsDelimiter(data[pos - 1])) continue;
    *v = PdfValue();
    Parser p(data, pos + header.size());
    if (p.Value(v, 0) && v->type == PdfValue::Type::kDict) return true;
  }
  return false;
}

std::int64_t NumberOr(const PdfValue& dict, std::string_view key, std::int64_t fallback) {
  const PdfValue* v = dict.Get(key);
  return v != nullptr && v->type == PdfValue::Type::kNumber ? v->number : fallback;
}

std::string NameOr(const PdfValue& dict, std::string_view key) {
  const PdfValue* v = dict.Get(key);
  return v != nullptr && v->type == PdfValue::Type::kName ? v->name : "";
}

// The method of the crypt filter streams use (StmF, usually StdCF).
std::string CryptFilterMethod(const PdfValue& encrypt) {
  const PdfValue* cf = encrypt.Get("CF");
  if (cf == nullptr || cf->type != PdfValue::Type::kDict) return "";
  const PdfValue* f = cf->Get(NameOr(encrypt, "StmF"));
  if (f != nullptr && f->type == PdfValue::Type::kDict) return NameOr(*f, "CFM");
  for (const auto& [name, filter] : cf->entries) {
    if (filter.type == PdfValue::Type::kDict && !NameOr(filter, "CFM").empty())
      return NameOr(filter, "CFM");
  }
  return "";
}

std::string SchemeOf(const PdfValue& encrypt) {
  if (NameOr(encrypt, "Filter") != "Standard") return "pdf-encrypted";
  const std::int64_t v = NumberOr(encrypt, "V", 0);
  const std::int64_t r = NumberOr(encrypt, "R", 0);
  const std::int64_t length = NumberOr(encrypt, "Length", 40);
  if (v == 5 || r == 5 || r == 6) return "pdf-aes256";
  if (v == 4) {
    const std::string cfm = CryptFilterMethod(encrypt);
    if (cfm == "AESV3") return "pdf-aes256";
    if (cfm == "AESV2") return "pdf-aes128";
    if (cfm == "V2") return "pdf-rc4-128";
    return "pdf-encrypted";
  }
  if (v == 1 || r == 2) return "pdf-rc4-40";
  if (v == 2 || v == 3 || r == 3) return length <= 40 ? "pdf-rc4-40" : "pdf-rc4-128";
  return "pdf-encrypted";
}

}  // namespace

std::string PdfEncryptionScheme(std::string_view data) {
  PdfValue entry;
  const std::size_t tail = data.size() > kTailWindow ? data.size() - kTailWindow : 0;
  bool found = FindEncryptEntry(data, tail, data.size(), &entry);
  if (!found && tail > 0) {
    found = FindEncryptEntry(data, 0, std::min(kHeadWindow, data.size()), &entry);
  }
  if (!found) return "";
  if (entry.type == PdfValue::Type::kDict) return SchemeOf(entry);
  PdfValue dict;
  if (!ResolveObject(data, entry.number, entry.generation, &dict)) return "pdf-encrypted";
  return SchemeOf(dict);
}

}  // namespace mamori
