#include "ooxml_sheet.h"

#include "ooxml_cell_forms.h"
#include "table_text.h"

namespace mamori {

namespace {

constexpr long kMaxColumns = 16384;  // Excel's, A to XFD
// Excel holds 32767 characters in a cell; anything far past that is hostile.
constexpr std::size_t kMaxCellBytes = 4 << 20;
constexpr std::size_t kFlushBytes = 1 << 20;
constexpr std::size_t kEntryCost = sizeof(std::size_t);

// "C5" → 2; -1 when `ref` does not start with a column; kMaxColumns when
// past XFD.
long ColumnOf(std::string_view ref) {
  long col = 0;
  int letters = 0;
  for (char c : ref) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    if (++letters > 3) return kMaxColumns;
    col = col * 26 + (c - 'A' + 1);
  }
  if (letters == 0) return -1;
  return std::min(col - 1, kMaxColumns);
}

// Records a problem once (*reported); out of line, so that the per-cell
// functions that may report one stay small.
[[gnu::noinline, gnu::cold]] void ReportOnce(ExtractContext& ctx, bool* reported,
                                             std::string_view reason, const std::string& part,
                                             std::string_view what) {
  if (*reported) return;
  *reported = true;
  ctx.Error(reason, part + std::string(what));
}

// The one letter that is the local name of the attribute name `qname` (as
// XmlAttr takes it: after the last colon), or '\0' when that is longer.
inline char OneLetterLocalName(const char* qname) {
  if (qname[0] != '\0' && qname[1] == '\0') return qname[0];  // most: "r", "t"
  const char* local = qname;
  for (const char* p = qname; *p != '\0'; ++p) {
    if (*p == ':') local = p + 1;
  }
  return local[0] != '\0' && local[1] == '\0' ? local[0] : '\0';
}

}  // namespace

SharedStrings::SharedStrings(ExtractContext& ctx, std::string part)
    : ctx_(ctx), part_(std::move(part)), limit_(ctx.limits().max_member_bytes) {}

// Start and End see every element of the table: the name's length picks
// the one comparison that can match.
void SharedStrings::Start(std::string_view name, const char**) {
  switch (name.size()) {
    case 1:
      if (name[0] == 't' && in_si_) in_t_ = true;
      break;
    case 2:
      if (name == "si") {
        in_si_ = true;
        phonetic_ = 0;
      }
      break;
    case 3:
      if (name == "rPh") ++phonetic_;
      break;
    default: break;
  }
}

void SharedStrings::End(std::string_view name) {
  switch (name.size()) {
    case 1:
      if (name[0] == 't') in_t_ = false;
      break;
    case 2:
      if (name == "si") EndString();
      break;
    case 3:
      if (name == "rPh" && phonetic_ > 0) --phonetic_;
      break;
    default: break;
  }
}

void SharedStrings::EndString() {
  in_si_ = false;
  if (!complete_) return;
  if (blob_.size() + (ends_.size() + 1) * kEntryCost > limit_) return Overflow();
  ends_.push_back(blob_.size());
}

// As Start("si"), Start("t"), Text, End("t"), End("si").
std::size_t SharedStrings::TakeElement(const char* p, const char* end) {
  std::string_view text;
  std::size_t length = 0;
  if (!ReadPlainSharedString(p, end, &text, &length)) return 0;
  in_si_ = in_t_ = true;
  phonetic_ = 0;
  if (!text.empty()) Text(text);
  in_t_ = false;
  EndString();
  return length;
}

void SharedStrings::Overflow() {
  complete_ = false;
  ctx_.Error("member-too-large",
             part_ + ": shared strings over the in-memory limit of " + std::to_string(limit_) +
                 " bytes (--max-member-bytes); cells using later strings were left empty");
}

void SharedStrings::Text(std::string_view text) {
  if (!in_si_ || !in_t_ || phonetic_ > 0 || !complete_) return;
  if (blob_.size() + text.size() + (ends_.size() + 1) * kEntryCost > limit_) return Overflow();
  blob_.append(text);
}

std::string_view SharedStrings::Get(std::size_t i) const {
  const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
  return std::string_view(blob_).substr(begin, ends_[i] - begin);
}

SheetHandler::SheetHandler(ExtractContext& ctx, std::string part, const SharedStrings& strings)
    : ctx_(ctx), part_(std::move(part)), strings_(strings) {}

