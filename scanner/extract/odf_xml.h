// Streaming expat for the XML members of OpenDocument packages: a parser
// hardened against entity tricks, fed from a ByteStream in chunks so that a
// large content.xml is never held whole, and names split into a known
// namespace and a local name.
//
// Thread-safety: each OdfXmlParser belongs to one thread.
#ifndef MAMORI_SCANNER_EXTRACT_ODF_XML_H_
#define MAMORI_SCANNER_EXTRACT_ODF_XML_H_

#include <expat.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "extract_context.h"

namespace mamori {

// The namespaces ODF text lives in; everything else is kOther.
enum class OdfNs {
  kOther,
  kOffice,
  kText,
  kTable,
  kDraw,
  kStyle,
  kPresentation,
  kDc,
  kMeta,
  kManifest
};

struct OdfName {
  OdfNs ns = OdfNs::kOther;
  std::string_view local;
};

// Splits a name as expat reports it with namespace processing on.
OdfName SplitOdfName(const char* expanded);

// The value of attribute (ns, local) in expat's name/value array, or null.
const char* FindOdfAttr(const char** atts, OdfNs ns, std::string_view local);

// A non-negative decimal attribute, saturating at `cap`; `fallback` when
// absent or not a number.
std::uint64_t OdfCount(const char* value, std::uint64_t fallback, std::uint64_t cap);

enum class XmlFeed {
  kOk,         // parsed to the end
  kMalformed,  // not well-formed; *error says where and why
  kStopped,    // the stream failed or a limit tripped (already recorded)
};

// What a parse reports to; names as SplitOdfName takes them.
class OdfXmlHandler {
 public:
  virtual ~OdfXmlHandler() = default;
  virtual void Start(const char* name, const char** atts) = 0;
  virtual void End(const char* name) = 0;
  virtual void Chars(std::string_view text) = 0;
};

class OdfXmlParser {
 public:
  // REQUIRES: `handler` outlives the parser.
  explicit OdfXmlParser(OdfXmlHandler* handler);
  ~OdfXmlParser();
  OdfXmlParser(const OdfXmlParser&) = delete;
  OdfXmlParser& operator=(const OdfXmlParser&) = delete;

  // Parses all of `in`. `name` (the member) begins *error.
  XmlFeed Feed(ByteStream& in, std::string_view name, std::string* error);

 private:
  static void OnStart(void* data, const XML_Char* name, const XML_Char** atts);
  static void OnEnd(void* data, const XML_Char* name);
  static void OnChars(void* data, const XML_Char* s, int len);
  static void OnEntityDecl(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                           const XML_Char*, const XML_Char*, const XML_Char*);

  OdfXmlHandler* handler_;
  XML_Parser parser_;
  bool entity_declared_ = false;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_ODF_XML_H_
