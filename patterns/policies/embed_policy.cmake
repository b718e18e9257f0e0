# Writes a C++ file holding patterns/policies/default.toml, so the default
# policy travels inside the binary. Invoked by CMakeLists.txt with IN and OUT.
file(READ ${IN} text HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" escaped "${text}")
file(WRITE ${OUT} "// Generated from patterns/policies/default.toml by embed_policy.cmake. Do not edit.\n#include <string_view>\nnamespace mamori {\nstd::string_view BuiltinPolicyText() { return std::string_view(\"${escaped}\", sizeof(\"${escaped}\") - 1); }\n}  // namespace mamori\n")
