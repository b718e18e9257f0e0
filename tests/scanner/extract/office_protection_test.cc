// Protection of legacy Office files and encrypted OOXML: the fixtures of
// tests/fixtures/protected/office/ (tests/fixtures/make_protected_office.sh:
// LibreOffice and officecrypto-tool; make_velvet_office.sh: the XOR ones,
// checked with officecrypto-tool and LibreOffice), and RC4 CryptoAPI and XOR workbooks
// built here, encrypted by a key schedule written out from [MS-OFFCRYPTO]
// 2.3.5.2 independently of scanner/extract/office_crypto.cc.
#include <openssl/evp.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cfb_testing.h"
#include "recording_sink.h"
#include "scanner/extract/extractors.h"
#include "scanner/extract/office_crypto.h"
#include "scanner/extract/xls_extract.h"
#include "scanner/extract/xor_obfuscation.h"
#include "tests/test_util.h"

namespace mamori {

namespace {

using testing::RecordingSink;

// A root context that records protection (RecordingContext does not pass
// its `protection` to the context).
struct ProtContext {
  bool HasError(std::string_view reason) const {
    for (const auto& e : errors) {
      if (e.reason == reason) return true;
    }
    return false;
  }
  std::string ErrorText() const {
    std::string out;
    for (const auto& e : errors) out += e.reason + ": " + e.message + "\n";
    return out;
  }
  ExtractLimits limits;
  RecordingSink sink;
  std::vector<ScanError> errors;
  bool incomplete = false;
  Protection protection;
  ExtractContext ctx{limits, &sink, &errors, &incomplete, &protection};
};

std::string Fixture(std::string_view dir, std::string_view name) {
  return testing::ReadFile(std::string(MAMORI_SOURCE_DIR) + "/tests/fixtures/" + std::string(dir) +
                           "/" + std::string(name));
}

std::string U16(std::uint16_t v) {
  return {static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)};
}
std::string U32(std::uint32_t v) { return U16(v & 0xFFFF) + U16(v >> 16); }
std::string Rec(std::uint16_t type, const std::string& data) {
  return U16(type) + U16(static_cast<std::uint16_t>(data.size())) + data;
}
std::string Utf16(std::u16string_view s) {
  std::string out;
  for (char16_t c : s) out += U16(c);
  return out;
}
// A LABEL cell holding UTF-16 text.
std::string Label(std::uint16_t row, std::uint16_t col, std::u16string_view text) {
  return Rec(0x0204, U16(row) + U16(col) + U16(0) + U16(static_cast<std::uint16_t>(text.size())) +
                         "\x01" + Utf16(text));
}

// A BIFF8 workbook of one sheet: a 氏名 / 個人番号 table of `rows` rows,
// long enough to run over several 1024-byte blocks; `filepass` (when not
// empty) is the data of a FILEPASS record right after the globals' BOF.
// *bound_data is where the BoundSheet8's data starts.
std::string Workbook(const std::string& filepass, int rows, std::size_t* bound_data) {
  const std::string bof_globals = Rec(0x0809, U16(0x0600) + U16(0x0005) + std::string(12, '\0'));
  std::string globals = bof_globals;
  if (!filepass.empty()) globals += Rec(0x002F, filepass);
  *bound_data = globals.size() + 4;
  // BoundSheet8: lbPlyPos, visible worksheet, then the name (cch, UTF-16).
  const std::string rest = std::string(2, '\0') + '\x02' + '\x01' + Utf16(u"名簿");
  const std::size_t sheet_pos = globals.size() + 4 + 4 + rest.size() + 4;  // then EOF
  globals += Rec(0x0085, U32(static_cast<std::uint32_t>(sheet_pos)) + rest);
  globals += Rec(0x000A, "");
  REQUIRE(globals.size() == sheet_pos);
  std::string sheet = Rec(0x0809, U16(0x0600) + U16(0x0010) + std::string(12, '\0'));
  sheet += Label(0, 0, u"氏名") + Label(0, 1, u"個人番号");
  const std::u16string numbers[] = {u"123456789018", u"621498320257", u"111111111118"};
  for (int r = 1; r <= rows; ++r) {
    sheet += Label(r, 0, u"山田太郎") + Label(r, 1, numbers[r % 3]);
  }
  sheet += Rec(0x000A, "");
  return globals + sheet;
}

std::string Sha1(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  REQUIRE(EVP_Digest(data.data(), data.size(), md, &len, EVP_sha1(), nullptr) == 1);
  return std::string(reinterpret_cast<char*>(md), len);
}

// RC4 CryptoAPI key for `block` ([MS-OFFCRYPTO] 2.3.5.2): SHA-1 of the
// salted password hash and the block number, cut to the key length; 40-bit
// keys are zero-padded to 128 bits.
std::string CryptoApiKey(const std::string& salt, std::u16string_view password, int bits,
                         std::uint32_t block) {
  const std::string h0 = Sha1(salt + Utf16(password));
  std::string key = Sha1(h0 + U32(block)).substr(0, bits / 8);
  if (bits == 40) key += std::string(11, '\0');
  return key;
}

// An RC4 CryptoAPI encryption header ([MS-OFFCRYPTO] 2.3.5.1: version,
// flags, EncryptionHeader, EncryptionVerifier) for `password`.
std::string CryptoApiHeader(const std::string& salt, std::u16string_view password, int bits) {
  std::string verifier = "fedcba9876543210";
  std::string verifier_hash = Sha1(verifier);
  Rc4 rc4(CryptoApiKey(salt, password, bits, 0));
  rc4.Apply(verifier.data(), verifier.size());
  rc4.Apply(verifier_hash.data(), verifier_hash.size());
  const std::string csp = Utf16(u"Microsoft Enhanced Cryptographic Provider v1.0") + U16(0);
  const std::string header =
      U32(0x04) + U32(0) + U32(0x6801) + U32(0x8004) + U32(bits) + U32(1) + U32(0) + U32(0) + csp;
  return U16(4) + U16(2) + U32(0x04) + U32(static_cast<std::uint32_t>(header.size())) + header +
         U32(16) + salt + verifier + U32(20) + verifier_hash;
}

// `Workbook` encrypted with RC4 CryptoAPI under `password`.
std::string CryptoApiWorkbook(std::u16string_view password, int bits, int rows) {
  const std::string salt = "0123456789abcdef";
  const std::string filepass = U16(1) + CryptoApiHeader(salt, password, bits);
  std::size_t bound_data = 0;
  std::string plain = Workbook(filepass, rows, &bound_data);
  // The whole key stream, block by block, then applied where the spec says.
  std::string keys(plain.size(), '\0');
  for (std::size_t b = 0; b * 1024 < keys.size(); ++b) {
    Rc4 block(CryptoApiKey(salt, password, bits, static_cast<std::uint32_t>(b)));
    block.Apply(keys.data() + b * 1024, std::min<std::size_t>(1024, keys.size() - b * 1024));
  }
  std::string out = plain;
  std::size_t pos = 0;
  while (pos + 4 <= plain.size()) {
    const std::uint16_t type =
        static_cast<std::uint8_t>(plain[pos]) | static_cast<std::uint8_t>(plain[pos + 1]) << 8;
    const std::size_t size =
        static_cast<std::uint8_t>(plain[pos + 2]) | static_cast<std::uint8_t>(plain[pos + 3]) << 8;
    std::size_t from = pos + 4;
    if (type == 0x0085) from += 4;  // lbPlyPos stays clear
    if (type != 0x0809 && type != 0x002F) {
      for (std::size_t k = from; k < pos + 4 + size; ++k) out[k] ^= keys[k];
    }
    pos += 4 + size;
  }
  REQUIRE(pos == plain.size());
  return out;
}

const testing::RecordedPart& OnlyPart(const ProtContext& pc) {
  REQUIRE(pc.sink.parts.size() == 1);
  return pc.sink.parts[0];
}

}  // namespace

