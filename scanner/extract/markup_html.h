// The text of HTML and XML, already decoded to UTF-8, fed in chunks of any
// size: a forgiving tokenizer (tags, comments, CDATA, declarations,
// processing instructions, character references) that never fails on bad
// markup.
//
// HTML: tags are stripped; <script> and <style> content and comments are
// skipped; block elements (p, div, br, li, h1-h6, tr, ...) end lines;
// white space collapses as a browser shows it (kept in <pre>); tables
// (<table>, <tr>, <td>/<th> with colspan) become table segments.
// XML: the text of each element on a line of its own; attributes are
// ignored, except that SpreadsheetML (Excel 2003 XML) sheets become table
// segments named by their worksheet.
//
// Thread-safety: not thread-safe; one per document.
#ifndef MAMORI_SCANNER_EXTRACT_MARKUP_HTML_H_
#define MAMORI_SCANNER_EXTRACT_MARKUP_HTML_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract_context.h"
#include "markup_writer.h"

namespace mamori {

class HtmlText {
 public:
  HtmlText(MarkupWriter& out, bool xml);

  void Feed(std::string_view utf8);
  // The end of the input: records input that ends inside markup ("truncated"
  // for HTML; "malformed-xml" for XML, also for unbalanced elements).
  void Finish(ExtractContext& ctx);

 private:
  enum class State {
    kText,
    kEntity,
    kTagOpen,
    kBang,
    kTagName,
    kAttrs,
    kAttrDq,
    kAttrSq,
    kComment,
    kCdata,
    kDecl,
    kPi,
    kRawText,
  };

  void TextChar(char c);
  void TextString(std::string_view s);
  void FlushText();
  void SoftBreak();
  void EndEntity(bool semicolon);
  void TagDone();
  void HtmlTag(std::string_view name);
  void XmlTag(std::string_view name);
  void SpreadsheetTag(std::string_view local);
  std::string Attr(std::string_view name) const;
  void OpenCell(std::uint64_t colspan);
  void CloseCell();
  void MalformedOnce(std::string message);

  MarkupWriter& out_;
  const bool xml_;
  State state_ = State::kText;
  std::uint64_t line_ = 1;

  // Text.
  std::string text_;
  bool pending_space_ = false;
  bool line_has_text_ = false;
  int pre_ = 0;
  std::string entity_;

  // The tag being read.
  std::string name_;
  std::string attrs_;
  bool end_tag_ = false;
  bool self_closing_ = false;
  std::string bang_;  // after "<!": "--" or "[CDATA[" so far
  int run_ = 0;       // '-' in a comment, ']' in CDATA, '[' depth in a declaration
  bool pi_question_ = false;
  std::string raw_end_;  // "</script" while in script or style
  std::size_t raw_match_ = 0;

  // HTML tables.
  int tables_ = 0;
  std::uint64_t colspan_ = 0;  // of the open cell of the outermost table; 0: none
  bool in_caption_ = false;

  // XML.
  std::vector<std::string> open_;
  std::uint64_t open_overflow_ = 0;
  std::string malformed_;
  bool spreadsheet_ = false;  // SpreadsheetML seen
  std::uint64_t column_ = 0;  // cells written in the open SpreadsheetML row
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_MARKUP_HTML_H_
