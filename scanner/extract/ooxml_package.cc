#include "ooxml_package.h"

#include <algorithm>

#include "archive_reader.h"
#include "xml_stream.h"

namespace mamori {

namespace {

// Passes over the zip for the content parts; the last takes whatever is
// left in member order, so a shuffled zip costs at most this many.
constexpr int kMaxPasses = 3;
// Relationships kept for the whole package (a real one has hundreds).
constexpr std::size_t kMaxRels = 200000;

// "word/_rels/document.xml.rels" → "word/document.xml"; "_rels/.rels" → "".
bool RelsSource(std::string_view lower, std::string* source) {
  if (!lower.ends_with(".rels")) return false;
  const std::size_t slash = lower.rfind('/');
  const std::string_view dir = slash == std::string_view::npos ? "" : lower.substr(0, slash);
  const std::string_view file = lower.substr(slash == std::string_view::npos ? 0 : slash + 1);
  if (!(dir == "_rels" || dir.ends_with("/_rels"))) return false;
  const std::string_view parent = dir.substr(0, dir.size() - 5);  // keeps its '/'
  source->assign(parent);
  source->append(file.substr(0, file.size() - 5));
  return true;
}

class RelsHandler : public XmlHandler {
 public:
  RelsHandler(std::string source, std::vector<OoxmlRel>* out, std::size_t* count)
      : source_(std::move(source)), out_(out), count_(count) {}
  void Start(std::string_view name, const char** attrs) override {
    if (name != "Relationship") return;
    if (*count_ >= kMaxRels) {
      over_ = true;
      return;
    }
    ++*count_;
    OoxmlRel rel;
    const char* id = XmlAttr(attrs, "Id");
    const char* type = XmlAttr(attrs, "Type");
    const char* target = XmlAttr(attrs, "Target");
    const char* mode = XmlAttr(attrs, "TargetMode");
    if (id != nullptr) rel.id = id;
    if (type != nullptr) {
      std::string_view t(type);
      rel.type = std::string(t.substr(t.rfind('/') + 1));
    }
    const bool external = mode != nullptr && std::string_view(mode) == "External";
    if (target != nullptr && !external) rel.target = ResolvePartName(source_, target);
    out_->push_back(std::move(rel));
  }
  void End(std::string_view) override {}
  void Text(std::string_view) override {}
  bool over() const { return over_; }

 private:
  std::string source_;
  std::vector<OoxmlRel>* out_;
  std::size_t* count_;
  bool over_ = false;
};

// Natural order: runs of digits compare as numbers.
bool NaturalLess(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t ie = i, je = j;
      while (ie < a.size() && digit(a[ie])) ++ie;
      while (je < b.size() && digit(b[je])) ++je;
      std::string_view x = a.substr(i, ie - i), y = b.substr(j, je - j);
      while (x.size() > 1 && x[0] == '0') x.remove_prefix(1);
      while (y.size() > 1 && y[0] == '0') y.remove_prefix(1);
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      i = ie;
      j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

}  // namespace

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string ResolvePartName(std::string_view source, std::string_view target) {
  if (target.find("://") != std::string_view::npos || target.starts_with("mailto:")) return {};
  const std::size_t hash = target.find('#');
  if (hash != std::string_view::npos) target = target.substr(0, hash);
  std::string path;
  if (!target.starts_with("/")) {
    const std::size_t slash = source.rfind('/');
    if (slash != std::string_view::npos) path.assign(source.substr(0, slash + 1));
  }
  path.append(target);
  std::vector<std::string_view> segments;
  std::string_view rest(path);
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.push_back(seg);
  }
  std::string out;
  for (std::string_view seg : segments) {
    if (!out.empty()) out.push_back('/');
    out.append(seg);
  }
  return out;
}

bool OoxmlPackage::Open(ArchiveReader& reader) {
  // Index's pass counts the members; the passes after it read the same ones.
  reader.set_counts_members(!indexed_);
  return reader.Open(in_, /*zip_only=*/true);
}

bool OoxmlPackage::Index(const std::vector<std::string>& wanted, const PartFn& read) {
  ArchiveReader reader(ctx_);
  if (!Open(reader)) return false;
  std::vector<std::string> want;
  for (const std::string& w : wanted) want.push_back(LowerAscii(w));
  bool rels_over = false;
  ArchiveEntry entry;
  while (reader.Next(&entry)) {
    ++entry_count_;
    if (entry.is_directory || !entry.is_regular) continue;
    std::string lower = LowerAscii(entry.name);
    if (find_.count(lower) != 0) continue;  // a second member of the same name is never read
    find_.emplace(lower, names_.size());
    names_.push_back(entry.name);
    std::string source;
    if (RelsSource(lower, &source)) {
      RelsHandler handler(source, &rels_[source], &rel_count_);
      ParseXml(reader, entry.name, ctx_, handler);
      rels_over = rels_over || handler.over();
    } else if (std::find(want.begin(), want.end(), lower) != want.end()) {
      read(entry.name, reader);
    }
  }
  if (rels_over) {
    ctx_.Error("corrupt", "more than " + std::to_string(kMaxRels) +
                              " relationships; the rest were not followed");
  }
  indexed_ = true;
  return true;
}

const std::string* OoxmlPackage::Find(std::string_view part) const {
  auto it = find_.find(LowerAscii(part));
  return it == find_.end() ? nullptr : &names_[it->second];
}

std::string OoxmlPackage::MainPart(std::string_view fallback) const {
  const OoxmlRel* rel = RelOfType("", "officeDocument");
  const std::string* name = rel != nullptr ? Find(rel->target) : nullptr;
  if (name == nullptr) name = Find(fallback);
  return name != nullptr ? *name : std::string();
}

const std::vector<OoxmlRel>& OoxmlPackage::Rels(std::string_view source) const {
  static const std::vector<OoxmlRel> kNone;
  auto it = rels_.find(LowerAscii(source));
  return it == rels_.end() ? kNone : it->second;
}

const OoxmlRel* OoxmlPackage::RelOfType(std::string_view source, std::string_view type) const {
  for (const OoxmlRel& rel : Rels(source)) {
    if (rel.type == type) return &rel;
  }
  return nullptr;
}

const OoxmlRel* OoxmlPackage::RelById(std::string_view source, std::string_view id) const {
  for (const OoxmlRel& rel : Rels(source)) {
    if (rel.id == id) return &rel;
  }
  return nullptr;
}

std::vector<std::string> OoxmlPackage::Members(std::string_view prefix,
                                               std::string_view suffix) const {
  const std::string p = LowerAscii(prefix), s = LowerAscii(suffix);
  std::vector<std::string> out;
  for (auto it = find_.lower_bound(p); it != find_.end() && it->first.starts_with(p); ++it) {
    if (it->first.size() >= p.size() + s.size() && it->first.ends_with(s)) {
      out.push_back(names_[it->second]);
    }
  }
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return NaturalLess(LowerAscii(a), LowerAscii(b));
  });
  return out;
}

