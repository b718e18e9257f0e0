// A differential libFuzzer target for the XML tokenizer: the input is parsed
// by expat (xml_oracle.h) and by the tokenizer, whole, in reads of odd sizes
// and lent in one piece. It aborts when one accepts what the other rejects,
// or when both accept and the events differ. Inputs the tokenizer leaves to
// expat (other encodings) are skipped.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/extract/extract_context.h"
#include "scanner/extract/xml_tokenizer.h"
#include "xml_oracle.h"

namespace {

struct NullSink : mamori::PartSink {
  void BeginPart(std::string_view, std::string_view) override {}
  void BeginSegment(char) override {}
  void Write(std::string_view) override {}
  void WriteRaw(std::string_view, bool) override {}
  void EndPart() override {}
};

[[noreturn]] void Differ(const char* what) {
  std::fprintf(stderr, "tokenizer and expat differ: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view doc(reinterpret_cast<const char*>(data), size);
  // Read sizes taken from the input, so that the fuzzer steers the splits.
  std::vector<std::size_t> sizes = {0};
  if (size > 0) sizes = {1 + data[0] % 7u, 1 + data[size - 1] % 61u, 0};
  const mamori::fuzz::XmlOutcome want = mamori::fuzz::RunExpat(doc);
  // A split of {} stands for the whole document lent (LendRest), as a zip
  // member inflated whole is.
  for (const std::vector<std::size_t>& split :
       {std::vector<std::size_t>{0}, sizes, std::vector<std::size_t>{}}) {
    const mamori::ExtractLimits limits;
    NullSink sink;
    std::vector<mamori::ScanError> errors;
    bool incomplete = false;
    mamori::ExtractContext ctx(limits, &sink, &errors, &incomplete);
    mamori::fuzz::XmlRecorder recorder;
    mamori::fuzz::ChunkStream chunks(doc, split);
    mamori::fuzz::LendingStream lending(doc);
    mamori::ByteStream& stream = split.empty() ? static_cast<mamori::ByteStream&>(lending) : chunks;
    std::string head;
    const mamori::XmlTokenizeResult r =
        mamori::TokenizeXml(stream, "fuzz.xml", ctx, recorder, &head);
    if (r == mamori::XmlTokenizeResult::kNotUtf8) return 0;
    const bool ok = r == mamori::XmlTokenizeResult::kOk;
    if (ok && !want.ok) Differ("the tokenizer accepts what expat rejects");
    if (!ok && want.ok) Differ("the tokenizer rejects what expat accepts");
    if (ok && recorder.events != want.events) Differ("different events");
    if (!ok && errors.empty()) Differ("a rejection without an error");
  }
  return 0;
}
