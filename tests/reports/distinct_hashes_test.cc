// DistinctHashes: distinct keyed hashes per type from rows of any number of
// hashes end to end, 16 bytes each (schema 6) or 32 (before).
#include "reports/distinct_hashes.h"

#include <catch2/catch.hpp>
#include <string>

namespace mamori::report_internal {
namespace {

std::string Hash(char fill, std::size_t width = 16) { return std::string(width, fill); }

TEST_CASE("DistinctHashes counts each hash once per type over rows of any length", "[report]") {
  DistinctHashes d;
  d.Add("my_number", Hash('a') + Hash('b') + Hash('c'), 16);
  d.Add("my_number", Hash('b'), 16);              // a repeat in another row
  d.Add("my_number", Hash('a') + Hash('a'), 16);  // and in one row
  d.Add("basic_pension_number", Hash('a'), 16);   // the same bytes, another type
  d.Add("basic_pension_number", "", 16);
  CHECK(d.Count() ==
        std::map<std::string, std::uint64_t>{{"basic_pension_number", 1}, {"my_number", 3}});
}

TEST_CASE("DistinctHashes ignores a part shorter than a hash", "[report]") {
  DistinctHashes d;
  d.Add("my_number", Hash('a') + std::string(15, 'z'), 16);
  d.Add("other", std::string(31, 'q'), 32);
  CHECK(d.Count() == std::map<std::string, std::uint64_t>{{"my_number", 1}, {"other", 0}});
}

TEST_CASE("DistinctHashes counts a 32-byte hash by its first half, as the 16-byte one",
          "[report]") {
  // Version 5 kept whole HMAC-SHA256 values; version 6 their first halves.
  // A person found by both counts once.
  DistinctHashes d;
  d.Add("my_number", Hash('a') + Hash('x'), 32);  // old: 'a' then a second half
  d.Add("my_number", Hash('a') + Hash('b'), 16);  // new: 'a' and 'b'
  d.Add("my_number", Hash('b') + Hash('y') + Hash('c') + Hash('z'), 32);
  CHECK(d.Count().at("my_number") == 3);
}

}  // namespace
}  // namespace mamori::report_internal
