// OoxmlTextHandler: the text of a WordprocessingML or DrawingML part — docx
// bodies, headers, notes and comments; pptx slides and notes; xlsx comments
// and drawings — written to the context as paragraphs and tables.
//
// A paragraph's runs are joined with nothing between them (Word splits a
// value across runs at will), and each paragraph becomes one line of running
// text. A table becomes a table segment, one row per line, the paragraphs of
// a cell joined with a space; a table nested in a cell is flattened into
// that cell's text. Paragraphs in text boxes are paragraphs like any other;
// the fallback copy Word keeps of each text box (mc:Fallback) is skipped so
// its text is not counted twice.
//
// Thread-safety: not thread-safe; one handler per part being parsed.
#ifndef MAMORI_SCANNER_EXTRACT_OOXML_TEXT_H_
#define MAMORI_SCANNER_EXTRACT_OOXML_TEXT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "extract_context.h"
#include "xml_stream.h"

namespace mamori {

struct OoxmlTextOptions {
  // WordprocessingML leaves merged cells out and says how many grid columns
  // a cell spans (w:gridSpan) or a row skips (w:gridBefore); empty cells are
  // put in their place so columns stay under their headers. DrawingML keeps
  // merged cells as empty a:tc elements and needs none of this.
  bool word = false;
  // Elements named "text" hold plain text (pptx comments, xlsx threaded
  // comments) rather than runs.
  bool text_elements = false;
};

class OoxmlTextHandler : public XmlHandler {
 public:
  OoxmlTextHandler(ExtractContext& ctx, std::string part, OoxmlTextOptions options);

  void Start(std::string_view name, const char** attrs) override;
  void End(std::string_view name) override;
  void Text(std::string_view text) override;
  // Text elements of one plain run (ooxml_cell_forms.h): <w:t> in Word,
  // <a:t> in DrawingML. Other elements starting so (w:tbl, w:tc, w:tab...)
  // are declined at their next byte.
  std::string_view FastPrefix() const override { return options_.word ? "<w:t" : "<a:t"; }
  std::size_t TakeElement(const char* p, const char* end) override;

  // Writes whatever is still open, at the end of the part or where malformed
  // XML cut it short, and leaves the context in running text.
  void Finish();

 private:
  enum class Kind : std::uint8_t { kPara, kTable, kRow, kCell };
  // What each open element is, so End and Text know without names.
  enum class Tag : std::uint8_t { kOther, kRun, kText, kPara, kTable, kRow, kCell };
  struct Frame {
    explicit Frame(Kind k) : kind(k) {}
    Kind kind;
    bool in_table = false;  // some table, row or cell encloses it
    bool top = false;       // table or row whose rows go to the sink
    bool empty = true;      // row: no cell yet
    int span = 1;           // cell: grid columns it covers (Word)
    int before = 0;         // row: grid columns skipped before its first cell (Word)
    int cells = 0;          // row: cells so far, padding included
    std::string text;       // paragraph or cell text; a row's cells so far
  };

  void Push(Kind kind);
  void CloseTop();
  // Hands finished paragraph, cell or row text to what encloses frame `at`.
  void Deliver(std::string_view text, std::size_t at, int span);
  void AddCell(Frame& row, std::string_view text, int span);
  void AppendTo(Frame& frame, std::string_view text);
  void Append(std::string_view text);
  void WriteLine(std::string_view text);
  void WriteRow(Frame& row, bool end);
  void CloseTable();

  ExtractContext& ctx_;
  std::string part_;
  OoxmlTextOptions options_;
  std::vector<Frame> frames_;  // frames_[0]: text outside any paragraph
  std::vector<Tag> tags_;
  std::string spare_;        // the text buffer of the frame closed last, for the next
  std::string line_;         // WriteLine's, reused
  int skip_depth_ = 0;       // inside mc:Fallback
  bool table_open_ = false;  // the context is in a table segment
  bool cut_reported_ = false;
};

// Parses part `name` from `data` with an OoxmlTextHandler; what came before
// malformed XML is kept.
void ExtractOoxmlText(ExtractContext& ctx, const std::string& name, ByteStream& data,
                      OoxmlTextOptions options);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_OOXML_TEXT_H_
