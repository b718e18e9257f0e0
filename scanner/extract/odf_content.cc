#include "odf_content.h"

#include <vector>

#include "table_text.h"

namespace mamori {

namespace {

constexpr std::uint64_t kMaxSpaces = 1024;
// Repeat attributes are read up to this (the writer caps what it writes).
constexpr std::uint64_t kCountCap = std::uint64_t{1} << 40;

bool IsHeaderOrFooter(std::string_view local) {
  return local == "header" || local == "footer" || local == "header-left" ||
         local == "footer-left" || local == "header-first" || local == "footer-first";
}

bool NumericType(const char* type) {
  if (type == nullptr) return false;
  const std::string_view t(type);
  return t == "float" || t == "currency" || t == "percentage";
}

// A stored number as the integer digits someone typed, or "".
std::string IntegerDigits(const char* value) {
  if (value == nullptr) return {};
  std::string scratch;
  const std::string_view digits = NumberCellText(value, &scratch);
  if (digits.empty()) return {};
  for (char c : digits) {
    if (c < '0' || c > '9') return {};
  }
  return std::string(digits);
}

class OdfTextHandler : public OdfXmlHandler {
 public:
  OdfTextHandler(bool styles, MarkupWriter& out) : styles_(styles), out_(out) {}

  void Start(const char* raw, const char** atts) override {
    if (skip_ > 0) {
      ++skip_;
      return;
    }
    const OdfName n = SplitOdfName(raw);
    switch (n.ns) {
      case OdfNs::kText:
        if (n.local == "p" || n.local == "h") {
          // A paragraph inside one (a footnote's body) starts apart from it.
          if (++paragraphs_ > 1 && Collecting()) out_.Space();
        } else if (n.local == "s") {
          if (Collecting()) {
            out_.Text(
                std::string(OdfCount(FindOdfAttr(atts, OdfNs::kText, "c"), 1, kMaxSpaces), ' '));
          }
        } else if (n.local == "tab") {
          if (Collecting()) out_.Text("\t");
        } else if (n.local == "line-break") {
          if (Collecting()) out_.Break();
        } else if (n.local == "note-citation") {
          // The footnote's number would run into the digits beside it.
          skip_ = 1;
        }
        break;
      case OdfNs::kDc:
      case OdfNs::kMeta:
        // Comment authors and dates, not the document's text.
        skip_ = 1;
        break;
      case OdfNs::kStyle:
        if (IsHeaderOrFooter(n.local)) ++headers_;
        break;
      case OdfNs::kOffice:
        if (n.local == "spreadsheet") spreadsheet_ = true;
        break;
      case OdfNs::kTable:
        if (!InScope()) break;
        if (n.local == "table") {
          if (spreadsheet_ && !out_.in_table()) {
            if (const char* sheet = FindOdfAttr(atts, OdfNs::kTable, "name")) {
              out_.Text(sheet);
              out_.Break();
            }
          }
          out_.BeginTable();
        } else if (n.local == "table-row") {
          rows_.push_back(
              OdfCount(FindOdfAttr(atts, OdfNs::kTable, "number-rows-repeated"), 1, kCountCap));
          out_.BeginRow();
        } else if (n.local == "table-cell" || n.local == "covered-table-cell") {
          Cell cell;
          cell.repeat =
              OdfCount(FindOdfAttr(atts, OdfNs::kTable, "number-columns-repeated"), 1, kCountCap);
          if (NumericType(FindOdfAttr(atts, OdfNs::kOffice, "value-type"))) {
            cell.number = IntegerDigits(FindOdfAttr(atts, OdfNs::kOffice, "value"));
          }
          cells_.push_back(std::move(cell));
          out_.BeginCell();
        }
        break;
      default: break;
    }
  }

  void End(const char* raw) override {
    if (skip_ > 0) {
      --skip_;
      return;
    }
    const OdfName n = SplitOdfName(raw);
    switch (n.ns) {
      case OdfNs::kText:
        if ((n.local == "p" || n.local == "h") && paragraphs_ > 0) {
          if (Collecting()) out_.Break();
          --paragraphs_;
        }
        break;
      case OdfNs::kStyle:
        if (IsHeaderOrFooter(n.local) && headers_ > 0) --headers_;
        break;
      case OdfNs::kTable:
        if (!InScope()) break;
        if (n.local == "table") {
          out_.EndTable();
        } else if (n.local == "table-row") {
          std::uint64_t repeat = 1;
          if (!rows_.empty()) {
            repeat = rows_.back();
            rows_.pop_back();
          }
          out_.EndRow(repeat);
        } else if ((n.local == "table-cell" || n.local == "covered-table-cell") &&
                   !cells_.empty()) {
          Cell& cell = cells_.back();
          // A number with no displayed text: the value as typed.
          if (!cell.has_text && !cell.number.empty()) out_.Text(cell.number);
          const std::uint64_t repeat = cell.repeat;
          cells_.pop_back();
          out_.EndCell(repeat);
        }
        break;
      default: break;
    }
  }

  void Chars(std::string_view text) override {
    if (skip_ > 0 || !Collecting()) return;
    // Line ends and tabs in the XML are white space in ODF text; tabs and
    // breaks are elements of their own.
    std::string clean(text);
    for (char& c : clean) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    if (!cells_.empty()) cells_.back().has_text = true;
    out_.Text(clean);
  }

 private:
  struct Cell {
    std::uint64_t repeat = 1;
    std::string number;  // integer digits of a numeric cell's value
    bool has_text = false;
  };

  // styles.xml holds text only in page headers and footers; the rest is
  // templates (placeholder text of master pages).
  bool InScope() const { return !styles_ || headers_ > 0; }
  bool Collecting() const { return paragraphs_ > 0 && InScope(); }

  const bool styles_;
  MarkupWriter& out_;
  int skip_ = 0;  // depth inside an element whose text is not taken
  int paragraphs_ = 0;
  int headers_ = 0;
  bool spreadsheet_ = false;
  std::vector<std::uint64_t> rows_;
  std::vector<Cell> cells_;
};

}  // namespace

XmlFeed ParseOdfText(ByteStream& in, std::string_view name, bool styles, MarkupWriter& out,
                     std::string* error) {
  OdfTextHandler handler(styles, out);
  OdfXmlParser parser(&handler);
  return parser.Feed(in, name, error);
}

}  // namespace mamori
