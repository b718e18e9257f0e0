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

namespace mamori {

namespace {

constexpr std::size_t kChunk = 64 << 10;
// Bytes after the data that the 16-byte scans may load (never use).
constexpr std::size_t kSlack = 64;

constexpr const char kInvalidToken[] = "not well-formed (invalid token)";

#if defined(__SSE2__)
inline __m128i Load16(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }
#endif

// Classes of single bytes. Bytes from 0x80 are in none: names look them up
// as code points.
enum : std::uint8_t {
  kNameStart = 1,
  kNameChar = 2,
  kSpace = 4,
  kAttrStop = 8,  // ends a run of plain attribute-value bytes
};

constexpr std::array<std::uint8_t, 256> MakeClasses() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kNameStart | kNameChar;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kNameStart | kNameChar;
  for (int c = '0'; c <= '9'; ++c) t[c] = kNameChar;
  t['_'] = t[':'] = kNameStart | kNameChar;  // no namespace processing: ':' is a letter
  t['-'] = t['.'] = kNameChar;
  t[' '] = kSpace;
  t['\t'] = t['\n'] = t['\r'] = kSpace | kAttrStop;
  t['"'] = t['\''] = t['<'] = t['&'] = t['\0'] = kAttrStop;
  return t;
}
constexpr std::array<std::uint8_t, 256> kClass = MakeClasses();

inline bool IsSpace(char c) { return (kClass[static_cast<unsigned char>(c)] & kSpace) != 0; }

// Name characters beyond ASCII: XML 1.0 (fourth edition) appendix B as expat
// applies it, read off expat by trying every code point; nothing above
// U+FFFF is one.
struct Range {
  std::uint16_t lo, hi;
};
constexpr Range kNameStartRanges[] = {
    {0x00C0, 0x00D6}, {0x00D8, 0x00F6}, {0x00F8, 0x0131}, {0x0134, 0x013E}, {0x0141, 0x0148},
    {0x014A, 0x017E}, {0x0180, 0x01C3}, {0x01CD, 0x01F0}, {0x01F4, 0x01F5}, {0x01FA, 0x0217},
    {0x0250, 0x02A8}, {0x02BB, 0x02C1}, {0x0386, 0x0386}, {0x0388, 0x038A}, {0x038C, 0x038C},
    {0x038E, 0x03A1}, {0x03A3, 0x03CE}, {0x03D0, 0x03D6}, {0x03DA, 0x03DA}, {0x03DC, 0x03DC},
    {0x03DE, 0x03DE}, {0x03E0, 0x03E0}, {0x03E2, 0x03F3}, {0x0401, 0x040C}, {0x040E, 0x044F},
    {0x0451, 0x045C}, {0x045E, 0x0481}, {0x0490, 0x04C4}, {0x04C7, 0x04C8}, {0x04CB, 0x04CC},
    {0x04D0, 0x04EB}, {0x04EE, 0x04F5}, {0x04F8, 0x04F9}, {0x0531, 0x0556}, {0x0559, 0x0559},
    {0x0561, 0x0586}, {0x05D0, 0x05EA}, {0x05F0, 0x05F2}, {0x0621, 0x063A}, {0x0641, 0x064A},
    {0x0671, 0x06B7}, {0x06BA, 0x06BE}, {0x06C0, 0x06CE}, {0x06D0, 0x06D3}, {0x06D5, 0x06D5},
    {0x06E5, 0x06E6}, {0x0905, 0x0939}, {0x093D, 0x093D}, {0x0958, 0x0961}, {0x0985, 0x098C},
    {0x098F, 0x0990}, {0x0993, 0x09A8}, {0x09AA, 0x09B0}, {0x09B2, 0x09B2}, {0x09B6, 0x09B9},
    {0x09DC, 0x09DD}, {0x09DF, 0x09E1}, {0x09F0, 0x09F1}, {0x0A05, 0x0A0A}, {0x0A0F, 0x0A10},
    {0x0A13, 0x0A28}, {0x0A2A, 0x0A30}, {0x0A32, 0x0A33}, {0x0A35, 0x0A36}, {0x0A38, 0x0A39},
    {0x0A59, 0x0A5C}, {0x0A5E, 0x0A5E}, {0x0A72, 0x0A74}, {0x0A85, 0x0A8B}, {0x0A8D, 0x0A8D},
    {0x0A8F, 0x0A91}, {0x0A93, 0x0AA8}, {0x0AAA, 0x0AB0}, {0x0AB2, 0x0AB3}, {0x0AB5, 0x0AB9},
    {0x0ABD, 0x0ABD}, {0x0AE0, 0x0AE0}, {0x0B05, 0x0B0C}, {0x0B0F, 0x0B10}, {0x0B13, 0x0B28},
    {0x0B2A, 0x0B30}, {0x0B32, 0x0B33}, {0x0B36, 0x0B39}, {0x0B3D, 0x0B3D}, {0x0B5C, 0x0B5D},
    {0x0B5F, 0x0B61}, {0x0B85, 0x0B8A}, {0x0B8E, 0x0B90}, {0x0B92, 0x0B95}, {0x0B99, 0x0B9A},
    {0x0B9C, 0x0B9C}, {0x0B9E, 0x0B9F}, {0x0BA3, 0x0BA4}, {0x0BA8, 0x0BAA}, {0x0BAE, 0x0BB5},
    {0x0BB7, 0x0BB9}, {0x0C05, 0x0C0C}, {0x0C0E, 0x0C10}, {0x0C12, 0x0C28}, {0x0C2A, 0x0C33},
    {0x0C35, 0x0C39}, {0x0C60, 0x0C61}, {0x0C85, 0x0C8C}, {0x0C8E, 0x0C90}, {0x0C92, 0x0CA8},
    {0x0CAA, 0x0CB3}, {0x0CB5, 0x0CB9}, {0x0CDE, 0x0CDE}, {0x0CE0, 0x0CE1}, {0x0D05, 0x0D0C},
    {0x0D0E, 0x0D10}, {0x0D12, 0x0D28}, {0x0D2A, 0x0D39}, {0x0D60, 0x0D61}, {0x0E01, 0x0E2E},
    {0x0E30, 0x0E30}, {0x0E32, 0x0E33}, {0x0E40, 0x0E45}, {0x0E81, 0x0E82}, {0x0E84, 0x0E84},
    {0x0E87, 0x0E88}, {0x0E8A, 0x0E8A}, {0x0E8D, 0x0E8D}, {0x0E94, 0x0E97}, {0x0E99, 0x0E9F},
    {0x0EA1, 0x0EA3}, {0x0EA5, 0x0EA5}, {0x0EA7, 0x0EA7}, {0x0EAA, 0x0EAB}, {0x0EAD, 0x0EAE},
    {0x0EB0, 0x0EB0}, {0x0EB2, 0x0EB3}, {0x0EBD, 0x0EBD}, {0x0EC0, 0x0EC4}, {0x0F40, 0x0F47},
    {0x0F49, 0x0F69}, {0x10A0, 0x10C5}, {0x10D0, 0x10F6}, {0x1100, 0x1100}, {0x1102, 0x1103},
    {0x1105, 0x1107}, {0x1109, 0x1109}, {0x110B, 0x110C}, {0x110E, 0x1112}, {0x113C, 0x113C},
    {0x113E, 0x113E}, {0x1140, 0x1140}, {0x114C, 0x114C}, {0x114E, 0x114E}, {0x1150, 0x1150},
    {0x1154, 0x1155}, {0x1159, 0x1159}, {0x115F, 0x1161}, {0x1163, 0x1163}, {0x1165, 0x1165},
    {0x1167, 0x1167}, {0x1169, 0x1169}, {0x116D, 0x116E}, {0x1172, 0x1173}, {0x1175, 0x1175},
    {0x119E, 0x119E}, {0x11A8, 0x11A8}, {0x11AB, 0x11AB}, {0x11AE, 0x11AF}, {0x11B7, 0x11B8},
    {0x11BA, 0x11BA}, {0x11BC, 0x11C2}, {0x11EB, 0x11EB}, {0x11F0, 0x11F0}, {0x11F9, 0x11F9},
    {0x1E00, 0x1E9B}, {0x1EA0, 0x1EF9}, {0x1F00, 0x1F15}, {0x1F18, 0x1F1D}, {0x1F20, 0x1F45},
    {0x1F48, 0x1F4D}, {0x1F50, 0x1F57}, {0x1F59, 0x1F59}, {0x1F5B, 0x1F5B}, {0x1F5D, 0x1F5D},
    {0x1F5F, 0x1F7D}, {0x1F80, 0x1FB4}, {0x1FB6, 0x1FBC}, {0x1FBE, 0x1FBE}, {0x1FC2, 0x1FC4},
    {0x1FC6, 0x1FCC}, {0x1FD0, 0x1FD3}, {0x1FD6, 0x1FDB}, {0x1FE0, 0x1FEC}, {0x1FF2, 0x1FF4},
    {0x1FF6, 0x1FFC}, {0x2126, 0x2126}, {0x212A, 0x212B}, {0x212E, 0x212E}, {0x2180, 0x2182},
    {0x3007, 0x3007}, {0x3021, 0x3029}, {0x3041, 0x3094}, {0x30A1, 0x30FA}, {0x3105, 0x312C},
    {0x4E00, 0x9FA5}, {0xAC00, 0xD7A3},
};
constexpr Range kNameRanges[] = {
    {0x00B7, 0x00B7}, {0x00C0, 0x00D6}, {0x00D8, 0x00F6}, {0x00F8, 0x0131}, {0x0134, 0x013E},
    {0x0141, 0x0148}, {0x014A, 0x017E}, {0x0180, 0x01C3}, {0x01CD, 0x01F0}, {0x01F4, 0x01F5},
    {0x01FA, 0x0217}, {0x0250, 0x02A8}, {0x02BB, 0x02C1}, {0x02D0, 0x02D1}, {0x0300, 0x0345},
    {0x0360, 0x0361}, {0x0386, 0x038A}, {0x038C, 0x038C}, {0x038E, 0x03A1}, {0x03A3, 0x03CE},
    {0x03D0, 0x03D6}, {0x03DA, 0x03DA}, {0x03DC, 0x03DC}, {0x03DE, 0x03DE}, {0x03E0, 0x03E0},
    {0x03E2, 0x03F3}, {0x0401, 0x040C}, {0x040E, 0x044F}, {0x0451, 0x045C}, {0x045E, 0x0481},
    {0x0483, 0x0486}, {0x0490, 0x04C4}, {0x04C7, 0x04C8}, {0x04CB, 0x04CC}, {0x04D0, 0x04EB},
    {0x04EE, 0x04F5}, {0x04F8, 0x04F9}, {0x0531, 0x0556}, {0x0559, 0x0559}, {0x0561, 0x0586},
    {0x0591, 0x05A1}, {0x05A3, 0x05B9}, {0x05BB, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2},
    {0x05C4, 0x05C4}, {0x05D0, 0x05EA}, {0x05F0, 0x05F2}, {0x0621, 0x063A}, {0x0640, 0x0652},
    {0x0660, 0x0669}, {0x0670, 0x06B7}, {0x06BA, 0x06BE}, {0x06C0, 0x06CE}, {0x06D0, 0x06D3},
    {0x06D5, 0x06E8}, {0x06EA, 0x06ED}, {0x06F0, 0x06F9}, {0x0901, 0x0903}, {0x0905, 0x0939},
    {0x093C, 0x094D}, {0x0951, 0x0954}, {0x0958, 0x0963}, {0x0966, 0x096F}, {0x0981, 0x0983},
    {0x0985, 0x098C}, {0x098F, 0x0990}, {0x0993, 0x09A8}, {0x09AA, 0x09B0}, {0x09B2, 0x09B2},
    {0x09B6, 0x09B9}, {0x09BC, 0x09BC}, {0x09BE, 0x09C4}, {0x09C7, 0x09C8}, {0x09CB, 0x09CD},
    {0x09D7, 0x09D7}, {0x09DC, 0x09DD}, {0x09DF, 0x09E3}, {0x09E6, 0x09F1}, {0x0A02, 0x0A02},
    {0x0A05, 0x0A0A}, {0x0A0F, 0x0A10}, {0x0A13, 0x0A28}, {0x0A2A, 0x0A30}, {0x0A32, 0x0A33},
    {0x0A35, 0x0A36}, {0x0A38, 0x0A39}, {0x0A3C, 0x0A3C}, {0x0A3E, 0x0A42}, {0x0A47, 0x0A48},
    {0x0A4B, 0x0A4D}, {0x0A59, 0x0A5C}, {0x0A5E, 0x0A5E}, {0x0A66, 0x0A74}, {0x0A81, 0x0A83},
    {0x0A85, 0x0A8B}, {0x0A8D, 0x0A8D}, {0x0A8F, 0x0A91}, {0x0A93, 0x0AA8}, {0x0AAA, 0x0AB0},
    {0x0AB2, 0x0AB3}, {0x0AB5, 0x0AB9}, {0x0ABC, 0x0AC5}, {0x0AC7, 0x0AC9}, {0x0ACB, 0x0ACD},
    {0x0AE0, 0x0AE0}, {0x0AE6, 0x0AEF}, {0x0B01, 0x0B03}, {0x0B05, 0x0B0C}, {0x0B0F, 0x0B10},
    {0x0B13, 0x0B28}, {0x0B2A, 0x0B30}, {0x0B32, 0x0B33}, {0x0B36, 0x0B39}, {0x0B3C, 0x0B43},
    {0x0B47, 0x0B48}, {0x0B4B, 0x0B4D}, {0x0B56, 0x0B57}, {0x0B5C, 0x0B5D}, {0x0B5F, 0x0B61},
    {0x0B66, 0x0B6F}, {0x0B82, 0x0B83}, {0x0B85, 0x0B8A}, {0x0B8E, 0x0B90}, {0x0B92, 0x0B95},
    {0x0B99, 0x0B9A}, {0x0B9C, 0x0B9C}, {0x0B9E, 0x0B9F}, {0x0BA3, 0x0BA4}, {0x0BA8, 0x0BAA},
    {0x0BAE, 0x0BB5}, {0x0BB7, 0x0BB9}, {0x0BBE, 0x0BC2}, {0x0BC6, 0x0BC8}, {0x0BCA, 0x0BCD},
    {0x0BD7, 0x0BD7}, {0x0BE7, 0x0BEF}, {0x0C01, 0x0C03}, {0x0C05, 0x0C0C}, {0x0C0E, 0x0C10},
    {0x0C12, 0x0C28}, {0x0C2A, 0x0C33}, {0x0C35, 0x0C39}, {0x0C3E, 0x0C44}, {0x0C46, 0x0C48},
    {0x0C4A, 0x0C4D}, {0x0C55, 0x0C56}, {0x0C60, 0x0C61}, {0x0C66, 0x0C6F}, {0x0C82, 0x0C83},
    {0x0C85, 0x0C8C}, {0x0C8E, 0x0C90}, {0x0C92, 0x0CA8}, {0x0CAA, 0x0CB3}, {0x0CB5, 0x0CB9},
    {0x0CBE, 0x0CC4}, {0x0CC6, 0x0CC8}, {0x0CCA, 0x0CCD}, {0x0CD5, 0x0CD6}, {0x0CDE, 0x0CDE},
    {0x0CE0, 0x0CE1}, {0x0CE6, 0x0CEF}, {0x0D02, 0x0D03}, {0x0D05, 0x0D0C}, {0x0D0E, 0x0D10},
    {0x0D12, 0x0D28}, {0x0D2A, 0x0D39}, {0x0D3E, 0x0D43}, {0x0D46, 0x0D48}, {0x0D4A, 0x0D4D},
    {0x0D57, 0x0D57}, {0x0D60, 0x0D61}, {0x0D66, 0x0D6F}, {0x0E01, 0x0E2E}, {0x0E30, 0x0E3A},
    {0x0E40, 0x0E4E}, {0x0E50, 0x0E59}, {0x0E81, 0x0E82}, {0x0E84, 0x0E84}, {0x0E87, 0x0E88},
    {0x0E8A, 0x0E8A}, {0x0E8D, 0x0E8D}, {0x0E94, 0x0E97}, {0x0E99, 0x0E9F}, {0x0EA1, 0x0EA3},
    {0x0EA5, 0x0EA5}, {0x0EA7, 0x0EA7}, {0x0EAA, 0x0EAB}, {0x0EAD, 0x0EAE}, {0x0EB0, 0x0EB9},
    {0x0EBB, 0x0EBD}, {0x0EC0, 0x0EC4}, {0x0EC6, 0x0EC6}, {0x0EC8, 0x0ECD}, {0x0ED0, 0x0ED9},
    {0x0F18, 0x0F19}, {0x0F20, 0x0F29}, {0x0F35, 0x0F35}, {0x0F37, 0x0F37}, {0x0F39, 0x0F39},
    {0x0F3E, 0x0F47}, {0x0F49, 0x0F69}, {0x0F71, 0x0F84}, {0x0F86, 0x0F8B}, {0x0F90, 0x0F95},
    {0x0F97, 0x0F97}, {0x0F99, 0x0FAD}, {0x0FB1, 0x0FB7}, {0x0FB9, 0x0FB9}, {0x10A0, 0x10C5},
    {0x10D0, 0x10F6}, {0x1100, 0x1100}, {0x1102, 0x1103}, {0x1105, 0x1107}, {0x1109, 0x1109},
    {0x110B, 0x110C}, {0x110E, 0x1112}, {0x113C, 0x113C}, {0x113E, 0x113E}, {0x1140, 0x1140},
    {0x114C, 0x114C}, {0x114E, 0x114E}, {0x1150, 0x1150}, {0x1154, 0x1155}, {0x1159, 0x1159},
    {0x115F, 0x1161}, {0x1163, 0x1163}, {0x1165, 0x1165}, {0x1167, 0x1167}, {0x1169, 0x1169},
    {0x116D, 0x116E}, {0x1172, 0x1173}, {0x1175, 0x1175}, {0x119E, 0x119E}, {0x11A8, 0x11A8},
    {0x11AB, 0x11AB}, {0x11AE, 0x11AF}, {0x11B7, 0x11B8}, {0x11BA, 0x11BA}, {0x11BC, 0x11C2},
    {0x11EB, 0x11EB}, {0x11F0, 0x11F0}, {0x11F9, 0x11F9}, {0x1E00, 0x1E9B}, {0x1EA0, 0x1EF9},
    {0x1F00, 0x1F15}, {0x1F18, 0x1F1D}, {0x1F20, 0x1F45}, {0x1F48, 0x1F4D}, {0x1F50, 0x1F57},
    {0x1F59, 0x1F59}, {0x1F5B, 0x1F5B}, {0x1F5D, 0x1F5D}, {0x1F5F, 0x1F7D}, {0x1F80, 0x1FB4},
    {0x1FB6, 0x1FBC}, {0x1FBE, 0x1FBE}, {0x1FC2, 0x1FC4}, {0x1FC6, 0x1FCC}, {0x1FD0, 0x1FD3},
    {0x1FD6, 0x1FDB}, {0x1FE0, 0x1FEC}, {0x1FF2, 0x1FF4}, {0x1FF6, 0x1FFC}, {0x20D0, 0x20DC},
    {0x20E1, 0x20E1}, {0x2126, 0x2126}, {0x212A, 0x212B}, {0x212E, 0x212E}, {0x2180, 0x2182},
    {0x3005, 0x3005}, {0x3007, 0x3007}, {0x3021, 0x302F}, {0x3031, 0x3035}, {0x3041, 0x3094},
    {0x3099, 0x309A}, {0x309D, 0x309E}, {0x30A1, 0x30FA}, {0x30FC, 0x30FE}, {0x3105, 0x312C},
    {0x4E00, 0x9FA5}, {0xAC00, 0xD7A3},
};

template <std::size_t N>
bool InRanges(const Range (&ranges)[N], std::uint32_t cp) {
  const Range* r = std::upper_bound(std::begin(ranges), std::end(ranges), cp,
                                    [](std::uint32_t c, const Range& x) { return c < x.lo; });
  return r != std::begin(ranges) && cp <= r[-1].hi;
}

// The code point of the (already validated) UTF-8 sequence at p.
inline std::uint32_t DecodeUtf8(const unsigned char* p, int* len) {
  if (p[0] < 0xE0) {
    *len = 2;
    return (p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu);
  }
  if (p[0] < 0xF0) {
    *len = 3;
    return (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
  }
  *len = 4;
  return (p[0] & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 | (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu);
}

inline int EncodeUtf8(std::uint32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | cp >> 6);
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | cp >> 12);
    out[1] = static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | cp >> 18);
  out[1] = static_cast<char>(0x80 | (cp >> 12 & 0x3F));
  out[2] = static_cast<char>(0x80 | (cp >> 6 & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

inline bool IsXmlChar(std::uint32_t cp) {
  if (cp < 0x20) return cp == 0x9 || cp == 0xA || cp == 0xD;
  if (cp < 0xD800) return true;
  if (cp < 0xE000) return false;
  if (cp < 0x10000) return cp != 0xFFFE && cp != 0xFFFF;
  return cp < 0x110000;
}

// Counts line breaks as expat does (CR, LF and CRLF one each) in [p, end);
// `prev_cr`: the byte before p was a CR.
std::uint64_t CountBreaks(const char* p, const char* end, bool prev_cr) {
  std::uint64_t n = 0;
  for (; p < end; ++p) {
    if (*p == '\r' || (*p == '\n' && !prev_cr)) ++n;
    prev_cr = *p == '\r';
  }
  return n;
}

#if defined(__SSE2__)
// The part of ValidateXmlUtf8 below done 16 bytes at a time: returns how far
// [p, p + n) is valid, up to a character boundary; the rest (an invalid
// block, the last bytes) is for the byte-by-byte check. Adds line breaks to
// *breaks; *cr: the byte before was a CR.
std::size_t ValidateBlocks(const unsigned char* p, std::size_t n, bool ascii_only,
                           std::uint64_t* breaks, bool* cr) {
  const __m128i zero = _mm_setzero_si128();
  auto splat = [](int b) { return _mm_set1_epi8(static_cast<char>(b)); };
  auto mask = [](__m128i m) { return static_cast<unsigned>(_mm_movemask_epi8(m)); };
  // Unsigned a <= b, bytewise.
  auto le = [](__m128i a, __m128i b) { return _mm_cmpeq_epi8(_mm_min_epu8(a, b), a); };
  std::size_t i = 0;
  // Continuation bytes the block before announced for this one (bits 0-2).
  unsigned carry = 0;
  __m128i prev = zero;  // the block before; zero at the start, a boundary
  bool last_cr = *cr;
  for (; i + 16 <= n; i += 16) {
    const __m128i v = Load16(p + i);
    const unsigned high = mask(v);
    unsigned next_carry = 0;
    unsigned controls;
    if ((high | carry) == 0) {
      controls = mask(_mm_cmplt_epi8(v, splat(0x20)));
    } else {
      if (ascii_only) break;
      // Leads announce continuations: 110xxxxx one, 1110xxxx two,
      // 11110xxx three; exactly the announced bytes must be 10xxxxxx.
      // Signed compares: 0x80-0xBF are -128..-65, 0xC0-0xFF are -64..-1.
      const unsigned lead = mask(_mm_cmpgt_epi8(v, splat(-65))) & high;
      const unsigned lead34 = mask(_mm_cmpgt_epi8(v, splat(-33))) & high;
      const unsigned lead4 = mask(_mm_cmpgt_epi8(v, splat(-17))) & high;
      const unsigned announced = ((lead << 1) | (lead34 << 2) | (lead4 << 3) | carry) & 0xFFFF;
      if (announced != (high & ~lead)) break;
      next_carry = (lead >> 15) | (lead34 >> 14) | (lead4 >> 13);
      // The second byte's range after E0 (overlong), ED (surrogates), F0
      // (overlong), F4 (past U+10FFFF); leads that are always wrong; and
      // U+FFFE, U+FFFF (EF BF BE, EF BF BF).
      const __m128i prev1 = _mm_or_si128(_mm_slli_si128(v, 1), _mm_srli_si128(prev, 15));
      const __m128i prev2 = _mm_or_si128(_mm_slli_si128(v, 2), _mm_srli_si128(prev, 14));
      const __m128i le_9f = le(v, splat(0x9F));
      const __m128i le_8f = le(v, splat(0x8F));
      __m128i bad = _mm_and_si128(_mm_cmpeq_epi8(prev1, splat(0xE0)), le_9f);
      bad = _mm_or_si128(bad, _mm_andnot_si128(le_9f, _mm_cmpeq_epi8(prev1, splat(0xED))));
      bad = _mm_or_si128(bad, _mm_and_si128(_mm_cmpeq_epi8(prev1, splat(0xF0)), le_8f));
      bad = _mm_or_si128(bad, _mm_andnot_si128(le_8f, _mm_cmpeq_epi8(prev1, splat(0xF4))));
      bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, splat(0xC0)));
      bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, splat(0xC1)));
      bad = _mm_or_si128(bad, le(splat(0xF5), v));
      bad = _mm_or_si128(bad, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(prev2, splat(0xEF)),
                                                          _mm_cmpeq_epi8(prev1, splat(0xBF))),
                                            le(splat(0xBE), v)));
      if (mask(bad) != 0) break;
      controls = mask(_mm_cmplt_epi8(v, splat(0x20))) & ~high;
    }
    unsigned lf = 0, crs = 0;
    if (controls != 0) {
      lf = mask(_mm_cmpeq_epi8(v, splat('\n')));
      crs = mask(_mm_cmpeq_epi8(v, splat('\r')));
      const unsigned tab = mask(_mm_cmpeq_epi8(v, splat('\t')));
      if ((controls & ~(lf | crs | tab)) != 0) break;
    }
    *breaks += static_cast<unsigned>(__builtin_popcount(crs)) +
               static_cast<unsigned>(__builtin_popcount(lf & ~(crs << 1 | (last_cr ? 1u : 0u))));
    last_cr = (crs >> 15) != 0;
    carry = next_carry;
    prev = v;
  }
  *cr = last_cr;
  if (carry != 0) {
    // A character runs on past i: go back to its lead byte.
    do --i;
    while ((p[i] & 0xC0) == 0x80);
    *cr = false;
  }
  return i;
}
#endif

