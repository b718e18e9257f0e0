// PLACEHOLDER: replaced by the real extractor.
#include "extractors.h"

namespace mamori {

void ExtractDocx(Input&, ExtractContext& ctx) { ctx.Error("unsupported", "not built yet"); }
void ExtractXlsx(Input&, ExtractContext& ctx) { ctx.Error("unsupported", "not built yet"); }
void ExtractPptx(Input&, ExtractContext& ctx) { ctx.Error("unsupported", "not built yet"); }

}  // namespace mamori
