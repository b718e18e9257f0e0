# Writes a C++ file holding the HTML report's style sheet and script, so the
# report is one self-contained page with nothing to find at run time.
# Invoked by CMakeLists.txt with CSS, JS and OUT.
function(mamori_escape path var)
  file(READ ${path} text HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" escaped "${text}")
  set(${var} "${escaped}" PARENT_SCOPE)
endfunction()
mamori_escape(${CSS} css)
mamori_escape(${JS} js)
file(WRITE ${OUT} "// Generated from reports/html/ by embed_assets.cmake. Do not edit.\n#include <string_view>\nnamespace mamori {\nstd::string_view ReportCss() { return std::string_view(\"${css}\", sizeof(\"${css}\") - 1); }\nstd::string_view ReportJs() { return std::string_view(\"${js}\", sizeof(\"${js}\") - 1); }\n}  // namespace mamori\n")