std::vector<std::string> OoxmlPackage::Numbered(std::string_view stem) const {
  std::vector<std::string> out;
  for (std::string& name : Members(stem, ".xml")) {
    const std::string_view middle =
        std::string_view(name).substr(stem.size(), name.size() - stem.size() - 4);
    if (middle.find_first_not_of("0123456789") == std::string_view::npos) {
      out.push_back(std::move(name));
    }
  }
  return out;
}

void OoxmlPackage::Read(const std::vector<std::string>& parts, const PartFn& read) {
  std::map<std::string, std::size_t> order;
  for (std::size_t i = 0; i < parts.size(); ++i) order.emplace(LowerAscii(parts[i]), i);
  std::vector<bool> done(parts.size(), false);
  std::size_t next = 0;  // the first part not yet read
  auto advance = [&] {
    while (next < parts.size() && done[next]) ++next;
  };
  advance();
  for (int pass = 0; pass < kMaxPasses && next < parts.size() && !ctx_.stopped(); ++pass) {
    const bool last = pass == kMaxPasses - 1;
    ArchiveReader reader(ctx_);
    if (!Open(reader)) return;
    ArchiveEntry entry;
    // Stops where the first pass stopped, so a damaged tail is met (and
    // recorded) once.
    for (std::size_t seen = 0; seen < entry_count_ && next < parts.size(); ++seen) {
      if (!reader.Next(&entry)) break;
      auto it = order.find(LowerAscii(entry.name));
      if (it == order.end() || done[it->second]) continue;
      if (!last && it->second != next) continue;
      done[it->second] = true;
      read(entry.name, reader);
      advance();
      if (ctx_.stopped()) return;
    }
  }
}

void OoxmlPackage::ScanEmbedded(std::string_view dir) {
  if (Members(dir, "").empty() || ctx_.stopped()) return;
  const std::string lower_dir = LowerAscii(dir);
  ArchiveReader reader(ctx_);
  if (!Open(reader)) return;
  ArchiveEntry entry;
  for (std::size_t seen = 0; seen < entry_count_; ++seen) {
    if (!reader.Next(&entry)) break;
    if (entry.is_directory || !entry.is_regular) continue;
    if (!LowerAscii(entry.name).starts_with(lower_dir)) continue;
    ctx_.ScanMemberStream(entry.name, reader, entry.size);
    if (ctx_.stopped()) return;
  }
}

}  // namespace mamori
