#include "markup_html.h"

#include <algorithm>

#include "markup_entities.h"

namespace mamori {

namespace {

constexpr std::size_t kMaxName = 64;
constexpr std::size_t kMaxAttrs = 4096;
constexpr std::size_t kMaxEntity = 32;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsAlpha(c) || (c >= '0' && c <= '9'); }
bool IsNameChar(char c) {
  return IsAlnum(c) || c == ':' || c == '-' || c == '_' || c == '.' || (c & 0x80) != 0;
}
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

HtmlText::HtmlText(MarkupWriter& out, bool xml) : out_(out), xml_(xml) {}

void HtmlText::Feed(std::string_view in) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '\n') ++line_;
    switch (state_) {
      case State::kText:
        if (c == '<') {
          FlushText();
          state_ = State::kTagOpen;
        } else if (c == '&') {
          entity_.clear();
          state_ = State::kEntity;
        } else {
          TextChar(c);
        }
        break;
      case State::kEntity:
        if ((IsAlnum(c) || (c == '#' && entity_.empty())) && entity_.size() < kMaxEntity) {
          entity_.push_back(c);
        } else if (c == ';') {
          EndEntity(true);
        } else {
          EndEntity(false);
          --i;  // read the character again as text
          if (c == '\n') --line_;
        }
        break;
      case State::kTagOpen:
        name_.clear();
        attrs_.clear();
        end_tag_ = self_closing_ = false;
        if (c == '!') {
          bang_.clear();
          state_ = State::kBang;
        } else if (c == '?') {
          pi_question_ = false;
          state_ = State::kPi;
        } else if (c == '/') {
          end_tag_ = true;
          state_ = State::kTagName;
        } else if (IsAlpha(c) || (xml_ && (c == '_' || (c & 0x80) != 0))) {
          name_.push_back(xml_ ? c : Lower(c));
          state_ = State::kTagName;
        } else {
          // "a < b": a '<' that opens nothing is text.
          TextChar('<');
          state_ = State::kText;
          --i;
          if (c == '\n') --line_;
        }
        break;
      case State::kBang: {
        bang_.push_back(c);
        constexpr std::string_view kCdata = "[CDATA[";
        if (bang_ == "--") {
          run_ = 0;
          state_ = State::kComment;
        } else if (bang_ == kCdata) {
          run_ = 0;
          state_ = State::kCdata;
        } else if (!(bang_ == "-" || kCdata.starts_with(bang_))) {
          run_ = c == '[' ? 1 : 0;
          state_ = c == '>' ? State::kText : State::kDecl;
        }
        break;
      }
      case State::kComment:
        if (c == '-') {
          ++run_;
        } else {
          if (c == '>' && run_ >= 2) state_ = State::kText;
          run_ = 0;
        }
        break;
      case State::kCdata:
        if (c == ']') {
          ++run_;
        } else if (c == '>' && run_ >= 2) {
          TextString(std::string(static_cast<std::size_t>(run_ - 2), ']'));
          FlushText();
          state_ = State::kText;
          run_ = 0;
        } else {
          TextString(std::string(static_cast<std::size_t>(run_), ']'));
          run_ = 0;
          TextChar(c);
        }
        break;
      case State::kDecl:
        // A DOCTYPE's internal subset holds '>' inside brackets.
        if (c == '[') {
          ++run_;
        } else if (c == ']') {
          run_ = std::max(run_ - 1, 0);
        } else if (c == '>' && run_ == 0) {
          state_ = State::kText;
        }
        break;
      case State::kPi:
        if (c == '>' && (pi_question_ || !xml_)) state_ = State::kText;
        pi_question_ = c == '?';
        break;
      case State::kTagName:
        if (IsNameChar(c)) {
          if (name_.size() < kMaxName) name_.push_back(xml_ ? c : Lower(c));
        } else if (c == '>') {
          TagDone();
        } else {
          self_closing_ = c == '/';
          state_ = State::kAttrs;
        }
        break;
      case State::kAttrs:
        if (c == '>') {
          TagDone();
          break;
        }
        if (c == '"') state_ = State::kAttrDq;
        if (c == '\'') state_ = State::kAttrSq;
        if (!IsSpace(c)) self_closing_ = c == '/';
        if (attrs_.size() < kMaxAttrs) attrs_.push_back(c);
        break;
      case State::kAttrDq:
      case State::kAttrSq:
        if (c == (state_ == State::kAttrDq ? '"' : '\'')) state_ = State::kAttrs;
        if (attrs_.size() < kMaxAttrs) attrs_.push_back(c);
        break;
      case State::kRawText:
        if (Lower(c) == raw_end_[raw_match_]) {
          if (++raw_match_ == raw_end_.size()) {
            name_ = raw_end_.substr(2);
            attrs_.clear();
            end_tag_ = true;
            self_closing_ = false;
            state_ = State::kAttrs;
          }
        } else {
          raw_match_ = c == '<' ? 1 : 0;
        }
        break;
    }
  }
}

