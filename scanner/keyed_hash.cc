#include "mamori/keyed_hash.h"

// SHA256_Init and friends: see HashKey::Prepared.
#define OPENSSL_SUPPRESS_DEPRECATED

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace mamori {
namespace {

constexpr std::size_t kSecretSize = 32;

std::string Getenv(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::string(v) : std::string();
}

// Creates the missing ancestors of `path` with mode 0700. Existing
// directories keep their mode: ~/.config is not ours to change.
Status MakeParents(const std::string& path) {
  for (std::size_t pos = path.find('/', 1); pos != std::string::npos;
       pos = path.find('/', pos + 1)) {
    const std::string dir = path.substr(0, pos);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      return Status::FromErrno(errno, "cannot create " + dir);
    }
  }
  return Status::OK();
}

Status ReadFully(int fd, std::string* out) {
  char buf[kSecretSize + 1];  // one extra byte detects a file that grew
  std::size_t got = 0;
  while (got < sizeof buf) {
    const ssize_t n = ::read(fd, buf + got, sizeof buf - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::FromErrno(errno, "cannot read the secret file");
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  out->assign(buf, got);
  OPENSSL_cleanse(buf, sizeof buf);
  return Status::OK();
}

enum class ReadResult { kDone, kShort };

// A secret another process has just created may not be fully written yet;
// kShort lets the caller wait for it rather than fail.
ReadResult ReadSecret(const std::string& path, std::string* secret, Status* status) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    *status = Status::FromErrno(errno, "cannot open the secret file " + path);
    return ReadResult::kDone;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    *status = Status::FromErrno(errno, "cannot stat the secret file " + path);
  } else if (!S_ISREG(st.st_mode)) {
    *status = Status::Error("secret-invalid", path + " is not a regular file");
  } else if ((st.st_mode & 077) != 0) {
    // Whoever can read the secret can confirm a guessed number against the
    // stored hashes; refuse rather than quietly tighten, so the owner learns
    // that it may already have leaked.
    *status = Status::Error("secret-insecure", path + " is accessible by group or others");
  } else if (static_cast<std::size_t>(st.st_size) < kSecretSize) {
    ::close(fd);
    return ReadResult::kShort;
  } else if (Status s = ReadFully(fd, secret); !s.ok()) {
    *status = s;
  } else if (secret->size() != kSecretSize) {
    *status = Status::Error("secret-invalid", path + " does not hold exactly 32 bytes");
  } else {
    *status = Status::OK();
  }
  ::close(fd);
  return ReadResult::kDone;
}

Status ReadSecretWaiting(const std::string& path, std::string* secret) {
  Status status;
  for (int attempt = 0; attempt < 10; ++attempt) {
    if (ReadSecret(path, secret, &status) == ReadResult::kDone) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Status::Error("secret-invalid", path + " does not hold exactly 32 bytes");
}

// Sets *lost_race, and leaves *secret alone, when another process created
// the file first.
Status CreateSecret(const std::string& path, std::string* secret, bool* lost_race) {
  *lost_race = false;
  unsigned char bytes[kSecretSize];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return Status::Error("secret-unavailable", "no random bytes for a new secret");
  }
  const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int err = errno;
    OPENSSL_cleanse(bytes, sizeof bytes);
    if (err == EEXIST) {
      *lost_race = true;
      return Status::OK();
    }
    return Status::FromErrno(err, "cannot create the secret file " + path);
  }
  std::size_t done = 0;
  while (done < sizeof bytes) {
    const ssize_t n = ::write(fd, bytes + done, sizeof bytes - done);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) errno = ENOSPC;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  // Without fsync a crash soon after could leave an empty file where the
  // secret was, and the hashes already stored under it could never be
  // matched again.
  if (done != sizeof bytes || ::fsync(fd) != 0) {
    Status s = Status::FromErrno(errno, "cannot write the secret file " + path);
    ::close(fd);
    ::unlink(path.c_str());
    OPENSSL_cleanse(bytes, sizeof bytes);
    return s;
  }
  ::close(fd);
  secret->assign(reinterpret_cast<const char*>(bytes), sizeof bytes);
  OPENSSL_cleanse(bytes, sizeof bytes);
  return Status::OK();
}

}  // namespace

std::string MaskValue(std::string_view digits) {
  // Short identifiers (an 8-digit insurer number, a card's 記号/番号) would
  // give away most of themselves with four characters shown.
  const std::size_t keep = digits.size() >= 10 ? 4 : digits.size() >= 5 ? 2 : 0;
  std::string out(digits.size() - keep, '*');
  out.append(digits.substr(digits.size() - keep));
  return out;
}

