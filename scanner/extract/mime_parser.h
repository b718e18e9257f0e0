// MIME structure: a message's tree of entities (RFC 2045/2046) flattened to
// the leaves a reader sees, in order. Multipart bodies are split on their
// boundaries, nested up to kMaxMultipartDepth; of a multipart/alternative
// only the plain-text alternative is kept (or, without one, the first HTML
// or multipart one), because the others repeat it. Leaves point into the
// message and are still transfer-encoded.
//
// Thread-safety: not thread-safe (records into its ExtractContext).
#ifndef MAMORI_SCANNER_EXTRACT_MIME_PARSER_H_
#define MAMORI_SCANNER_EXTRACT_MIME_PARSER_H_

#include <string>
#include <string_view>
#include <vector>

#include "extract_context.h"
#include "mime_decode.h"
#include "mime_header.h"

namespace mamori {

constexpr int kMaxMultipartDepth = 32;
constexpr std::size_t kMaxLeaves = 10000;  // per message, nested messages aside

struct MimeLeaf {
  enum class Kind {
    kText,        // text/plain body: the message's own text
    kHtml,        // text/html body without a plain alternative
    kAttachment,  // anything else, and parts marked attachment or named
    kMessage,     // message/rfc822: a message inside this one
  };
  Kind kind = Kind::kText;
  std::string name;          // decoded file name, "" when none is given
  std::string content_type;  // "type/subtype", lower-case
  std::string charset;       // the Content-Type charset parameter
  std::string smime_type;    // its smime-type parameter (S/MIME parts)
  bool whole_body = false;   // the message's body itself, not a part of it
  TransferEncoding encoding = TransferEncoding::kIdentity;
  std::string_view body;  // transfer-encoded bytes, inside the message
};

// Appends the leaves of the message whose header fields are `headers` and
// whose body is `body` to *leaves. Broken structure (a multipart cut short,
// without boundary lines, nested too deep; over-long headers) is recorded
// in `ctx`, and what could be read is kept. Each entity below the top that
// the caller reads itself (text bodies, multiparts) is counted with
// ctx.CountMember(); the others are counted when the caller scans them.
void ParseMime(const std::vector<HeaderField>& headers, std::string_view body, ExtractContext& ctx,
               std::vector<MimeLeaf>* leaves);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_MIME_PARSER_H_
