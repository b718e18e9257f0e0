// The parts of a SpreadsheetML workbook that hold cells: the shared string
// table and the worksheets. A worksheet streams row by row into a table
// segment, cells placed by their reference (r="C5") so that an empty cell
// is an empty column and every value stays under its header.
//
// Thread-safety: not thread-safe; one per workbook being extracted.
#ifndef MAMORI_SCANNER_EXTRACT_OOXML_SHEET_H_
#define MAMORI_SCANNER_EXTRACT_OOXML_SHEET_H_

#include <cstdint>
#include <string>
#include <vector>

#include "extract_context.h"
#include "ooxml_cell_forms.h"
#include "xml_stream.h"

namespace mamori {

// The workbook's shared strings, held in one buffer within
// limits().max_member_bytes. Phonetic guides (rPh, the furigana Japanese
// Excel stores beside a name) are not part of a string's value.
class SharedStrings : public XmlHandler {
 public:
  SharedStrings(ExtractContext& ctx, std::string part);

  void Start(std::string_view name, const char** attrs) override;
  void End(std::string_view name) override;
  void Text(std::string_view text) override;
  // Strings of one plain run (ooxml_cell_forms.h).
  std::string_view FastPrefix() const override { return "<si><t"; }
  std::size_t TakeElement(const char* p, const char* end) override;

  std::size_t size() const { return ends_.size(); }
  std::string_view Get(std::size_t i) const;
  // False when the table was cut short (the cause is recorded).
  bool complete() const { return complete_; }

 private:
  void Overflow();
  void EndString();

  ExtractContext& ctx_;
  std::string part_;
  std::string blob_;
  std::vector<std::size_t> ends_;
  std::uint64_t limit_;
  bool in_si_ = false;
  bool in_t_ = false;
  int phonetic_ = 0;
  bool complete_ = true;
};

// One worksheet. The caller has opened the table segment.
class SheetHandler : public XmlHandler {
 public:
  SheetHandler(ExtractContext& ctx, std::string part, const SharedStrings& strings);

  void Start(std::string_view name, const char** attrs) override;
  void End(std::string_view name) override;
  void Text(std::string_view text) override;
  // Cells in their plain form (ooxml_cell_forms.h), and rows of them whole.
  std::string_view FastPrefix() const override { return "<"; }
  std::size_t TakeElement(const char* p, const char* end) override;

  // Writes the row still open (after malformed XML, the cells read so far).
  void Finish();

 private:
  // The cell types CellText tells apart (t="s", "b", "n" or none); the
  // others hold their text as it is.
  enum class CellType : unsigned char { kNumber, kShared, kBool, kOther };

  void StartCell(const char** attrs);
  void StartCell(std::string_view ref, std::string_view type);
  // Ends the open cell, whose value is `value` (value_ unless the cell was
  // taken whole).
  void EndCell(std::string_view value);
  void EndCell() { EndCell(value_); }
  void EndRow();
  std::string_view CellText(std::string_view value);
  std::size_t TakeRow(const char* p, const char* end);

  ExtractContext& ctx_;
  std::string part_;
  const SharedStrings& strings_;
  bool in_data_ = false;  // inside sheetData
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_v_ = false;
  bool in_is_ = false;
  bool in_t_ = false;
  int phonetic_ = 0;
  long col_ = 0;        // of the open cell
  long last_col_ = -1;  // of the previous cell in the row, for cells without r
  long next_col_ = 0;   // the column the next written cell lands in
  bool row_written_ = false;
  CellType type_ = CellType::kNumber;
  std::string value_;
  std::string number_;  // CellText's numeric form, reused
  std::string row_;
  std::vector<PlainCell> row_cells_;  // TakeRow's, reused
  // Rows TakeRow took, and those it read in part and left to the tokenizer.
  std::uint64_t rows_taken_ = 0;
  std::uint64_t rows_refused_ = 0;
  bool cut_reported_ = false;
  bool wide_reported_ = false;
  bool index_reported_ = false;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_OOXML_SHEET_H_
