// HtmlText's reading of each tag once the tokenizer has it: HTML blocks,
// <pre> and tables; XML element nesting and SpreadsheetML tables.
#include <algorithm>

#include "markup_html.h"

namespace mamori {

namespace {

constexpr std::size_t kMaxOpen = 1000;
constexpr std::uint64_t kMaxSpan = 1024;

// Elements that end a line before and after them.
constexpr std::string_view kBlocks[] = {
    "p",        "div",        "li",     "ul",     "ol",       "dl",      "dt",         "dd",
    "h1",       "h2",         "h3",     "h4",     "h5",       "h6",      "blockquote", "pre",
    "section",  "article",    "header", "footer", "nav",      "aside",   "hr",         "address",
    "figure",   "figcaption", "main",   "form",   "fieldset", "legend",  "title",      "body",
    "head",     "html",       "option", "center", "menu",     "details", "summary",    "noscript",
    "textarea", "select",     "thead",  "tbody",  "tfoot",
};

bool IsBlock(std::string_view name) {
  return std::find(std::begin(kBlocks), std::end(kBlocks), name) != std::end(kBlocks);
}

std::uint64_t ParseCount(std::string_view s, std::uint64_t fallback) {
  std::uint64_t n = 0;
  bool any = false;
  for (char c : s) {
    if (c < '0' || c > '9') break;
    any = true;
    n = std::min<std::uint64_t>(n * 10 + static_cast<std::uint64_t>(c - '0'), 1u << 30);
  }
  return any ? n : fallback;
}

std::string_view LocalName(std::string_view name) {
  const std::size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

}  // namespace

void HtmlText::OpenCell(std::uint64_t colspan) {
  CloseCell();
  out_.BeginCell();
  if (tables_ == 1) colspan_ = std::clamp<std::uint64_t>(colspan, 1, kMaxSpan);
}

void HtmlText::CloseCell() {
  if (colspan_ == 0) return;
  FlushText();
  out_.EndCell();
  // The columns a spanning cell covers, kept so later headers line up.
  for (std::uint64_t i = 1; i < colspan_; ++i) {
    out_.BeginCell();
    out_.EndCell();
  }
  colspan_ = 0;
}

void HtmlText::HtmlTag(std::string_view name) {
  if (!end_tag_ && !self_closing_ && (name == "script" || name == "style")) {
    raw_end_ = "</" + std::string(name);
    raw_match_ = 0;
    state_ = State::kRawText;
    return;
  }
  if (name == "br") {
    FlushText();
    out_.Break();
    line_has_text_ = false;
    pending_space_ = false;
    return;
  }
  if (in_caption_ &&
      (name == "caption" || name == "tr" || name == "td" || name == "th" || name == "table")) {
    // The caption was running text; the table resumes as a new segment.
    SoftBreak();
    in_caption_ = false;
    out_.BeginTable();
    if (name == "caption") return;
  }
  if (name == "table") {
    SoftBreak();
    if (!end_tag_) {
      ++tables_;
      out_.BeginTable();
    } else if (tables_ > 0) {
      if (tables_ == 1) CloseCell();
      --tables_;
      out_.EndTable();
    }
    line_has_text_ = false;
    return;
  }
  if (tables_ > 0 && (name == "tr" || name == "td" || name == "th" || name == "caption")) {
    FlushText();
    pending_space_ = false;
    if (name == "caption") {
      if (!end_tag_ && tables_ == 1) {
        CloseCell();
        out_.EndTable();
        in_caption_ = true;
      }
    } else if (name == "tr") {
      if (tables_ == 1) CloseCell();
      end_tag_ ? out_.EndRow() : out_.BeginRow();
    } else if (!end_tag_) {
      OpenCell(ParseCount(Attr("colspan"), 1));
    } else if (tables_ == 1) {
      CloseCell();
    } else {
      out_.EndCell();
    }
    line_has_text_ = false;
    return;
  }
  if (name == "pre") pre_ = end_tag_ ? std::max(pre_ - 1, 0) : pre_ + 1;
  if (IsBlock(name) || name == "tr" || name == "td" || name == "th" || name == "caption") {
    SoftBreak();
  }
}

void HtmlText::XmlTag(std::string_view name) {
  SoftBreak();
  if (!end_tag_) {
    if (!spreadsheet_ &&
        attrs_.find("urn:schemas-microsoft-com:office:spreadsheet") != std::string::npos) {
      spreadsheet_ = true;
    }
    if (spreadsheet_) SpreadsheetTag(LocalName(name));
    if (self_closing_) {
      if (spreadsheet_) {
        end_tag_ = true;
        SpreadsheetTag(LocalName(name));
      }
      return;
    }
    if (open_.size() < kMaxOpen && open_overflow_ == 0) {
      open_.emplace_back(name);
    } else {
      ++open_overflow_;
    }
    return;
  }
  if (spreadsheet_) SpreadsheetTag(LocalName(name));
  if (open_overflow_ > 0) {
    --open_overflow_;
  } else if (open_.empty()) {
    MalformedOnce("end tag </" + std::string(name) + "> with no element open, at line " +
                  std::to_string(line_));
  } else {
    if (open_.back() != name) {
      MalformedOnce("<" + open_.back() + "> closed by </" + std::string(name) + ">, at line " +
                    std::to_string(line_));
    }
    open_.pop_back();
  }
}

void HtmlText::SpreadsheetTag(std::string_view local) {
  if (local == "Worksheet" && !end_tag_) {
    const std::string sheet = Attr("ss:Name");
    if (!sheet.empty()) {
      out_.Text(sheet);
      out_.Break();
    }
  } else if (local == "Table") {
    end_tag_ ? out_.EndTable() : out_.BeginTable();
  } else if (local == "Row") {
    end_tag_ ? out_.EndRow() : out_.BeginRow();
    column_ = 0;
  } else if (local == "Cell") {
    if (end_tag_) {
      out_.EndCell();
      return;
    }
    // ss:Index (1-based) skips the empty columns before the cell.
    const std::uint64_t index = ParseCount(Attr("ss:Index"), 0);
    for (std::uint64_t k = 0; index > column_ + 1 && k < kMaxSpan; ++k, ++column_) {
      out_.BeginCell();
      out_.EndCell();
    }
    out_.BeginCell();
    ++column_;
  }
}

}  // namespace mamori