// Checks that [p, p + n) is XML text in UTF-8: well-formed UTF-8 (no
// overlong forms, surrogates or code points past U+10FFFF), none of the C0
// controls but TAB, LF and CR, no U+FFFE or U+FFFF; with `ascii_only`,
// nothing from 0x80. Returns the length of the valid prefix that ends on a
// character boundary; *bad tells an invalid byte there from a sequence that
// the data ends in the middle of. Adds the line breaks of that prefix to
// *lines (*prev_cr carries a CR over to the next call).
std::size_t ValidateXmlUtf8(const unsigned char* p, std::size_t n, bool ascii_only,
                            std::uint64_t* lines, bool* prev_cr, bool* bad) {
  *bad = false;
  std::size_t i = 0;
  std::uint64_t breaks = 0;
  bool cr = *prev_cr;
#if defined(__SSE2__)
  i = ValidateBlocks(p, n, ascii_only, &breaks, &cr);
#endif
  // Byte by byte: the last bytes, and from a block that failed to the
  // exact place.
  while (i < n) {
    const unsigned c = p[i];
    if (c < 0x80) {
      if (c < 0x20) {
        if (c == '\n') {
          if (!cr) ++breaks;
        } else if (c == '\r') {
          ++breaks;
        } else if (c != '\t') {
          *bad = true;
          break;
        }
      }
      cr = c == '\r';
      ++i;
      continue;
    }
    if (ascii_only || c < 0xC2 || c > 0xF4) {
      *bad = true;
      break;
    }
    const std::size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    // The second byte's range depends on the first (overlong forms,
    // surrogates, past U+10FFFF).
    unsigned lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    std::size_t k = 1;
    for (; k < len && i + k < n; ++k) {
      const unsigned b = p[i + k];
      if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) {
        *bad = true;
        break;
      }
    }
    if (*bad || k < len) break;                               // invalid, or the data ends inside it
    if (c == 0xEF && p[i + 1] == 0xBF && p[i + 2] >= 0xBE) {  // U+FFFE, U+FFFF
      *bad = true;
      break;
    }
    cr = false;
    i += len;
  }
  *lines += breaks;
  *prev_cr = cr;
  return i;
}

