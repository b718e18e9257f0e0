#include "ooxml_cell_forms.h"

#include <array>
#include <cstring>
#include <iterator>

#include "xml_chars.h"

namespace mamori {

namespace {

inline bool StartsWith(const char* p, const char* end, std::string_view lit) {
  return static_cast<std::size_t>(end - p) >= lit.size() &&
         std::memcmp(p, lit.data(), lit.size()) == 0;
}

constexpr auto kAlnum = [] {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  return t;
}();

inline bool IsAlnum(char c) { return kAlnum[static_cast<unsigned char>(c)]; }

// Text up to the '<' that must follow it: false when something else stops
// it (a reference, "]", CR) or `end` comes first.
inline bool PlainText(const char** p, const char* end, std::string_view* text) {
  const char* stop = xml_internal::FindTextStop(*p, end);
  if (stop == end || *stop != '<') return false;
  *text = std::string_view(*p, static_cast<std::size_t>(stop - *p));
  *p = stop;
  return true;
}

}  // namespace

bool ReadPlainCell(const char* p, const char* end, PlainCell* cell) {
  const char* const start = p;
  if (!StartsWith(p, end, "<c")) return false;
  p += 2;
  // Locals, written to *cell once at the end: copying the fields *cell was
  // just initialised with stalled on store forwarding (perf).
  bool seen_r = false, seen_t = false, seen_s = false;
  std::string_view ref, type, value;
  // ` x="..."`: five bytes at least before the value's end.
  while (end - p >= 5 && p[0] == ' ' && p[2] == '=' && p[3] == '"') {
    const char name = p[1];
    bool* seen = name == 'r' ? &seen_r : name == 't' ? &seen_t : name == 's' ? &seen_s : nullptr;
    if (seen == nullptr || *seen) return false;
    *seen = true;
    p += 4;
    const char* v = p;
    while (p < end && IsAlnum(*p)) ++p;
    if (p == end || *p != '"') return false;
    if (name == 'r') ref = std::string_view(v, static_cast<std::size_t>(p - v));
    if (name == 't') type = std::string_view(v, static_cast<std::size_t>(p - v));
    ++p;
  }
  if (StartsWith(p, end, "/>")) {
    p += 2;
  } else {
    if (!StartsWith(p, end, "><v>")) return false;
    p += 4;
    if (!PlainText(&p, end, &value) || !StartsWith(p, end, "</v></c>")) return false;
    p += 8;
  }
  cell->ref = ref;
  cell->type = type;
  cell->value = value;
  cell->length = static_cast<std::size_t>(p - start);
  return true;
}

bool ReadPlainRowStart(const char* p, const char* end, std::size_t* length) {
  static constexpr std::string_view kNames[] = {"r", "spans", "ht", "customHeight",
                                                "x14ac:dyDescent"};
  const char* const start = p;
  if (!StartsWith(p, end, "<row")) return false;
  p += 4;
  unsigned seen = 0;
  while (p != end && *p == ' ') {
    const char* const name = ++p;
    while (p != end && (IsAlnum(*p) || *p == ':')) ++p;
    const std::string_view n(name, static_cast<std::size_t>(p - name));
    unsigned bit = 0;
    for (std::size_t i = 0; i < std::size(kNames); ++i) {
      if (n == kNames[i]) bit = 1u << i;
    }
    if (bit == 0 || (seen & bit) != 0 || !StartsWith(p, end, "=\"")) return false;
    seen |= bit;
    p += 2;
    while (p != end && (IsAlnum(*p) || *p == '.' || *p == ':' || *p == '-')) ++p;
    if (p == end || *p != '"') return false;
    ++p;
  }
  if (p == end || *p != '>') return false;
  *length = static_cast<std::size_t>(p + 1 - start);
  return true;
}

bool ReadPlainText(const char* p, const char* end, char prefix, std::string_view* text,
                   std::size_t* length) {
  const char* const start = p;
  const char open[] = {'<', prefix, ':', 't'};
  if (!StartsWith(p, end, std::string_view(open, 4))) return false;
  p += 4;
  if (StartsWith(p, end, " xml:space=\"preserve\"")) p += 21;
  if (p == end || *p != '>') return false;
  ++p;
  const char close[] = {'<', '/', prefix, ':', 't', '>'};
  if (!PlainText(&p, end, text) || !StartsWith(p, end, std::string_view(close, 6))) return false;
  *length = static_cast<std::size_t>(p + 6 - start);
  return true;
}

bool ReadPlainSharedString(const char* p, const char* end, std::string_view* text,
                           std::size_t* length) {
  const char* const start = p;
  if (!StartsWith(p, end, "<si><t")) return false;
  p += 6;
  if (StartsWith(p, end, " xml:space=\"preserve\"")) p += 21;
  if (p == end || *p != '>') return false;
  ++p;
  if (!PlainText(&p, end, text) || !StartsWith(p, end, "</t></si>")) return false;
  *length = static_cast<std::size_t>(p + 9 - start);
  return true;
}

}  // namespace mamori