TEST_CASE("RC4 matches the published test vectors", "[extract][protection]") {
  std::string data = "Plaintext";
  Rc4("Key").Apply(data.data(), data.size());
  CHECK(data == "\xBB\xF3\x16\xE8\xD9\x40\xAF\x0A\xD3");
  data = "Attack at dawn";
  Rc4 rc4("Secret");
  rc4.Skip(0);
  rc4.Apply(data.data(), data.size());
  CHECK(data == "\x45\xA0\x1F\x64\x5F\xC3\x5B\x38\x35\x52\x54\x4B\x9B\xF5");
}

TEST_CASE("xls under the default password VelvetSweatshop is read", "[extract][protection]") {
  ProtContext pc;
  ExtractCfb(Fixture("protected/office", "velvet.xls"), pc.ctx);
  INFO(pc.ErrorText());
  // LibreOffice writes Office binary RC4 (version 1.1), not CryptoAPI.
  CHECK(pc.protection.scheme == "xls-rc4");
  CHECK_FALSE(pc.protection.encrypted);
  CHECK_FALSE(pc.HasError("encrypted-member"));
  CHECK(pc.errors.empty());
  const auto& part = OnlyPart(pc);
  CHECK(part.text.find("sheet: 名簿\n") != std::string::npos);
  CHECK(part.text.find("氏名\t個人番号\n山田太郎\t123456789018\n佐藤花子\t621498320257") !=
        std::string::npos);
  CHECK(part.segments.back().first == '\t');
}

