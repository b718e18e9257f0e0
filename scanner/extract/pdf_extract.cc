// PLACEHOLDER: replaced by the real extractor.
#include "extractors.h"

namespace mamori {

void ExtractPdf(std::string_view, ExtractContext& ctx) {
  ctx.Error("unsupported", "not built yet");
}

}  // namespace mamori
