#include <algorithm>

#include "markup_rtf_parser.h"
#include "utf8_append.h"

namespace mamori {

void RtfParser::Unicode(std::int64_t param) {
  FlushBytes();
  skip_chars_ = cur_.uc;
  if (cur_.skip) return;
  auto unit = static_cast<char32_t>(param < 0 ? param + 65536 : param) & 0xFFFF;
  std::string utf8;
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    if (high_surrogate_ != 0) AppendUtf8(0xFFFD, &utf8);
    high_surrogate_ = unit;
  } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
    AppendUtf8(high_surrogate_ != 0 ? 0x10000 + ((high_surrogate_ - 0xD800) << 10) + (unit - 0xDC00)
                                    : 0xFFFD,
               &utf8);
    high_surrogate_ = 0;
  } else {
    if (high_surrogate_ != 0) AppendUtf8(0xFFFD, &utf8);
    high_surrogate_ = 0;
    if (unit != 0) AppendUtf8(unit, &utf8);
  }
  Text(utf8);
}

// Text bytes in the current code page, decoded when the run ends.
void RtfParser::AddBytes(std::string_view bytes) {
  if (cur_.skip || bytes.empty()) return;
  pending_.append(bytes);
  if (pending_.size() >= (64 << 10)) FlushBytes();
}

void RtfParser::FlushBytes() {
  if (pending_.empty()) return;
  std::string bytes = std::move(pending_);
  pending_.clear();
  if (std::all_of(bytes.begin(), bytes.end(), [](char c) { return (c & 0x80) == 0; })) {
    return Text(bytes);
  }
  int cp = code_page_;
  if (auto it = font_code_page_.find(cur_.font); it != font_code_page_.end() && it->second != 0) {
    cp = it->second;
  }
  if (cp != decoder_code_page_) {
    decoder_.ResetCodePage(cp);
    decoder_code_page_ = cp;
  }
  std::string utf8;
  decoder_.Decode(bytes, true, &utf8);
  Text(utf8);
}

// Where text goes once tables are taken into account.
void RtfParser::Text(std::string_view utf8) {
  if (cur_.skip || utf8.empty()) return;
  high_surrogate_ = 0;
  if (out_.in_table()) {
    if (!in_table_paragraph_) {
      out_.EndTable();
    } else if (!out_.in_cell()) {
      out_.BeginCell();
    }
  }
  out_.Text(utf8);
}

void RtfParser::Paragraph() {
  FlushBytes();
  if (cur_.skip) return;
  if (out_.in_table() && !in_table_paragraph_) out_.EndTable();
  out_.Break();
}

void RtfParser::TableRow() {
  FlushBytes();
  if (cur_.skip) return;
  if (!out_.in_table()) out_.BeginTable();
}

void RtfParser::Cell() {
  FlushBytes();
  if (cur_.skip) return;
  if (!out_.in_table()) out_.BeginTable();
  if (!out_.in_cell()) out_.BeginCell();
  out_.EndCell();
}

void RtfParser::Row() {
  FlushBytes();
  if (cur_.skip || !out_.in_table()) return;
  out_.EndRow();
}

}  // namespace mamori