TEST_CASE("xls with a password is encrypted and gives no text", "[extract][protection]") {
  ProtContext pc;
  ExtractCfb(Fixture("protected/office", "secret.xls"), pc.ctx);
  CHECK(pc.protection.scheme == "xls-rc4");
  CHECK(pc.protection.encrypted);
  CHECK(pc.HasError("encrypted-member"));
  CHECK(pc.incomplete);
  CHECK(pc.sink.AllText().find("個人番号") == std::string::npos);
  CHECK(pc.sink.AllText().find("123456789018") == std::string::npos);
  CHECK(OnlyPart(pc).text.empty());
}

TEST_CASE("xls RC4 CryptoAPI: default password read, others not", "[extract][protection]") {
  for (int bits : {40, 128}) {
    INFO("key bits " << bits);
    ProtContext velvet;
    ExtractXlsWorkbook(CryptoApiWorkbook(u"VelvetSweatshop", bits, 120), velvet.ctx);
    INFO(velvet.ErrorText());
    CHECK(velvet.protection.scheme == "xls-rc4-cryptoapi");
    CHECK_FALSE(velvet.protection.encrypted);
    CHECK(velvet.errors.empty());
    const std::string& text = OnlyPart(velvet).text;
    CHECK(text.starts_with("sheet: 名簿\n氏名\t個人番号\n山田太郎\t621498320257\n"));
    // Rows past the first 1024-byte blocks decrypt too.
    CHECK(text.ends_with("山田太郎\t111111111118\n山田太郎\t123456789018\n"));

    ProtContext secret;
    ExtractXlsWorkbook(CryptoApiWorkbook(u"secret", bits, 10), secret.ctx);
    CHECK(secret.protection.scheme == "xls-rc4-cryptoapi");
    CHECK(secret.protection.encrypted);
    CHECK(secret.HasError("encrypted-member"));
    CHECK(OnlyPart(secret).text.empty());
  }
}