// The first '<', '&', CR or ']' in [p, end), or end.
inline char* FindTextStop(char* p, char* end) {
#if defined(__SSE2__)
  // Loads may reach past `end` into the buffer's slack.
  const __m128i lt = _mm_set1_epi8('<');
  const __m128i amp = _mm_set1_epi8('&');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i rsqb = _mm_set1_epi8(']');
  for (; p < end; p += 16) {
    const __m128i v = Load16(p);
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, rsqb)));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return std::min(p + __builtin_ctz(mask), end);
  }
  return end;
#else
  while (p < end && *p != '<' && *p != '&' && *p != '\r' && *p != ']') ++p;
  return p;
#endif
}

// The length of the name character from 0x80 at q (already valid UTF-8), 0
// when it is none.
[[gnu::noinline]] int NonAsciiNameChar(const char* q, bool start) {
  int len = 0;
  const std::uint32_t cp = DecodeUtf8(reinterpret_cast<const unsigned char*>(q), &len);
  return (start ? InRanges(kNameStartRanges, cp) : InRanges(kNameRanges, cp)) ? len : 0;
}

// The end of the name at q, or nullptr when none starts there. The caller
// checks what follows (the sentinel at the end of the data stops it too).
inline char* ScanName(char* q) {
  const auto c = static_cast<unsigned char>(*q);
  if (kClass[c] & kNameStart) {
    ++q;
  } else {
    const int len = c < 0x80 ? 0 : NonAsciiNameChar(q, true);
    if (len == 0) return nullptr;
    q += len;
  }
  for (;;) {
    while (kClass[static_cast<unsigned char>(*q)] & kNameChar) ++q;
    if (static_cast<unsigned char>(*q) < 0x80) return q;
    const int len = NonAsciiNameChar(q, false);
    if (len == 0) return q;
    q += len;
  }
}