void HtmlText::TextChar(char c) {
  if (IsSpace(c)) {
    if (pre_ > 0 && !xml_) {
      if (c == '\n') {
        FlushText();
        out_.Break();
        line_has_text_ = false;
        pending_space_ = false;
      } else if (c != '\r') {
        text_.push_back(' ');
      }
      return;
    }
    pending_space_ = true;
    return;
  }
  if (pending_space_ && (line_has_text_ || !text_.empty())) text_.push_back(' ');
  pending_space_ = false;
  text_.push_back(c);
  if (text_.size() >= (64 << 10)) FlushText();
}

void HtmlText::TextString(std::string_view s) {
  for (char c : s) TextChar(c);
}

void HtmlText::FlushText() {
  if (text_.empty()) return;
  out_.Text(text_);
  text_.clear();
  line_has_text_ = true;
}

void HtmlText::SoftBreak() {
  FlushText();
  pending_space_ = false;
  if (!line_has_text_) return;
  out_.Break();
  line_has_text_ = false;
}

void HtmlText::EndEntity(bool semicolon) {
  state_ = State::kText;
  std::string decoded;
  if (DecodeEntity(entity_, !semicolon, &decoded)) {
    TextString(decoded);
    return;
  }
  TextChar('&');
  TextString(entity_);
  if (semicolon) TextChar(';');
}

std::string HtmlText::Attr(std::string_view name) const {
  // Attributes as written: name, optional spaces, '=', a quoted or bare value.
  // HTML attribute names are case-insensitive: search a lower-case copy.
  std::string folded = attrs_;
  if (!xml_) std::transform(folded.begin(), folded.end(), folded.begin(), Lower);
  const std::string_view a(attrs_);
  const std::string_view f(folded);
  for (std::size_t at = 0; (at = f.find(name, at)) != std::string_view::npos; at += name.size()) {
    if (at > 0 && IsNameChar(a[at - 1])) continue;
    std::size_t i = at + name.size();
    while (i < a.size() && IsSpace(a[i])) ++i;
    if (i >= a.size() || a[i] != '=') continue;
    ++i;
    while (i < a.size() && IsSpace(a[i])) ++i;
    if (i >= a.size()) return {};
    std::size_t end;
    if (a[i] == '"' || a[i] == '\'') {
      end = a.find(a[i], i + 1);
      ++i;
    } else {
      end = i;
      while (end < a.size() && !IsSpace(a[end]) && a[end] != '>' && a[end] != '/') ++end;
    }
    std::string_view raw = a.substr(i, end == std::string_view::npos ? a.npos : end - i);
    // Character references in the value.
    std::string out;
    for (std::size_t k = 0; k < raw.size(); ++k) {
      const std::size_t semi = raw[k] == '&' ? raw.find(';', k) : std::string_view::npos;
      if (semi != std::string_view::npos && semi - k <= kMaxEntity &&
          DecodeEntity(raw.substr(k + 1, semi - k - 1), false, &out)) {
        k = semi;
      } else {
        out.push_back(raw[k]);
      }
    }
    return out;
  }
  return {};
}

void HtmlText::TagDone() {
  state_ = State::kText;
  if (name_.empty()) return;
  if (xml_) return XmlTag(name_);
  HtmlTag(name_);
}

void HtmlText::MalformedOnce(std::string message) {
  if (malformed_.empty()) malformed_ = std::move(message);
}

void HtmlText::Finish(ExtractContext& ctx) {
  if (state_ == State::kEntity) EndEntity(false);
  FlushText();
  if (state_ != State::kText) {
    const char* where = state_ == State::kComment   ? "a comment"
                        : state_ == State::kRawText ? "a script or style"
                        : state_ == State::kCdata   ? "a CDATA section"
                                                    : "a tag";
    if (xml_) {
      MalformedOnce(std::string("the XML ends inside ") + where);
    } else {
      ctx.Error("truncated",
                std::string("the HTML ends inside ") + where + "; the text before it was kept");
    }
  }
  if (xml_ && malformed_.empty() && (!open_.empty() || open_overflow_ > 0)) {
    malformed_ =
        "the XML ends with " + std::to_string(open_.size() + open_overflow_) + " elements open";
  }
  if (!malformed_.empty()) ctx.Error("malformed-xml", malformed_ + "; its text was kept");
}

}  // namespace mamori
