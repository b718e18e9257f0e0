#include "odf_xml.h"

#include <cstring>
#include <vector>

namespace mamori {

namespace {

// Expat joins a namespace URI and a local name with this.
constexpr char kSep = '\x01';
constexpr std::size_t kChunk = 64 << 10;

struct KnownNs {
  const char* uri;
  OdfNs ns;
};
constexpr KnownNs kKnown[] = {
    {"urn:oasis:names:tc:opendocument:xmlns:text:1.0", OdfNs::kText},
    {"urn:oasis:names:tc:opendocument:xmlns:table:1.0", OdfNs::kTable},
    {"urn:oasis:names:tc:opendocument:xmlns:office:1.0", OdfNs::kOffice},
    {"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0", OdfNs::kDraw},
    {"urn:oasis:names:tc:opendocument:xmlns:style:1.0", OdfNs::kStyle},
    {"urn:oasis:names:tc:opendocument:xmlns:presentation:1.0", OdfNs::kPresentation},
    {"http://purl.org/dc/elements/1.1/", OdfNs::kDc},
    {"urn:oasis:names:tc:opendocument:xmlns:meta:1.0", OdfNs::kMeta},
    {"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0", OdfNs::kManifest},
};

}  // namespace

OdfName SplitOdfName(const char* expanded) {
  std::string_view name(expanded);
  OdfName out;
  const std::size_t sep = name.rfind(kSep);
  if (sep == std::string_view::npos) {
    out.local = name;
    return out;
  }
  out.local = name.substr(sep + 1);
  const std::string_view uri = name.substr(0, sep);
  for (const KnownNs& k : kKnown) {
    if (uri == k.uri) {
      out.ns = k.ns;
      break;
    }
  }
  return out;
}

const char* FindOdfAttr(const char** atts, OdfNs ns, std::string_view local) {
  for (int i = 0; atts[i] != nullptr && atts[i + 1] != nullptr; i += 2) {
    const OdfName n = SplitOdfName(atts[i]);
    if (n.ns == ns && n.local == local) return atts[i + 1];
  }
  return nullptr;
}

std::uint64_t OdfCount(const char* value, std::uint64_t fallback, std::uint64_t cap) {
  if (value == nullptr || *value == '\0') return fallback;
  std::uint64_t n = 0;
  for (const char* p = value; *p != '\0'; ++p) {
    if (*p < '0' || *p > '9') return fallback;
    n = n * 10 + static_cast<std::uint64_t>(*p - '0');
    if (n >= cap) return cap;
  }
  return n;
}

OdfXmlParser::OdfXmlParser(OdfXmlHandler* handler)
    : handler_(handler), parser_(XML_ParserCreateNS(nullptr, kSep)) {
  if (parser_ == nullptr) return;
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, &OnStart, &OnEnd);
  XML_SetCharacterDataHandler(parser_, &OnChars);
  // ODF never declares entities; a document that does is an expansion bomb
  // or worse, and is refused rather than expanded.
  XML_SetEntityDeclHandler(parser_, &OnEntityDecl);
}

OdfXmlParser::~OdfXmlParser() {
  if (parser_ != nullptr) XML_ParserFree(parser_);
}

void OdfXmlParser::OnStart(void* data, const XML_Char* name, const XML_Char** atts) {
  static_cast<OdfXmlParser*>(data)->handler_->Start(name, atts);
}
void OdfXmlParser::OnEnd(void* data, const XML_Char* name) {
  static_cast<OdfXmlParser*>(data)->handler_->End(name);
}
void OdfXmlParser::OnChars(void* data, const XML_Char* s, int len) {
  if (len > 0) {
    static_cast<OdfXmlParser*>(data)->handler_->Chars(
        std::string_view(s, static_cast<std::size_t>(len)));
  }
}
void OdfXmlParser::OnEntityDecl(void* data, const XML_Char*, int, const XML_Char*, int,
                                const XML_Char*, const XML_Char*, const XML_Char*,
                                const XML_Char*) {
  auto* self = static_cast<OdfXmlParser*>(data);
  self->entity_declared_ = true;
  XML_StopParser(self->parser_, XML_FALSE);
}

XmlFeed OdfXmlParser::Feed(ByteStream& in, std::string_view name, std::string* error) {
  error->clear();
  if (parser_ == nullptr) {
    *error = std::string(name) + ": out of memory for the XML parser";
    return XmlFeed::kMalformed;
  }
  std::vector<char> buf(kChunk);
  for (;;) {
    std::size_t got = 0;
    if (!in.Read(buf.data(), buf.size(), &got)) return XmlFeed::kStopped;
    const bool final = got == 0;
    if (XML_Parse(parser_, buf.data(), static_cast<int>(got), final) != XML_STATUS_OK) {
      *error = std::string(name) + ": ";
      if (entity_declared_) {
        *error += "declares entities, which OpenDocument never does";
      } else {
        *error += XML_ErrorString(XML_GetErrorCode(parser_));
        *error += " at line " + std::to_string(XML_GetCurrentLineNumber(parser_));
      }
      return XmlFeed::kMalformed;
    }
    if (final) return XmlFeed::kOk;
  }
}

}  // namespace mamori
