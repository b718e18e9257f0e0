#include "scanner/malloc_tuning.h"

#include <catch2/catch.hpp>

namespace mamori {

TEST_CASE("The allocator tunable goes first, a user's own settings after it", "[scanner][malloc]") {
  CHECK(TunablesWith(nullptr) == "glibc.malloc.tcache_count=4096");
  CHECK(TunablesWith("") == "glibc.malloc.tcache_count=4096");
  // glibc reads the list left to right, a later setting winning: the user's
  // tcache_count overrides ours.
  CHECK(TunablesWith("glibc.malloc.tcache_count=7:glibc.malloc.check=3") ==
        "glibc.malloc.tcache_count=4096:glibc.malloc.tcache_count=7:glibc.malloc.check=3");
}

}  // namespace mamori
