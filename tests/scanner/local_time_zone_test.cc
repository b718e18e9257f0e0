// PinLocalTimeZone: TZ names glibc's default zone file when unset, and an
// explicit TZ is kept.
#include "scanner/local_time_zone.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

namespace mamori {
namespace {

// Restores TZ as it was when the test began.
class SavedTz {
 public:
  SavedTz() {
    if (const char* tz = std::getenv("TZ")) saved_ = tz;
  }
  ~SavedTz() {
    if (saved_) {
      ::setenv("TZ", saved_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }

 private:
  std::optional<std::string> saved_;
};

std::tm Local(std::time_t t) {
  std::tm tm{};
  REQUIRE(::localtime_r(&t, &tm) != nullptr);
  return tm;
}

TEST_CASE("PinLocalTimeZone names /etc/localtime when TZ is unset, same zone", "[scanner]") {
  SavedTz saved;
  ::unsetenv("TZ");
  ::tzset();
  const std::time_t t = 1432804364;  // 2015-05-28T09:12:44Z
  const std::tm before = Local(t);
  PinLocalTimeZone();
  REQUIRE(std::getenv("TZ") != nullptr);
  CHECK(std::string(std::getenv("TZ")) == ":/etc/localtime");
  const std::tm after = Local(t);
  CHECK(after.tm_hour == before.tm_hour);
  CHECK(after.tm_mday == before.tm_mday);
  CHECK(after.tm_gmtoff == before.tm_gmtoff);
}

TEST_CASE("PinLocalTimeZone keeps a TZ that is set, even an empty one", "[scanner]") {
  SavedTz saved;
  ::setenv("TZ", "Asia/Tokyo", 1);
  PinLocalTimeZone();
  CHECK(std::string(std::getenv("TZ")) == "Asia/Tokyo");
  ::setenv("TZ", "", 1);
  PinLocalTimeZone();
  CHECK(std::string(std::getenv("TZ")).empty());
}

}  // namespace
}  // namespace mamori