TEST_CASE("XOR obfuscation method 1 matches an Excel-written workbook", "[extract][protection]") {
  // FILEPASS of a workbook Excel saved with XOR obfuscation under
  // "123456789012345", and 7 bytes of its BoundSheet8 (data of 11 bytes, the
  // span after lbPlyPos at stream offset 1378), as published with the test
  // files of msoffcrypto-tool and archive readers that check against them.
  CHECK(XorKeyMethod1(u"123456789012345") == 0x8265);
  CHECK(XorPasswordVerifier(u"123456789012345") == 0x9EB1);
  std::string span = "\x5b\x28\xfc\x2a\xde\x6d\x5d";
  XorDecodeMethod1(XorArrayMethod1(u"123456789012345"), (1378 + 11) % 16, span.data(), span.size());
  CHECK(span == std::string("\0\0\x03\0", 4) + "420");
  // The default password's verifier, as other readers state it.
  CHECK(XorPasswordVerifier(kExcelDefaultPassword) == 0x9A0A);
  // [MS-OFFCRYPTO] 2.3.7.1 folds the bytes in from the end; a one-character
  // password gives ((c << 1) | 0) ^ 1 ^ 0xCE4B.
  CHECK(XorPasswordVerifier(u"a") == ((('a' << 1) ^ 1) ^ 0xCE4B));
  // Passwords method 1 cannot take.
  CHECK(XorKeyMethod1(u"") == 0);
  CHECK(XorKeyMethod1(u"0123456789abcdef") == 0);
  // Encoding and decoding are inverse for every length and start index.
  for (std::u16string_view pw : {u"a", u"ab", u"secret", u"VelvetSweatshop"}) {
    const XorArray array = XorArrayMethod1(pw);
    std::string data;
    for (int i = 0; i < 256; ++i) data.push_back(static_cast<char>(i));
    std::string round = data;
    XorEncodeMethod1(array, 7, round.data(), round.size());
    CHECK(round != data);
    XorDecodeMethod1(array, 7, round.data(), round.size());
    CHECK(round == data);
  }
}

TEST_CASE("xls XOR-obfuscated under VelvetSweatshop is read", "[extract][protection]") {
  ProtContext pc;
  ExtractCfb(Fixture("protected/office", "velvet_xor.xls"), pc.ctx);
  INFO(pc.ErrorText());
  CHECK(pc.protection.scheme == "xls-xor");
  CHECK_FALSE(pc.protection.encrypted);
  CHECK(pc.errors.empty());
  CHECK_FALSE(pc.incomplete);
  const auto& part = OnlyPart(pc);
  CHECK(part.text.find("sheet: 名簿\n") != std::string::npos);
  CHECK(part.text.find("氏名\t個人番号\n山田太郎\t123456789018\n佐藤花子\t621498320257") !=
        std::string::npos);
}

TEST_CASE("xls XOR-obfuscated with a password is encrypted", "[extract][protection]") {
  ProtContext pc;
  ExtractCfb(Fixture("protected/office", "secret_xor.xls"), pc.ctx);
  CHECK(pc.protection.scheme == "xls-xor");
  CHECK(pc.protection.encrypted);
  CHECK(pc.HasError("encrypted-member"));
  CHECK(pc.incomplete);
  CHECK(pc.sink.AllText().find("個人番号") == std::string::npos);
  CHECK(OnlyPart(pc).text.empty());
}

namespace {

// `Workbook` XOR-obfuscated under `password` the way [MS-XLS] 2.2.10 says,
// with `key` and `verifier` in its FILEPASS.
std::string XorWorkbook(std::u16string_view password, std::uint16_t key, std::uint16_t verifier,
                        int rows) {
  std::size_t bound_data = 0;
  std::string out = Workbook(U16(0) + U16(key) + U16(verifier), rows, &bound_data);
  const XorArray array = XorArrayMethod1(password);
  std::size_t pos = 0;
  while (pos + 4 <= out.size()) {
    const std::uint16_t type =
        static_cast<std::uint8_t>(out[pos]) | static_cast<std::uint8_t>(out[pos + 1]) << 8;
    const std::size_t size =
        static_cast<std::uint8_t>(out[pos + 2]) | static_cast<std::uint8_t>(out[pos + 3]) << 8;
    const std::size_t from = pos + 4 + (type == 0x0085 ? 4 : 0);
    if (type != 0x0809 && type != 0x002F && from < pos + 4 + size) {
      XorEncodeMethod1(array, (from + size) % 16, out.data() + from, pos + 4 + size - from);
    }
    pos += 4 + size;
  }
  REQUIRE(pos == out.size());
  return out;
}

}  // namespace

