// The byte forms in which nearly every spreadsheet writes its cells, rows'
// start tags and shared strings, and every word processor a run's text,
// read straight from the XML: the handlers' fast path
// (XmlHandler::TakeElement). Only forms that are well-formed whatever their
// content are accepted, and nothing the tokenizer would have to decode or
// check: any other form, or one cut off by `end`, is left to the tokenizer.
//
// Why: a cell is five XML events (<c>, <v>, text, </v>, </c>), and over the
// benchmark's xlsx files the tokenizer and the handler's dispatch cost about
// 1,200 instructions a cell (callgrind), half the time of a workbook. Read
// as one form, a cell costs about 200 before the handler's own work; the
// xlsx files took a third fewer instructions, the docx files a sixth.
//
// Thread-safety: pure functions.
#ifndef MAMORI_SCANNER_EXTRACT_OOXML_CELL_FORMS_H_
#define MAMORI_SCANNER_EXTRACT_OOXML_CELL_FORMS_H_

#include <cstddef>
#include <string_view>

namespace mamori {

struct PlainCell {
  std::string_view ref;    // r: empty when absent
  std::string_view type;   // t: empty when absent
  std::string_view value;  // the text of <v>; empty for an empty cell
  std::size_t length = 0;  // of the whole element
};

// `<c` with the attributes r, t and s in any order, each at most once,
// each as ` name="value"` with a value of ASCII letters and digits; then
// "/>", or ">" "<v>" text "</v>" "</c>" where the text holds no '<', '&',
// ']' or CR. False for anything else, or when it does not end before `end`.
bool ReadPlainCell(const char* p, const char* end, PlainCell* cell);

// A row's start tag as spreadsheets write it: `<row`, then any of the
// attributes r, spans, ht, customHeight and x14ac:dyDescent, each at most
// once, each as ` name="value"` with a value of ASCII letters, digits, '.',
// ':' and '-'; then ">". *length: of the tag. False for anything else, or
// when it does not end before `end`.
bool ReadPlainRowStart(const char* p, const char* end, std::size_t* length);

// `<P:t>` text `</P:t>` where P is `prefix` (one letter: "w" in Word, "a"
// in DrawingML), the <t> optionally with xml:space="preserve", the text as
// in ReadPlainCell: a run's text, most of a document's elements.
bool ReadPlainText(const char* p, const char* end, char prefix, std::string_view* text,
                   std::size_t* length);

// `<si><t>` text `</t></si>`, the <t> optionally with
// xml:space="preserve", the text as in ReadPlainCell. *length: of the
// whole element.
bool ReadPlainSharedString(const char* p, const char* end, std::string_view* text,
                           std::size_t* length);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_OOXML_CELL_FORMS_H_
