#include "insurance_card.h"

#include "mamori/writing_forms.h"
#include "value_confirm.h"

namespace mamori {

namespace {

constexpr int kMaxDigits = 10;  // longer runs are other numbers

bool IsGap(long cp) {
  return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == ':' || cp == 0xFF1A || cp == 0xA0;
}
bool IsPartSeparator(long cp) {
  return cp == 0x30FB || cp == 0xFF65 || cp == '-' || cp == 0xFF0D || cp == '/' || cp == 0xFF0F ||
         cp == 0x2212 || cp == 0x2010;
}
// Symbols sometimes begin with kana or letters (ア123, AB12).
bool IsSymbolPrefix(long cp) {
  return (cp >= 0x30A1 && cp <= 0x30FA) || (cp >= 'A' && cp <= 'Z') ||
         (cp >= 0xFF21 && cp <= 0xFF3A);
}

void SkipGaps(std::string_view data, std::size_t* pos, int max_chars) {
  for (int i = 0; i < max_chars; ++i) {
    std::size_t len = 0;
    if (!IsGap(CodePointAt(data, *pos, &len))) return;
    *pos += len;
  }
}

bool SkipLiteral(std::string_view data, std::size_t* pos, std::string_view literal) {
  if (data.substr(*pos, literal.size()) != literal) return false;
  *pos += literal.size();
  return true;
}

// Reads up to kMaxDigits digits; false if none or if the run goes on.
bool ReadDigits(std::string_view data, std::size_t* pos, std::string* out) {
  int n = 0;
  std::size_t len = 0;
  int d;
  while ((d = DigitStartingAt(data, *pos, &len)) >= 0) {
    if (++n > kMaxDigits) return false;
    out->push_back(static_cast<char>('0' + d));
    *pos += len;
  }
  return n > 0;
}

bool ReadSymbol(std::string_view data, std::size_t* pos, std::string* out) {
  for (int i = 0; i < 3; ++i) {
    std::size_t len = 0;
    long cp = CodePointAt(data, *pos, &len);
    if (!IsSymbolPrefix(cp)) break;
    out->append(data.substr(*pos, len));
    *pos += len;
  }
  return ReadDigits(data, pos, out);
}

}  // namespace

bool ParseInsuranceCard(std::string_view data, std::size_t pos, std::string* value,
                        std::size_t* end) {
  // The label may have been 記号 of 記号・番号: step over the rest of it.
  if (SkipLiteral(data, &pos, "\xE3\x83\xBB")) SkipLiteral(data, &pos, "番号");  // ・番号
  SkipLiteral(data, &pos, "番号");                                               // 記号番号
  SkipLiteral(data, &pos, "及び番号");
  SkipGaps(data, &pos, 4);
  std::string symbol, number;
  if (!ReadSymbol(data, &pos, &symbol)) return false;

  // Between the parts: a separator, or a gap and the label 番号.
  std::size_t len = 0;
  if (IsPartSeparator(CodePointAt(data, pos, &len))) {
    pos += len;
    SkipGaps(data, &pos, 2);
  } else {
    SkipGaps(data, &pos, 4);
    SkipLiteral(data, &pos, "、");
    SkipGaps(data, &pos, 2);
    if (!SkipLiteral(data, &pos, "番号")) return false;
    SkipGaps(data, &pos, 4);
  }
  if (!ReadDigits(data, &pos, &number)) return false;
  *value = symbol + "/" + number;
  *end = pos;
  return true;
}

bool ParseCardCell(std::string_view cell, std::string* part) {
  std::size_t pos = 0;
  SkipGaps(cell, &pos, 8);
  if (pos < cell.size() && cell[pos] == '"') ++pos;
  part->clear();
  if (!ReadSymbol(cell, &pos, part)) return false;
  if (pos < cell.size() && cell[pos] == '"') ++pos;
  SkipGaps(cell, &pos, 8);
  return pos >= cell.size() || cell[pos] == '\r';
}

}  // namespace mamori
