// Dispatch: from a sniffed format to its extractor, for the file itself and,
// through ExtractContext::ScanMember, for every member of a container.
//
// Thread-safety: as the extractors: each call uses only its arguments.
#ifndef MAMORI_SCANNER_EXTRACT_DISPATCH_H_
#define MAMORI_SCANNER_EXTRACT_DISPATCH_H_

#include <string_view>

#include "extract_context.h"
#include "input.h"
#include "mamori/format_sniffer.h"

namespace mamori {

// Extracts `in`, sniffed as `format` (not kText), into parts of `ctx`.
// `name` is the file or member name (for a lone .gz, the member's name is it
// without the extension). Documents are read into memory within
// ctx.limits().max_member_bytes.
void ExtractFormat(const SniffResult& format, std::string_view name, Input& in,
                   ExtractContext& ctx);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_DISPATCH_H_
