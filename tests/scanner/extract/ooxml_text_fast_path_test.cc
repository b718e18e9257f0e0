// The text handler's fast path (a run's <w:t> or <a:t> taken whole,
// XmlHandler::TakeElement) against the events it stands for: generated
// WordprocessingML and DrawingML is parsed with the handler itself and
// through a forwarder of Start/End/Text only, whole, lent and in reads of
// odd sizes. The text written, its segments, the errors and what ParseXml
// returned must be the same.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/extract/ooxml_text.h"
#include "scanner/extract/recording_sink.h"
#include "scanner/extract/xml_stream.h"
#include "tests/fuzz/xml_streams.h"

// GCC 12 warns, wrongly, of overlapping copies in "<" + std::string + ...
// once inlined (GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"

namespace mamori {
namespace {

using testing::RecordingContext;

struct TextOutcome {
  bool ok = false;
  std::string text;
  std::vector<std::pair<char, std::size_t>> segments;
  std::vector<std::string> errors;
  std::size_t taken = 0;
};

TextOutcome Parse(std::string_view doc, const std::vector<std::size_t>& sizes, bool fast,
                  OoxmlTextOptions options) {
  RecordingContext rc;
  rc.ctx.BeginPart("docx");
  OoxmlTextHandler handler(rc.ctx, "word/document.xml", options);
  fuzz::CountingTakes counting(handler);
  fuzz::EventsOnly events(handler);
  fuzz::ChunkStream chunks(doc, sizes);
  fuzz::LendingStream lending(doc);
  ByteStream& in = sizes.empty() ? static_cast<ByteStream&>(lending) : chunks;
  TextOutcome out;
  out.ok =
      ParseXml(in, "word/document.xml", rc.ctx, fast ? static_cast<XmlHandler&>(counting) : events);
  handler.Finish();
  rc.ctx.EndPart();
  REQUIRE(rc.sink.parts.size() == 1);
  out.text = rc.sink.parts[0].text;
  out.segments = rc.sink.parts[0].segments;
  for (const ScanError& e : rc.errors) out.errors.push_back(e.reason + " | " + e.message);
  out.taken = counting.taken;
  return out;
}

// Random documents in the shapes Word and PowerPoint write, with the
// forms the fast path must decline mixed in.
class DocGen {
 public:
  DocGen(std::uint32_t seed, char prefix) : rng_(seed), p_(1, prefix) {}

  std::string Doc() {
    std::string body;
    const int paras = Pick(1, 30);
    for (int i = 0; i < paras; ++i) body += Pick(0, 9) == 0 ? Table(0) : Para();
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<" + p_ +
           ":document xmlns:" + p_ + "=\"urn:x\" xmlns:mc=\"urn:mc\"><" + p_ + ":body>" + body +
           "</" + p_ + ":body></" + p_ + ":document>";
  }

 private:
  int Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::string Tag(std::string_view name) {
    std::string s = p_;
    s += ':';
    s += name;
    return s;
  }
  std::string Open(std::string_view name) {
    std::string s = "<";
    s += Tag(name);
    s += '>';
    return s;
  }
  std::string Close(std::string_view name) {
    std::string s = "</";
    s += Tag(name);
    s += '>';
    return s;
  }

  std::string Words() {
    static const std::vector<std::string> words = {
        "注文番号", " ",    "123456789018", "mamori", "&amp;", "&#x3042;",  "a]b",
        "]]",       "\r\n", "x\ry",         "\t",     "",      "山田 太郎", "TEL 03-1234-5678"};
    std::string s;
    for (int i = Pick(0, 4); i > 0; --i) s += words[static_cast<std::size_t>(Pick(0, 13))];
    return s;
  }

  std::string T() {
    const std::string t = Tag("t");
    switch (Pick(0, 9)) {
      case 0: return "<" + t + "/>";
      case 1: return "<" + t + " xml:space=\"preserve\">" + Words() + "</" + t + ">";
      case 2: return "<" + t + " xml:space='preserve'>" + Words() + "</" + t + ">";
      case 3: return "<" + t + ">" + Words() + "</" + t + " >";
      case 4: return "<" + t + "><![CDATA[" + Words() + "]]></" + t + ">";
      case 5: return "<" + t + ">" + Words() + "<!-- c --></" + t + ">";
      case 6: return Open("delText") + Words() + Close("delText");
      default: return "<" + t + ">" + Words() + "</" + t + ">";
    }
  }

