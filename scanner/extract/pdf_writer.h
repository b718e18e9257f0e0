// PdfWriter: writes the laid-out pages of one PDF (pdf_layout.h) into the
// open part, opening a segment whenever the layout changes and one for each
// table. A table that runs on over a page break stays one table segment, so
// that the header on its first page still names the columns of the rows on
// the next: the page footer and header between are kept as rows of one cell.
//
// Thread-safety: not thread-safe; one per PDF.
#ifndef MAMORI_SCANNER_EXTRACT_PDF_WRITER_H_
#define MAMORI_SCANNER_EXTRACT_PDF_WRITER_H_

#include <string>
#include <vector>

#include "extract_context.h"
#include "pdf_layout.h"

namespace mamori {

class PdfWriter {
 public:
  explicit PdfWriter(ExtractContext& ctx) : ctx_(ctx) {}

  // The next page with text.
  void WritePage(const std::vector<PdfBlock>& blocks);
  // After the last page: writes what was held back.
  void Finish();

 private:
  void StartTable(const PdfBlock& table);
  void WriteRows(const std::vector<std::vector<std::string>>& rows);
  void WriteText(const std::vector<std::vector<std::string>>& rows);
  void WriteLines(const std::vector<std::string>& lines);
  void Flush();

  ExtractContext& ctx_;
  std::string out_;
  bool in_table_ = false;
  // The table that ended the last page, which the next may carry on: its
  // header row and width, and the short lines (a page footer) after it.
  bool table_open_ = false;
  std::vector<std::string> header_;
  std::vector<std::string> held_;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_PDF_WRITER_H_
