#include "xor_obfuscation.h"

#include <string>

namespace mamori {

namespace {

// The constants of [MS-OFFCRYPTO] 2.3.7.2.
constexpr std::uint8_t kPad[15] = {0xBB, 0xFF, 0xFF, 0xBA, 0xFF, 0xFF, 0xB9, 0x80,
                                   0x00, 0xBE, 0x0F, 0x00, 0xBF, 0x0F, 0x00};
constexpr std::uint16_t kInitialCode[15] = {0xE1F0, 0x1D0F, 0xCC9C, 0x84C0, 0x110C,
                                            0x0E10, 0xF1CE, 0x313E, 0x1872, 0xE139,
                                            0xD40F, 0x84F9, 0x280C, 0xA96A, 0x4EC3};
constexpr std::uint16_t kXorMatrix[105] = {
    0xAEFC, 0x4DD9, 0x9BB2, 0x2745, 0x4E8A, 0x9D14, 0x2A09, 0x7B61, 0xF6C2, 0xFDA5, 0xEB6B, 0xC6F7,
    0x9DCF, 0x2BBF, 0x4563, 0x8AC6, 0x05AD, 0x0B5A, 0x16B4, 0x2D68, 0x5AD0, 0x0375, 0x06EA, 0x0DD4,
    0x1BA8, 0x3750, 0x6EA0, 0xDD40, 0xD849, 0xA0B3, 0x5147, 0xA28E, 0x553D, 0xAA7A, 0x44D5, 0x6F45,
    0xDE8A, 0xAD35, 0x4A4B, 0x9496, 0x390D, 0x721A, 0xEB23, 0xC667, 0x9CEF, 0x29FF, 0x53FE, 0xA7FC,
    0x5FD9, 0x47D3, 0x8FA6, 0x0F6D, 0x1EDA, 0x3DB4, 0x7B68, 0xF6D0, 0xB861, 0x60E3, 0xC1C6, 0x93AD,
    0x377B, 0x6EF6, 0xDDEC, 0x45A0, 0x8B40, 0x06A1, 0x0D42, 0x1A84, 0x3508, 0x6A10, 0xAA51, 0x4483,
    0x8906, 0x022D, 0x045A, 0x08B4, 0x1168, 0x76B4, 0xED68, 0xCAF1, 0x85C3, 0x1BA7, 0x374E, 0x6E9C,
    0x3730, 0x6E60, 0xDCC0, 0xA9A1, 0x4363, 0x86C6, 0x1DAD, 0x3331, 0x6662, 0xCCC4, 0x89A9, 0x0373,
    0x06E6, 0x0DCC, 0x1021, 0x2042, 0x4084, 0x8108, 0x1231, 0x2462, 0x48C4};

// Method 1 works on single bytes: each character's low byte, or its high
// byte when the low one is zero (as XorPasswordVerifier does).
std::string PasswordBytes(std::u16string_view password) {
  std::string out;
  for (char16_t c : password) out.push_back(static_cast<char>((c & 0xFF) ? c & 0xFF : c >> 8));
  return out;
}

std::uint8_t RotateRight(std::uint8_t v, int n) {
  return static_cast<std::uint8_t>((v >> n) | (v << (8 - n)));
}

std::uint8_t XorRor(std::uint8_t a, std::uint8_t b) { return RotateRight(a ^ b, 1); }

}  // namespace

std::uint16_t XorKeyMethod1(std::u16string_view password) {
  if (password.empty() || password.size() > 15) return 0;
  const std::string bytes = PasswordBytes(password);
  std::uint16_t key = kInitialCode[bytes.size() - 1];
  // The matrix is walked down from its last element, seven bits of each
  // character from the password's end; 15 characters use all 105.
  int element = 104;
  for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) {
    std::uint8_t c = static_cast<std::uint8_t>(*it);
    for (int bit = 0; bit < 7; ++bit, --element) {
      if (c & 0x40) key ^= kXorMatrix[element];
      c = static_cast<std::uint8_t>(c << 1);
    }
  }
  return key;
}

XorArray XorArrayMethod1(std::u16string_view password) {
  XorArray out{};
  if (password.empty() || password.size() > 15) return out;
  const std::string pw = PasswordBytes(password);
  const std::uint16_t key = XorKeyMethod1(password);
  const auto high = static_cast<std::uint8_t>(key >> 8);
  const auto low = static_cast<std::uint8_t>(key & 0xFF);
  auto ch = [&](int i) { return static_cast<std::uint8_t>(pw[i]); };
  // Odd positions take the key's high byte, even ones its low byte: the
  // password fills the front, the pad the rest.
  int index = static_cast<int>(pw.size());
  if (index % 2 == 1) {
    out[index] = XorRor(kPad[0], high);
    --index;
    out[index] = XorRor(ch(index), low);
  }
  while (index > 0) {
    --index;
    out[index] = XorRor(ch(index), high);
    --index;
    out[index] = XorRor(ch(index), low);
  }
  index = 15;
  int pad = 15 - static_cast<int>(pw.size());
  while (pad > 0) {
    out[index--] = XorRor(kPad[pad--], high);
    out[index--] = XorRor(kPad[pad--], low);
  }
  return out;
}

void XorDecodeMethod1(const XorArray& array, std::size_t index, char* data, std::size_t n) {
  for (std::size_t k = 0; k < n; ++k) {
    const auto v =
        static_cast<std::uint8_t>(static_cast<std::uint8_t>(data[k]) ^ array[(index + k) % 16]);
    data[k] = static_cast<char>(RotateRight(v, 5));
  }
}

void XorEncodeMethod1(const XorArray& array, std::size_t index, char* data, std::size_t n) {
  for (std::size_t k = 0; k < n; ++k) {
    const auto v = RotateRight(static_cast<std::uint8_t>(data[k]), 3);  // left by 5
    data[k] = static_cast<char>(v ^ array[(index + k) % 16]);
  }
}

}  // namespace mamori
