// XmlStream: one XML part parsed as its bytes arrive, so a sheet of hundreds
// of megabytes never sits in memory. UTF-8 parts go through our own
// tokenizer (xml_tokenizer.h, for speed), others through expat; both report
// the same events. Handlers see local names only (the prefix dropped): OOXML
// and ODF parts are matched by local name, which also copes with producers
// that pick unusual prefixes.
//
// Hostile XML: a DOCTYPE is refused outright (OOXML and ODF never carry one),
// so no entity other than the five predefined ones and character references
// is ever expanded and nothing external is loaded; elements nested deeper
// than kMaxXmlDepth stop the parse.
//
// Thread-safety: a parse uses only its arguments.
#ifndef MAMORI_SCANNER_EXTRACT_XML_STREAM_H_
#define MAMORI_SCANNER_EXTRACT_XML_STREAM_H_

#include <string_view>

#include "extract_context.h"

namespace mamori {

inline constexpr int kMaxXmlDepth = 4096;

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // `attrs` is a null-terminated name, value, name, value... array as expat
  // makes it (names with their prefixes; use XmlAttr).
  virtual void Start(std::string_view name, const char** attrs) = 0;
  virtual void End(std::string_view name) = 0;
  // Character data, in pieces of any size.
  virtual void Text(std::string_view text) = 0;

  // The tokenizer's fast path (xml_tokenizer.h; expat never takes it): a
  // handler that knows the exact bytes of its commonest elements, such as a
  // sheet's cells, takes them whole instead of as five events each. At
  // each start tag in content that begins with FastPrefix() (1 to 8 bytes,
  // from '<'), the tokenizer offers [p, end): checked UTF-8, no more than
  // kMaxFastElementBytes. Nothing from end on may be used (those bytes
  // need not be checked or even read yet), though a 16-byte load may reach
  // 15 bytes past it. TakeElement returns the length of the one whole
  // element at p, having handled it exactly as its events would have been;
  // or 0 when it does not know the form or the element goes past end, and
  // the tokenizer then parses it. It must take only well-formed elements
  // nested at most kMaxFastElementDepth deep, and so only forms with no
  // references, CR, "]" or anything else the tokenizer would normalise or
  // check; and leave to the tokenizer an element whose handling could stop
  // the file (ExtractContext::stopped) before its end, since the tokenizer
  // stops at the next tag.
  virtual std::string_view FastPrefix() const { return {}; }
  virtual std::size_t TakeElement(const char* /*p*/, const char* /*end*/) { return 0; }
};

inline constexpr std::size_t kMaxFastElementBytes = 64 << 10;
inline constexpr int kMaxFastElementDepth = 8;

// The value of the attribute whose local name is `local`, or nullptr.
const char* XmlAttr(const char** attrs, std::string_view local);

// The value of a prefixed "id" attribute (r:id), which elements such as
// p:sldId carry beside an unprefixed id of their own; nullptr when absent.
const char* XmlRelId(const char** attrs);

// The local part of a qualified name ("w:t" → "t").
std::string_view XmlLocalName(std::string_view qname);

// `s` without XML white space (space, TAB, CR, LF) at either end. Inline:
// the sheet handler trims every cell.
inline std::string_view TrimXmlSpace(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  std::size_t b = 0, e = s.size();
  while (b < e && space(s[b])) ++b;
  while (e > b && space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// Parses `in` to its end. Returns true when the whole part was well-formed.
// Malformed XML is recorded as "malformed-xml" naming `part` (within the
// context's member) and the line; a failing stream has recorded its own
// error. Either way the handler has seen everything before the failure.
bool ParseXml(ByteStream& in, std::string_view part, ExtractContext& ctx, XmlHandler& handler);

// The same over bytes already in memory.
bool ParseXml(std::string_view data, std::string_view part, ExtractContext& ctx,
              XmlHandler& handler);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_XML_STREAM_H_