// Start and End see every element of the sheet: the name's length picks
// the one comparison that can match.
void SheetHandler::Start(std::string_view name, const char** attrs) {
  switch (name.size()) {
    case 1:
      if (!in_data_) return;
      if (name[0] == 'c') {
        StartCell(attrs);
      } else if (!in_cell_) {
        return;
      } else if (name[0] == 'v') {
        in_v_ = true;
      } else if (name[0] == 't' && in_is_) {
        in_t_ = true;
      }
      break;
    case 2:
      if (in_data_ && in_cell_ && name == "is") in_is_ = true;
      break;
    case 3:
      if (!in_data_) return;
      if (name == "row") {
        EndRow();
        in_row_ = true;
      } else if (in_cell_ && name == "rPh") {
        ++phonetic_;
      }
      break;
    case 9:
      if (name == "sheetData") in_data_ = true;
      break;
    default: break;
  }
}

void SheetHandler::StartCell(const char** attrs) {
  // r and t in one pass; the first of each counts, as with XmlAttr.
  const char* ref = nullptr;
  const char* type = nullptr;
  if (attrs != nullptr) {
    for (int i = 0; attrs[i] != nullptr && attrs[i + 1] != nullptr; i += 2) {
      const char local = OneLetterLocalName(attrs[i]);
      if (local == 'r' && ref == nullptr) {
        ref = attrs[i + 1];
      } else if (local == 't' && type == nullptr) {
        type = attrs[i + 1];
      }
    }
  }
  // Absent and empty are alike to both.
  StartCell(ref != nullptr ? std::string_view(ref) : std::string_view(),
            type != nullptr ? std::string_view(type) : std::string_view());
}

// StartCell, CellText and EndCell are forced inline: TakeElement runs them
// for nearly every cell, and as calls they cost the benchmark's xlsx files
// 2% more instructions (callgrind) and 1.8% more CPU.
[[gnu::always_inline]] inline void SheetHandler::StartCell(std::string_view ref,
                                                           std::string_view type) {
  if (in_cell_) EndCell();
  in_row_ = true;  // a cell outside a row starts one
  const long col = ColumnOf(ref);
  col_ = col >= 0 ? col : std::min(last_col_ + 1, kMaxColumns);
  last_col_ = col_;
  type_ = CellType::kOther;
  if (type.empty()) {
    type_ = CellType::kNumber;
  } else if (type.size() == 1) {
    if (type[0] == 's') type_ = CellType::kShared;
    if (type[0] == 'b') type_ = CellType::kBool;
    if (type[0] == 'n') type_ = CellType::kNumber;
  }
  value_.clear();
  in_cell_ = true;
  phonetic_ = 0;
}

// A cell as Start("c"), Start("v"), Text, End("v"), End("c"); a row as in
// TakeRow. Left to those: cells and rows outside sheetData, where they do
// nothing; and those inside a cell left open, whose end would be written
// first and might trip a limit (the parse then stops at the next tag,
// before this cell's value).
std::size_t SheetHandler::TakeElement(const char* p, const char* end) {
  if (!in_data_ || in_cell_) return 0;
  if (p[1] == 'r') return TakeRow(p, end);
  PlainCell cell;
  if (!ReadPlainCell(p, end, &cell)) return 0;
  StartCell(cell.ref, cell.type);
  static_assert(kMaxFastElementBytes < kMaxCellBytes, "a plain cell is never cut");
  EndCell(cell.value);
  return cell.length;
}

// As Start("row"), the events of its cells and End("row"), for a row of
// plain cells. Why: a row's two tags went through the tokenizer's general
// path, 7% of the instructions of the benchmark's xlsx files; taken whole,
// the files take 5% fewer instructions (callgrind) and 2-3% less CPU.
//
// Only the gaps before far columns, charged to the expanded-bytes budget,
// could stop the file in the middle of a row, where the tokenizer would
// have stopped at the next cell's tag: so rows are taken only while the
// budget holds the widest row's gaps. A row that is not plain was read for
// nothing, its plain cells then read again one by one: once more than 16
// rows were, and they are over a fifth as many as the rows taken, the
// sheet stops trying. (With a formula at the end of every other row,
// trying them all cost 4% more instructions than taking no row whole.)
std::size_t SheetHandler::TakeRow(const char* p, const char* end) {
  constexpr std::uint64_t kFreeRefusals = 16;
  if (rows_refused_ > kFreeRefusals && rows_refused_ * 5 > rows_taken_) return 0;
  std::size_t length = 0;
  if (!ReadPlainRowStart(p, end, &length)) return 0;
  if (!ctx_.ExpandedFits(kMaxColumns)) return 0;
  const char* q = p + length;
  row_cells_.clear();
  PlainCell cell;
  while (end - q >= 3 && q[1] == 'c' && ReadPlainCell(q, end, &cell)) {
    row_cells_.push_back(cell);
    q += cell.length;
  }
  constexpr std::string_view kEnd = "</row>";
  if (static_cast<std::size_t>(end - q) < kEnd.size() || std::string_view(q, kEnd.size()) != kEnd) {
    ++rows_refused_;
    return 0;
  }
  ++rows_taken_;
  EndRow();
  in_row_ = true;
  for (const PlainCell& c : row_cells_) {
    StartCell(c.ref, c.type);
    EndCell(c.value);
  }
  EndRow();
  return static_cast<std::size_t>(q + kEnd.size() - p);
}

