// Word and PowerPoint packages: the main part and the parts that hang off it
// (headers, notes, comments, ...) as one part of text; embedded files after
// it, each a member of its own. Workbooks are in ooxml_xlsx.cc.
#include <set>

#include "extractors.h"
#include "ooxml_package.h"
#include "ooxml_text.h"
#include "xml_stream.h"

namespace mamori {

namespace {

std::string DirOf(std::string_view part) {
  const std::size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

// Appends the parts not yet in *out: those `source` relates to by `type`
// and the members named `dir` + `stem` + digits + ".xml", in natural order.
void AddParts(const OoxmlPackage& pkg, std::string_view source, std::string_view type,
              const std::string& dir, std::string_view stem, std::vector<std::string>* out,
              std::set<std::string>* seen) {
  std::vector<std::string> found;
  for (const OoxmlRel& rel : pkg.Rels(source)) {
    if (rel.type != type) continue;
    if (const std::string* name = pkg.Find(rel.target)) found.push_back(*name);
  }
  for (std::string& name : pkg.Numbered(dir + std::string(stem))) found.push_back(std::move(name));
  for (std::string& name : found) {
    if (seen->insert(LowerAscii(name)).second) out->push_back(std::move(name));
  }
}

// SmartArt keeps its text in diagrams/dataN.xml (the drawingN.xml beside it
// repeats it).
void AddDiagrams(const OoxmlPackage& pkg, const std::string& dir, std::vector<std::string>* out,
                 std::set<std::string>* seen) {
  AddParts(pkg, "", "diagramData", dir + "diagrams/", "data", out, seen);
}

class PresentationHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const char** attrs) override {
    if (name != "sldId" || ids.size() >= 100000) return;
    if (const char* id = XmlRelId(attrs); id != nullptr) ids.emplace_back(id);
  }
  void End(std::string_view) override {}
  void Text(std::string_view) override {}
  std::vector<std::string> ids;  // r:id of each slide, in order
};

}  // namespace

void ExtractDocx(Input& in, ExtractContext& ctx) {
  OoxmlPackage pkg(in, ctx);
  if (!pkg.Index({}, [](const std::string&, ByteStream&) {})) return;
  const std::string main = pkg.MainPart("word/document.xml");
  if (main.empty()) return ctx.Error("corrupt", "no main document part (word/document.xml)");
  const std::string dir = DirOf(main);
  std::vector<std::string> parts{main};
  std::set<std::string> seen{LowerAscii(main)};
  AddParts(pkg, main, "header", dir, "header", &parts, &seen);
  AddParts(pkg, main, "footer", dir, "footer", &parts, &seen);
  AddParts(pkg, main, "footnotes", dir, "footnotes", &parts, &seen);
  AddParts(pkg, main, "endnotes", dir, "endnotes", &parts, &seen);
  AddParts(pkg, main, "comments", dir, "comments", &parts, &seen);
  AddDiagrams(pkg, dir, &parts, &seen);

  ctx.BeginPart("docx");
  pkg.Read(parts, [&](const std::string& name, ByteStream& data) {
    ExtractOoxmlText(ctx, name, data, {.word = true});
  });
  ctx.EndPart();
  pkg.ScanEmbedded(dir + "embeddings/");
}

void ExtractPptx(Input& in, ExtractContext& ctx) {
  OoxmlPackage pkg(in, ctx);
  PresentationHandler presentation;
  std::string parsed;
  auto read_presentation = [&](const std::string& name, ByteStream& data) {
    parsed = LowerAscii(name);
    ParseXml(data, name, ctx, presentation);
  };
  if (!pkg.Index({"ppt/presentation.xml"}, read_presentation)) return;
  const std::string main = pkg.MainPart("ppt/presentation.xml");
  if (main.empty()) return ctx.Error("corrupt", "no main presentation part (ppt/presentation.xml)");
  if (parsed != LowerAscii(main)) {
    presentation.ids.clear();
    pkg.Read({main}, read_presentation);
  }
  const std::string dir = DirOf(main);

  // Slides in presentation order, each followed by its notes; slides and
  // notes the presentation does not list come after.
  std::vector<std::string> parts;
  std::set<std::string> seen;
  auto add = [&](const std::string* name) {
    if (name != nullptr && seen.insert(LowerAscii(*name)).second) parts.push_back(*name);
  };
  std::vector<std::string> slides;
  for (const std::string& id : presentation.ids) {
    const OoxmlRel* rel = pkg.RelById(main, id);
    if (rel != nullptr && rel->type == "slide") {
      if (const std::string* name = pkg.Find(rel->target)) slides.push_back(*name);
    }
  }
  for (const std::string& name : pkg.Members(dir + "slides/slide", ".xml")) slides.push_back(name);
  for (const std::string& slide : slides) {
    if (seen.count(LowerAscii(slide)) != 0) continue;
    add(&slide);
    if (const OoxmlRel* notes = pkg.RelOfType(slide, "notesSlide")) add(pkg.Find(notes->target));
  }
  for (const std::string& name : pkg.Members(dir + "notesSlides/notesSlide", ".xml")) add(&name);
  AddDiagrams(pkg, dir, &parts, &seen);
  for (const std::string& name : pkg.Members(dir + "comments/", ".xml")) add(&name);

  ctx.BeginPart("pptx");
  pkg.Read(parts, [&](const std::string& name, ByteStream& data) {
    const bool comment = LowerAscii(name).starts_with(LowerAscii(dir + "comments/"));
    ExtractOoxmlText(ctx, name, data, {.text_elements = comment});
  });
  ctx.EndPart();
  pkg.ScanEmbedded(dir + "embeddings/");
}

}  // namespace mamori
