// PartSink: where extractors deliver text. A part is the text of the file
// itself or of one member of a container; findings are counted per part.
// Within a part, segments say how the text is laid out, so that column
// headers keep working for tables: a table segment holds rows separated by
// '\n' and cells separated by '\t' (see table_text.h), running text is
// anything else.
//
// Thread-safety: not thread-safe; one per worker.
#ifndef MAMORI_SCANNER_EXTRACT_PART_SINK_H_
#define MAMORI_SCANNER_EXTRACT_PART_SINK_H_

#include <string_view>

namespace mamori {

class PartSink {
 public:
  virtual ~PartSink() = default;

  // Starts the part of `member` (path inside the on-disk file, "" for the
  // file itself) in running-text layout. `format` names what it was
  // extracted from ("docx", "csv", ...). Parts do not nest: an extractor
  // ends its part before it recurses into a member.
  virtual void BeginPart(std::string_view member, std::string_view format) = 0;

  // What follows, up to the next segment, is table rows ('\t') or running
  // text (0). A new table segment has its own header row.
  virtual void BeginSegment(char delimiter) = 0;

  // Appends UTF-8 text to the open part.
  virtual void Write(std::string_view utf8) = 0;

  // Appends bytes of unknown encoding (a CSV inside a zip): the sink detects
  // the encoding from the first bytes and decodes. `end` marks the last call.
  virtual void WriteRaw(std::string_view bytes, bool end) = 0;

  virtual void EndPart() = 0;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_PART_SINK_H_