enum class Ref { kOk, kNeedMore, kBad, kUndefined, kBadNumber };

// The reference at p ('&'): *cp is the character it stands for and *len its
// length up to and including ';'.
Ref ParseRef(const char* p, const char* end, std::uint32_t* cp, std::size_t* len) {
  const char* q = p + 1;
  if (q == end) return Ref::kNeedMore;
  if (*q == '#') {
    if (++q == end) return Ref::kNeedMore;
    const bool hex = *q == 'x';
    if (hex) ++q;
    const char* digits = q;
    std::uint32_t v = 0;
    bool big = false;
    for (;; ++q) {
      if (q == end) return Ref::kNeedMore;
      const unsigned c = static_cast<unsigned char>(*q);
      unsigned d;
      if (c - '0' < 10) {
        d = c - '0';
      } else if (hex && (c | 0x20) - 'a' < 6) {
        d = (c | 0x20) - 'a' + 10;
      } else {
        break;
      }
      if (!big) {
        v = v * (hex ? 16 : 10) + d;
        big = v >= 0x110000;
      }
    }
    if (q == digits || *q != ';') return Ref::kBad;
    if (big || !IsXmlChar(v)) return Ref::kBadNumber;
    *cp = v;
    *len = static_cast<std::size_t>(q + 1 - p);
    return Ref::kOk;
  }
  const char* name = q;
  while (q < end && ((kClass[static_cast<unsigned char>(*q)] & kNameChar) != 0 ||
                     static_cast<unsigned char>(*q) >= 0x80)) {
    ++q;
  }
  if (q == end) return Ref::kNeedMore;
  if (*q != ';' || q == name) return Ref::kBad;
  const std::string_view n(name, static_cast<std::size_t>(q - name));
  if (n == "lt") {
    *cp = '<';
  } else if (n == "gt") {
    *cp = '>';
  } else if (n == "amp") {
    *cp = '&';
  } else if (n == "quot") {
    *cp = '"';
  } else if (n == "apos") {
    *cp = '\'';
  } else {
    return Ref::kUndefined;
  }
  *len = static_cast<std::size_t>(q + 1 - p);
  return Ref::kOk;
}

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
      : part_(part), ctx_(ctx), handler_(handler) {}

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
    return static_cast<unsigned char>(i == end_ && end_ < raw_end_ ? saved_ : buf_[i]);
  }
  void Text(const char* p, const char* end) {
    if (p != end) handler_.Text(std::string_view(p, static_cast<std::size_t>(end - p)));
  }

  std::string_view part_;
  ExtractContext& ctx_;
  XmlHandler& handler_;

  // buf_[0, raw_end_) is read from the stream; [0, end_) has been validated
  // and buf_[end_] is a NUL sentinel (the byte it covers is saved_). The
  // parse is at pos_.
  std::unique_ptr<char[]> buf_;
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
};

