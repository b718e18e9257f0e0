// Encrypted OOXML under Excel's default password "VelvetSweatshop": the
// fixtures of tests/fixtures/protected/office/ made by officecrypto-tool
// (tests/fixtures/make_velvet_office.sh, which checks them with
// msoffcrypto-tool too), read through ExtractCfb as the file itself, and
// their EncryptionInfo / EncryptedPackage damaged in place.
#include "scanner/extract/ooxml_decrypt.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "cfb_testing.h"
#include "mamori/check_digits.h"
#include "recording_sink.h"
#include "scanner/extract/cfb_reader.h"
#include "scanner/extract/extractors.h"
#include "scanner/extract/office_crypto.h"
#include "tests/test_util.h"

namespace mamori {

namespace {

using testing::RecordingContext;

std::string Office(std::string_view name) {
  return testing::ReadFile(std::string(MAMORI_SOURCE_DIR) + "/tests/fixtures/protected/office/" +
                           std::string(name));
}

std::string ErrorText(const RecordingContext& rc) {
  std::string out;
  for (const auto& e : rc.errors) out += e.reason + ": " + e.message + "\n";
  return out;
}

// Stream `name` of the fixture's root storage.
std::string Stream(const std::string& file, std::string_view name) {
  RecordingContext rc;
  CfbReader cfb;
  REQUIRE(cfb.Open(file, rc.ctx));
  std::string out;
  REQUIRE(cfb.ReadChild(CfbReader::kRootId, name, rc.ctx, &out));
  return out;
}

// `file` with `from` replaced by `to` (of the same length) where it lies.
std::string Patched(std::string file, std::string_view from, std::string_view to) {
  REQUIRE(from.size() == to.size());
  const std::size_t at = file.find(from);
  REQUIRE(at != std::string::npos);
  file.replace(at, from.size(), to);
  return file;
}

}  // namespace

TEST_CASE("OOXML under VelvetSweatshop is decrypted and read", "[extract][protection][velvet]") {
  struct Case {
    const char* file;
    const char* scheme;
    const char* format;
  };
  for (const Case& c : {Case{"velvet_agile.xlsx", "ooxml-agile", "xlsx"},
                        Case{"velvet_standard.xlsx", "ooxml-standard", "xlsx"},
                        Case{"velvet_agile.docx", "ooxml-agile", "docx"}}) {
    INFO(c.file);
    RecordingContext rc;
    ExtractCfb(Office(c.file), rc.ctx);
    INFO(ErrorText(rc));
    CHECK(rc.protection.scheme == c.scheme);
    CHECK_FALSE(rc.protection.encrypted);
    CHECK(rc.protection.members.empty());
    CHECK(rc.errors.empty());
    CHECK_FALSE(rc.incomplete);
    REQUIRE_FALSE(rc.sink.parts.empty());
    // The text is the file's own (member ""), as if it were not encrypted.
    CHECK(rc.sink.parts[0].member.empty());
    CHECK(rc.sink.parts[0].format == c.format);
    const std::string text = rc.sink.AllText();
    CHECK(text.find("個人番号") != std::string::npos);
    CHECK(text.find("621498320257") != std::string::npos);
    CHECK(MyNumberValid("621498320257"));
  }
  // The table comes out as a table.
  RecordingContext rc;
  ExtractCfb(Office("velvet_agile.xlsx"), rc.ctx);
  CHECK(rc.sink.AllText().find("氏名\t個人番号\n山田太郎\t123456789018\n佐藤花子\t621498320257") !=
        std::string::npos);
}

TEST_CASE("OOXML verifier: only the document's password opens it",
          "[extract][protection][velvet]") {
  for (const char* name : {"velvet_agile.xlsx", "velvet_standard.xlsx"}) {
    INFO(name);
    const std::string info = Stream(Office(name), "EncryptionInfo");
    RecordingContext rc;
    OoxmlDecryptor velvet;
    CHECK(velvet.Open(info, kExcelDefaultPassword, rc.ctx) == OoxmlKeyStatus::kOpened);
    OoxmlDecryptor wrong;
    CHECK(wrong.Open(info, u"secret", rc.ctx) == OoxmlKeyStatus::kWrongPassword);
    CHECK(wrong.why().find("verifier") != std::string::npos);
  }
  // The older fixtures are under "secret".
  for (const char* name : {"agile.xlsx", "standard.xlsx"}) {
    INFO(name);
    const std::string info = Stream(Office(name), "EncryptionInfo");
    RecordingContext rc;
    OoxmlDecryptor secret;
    CHECK(secret.Open(info, u"secret", rc.ctx) == OoxmlKeyStatus::kOpened);
    OoxmlDecryptor velvet;
    CHECK(velvet.Open(info, kExcelDefaultPassword, rc.ctx) == OoxmlKeyStatus::kWrongPassword);
  }
}

TEST_CASE("OOXML: a package cut short or with a bad size", "[extract][protection][velvet]") {
  for (const char* name : {"velvet_agile.xlsx", "velvet_standard.xlsx"}) {
    INFO(name);
    const std::string file = Office(name);
    const std::string info = Stream(file, "EncryptionInfo");
    const std::string package = Stream(file, "EncryptedPackage");
    REQUIRE(package.size() > 4096 + 8);
    RecordingContext rc;
    OoxmlDecryptor d;
    REQUIRE(d.Open(info, kExcelDefaultPassword, rc.ctx) == OoxmlKeyStatus::kOpened);
    std::string whole;
    CHECK(d.DecryptPackage(package, rc.ctx, &whole));
    CHECK(whole.starts_with("PK\x03\x04"));
    // Declared size as the prefix says.
    CHECK(whole.size() == testing::GetLe32(package, 0));
    // Cut: what is there is decrypted (the same bytes), and it is an error.
    for (std::size_t keep : {std::size_t{0}, std::size_t{7}, std::size_t{8}, std::size_t{8 + 15},
                             std::size_t{8 + 4096 + 5}, package.size() - 1}) {
      INFO("kept " << keep);
      RecordingContext cut;
      std::string part;
      CHECK_FALSE(d.DecryptPackage(std::string_view(package).substr(0, keep), cut.ctx, &part));
      CHECK(cut.HasError("truncated"));
      CHECK(part.size() <= keep);
      CHECK(whole.starts_with(part));
    }
    // A size prefix far past the stream.
    for (std::uint64_t size : {std::uint64_t{1} << 40, ~std::uint64_t{0}}) {
      std::string bad = package;
      for (int i = 0; i < 8; ++i) bad[i] = static_cast<char>(size >> (8 * i));
      RecordingContext big;
      std::string part;
      CHECK_FALSE(d.DecryptPackage(bad, big.ctx, &part));
      CHECK(big.HasError("truncated"));
      CHECK(part.size() <= package.size());
    }
    // A size prefix of 0: nothing to read.
    std::string zero = package;
    for (int i = 0; i < 8; ++i) zero[i] = 0;
    RecordingContext empty;
    std::string part;
    CHECK(d.DecryptPackage(zero, empty.ctx, &part));
    CHECK(part.empty());
  }
}

TEST_CASE("OOXML: damaged files end in an error", "[extract][protection][velvet]") {
  const std::string agile = Office("velvet_agile.xlsx");
  {
    // The EncryptedPackage stream's size cut in its directory entry.
    std::string cut = agile;
    const std::size_t entry =
        testing::DirEntryOffset(cut, testing::EntryId(cut, "EncryptedPackage"));
    const std::uint32_t size = testing::GetLe32(cut, entry + 120);
    REQUIRE(size > 4096 + 200);
    testing::PutLe32(&cut, entry + 120, 4096 + 200);
    RecordingContext rc;
    ExtractCfb(cut, rc.ctx);
    INFO(ErrorText(rc));
    CHECK(rc.protection.scheme == "ooxml-agile");
    CHECK_FALSE(rc.protection.encrypted);
    CHECK(rc.HasError("truncated"));
    CHECK(rc.incomplete);
  }
  {
    // The package's size prefix past the stream.
    std::string bad = agile;
    const std::uint32_t start = testing::GetLe32(
        bad, testing::DirEntryOffset(bad, testing::EntryId(bad, "EncryptedPackage")) + 116);
    bad[testing::SectorOffset(start) + 5] = '\x7F';
    RecordingContext rc;
    ExtractCfb(bad, rc.ctx);
    INFO(ErrorText(rc));
    CHECK_FALSE(rc.protection.encrypted);
    CHECK(rc.HasError("truncated"));
  }
  {
    // An absurd spin count is refused at once, not run.
    const std::string absurd = Patched(agile, R"(spinCount="100000" saltSize="16")",
                                       R"(spinCount="999999999999999999"  )");
    const auto start = std::chrono::steady_clock::now();
    RecordingContext rc;
    ExtractCfb(absurd, rc.ctx);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    CHECK(rc.protection.scheme == "ooxml-agile");
    CHECK(rc.protection.encrypted);
    REQUIRE(rc.errors.size() == 1);
    CHECK(rc.errors[0].reason == "encrypted-member");
    CHECK(rc.errors[0].message.find("spin count") != std::string::npos);
    CHECK(rc.sink.parts.empty());
  }
  {
    // A verifier that no longer matches: encrypted, as under any password.
    std::string other = agile;
    const std::string attr = "encryptedVerifierHashInput=\"";
    const std::size_t at = other.find(attr);
    REQUIRE(at != std::string::npos);
    char& c = other[at + attr.size()];
    c = c == 'A' ? 'B' : 'A';
    RecordingContext rc;
    ExtractCfb(other, rc.ctx);
    CHECK(rc.protection.encrypted);
    CHECK(rc.HasError("encrypted-member"));
    CHECK(rc.sink.parts.empty());
  }
}

TEST_CASE("OOXML EncryptionInfo that is damaged or unsupported", "[extract][protection][velvet]") {
  const std::string agile = Stream(Office("velvet_agile.xlsx"), "EncryptionInfo");
  const std::string standard = Stream(Office("velvet_standard.xlsx"), "EncryptionInfo");
  auto status = [](const std::string& info) {
    RecordingContext rc;
    OoxmlDecryptor d;
    return d.Open(info, kExcelDefaultPassword, rc.ctx);
  };
  auto replaced = [](std::string s, std::string_view from, std::string_view to) {
    const std::size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
  };
  CHECK(status(replaced(agile, "spinCount=\"100000\"", "spinCount=\"10000001\"")) ==
        OoxmlKeyStatus::kUnsupported);
  CHECK(status(replaced(agile, "spinCount=\"100000\"", "spinCount=\"-1\"")) ==
        OoxmlKeyStatus::kCorrupt);
  CHECK(status(replaced(agile, "spinCount=\"100000\"", "spinCount=\"\"")) ==
        OoxmlKeyStatus::kUnsupported);  // no password key encryptor left
  CHECK(status(replaced(agile, "hashAlgorithm=\"SHA512\"", "hashAlgorithm=\"WHIRLPOOL\"")) ==
        OoxmlKeyStatus::kUnsupported);
  CHECK(status(replaced(agile, "ChainingModeCBC", "ChainingModeCFB")) ==
        OoxmlKeyStatus::kUnsupported);
  CHECK(status(replaced(agile, "keyBits=\"256\"", "keyBits=\"512\"")) ==
        OoxmlKeyStatus::kUnsupported);
  CHECK(status(replaced(agile, "<keyData", "<keyDatum")) == OoxmlKeyStatus::kCorrupt);
  CHECK(status(replaced(agile, "encryptedKeyValue=\"", "encryptedKeyValue=\"!")) ==
        OoxmlKeyStatus::kCorrupt);
  // SHA-1 named for the password's key: the key differs, so no match. (The
  // keyData's hash only makes the package IVs.)
  const std::size_t key_at = agile.find("encryptedKey ");
  REQUIRE(key_at != std::string::npos);
  const std::string head = agile.substr(0, key_at);
  CHECK(status(head + replaced(replaced(agile.substr(key_at), "hashAlgorithm=\"SHA512\"",
                                        "hashAlgorithm=\"SHA1\""),
                               "hashSize=\"64\"", "hashSize=\"20\"")) ==
        OoxmlKeyStatus::kWrongPassword);
  CHECK(status(replaced(replaced(agile, "hashAlgorithm=\"SHA512\"", "hashAlgorithm=\"SHA1\""),
                        "hashSize=\"64\"", "hashSize=\"20\"")) == OoxmlKeyStatus::kOpened);
  // Every cut of either stream ends without a crash, and never opens.
  for (const std::string* info : {&agile, &standard}) {
    for (std::size_t keep = 0; keep < info->size(); keep += keep < 64 ? 1 : 97) {
      CHECK(status(info->substr(0, keep)) != OoxmlKeyStatus::kOpened);
    }
  }
  // Standard with a header size past the stream, and with a cipher not AES.
  std::string big = standard;
  testing::PutLe32(&big, 8, 0xFFFFFFF0);
  CHECK(status(big) == OoxmlKeyStatus::kCorrupt);
  std::string rc4 = standard;
  testing::PutLe32(&rc4, 12 + 8, 0x6801);
  CHECK(status(rc4) == OoxmlKeyStatus::kUnsupported);
}

TEST_CASE("OOXML under VelvetSweatshop: random damage never crashes",
          "[extract][protection][velvet]") {
  std::uint32_t seed = 4242;
  auto next = [&] { return seed = seed * 1103515245 + 12345; };
  for (const char* name : {"velvet_agile.xlsx", "velvet_standard.xlsx", "velvet_agile.docx"}) {
    const std::string input = Office(name);
    for (int round = 0; round < 24; ++round) {
      std::string d = input;
      if (round % 4 == 0) {
        d.resize(next() % d.size());
      } else {
        for (int k = 0; k < 6; ++k) d[next() % d.size()] ^= static_cast<char>(1 + next() % 255);
      }
      RecordingContext rc;
      ExtractCfb(d, rc.ctx);
    }
  }
}

}  // namespace mamori