TEST_CASE("xls XOR: the key and the verifier must both match", "[extract][protection]") {
  const std::u16string_view velvet = kExcelDefaultPassword;
  const std::uint16_t key = XorKeyMethod1(velvet), verifier = XorPasswordVerifier(velvet);
  {
    ProtContext pc;
    ExtractXlsWorkbook(XorWorkbook(velvet, key, verifier, 200), pc.ctx);
    INFO(pc.ErrorText());
    CHECK(pc.protection.scheme == "xls-xor");
    CHECK_FALSE(pc.protection.encrypted);
    CHECK(pc.errors.empty());
    const std::string& text = OnlyPart(pc).text;
    CHECK(text.starts_with("sheet: 名簿\n氏名\t個人番号\n山田太郎\t621498320257\n"));
    CHECK(text.ends_with("山田太郎\t621498320257\n山田太郎\t111111111118\n"));
  }
  for (const auto& [k, v] : {std::pair{key, static_cast<std::uint16_t>(verifier ^ 1)},
                             std::pair{static_cast<std::uint16_t>(key ^ 0x100), verifier}}) {
    ProtContext pc;
    ExtractXlsWorkbook(XorWorkbook(velvet, k, v, 3), pc.ctx);
    CHECK(pc.protection.encrypted);
    CHECK(pc.HasError("encrypted-member"));
    CHECK(OnlyPart(pc).text.empty());
  }
  // A FILEPASS cut short after wEncryptionType.
  std::size_t bound = 0;
  ProtContext pc;
  ExtractXlsWorkbook(Workbook(U16(0) + U16(key), 3, &bound), pc.ctx);
  CHECK(pc.protection.scheme == "xls-xor");
  CHECK(pc.protection.encrypted);
  CHECK(pc.HasError("encrypted-member"));
}

TEST_CASE("xls FILEPASS cut short or of an unknown version", "[extract][protection]") {
  std::size_t bound = 0;
  for (const std::string& filepass :
       {U16(1), U16(1) + U16(1) + U16(1) + std::string(10, 'x'), U16(1) + U16(9) + U16(9),
        U16(1) + U16(4) + U16(2) + U32(4) + U32(0xFFFFFFF0)}) {
    ProtContext pc;
    ExtractXlsWorkbook(Workbook(filepass, 3, &bound), pc.ctx);
    CHECK(pc.protection.encrypted);
    CHECK(pc.protection.scheme.starts_with("xls-rc4"));
    CHECK(pc.HasError("encrypted-member"));
    CHECK(OnlyPart(pc).text.empty());
  }
}

TEST_CASE("doc with a password is encrypted", "[extract][protection]") {
  ProtContext pc;
  ExtractCfb(Fixture("protected/office", "secret.doc"), pc.ctx);
  CHECK(pc.protection.scheme == "doc-rc4");
  CHECK(pc.protection.encrypted);
  CHECK(pc.HasError("encrypted-member"));
  CHECK(pc.sink.parts.empty());
}

