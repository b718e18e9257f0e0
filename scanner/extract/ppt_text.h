// PowerPoint 97-2003 (.ppt) text ([MS-PPT]): the records of the
// "PowerPoint Document" stream, walked as a tree, with the text of every
// TextCharsAtom (UTF-16), TextBytesAtom (8-bit) and CString (slide names,
// comments, link titles) — the text of slides, notes and outlines — as
// running text, one paragraph per line. Master slides are skipped (their
// text is placeholder prompts). Text is taken in stream order; a file saved
// incrementally may keep superseded copies, which are read too.
//
// An encrypted presentation (Current User headerToken, "EncryptedSummary",
// CryptSession10Container)
// has its protection recorded ("ppt-rc4-cryptoapi"), is an
// "encrypted-member" error and gives no text.
//
// Thread-safety: each call uses only its arguments.
#ifndef MAMORI_SCANNER_EXTRACT_PPT_TEXT_H_
#define MAMORI_SCANNER_EXTRACT_PPT_TEXT_H_

#include <cstdint>

#include "cfb_reader.h"
#include "extract_context.h"

namespace mamori {

// Extracts the presentation held in `storage` as one part of format "ppt".
void ExtractPpt(CfbReader& cfb, std::uint32_t storage, ExtractContext& ctx);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_PPT_TEXT_H_
