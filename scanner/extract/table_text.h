// Helpers for extractors that write tables (sheets, document tables): cells
// become the '\t'/'\n' layout a table segment expects, and numbers stored by
// spreadsheets become the digits a person typed.
//
// Thread-safety: pure functions.
#ifndef MAMORI_SCANNER_EXTRACT_TABLE_TEXT_H_
#define MAMORI_SCANNER_EXTRACT_TABLE_TEXT_H_

#include <string>
#include <string_view>

namespace mamori {

// Appends `cell` to *row: tabs and line breaks inside it become spaces, and
// a leading '"' becomes a space so the column reader does not take it for a
// quoted cell. Writes the '\t' before every cell but a row's first
// (`first_in_row`).
void AppendCell(std::string* row, std::string_view cell, bool first_in_row);

// A spreadsheet number as its digits: "123456789012", "1.23456789012E+11"
// and "123456789012.0" all become "123456789012" (integers of up to 17
// digits); anything else is returned unchanged. The result is `stored`
// itself when that is already so (most cells: no copy), else *scratch.
std::string_view NumberCellText(std::string_view stored, std::string* scratch);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_TABLE_TEXT_H_
