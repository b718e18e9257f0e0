#include "ooxml_text.h"

#include <algorithm>

#include "ooxml_cell_forms.h"
#include "table_text.h"

namespace mamori {

namespace {

// A running paragraph longer than this is written in pieces; a table row
// too, since the sink takes a row's cells in any number of writes.
constexpr std::size_t kFlushBytes = 1 << 20;
// Text bound for a table cell, which must be whole before it is written.
constexpr std::size_t kMaxCellBytes = 4 << 20;
// Excel's column count; Word allows 63. Bounds the padding of merged cells.
constexpr int kMaxColumns = 16384;

int GridCount(const char* value, int fallback) {
  if (value == nullptr) return fallback;
  long n = 0;
  for (const char* p = value; *p >= '0' && *p <= '9'; ++p) {
    n = n * 10 + (*p - '0');
    if (n > kMaxColumns) return kMaxColumns;
  }
  return static_cast<int>(n);
}

}  // namespace

OoxmlTextHandler::OoxmlTextHandler(ExtractContext& ctx, std::string part, OoxmlTextOptions options)
    : ctx_(ctx), part_(std::move(part)), options_(options) {
  frames_.emplace_back(Kind::kPara);
}

// Every element of the part comes here: the name's length picks the few
// comparisons that can match (the names below are all different, so the
// order they are tried in does not matter).
void OoxmlTextHandler::Start(std::string_view name, const char** attrs) {
  if (skip_depth_ > 0) {
    ++skip_depth_;
    return;
  }
  const Tag parent = tags_.empty() ? Tag::kOther : tags_.back();
  Tag tag = Tag::kOther;
  const auto para = [&] {
    tag = Tag::kPara;
    Push(Kind::kPara);
  };
  const auto tab = [&] {
    if (parent == Tag::kRun) Append(" ");  // a tab inside running text separates words, not cells
  };
  const auto line_break = [&] {
    if (parent == Tag::kRun || parent == Tag::kPara) Append("\n");
  };
  switch (name.size()) {
    case 1:
      if (name[0] == 'p') {
        para();
      } else if (name[0] == 'r') {
        tag = Tag::kRun;
      } else if (name[0] == 't') {
        tag = Tag::kText;
      }
      break;
    case 2:
      if (name == "cm") {
        para();
      } else if (name == "tr") {
        tag = Tag::kRow;
        Push(Kind::kRow);
      } else if (name == "tc") {
        tag = Tag::kCell;
        Push(Kind::kCell);
      } else if (name == "br" || name == "cr") {
        line_break();
      }
      break;
    case 3:
      if (name == "tbl") {
        tag = Tag::kTable;
        Push(Kind::kTable);
      } else if (name == "tab") {
        tab();
      }
      break;
    case 4:
      if (name == "ptab") {
        tab();
      } else if (options_.text_elements && name == "text") {
        tag = Tag::kText;
      }
      break;
    case 7:
      if (name == "comment") {
        para();
      } else if (name == "delText") {
        tag = Tag::kText;
      }
      break;
    case 8:
      if (name == "Fallback") {
        skip_depth_ = 1;
        return;
      }
      if (options_.word && name == "gridSpan" && frames_.back().kind == Kind::kCell) {
        frames_.back().span = std::max(1, GridCount(XmlAttr(attrs, "val"), 1));
      }
      break;
    case 10:
      if (options_.word && name == "gridBefore" && frames_.back().kind == Kind::kRow) {
        frames_.back().before = GridCount(XmlAttr(attrs, "val"), 0);
      }
      break;
    case 13:
      if (parent == Tag::kRun && name == "noBreakHyphen") Append("-");
      break;
    case 15:
      if (name == "threadedComment") para();
      break;
    default: break;
  }
  tags_.push_back(tag);
}

void OoxmlTextHandler::End(std::string_view) {
  if (skip_depth_ > 0) {
    --skip_depth_;
    return;
  }
  if (tags_.empty()) return;
  const Tag tag = tags_.back();
  tags_.pop_back();
  if ((tag == Tag::kPara || tag == Tag::kTable || tag == Tag::kRow || tag == Tag::kCell) &&
      frames_.size() > 1) {
    CloseTop();
  }
}

void OoxmlTextHandler::Text(std::string_view text) {
  if (skip_depth_ == 0 && !tags_.empty() && tags_.back() == Tag::kText) Append(text);
}

// As Start("t"), Text, End("t"): inside mc:Fallback nothing, else the text
// appended.
std::size_t OoxmlTextHandler::TakeElement(const char* p, const char* end) {
  std::string_view text;
  std::size_t length = 0;
  if (!ReadPlainText(p, end, options_.word ? 'w' : 'a', &text, &length)) return 0;
  if (skip_depth_ == 0 && !text.empty()) Append(text);
  return length;
}

void OoxmlTextHandler::Finish() {
  while (frames_.size() > 1) CloseTop();
  const std::string_view rest = TrimXmlSpace(frames_[0].text);
  if (!rest.empty()) WriteLine(rest);
  frames_[0].text.clear();
  CloseTable();
  tags_.clear();
  skip_depth_ = 0;
}

void OoxmlTextHandler::Push(Kind kind) {
  const Frame& below = frames_.back();
  Frame f(kind);
  f.text = std::move(spare_);  // its buffer, from a frame closed before
  f.text.clear();
  f.in_table = below.in_table || below.kind != Kind::kPara;
  if (kind == Kind::kTable) f.top = !f.in_table;
  // A row is the sink's when its table is; a row outside any table (not
  // valid, but possible) is treated as a table of its own.
  if (kind == Kind::kRow)
    f.top = !below.in_table && below.kind != Kind::kRow && below.kind != Kind::kCell;
  frames_.push_back(std::move(f));
}

void OoxmlTextHandler::CloseTop() {
  Frame f = std::move(frames_.back());
  frames_.pop_back();
  const std::size_t at = frames_.size();
  // The text is delivered as a view of f, which frames_ no longer holds.
  switch (f.kind) {
    case Kind::kPara: Deliver(TrimXmlSpace(f.text), at, 1); break;
    case Kind::kCell: Deliver(TrimXmlSpace(f.text), at, f.span); break;
    case Kind::kRow:
      if (!f.top) {
        Deliver(f.text, at, 1);
      } else if (!f.empty) {
        WriteRow(f, true);
      }
      break;
    case Kind::kTable:
      if (f.top) CloseTable();
      break;
  }
  // A paragraph per line of a document: the next frame reuses the buffer.
  spare_ = std::move(f.text);
}

void OoxmlTextHandler::Deliver(std::string_view text, std::size_t at, int span) {
  for (std::size_t i = at; i-- > 0;) {
    Frame& f = frames_[i];
    switch (f.kind) {
      case Kind::kCell:
        if (!text.empty()) AppendTo(f, text);
        return;
      case Kind::kRow: AddCell(f, text, span); return;
      case Kind::kPara:
        if (text.empty()) return;
        if (f.in_table) {
          AppendTo(f, text);
        } else {
          WriteLine(text);
        }
        return;
      case Kind::kTable:
        if (!f.top) continue;  // nested: its text belongs to the enclosing cell
        if (!text.empty()) {   // outside any row: a row of its own
          Frame row(Kind::kRow);
          row.top = true;
          AddCell(row, text, 1);
          WriteRow(row, true);
        }
        return;
    }
  }
}

void OoxmlTextHandler::AddCell(Frame& row, std::string_view text, int span) {
  auto add = [&](std::string_view cell) {
    if (row.top) {
      AppendCell(&row.text, cell, row.empty);
    } else if (!cell.empty()) {
      AppendTo(row, cell);
    }
    row.empty = false;
    ++row.cells;
  };
  // Padding is output the input does not pay for (a few bytes of
  // w:gridBefore make thousands of tabs): it is charged like expanded bytes.
  auto pad = [&](int n) {
    n = std::min(n, kMaxColumns - row.cells);
    if (n <= 0 || !ctx_.ChargeExpanded(static_cast<std::uint64_t>(n))) return;
    for (; n > 0; --n) add({});
  };
  if (options_.word && row.empty) pad(row.before);
  add(text);
  if (options_.word) pad(span - 1);
  if (row.top && row.text.size() > kFlushBytes) WriteRow(row, false);
}

// Text bound for a table (a cell, or a paragraph or row inside one): whole
// cells only, so past the bound the text is cut and the cut recorded.
void OoxmlTextHandler::AppendTo(Frame& frame, std::string_view text) {
  if (frame.text.size() + text.size() + 1 > kMaxCellBytes) {
    if (!cut_reported_) {
      cut_reported_ = true;
      ctx_.Error("truncated", part_ + ": table cell text over " +
                                  std::to_string(kMaxCellBytes >> 20) + " MiB was cut short");
    }
    return;
  }
  if (!frame.text.empty()) frame.text.push_back(' ');
  frame.text.append(text);
}

void OoxmlTextHandler::Append(std::string_view text) {
  std::size_t i = frames_.size() - 1;
  while (i > 0 && frames_[i].kind != Kind::kPara && frames_[i].kind != Kind::kCell) --i;
  Frame& f = frames_[i];
  if (f.kind == Kind::kPara && !f.in_table) {
    f.text.append(text);
    if (f.text.size() > kFlushBytes) {  // the line goes on in the next write
      CloseTable();
      ctx_.Write(f.text);
      f.text.clear();
    }
    return;
  }
  if (f.text.size() + text.size() > kMaxCellBytes) {
    if (!cut_reported_) {
      cut_reported_ = true;
      ctx_.Error("truncated", part_ + ": table cell text over " +
                                  std::to_string(kMaxCellBytes >> 20) + " MiB was cut short");
    }
    return;
  }
  f.text.append(text);
}

void OoxmlTextHandler::WriteLine(std::string_view text) {
  CloseTable();
  line_.assign(text);
  line_.push_back('\n');
  ctx_.Write(line_);
}

void OoxmlTextHandler::WriteRow(Frame& row, bool end) {
  if (!table_open_) {
    ctx_.BeginSegment('\t');
    table_open_ = true;
  }
  if (end) row.text.push_back('\n');
  ctx_.Write(row.text);
  row.text.clear();
}

void OoxmlTextHandler::CloseTable() {
  if (!table_open_) return;
  ctx_.BeginSegment(0);
  table_open_ = false;
}

void ExtractOoxmlText(ExtractContext& ctx, const std::string& name, ByteStream& data,
                      OoxmlTextOptions options) {
  OoxmlTextHandler handler(ctx, name, options);
  ParseXml(data, name, ctx, handler);
  handler.Finish();
}

}  // namespace mamori
