// TokenizeXml: our own streaming XML tokenizer for UTF-8 parts, the fast
// path of ParseXml (xml_stream.h); expat stays for everything else.
//
// Why not expat: over 500 xlsx/docx files, expat took 46% of the scan time
// (about 220 MB/s of XML per core) while inflating the zips took 16%. Office
// files are to scan at 0.7 times the speed of decompression or better, so
// the XML stage has to run at 1 GB/s or more per core. This tokenizer does
// only what the handlers need: text is scanned 16 bytes at a time (SSE2) for
// the next '<', '&', ']' or CR; attribute values are decoded in place in the
// read buffer; nothing is allocated per element; the input is checked to be
// UTF-8 32 bytes at a time (AVX2; 16 with SSE2 alone), in a pass of its own
// as each chunk is read; and a handler may take its commonest elements (a
// sheet's cells, a run's text) whole from the checked bytes
// (XmlHandler::TakeElement).
//
// For a well-formed document it reports exactly expat's events: names with
// their prefixes (the handler gets the local name), attribute values with
// references decoded and TAB, CR, LF (CRLF once) made spaces, text with CRLF
// and CR made LF, CDATA as text, comments and processing instructions
// skipped. It rejects what expat rejects (recorded as "malformed-xml" with
// the part, the reason and the line), and also, beyond expat:
//   - any DOCTYPE (there is no DTD support; ParseXml refuses one under expat
//     too), so only the five predefined entities and character references
//     exist;
//   - a single tag, reference or XML declaration over kMaxXmlTokenBytes, or
//     open elements whose names add up to more ("token too long"), so that
//     hostile input cannot grow memory without bound;
//   - elements nested deeper than kMaxXmlDepth (as ParseXml under expat).
//
// Not UTF-8: a UTF-16 byte order mark or first character, or an XML
// declaration naming an encoding other than UTF-8 or US-ASCII, makes it stop
// before reporting anything (kNotUtf8), and ParseXml gives the part to expat.
//
// Thread-safety: a parse uses only its arguments.
#ifndef MAMORI_SCANNER_EXTRACT_XML_TOKENIZER_H_
#define MAMORI_SCANNER_EXTRACT_XML_TOKENIZER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "extract_context.h"
#include "xml_stream.h"

namespace mamori {

inline constexpr std::size_t kMaxXmlTokenBytes = std::size_t{16} << 20;

enum class XmlTokenizeResult {
  kOk,       // the whole part was well-formed
  kFailed,   // malformed (recorded), a limit tripped or the stream failed
  kNotUtf8,  // another encoding: nothing reported or recorded; see *head
};

// Parses `in` to its end for `handler`, recording malformed XML as ParseXml
// does. On kNotUtf8, *head holds the bytes already read from `in`, which
// come before what `in` still holds.
XmlTokenizeResult TokenizeXml(ByteStream& in, std::string_view part, ExtractContext& ctx,
                              XmlHandler& handler, std::string* head);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_XML_TOKENIZER_H_
