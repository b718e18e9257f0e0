#include "xml_stream.h"

#include <expat.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "xml_tokenizer.h"

namespace mamori {

namespace {

constexpr int kChunk = 64 << 10;

class MemoryStream : public ByteStream {
 public:
  explicit MemoryStream(std::string_view data) : data_(data) {}
  bool Read(char* buf, std::size_t n, std::size_t* got) override {
    *got = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, *got);
    pos_ += *got;
    return true;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

struct ParseState {
  XML_Parser parser = nullptr;
  XmlHandler* handler = nullptr;
  ExtractContext* ctx = nullptr;
  int depth = 0;
  bool halted = false;  // a file-wide limit tripped (recorded by the context)
  // Why the parse was stopped from a callback; empty when expat failed.
  std::string refused;
};

void Stop(ParseState* s, std::string why) {
  if (s->refused.empty()) s->refused = std::move(why);
  XML_StopParser(s->parser, XML_FALSE);
}

void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto* s = static_cast<ParseState*>(data);
  if (s->ctx->stopped()) {
    s->halted = true;
    XML_StopParser(s->parser, XML_FALSE);
    return;
  }
  if (++s->depth > kMaxXmlDepth) {
    return Stop(s, "elements nested more than " + std::to_string(kMaxXmlDepth) + " deep");
  }
  s->handler->Start(XmlLocalName(name), attrs);
}

void XMLCALL OnEnd(void* data, const XML_Char* name) {
  auto* s = static_cast<ParseState*>(data);
  --s->depth;
  s->handler->End(XmlLocalName(name));
}

void XMLCALL OnText(void* data, const XML_Char* text, int len) {
  auto* s = static_cast<ParseState*>(data);
  if (len > 0) s->handler->Text(std::string_view(text, static_cast<std::size_t>(len)));
}

// Entities are where XML bombs and external fetches live; OOXML and ODF
// never declare a DTD, so any DOCTYPE ends the part.
void XMLCALL OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  Stop(static_cast<ParseState*>(data), "a DOCTYPE is not allowed here");
}

void XMLCALL OnEntityDecl(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                          const XML_Char*, const XML_Char*, const XML_Char*) {
  Stop(static_cast<ParseState*>(data), "an entity declaration is not allowed here");
}

// Parts in other encodings (UTF-16 above all): `head` holds the bytes the
// tokenizer read before it saw the encoding, `in` the rest.
bool ParseWithExpat(std::string_view head, ByteStream& in, std::string_view part,
                    ExtractContext& ctx, XmlHandler& handler) {
  // No encoding forced: expat reads the byte order mark or the declaration,
  // and reports in UTF-8 either way.
  XML_Parser parser = XML_ParserCreate(nullptr);
  if (parser == nullptr) {
    ctx.Error("corrupt", std::string(part) + ": out of memory for the XML parser");
    return false;
  }
  ParseState state;
  state.parser = parser;
  state.handler = &handler;
  state.ctx = &ctx;
  XML_SetUserData(parser, &state);
  XML_SetElementHandler(parser, &OnStart, &OnEnd);
  XML_SetCharacterDataHandler(parser, &OnText);
  XML_SetStartDoctypeDeclHandler(parser, &OnDoctype);
  XML_SetEntityDeclHandler(parser, &OnEntityDecl);
  XML_SetParamEntityParsing(parser, XML_PARAM_ENTITY_PARSING_NEVER);

  bool ok = true;
  bool malformed = !head.empty() && XML_Parse(parser, head.data(), static_cast<int>(head.size()),
                                              XML_FALSE) != XML_STATUS_OK;
  while (!malformed) {
    if (!ctx.CheckTime()) {
      ok = false;
      break;
    }
    void* buf = XML_GetBuffer(parser, kChunk);
    if (buf == nullptr) {
      malformed = true;
      break;
    }
    std::size_t got = 0;
    if (!in.Read(static_cast<char*>(buf), kChunk, &got)) {
      // The stream recorded why; parse what arrived so the handler keeps it.
      XML_ParseBuffer(parser, static_cast<int>(got), XML_FALSE);
      ok = false;
      break;
    }
    const bool last = got == 0;
    if (XML_ParseBuffer(parser, static_cast<int>(got), last ? XML_TRUE : XML_FALSE) !=
        XML_STATUS_OK) {
      malformed = true;
      break;
    }
    if (last) break;
  }
  if (malformed && state.halted) {
    ok = false;
  } else if (malformed) {
    ok = false;
    const std::string why = !state.refused.empty()
                                ? state.refused
                                : std::string(XML_ErrorString(XML_GetErrorCode(parser)));
    ctx.Error("malformed-xml", std::string(part) + ": " + why + " at line " +
                                   std::to_string(XML_GetCurrentLineNumber(parser)));
  }
  XML_ParserFree(parser);
  return ok;
}

}  // namespace

std::string_view XmlLocalName(std::string_view qname) {
  const std::size_t colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

const char* XmlAttr(const char** attrs, std::string_view local) {
  if (attrs == nullptr) return nullptr;
  for (int i = 0; attrs[i] != nullptr && attrs[i + 1] != nullptr; i += 2) {
    // Called for every cell of a sheet: one pass over the C string, no
    // strlen.
    const char* name = attrs[i];
    const char* p = name;
    for (; *p != '\0'; ++p) {
      if (*p == ':') name = p + 1;
    }
    if (static_cast<std::size_t>(p - name) != local.size()) continue;
    std::size_t k = 0;
    while (k < local.size() && name[k] == local[k]) ++k;
    if (k == local.size()) return attrs[i + 1];
  }
  return nullptr;
}

const char* XmlRelId(const char** attrs) {
  if (attrs == nullptr) return nullptr;
  for (int i = 0; attrs[i] != nullptr && attrs[i + 1] != nullptr; i += 2) {
    const std::string_view name(attrs[i]);
    if (name.find(':') != std::string_view::npos && XmlLocalName(name) == "id") return attrs[i + 1];
  }
  return nullptr;
}

bool ParseXml(ByteStream& in, std::string_view part, ExtractContext& ctx, XmlHandler& handler) {
  std::string head;
  switch (TokenizeXml(in, part, ctx, handler, &head)) {
    case XmlTokenizeResult::kOk: return true;
    case XmlTokenizeResult::kFailed: return false;
    case XmlTokenizeResult::kNotUtf8: break;
  }
  return ParseWithExpat(head, in, part, ctx, handler);
}

bool ParseXml(std::string_view data, std::string_view part, ExtractContext& ctx,
              XmlHandler& handler) {
  MemoryStream stream(data);
  return ParseXml(stream, part, ctx, handler);
}

}  // namespace mamori
