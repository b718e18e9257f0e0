// The extractors: one per format family, each in its own file, each turning
// the bytes of one document or container into parts of text (see
// extract_context.h). They never throw, never write to disk, and record
// whatever they cannot read through the context.
//
// Thread-safety: each call uses only its arguments.
#ifndef MAMORI_SCANNER_EXTRACT_EXTRACTORS_H_
#define MAMORI_SCANNER_EXTRACT_EXTRACTORS_H_

#include <string_view>

#include "extract_context.h"
#include "input.h"

namespace mamori {

// Archives through libarchive (archive_extract.cc): every member scanned
// through ctx.ScanMemberStream. `raw_name` as in ArchiveReader::Open.
void ExtractArchive(Input& in, ExtractContext& ctx, std::string_view raw_name);

// Office Open XML (ooxml_extract.cc): docx, xlsx, pptx.
void ExtractDocx(Input& in, ExtractContext& ctx);
void ExtractXlsx(Input& in, ExtractContext& ctx);
void ExtractPptx(Input& in, ExtractContext& ctx);

// OpenDocument (odf_extract.cc): odt, ods, odp.
void ExtractOdf(Input& in, ExtractContext& ctx);

// Compound File Binary documents (cfb_extract.cc dispatches on the streams
// present): .xls (BIFF8), .doc (Word 97), .ppt, Outlook .msg.
void ExtractCfb(std::string_view data, ExtractContext& ctx);

// PDF through poppler-cpp (pdf_extract.cc).
void ExtractPdf(std::string_view data, ExtractContext& ctx);

// Markup as text (markup_extract.cc).
void ExtractRtf(std::string_view data, ExtractContext& ctx);
void ExtractHtml(std::string_view data, ExtractContext& ctx);  // also XML

// Mail (mail_extract.cc): one RFC 822 message, and an mbox of them.
void ExtractEml(std::string_view data, ExtractContext& ctx);
void ExtractMbox(std::string_view data, ExtractContext& ctx);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_EXTRACTORS_H_
