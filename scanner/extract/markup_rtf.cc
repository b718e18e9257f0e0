#include "markup_rtf.h"

#include <algorithm>

#include "markup_rtf_parser.h"

namespace mamori {

namespace {

constexpr std::size_t kTimeCheckEvery = 4 << 20;
constexpr std::size_t kMaxFonts = 4096;

// Destinations whose text is not document text.
constexpr std::string_view kSkipped[] = {
    "fonttbl",      "colortbl",     "stylesheet",     "info",      "pict",
    "objdata",      "fldinst",      "filetbl",        "listtable", "listoverridetable",
    "revtbl",       "rsidtbl",      "xmlnstbl",       "themedata", "colorschememapping",
    "latentstyles", "datastore",    "generator",      "pgdsctbl",  "mmathPr",
    "pntxta",       "pntxtb",       "bkmkstart",      "bkmkend",   "private",
    "userprops",    "template",     "docvar",         "sp",        "shprslt",
    "nonshppict",   "xe",           "blipuid",        "fchars",    "lchars",
    "protusertbl",  "passwordhash", "wgrffmtfilter",  "ftnsep",    "ftnsepc",
    "aftnsep",      "aftnsepc",     "nesttableprops", "panose",    "falt",
};
// \* destinations that do hold document text.
constexpr std::string_view kKeptStarred[] = {"shpinst", "shptxt"};

bool In(std::string_view word, const std::string_view* begin, const std::string_view* end) {
  return std::find(begin, end, word) != end;
}

// \fcharset to a Windows code page; 0 for "the document's".
int CodePageOfCharset(int charset) {
  switch (charset) {
    case 77: return 10000;
    case 78: return 10001;
    case 128: return 932;
    case 129: return 949;
    case 130: return 1361;
    case 134: return 936;
    case 136: return 950;
    case 161: return 1253;
    case 162: return 1254;
    case 163: return 1258;
    case 177: return 1255;
    case 178: return 1256;
    case 186: return 1257;
    case 204: return 1251;
    case 222: return 874;
    case 238: return 1250;
    case 255: return 437;
    default: return 0;
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

void RtfParser::Run() {
  std::size_t next_check = kTimeCheckEvery;
  while (pos_ < data_.size() && !done_) {
    if (pos_ >= next_check) {
      next_check = pos_ + kTimeCheckEvery;
      if (!ctx_.CheckTime()) return;
    }
    const char c = data_[pos_];
    switch (c) {
      case '{':
        ++pos_;
        Open();
        break;
      case '}':
        ++pos_;
        Close();
        break;
      case '\\':
        ++pos_;
        Control();
        break;
      case '\r':
      case '\n': ++pos_; break;
      default: PlainText(); break;
    }
  }
  FlushBytes();
  if (!done_ && depth() > 0) {
    ctx_.Error("truncated", "the RTF ends inside " + std::to_string(depth()) +
                                " open groups; the text before the end was kept");
  }
}

void RtfParser::Open() {
  FlushBytes();
  skip_chars_ = 0;
  if (stack_.size() >= static_cast<std::size_t>(kMaxRtfDepth)) {
    if (overflow_++ == 0 && !depth_reported_) {
      depth_reported_ = true;
      ctx_.Error("corrupt", "RTF groups nested deeper than " + std::to_string(kMaxRtfDepth) +
                                " were read as one group");
    }
    return;
  }
  stack_.push_back(cur_);
  cur_.starred = false;
  cur_.first = true;
}

void RtfParser::Close() {
  FlushBytes();
  skip_chars_ = 0;
  if (overflow_ > 0) {
    --overflow_;
    return;
  }
  if (stack_.empty()) return;  // a stray '}'
  cur_ = stack_.back();
  stack_.pop_back();
  if (stack_.empty()) done_ = true;  // the document's group is closed
}

void RtfParser::PlainText() {
  // A run of text bytes up to the next control character.
  std::size_t end = pos_;
  while (end < data_.size()) {
    const char c = data_[end];
    if (c == '{' || c == '}' || c == '\\' || c == '\r' || c == '\n') break;
    ++end;
  }
  std::string_view run = data_.substr(pos_, end - pos_);
  pos_ = end;
  const std::size_t skipped = std::min<std::size_t>(skip_chars_, run.size());
  skip_chars_ -= static_cast<int>(skipped);
  run.remove_prefix(skipped);
  AddBytes(run);
}

void RtfParser::Control() {
  if (pos_ >= data_.size()) return;
  const char c = data_[pos_];
  if (!IsLetter(c)) return Symbol(c);
  const std::size_t start = pos_;
  while (pos_ < data_.size() && IsLetter(data_[pos_])) ++pos_;
  const std::string_view word = data_.substr(start, std::min<std::size_t>(pos_ - start, 32));
  bool has_param = false;
  bool negative = false;
  std::int64_t param = 0;
  if (pos_ < data_.size() && data_[pos_] == '-') {
    negative = true;
    ++pos_;
  }
  while (pos_ < data_.size() && data_[pos_] >= '0' && data_[pos_] <= '9') {
    has_param = true;
    if (param < 100000000000) param = param * 10 + (data_[pos_] - '0');
    ++pos_;
  }
  if (negative) param = -param;
  if (pos_ < data_.size() && data_[pos_] == ' ') ++pos_;
  Word(word, has_param ? param : 0, has_param);
}

void RtfParser::Symbol(char c) {
  ++pos_;
  if (c != '\'') FlushBytes();
  if (c == '\'') {
    int hi = pos_ < data_.size() ? HexValue(data_[pos_]) : -1;
    int lo = pos_ + 1 < data_.size() ? HexValue(data_[pos_ + 1]) : -1;
    if (hi < 0 || lo < 0) return;
    pos_ += 2;
    if (skip_chars_ > 0) {
      --skip_chars_;
      return;
    }
    const char byte = static_cast<char>(hi * 16 + lo);
    AddBytes(std::string_view(&byte, 1));
    return;
  }
  if (c == '*') {
    cur_.starred = true;
    return;
  }
  if (skip_chars_ > 0) {
    --skip_chars_;
    return;
  }
  switch (c) {
    case '\\':
    case '{':
    case '}': AddBytes(std::string_view(&c, 1)); break;
    case '~': Text(" "); break;
    case '_': Text("-"); break;
    case '\n':
    case '\r': Paragraph(); break;
    default: break;  // \- optional hyphen, \: index subentry, \| formula
  }
}

void RtfParser::Word(std::string_view w, std::int64_t param, bool has_param) {
  // Text so far is routed under the state before this word.
  FlushBytes();
  const bool first = cur_.first;
  cur_.first = false;
  if (first) {
    if (w == "fonttbl") cur_.font_table = true;
    if (In(w, std::begin(kSkipped), std::end(kSkipped)) ||
        (cur_.starred && !In(w, std::begin(kKeptStarred), std::end(kKeptStarred)))) {
      cur_.skip = true;
    }
  }
  if (cur_.font_table) return FontTableWord(w, param);
  if (w == "bin") {
    // Binary data of `param` bytes follows, unescaped.
    pos_ += static_cast<std::size_t>(
        std::clamp<std::int64_t>(param, 0, static_cast<std::int64_t>(data_.size() - pos_)));
    return;
  }
  if (skip_chars_ > 0 && w != "uc") {
    --skip_chars_;
    return;
  }
  if (w == "u") return Unicode(param);
  if (w == "uc") {
    cur_.uc = static_cast<int>(std::clamp<std::int64_t>(param, 0, 16));
    return;
  }
  if (w == "f") {
    cur_.font = static_cast<int>(std::clamp<std::int64_t>(param, -1, 1 << 20));
    return;
  }
  if (w == "plain") {
    cur_.font = default_font_;
    return;
  }
  if (w == "ansicpg" && param > 0) {
    code_page_ = static_cast<int>(std::min<std::int64_t>(param, 1 << 20));
    return;
  }
  if (w == "mac") code_page_ = 10000;
  if (w == "pc") code_page_ = 437;
  if (w == "pca") code_page_ = 850;
  if (w == "deff") default_font_ = static_cast<int>(std::clamp<std::int64_t>(param, -1, 1 << 20));
  if (w == "par" || w == "line" || w == "sect" || w == "page") return Paragraph();
  if (w == "pard") in_table_paragraph_ = false;
  if (w == "intbl") in_table_paragraph_ = true;
  if (w == "itap") in_table_paragraph_ = !has_param || param > 0;
  if (w == "tab") return Text("\t");
  if (w == "trowd") return TableRow();
  if (w == "cell") return Cell();
  if (w == "row") return Row();
  if (w == "nestcell" || w == "nestrow") return Text(" ");
  if (w == "emdash") return Text("\xE2\x80\x94");
  if (w == "endash") return Text("\xE2\x80\x93");
  if (w == "bullet") return Text("\xE2\x80\xA2");
  if (w == "lquote") return Text("\xE2\x80\x98");
  if (w == "rquote") return Text("\xE2\x80\x99");
  if (w == "ldblquote") return Text("\xE2\x80\x9C");
  if (w == "rdblquote") return Text("\xE2\x80\x9D");
  if (w == "emspace" || w == "enspace" || w == "qmspace") return Text(" ");
}

void RtfParser::FontTableWord(std::string_view w, std::int64_t param) {
  if (w == "f") {
    table_font_ = static_cast<int>(std::clamp<std::int64_t>(param, -1, 1 << 20));
  } else if ((w == "fcharset" || w == "cpg") && table_font_ >= 0 &&
             (font_code_page_.size() < kMaxFonts || font_code_page_.count(table_font_) > 0)) {
    const int cp = w == "cpg" ? static_cast<int>(std::clamp<std::int64_t>(param, 0, 1 << 20))
                              : CodePageOfCharset(static_cast<int>(param));
    if (cp != 0 || w == "fcharset") font_code_page_[table_font_] = cp;
  }
}

void ParseRtf(std::string_view data, ExtractContext& ctx, MarkupWriter& out) {
  RtfParser(data, ctx, out).Run();
}

}  // namespace mamori
