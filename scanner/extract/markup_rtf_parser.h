// RtfParser: one ParseRtf call (markup_rtf.h), in two halves sharing its
// state. markup_rtf.cc reads groups, control words and symbols, and decides
// which destinations are skipped and which font and code page apply;
// markup_rtf_text.cc decodes the text kept and writes it, with paragraphs
// and table rows, to the MarkupWriter. Only those two files use it.
//
// Thread-safety: not thread-safe; one per document.
#ifndef MAMORI_SCANNER_EXTRACT_MARKUP_RTF_PARSER_H_
#define MAMORI_SCANNER_EXTRACT_MARKUP_RTF_PARSER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extract_context.h"
#include "markup_charset.h"
#include "markup_writer.h"

namespace mamori {

class RtfParser {
 public:
  RtfParser(std::string_view data, ExtractContext& ctx, MarkupWriter& out)
      : data_(data), ctx_(ctx), out_(out) {}

  void Run();

 private:
  struct Group {
    bool skip = false;        // a destination whose text is not taken
    bool font_table = false;  // \fonttbl
    bool starred = false;     // \* began the group: an unknown destination is skipped
    bool first = true;        // no control word read in the group yet
    int uc = 1;               // fallback characters after \uN
    int font = -1;
  };

  int depth() const { return static_cast<int>(stack_.size()) + overflow_; }

  // The tokenizer (markup_rtf.cc).
  void Open();
  void Close();
  void PlainText();
  void Control();
  void Symbol(char c);
  void Word(std::string_view w, std::int64_t param, bool has_param);
  void FontTableWord(std::string_view w, std::int64_t param);

  // The text and table output (markup_rtf_text.cc).
  void Unicode(std::int64_t param);
  void AddBytes(std::string_view bytes);
  void FlushBytes();
  void Text(std::string_view utf8);
  void Paragraph();
  void TableRow();
  void Cell();
  void Row();

  std::string_view data_;
  ExtractContext& ctx_;
  MarkupWriter& out_;
  std::size_t pos_ = 0;
  bool done_ = false;

  Group cur_;
  std::vector<Group> stack_;
  int overflow_ = 0;  // groups opened past kMaxRtfDepth
  bool depth_reported_ = false;

  int code_page_ = 1252;  // \ansicpg
  int default_font_ = -1;
  int table_font_ = -1;  // the font being defined in \fonttbl
  std::unordered_map<int, int> font_code_page_;
  std::string pending_;
  MarkupDecoder decoder_;
  int decoder_code_page_ = -1;
  int skip_chars_ = 0;  // \uN fallback still to skip
  char32_t high_surrogate_ = 0;
  bool in_table_paragraph_ = false;  // \intbl
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_MARKUP_RTF_PARSER_H_
