// Word 97-2003 (.doc) text ([MS-DOC]): the FIB of the "WordDocument"
// stream, the piece table (CLX) of its table stream ("0Table"/"1Table"),
// and each piece's characters, 8-bit CP1252 ("compressed") or UTF-16.
// Field codes are dropped and their results kept; special characters
// become line breaks or nothing. Table cells end in 0x07; the paragraph
// properties (PAPX) tell a cell's end from a row's, so each table becomes a
// table segment, one row per line. Main text, footnotes, headers, comments
// and text boxes are all read, in that order.
//
// An encrypted or obfuscated document (FIB fEncrypted) has its protection
// recorded ("doc-xor", "doc-rc4", "doc-rc4-cryptoapi"), is an
// "encrypted-member" error and gives no text.
//
// Thread-safety: each call uses only its arguments.
#ifndef MAMORI_SCANNER_EXTRACT_DOC_TEXT_H_
#define MAMORI_SCANNER_EXTRACT_DOC_TEXT_H_

#include <cstdint>

#include "cfb_reader.h"
#include "extract_context.h"

namespace mamori {

// Extracts the Word document held in `storage` (the root, or an embedded
// object's storage) as one part of format "doc".
void ExtractDoc(CfbReader& cfb, std::uint32_t storage, ExtractContext& ctx);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_DOC_TEXT_H_
