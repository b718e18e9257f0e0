#include "mamori/keyed_hash.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "test_util.h"

namespace mamori {
namespace {

std::string Hex(const KeyedHash& h) {
  std::string out;
  char buf[3];
  for (auto b : h) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

std::string KnownSecret() {
  std::string s;
  for (int i = 0; i < 32; ++i) s.push_back(static_cast<char>(i));
  return s;
}

void WriteSecret(const std::string& path, const std::string& bytes, mode_t mode) {
  testing::WriteFile(path, bytes);
  REQUIRE(::chmod(path.c_str(), mode) == 0);
}

TEST_CASE("masking keeps only the last four characters", "[keyed_hash]") {
  CHECK(MaskValue("123456789018") == "********9018");
  CHECK(MaskValue("1234567890123") == "*********0123");
  CHECK(MaskValue("1234567890") == "******7890");
  CHECK(MaskValue("01130012") == "******12");
  CHECK(MaskValue("1234/56") == "*****56");
  CHECK(MaskValue("12345") == "***45");
  CHECK(MaskValue("1234") == "****");
  CHECK(MaskValue("12") == "**");
  CHECK(MaskValue("") == "");
}

TEST_CASE("a new secret is 32 bytes, owner-only, in 0700 directories", "[keyed_hash]") {
  testing::TempDir dir;
  const std::string path = dir.Sub("config/mamori/secret");
  HashKey key;
  REQUIRE(HashKey::LoadOrCreate(path, &key).ok());
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(st.st_size == 32);
  REQUIRE(::stat(dir.Sub("config/mamori").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  REQUIRE(::stat(dir.Sub("config").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);

  HashKey again;
  REQUIRE(HashKey::LoadOrCreate(path, &again).ok());
  CHECK(key.Hash("my_number", "123456789018") == again.Hash("my_number", "123456789018"));
  CHECK(testing::ReadFile(path).size() == 32);
}

TEST_CASE("different secrets give different hashes", "[keyed_hash]") {
  testing::TempDir dir;
  HashKey a, b;
  REQUIRE(HashKey::LoadOrCreate(dir.Sub("a/secret"), &a).ok());
  REQUIRE(HashKey::LoadOrCreate(dir.Sub("b/secret"), &b).ok());
  CHECK(testing::ReadFile(dir.Sub("a/secret")) != testing::ReadFile(dir.Sub("b/secret")));
  CHECK(a.Hash("my_number", "123456789018") != b.Hash("my_number", "123456789018"));
}

TEST_CASE("the hash is HMAC-SHA256 over type, NUL and value, its first 16 bytes", "[keyed_hash]") {
  testing::TempDir dir;
  const std::string path = dir.Sub("secret");
  WriteSecret(path, KnownSecret(), 0600);
  HashKey key;
  REQUIRE(HashKey::LoadOrCreate(path, &key).ok());
  // printf 'my_number\x00123456789018' |
  //   openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1e1f
  CHECK(Hex(key.Hash("my_number", "123456789018")) ==
        std::string("01cb27e0b8f08de3e54d8ee773dbf56660689d4b1e15a4ac45a472f60c97452e", 32));
  CHECK(Hex(key.Hash("corporate_number", "123456789018")) ==
        std::string("d9f2bd98514c8dcd2817f69cc80525429353eb14855d1283eb5a2893fb895e9c", 32));
  // Without the NUL, "ab"+"c" and "a"+"bc" would be the same message.
  CHECK(key.Hash("ab", "c") != key.Hash("a", "bc"));
}

TEST_CASE("a secret others can read is refused", "[keyed_hash]") {
  testing::TempDir dir;
  const std::string path = dir.Sub("secret");
  for (mode_t mode : {0640, 0604, 0660, 0644}) {
    WriteSecret(path, KnownSecret(), mode);
    HashKey key;
    CHECK(HashKey::LoadOrCreate(path, &key).reason() == "secret-insecure");
  }
  // Refused, not repaired: the owner must learn it may have leaked.
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);
}

TEST_CASE("a secret of the wrong size is refused", "[keyed_hash]") {
  testing::TempDir dir;
  const std::string path = dir.Sub("secret");
  for (const std::string& bytes :
       {KnownSecret() + "x", KnownSecret().substr(0, 16), std::string()}) {
    WriteSecret(path, bytes, 0600);
    HashKey key;
    CHECK(HashKey::LoadOrCreate(path, &key).reason() == "secret-invalid");
    CHECK(testing::ReadFile(path) == bytes);  // never overwritten
  }
}

TEST_CASE("processes racing to create the secret agree on it", "[keyed_hash]") {
  testing::TempDir dir;
  const std::string path = dir.Sub("race/secret");
  std::vector<HashKey> keys(4);
  std::vector<std::string> reasons(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] { reasons[i] = HashKey::LoadOrCreate(path, &keys[i]).reason(); });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 4; ++i) {
    CHECK(reasons[i].empty());
    CHECK(keys[i].Hash("my_number", "1") == keys[0].Hash("my_number", "1"));
  }
}

TEST_CASE("the default path follows the environment", "[keyed_hash]") {
  const char* old_file = std::getenv("MAMORI_SECRET_FILE");
  const char* old_xdg = std::getenv("XDG_CONFIG_HOME");
  const std::string saved_file = old_file ? old_file : "";
  const std::string saved_xdg = old_xdg ? old_xdg : "";

  ::setenv("MAMORI_SECRET_FILE", "/etc/mamori/key", 1);
  CHECK(HashKey::DefaultPath() == "/etc/mamori/key");
  ::unsetenv("MAMORI_SECRET_FILE");
  ::setenv("XDG_CONFIG_HOME", "/home/u/.cfg", 1);
  CHECK(HashKey::DefaultPath() == "/home/u/.cfg/mamori/secret");
  ::setenv("XDG_CONFIG_HOME", "relative", 1);
  CHECK(HashKey::DefaultPath().find("/.config/mamori/secret") != std::string::npos);

  if (old_file) ::setenv("MAMORI_SECRET_FILE", saved_file.c_str(), 1);
  if (old_xdg) {
    ::setenv("XDG_CONFIG_HOME", saved_xdg.c_str(), 1);
  } else {
    ::unsetenv("XDG_CONFIG_HOME");
  }
}

}  // namespace
}  // namespace mamori
