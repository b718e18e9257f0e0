#include "mamori/text_decoder.h"

#include <iconv.h>

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace mamori {

namespace {

// The same CSV text in every encoding, made with Python's codecs
// (tests/scanner/text_decoder_test.cc has no build-time generator):
//   社員番号,氏名,ﾌﾘｶﾞﾅ,個人番号,電話,備考
//   1001,山田 太郎,ﾔﾏﾀﾞ ﾀﾛｳ,１２３４５６７８９０１８,03－1234－5678,総務部　課長
//   1002,佐藤 花子,ｻﾄｳ ﾊﾅｺ,4567 8901 2345,090-1111-2222,経理部（高橋の後任）
// with CRLF line ends. CP932 writes the hyphens as 817C (U+FF0D); EUC-JP
// (Python's euc_jp) and ISO-2022-JP (iso2022_jp_ext, which has ESC ( I for
// half-width katakana) write the minus sign of JIS X 0208 (A1DD / 215D),
// which the decoder reads as U+FF0D, as CP932 does.

// 280 bytes
constexpr std::string_view kUtf8Text(
    "\xE7\xA4\xBE\xE5\x93\xA1\xE7\x95\xAA\xE5\x8F\xB7,\xE6\xB0\x8F\xE5\x90\x8D,\xEF\xBE"
    "\x8C\xEF\xBE\x98\xEF\xBD\xB6\xEF\xBE\x9E\xEF\xBE\x85,\xE5\x80\x8B\xE4\xBA\xBA\xE7"
    "\x95\xAA\xE5\x8F\xB7,\xE9\x9B\xBB\xE8\xA9\xB1,\xE5\x82\x99\xE8\x80\x83\x0D\x0A"
    "1"
    "001,\xE5\xB1\xB1\xE7\x94\xB0 \xE5\xA4\xAA\xE9\x83\x8E,\xEF\xBE\x94\xEF\xBE\x8F\xEF"
    "\xBE\x80\xEF\xBE\x9E \xEF\xBE\x80\xEF\xBE\x9B\xEF\xBD\xB3,\xEF\xBC\x91\xEF\xBC\x92"
    "\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x96\xEF\xBC\x97\xEF\xBC\x98\xEF\xBC"
    "\x99\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x98,03\xEF\xBC\x8D"
    "1234\xEF\xBC\x8D"
    "567"
    "8,\xE7\xB7\x8F\xE5\x8B\x99\xE9\x83\xA8\xE3\x80\x80\xE8\xAA\xB2\xE9\x95\xB7\x0D\x0A"
    "1002,\xE4\xBD\x90\xE8\x97\xA4 \xE8\x8A\xB1\xE5\xAD\x90,\xEF\xBD\xBB\xEF\xBE\x84\xEF"
    "\xBD\xB3 \xEF\xBE\x8A\xEF\xBE\x85\xEF\xBD\xBA,4567 8901 2345,090-1111-2222,\xE7\xB5"
    "\x8C\xE7\x90\x86\xE9\x83\xA8\xEF\xBC\x88\xE9\xAB\x98\xE6\xA9\x8B\xE3\x81\xAE\xE5"
    "\xBE\x8C\xE4\xBB\xBB\xEF\xBC\x89\x0D\x0A",
    280);

// 192 bytes
constexpr std::string_view kCp932Text(
    "\x8E\xD0\x88\xF5\x94\xD4\x8D\x86,\x8E\x81\x96\xBC,\xCC\xD8\xB6\xDE\xC5,\x8C\xC2\x90"
    "l\x94\xD4\x8D\x86,\x93"
    "d\x98"
    "b,\x94\xF5\x8Dl\x0D\x0A"
    "1001,\x8ER\x93"
    "c \x91"
    "\xBE\x98Y,\xD4\xCF\xC0\xDE \xC0\xDB\xB3,\x82P\x82Q\x82R\x82S\x82T\x82U\x82V\x82W"
    "\x82X\x82O\x82P\x82W,03\x81|1234\x81|5678,\x91\x8D\x96\xB1\x95\x94\x81@\x89\xDB\x92"
    "\xB7\x0D\x0A"
    "1002,\x8D\xB2\x93\xA1 \x89\xD4\x8Eq,\xBB\xC4\xB3 \xCA\xC5\xBA,456"
    "7 8901 2345,090-1111-2222,\x8Co\x97\x9D\x95\x94\x81i\x8D\x82\x8B\xB4\x82\xCC\x8C"
    "\xE3\x94"
    "C\x81j\x0D\x0A",
    192);

// 210 bytes
constexpr std::string_view kEucJpText(
    "\xBC\xD2\xB0\xF7\xC8\xD6\xB9\xE6,\xBB\xE1\xCC\xBE,\x8E\xCC\x8E\xD8\x8E\xB6\x8E\xDE"
    "\x8E\xC5,\xB8\xC4\xBF\xCD\xC8\xD6\xB9\xE6,\xC5\xC5\xCF\xC3,\xC8\xF7\xB9\xCD\x0D\x0A"
    "1001,\xBB\xB3\xC5\xC4 \xC2\xC0\xCF\xBA,\x8E\xD4\x8E\xCF\x8E\xC0\x8E\xDE \x8E\xC0"
    "\x8E\xDB\x8E\xB3,\xA3\xB1\xA3\xB2\xA3\xB3\xA3\xB4\xA3\xB5\xA3\xB6\xA3\xB7\xA3\xB8"
    "\xA3\xB9\xA3\xB0\xA3\xB1\xA3\xB8,03\xA1\xDD"
    "1234\xA1\xDD"
    "5678,\xC1\xED\xCC\xB3"
    "\xC9\xF4\xA1\xA1\xB2\xDD\xC4\xB9\x0D\x0A"
    "1002,\xBA\xB4\xC6\xA3 \xB2\xD6\xBB\xD2"
    ",\x8E\xBB\x8E\xC4\x8E\xB3 \x8E\xCA\x8E\xC5\x8E\xBA,4567 8901 2345,090-1111-2222,"
    "\xB7\xD0\xCD\xFD\xC9\xF4\xA1\xCA\xB9\xE2\xB6\xB6\xA4\xCE\xB8\xE5\xC7\xA4\xA1\xCB"
    "\x0D\x0A",
    210);

// 306 bytes
constexpr std::string_view kIso2022JpText(
    "\x1B$B<R0wHV9f\x1B(B,\x1B$B;aL>\x1B(B,\x1B(ILX6^E\x1B(B,\x1B$B8D\x3FMHV9f\x1B(B,"
    "\x1B$BEEOC\x1B(B,\x1B$BHw9M\x1B(B\x0D\x0A"
    "1001,\x1B$B;3ED\x1B(B \x1B$BB@O:\x1B"
    "(B,\x1B(ITO@^\x1B(B \x1B(I@[3\x1B(B,\x1B$B#1#2#3#4#5#6#7#8#9#0#1#8\x1B(B,03\x1B$"
    "B!]\x1B(B1234\x1B$B!]\x1B(B5678,\x1B$BAmL3It!!2]D9\x1B(B\x0D\x0A"
    "1002,\x1B$B:4"
    "F#\x1B(B \x1B$B2V;R\x1B(B,\x1B(I;D3\x1B(B \x1B(IJE:\x1B(B,4567 8901 2345,090-111"
    "1-2222,\x1B$B7PM}It!J9b66$N8eG$!K\x1B(B\x0D\x0A",
    306);

// 280 bytes
constexpr std::string_view kUtf16LeText(
    ">y\xE1Tju\xF7S,\x00\x0Fl\x0DT,\x00\x8C\xFF\x98\xFFv\xFF\x9E\xFF\x85\xFF,\x00\x0B"
    "P\xBANju\xF7S,\x00\xFB\x96q\x8A,\x00\x99P\x03\x80\x0D\x00\x0A\x00"
    "1\x00"
    "0\x00"
    "0\x00"
    "1\x00,\x00q\x5C"
    "0u \x00*Y\xCE\x90,\x00\x94\xFF\x8F\xFF\x80\xFF\x9E\xFF"
    " \x00\x80\xFF\x9B\xFFs\xFF,\x00\x11\xFF\x12\xFF\x13\xFF\x14\xFF\x15\xFF\x16\xFF\x17"
    "\xFF\x18\xFF\x19\xFF\x10\xFF\x11\xFF\x18\xFF,\x00"
    "0\x00"
    "3\x00\x0D\xFF"
    "1\x00"
    "2\x00"
    "3\x00"
    "4\x00\x0D\xFF"
    "5\x00"
    "6\x00"
    "7\x00"
    "8\x00,\x00\xCF}\xD9R\xE8"
    "\x90\x00"
    "0\xB2\x8Aw\x95\x0D\x00\x0A\x00"
    "1\x00"
    "0\x00"
    "0\x00"
    "2\x00,\x00PO"
    "\xE4\x85 \x00\xB1\x82P[,\x00{\xFF\x84\xFFs\xFF \x00\x8A\xFF\x85\xFFz\xFF,\x00"
    "4"
    "\x00"
    "5\x00"
    "6\x00"
    "7\x00 \x00"
    "8\x00"
    "9\x00"
    "0\x00"
    "1\x00 \x00"
    "2\x00"
    "3"
    "\x00"
    "4\x00"
    "5\x00,\x00"
    "0\x00"
    "9\x00"
    "0\x00-\x00"
    "1\x00"
    "1\x00"
    "1\x00"
    "1"
    "\x00-\x00"
    "2\x00"
    "2\x00"
    "2\x00"
    "2\x00,\x00L}\x06t\xE8\x90\x08\xFF\xD8\x9AKjn"
    "0\x8C_\xFBN\x09\xFF\x0D\x00\x0A\x00",
    280);

// 280 bytes
constexpr std::string_view kUtf16BeText(
    "y>T\xE1ujS\xF7\x00,l\x0FT\x0D\x00,\xFF\x8C\xFF\x98\xFFv\xFF\x9E\xFF\x85\x00,P\x0B"
    "N\xBAujS\xF7\x00,\x96\xFB\x8Aq\x00,P\x99\x80\x03\x00\x0D\x00\x0A\x00"
    "1\x00"
    "0"
    "\x00"
    "0\x00"
    "1\x00,\x5Cqu0\x00 Y*\x90\xCE\x00,\xFF\x94\xFF\x8F\xFF\x80\xFF\x9E"
    "\x00 \xFF\x80\xFF\x9B\xFFs\x00,\xFF\x11\xFF\x12\xFF\x13\xFF\x14\xFF\x15\xFF\x16\xFF"
    "\x17\xFF\x18\xFF\x19\xFF\x10\xFF\x11\xFF\x18\x00,\x00"
    "0\x00"
    "3\xFF\x0D\x00"
    "1"
    "\x00"
    "2\x00"
    "3\x00"
    "4\xFF\x0D\x00"
    "5\x00"
    "6\x00"
    "7\x00"
    "8\x00,}\xCFR\xD9\x90"
    "\xE8"
    "0\x00\x8A\xB2\x95w\x00\x0D\x00\x0A\x00"
    "1\x00"
    "0\x00"
    "0\x00"
    "2\x00,OP"
    "\x85\xE4\x00 \x82\xB1[P\x00,\xFF{\xFF\x84\xFFs\x00 \xFF\x8A\xFF\x85\xFFz\x00,\x00"
    "4\x00"
    "5\x00"
    "6\x00"
    "7\x00 \x00"
    "8\x00"
    "9\x00"
    "0\x00"
    "1\x00 \x00"
    "2\x00"
    "3"
    "\x00"
    "4\x00"
    "5\x00,\x00"
    "0\x00"
    "9\x00"
    "0\x00-\x00"
    "1\x00"
    "1\x00"
    "1\x00"
    "1"
    "\x00-\x00"
    "2\x00"
    "2\x00"
    "2\x00"
    "2\x00,}Lt\x06\x90\xE8\xFF\x08\x9A\xD8jK0n_\x8C"
    "N\xFB\xFF\x09\x00\x0D\x00\x0A",
    280);

struct Sample {
  TextEncoding encoding;
  std::string_view bytes;
};

const std::vector<Sample>& Samples() {
  static const std::vector<Sample> samples = {
      {TextEncoding::kUtf8, kUtf8Text},       {TextEncoding::kCp932, kCp932Text},
      {TextEncoding::kEucJp, kEucJpText},     {TextEncoding::kIso2022Jp, kIso2022JpText},
      {TextEncoding::kUtf16Le, kUtf16LeText}, {TextEncoding::kUtf16Be, kUtf16BeText},
  };
  return samples;
}

// Encodes UTF-8 text with iconv, for samples too long to embed.
std::string Encode(std::string_view utf8, const char* to) {
  iconv_t cd = ::iconv_open(to, "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* o = out.data();
  std::size_t o_left = out.size();
  const std::size_t rc = ::iconv(cd, &in, &in_left, &o, &o_left);
  ::iconv(cd, nullptr, nullptr, &o, &o_left);
  ::iconv_close(cd);
  REQUIRE(rc != static_cast<std::size_t>(-1));
  out.resize(o - out.data());
  return out;
}

std::string DecodeAll(TextEncoding encoding, std::string_view bytes,
                      std::uint64_t* invalid = nullptr) {
  TextDecoder decoder;
  REQUIRE(decoder.Reset(encoding).ok());
  std::string out;
  decoder.Decode(bytes, true, &out);
  if (invalid != nullptr) *invalid = decoder.invalid_bytes();
  return out;
}

// Decodes `bytes` in pieces ending at `cuts` (ascending offsets).
std::string DecodePieces(TextDecoder* decoder, TextEncoding encoding, std::string_view bytes,
                         const std::vector<std::size_t>& cuts) {
  REQUIRE(decoder->Reset(encoding).ok());
  std::string out;
  std::size_t from = 0;
  for (std::size_t cut : cuts) {
    decoder->Decode(bytes.substr(from, cut - from), false, &out);
    from = cut;
  }
  decoder->Decode(bytes.substr(from), true, &out);
  return out;
}

const std::string kFffd = "\xEF\xBF\xBD";

}  // namespace

TEST_CASE("Encodings have stable names", "[scanner][text_decoder]") {
  CHECK(std::string(TextEncodingName(TextEncoding::kUtf8)) == "utf-8");
  CHECK(std::string(TextEncodingName(TextEncoding::kCp932)) == "cp932");
  CHECK(std::string(TextEncodingName(TextEncoding::kEucJp)) == "euc-jp");
  CHECK(std::string(TextEncodingName(TextEncoding::kUtf16Le)) == "utf-16le");
  CHECK(std::string(TextEncodingName(TextEncoding::kUtf16Be)) == "utf-16be");
  CHECK(std::string(TextEncodingName(TextEncoding::kIso2022Jp)) == "iso-2022-jp");
}

TEST_CASE("Detection tells each encoding from Japanese CSV text", "[scanner][text_decoder]") {
  for (const Sample& s : Samples()) {
    INFO(TextEncodingName(s.encoding));
    EncodingGuess g = DetectEncoding(s.bytes, true);
    CHECK(g.encoding == s.encoding);
    CHECK(g.bom_length == 0);
    CHECK(g.decided);
  }
}

TEST_CASE("Detection takes byte-order marks first", "[scanner][text_decoder]") {
  const std::string utf8 = "\xEF\xBB\xBF" + std::string(kUtf8Text);
  EncodingGuess g = DetectEncoding(utf8, true);
  CHECK(g.encoding == TextEncoding::kUtf8);
  CHECK(g.bom_length == 3);
  CHECK(g.decided);
  // A BOM before pure ASCII still decides.
  g = DetectEncoding(
      "\xEF\xBB\xBF"
      "a,b\n",
      true);
  CHECK(g.bom_length == 3);
  CHECK(g.decided);

  g = DetectEncoding("\xFF\xFE" + std::string(kUtf16LeText), true);
  CHECK(g.encoding == TextEncoding::kUtf16Le);
  CHECK(g.bom_length == 2);
  g = DetectEncoding("\xFE\xFF" + std::string(kUtf16BeText), true);
  CHECK(g.encoding == TextEncoding::kUtf16Be);
  CHECK(g.bom_length == 2);
  // Excel's "Unicode text": BOM, tabs, Japanese.
  g = DetectEncoding(Encode("\xEF\xBB\xBF氏名\t個人番号\r\n", "UTF-16LE"), true);
  CHECK(g.encoding == TextEncoding::kUtf16Le);
  CHECK(g.bom_length == 2);

  // Not at the start of the file, the same bytes are no BOM.
  g = DetectEncoding(
      "\xEF\xBB\xBF"
      "abc",
      false);
  CHECK(g.encoding == TextEncoding::kUtf8);
  CHECK(g.bom_length == 0);
}

TEST_CASE("Detection finds UTF-16 without a BOM", "[scanner][text_decoder]") {
  CHECK(DetectEncoding(kUtf16LeText.substr(0, 101), true).encoding == TextEncoding::kUtf16Le);
  CHECK(DetectEncoding(kUtf16BeText.substr(0, 101), true).encoding == TextEncoding::kUtf16Be);
  // Japanese prose: few NULs (only the line ends and a date), ideographic
  // spaces put some NULs on the other parity.
  std::string prose;
  for (int i = 0; i < 20; ++i) {
    prose +=
        "　本日の会議では、人事部から提出された個人情報の取り扱いに関する規程の改定案について"
        "審議が行われ、各部署の責任者が意見を述べた。令和六年四月一日より施行する。\r\n";
  }
  EncodingGuess g = DetectEncoding(Encode(prose, "UTF-16LE"), true);
  CHECK(g.encoding == TextEncoding::kUtf16Le);
  CHECK(g.decided);
  CHECK(DetectEncoding(Encode(prose, "UTF-16BE"), true).encoding == TextEncoding::kUtf16Be);
  // English text in UTF-16.
  CHECK(DetectEncoding(Encode("Name,Number\nTaro,1234\n", "UTF-16LE"), true).encoding ==
        TextEncoding::kUtf16Le);
}

TEST_CASE("Detection does not take NULs for UTF-16 without text", "[scanner][text_decoder]") {
  // CP932 text with a stray NUL.
  std::string cp932(kCp932Text);
  cp932[40] = '\0';
  CHECK(DetectEncoding(cp932, true).encoding == TextEncoding::kCp932);
  // Binary: little-endian 16-bit integers, mostly small.
  std::string ints;
  for (int i = 0; i < 500; ++i) {
    ints.push_back(static_cast<char>(i % 7));
    ints.push_back('\0');
  }
  CHECK(DetectEncoding(ints, true).encoding == TextEncoding::kUtf8);
  // UTF-32LE: NULs at both parities.
  CHECK(DetectEncoding(Encode("abc,123\n456,def\n", "UTF-32LE"), true).encoding ==
        TextEncoding::kUtf8);
}

TEST_CASE("Pure ASCII leaves the encoding undecided", "[scanner][text_decoder]") {
  EncodingGuess g = DetectEncoding("no,name,number\r\n1,Taro,123456789018\r\n", true);
  CHECK_FALSE(g.decided);
  CHECK(g.encoding == TextEncoding::kUtf8);
  CHECK(g.bom_length == 0);
  CHECK_FALSE(DetectEncoding("", true).decided);
  // Terminal colours designate no Japanese character set.
  CHECK_FALSE(DetectEncoding("\x1B[31mERROR\x1B[0m 12\n", true).decided);
  // Japanese far into the sample is seen.
  g = DetectEncoding(std::string(1 << 20, 'a') + std::string(kCp932Text), true);
  CHECK(g.decided);
  CHECK(g.encoding == TextEncoding::kCp932);
  // Japanese that comes later is detected from the later chunk.
  g = DetectEncoding(kCp932Text.substr(kCp932Text.find("1001")), false);
  CHECK(g.decided);
  CHECK(g.encoding == TextEncoding::kCp932);
}

TEST_CASE("Detection of ISO-2022-JP needs a JIS escape and 7-bit bytes",
          "[scanner][text_decoder]") {
  CHECK(DetectEncoding("Subject: \x1B$B;3ED\x1B(B\r\n", true).encoding == TextEncoding::kIso2022Jp);
  CHECK(DetectEncoding("\x1B$@;3ED\x1B(J", true).encoding == TextEncoding::kIso2022Jp);
  CHECK(DetectEncoding("abc \x1B(Jdef", true).encoding == TextEncoding::kIso2022Jp);
  CHECK(DetectEncoding("abc \x1B(Bdef", true).encoding == TextEncoding::kIso2022Jp);
  // With 8-bit bytes it is something else.
  CHECK(DetectEncoding("\x1B$B;3ED\x1B(B \xE5\xB1\xB1", true).encoding == TextEncoding::kUtf8);
}

TEST_CASE("Detection reads UTF-8 cut in the middle of a character as UTF-8",
          "[scanner][text_decoder]") {
  // Cut after every byte of the last characters.
  for (std::size_t cut = kUtf8Text.size() - 12; cut <= kUtf8Text.size(); ++cut) {
    INFO(cut);
    CHECK(DetectEncoding(kUtf8Text.substr(0, cut), true).encoding == TextEncoding::kUtf8);
  }
  // Not UTF-8: overlong, surrogate, above U+10FFFF, lone continuation byte.
  CHECK(DetectEncoding("a\xC0\xAF", true).encoding != TextEncoding::kUtf8);
  CHECK(DetectEncoding("a\xED\xA0\x80", true).encoding != TextEncoding::kUtf8);
  CHECK(DetectEncoding("a\xF4\x90\x80\x80", true).encoding != TextEncoding::kUtf8);
  CHECK(DetectEncoding("a\x80", true).encoding != TextEncoding::kUtf8);
  // A later chunk may start inside a character.
  CHECK(DetectEncoding(kUtf8Text.substr(1), false).encoding == TextEncoding::kUtf8);
}

TEST_CASE("Detection tells EUC-JP from CP932", "[scanner][text_decoder]") {
  // Short samples: a name, a name with kana.
  CHECK(DetectEncoding(Encode("山田太郎,", "EUC-JP"), true).encoding == TextEncoding::kEucJp);
  CHECK(DetectEncoding(Encode("やまだ たろう", "EUC-JP"), true).encoding == TextEncoding::kEucJp);
  CHECK(DetectEncoding(Encode("山田太郎,", "CP932"), true).encoding == TextEncoding::kCp932);
  CHECK(DetectEncoding(Encode("やまだ たろう", "CP932"), true).encoding == TextEncoding::kCp932);
  // Half-width katakana names (mainframe exports) in CP932.
  CHECK(DetectEncoding(Encode("1,ﾔﾏﾀﾞ ﾀﾛｳ\r\n2,ｻﾄｳ ﾊﾅｺ\r\n", "CP932"), true).encoding ==
        TextEncoding::kCp932);
}

TEST_CASE("Each encoding decodes to the same UTF-8", "[scanner][text_decoder]") {
  for (const Sample& s : Samples()) {
    INFO(TextEncodingName(s.encoding));
    std::uint64_t invalid = 99;
    CHECK(DecodeAll(s.encoding, s.bytes, &invalid) == kUtf8Text);
    CHECK(invalid == 0);
  }
}

TEST_CASE("CP932 keeps full-width hyphens and digits", "[scanner][text_decoder]") {
  // 817C is U+FF0D (glibc's SHIFT_JIS would give U+2212).
  CHECK(DecodeAll(TextEncoding::kCp932, "\x81\x7C") == "\xEF\xBC\x8D");
  CHECK(DecodeAll(TextEncoding::kCp932, "\x82\x4F\x82\x58") == "０９");
  CHECK(DecodeAll(TextEncoding::kCp932, "\x5C\x7E") == "\\~");  // not yen, overline
  // NEC row 13, NEC-selected and IBM extensions.
  CHECK(DecodeAll(TextEncoding::kCp932, "\x87\x40\x87\x8A\xEE\xE0\xFB\xFC") == "①㈱髙髙");
  // EUC-JP's minus sign and JIS X 0208 digits read the same.
  CHECK(DecodeAll(TextEncoding::kEucJp, "\xA1\xDD\xA3\xB0\xA3\xB9") == "\xEF\xBC\x8D０９");
}

namespace {

// Every well-formed character of `from`, in one input, decodes as iconv
// decodes it alone (U+FFFD per byte where iconv has no mapping).
void CheckAgainstIconv(TextEncoding encoding, const char* from,
                       const std::vector<std::string>& characters) {
  iconv_t cd = ::iconv_open("UTF-8", from);
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string input, expected;
  for (const std::string& c : characters) {
    char out[16];
    char* in = const_cast<char*>(c.data());
    std::size_t in_left = c.size();
    char* o = out;
    std::size_t o_left = sizeof out;
    input += c;
    if (::iconv(cd, &in, &in_left, &o, &o_left) == static_cast<std::size_t>(-1)) {
      ::iconv(cd, nullptr, nullptr, nullptr, nullptr);
      for (std::size_t i = 0; i < c.size(); ++i) expected += kFffd;
    } else {
      expected.append(out, o - out);
    }
  }
  ::iconv_close(cd);
  CHECK(DecodeAll(encoding, input) == expected);
}

std::string Bytes(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

}  // namespace

TEST_CASE("CP932 and EUC-JP map every character as glibc does", "[scanner][text_decoder]") {
  std::vector<std::string> cp932;
  for (int c = 0x80; c <= 0xFF; ++c) {
    if ((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC)) {
      for (int t = 0x40; t <= 0xFC; ++t) {
        if (t != 0x7F) cp932.push_back(Bytes({c, t}));
      }
    } else {
      cp932.push_back(Bytes({c}));
    }
  }
  CheckAgainstIconv(TextEncoding::kCp932, "CP932", cp932);
  std::vector<std::string> euc;
  for (int c = 0xA1; c <= 0xFE; ++c) {
    for (int t = 0xA1; t <= 0xFE; ++t) {
      euc.push_back(Bytes({c, t}));
      euc.push_back(Bytes({0x8F, c, t}));
    }
  }
  for (int t = 0xA1; t <= 0xDF; ++t) euc.push_back(Bytes({0x8E, t}));
  CheckAgainstIconv(TextEncoding::kEucJp, "EUC-JP-MS", euc);
}

TEST_CASE("EUC-JP reads the extensions Windows and mailers write", "[scanner][text_decoder]") {
  CHECK(DecodeAll(TextEncoding::kEucJp, "\xAD\xA1\xAD\xEA") == "①㈱");  // NEC row 13
  CHECK(DecodeAll(TextEncoding::kEucJp, "\x8F\xB0\xA1") == "丂");       // JIS X 0212
  CHECK(DecodeAll(TextEncoding::kEucJp, "\x8E\xB1\x8E\xDE") == "ｱﾞ");   // half-width katakana
}

TEST_CASE("ISO-2022-JP reads every designation it may meet", "[scanner][text_decoder]") {
  // ESC $ @ (JIS C 6226-1978), ESC ( J (read as ASCII).
  CHECK(DecodeAll(TextEncoding::kIso2022Jp, "\x1B$@;3ED\x1B(J1\\2") == "山田1\\2");
  // Announcer ESC & @ before ESC $ B.
  CHECK(DecodeAll(TextEncoding::kIso2022Jp, "\x1B&@\x1B$B;3\x1B(B") == "山");
  // Half-width katakana by ESC ( I and by SO/SI.
  CHECK(DecodeAll(TextEncoding::kIso2022Jp, "\x1B(I1^\x1B(Bx") == "ｱﾞx");
  CHECK(DecodeAll(TextEncoding::kIso2022Jp,
                  "a\x0E"
                  "1\x0F"
                  "b") == "aｱb");
  // CP50220: NEC row 13 under ESC $ B.
  CHECK(DecodeAll(TextEncoding::kIso2022Jp, "\x1B$B-!-j\x1B(B") == "①㈱");
  // JIS X 0212 (ISO-2022-JP-2), JIS X 0213 (ISO-2022-JP-2004; 2E22 is
  // outside the BMP, 2477 is two code points).
  CHECK(DecodeAll(TextEncoding::kIso2022Jp, "\x1B$(D0!\x1B(B") == "丂");
  CHECK(DecodeAll(TextEncoding::kIso2022Jp, "\x1B$(Q.\"$w;3\x1B(B") == "𠀋か゚山");
  // Designations switching between the two decoders mid-line.
  CHECK(DecodeAll(TextEncoding::kIso2022Jp, "\x1B$(Q.\"\x1B$B;3\x1B$(Q.\"\x1B(Bz") == "𠀋山𠀋z");
  // A line break inside a kanji stretch stands for itself.
  CHECK(DecodeAll(TextEncoding::kIso2022Jp, "\x1B$B;3\r\nED\x1B(B") == "山\r\n田");
}

TEST_CASE("Splitting the input anywhere changes nothing", "[scanner][text_decoder]") {
  TextDecoder decoder;
  for (const Sample& s : Samples()) {
    INFO(TextEncodingName(s.encoding));
    // Every single cut.
    for (std::size_t cut = 0; cut <= s.bytes.size(); ++cut) {
      INFO(cut);
      CHECK(DecodePieces(&decoder, s.encoding, s.bytes, {cut}) == kUtf8Text);
      CHECK(decoder.invalid_bytes() == 0);
    }
    // Byte by byte.
    std::vector<std::size_t> every;
    for (std::size_t i = 1; i < s.bytes.size(); ++i) every.push_back(i);
    CHECK(DecodePieces(&decoder, s.encoding, s.bytes, every) == kUtf8Text);
    // Random splits.
    std::mt19937 rng(7);
    for (int round = 0; round < 200; ++round) {
      std::vector<std::size_t> cuts;
      std::size_t at = 0;
      for (;;) {
        at += std::uniform_int_distribution<std::size_t>(0, 9)(rng);
        if (at > s.bytes.size()) break;
        cuts.push_back(at);
      }
      CHECK(DecodePieces(&decoder, s.encoding, s.bytes, cuts) == kUtf8Text);
    }
  }
}

TEST_CASE("Longer characters split anywhere decode as in one piece", "[scanner][text_decoder]") {
  struct Case {
    TextEncoding encoding;
    std::string bytes;
    std::string text;
  };
  const std::vector<Case> cases = {
      {TextEncoding::kEucJp, "a\x8F\xB0\xA1\x8E\xB1\xA4\xA2z", "a丂ｱあz"},
      {TextEncoding::kUtf16Le, std::string("a\0\x40\xD8\x0B\xDC\x42\x30", 8), "a𠀋あ"},
      {TextEncoding::kUtf16Be, std::string("\0a\xD8\x40\xDC\x0B\x30\x42", 8), "a𠀋あ"},
      {TextEncoding::kUtf8, "a\xF0\xA0\x80\x8B\xE3\x81\x82z", "a𠀋あz"},
      {TextEncoding::kIso2022Jp, "a\x1B$(Q.\"$w\x1B$(D0!\x1B(I1\x1B(Bz", "a𠀋か゚丂ｱz"},
  };
  TextDecoder decoder;
  for (const Case& c : cases) {
    INFO(TextEncodingName(c.encoding));
    REQUIRE(DecodeAll(c.encoding, c.bytes) == c.text);
    for (std::size_t cut = 0; cut <= c.bytes.size(); ++cut) {
      for (std::size_t cut2 = cut; cut2 <= c.bytes.size(); ++cut2) {
        INFO(cut << " " << cut2);
        CHECK(DecodePieces(&decoder, c.encoding, c.bytes, {cut, cut2}) == c.text);
        CHECK(decoder.invalid_bytes() == 0);
      }
    }
  }
}

TEST_CASE("Random bytes decode the same in any pieces", "[scanner][text_decoder]") {
  // Garbage biased towards lead bytes, escapes and surrogates: whatever comes
  // out, pieces must not change it, nor the count of invalid bytes.
  std::mt19937 rng(11);
  const std::string alphabet = Bytes({0x1B, '$',  '(',  'B',  '@',  'J',  'I',  'D',  'Q',  0x0E,
                                      0x0F, 0x8E, 0x8F, 0x81, 0x82, 0xA4, 0xE0, 0xD8, 0xDC, 0x00,
                                      0x7C, 0xFF, 0xFD, 0xA1, 0xC0, 0xE3, 'a',  '1',  ' '});
  TextDecoder decoder;
  for (TextEncoding encoding :
       {TextEncoding::kUtf8, TextEncoding::kCp932, TextEncoding::kEucJp, TextEncoding::kUtf16Le,
        TextEncoding::kUtf16Be, TextEncoding::kIso2022Jp}) {
    INFO(TextEncodingName(encoding));
    for (int round = 0; round < 50; ++round) {
      std::string bytes;
      for (int i = 0; i < 200; ++i) bytes.push_back(alphabet[rng() % alphabet.size()]);
      std::uint64_t whole_invalid = 0;
      const std::string whole = DecodeAll(encoding, bytes, &whole_invalid);
      std::vector<std::size_t> cuts;
      for (std::size_t at = rng() % 5; at < bytes.size(); at += rng() % 7) cuts.push_back(at);
      CHECK(DecodePieces(&decoder, encoding, bytes, cuts) == whole);
      CHECK(decoder.invalid_bytes() == whole_invalid);
    }
  }
}

TEST_CASE("Long text in big pieces decodes as in one piece", "[scanner][text_decoder]") {
  // ASCII runs of every length around the fast path's threshold, between
  // Japanese characters, and pieces of awkward sizes.
  std::string text;
  for (int i = 0; text.size() < 200000; ++i) {
    text += std::string(i % 40, '0' + i % 10) + "山田ﾀﾛｳ，１２－" + std::to_string(i) + ",\r\n";
  }
  const std::vector<std::pair<const char*, TextEncoding>> encodings = {
      {"CP932", TextEncoding::kCp932},
      {"EUC-JP-MS", TextEncoding::kEucJp},
      {"UTF-16LE", TextEncoding::kUtf16Le},
      {"UTF-16BE", TextEncoding::kUtf16Be},
      {"ISO-2022-JP-3", TextEncoding::kIso2022Jp},
      {"UTF-8", TextEncoding::kUtf8}};
  for (const auto& [name, encoding] : encodings) {
    INFO(name);
    // JIS X 0208 has no U+FF0D: its minus sign reads as U+FF0D.
    std::string source = text;
    if (encoding == TextEncoding::kIso2022Jp) {
      for (std::size_t at; (at = source.find("－")) != std::string::npos;) {
        source.replace(at, 3, "−");
      }
    }
    const std::string bytes = Encode(source, name);
    CHECK(DetectEncoding(bytes, true).encoding == encoding);
    CHECK(DecodeAll(encoding, bytes) == text);
    TextDecoder decoder;
    std::vector<std::size_t> cuts;
    for (std::size_t at = 4093; at < bytes.size(); at += 4093 + at % 7) cuts.push_back(at);
    CHECK(DecodePieces(&decoder, encoding, bytes, cuts) == text);
  }
}

TEST_CASE("Invalid bytes become U+FFFD and are counted", "[scanner][text_decoder]") {
  std::uint64_t invalid = 0;
  // CP932: a lead byte before an ASCII byte; a byte CP932 does not map; a
  // well-formed pair it does not map (both bytes, so its trail byte 40 is
  // not read as '@').
  CHECK(DecodeAll(TextEncoding::kCp932, "A\x81 B", &invalid) == "A" + kFffd + " B");
  CHECK(invalid == 1);
  CHECK(DecodeAll(TextEncoding::kCp932,
                  "1\xFD"
                  "2",
                  &invalid) == "1" + kFffd + "2");
  CHECK(invalid == 1);
  CHECK(DecodeAll(TextEncoding::kCp932, "\x85\x40\x82\xA0", &invalid) == kFffd + kFffd + "あ");
  CHECK(invalid == 2);
  // EUC-JP: a lone lead byte; bytes that start nothing (C1, FF).
  CHECK(DecodeAll(TextEncoding::kEucJp,
                  "\xA4"
                  "1\xFF\x90\xA4\xA2",
                  &invalid) == kFffd + "1" + kFffd + kFffd + "あ");
  CHECK(invalid == 3);
  // UTF-8 passthrough: one U+FFFD per byte of a broken sequence.
  CHECK(DecodeAll(TextEncoding::kUtf8,
                  "a\xE3\x81"
                  "b\xFF\xE3\x81\x82",
                  &invalid) == "a" + kFffd + kFffd + "b" + kFffd + "あ");
  CHECK(invalid == 3);
  CHECK(DecodeAll(TextEncoding::kUtf8, kUtf8Text, &invalid) == kUtf8Text);
  CHECK(invalid == 0);
  // UTF-16: unpaired surrogates (one U+FFFD for two bytes), a pair.
  CHECK(DecodeAll(TextEncoding::kUtf16Le,
                  std::string("a\0\x00\xD8"
                              "b\0\x00\xDC",
                              8),
                  &invalid) == "a" + kFffd + "b" + kFffd);
  CHECK(invalid == 4);
  CHECK(DecodeAll(TextEncoding::kUtf16Le, std::string("\x40\xD8\x0B\xDC", 4)) == "𠀋");
  // ISO-2022-JP: an unknown escape, an 8-bit byte, a byte outside 21-7E in
  // a kanji stretch.
  CHECK(DecodeAll(TextEncoding::kIso2022Jp, "\x1B$Ax\xA4y\x1B$B;\x80;3\x1B(B", &invalid) ==
        kFffd + "$Ax" + kFffd + "y" + kFffd + kFffd + "山");
  CHECK(invalid == 4);
}

TEST_CASE("The end of input flushes an incomplete character", "[scanner][text_decoder]") {
  struct Case {
    TextEncoding encoding;
    std::string bytes;
    std::string text;      // what comes out before the end
    std::size_t replaced;  // invalid bytes at the end
    std::string flushed;   // what the end adds
  };
  const std::vector<Case> cases = {
      {TextEncoding::kUtf8, "ab\xE3\x81", "ab", 2, kFffd + kFffd},
      {TextEncoding::kCp932, "ab\x82", "ab", 1, kFffd},
      {TextEncoding::kEucJp, "ab\x8F\xB0", "ab", 2, kFffd + kFffd},
      {TextEncoding::kUtf16Le, std::string("a\0b", 3), "a", 1, kFffd},
      {TextEncoding::kUtf16Be, std::string("\0a\xD8\x40", 4), "a", 2, kFffd},  // one per unit
      {TextEncoding::kIso2022Jp, "ab\x1B$", "ab", 2, kFffd + kFffd},
      {TextEncoding::kIso2022Jp, "ab\x1B$B;", "ab", 1, kFffd},
  };
  for (const Case& c : cases) {
    INFO(TextEncodingName(c.encoding) << " " << c.bytes.size());
    TextDecoder decoder;
    REQUIRE(decoder.Reset(c.encoding).ok());
    std::string out;
    decoder.Decode(c.bytes, false, &out);
    CHECK(out == c.text);
    CHECK(decoder.invalid_bytes() == 0);  // held back, not yet judged
    decoder.Decode("", true, &out);
    CHECK(out == c.text + c.flushed);
    CHECK(decoder.invalid_bytes() == c.replaced);
  }
}

TEST_CASE("ISO-2022-JP keeps its shift state across inputs", "[scanner][text_decoder]") {
  TextDecoder decoder;
  REQUIRE(decoder.Reset(TextEncoding::kIso2022Jp).ok());
  std::string out;
  decoder.Decode("x\x1B$", false, &out);  // cut inside the escape sequence
  decoder.Decode("B;3", false, &out);     // in the kanji set now
  decoder.Decode("ED", false, &out);      // still
  decoder.Decode("\x1B(", false, &out);
  decoder.Decode("B12", true, &out);
  CHECK(out == "x山田12");
  CHECK(decoder.invalid_bytes() == 0);

  // Reset forgets the shift state, the carried bytes and the count.
  decoder.Decode("\x1B$B;", false, &out);
  REQUIRE(decoder.Reset(TextEncoding::kIso2022Jp).ok());
  out.clear();
  decoder.Decode("3E", true, &out);
  CHECK(out == "3E");
}

TEST_CASE("Reset clears carried bytes and counts between files", "[scanner][text_decoder]") {
  TextDecoder decoder;
  REQUIRE(decoder.Reset(TextEncoding::kCp932).ok());
  std::string out;
  decoder.Decode("\xFD\x82", false, &out);  // invalid byte, then a cut lead byte
  CHECK(decoder.invalid_bytes() == 1);
  REQUIRE(decoder.Reset(TextEncoding::kEucJp).ok());
  CHECK(decoder.invalid_bytes() == 0);
  out.clear();
  decoder.Decode("\xA4\xA2", true, &out);
  CHECK(out == "あ");
  // A decoder never reset reads UTF-8.
  TextDecoder fresh;
  out.clear();
  fresh.Decode("山", true, &out);
  CHECK(out == "山");
}

}  // namespace mamori
