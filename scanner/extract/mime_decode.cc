#include "mime_decode.h"

#include <cstdint>

namespace mamori {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' ||
                        s.back() == '\n' || s.back() == '"' || s.back() == ';')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

TransferEncoding ParseTransferEncoding(std::string_view value) {
  value = Trim(value);
  if (EqualsIgnoreCase(value, "base64")) return TransferEncoding::kBase64;
  if (EqualsIgnoreCase(value, "quoted-printable")) return TransferEncoding::kQuotedPrintable;
  return TransferEncoding::kIdentity;
}

void DecodeBase64(std::string_view in, std::string* out, std::size_t* invalid) {
  out->reserve(out->size() + in.size() / 4 * 3 + 3);
  std::uint32_t acc = 0;
  int have = 0;  // sextets in acc
  for (char c : in) {
    const int v = Base64Value(c);
    if (v >= 0) {
      acc = acc << 6 | static_cast<std::uint32_t>(v);
      if (++have == 4) {
        out->push_back(static_cast<char>(acc >> 16));
        out->push_back(static_cast<char>(acc >> 8));
        out->push_back(static_cast<char>(acc));
        acc = 0;
        have = 0;
      }
      continue;
    }
    if (c == '=') {
      // Flush a partial quantum; repeated '=' after it are the rest of the pad.
      if (have == 2) out->push_back(static_cast<char>(acc >> 4));
      if (have == 3) {
        out->push_back(static_cast<char>(acc >> 10));
        out->push_back(static_cast<char>(acc >> 2));
      }
      if (have == 1) ++*invalid;
      acc = 0;
      have = 0;
      continue;
    }
    if (c == '\r' || c == '\n' || c == ' ' || c == '\t') continue;
    ++*invalid;
  }
  // Unpadded tail (common in encoded-words written by hand).
  if (have == 2) out->push_back(static_cast<char>(acc >> 4));
  if (have == 3) {
    out->push_back(static_cast<char>(acc >> 10));
    out->push_back(static_cast<char>(acc >> 2));
  }
  if (have == 1) ++*invalid;
}

void DecodeQuotedPrintable(std::string_view in, bool header_q, std::string* out) {
  out->reserve(out->size() + in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '_' && header_q) {
      out->push_back(' ');
      continue;
    }
    if (c != '=') {
      out->push_back(c);
      continue;
    }
    // Soft line break: "=" then optional trailing whitespace, then LF/CRLF.
    std::size_t j = i + 1;
    while (j < in.size() && (in[j] == ' ' || in[j] == '\t')) ++j;
    if (j < in.size() && (in[j] == '\r' || in[j] == '\n')) {
      if (in[j] == '\r' && j + 1 < in.size() && in[j + 1] == '\n') ++j;
      i = j;
      continue;
    }
    if (j == in.size()) {
      i = j;  // "=" at the very end: a soft break cut short
      continue;
    }
    const int hi = i + 1 < in.size() ? HexValue(in[i + 1]) : -1;
    const int lo = i + 2 < in.size() ? HexValue(in[i + 2]) : -1;
    if (hi >= 0 && lo >= 0) {
      out->push_back(static_cast<char>(hi << 4 | lo));
      i += 2;
    } else {
      out->push_back('=');
    }
  }
}

void DecodePercent(std::string_view in, std::string* out) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    const int hi = in[i] == '%' && i + 1 < in.size() ? HexValue(in[i + 1]) : -1;
    const int lo = hi >= 0 && i + 2 < in.size() ? HexValue(in[i + 2]) : -1;
    if (lo >= 0) {
      out->push_back(static_cast<char>(hi << 4 | lo));
      i += 2;
    } else {
      out->push_back(in[i]);
    }
  }
}

std::size_t DecodeTransfer(TransferEncoding te, std::string_view in, std::string* out) {
  out->clear();
  std::size_t invalid = 0;
  switch (te) {
    case TransferEncoding::kBase64: DecodeBase64(in, out, &invalid); break;
    case TransferEncoding::kQuotedPrintable: DecodeQuotedPrintable(in, false, out); break;
    case TransferEncoding::kIdentity: out->assign(in); break;
  }
  return invalid;
}

std::string DecodeArmoredHead(std::string_view body, std::size_t max_chars) {
  std::string base64;
  for (std::size_t i = 0; i < body.size() && base64.size() < max_chars; ++i) {
    const char c = body[i];
    if ((c == '=' || c == '-') && (i == 0 || body[i - 1] == '\n')) break;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
        c == '/') {
      base64.push_back(c);
    }
  }
  base64.resize(base64.size() / 4 * 4);
  std::string bytes;
  std::size_t invalid = 0;
  DecodeBase64(base64, &bytes, &invalid);
  return bytes;
}

}  // namespace mamori
