// Text made safe for an HTML page: every string that reaches the report
// (paths and member names come from whoever named the files) goes through
// HtmlEscape, so a file called `<script>.csv` is shown, never run. Also the
// last line of defence for the no-full-identifier rule: MaskDigits masks
// anything shown as a masked example as the scanner would have.
//
// Thread-safety: pure functions.
#ifndef MAMORI_REPORTS_HTML_ESCAPE_H_
#define MAMORI_REPORTS_HTML_ESCAPE_H_

#include <string>
#include <string_view>

namespace mamori {

// Escapes & < > " ' for use in element content and in quoted attribute
// values alike. Bytes that are not well-formed UTF-8 become U+FFFD and C0/C1
// control characters (other than tab and newline) their visible "control
// picture" or U+FFFD, so the output is always valid UTF-8 text that no HTML
// parser treats as markup.
std::string HtmlEscape(std::string_view text);

// Appends HtmlEscape(text) to *out.
void AppendEscaped(std::string_view text, std::string* out);

// `text` masked as the scanner masks values (keyed_hash.h MaskValue): of a
// value of ten or more digits and stars only the last four digits show, of
// five to nine the last two, of shorter ones none; the digits before are
// replaced by '*'. Masked examples from the database pass unchanged
// ("********9018"); a value that somehow arrived unmasked is masked here.
std::string MaskDigits(std::string_view text);

}  // namespace mamori

#endif  // MAMORI_REPORTS_HTML_ESCAPE_H_
