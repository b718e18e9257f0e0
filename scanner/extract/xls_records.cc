#include "xls_records.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "utf8_append.h"

namespace mamori {

std::uint16_t XlsU16(std::string_view data, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(data[at]) |
                                    static_cast<unsigned char>(data[at + 1]) << 8);
}

std::uint32_t XlsU32(std::string_view data, std::size_t at) {
  return XlsU16(data, at) | static_cast<std::uint32_t>(XlsU16(data, at + 2)) << 16;
}

double XlsDouble(std::string_view data, std::size_t at) {
  std::uint64_t bits = XlsU32(data, at) | static_cast<std::uint64_t>(XlsU32(data, at + 4)) << 32;
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

bool XlsRecordReader::Next(XlsRecord* rec) {
  if (truncated_ || pos_ >= stream_.size()) return false;
  if (stream_.size() - pos_ < 4) {
    truncated_ = true;
    return false;
  }
  const std::uint16_t type = XlsU16(stream_, pos_);
  const std::size_t size = XlsU16(stream_, pos_ + 2);
  if (stream_.size() - pos_ - 4 < size) {
    truncated_ = true;
    return false;
  }
  rec->type = type;
  rec->offset = pos_;
  rec->data = stream_.substr(pos_ + 4, size);
  pos_ += 4 + size;
  return true;
}

std::vector<std::string_view> XlsRecordReader::TakeContinues() {
  std::vector<std::string_view> out;
  while (!truncated_ && stream_.size() - pos_ >= 4 && XlsU16(stream_, pos_) == xls::kContinue) {
    XlsRecord rec;
    if (!Next(&rec)) break;
    out.push_back(rec.data);
  }
  return out;
}

bool XlsPieces::Settle() {
  while (piece_ < pieces_.size() && at_ >= pieces_[piece_].size()) {
    ++piece_;
    at_ = 0;
  }
  return piece_ < pieces_.size();
}

bool XlsPieces::ReadU8(std::uint8_t* v) {
  if (!Settle()) return false;
  *v = static_cast<std::uint8_t>(pieces_[piece_][at_++]);
  return true;
}

bool XlsPieces::ReadU16(std::uint16_t* v) {
  std::uint8_t lo, hi;
  if (!ReadU8(&lo) || !ReadU8(&hi)) return false;
  *v = static_cast<std::uint16_t>(lo | hi << 8);
  return true;
}

bool XlsPieces::ReadU32(std::uint32_t* v) {
  std::uint16_t lo, hi;
  if (!ReadU16(&lo) || !ReadU16(&hi)) return false;
  *v = lo | static_cast<std::uint32_t>(hi) << 16;
  return true;
}

bool XlsPieces::Skip(std::uint64_t n) {
  while (n > 0) {
    if (!Settle()) return false;
    std::size_t step = std::min<std::uint64_t>(n, pieces_[piece_].size() - at_);
    at_ += step;
    n -= step;
  }
  return true;
}

std::uint64_t XlsPieces::remaining() const {
  std::uint64_t n = 0;
  for (std::size_t i = piece_; i < pieces_.size(); ++i) {
    n += pieces_[i].size() - (i == piece_ ? at_ : 0);
  }
  return n;
}

bool XlsPieces::ReadChars(std::size_t cch, bool wide, std::u16string* out) {
  // As Excel and xlrd do: characters that do not fit in the piece (a lone
  // byte of a 16-bit character included) continue in the next piece, after
  // its flag byte.
  while (cch > 0) {
    if (piece_ >= pieces_.size()) return false;
    std::string_view p = pieces_[piece_];
    std::size_t avail = (p.size() - at_) >> (wide ? 1 : 0);
    std::size_t take = std::min(avail, cch);
    for (std::size_t i = 0; i < take; ++i) {
      if (wide) {
        out->push_back(static_cast<char16_t>(XlsU16(p, at_)));
        at_ += 2;
      } else {
        out->push_back(static_cast<unsigned char>(p[at_++]));
      }
    }
    cch -= take;
    if (cch == 0) break;
    ++piece_;
    at_ = 0;
    if (piece_ >= pieces_.size() || pieces_[piece_].empty()) return false;
    wide = (pieces_[piece_][at_++] & 1) != 0;
  }
  return true;
}

namespace {

void AppendCodePoint(char32_t c, std::string* out) {
  if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') c = ' ';
  AppendUtf8(c, out);
}

}  // namespace

void AppendUtf16AsUtf8(std::u16string_view units, std::string* out) {
  out->reserve(out->size() + units.size());
  for (std::size_t i = 0; i < units.size(); ++i) {
    char32_t c = units[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < units.size() && units[i + 1] >= 0xDC00 &&
        units[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (units[i + 1] - 0xDC00);
      ++i;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    }
    AppendCodePoint(c, out);
  }
}

bool ReadXlsUnicodeString(XlsPieces& pieces, bool rich_extended, std::string* utf8) {
  std::uint16_t cch;
  std::uint8_t flags;
  if (!pieces.ReadU16(&cch) || !pieces.ReadU8(&flags)) return false;
  std::uint16_t runs = 0;
  std::uint32_t ext = 0;
  if (rich_extended) {
    if ((flags & 0x08) && !pieces.ReadU16(&runs)) return false;
    if ((flags & 0x04) && !pieces.ReadU32(&ext)) return false;
  }
  std::u16string units;
  bool ok = pieces.ReadChars(cch, (flags & 1) != 0, &units);
  AppendUtf16AsUtf8(units, utf8);
  if (!ok) return false;
  // Formatting runs (4 bytes each) and phonetic data carry no text we
  // report; ExtRst's size is signed in the spec, so a negative one is
  // simply past the end.
  return pieces.Skip(std::uint64_t{runs} * 4) && pieces.Skip(ext);
}

std::string XlsNumberText(double value) {
  if (!std::isfinite(value)) return "#NUM!";
  if (value == 0) return "0";
  char buf[64];
  std::to_chars_result r;
  if (value == std::floor(value) && std::fabs(value) < 1e17) {
    r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, 0);
  } else {
    r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, 15);
  }
  return std::string(buf, r.ec == std::errc() ? r.ptr : buf);
}

std::string XlsRkText(std::uint32_t rk) {
  const bool x100 = rk & 1;
  if (rk & 2) {
    const std::int32_t n = static_cast<std::int32_t>(rk) >> 2;  // arithmetic shift
    if (!x100) return std::to_string(n);
    // Exact hundredths: "12.34", "-0.5", "7".
    const std::int64_t a = n < 0 ? -std::int64_t{n} : n;
    std::string text;
    if (n < 0) text.push_back('-');
    text += std::to_string(a / 100);
    if (a % 100 != 0) {
      text += '.';
      text += static_cast<char>('0' + a % 100 / 10);
      if (a % 10 != 0) text += static_cast<char>('0' + a % 10);
    }
    return text;
  }
  std::uint64_t bits = static_cast<std::uint64_t>(rk & 0xFFFFFFFCu) << 32;
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return XlsNumberText(x100 ? d / 100 : d);
}

}  // namespace mamori