TEST_CASE("doc: RC4 CryptoAPI and XOR obfuscation are told apart", "[extract][protection]") {
  using namespace testing;
  const std::string sample = CfbFixture("sample.doc");
  const std::size_t word =
      SectorOffset(GetLe32(sample, DirEntryOffset(sample, EntryId(sample, "WordDocument")) + 116));
  const std::size_t table =
      SectorOffset(GetLe32(sample, DirEntryOffset(sample, EntryId(sample, "1Table")) + 116));
  {
    std::string doc = sample;
    doc[word + 0x0B] |= 0x01;  // fEncrypted
    const std::string header = CryptoApiHeader("0123456789abcdef", u"secret", 128);
    REQUIRE(header.size() < 512);
    doc.replace(table, header.size(), header);
    ProtContext pc;
    ExtractCfb(doc, pc.ctx);
    CHECK(pc.protection.scheme == "doc-rc4-cryptoapi");
    CHECK(pc.protection.encrypted);
    REQUIRE(pc.errors.size() == 1);
    CHECK(pc.errors[0].message.find("RC4 CryptoAPI 128-bit") != std::string::npos);
    CHECK(pc.sink.parts.empty());
  }
  {
    std::string doc = sample;
    doc[word + 0x0B] |= static_cast<char>(0x81);  // fEncrypted, fObfuscated
    ProtContext pc;
    ExtractCfb(doc, pc.ctx);
    CHECK(pc.protection.scheme == "doc-xor");
    CHECK(pc.protection.encrypted);
    CHECK(pc.HasError("encrypted-member"));
    CHECK(pc.sink.parts.empty());
  }
}

TEST_CASE("ppt: an encrypted Current User token is ppt-rc4-cryptoapi", "[extract][protection]") {
  std::string ppt = testing::CfbFixture("sample.ppt");
  const std::size_t token = ppt.find("\x5F\xC0\x91\xE3");
  REQUIRE(token != std::string::npos);
  ppt.replace(token, 4, "\xDF\xC4\xD1\xF3");
  // A CryptSession10Container over the stream's first records.
  using namespace testing;
  const std::string header = CryptoApiHeader("0123456789abcdef", u"secret", 128);
  const std::string session =
      U16(0x0F) + U16(0x2F14) + U32(static_cast<std::uint32_t>(header.size())) + header;
  REQUIRE(session.size() < 512);
  const std::size_t stream =
      SectorOffset(GetLe32(ppt, DirEntryOffset(ppt, EntryId(ppt, "PowerPoint Document")) + 116));
  ppt.replace(stream, session.size(), session);
  ProtContext pc;
  ExtractCfb(ppt, pc.ctx);
  CHECK(pc.protection.scheme == "ppt-rc4-cryptoapi");
  CHECK(pc.protection.encrypted);
  REQUIRE(pc.errors.size() == 1);
  CHECK(pc.errors[0].reason == "encrypted-member");
  CHECK(pc.errors[0].message.find("RC4 CryptoAPI 128-bit") != std::string::npos);
  CHECK(pc.sink.parts.empty());
}

TEST_CASE("encrypted OOXML names Agile or Standard and the cipher", "[extract][protection]") {
  struct Case {
    const char* file;
    const char* scheme;
    const char* strength;
  };
  for (const Case& c : {Case{"agile.xlsx", "ooxml-agile", "Agile encryption, AES-256"},
                        Case{"standard.xlsx", "ooxml-standard", "Standard encryption, AES-128"}}) {
    INFO(c.file);
    ProtContext pc;
    ExtractCfb(Fixture("protected/office", c.file), pc.ctx);
    CHECK(pc.protection.scheme == c.scheme);
    CHECK(pc.protection.encrypted);
    REQUIRE(pc.errors.size() == 1);
    CHECK(pc.errors[0].reason == "encrypted-member");
    CHECK(pc.errors[0].message.find(c.strength) != std::string::npos);
    CHECK(pc.sink.parts.empty());
  }
}

