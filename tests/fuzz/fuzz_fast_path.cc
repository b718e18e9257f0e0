// A differential libFuzzer target for the handlers' fast path
// (XmlHandler::TakeElement, ooxml_cell_forms.h): the input is parsed as a
// worksheet by the SheetHandler itself (the tokenizer offers it plain cells
// whole) and through a forwarder of Start/End/Text only (never offered
// one), whole and in reads of odd sizes; as a shared string table, a Word
// document and DrawingML text the same two ways. It aborts when the text written, the errors
// recorded, the strings read or what ParseXml returned differ. Half of the inputs run within a
// small expanded-bytes budget, so that the file-wide stop that the gaps before far columns charge
// is reached as well.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/extract/extract_context.h"
#include "scanner/extract/ooxml_sheet.h"
#include "scanner/extract/ooxml_text.h"
#include "scanner/extract/xml_stream.h"
#include "xml_streams.h"

namespace {

// Keeps the text of the one part a worksheet is written to.
struct TextSink : mamori::PartSink {
  void BeginPart(std::string_view, std::string_view) override {}
  void BeginSegment(char) override {}
  void Write(std::string_view utf8) override { text.append(utf8); }
  void WriteRaw(std::string_view bytes, bool) override { text.append(bytes); }
  void EndPart() override {}
  std::string text;
};

using mamori::fuzz::EventsOnly;
using SplitStream = mamori::fuzz::ChunkStream;

// A context of its own for one parse, with what it records.
struct Run {
  explicit Run(const mamori::ExtractLimits& l)
      : limits(l), ctx(limits, &sink, &errors, &incomplete) {}
  std::string Errors() const {
    std::string out;
    for (const mamori::ScanError& e : errors) out += e.reason + " | " + e.message + "\n";
    return out;
  }
  mamori::ExtractLimits limits;
  TextSink sink;
  std::vector<mamori::ScanError> errors;
  bool incomplete = false;
  mamori::ExtractContext ctx;
};

// The workbook's strings, the same for every input: four, one rich and
// one with a phonetic guide.
const mamori::SharedStrings& FixedStrings() {
  static const char kStrings[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst count=\"4\" uniqueCount=\"4\">"
      "<si><t>Name</t></si><si><t xml:space=\"preserve\"> Tokyo </t></si>"
      "<si><r><t>ri</t></r><r><t>ch</t></r></si><si><t>\xE5\xB1\xB1\xE7\x94\xB0</t>"
      "<rPh sb=\"0\" eb=\"2\"><t>\xE3\x83\xA4\xE3\x83\x9E</t></rPh></si></sst>";
  static Run* const run = new Run(mamori::ExtractLimits{});
  static mamori::SharedStrings* const strings = [] {
    auto* s = new mamori::SharedStrings(run->ctx, "xl/sharedStrings.xml");
    if (!mamori::ParseXml(std::string_view(kStrings), "xl/sharedStrings.xml", run->ctx, *s) ||
        s->size() != 4) {
      std::fprintf(stderr, "the fixed shared strings do not parse\n");
      std::abort();
    }
    return s;
  }();
  return *strings;
}

[[noreturn]] void Differ(const char* what, const std::string& fast, const std::string& events) {
  std::fprintf(stderr, "fast path and events differ: %s\n--- fast:\n%s\n--- events:\n%s\n", what,
               fast.c_str(), events.c_str());
  std::abort();
}

struct SheetResult {
  bool ok = false;
  std::string text;
  std::string errors;
  bool incomplete = false;
};

// As the xlsx extractor reads a worksheet.
SheetResult ParseSheet(std::string_view doc, const std::vector<std::size_t>& sizes, bool fast,
                       const mamori::ExtractLimits& limits) {
  Run run(limits);
  run.ctx.BeginPart("xlsx");
  run.ctx.BeginSegment('\t');
  mamori::SheetHandler sheet(run.ctx, "xl/worksheets/sheet1.xml", FixedStrings());
  EventsOnly events(sheet);
  SplitStream in(doc, sizes);
  SheetResult out;
  out.ok = mamori::ParseXml(in, "xl/worksheets/sheet1.xml", run.ctx,
                            fast ? static_cast<mamori::XmlHandler&>(sheet) : events);
  sheet.Finish();
  run.ctx.EndPart();
  out.text = std::move(run.sink.text);
  out.errors = run.Errors();
  out.incomplete = run.incomplete;
  return out;
}

struct StringsResult {
  bool ok = false;
  bool complete = false;
  std::vector<std::string> strings;
  std::string errors;
};

StringsResult ParseStrings(std::string_view doc, const std::vector<std::size_t>& sizes, bool fast,
                           const mamori::ExtractLimits& limits) {
  Run run(limits);
  mamori::SharedStrings table(run.ctx, "xl/sharedStrings.xml");
  EventsOnly events(table);
  SplitStream in(doc, sizes);
  StringsResult out;
  out.ok = mamori::ParseXml(in, "xl/sharedStrings.xml", run.ctx,
                            fast ? static_cast<mamori::XmlHandler&>(table) : events);
  out.complete = table.complete();
  for (std::size_t i = 0; i < table.size(); ++i) out.strings.emplace_back(table.Get(i));
  out.errors = run.Errors();
  return out;
}

struct TextResult {
  bool ok = false;
  std::string text;
  std::string errors;
};

// As a docx body, a slide or a drawing is read.
TextResult ParseText(std::string_view doc, const std::vector<std::size_t>& sizes, bool fast,
                     const mamori::ExtractLimits& limits, mamori::OoxmlTextOptions options) {
  Run run(limits);
  run.ctx.BeginPart("docx");
  mamori::OoxmlTextHandler handler(run.ctx, "word/document.xml", options);
  EventsOnly events(handler);
  SplitStream in(doc, sizes);
  TextResult out;
  out.ok = mamori::ParseXml(in, "word/document.xml", run.ctx,
                            fast ? static_cast<mamori::XmlHandler&>(handler) : events);
  handler.Finish();
  run.ctx.EndPart();
  out.text = std::move(run.sink.text);
  out.errors = run.Errors();
  return out;
}

std::string Joined(const std::vector<std::string>& strings) {
  std::string out;
  for (const std::string& s : strings) out += "[" + s + "]\n";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view doc(reinterpret_cast<const char*>(data), size);
  // Read sizes taken from the input, so that the fuzzer steers the splits.
  std::vector<std::size_t> sizes = {0};
  if (size > 0) sizes = {1 + data[0] % 7u, 1 + data[size - 1] % 61u, 0};
  mamori::ExtractLimits limits;
  // From the middle byte (any byte of an XML input, where the first ones
  // are nearly always "<?xml" or a letter): a budget that the gaps before
  // a few far columns use up, and a table limit that a few strings pass.
  if (size > 0 && data[size / 2] % 2 == 0) {
    limits.max_expanded_bytes = std::uint64_t{data[size / 2]} * 64;
    limits.max_member_bytes = data[size / 2];
  }
  for (const std::vector<std::size_t>& split : {std::vector<std::size_t>{0}, sizes}) {
    const SheetResult fast = ParseSheet(doc, split, true, limits);
    const SheetResult events = ParseSheet(doc, split, false, limits);
    if (fast.ok != events.ok)
      Differ("ParseXml's result", fast.ok ? "ok" : "failed", events.ok ? "ok" : "failed");
    if (fast.errors != events.errors) Differ("sheet errors", fast.errors, events.errors);
    if (fast.text != events.text) Differ("sheet text", fast.text, events.text);
    if (fast.incomplete != events.incomplete) Differ("incomplete", "", "");

    const StringsResult fast_strings = ParseStrings(doc, split, true, limits);
    const StringsResult events_strings = ParseStrings(doc, split, false, limits);
    if (fast_strings.ok != events_strings.ok) {
      Differ("ParseXml's result on strings", fast_strings.ok ? "ok" : "failed",
             events_strings.ok ? "ok" : "failed");
    }
    if (fast_strings.errors != events_strings.errors) {
      Differ("string errors", fast_strings.errors, events_strings.errors);
    }
    if (fast_strings.complete != events_strings.complete) Differ("complete()", "", "");
    if (fast_strings.strings != events_strings.strings) {
      Differ("strings", Joined(fast_strings.strings), Joined(events_strings.strings));
    }

    for (const mamori::OoxmlTextOptions options :
         {mamori::OoxmlTextOptions{.word = true}, mamori::OoxmlTextOptions{}}) {
      const TextResult fast_text = ParseText(doc, split, true, limits, options);
      const TextResult events_text = ParseText(doc, split, false, limits, options);
      if (fast_text.ok != events_text.ok) {
        Differ("ParseXml's result on text", fast_text.ok ? "ok" : "failed",
               events_text.ok ? "ok" : "failed");
      }
      if (fast_text.errors != events_text.errors) {
        Differ("text errors", fast_text.errors, events_text.errors);
      }
      if (fast_text.text != events_text.text) Differ("text", fast_text.text, events_text.text);
    }
  }
  return 0;
}
