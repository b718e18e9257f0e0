# Writes a C++ file holding scanner/schema.sql. Invoked with IN and OUT.
file(READ ${IN} text HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" escaped "${text}")
file(WRITE ${OUT} "// Generated from scanner/schema.sql by embed_schema.cmake. Do not edit.\n#include <string_view>\nnamespace mamori {\nstd::string_view SchemaSql() { return std::string_view(\"${escaped}\", sizeof(\"${escaped}\") - 1); }\n}  // namespace mamori\n")