TEST_CASE("EncryptionInfo versions and damage", "[extract][protection]") {
  OoxmlEncryption enc;
  CHECK_FALSE(ParseOoxmlEncryptionInfo("", &enc));
  CHECK_FALSE(ParseOoxmlEncryptionInfo(U16(9) + U16(9) + U32(0), &enc));
  CHECK(enc.major == 9);
  // Standard with the header cut short: the scheme, no strength.
  CHECK_FALSE(ParseOoxmlEncryptionInfo(U16(3) + U16(2) + U32(0x24) + U32(200), &enc));
  CHECK(enc.scheme == "ooxml-standard");
  CHECK(enc.strength.empty());
  // Agile whose XML has a prefixed keyData and single quotes.
  CHECK(ParseOoxmlEncryptionInfo(U16(4) + U16(4) + U32(0x40) +
                                     "<e:encryption><e:keyData keyBits='192' "
                                     "cipherAlgorithm='AES'/></e:encryption>",
                                 &enc));
  CHECK(enc.scheme == "ooxml-agile");
  CHECK(enc.strength == "AES-192");
  // Text repeating the element's name stays cheap.
  std::string noise = U16(4) + U16(4) + U32(0x40);
  for (int i = 0; i < 200000; ++i) noise += "xkeyData";
  CHECK(ParseOoxmlEncryptionInfo(noise, &enc));
  CHECK(enc.strength.empty());
  // Agile without XML: still Agile.
  CHECK(ParseOoxmlEncryptionInfo(U16(4) + U16(4) + U32(0x40), &enc));
  CHECK(enc.strength.empty());
}

TEST_CASE("plain Office files record no protection", "[extract][protection]") {
  for (const auto& [dir, name] : std::vector<std::pair<const char*, const char*>>{
           {"xls", "employees.xls"}, {"cfb", "sample.doc"}, {"cfb", "sample.ppt"}}) {
    INFO(name);
    ProtContext pc;
    ExtractCfb(Fixture(dir, name), pc.ctx);
    CHECK(pc.protection.scheme.empty());
    CHECK_FALSE(pc.protection.encrypted);
    CHECK_FALSE(pc.HasError("encrypted-member"));
    CHECK_FALSE(pc.sink.parts.empty());
  }
}

TEST_CASE("a protected member is listed as one", "[extract][protection]") {
  ProtContext pc;
  ExtractContext child = pc.ctx.Child("inner/secret.xls");
  ExtractCfb(Fixture("protected/office", "secret.xls"), child);
  CHECK(pc.protection.scheme.empty());
  REQUIRE(pc.protection.members.size() == 1);
  CHECK(pc.protection.members[0].member == "inner/secret.xls");
  CHECK(pc.protection.members[0].scheme == "xls-rc4");
  CHECK(pc.protection.members[0].encrypted);
}

TEST_CASE("damaged protected files never crash", "[extract][protection]") {
  std::vector<std::string> inputs;
  for (const char* name : {"velvet.xls", "secret.xls", "secret.doc", "agile.xlsx", "standard.xlsx",
                           "velvet_xor.xls", "secret_xor.xls"}) {
    inputs.push_back(Fixture("protected/office", name));
  }
  const std::string workbook = CryptoApiWorkbook(u"VelvetSweatshop", 40, 40);
  const std::string xor_workbook =
      XorWorkbook(kExcelDefaultPassword, XorKeyMethod1(kExcelDefaultPassword),
                  XorPasswordVerifier(kExcelDefaultPassword), 40);
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245 + 12345; };
  for (const std::string& input : inputs) {
    for (int round = 0; round < 60; ++round) {
      std::string d = input;
      if (round % 3 == 0) {
        d.resize(next() % d.size());
      } else {
        for (int k = 0; k < 8; ++k) d[next() % d.size()] = static_cast<char>(next() >> 16);
      }
      ProtContext pc;
      ExtractCfb(d, pc.ctx);
    }
  }
  for (int round = 0; round < 400; ++round) {
    std::string d = round % 2 ? workbook : xor_workbook;
    if (round % 3 == 0) {
      d.resize(next() % d.size());
    } else {
      // Mostly the FILEPASS record and the first blocks.
      for (int k = 0; k < 4; ++k) d[next() % std::min<std::size_t>(d.size(), 400)] ^= 0x5A;
    }
    ProtContext pc;
    ExtractXlsWorkbook(d, pc.ctx);
    CHECK(pc.sink.parts.size() == 1);
  }
}

}  // namespace mamori
