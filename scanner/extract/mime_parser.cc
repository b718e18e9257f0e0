#include "mime_parser.h"

namespace mamori {

namespace {

constexpr std::size_t kMaxAlternatives = 64;

bool Blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// Splits a multipart body on "--boundary" lines (RFC 2046 5.1.1). The line
// break before a delimiter belongs to it, not to the part. Lenient where
// mailers are sloppy: blanks after a delimiter, anything after the close.
class MultipartSplitter {
 public:
  MultipartSplitter(std::string_view body, std::string_view boundary)
      : body_(body), delim_("--" + std::string(boundary)) {
    std::size_t start = 0;
    bool close = false;
    found_ = Find(0, &start, &cur_, &close);
    done_ = !found_ || close;
    closed_ = found_ && close;
  }

  bool found() const { return found_; }    // an opening delimiter was seen
  bool closed() const { return closed_; }  // the close delimiter was seen

  // The next part; false after the last.
  bool Next(std::string_view* part) {
    while (!done_) {
      std::size_t start = 0, after = 0;
      bool close = false;
      if (!Find(cur_, &start, &after, &close)) {
        *part = body_.substr(cur_);  // cut short: keep what is there
        done_ = true;
        if (Blank(*part)) return false;
        return true;
      }
      std::size_t end = start;
      if (end > cur_ && body_[end - 1] == '\n') --end;
      if (end > cur_ && body_[end - 1] == '\r') --end;
      *part = body_.substr(cur_, end - cur_);
      cur_ = after;
      if (close) {
        done_ = true;
        closed_ = true;
      }
      return true;
    }
    return false;
  }

 private:
  // The next delimiter line at or after `from`: its start, where the line
  // after it starts, and whether it is the close delimiter.
  bool Find(std::size_t from, std::size_t* start, std::size_t* after, bool* close) const {
    while (from < body_.size()) {
      const std::size_t p = body_.find(delim_, from);
      if (p == std::string_view::npos) return false;
      from = p + 1;
      if (p != 0 && body_[p - 1] != '\n') continue;
      const std::size_t q = p + delim_.size();
      std::size_t eol = body_.find('\n', q);
      eol = eol == std::string_view::npos ? body_.size() : eol;
      const std::string_view rest = body_.substr(q, eol - q);
      *close = rest.starts_with("--");
      // A longer boundary that merely starts with this one is not it.
      if (!*close && !Blank(rest)) continue;
      *start = p;
      *after = eol == body_.size() ? eol : eol + 1;
      return true;
    }
    return false;
  }

  std::string_view body_;
  std::string delim_;
  std::size_t cur_ = 0;
  bool found_ = false;
  bool closed_ = false;
  bool done_ = true;
};

class Walker {
 public:
  Walker(ExtractContext& ctx, std::vector<MimeLeaf>* leaves) : ctx_(ctx), leaves_(leaves) {}

  void Entity(const std::vector<HeaderField>& fields, std::string_view body, int depth,
              bool in_digest) {
    if (stop_ || ctx_.stopped()) return;
    const std::string* ct_field = FindField(fields, "content-type");
    HeaderParams ct(ct_field != nullptr ? *ct_field
                                        : (in_digest ? "message/rfc822" : "text/plain"));
    std::string type = ct.value();
    if (type.find('/') == std::string::npos) type = "text/plain";  // RFC 2045 5.2
    const std::string* cd_field = FindField(fields, "content-disposition");
    HeaderParams cd(cd_field != nullptr ? *cd_field : "");
    const std::string* te_field = FindField(fields, "content-transfer-encoding");

    if (type.starts_with("multipart/")) {
      if (depth > 0 && !ctx_.CountMember()) return;
      return Multipart(type, ct.Raw("boundary"), body, depth);
    }
    MimeLeaf leaf;
    leaf.name = cd.Text("filename");
    if (leaf.name.empty()) leaf.name = ct.Text("name");
    leaf.content_type = type;
    leaf.charset = ct.Raw("charset");
    leaf.smime_type = ct.Raw("smime-type");
    leaf.whole_body = depth == 0;
    leaf.encoding = ParseTransferEncoding(te_field != nullptr ? *te_field : "");
    leaf.body = body;
    const bool body_text = cd.value() != "attachment" && leaf.name.empty();
    if (type == "message/rfc822" || type == "message/global") {
      leaf.kind = MimeLeaf::Kind::kMessage;
    } else if (type == "text/plain" && body_text) {
      leaf.kind = MimeLeaf::Kind::kText;
      if (depth > 0 && !ctx_.CountMember()) return;
    } else if (type == "text/html" && body_text) {
      leaf.kind = MimeLeaf::Kind::kHtml;
    } else {
      leaf.kind = MimeLeaf::Kind::kAttachment;
    }
    Add(std::move(leaf));
  }

