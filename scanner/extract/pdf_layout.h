// PdfLayout: turns the text poppler lays out a PDF page in ("physical
// layout": one output line per printed line, the gaps between text kept as
// runs of spaces so that columns line up) into the parts' layout: blocks of
// aligned multi-cell lines become table rows (so that "個人番号" heading a
// column of numbers works as a column header), the rest stays running text
// whose wide gaps become one tab (a label and its value stay close).
//
// Thread-safety: pure functions.
#ifndef MAMORI_SCANNER_EXTRACT_PDF_LAYOUT_H_
#define MAMORI_SCANNER_EXTRACT_PDF_LAYOUT_H_

#include <string>
#include <string_view>
#include <vector>

namespace mamori {

// Text laid out on a page, top to bottom.
struct PdfBlock {
  bool table = false;
  // A table: rows of cells, the header row first, every row as wide as the
  // header (missing cells are empty). Running text: one row per line, each
  // with one element (wide gaps already tabs); an empty row is a blank line.
  std::vector<std::vector<std::string>> rows;
};

// `page` is one page's physical-layout text as UTF-8 (a trailing form feed
// is ignored).
std::vector<PdfBlock> LayoutPdfPage(std::string_view page);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_PDF_LAYOUT_H_
