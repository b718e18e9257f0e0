// OpenDocument (odt, ods, odp, and the other ODF packages): the text of
// content.xml, of a text document's page headers and footers (styles.xml)
// and of embedded objects ("Object 1/content.xml"), all in one part, each
// XML member streamed through expat as it comes out of the zip.
//
// A package encrypted with a password keeps its manifest readable (it
// lists each encrypted member's encryption-data) but not its XML. The
// manifest is the zip's last member, so an XML member that fails to parse
// is only reported once the manifest has said whether it was encrypted,
// and with which algorithm (the protection scheme, odf-aes256 or
// odf-blowfish).
#include <set>
#include <string>
#include <vector>

#include "archive_reader.h"
#include "extractors.h"
#include "markup_writer.h"
#include "odf_content.h"
#include "odf_xml.h"

namespace mamori {

namespace {

constexpr std::size_t kMimetypeMax = 256;

std::string FormatOf(std::string_view mimetype) {
  constexpr std::string_view kPrefix = "application/vnd.oasis.opendocument.";
  if (!mimetype.starts_with(kPrefix)) return "odt";
  const std::string_view kind = mimetype.substr(kPrefix.size());
  if (kind.starts_with("text")) return "odt";
  if (kind.starts_with("spreadsheet")) return "ods";
  if (kind.starts_with("presentation")) return "odp";
  if (kind.starts_with("graphics")) return "odg";
  if (kind.starts_with("chart")) return "odc";
  if (kind.starts_with("formula")) return "odf";
  return "odt";
}

// The protection scheme of a manifest:algorithm-name: AES-256 in CBC
// (ODF 1.2) or GCM (ODF 1.4) mode, or ODF 1.0/1.1's Blowfish in CFB mode.
std::string SchemeOf(std::string_view algorithm) {
  if (algorithm.ends_with("#aes256-cbc") || algorithm.ends_with("#aes256-gcm")) return "odf-aes256";
  if (algorithm.ends_with("#aes192-cbc") || algorithm.ends_with("#aes192-gcm")) return "odf-aes192";
  if (algorithm.ends_with("#aes128-cbc") || algorithm.ends_with("#aes128-gcm")) return "odf-aes128";
  if (algorithm == "Blowfish CFB" || algorithm.ends_with("#blowfish")) return "odf-blowfish";
  return "odf-encrypted";
}

// The members META-INF/manifest.xml lists with encryption data, and how
// they are encrypted.
class ManifestHandler : public OdfXmlHandler {
 public:
  void Start(const char* raw, const char** atts) override {
    const OdfName n = SplitOdfName(raw);
    if (n.ns != OdfNs::kManifest) return;
    if (n.local == "file-entry") {
      const char* path = FindOdfAttr(atts, OdfNs::kManifest, "full-path");
      entry_ = path != nullptr ? path : "";
    } else if (n.local == "encryption-data") {
      encrypted.insert(entry_);
    } else if (n.local == "algorithm") {
      const char* name = FindOdfAttr(atts, OdfNs::kManifest, "algorithm-name");
      const std::string s = SchemeOf(name != nullptr ? name : "");
      // The document's own scheme is its content's; any member's will do
      // when content.xml is not listed.
      if (scheme.empty() || entry_ == "content.xml") scheme = s;
    }
  }
  void End(const char*) override {}
  void Chars(std::string_view) override {}

  std::set<std::string> encrypted;
  std::string scheme;  // "odf-aes256", ...; empty without encryption data

 private:
  std::string entry_;
};

struct Failure {
  std::string member;
  std::string message;
};

// content.xml at the top or of an embedded object ("Object 1/content.xml").
bool IsContent(std::string_view name) {
  return name == "content.xml" ||
         (name.ends_with("/content.xml") && !name.starts_with("META-INF/"));
}

}  // namespace

void ExtractOdf(Input& in, ExtractContext& ctx) {
  ArchiveReader reader(ctx);
  if (!reader.Open(in, /*zip_only=*/true)) return;
  std::string format = "odt";
  std::unique_ptr<MarkupWriter> out;
  std::vector<Failure> failures;
  ManifestHandler manifest;
  bool manifest_read = false;
  bool content_seen = false;
  ArchiveEntry entry;
  while (reader.Next(&entry)) {
    const std::string& name = entry.name;
    if (entry.is_directory || !entry.is_regular) continue;
    if (name == "mimetype" && out == nullptr) {
      std::string mimetype;
      if (reader.ReadAll(kMimetypeMax, &mimetype)) format = FormatOf(mimetype);
      continue;
    }
    if (name == "META-INF/manifest.xml") {
      OdfXmlParser parser(&manifest);
      std::string error;
      // A manifest that cannot be read only costs the encryption check.
      manifest_read = parser.Feed(reader, name, &error) == XmlFeed::kOk;
      continue;
    }
    // Headers and footers are a text document's; Calc's and Impress's
    // defaults are fields ("???", "Page 1").
    const bool styles = name == "styles.xml";
    if (styles ? format != "odt" : !IsContent(name)) continue;
    content_seen = content_seen || name == "content.xml";
    if (out == nullptr) out = std::make_unique<MarkupWriter>(ctx, format);
    std::string error;
    if (ParseOdfText(reader, name, styles, *out, &error) == XmlFeed::kMalformed) {
      // What follows the fault is lost; whatever table or paragraph was open
      // ends here.
      while (out->in_table()) out->EndTable();
      out->Break();
      failures.push_back({name, error});
    }
    if (ctx.stopped()) break;
  }
  if (out == nullptr) out = std::make_unique<MarkupWriter>(ctx, format);
  out->Finish();

  if (manifest_read && !manifest.encrypted.empty()) {
    // Encryption data without an algorithm element is malformed; the
    // members are encrypted all the same.
    ctx.RecordProtection(manifest.scheme.empty() ? "odf-encrypted" : manifest.scheme, true);
    ctx.Error("encrypted-member", "the document is password-protected; its encrypted members (" +
                                      std::to_string(manifest.encrypted.size()) +
                                      ") were not read");
  }
  for (const Failure& f : failures) {
    if (manifest.encrypted.count(f.member) > 0) continue;
    ctx.Error("malformed-xml", f.message + "; the text before it was kept");
  }
  // Without the manifest (the last member) the reader has recorded why.
  if (!content_seen && manifest_read && manifest.encrypted.empty() && !ctx.stopped()) {
    ctx.Error("corrupt", "the package has no content.xml");
  }
}

}  // namespace mamori