 private:
  void Add(MimeLeaf leaf) {
    if (leaves_->size() >= kMaxLeaves) {
      ctx_.Error("too-many-members", "a message of more than " + std::to_string(kMaxLeaves) +
                                         " parts; the rest were not read");
      stop_ = true;
      return;
    }
    leaves_->push_back(std::move(leaf));
  }

  void Multipart(const std::string& type, const std::string& boundary, std::string_view body,
                 int depth) {
    if (depth >= kMaxMultipartDepth) {
      ctx_.Error("nesting-too-deep", "a " + type + " nested more than " +
                                         std::to_string(kMaxMultipartDepth) +
                                         " multiparts deep was not read");
      return;
    }
    MultipartSplitter parts(body, boundary);
    if (boundary.empty() || !parts.found()) {
      ctx_.Error("corrupt", "a " + type + " body without " +
                                (boundary.empty() ? "a boundary" : "boundary lines") +
                                " was read as text");
      MimeLeaf leaf;
      leaf.content_type = "text/plain";
      leaf.body = body;
      return Add(std::move(leaf));
    }
    const bool digest = type == "multipart/digest";
    std::string_view part;
    if (type == "multipart/alternative") {
      std::vector<HeaderSection> alternatives;
      while (alternatives.size() < kMaxAlternatives && parts.Next(&part)) {
        alternatives.push_back(ParseHeaderSection(part));
      }
      // The rest is read only to see whether the multipart is closed.
      while (parts.Next(&part)) continue;
      if (!alternatives.empty()) {
        const HeaderSection& h = alternatives[Choose(alternatives)];
        Child(h, depth, false);
      }
    } else {
      while (!stop_ && parts.Next(&part)) {
        if (!ctx_.CheckTime()) return;
        Child(ParseHeaderSection(part), depth, digest);
      }
    }
    if (stop_ || ctx_.stopped()) return;
    if (!parts.closed() && !truncation_reported_) {
      truncation_reported_ = true;  // the enclosing multiparts are cut short with it
      ctx_.Error("truncated", "a " + type + " ends without its closing boundary; " +
                                  "the parts before the end were read");
    }
  }

  void Child(const HeaderSection& h, int depth, bool digest) {
    if (h.overflow && !overflow_reported_) {
      overflow_reported_ = true;
      ctx_.Error("corrupt", "a part's header holds more than " + std::to_string(kMaxFields) +
                                " fields or a field over " + std::to_string(kMaxFieldBytes) +
                                " bytes; the excess was not read");
    }
    Entity(h.fields, h.body, depth + 1, digest);
  }

  // The alternative to read: plain text, else the first HTML or multipart
  // (multipart/related around HTML), else the first.
  static std::size_t Choose(const std::vector<HeaderSection>& alternatives) {
    auto type_of = [](const HeaderSection& h) {
      const std::string* f = FindField(h.fields, "content-type");
      return f == nullptr ? std::string("text/plain") : HeaderParams(*f).value();
    };
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
      if (type_of(alternatives[i]) == "text/plain") return i;
    }
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
      const std::string t = type_of(alternatives[i]);
      if (t == "text/html" || t.starts_with("multipart/")) return i;
    }
    return 0;
  }

  ExtractContext& ctx_;
  std::vector<MimeLeaf>* leaves_;
  bool stop_ = false;
  bool truncation_reported_ = false;
  bool overflow_reported_ = false;
};

}  // namespace

void ParseMime(const std::vector<HeaderField>& headers, std::string_view body, ExtractContext& ctx,
               std::vector<MimeLeaf>* leaves) {
  Walker(ctx, leaves).Entity(headers, body, 0, false);
}

}  // namespace mamori
