// PLACEHOLDER: replaced by the real extractor.
#include "extractors.h"

namespace mamori {

void ExtractArchive(Input&, ExtractContext& ctx, std::string_view) {
  ctx.Error("unsupported", "not built yet");
}

}  // namespace mamori