  std::string Run() {
    std::string r = Open("r");
    if (Pick(0, 2) == 0) r += "<" + Tag("rPr") + "><" + Tag("b") + "/></" + Tag("rPr") + ">";
    for (int i = Pick(1, 3); i > 0; --i) {
      switch (Pick(0, 7)) {
        case 0: r += "<" + Tag("tab") + "/>"; break;
        case 1: r += "<" + Tag("br") + "/>"; break;
        default: r += T();
      }
    }
    return r + Close("r");
  }

  std::string Para() {
    std::string para = Open("p");
    for (int i = Pick(0, 4); i > 0; --i) {
      switch (Pick(0, 11)) {
        case 0:  // Word's fallback copy of a text box: skipped
          para += "<mc:AlternateContent><mc:Choice>" + Run() + "</mc:Choice><mc:Fallback>" + Run() +
                  T() + "</mc:Fallback></mc:AlternateContent>";
          break;
        case 1: para += T(); break;  // a t outside any run
        default: para += Run();
      }
    }
    return para + Close("p");
  }

  std::string Table(int depth) {
    std::string tbl = Open("tbl");
    for (int r = Pick(1, 3); r > 0; --r) {
      tbl += Open("tr");
      for (int c = Pick(1, 3); c > 0; --c) {
        tbl += Open("tc");
        if (Pick(0, 3) == 0) {
          tbl += Open("tcPr");
          tbl += "<" + Tag("gridSpan") + " " + p_ + ":val=\"2\"/>";
          tbl += Close("tcPr");
        }
        tbl += depth < 2 && Pick(0, 5) == 0 ? Table(depth + 1) : Para();
        tbl += Close("tc");
      }
      tbl += Close("tr");
    }
    return tbl + Close("tbl");
  }

  std::mt19937 rng_;
  std::string p_;
};

void RequireSame(std::string_view doc, OoxmlTextOptions options, std::size_t* taken) {
  INFO("document: " << doc);
  const TextOutcome want = Parse(doc, {0}, false, options);
  for (const std::vector<std::size_t>& sizes :
       std::vector<std::vector<std::size_t>>{{0}, {}, {1}, {7}, {61}, {3, 1, 200}}) {
    INFO("reads of " << (sizes.empty() ? std::size_t{0} : sizes[0]) << " (none: lent)");
    const TextOutcome got = Parse(doc, sizes, true, options);
    REQUIRE(got.ok == want.ok);
    REQUIRE(got.errors == want.errors);
    REQUIRE(got.text == want.text);
    REQUIRE(got.segments == want.segments);
    *taken += got.taken;
  }
}

TEST_CASE("text fast path: generated Word documents read as their events", "[ooxml_text]") {
  std::size_t taken = 0;
  for (std::uint32_t seed = 1; seed <= 600; ++seed) {
    DocGen gen(seed, 'w');
    RequireSame(gen.Doc(), {.word = true}, &taken);
  }
  // The fast path did run, and often.
  CHECK(taken > 5000);
}

TEST_CASE("text fast path: generated DrawingML reads as its events", "[ooxml_text]") {
  std::size_t taken = 0;
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    DocGen gen(seed, 'a');
    RequireSame(gen.Doc(), {}, &taken);
  }
  CHECK(taken > 2000);
}

TEST_CASE("text fast path: edges of the form", "[ooxml_text]") {
  std::size_t taken = 0;
  const std::string big(70000, 'z');  // past kMaxFastElementBytes
  for (const std::string& body : std::vector<std::string>{
           "<w:p><w:r><w:t>" + big + "</w:t></w:r></w:p>",
           "<w:p><w:r><w:t>" + big.substr(0, 65536 - 13) + "</w:t></w:r></w:p>",
           "<w:p><w:r><w:t>a</w:t><w:t>b</w:t></w:r><w:r><w:t>c</w:t></w:r></w:p>",
           "<w:p><w:r><w:t>a</w:t></w:r></w:p><w:t>outside</w:t>",
           "<w:p><w:r><w:t>unclosed</w:r></w:p>",
           "<w:p><w:r><w:t>a</w:tx></w:r></w:p>",
           "<w:p><w:r><w:tab/><w:t>after tab</w:t></w:r></w:p>",
           "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
           "<w:p><w:r><w:t xml:space=\"preserve\"> spaced </w:t></w:r></w:p>",
           "<w:p><w:r><w:t xml:space=\"default\">other</w:t></w:r></w:p>",
       }) {
    RequireSame("<w:document><w:body>" + body + "</w:body></w:document>", {.word = true}, &taken);
  }
  CHECK(taken > 5);
}

}  // namespace
}  // namespace mamori
