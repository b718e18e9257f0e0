// The text of one XML member of an OpenDocument package — content.xml,
// styles.xml, an embedded object's content.xml — written through a
// MarkupWriter as it is parsed: paragraphs and headings as lines, tables
// (Writer tables, Calc sheets, Impress tables, chart data) as table
// segments, with a sheet's name as a line of running text before it.
//
// Thread-safety: a pure function of its arguments.
#ifndef MAMORI_SCANNER_EXTRACT_ODF_CONTENT_H_
#define MAMORI_SCANNER_EXTRACT_ODF_CONTENT_H_

#include <string>
#include <string_view>

#include "extract_context.h"
#include "markup_writer.h"
#include "odf_xml.h"

namespace mamori {

// Parses `in`, the member `name`. `styles`: the member is styles.xml, whose
// only text is in page headers and footers. On kMalformed the text before
// the fault has been written and *error says what went wrong.
XmlFeed ParseOdfText(ByteStream& in, std::string_view name, bool styles, MarkupWriter& out,
                     std::string* error);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_ODF_CONTENT_H_
