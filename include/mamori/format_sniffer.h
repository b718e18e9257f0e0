// The sniff stage: names a file's format from its first bytes and its name.
//
// Thread-safety: pure functions.
#ifndef MAMORI_FORMAT_SNIFFER_H_
#define MAMORI_FORMAT_SNIFFER_H_

#include <string>
#include <string_view>

namespace mamori {

struct SniffResult {
  std::string format;  // "text", "csv", "tsv", "binary", "zip", "pdf", ...
  // True for formats whose content the scanner reads as plain text. For the
  // others (containers and documents not yet extracted) the raw bytes are
  // still searched, but the report is marked incomplete.
  bool readable_as_text = true;
};

// `head` is the start of the file (any length; 8 KiB is plenty).
SniffResult SniffFormat(std::string_view path, std::string_view head);

// The cell delimiter of delimited text: ',' for csv, '\t' for tsv and for
// text whose first lines all hold the same number of tabs (Excel's "Unicode
// text" is a .txt of tab-separated UTF-16); 0 for running text. `text` is the
// start of the file as UTF-8.
char DelimiterFor(std::string_view format, std::string_view text);

}  // namespace mamori

#endif  // MAMORI_FORMAT_SNIFFER_H_
