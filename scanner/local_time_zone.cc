#include "local_time_zone.h"

#include <cstdlib>
#include <ctime>

namespace mamori {

void PinLocalTimeZone() {
  if (std::getenv("TZ") != nullptr) return;
  ::setenv("TZ", ":/etc/localtime", 0);
  ::tzset();
}

}  // namespace mamori
