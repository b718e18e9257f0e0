// The oracle for the XML tokenizer (scanner/extract/xml_tokenizer.h): expat
// set up as ParseXml's expat path sets it up, and a handler that records
// the events either reports. Shared by the differential fuzz target
// (fuzz_xml.cc) and the tokenizer's tests; the streams they read are in
// xml_streams.h.
//
// Thread-safety: each object belongs to one thread.
#ifndef MAMORI_TESTS_FUZZ_XML_ORACLE_H_
#define MAMORI_TESTS_FUZZ_XML_ORACLE_H_

#include <expat.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scanner/extract/extract_context.h"
#include "scanner/extract/xml_stream.h"
#include "xml_streams.h"

namespace mamori::fuzz {

// What a handler sees, one string per event, adjacent text merged (how text
// is cut into pieces is no part of the contract).
class XmlRecorder : public XmlHandler {
 public:
  void Start(std::string_view name, const char** attrs) override {
    std::string e = "S ";
    e.append(name);
    for (int i = 0; attrs[i] != nullptr; i += 2) {
      e.append(" ").append(attrs[i]).append("=[").append(attrs[i + 1]).append("]");
    }
    events.push_back(std::move(e));
    in_text_ = false;
  }
  void End(std::string_view name) override {
    events.emplace_back("E ");
    events.back().append(name);
    in_text_ = false;
  }
  void Text(std::string_view text) override {
    if (!in_text_) events.emplace_back("T ");
    in_text_ = true;
    events.back().append(text);
  }

  std::vector<std::string> events;

 private:
  bool in_text_ = false;
};

struct XmlOutcome {
  bool ok = false;
  std::vector<std::string> events;
};

namespace internal {

struct ExpatRun {
  XML_Parser parser = nullptr;
  XmlRecorder recorder;
  int depth = 0;
};

inline void XMLCALL ExpatStart(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto* run = static_cast<ExpatRun*>(data);
  if (++run->depth > kMaxXmlDepth) {
    XML_StopParser(run->parser, XML_FALSE);
    return;
  }
  run->recorder.Start(XmlLocalName(name), attrs);
}

inline void XMLCALL ExpatEnd(void* data, const XML_Char* name) {
  auto* run = static_cast<ExpatRun*>(data);
  --run->depth;
  run->recorder.End(XmlLocalName(name));
}

inline void XMLCALL ExpatText(void* data, const XML_Char* text, int len) {
  if (len > 0) {
    static_cast<ExpatRun*>(data)->recorder.Text(
        std::string_view(text, static_cast<std::size_t>(len)));
  }
}

inline void XMLCALL ExpatDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*,
                                 int) {
  XML_StopParser(static_cast<ExpatRun*>(data)->parser, XML_FALSE);
}

}  // namespace internal

// Expat over the whole document at once: a DOCTYPE refused, elements nested
// deeper than kMaxXmlDepth refused, as in ParseXml.
inline XmlOutcome RunExpat(std::string_view doc) {
  internal::ExpatRun run;
  run.parser = XML_ParserCreate(nullptr);
  XML_SetUserData(run.parser, &run);
  XML_SetElementHandler(run.parser, &internal::ExpatStart, &internal::ExpatEnd);
  XML_SetCharacterDataHandler(run.parser, &internal::ExpatText);
  XML_SetStartDoctypeDeclHandler(run.parser, &internal::ExpatDoctype);
  XML_SetParamEntityParsing(run.parser, XML_PARAM_ENTITY_PARSING_NEVER);
  XmlOutcome out;
  out.ok =
      XML_Parse(run.parser, doc.data(), static_cast<int>(doc.size()), XML_TRUE) == XML_STATUS_OK;
  XML_ParserFree(run.parser);
  out.events = std::move(run.recorder.events);
  return out;
}

}  // namespace mamori::fuzz

#endif  // MAMORI_TESTS_FUZZ_XML_ORACLE_H_
