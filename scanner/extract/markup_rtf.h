// The text of an RTF document: a tokenizer for control words, control
// symbols and groups that keeps the text of the body, headers, footers,
// footnotes and field results, and skips the destinations that hold no
// document text (font and colour tables, style sheets, document info,
// pictures, object data, field instructions, every \* destination it does
// not know). Bytes written \'hh or raw are decoded in the code page of the
// current font (\fcharset in the font table) or of the document
// (\ansicpg); \uN is Unicode with \ucN fallback bytes skipped. Table rows
// (\trowd ... \cell ... \row) become table segments.
//
// Thread-safety: a pure function of its arguments.
#ifndef MAMORI_SCANNER_EXTRACT_MARKUP_RTF_H_
#define MAMORI_SCANNER_EXTRACT_MARKUP_RTF_H_

#include <string_view>

#include "extract_context.h"
#include "markup_writer.h"

namespace mamori {

// Groups nested deeper than this are read as if flat (reason "corrupt").
constexpr int kMaxRtfDepth = 1000;

// Writes the text of `data` to `out`; problems go to `ctx`.
void ParseRtf(std::string_view data, ExtractContext& ctx, MarkupWriter& out);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_MARKUP_RTF_H_
