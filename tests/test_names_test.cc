// The test names themselves: ctest lists each test case by name
// (catch_discover_tests), and CMake does not split its list inside square
// brackets, so one name with a '[' or ']' merged every test after it into
// a single entry that ran none of them.
#include <catch2/catch.hpp>
#include <string>

namespace mamori {
namespace {

TEST_CASE("Test names hold no square bracket, so that ctest lists each test", "[meta]") {
  const auto& tests = Catch::getRegistryHub().getTestCaseRegistry().getAllTests();
  CHECK(tests.size() > 400);
  for (const Catch::TestCase& test : tests) {
    INFO(test.name);
    CHECK(test.name.find_first_of("[]") == std::string::npos);
  }
}

}  // namespace
}  // namespace mamori
