// The sniff stage: names a file's format from its first bytes and its name,
// and says how the scanner reads it.
//
// Thread-safety: pure functions.
#ifndef MAMORI_FORMAT_SNIFFER_H_
#define MAMORI_FORMAT_SNIFFER_H_

#include <string>
#include <string_view>

namespace mamori {

enum class FormatKind {
  kText,      // read as text in its own encoding: text, csv, tsv, json, and
              // unknown binary (its raw bytes are searched)
  kArchive,   // members read through libarchive: zip, 7z, tar, gzip, ...
  kPackage,   // a zip-based document: docx, xlsx, pptx, odt, ods, odp
  kDocument,  // parsed whole in memory: cfb (xls, doc, ppt, msg), pdf, rtf,
              // html, xml, eml, mbox
  kOpaque,    // recognised but not readable: openpgp, smime (encrypted
              // messages; the extractor names how they are protected)
};

struct SniffResult {
  std::string format;  // "text", "csv", "zip", "xlsx", "xls", "pdf", ...
  FormatKind kind = FormatKind::kText;
};

// `head` is the start of the file; 64 KiB lets ISO images be recognised
// (their mark is at 32 KiB), 8 KiB does for everything else.
SniffResult SniffFormat(std::string_view path, std::string_view head);

// The document or container format a file's name claims ("docx" for
// x.DOCX, "zip", "pdf", ...), or empty for names that claim none. A file
// whose bytes do not bear out the claim is damaged or disguised.
std::string_view ClaimedFormat(std::string_view path);

// The cell delimiter of delimited text: ',' for csv, '\t' for tsv; for other
// text, '\t' or ',' when its first lines all hold the same number of that
// delimiter outside quotes (a roster saved as .txt or under another name);
// 0 for running text. `text` is the start of the file as UTF-8.
char DelimiterFor(std::string_view format, std::string_view text);

}  // namespace mamori

#endif  // MAMORI_FORMAT_SNIFFER_H_
