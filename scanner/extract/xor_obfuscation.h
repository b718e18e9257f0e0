// XOR obfuscation, method 1 ([MS-OFFCRYPTO] 2.3.7.2 and 2.3.7.3): the weak
// "encryption" of Excel 97-2003 workbooks (FILEPASS wEncryptionType 0). A
// password of at most 15 characters gives a 16-bit key and a 16-byte array;
// each obfuscated byte is the plain byte rotated left by 5 bits, XORed with
// the array byte at an index that runs on from wherever the caller starts
// it, modulo 16. The password verifier is XorPasswordVerifier
// (office_crypto.h).
//
// Thread-safety: pure functions.
#ifndef MAMORI_SCANNER_EXTRACT_XOR_OBFUSCATION_H_
#define MAMORI_SCANNER_EXTRACT_XOR_OBFUSCATION_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace mamori {

using XorArray = std::array<std::uint8_t, 16>;

// The XorKey of CreateXorKey_Method1; 0 for an empty password or one
// longer than 15 characters (which method 1 cannot take).
std::uint16_t XorKeyMethod1(std::u16string_view password);

// The obfuscation array of CreateXorArray_Method1. REQUIRES: 1 to 15
// characters.
XorArray XorArrayMethod1(std::u16string_view password);

// DecryptData_Method1 over data[0, n), the first byte at array index
// `index` (taken modulo 16), in place.
void XorDecodeMethod1(const XorArray& array, std::size_t index, char* data, std::size_t n);
// EncryptData_Method1, its inverse (for tests and fixtures).
void XorEncodeMethod1(const XorArray& array, std::size_t index, char* data, std::size_t n);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_XOR_OBFUSCATION_H_
