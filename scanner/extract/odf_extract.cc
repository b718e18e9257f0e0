// PLACEHOLDER: replaced by the real extractor.
#include "extractors.h"

namespace mamori {

void ExtractOdf(Input&, ExtractContext& ctx) { ctx.Error("unsupported", "not built yet"); }

}  // namespace mamori