Status HashKey::LoadOrCreate(const std::string& path, HashKey* key) {
  if (path.empty()) {
    return Status::Error("secret-unavailable", "no location for the secret file");
  }
  std::string secret;
  Status s;
  if (::access(path.c_str(), F_OK) == 0 || errno != ENOENT) {
    s = ReadSecretWaiting(path, &secret);
  } else if (s = MakeParents(path); s.ok()) {
    bool lost_race = false;
    s = CreateSecret(path, &secret, &lost_race);
    if (s.ok() && lost_race) s = ReadSecretWaiting(path, &secret);
  }
  if (s.ok()) {
    key->secret_ = std::move(secret);
    key->Prepare();
  }
  OPENSSL_cleanse(secret.data(), secret.size());
  return s;
}

std::string HashKey::DefaultPath() {
  if (std::string p = Getenv("MAMORI_SECRET_FILE"); !p.empty()) return p;
  // The XDG spec says to ignore a relative XDG_CONFIG_HOME.
  if (std::string x = Getenv("XDG_CONFIG_HOME"); !x.empty() && x.front() == '/') {
    return x + "/mamori/secret";
  }
  std::string home = Getenv("HOME");
  if (home.empty()) {
    // Services started without HOME still have a passwd entry.
    passwd pw{};
    passwd* found = nullptr;
    char buf[4096];
    if (::getpwuid_r(::getuid(), &pw, buf, sizeof buf, &found) == 0 && found != nullptr &&
        pw.pw_dir != nullptr) {
      home = pw.pw_dir;
    }
  }
  if (home.empty()) return "";
  return home + "/.config/mamori/secret";
}

// SHA-256's low-level interface, deprecated in OpenSSL 3 but kept through
// 3.x: a SHA256_CTX is a plain struct, copied for each value. Copying an
// EVP_MD_CTX asks the provider to duplicate its state, an allocation and a
// free per copy, two copies a value: measured 145 ns a hash against 95 ns
// here, a tenth of the CPU of a scan of many small CSVs went to hashing.
struct HashKey::Prepared {
  SHA256_CTX inner;  // SHA-256 state after (key XOR ipad)
  SHA256_CTX outer;  // SHA-256 state after (key XOR opad)
  ~Prepared() { OPENSSL_cleanse(this, sizeof *this); }
};

HashKey::HashKey() { Prepare(); }

void HashKey::Prepare() {
  // RFC 2104: keys longer than the block are hashed first, shorter ones
  // padded with zeros.
  constexpr std::size_t kBlock = 64;
  unsigned char key[kBlock] = {};
  if (secret_.size() > kBlock) {
    SHA256(reinterpret_cast<const unsigned char*>(secret_.data()), secret_.size(), key);
  } else {
    std::memcpy(key, secret_.data(), secret_.size());
  }
  unsigned char ipad[kBlock], opad[kBlock];
  for (std::size_t i = 0; i < kBlock; ++i) {
    ipad[i] = key[i] ^ 0x36;
    opad[i] = key[i] ^ 0x5c;
  }
  auto p = std::make_shared<Prepared>();
  if (SHA256_Init(&p->inner) != 1 || SHA256_Update(&p->inner, ipad, kBlock) != 1 ||
      SHA256_Init(&p->outer) != 1 || SHA256_Update(&p->outer, opad, kBlock) != 1) {
    throw std::runtime_error("SHA-256 unavailable");
  }
  OPENSSL_cleanse(key, sizeof key);
  OPENSSL_cleanse(ipad, sizeof ipad);
  OPENSSL_cleanse(opad, sizeof opad);
  prepared_ = std::move(p);
}

KeyedHash HashKey::Hash(std::string_view type, std::string_view value) const {
  static const unsigned char kNul = 0;
  unsigned char inner[SHA256_DIGEST_LENGTH];
  unsigned char full[SHA256_DIGEST_LENGTH];
  SHA256_CTX work = prepared_->inner;
  // A zero hash would make every value look the same; failing loudly is the
  // only safe answer (the low-level calls do not fail on valid arguments).
  if (SHA256_Update(&work, type.data(), type.size()) != 1 || SHA256_Update(&work, &kNul, 1) != 1 ||
      SHA256_Update(&work, value.data(), value.size()) != 1 || SHA256_Final(inner, &work) != 1) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  work = prepared_->outer;
  if (SHA256_Update(&work, inner, sizeof inner) != 1 || SHA256_Final(full, &work) != 1) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  // SHA256_Final wipes its data block (the value) and leaves only the
  // digest in the state; the inner hash, a step from the keyed hash, is
  // wiped here.
  OPENSSL_cleanse(inner, sizeof inner);
  KeyedHash out;
  static_assert(sizeof out <= sizeof full);
  std::memcpy(out.data(), full, sizeof out);
  return out;
}

}  // namespace mamori
