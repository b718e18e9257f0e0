// MIME header sections: fields unfolded (RFC 5322), encoded-words decoded
// (RFC 2047), and the parameters of Content-Type and Content-Disposition
// with RFC 2231 continuations and charsets. Parsing is lenient, as mail
// readers are, and bounded: a header section keeps at most kMaxFields
// fields of at most kMaxFieldBytes each.
//
// Thread-safety: pure functions and plain values.
#ifndef MAMORI_SCANNER_EXTRACT_MIME_HEADER_H_
#define MAMORI_SCANNER_EXTRACT_MIME_HEADER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mamori {

struct HeaderField {
  std::string name;   // lower-case
  std::string value;  // unfolded, bytes as written
};

struct HeaderSection {
  std::vector<HeaderField> fields;
  // What follows the blank line that ends the section, or the first line
  // that is neither a field nor a continuation (a part without headers).
  std::string_view body;
  bool overflow = false;  // fields past kMaxFields or bytes past kMaxFieldBytes were dropped
};

constexpr std::size_t kMaxFields = 1000;
constexpr std::size_t kMaxFieldBytes = 64 << 10;

// Parses the header section at the start of `entity`. An mbox envelope line
// ("From sender date") first is skipped.
HeaderSection ParseHeaderSection(std::string_view entity);

// The value of the first field named `name` (lower-case), or nullptr.
const std::string* FindField(const std::vector<HeaderField>& fields, std::string_view name);

// The UTF-8 text of a header value: encoded-words decoded and joined (the
// whitespace between two of them dropped), 8-bit text outside them read in
// its detected encoding, line breaks and control characters made spaces.
std::string DecodeHeaderText(std::string_view raw);

// A Content-Type or Content-Disposition value and its parameters.
class HeaderParams {
 public:
  explicit HeaderParams(std::string_view raw);

  // The value before the parameters, lower-case, trimmed ("text/plain").
  const std::string& value() const { return value_; }
  // A parameter's bytes as written, continuations joined and %XX decoded
  // ("boundary" must be matched byte for byte); "" when absent.
  std::string Raw(std::string_view name) const;
  // A parameter as UTF-8 text: its RFC 2231 charset applied, or its
  // encoded-words decoded (mailers put them in quoted filenames).
  std::string Text(std::string_view name) const;

 private:
  struct Param {
    std::string name;     // lower-case, without the RFC 2231 "*N*" suffix
    std::string bytes;    // joined and decoded
    std::string charset;  // RFC 2231 charset, "" for a plain value
  };
  const Param* Find(std::string_view name) const;

  std::string value_;
  std::vector<Param> params_;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_MIME_HEADER_H_