void SheetHandler::End(std::string_view name) {
  if (!in_data_) return;
  switch (name.size()) {
    case 1:
      if (name[0] == 'c') {
        if (in_cell_) EndCell();
      } else if (name[0] == 'v') {
        in_v_ = false;
      } else if (name[0] == 't') {
        in_t_ = false;
      }
      break;
    case 2:
      if (name == "is") in_is_ = false;
      break;
    case 3:
      if (name == "row") {
        EndRow();
      } else if (name == "rPh") {
        if (phonetic_ > 0) --phonetic_;
      }
      break;
    case 9:
      if (name == "sheetData") {
        Finish();
        in_data_ = false;
      }
      break;
    default: break;
  }
}

void SheetHandler::Text(std::string_view text) {
  if (!in_cell_ || !(in_v_ || (in_t_ && phonetic_ == 0))) return;
  if (value_.size() + text.size() > kMaxCellBytes) {
    static_assert(kMaxCellBytes >> 20 == 4, "the message below names the limit");
    return ReportOnce(ctx_, &cut_reported_, "truncated", part_,
                      ": a cell over 4 MiB was cut short");
  }
  value_.append(text);
}

void SheetHandler::Finish() {
  if (in_cell_) EndCell();
  EndRow();
}

[[gnu::always_inline]] inline std::string_view SheetHandler::CellText(std::string_view value) {
  if (type_ == CellType::kShared) {
    const std::string_view v = TrimXmlSpace(value);
    std::size_t index = 0;
    bool digits = !v.empty() && v.size() <= 12;
    for (std::size_t i = 0; digits && i < v.size(); ++i) {
      const unsigned d = static_cast<unsigned char>(v[i]) - unsigned{'0'};
      digits = d <= 9;
      index = index * 10 + d;
    }
    if (digits && index < strings_.size()) return strings_.Get(index);
    if (strings_.complete()) {
      ReportOnce(ctx_, &index_reported_, "corrupt", part_,
                 ": a cell refers to a shared string the workbook does not have");
    }
    return {};
  }
  if (type_ == CellType::kBool) {
    const std::string_view v = TrimXmlSpace(value);
    return v == "1" ? "TRUE" : v == "0" ? "FALSE" : v;
  }
  if (type_ == CellType::kNumber) {
    return NumberCellText(TrimXmlSpace(value), &number_);
  }
  return value;  // inlineStr, str (a formula's text), e (an error), d (ISO date)
}

[[gnu::always_inline]] inline void SheetHandler::EndCell(std::string_view value) {
  in_cell_ = in_v_ = in_is_ = in_t_ = false;
  // A view of the value (value_, cleared when the next cell starts, or the
  // parser's bytes), of a shared string or of number_: no copy per cell.
  const std::string_view text = CellText(value);
  if (TrimXmlSpace(text).empty()) return;
  if (col_ >= kMaxColumns) {
    return ReportOnce(ctx_, &wide_reported_, "corrupt", part_,
                      ": cells past column XFD (16384) were not read");
  }
  // Cells come in column order; one that does not is put after the last.
  const long col = std::max(col_, next_col_);
  const auto gap = static_cast<std::size_t>(col - next_col_);
  if (gap > 0) {
    // Empty columns cost output but no input: a row of one cell in XFD
    // is 16383 tabs. Charge them like expanded bytes.
    if (!ctx_.ChargeExpanded(gap)) return;
    row_.append(gap, '\t');
  }
  AppendCell(&row_, text, !row_written_);
  row_written_ = true;
  next_col_ = col + 1;
  if (row_.size() > kFlushBytes) {
    ctx_.Write(row_);
    row_.clear();
  }
}

void SheetHandler::EndRow() {
  if (row_written_) {
    row_.push_back('\n');
    ctx_.Write(row_);
  }
  row_.clear();
  row_written_ = false;
  in_row_ = false;
  last_col_ = -1;
  next_col_ = 0;
}

}  // namespace mamori
