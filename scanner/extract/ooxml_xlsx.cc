// Excel workbooks: each worksheet, in the workbook's order, as a line naming
// the sheet followed by a table segment of its rows; then the text of cell
// comments, threaded comments, drawings and SmartArt. Embedded files follow
// as members of their own.
#include <map>
#include <memory>
#include <set>

#include "extractors.h"
#include "ooxml_package.h"
#include "ooxml_sheet.h"
#include "ooxml_text.h"
#include "xml_stream.h"

namespace mamori {

namespace {

constexpr std::size_t kMaxSheets = 100000;

class WorkbookHandler : public XmlHandler {
 public:
  struct Sheet {
    std::string name;
    std::string rel_id;
  };
  void Start(std::string_view name, const char** attrs) override {
    if (name != "sheet" || sheets.size() >= kMaxSheets) return;
    const char* sheet_name = XmlAttr(attrs, "name");
    const char* id = XmlRelId(attrs);
    sheets.push_back({sheet_name != nullptr ? sheet_name : "", id != nullptr ? id : ""});
  }
  void End(std::string_view) override {}
  void Text(std::string_view) override {}
  std::vector<Sheet> sheets;
};

std::string DirOf(std::string_view part) {
  const std::size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

// A sheet name on one line of running text.
std::string SheetLine(std::string_view name) {
  std::string line = "sheet: ";
  for (char c : name) line.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  line.push_back('\n');
  return line;
}

}  // namespace

void ExtractXlsx(Input& in, ExtractContext& ctx) {
  OoxmlPackage pkg(in, ctx);
  WorkbookHandler workbook;
  std::string workbook_read;
  auto read_workbook = [&](const std::string& name, ByteStream& data) {
    workbook_read = LowerAscii(name);
    ParseXml(data, name, ctx, workbook);
  };
  // Shared strings usually come after the sheets in the zip; they are read
  // in the first pass so that the sheets can stream in the second.
  std::unique_ptr<SharedStrings> strings;
  std::string strings_read;
  auto read_strings = [&](const std::string& name, ByteStream& data) {
    strings_read = LowerAscii(name);
    strings = std::make_unique<SharedStrings>(ctx, name);
    ParseXml(data, name, ctx, *strings);
  };
  auto read_index = [&](const std::string& name, ByteStream& data) {
    if (LowerAscii(name) == "xl/workbook.xml") return read_workbook(name, data);
    read_strings(name, data);
  };
  if (!pkg.Index({"xl/workbook.xml", "xl/sharedStrings.xml"}, read_index)) return;
  const std::string main = pkg.MainPart("xl/workbook.xml");
  if (main.empty()) return ctx.Error("corrupt", "no workbook part (xl/workbook.xml)");
  const std::string dir = DirOf(main);
  if (workbook_read != LowerAscii(main)) {
    workbook.sheets.clear();
    pkg.Read({main}, read_workbook);
  }
  const OoxmlRel* sst_rel = pkg.RelOfType(main, "sharedStrings");
  const std::string* sst =
      pkg.Find(sst_rel != nullptr ? sst_rel->target : dir + "sharedStrings.xml");
  if (sst == nullptr) {
    strings.reset();
  } else if (strings_read != LowerAscii(*sst)) {
    strings.reset();
    pkg.Read({*sst}, read_strings);
  }
  if (strings == nullptr) strings = std::make_unique<SharedStrings>(ctx, "sharedStrings");

  // Worksheets (and Excel 4 macro sheets, which hold cells too) in workbook
  // order; any the workbook does not list follow under their part names.
  std::vector<std::string> parts;
  std::set<std::string> seen;
  std::map<std::string, std::string> sheet_names;  // lowercase part → sheet name
  for (const WorkbookHandler::Sheet& sheet : workbook.sheets) {
    const OoxmlRel* rel = pkg.RelById(main, sheet.rel_id);
    if (rel == nullptr) {
      ctx.Error("corrupt", "a sheet of the workbook has no relationship to its part");
      continue;
    }
    if (rel->type != "worksheet" && rel->type != "xlMacrosheet") continue;  // charts, dialogs
    const std::string* name = pkg.Find(rel->target);
    if (name == nullptr) {
      ctx.Error("corrupt", "the worksheet part " + rel->target + " is missing");
      continue;
    }
    if (!seen.insert(LowerAscii(*name)).second) continue;
    parts.push_back(*name);
    sheet_names[LowerAscii(*name)] = sheet.name;
  }
  for (const std::string& name : pkg.Numbered(dir + "worksheets/sheet")) {
    if (!seen.insert(LowerAscii(name)).second) continue;
    parts.push_back(name);
    sheet_names[LowerAscii(name)] = name;
  }
  auto add_text = [&](const std::vector<std::string>& names) {
    for (const std::string& name : names) {
      if (seen.insert(LowerAscii(name)).second) parts.push_back(name);
    }
  };
  add_text(pkg.Numbered(dir + "comments"));
  add_text(pkg.Numbered(dir + "threadedComments/threadedComment"));
  add_text(pkg.Numbered(dir + "drawings/drawing"));
  add_text(pkg.Numbered(dir + "diagrams/data"));

  ctx.BeginPart("xlsx");
  pkg.Read(parts, [&](const std::string& name, ByteStream& data) {
    auto sheet = sheet_names.find(LowerAscii(name));
    if (sheet == sheet_names.end()) {
      const bool threaded = LowerAscii(name).starts_with(LowerAscii(dir + "threadedcomments/"));
      ExtractOoxmlText(ctx, name, data, {.text_elements = threaded});
      return;
    }
    ctx.BeginSegment(0);
    ctx.Write(SheetLine(sheet->second));
    ctx.BeginSegment('\t');
    SheetHandler handler(ctx, name, *strings);
    ParseXml(data, name, ctx, handler);
    handler.Finish();
    ctx.BeginSegment(0);
  });
  ctx.EndPart();
  pkg.ScanEmbedded(dir + "embeddings/");
}

}  // namespace mamori
