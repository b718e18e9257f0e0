#include "mamori/path_text.h"

#include <iconv.h>

#include <cerrno>
#include <cstddef>
#include <optional>

namespace mamori {
namespace {

// Length of the well-formed UTF-8 sequence at the start of `s`, or 0 when
// there is none. Follows RFC 3629 / Unicode table 3-7: overlong forms,
// UTF-16 surrogates and code points above U+10FFFF are ill-formed, because a
// name that decodes to them would mean different things to different readers.
std::size_t Utf8SequenceLength(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto cont = [&](std::size_t i) { return i < s.size() && (byte(i) & 0xC0) == 0x80; };
  if (s.empty()) return 0;
  const unsigned char b0 = byte(0);
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    const unsigned char b1 = byte(1);
    if (b0 == 0xE0 && b1 < 0xA0) return 0;  // overlong
    if (b0 == 0xED && b1 > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const unsigned char b1 = byte(1);
    if (b0 == 0xF0 && b1 < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && b1 > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

// iconv_open costs far more than a short conversion and paths are converted
// on every worker, so each thread keeps its own descriptor (an iconv_t must
// not be shared between threads).
class Cp932Decoder {
 public:
  Cp932Decoder() : cd_(::iconv_open("UTF-8", "CP932")) {}
  ~Cp932Decoder() {
    if (ok()) ::iconv_close(cd_);
  }
  Cp932Decoder(const Cp932Decoder&) = delete;
  Cp932Decoder& operator=(const Cp932Decoder&) = delete;

  std::optional<std::string> Decode(std::string_view raw) {
    if (!ok()) return std::nullopt;
    ::iconv(cd_, nullptr, nullptr, nullptr, nullptr);  // forget a failed call
    // CP932 to UTF-8 grows at most threefold (half-width katakana).
    std::string out(raw.size() * 3 + 4, '\0');
    char* in_ptr = const_cast<char*>(raw.data());
    std::size_t in_left = raw.size();
    char* out_ptr = out.data();
    std::size_t out_left = out.size();
    if (::iconv(cd_, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1) ||
        in_left != 0) {
      return std::nullopt;
    }
    out.resize(out.size() - out_left);
    if (!IsValidUtf8(out)) return std::nullopt;
    return out;
  }

 private:
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t cd_;
};

std::string EscapeInvalidBytes(std::string_view raw) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  while (!raw.empty()) {
    const std::size_t n = Utf8SequenceLength(raw);
    if (n > 0) {
      out.append(raw.substr(0, n));
      raw.remove_prefix(n);
      continue;
    }
    const auto b = static_cast<unsigned char>(raw.front());
    out += "\\x";
    out += kHex[b >> 4];
    out += kHex[b & 0x0F];
    raw.remove_prefix(1);
  }
  return out;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  while (!s.empty()) {
    const std::size_t n = Utf8SequenceLength(s);
    if (n == 0) return false;
    s.remove_prefix(n);
  }
  return true;
}

std::string PathToDisplay(std::string_view raw) {
  if (IsValidUtf8(raw)) return std::string(raw);
  thread_local Cp932Decoder decoder;
  if (auto decoded = decoder.Decode(raw)) return *std::move(decoded);
  return EscapeInvalidBytes(raw);
}

}  // namespace mamori