XmlTokenizeResult Tokenizer::Parse(ByteStream& in, std::string* head) {
  for (;;) {
    if (buf_ != nullptr) {
      switch (Run()) {
        case Status::kContinue:
        case Status::kNeedMore: break;
        case Status::kError:
          if (!stream_failed_) Report();
          return XmlTokenizeResult::kFailed;
        case Status::kHalted: return XmlTokenizeResult::kFailed;
        case Status::kNotUtf8:
          RestoreSentinel();
          head->assign(buf_.get(), raw_end_);
          return XmlTokenizeResult::kNotUtf8;
      }
      if (stream_failed_) return XmlTokenizeResult::kFailed;
      if (invalid_ && encoding_known_) {
        Fail(buf_.get() + end_, kInvalidToken);
        Report();
        return XmlTokenizeResult::kFailed;
      }
      if (eof_) {
        if (Finish() == Status::kContinue) return XmlTokenizeResult::kOk;
        Report();
        return XmlTokenizeResult::kFailed;
      }
      if (raw_end_ - pos_ > kMaxXmlTokenBytes) {
        Fail(buf_.get() + pos_, "token too long");
        Report();
        return XmlTokenizeResult::kFailed;
      }
    }
    // A token the buffer ends inside is parsed again from its start: when
    // it is long, wait for twice as much, so that the work stays linear in
    // its length however little each read returns.
    const std::size_t left = buf_ == nullptr ? 0 : raw_end_ - pos_;
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
  RestoreSentinel();
  if (pos_ > 0) {
    std::memmove(buf_.get(), buf_.get() + pos_, raw_end_ - pos_);
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
    if (raw_end_ > 0) std::memcpy(bigger.get(), buf_.get(), raw_end_);
    buf_ = std::move(bigger);
    cap_ = cap;
  }
  std::size_t got = 0;
  const bool ok = in.Read(buf_.get() + raw_end_, want, &got);
  raw_end_ += got;
  std::memset(buf_.get() + raw_end_, 0, kSlack);
  if (ok && got == 0) eof_ = true;
  Validate();
  return ok;
}

void Tokenizer::Validate() {
  if (!invalid_) {
    bool bad = false;
    end_ += ValidateXmlUtf8(reinterpret_cast<const unsigned char*>(buf_.get()) + end_,
                            raw_end_ - end_, ascii_only_, &lines_, &prev_cr_, &bad);
    if (bad || (eof_ && end_ < raw_end_)) invalid_ = true;
  }
  SetSentinel();
}

void Tokenizer::SetSentinel() {
  saved_ = end_ < raw_end_ ? buf_[end_] : '\0';
  buf_[end_] = '\0';
}

void Tokenizer::RestoreSentinel() {
  if (buf_ != nullptr && end_ < raw_end_) buf_[end_] = saved_;
}

// The declaration said US-ASCII: from here on, a byte from 0x80 is invalid.
void Tokenizer::AsciiOnly(std::size_t from) {
  ascii_only_ = true;
  for (std::size_t i = from; i < end_; ++i) {
    if (static_cast<unsigned char>(buf_[i]) >= 0x80) {
      lines_ -= CountBreaks(buf_.get() + i, buf_.get() + end_, i > 0 && buf_[i - 1] == '\r');
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
  error_at_ = static_cast<std::size_t>(at - buf_.get());
  return Status::kError;
}

void Tokenizer::Report() {
  const std::size_t at = std::min(error_at_, end_);
  const std::uint64_t line =
      1 + lines_ - CountBreaks(buf_.get() + at, buf_.get() + end_, at > 0 && buf_[at - 1] == '\r');
  ctx_.Error("malformed-xml",
             std::string(part_) + ": " + error_ + " at line " + std::to_string(line));
}

Status Tokenizer::Finish() {
  const char* at = buf_.get() + pos_;
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
  char* p = buf_.get();
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
      AsciiOnly(static_cast<std::size_t>(p - buf_.get()));
    }
  }
  pos_ = static_cast<std::size_t>(p - buf_.get());
  mode_ = Mode::kProlog;
  return Status::kContinue;
}

// Before and after the root element: white space, comments, PIs.
Status Tokenizer::DoMisc() {
  char* p = buf_.get() + pos_;
  char* const end = buf_.get() + end_;
  while (IsSpace(*p)) ++p;  // the sentinel stops it
  pos_ = static_cast<std::size_t>(p - buf_.get());
  if (p == end) return Status::kNeedMore;
  const bool prolog = mode_ == Mode::kProlog;
  if (*p != '<') return Fail(p, prolog ? "syntax error" : "junk after document element");
  if (end - p < 2) return Status::kNeedMore;
  if (p[1] == '?') return PiStart(p, end);
  if (p[1] == '!') return Bang(p, end);
  if (!prolog) return Fail(p, "junk after document element");
  char* next = nullptr;
  const Status st = StartTag(p, end, &next);
  if (st == Status::kContinue) pos_ = static_cast<std::size_t>(next - buf_.get());
  return st;
}

// Inside the root element: text and markup, until the root closes.
Status Tokenizer::DoContent() {
  char* p = buf_.get() + pos_;
  char* const end = buf_.get() + end_;
  for (;;) {
    // Tags often follow each other directly: look for text only when some
    // is there (the sentinel at the end is not '<').
    if (*p != '<') {
      char* run = p;
      for (;;) {
        p = FindTextStop(p, end);
        if (p == end || *p != ']') break;
        if (end - p < 3) break;
        if (p[1] == ']' && p[2] == '>') {
          Text(run, p);
          return Fail(p, kInvalidToken);
        }
        ++p;
      }
      Text(run, p);
      pos_ = static_cast<std::size_t>(p - buf_.get());
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
      pos_ = static_cast<std::size_t>(p - buf_.get());
      if (c == '\0') return Status::kNeedMore;
      return c == '?' ? PiStart(p, end) : Bang(p, end);
    }
    char* const tag = p;
    const Status st = c == '/' ? EndTag(p, end, &p) : StartTag(p, end, &p);
    if (st != Status::kContinue) {
      pos_ = static_cast<std::size_t>(tag - buf_.get());
      return st;
    }
    if (mode_ != Mode::kContent) {
      pos_ = static_cast<std::size_t>(p - buf_.get());
      return Status::kContinue;
    }
  }
}

// At "<!": a comment, a CDATA section (in content) or a DOCTYPE (refused).
Status Tokenizer::Bang(char* p, char* end) {
  const int comment = Match(p, end, "<!--");
  if (comment > 0) {
    back_ = mode_;
    mode_ = Mode::kComment;
    pos_ = static_cast<std::size_t>(p + 4 - buf_.get());
    return Status::kContinue;
  }
  int other = -1;
  if (mode_ == Mode::kContent) {
    other = Match(p, end, "<![CDATA[");
    if (other > 0) {
      mode_ = Mode::kCData;
      pos_ = static_cast<std::size_t>(p + 9 - buf_.get());
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
    pos_ = static_cast<std::size_t>(q + 2 - buf_.get());
    return Status::kContinue;
  }
  if (!IsSpace(*q)) return q == end ? Status::kNeedMore : Fail(q, kInvalidToken);
  back_ = mode_;
  mode_ = Mode::kPi;
  pos_ = static_cast<std::size_t>(q + 1 - buf_.get());
  return Status::kContinue;
}

Status Tokenizer::DoComment() {
  char* p = buf_.get() + pos_;
  char* const end = buf_.get() + end_;
  for (;;) {
    char* q = static_cast<char*>(std::memchr(p, '-', static_cast<std::size_t>(end - p)));
    if (q == nullptr) {
      pos_ = end_;
      return Status::kNeedMore;
    }
    pos_ = static_cast<std::size_t>(q - buf_.get());
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
  char* p = buf_.get() + pos_;
  char* const end = buf_.get() + end_;
  for (;;) {
    char* q = static_cast<char*>(std::memchr(p, '?', static_cast<std::size_t>(end - p)));
    if (q == nullptr) {
      pos_ = end_;
      return Status::kNeedMore;
    }
    pos_ = static_cast<std::size_t>(q - buf_.get());
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
  char* p = buf_.get() + pos_;
  char* const end = buf_.get() + end_;
  char* run = p;
  for (;;) {
    while (p < end && *p != ']' && *p != '\r') ++p;
    if (p == end || *p == '\r' || end - p < 3 || (p[1] == ']' && p[2] == '>')) {
      Text(run, p);
      pos_ = static_cast<std::size_t>(p - buf_.get());
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
