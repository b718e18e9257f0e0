// Legacy Excel (BIFF8, and BIFF5 best effort) workbook text: the sheets of
// the "Workbook" (or "Book") stream of an .xls compound file, each as a
// "sheet: <name>" line followed by a table segment of its cells. The CFB
// reader (cfb_extract.cc) finds the stream and calls this.
//
// Thread-safety: each call uses only its arguments.
#ifndef MAMORI_SCANNER_EXTRACT_XLS_EXTRACT_H_
#define MAMORI_SCANNER_EXTRACT_XLS_EXTRACT_H_

#include <string_view>

#include "extract_context.h"

namespace mamori {

// Extracts the workbook record stream `workbook_stream` as one part of
// format "xls" (this function calls ctx.BeginPart and ctx.EndPart; the
// caller must not have a part open). An encrypted workbook (FILEPASS) has
// its protection recorded; under Excel's default password it is decrypted
// and read (not encrypted: it opens without a password), otherwise it is
// an "encrypted-member" error and yields no cell text.
void ExtractXlsWorkbook(std::string_view workbook_stream, ExtractContext& ctx);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_XLS_EXTRACT_H_
