// PLACEHOLDER: replaced by the real extractor.
#include "extractors.h"

namespace mamori {

void ExtractEml(std::string_view, ExtractContext& ctx) {
  ctx.Error("unsupported", "not built yet");
}
void ExtractMbox(std::string_view, ExtractContext& ctx) {
  ctx.Error("unsupported", "not built yet");
}

}  // namespace mamori
