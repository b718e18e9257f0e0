// OoxmlPackage: the parts of an Office Open XML package, read through
// ArchiveReader, which only goes front to back. A first pass lists the
// members and reads the relationship parts and whatever small index parts
// the format needs (a workbook's sheet list, its shared strings); content
// parts are then streamed in reading order, in as few further passes as the
// zip's member order allows. Every pass counts its members against the
// file's member limit, so a package costs a few times its member count.
//
// Part names are compared case-insensitively, as OPC requires.
//
// Thread-safety: not thread-safe; one per package being extracted.
#ifndef MAMORI_SCANNER_EXTRACT_OOXML_PACKAGE_H_
#define MAMORI_SCANNER_EXTRACT_OOXML_PACKAGE_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "extract_context.h"
#include "input.h"

namespace mamori {

class ArchiveReader;

struct OoxmlRel {
  std::string id;
  std::string type;    // the last segment of the type URI: "officeDocument", "worksheet"
  std::string target;  // resolved to a part name; empty for external targets
};

class OoxmlPackage {
 public:
  // Called with a member's name (as stored) and its data.
  using PartFn = std::function<void(const std::string& name, ByteStream& data)>;

  OoxmlPackage(Input& in, ExtractContext& ctx) : in_(in), ctx_(ctx) {}

  // The first pass. Lists the members, parses every relationship part, and
  // hands each member named in `wanted` to `read`. False, with the error
  // recorded, when `in` is not a zip.
  bool Index(const std::vector<std::string>& wanted, const PartFn& read);

  // The member named `part` (any case) as stored, or nullptr.
  const std::string* Find(std::string_view part) const;

  // The package's main part as stored: the target of its officeDocument
  // relationship, else `fallback`; empty when the zip holds neither.
  std::string MainPart(std::string_view fallback) const;

  // The relationships of `source` ("" for the package's own), in order.
  const std::vector<OoxmlRel>& Rels(std::string_view source) const;
  // The first relationship of `source` of `type`, or nullptr.
  const OoxmlRel* RelOfType(std::string_view source, std::string_view type) const;
  const OoxmlRel* RelById(std::string_view source, std::string_view id) const;

  // Members whose names begin with `prefix` (any case) and end with
  // `suffix`, in their natural order ("slide2.xml" before "slide10.xml").
  std::vector<std::string> Members(std::string_view prefix, std::string_view suffix) const;

  // Members named `stem` + digits + ".xml" ("xl/comments" → xl/comments1.xml),
  // in natural order.
  std::vector<std::string> Numbered(std::string_view stem) const;

  // Streams each of `parts` (stored names) to `read`, in this order as far
  // as the member order lets a few passes follow it.
  void Read(const std::vector<std::string>& parts, const PartFn& read);

  // Scans every member under `dir` as an embedded file of its own.
  void ScanEmbedded(std::string_view dir);

 private:
  bool Open(ArchiveReader& reader);

  Input& in_;
  ExtractContext& ctx_;
  std::vector<std::string> names_;                     // members in zip order
  std::map<std::string, std::size_t> find_;            // lowercase name → index in names_
  std::map<std::string, std::vector<OoxmlRel>> rels_;  // lowercase source → rels
  std::size_t rel_count_ = 0;
  std::size_t entry_count_ = 0;  // headers the first pass read
  bool indexed_ = false;         // that pass is over: later ones do not count members
};

// The part a relationship of `source` points at, from its Target: "../x"
// and "/x" resolved, "." and empty segments dropped. Empty for URIs.
std::string ResolvePartName(std::string_view source, std::string_view target);

// ASCII lowercase, for comparing part names.
std::string LowerAscii(std::string_view s);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_OOXML_PACKAGE_H_
