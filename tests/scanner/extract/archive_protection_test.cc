// Encrypted archives and members: each member judged by its own scheme
// (ZipCrypto, WinZip AES, 7z AES, RAR 4/5), archives whose every member or
// whose headers are encrypted protected as a whole, and the zip central
// directory parser bounded against hostile input. Fixtures:
// tests/fixtures/protected/archives/ (make_protected_archives.sh).
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "recording_sink.h"
#include "scanner/extract/extractors.h"
#include "scanner/extract/rar5_headers.h"
#include "scanner/extract/zip_directory.h"
#include "test_util.h"
#include "zip_maker.h"

namespace mamori {

using testing::ZipMaker;

namespace {

std::string FixturePath(const std::string& name) {
  return std::string(MAMORI_SOURCE_DIR) + "/tests/fixtures/protected/archives/" + name;
}

std::string Fixture(const std::string& name) {
  std::ifstream f(FixturePath(name), std::ios::binary);
  REQUIRE(f.good());
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// A root context that records protection (RecordingContext does not pass
// its `protection` to the context).
struct Run {
  ExtractLimits limits;
  testing::RecordingSink sink;
  std::vector<ScanError> errors;
  bool incomplete = false;
  Protection protection;
  ExtractContext ctx{limits, &sink, &errors, &incomplete, &protection};

  explicit Run(const std::string& bytes, std::string_view raw = "x") {
    MemoryInput in(bytes);
    ExtractArchive(in, ctx, raw);
  }
  const ProtectedMember* Member(std::string_view name) const {
    for (const auto& m : protection.members) {
      if (m.member == name) return &m;
    }
    return nullptr;
  }
  const ScanError* Error(std::string_view member, std::string_view reason) const {
    for (const auto& e : errors) {
      if (e.member == member && e.reason == reason) return &e;
    }
    return nullptr;
  }
};

const std::string kCsv = "氏名,個人番号\n山田 太郎,123456789018\n";

}  // namespace

TEST_CASE("A zip's members are judged ZipCrypto or AES by strength", "[extract][protection]") {
  const std::pair<const char*, const char*> cases[] = {
      {"zipcrypto.zip", "zipcrypto"}, {"aes128.zip", "zip-aes128"}, {"aes256.zip", "zip-aes256"}};
  for (const auto& [file, scheme] : cases) {
    INFO(file);
    Run r(Fixture(file));
    REQUIRE(r.protection.members.size() == 1);
    CHECK(r.protection.members[0].member == "meibo.csv");
    CHECK(r.protection.members[0].scheme == scheme);
    CHECK(r.protection.members[0].encrypted);
    // Its only member is encrypted: the zip itself is protected.
    CHECK(r.protection.encrypted);
    CHECK(r.protection.scheme == scheme);
    const ScanError* e = r.Error("meibo.csv", "encrypted-member");
    REQUIRE(e != nullptr);
    CHECK(e->message.find(std::string("(") + scheme + ")") != std::string::npos);
    CHECK(r.errors.size() == 1);
    CHECK(r.incomplete);
    CHECK(r.sink.parts.empty());  // nothing read without the password
  }
}

TEST_CASE("A zip mixing encrypted and plain members reads the plain ones",
          "[extract][protection]") {
  Run r(Fixture("mixed.zip"));
  REQUIRE(r.protection.members.size() == 1);
  CHECK(r.protection.members[0].member == "meibo.csv");
  CHECK(r.protection.members[0].scheme == "zipcrypto");
  CHECK_FALSE(r.protection.encrypted);
  CHECK(r.protection.scheme.empty());
  CHECK(r.Error("meibo.csv", "encrypted-member") != nullptr);
  REQUIRE(r.sink.parts.size() == 1);
  CHECK(r.sink.parts[0].member == "readme.txt");
  CHECK(r.sink.parts[0].text == "お知らせ\n");
}

TEST_CASE("7z with data encrypted lists its members, each 7z-aes256", "[extract][protection]") {
  Run r(Fixture("data_encrypted.7z"));
  REQUIRE(r.protection.members.size() == 2);
  CHECK(r.Member("meibo.csv") != nullptr);
  CHECK(r.Member("readme.txt") != nullptr);
  for (const auto& m : r.protection.members) CHECK(m.scheme == "7z-aes256");
  CHECK(r.protection.encrypted);
  CHECK(r.protection.scheme == "7z-aes256");
  CHECK(r.Error("meibo.csv", "encrypted-member") != nullptr);
  CHECK(r.sink.parts.empty());
}

TEST_CASE("Archives with encrypted headers are protected as a whole", "[extract][protection]") {
  const std::pair<const char*, const char*> cases[] = {{"header_encrypted.7z", "7z-aes256"},
                                                       {"rar4_encrypted_headers.rar", "rar4"},
                                                       {"rar5_encrypted_headers.rar", "rar5"}};
  for (const auto& [file, scheme] : cases) {
    INFO(file);
    Run r(Fixture(file));
    CHECK(r.protection.encrypted);
    CHECK(r.protection.scheme == scheme);
    CHECK(r.protection.members.empty());  // their names are encrypted too
    const ScanError* e = r.Error("", "encrypted-member");
    REQUIRE(e != nullptr);
    CHECK(e->message.find(std::string("(") + scheme + ")") != std::string::npos);
    CHECK(r.sink.parts.empty());
  }
}

TEST_CASE("RAR members flagged encrypted are rar4 or rar5", "[extract][protection]") {
  const std::pair<const char*, const char*> cases[] = {{"rar4_encrypted_file.rar", "rar4"},
                                                       {"rar5_encrypted_file.rar", "rar5"}};
  for (const auto& [file, scheme] : cases) {
    INFO(file);
    Run r(Fixture(file));
    REQUIRE(r.protection.members.size() == 1);
    CHECK(r.protection.members[0].member == "meibo.csv");
    CHECK(r.protection.members[0].scheme == scheme);
    CHECK(r.protection.encrypted);
    CHECK(r.protection.scheme == scheme);
    CHECK(r.Error("meibo.csv", "encrypted-member") != nullptr);
    CHECK(r.sink.parts.empty());
  }
}

TEST_CASE("A nested encrypted zip is protected as a member", "[extract][protection]") {
  ZipMaker outer;
  outer.Add("名簿.csv", kCsv, false, true);
  outer.Add("secret/inner.zip", Fixture("aes256.zip"));
  outer.Add("mixed.zip", Fixture("mixed.zip"));
  Run r(outer.Finish());
  CHECK_FALSE(r.protection.encrypted);
  CHECK(r.protection.scheme.empty());
  const ProtectedMember* inner = r.Member("secret/inner.zip");
  REQUIRE(inner != nullptr);
  CHECK(inner->scheme == "zip-aes256");
  CHECK(inner->encrypted);
  REQUIRE(r.Member("secret/inner.zip/meibo.csv") != nullptr);
  CHECK(r.Member("secret/inner.zip/meibo.csv")->scheme == "zip-aes256");
  // Half plain: not protected as a whole.
  CHECK(r.Member("mixed.zip") == nullptr);
  REQUIRE(r.Member("mixed.zip/meibo.csv") != nullptr);
  CHECK(r.Member("mixed.zip/meibo.csv")->scheme == "zipcrypto");
  CHECK(r.sink.Find("名簿.csv") != nullptr);
  CHECK(r.sink.Find("mixed.zip/readme.txt") != nullptr);
}

TEST_CASE("The weakest member names an all-encrypted zip's scheme", "[extract][protection]") {
  // zipcrypto.zip's member, renamed, beside aes256.zip's: spliced into one
  // zip, local parts first, then both directory entries.
  const std::string crypto = Fixture("zipcrypto.zip");
  const std::string aes = Fixture("aes256.zip");
  // Build: aes256's local part, zipcrypto's local part, then both directories.
  auto split = [](const std::string& z, std::string* local, std::string* central) {
    const std::size_t cd = z.find("PK\x01\x02");
    const std::size_t end = z.rfind("PK\x05\x06");
    *local = z.substr(0, cd);
    *central = z.substr(cd, end - cd);
  };
  std::string la, ca, lc, cc;
  split(aes, &la, &ca);
  split(crypto, &lc, &cc);
  // The ZipCrypto entry's local header offset moves by the AES part's size.
  const std::uint32_t off = static_cast<std::uint32_t>(la.size());
  for (int i = 0; i < 4; ++i) cc[42 + i] = static_cast<char>((off >> (8 * i)) & 0xFF);
  cc.replace(46, 9, "other.csv");
  lc.replace(30, 9, "other.csv");
  std::string z = la + lc + ca + cc;
  const std::uint32_t cd_off = static_cast<std::uint32_t>(la.size() + lc.size());
  const std::uint32_t cd_size = static_cast<std::uint32_t>(ca.size() + cc.size());
  std::string end("PK\x05\x06\0\0\0\0\x02\0\x02\0", 12);
  for (std::uint32_t v : {cd_size, cd_off}) {
    for (int i = 0; i < 4; ++i) end.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  end += std::string("\0\0", 2);
  z += end;
  Run r(z);
  REQUIRE(r.protection.members.size() == 2);
  CHECK(r.Member("meibo.csv")->scheme == "zip-aes256");
  REQUIRE(r.Member("other.csv") != nullptr);
  CHECK(r.Member("other.csv")->scheme == "zipcrypto");
  CHECK(r.protection.encrypted);
  CHECK(r.protection.scheme == "zipcrypto");
}

TEST_CASE("A plain zip records no protection", "[extract][protection]") {
  ZipMaker zip;
  zip.Add("名簿/meibo.csv", kCsv, false, true);
  zip.Add("readme.txt", "nothing", true);
  Run r(zip.Finish());
  CHECK_FALSE(r.protection.encrypted);
  CHECK(r.protection.scheme.empty());
  CHECK(r.protection.members.empty());
  CHECK(r.errors.empty());
  CHECK(r.sink.parts.size() == 2);
}

TEST_CASE("The zip directory gives flags, method and AES strength", "[extract][protection]") {
  ZipDirectory d;
  const std::string aes = Fixture("aes128.zip");
  MemoryInput in(aes);
  REQUIRE(ReadZipDirectory(in, 100, &d));
  CHECK(d.complete);
  REQUIRE(d.entries.size() == 1);
  CHECK(d.entries[0].name == "meibo.csv");
  CHECK(d.entries[0].encrypted());
  CHECK(d.entries[0].method == 99);
  CHECK(d.entries[0].aes_strength == 1);
  CHECK((d.entries[0].aes_version == 1 || d.entries[0].aes_version == 2));
  CHECK(d.entries[0].Scheme() == "zip-aes128");

  const std::string mixed = Fixture("mixed.zip");
  MemoryInput im(mixed);
  REQUIRE(ReadZipDirectory(im, 100, &d));
  REQUIRE(d.entries.size() == 2);
  CHECK(d.entries[0].Scheme() == "zipcrypto");
  CHECK_FALSE(d.entries[1].encrypted());
  CHECK(d.entries[1].Scheme().empty());

  // Not a zip.
  const std::string seven = Fixture("data_encrypted.7z");
  MemoryInput i7(seven);
  CHECK_FALSE(ReadZipDirectory(i7, 100, &d));
  MemoryInput empty("");
  CHECK_FALSE(ReadZipDirectory(empty, 100, &d));
}

TEST_CASE("RAR 5 block headers tell encrypted members", "[extract][protection]") {
  Rar5Headers h;
  const std::string file = Fixture("rar5_encrypted_file.rar");
  MemoryInput in(file);
  REQUIRE(ReadRar5Headers(in, 100, &h));
  CHECK(h.encrypted == std::vector<std::string>{"meibo.csv"});
  CHECK_FALSE(h.headers_encrypted);
  const std::string headers = Fixture("rar5_encrypted_headers.rar");
  MemoryInput ih(headers);
  REQUIRE(ReadRar5Headers(ih, 100, &h));
  CHECK(h.headers_encrypted);
  CHECK(h.encrypted.empty());
  const std::string rar4 = Fixture("rar4_encrypted_file.rar");
  MemoryInput i4(rar4);
  CHECK_FALSE(ReadRar5Headers(i4, 100, &h));
}

TEST_CASE("The zip directory follows zip64 end records", "[extract][protection]") {
  const std::string z = Fixture("zipcrypto.zip");
  const std::size_t end = z.rfind("PK\x05\x06");
  const std::size_t cd = z.find("PK\x01\x02");
  REQUIRE(end != std::string::npos);
  auto le = [](std::uint64_t v, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    return s;
  };
  std::string z64 = std::string("PK\x06\x06", 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 4) +
                    le(0, 4) + le(1, 8) + le(1, 8) + le(end - cd, 8) + le(cd, 8);
  std::string loc = std::string("PK\x06\x07", 4) + le(0, 4) + le(end, 8) + le(1, 4);
  // The 32-bit record saturated, as zip64 writers leave it.
  std::string end32 = std::string("PK\x05\x06", 4) + le(0, 4) + le(0xFFFF, 2) + le(0xFFFF, 2) +
                      le(0xFFFFFFFF, 4) + le(0xFFFFFFFF, 4) + le(0, 2);
  const std::string zip64 = z.substr(0, end) + z64 + loc + end32;
  ZipDirectory d;
  MemoryInput in(zip64);
  REQUIRE(ReadZipDirectory(in, 100, &d));
  CHECK(d.complete);
  REQUIRE(d.entries.size() == 1);
  CHECK(d.entries[0].Scheme() == "zipcrypto");
}

TEST_CASE("The zip directory trusts no count, size or offset", "[extract][protection]") {
  const std::string z = Fixture("mixed.zip");
  const std::size_t end = z.rfind("PK\x05\x06");
  auto patched = [&](std::size_t at, std::string_view bytes) {
    std::string s = z;
    s.replace(end + at, bytes.size(), bytes);
    return s;
  };
  ZipDirectory d;
  SECTION("entry count far above what the directory can hold") {
    const std::string s = patched(8, std::string("\xFF\xFF\xFF\xFF", 4));
    MemoryInput in(s);
    REQUIRE(ReadZipDirectory(in, 1 << 20, &d));
    CHECK(d.entries.size() == 2);
    CHECK_FALSE(d.complete);
  }
  SECTION("directory larger than the file") {
    const std::string s = patched(12, std::string("\xFF\xFF\xFF\x7F", 4));
    MemoryInput in(s);
    REQUIRE(ReadZipDirectory(in, 1 << 20, &d));
    CHECK(d.entries.size() <= 2);
  }
  SECTION("directory offset past the end") {
    const std::string s = patched(16, std::string("\xFF\xFF\xFF\x7F", 4));
    MemoryInput in(s);
    REQUIRE(ReadZipDirectory(in, 1 << 20, &d));
    CHECK(d.entries.size() == 2);  // found again right before the end record
  }
  SECTION("a name running past the directory") {
    std::string s = z;
    const std::size_t cd = s.find("PK\x01\x02");
    s[cd + 28] = '\xFF';
    s[cd + 29] = '\xFF';
    MemoryInput in(s);
    REQUIRE(ReadZipDirectory(in, 1 << 20, &d));
    CHECK(d.entries.empty());
    CHECK_FALSE(d.complete);
  }
  SECTION("the entry limit") {
    MemoryInput in(z);
    REQUIRE(ReadZipDirectory(in, 1, &d));
    CHECK(d.entries.size() == 1);
    CHECK_FALSE(d.complete);
  }
}

TEST_CASE("Cut or damaged protected archives never crash", "[extract][protection]") {
  std::mt19937 rng(6);
  for (const char* file :
       {"zipcrypto.zip", "aes256.zip", "mixed.zip", "data_encrypted.7z", "header_encrypted.7z",
        "rar4_encrypted_file.rar", "rar4_encrypted_headers.rar", "rar5_encrypted_file.rar",
        "rar5_encrypted_headers.rar"}) {
    INFO(file);
    const std::string full = Fixture(file);
    for (std::size_t n = 0; n < full.size(); ++n) {
      const std::string cut = full.substr(0, n);
      Run r(cut);
      ZipDirectory d;
      MemoryInput in(cut);
      ReadZipDirectory(in, 1000, &d);
      CHECK(d.entries.size() <= 2);
      Rar5Headers h;
      ReadRar5Headers(in, 1000, &h);
      CHECK(h.encrypted.size() <= 1);
    }
    for (int i = 0; i < 200; ++i) {
      std::string bad = full;
      for (int k = 0; k < 4; ++k) bad[rng() % bad.size()] = static_cast<char>(rng());
      Run r(bad);
      ZipDirectory d;
      MemoryInput in(bad);
      ReadZipDirectory(in, 1000, &d);
      Rar5Headers h;
      ReadRar5Headers(in, 1000, &h);
    }
  }
}

TEST_CASE("End to end: protected archives in the findings stream, a plain zip unmarked",
          "[extract][protection][e2e]") {
  testing::TempDir t;
  const std::string share = t.Sub("share");
  for (const char* file : {"zipcrypto.zip", "mixed.zip", "header_encrypted.7z"}) {
    testing::WriteFile(share + "/" + file, Fixture(file));
  }
  ZipMaker plain;
  plain.Add("名簿.csv", kCsv, false, true);
  testing::WriteFile(share + "/plain.zip", plain.Finish());

  const auto result = testing::RunCommand({testing::MamoriBinary(), "scan", share, "--db",
                                           t.Sub("m.db"), "--secret", t.Sub("secret"),
                                           "--cache-dir", t.Sub("cache"), "--jsonl", "-", "-q"});
  std::map<std::string, nlohmann::json> lines;
  std::istringstream out(result.out);
  std::string line;
  while (std::getline(out, line)) {
    auto j = nlohmann::json::parse(line);
    lines[j.at("path").get<std::string>().substr(share.size() + 1)] = j;
  }
  REQUIRE(lines.count("plain.zip") == 1);
  const auto& p = lines["plain.zip"].at("protection");
  CHECK(p.at("encrypted") == false);
  CHECK(p.at("scheme").is_null());
  CHECK_FALSE(p.contains("members"));
  CHECK(lines["plain.zip"].at("findings").size() == 1);

  REQUIRE(lines.count("zipcrypto.zip") == 1);
  const auto& z = lines["zipcrypto.zip"].at("protection");
  CHECK(z.at("encrypted") == true);
  CHECK(z.at("scheme") == "zipcrypto");
  REQUIRE(z.at("members").size() == 1);
  CHECK(z.at("members")[0].at("member") == "meibo.csv");

  REQUIRE(lines.count("mixed.zip") == 1);
  const auto& m = lines["mixed.zip"].at("protection");
  CHECK(m.at("encrypted") == false);
  CHECK(m.at("scheme").is_null());
  REQUIRE(m.at("members").size() == 1);
  CHECK(m.at("members")[0].at("scheme") == "zipcrypto");

  REQUIRE(lines.count("header_encrypted.7z") == 1);
  CHECK(lines["header_encrypted.7z"].at("protection").at("scheme") == "7z-aes256");
  CHECK(lines["header_encrypted.7z"].at("protection").at("encrypted") == true);
}

}  // namespace mamori
