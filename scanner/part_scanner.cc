#include "part_scanner.h"

#include <algorithm>

#include "mamori/format_sniffer.h"

namespace mamori {

PartScanner::PartScanner(const RuleSet& rules, const Matcher& matcher, const HashKey& key,
                         Confidence min_confidence, std::size_t chunk_bytes)
    : key_(key),
      min_confidence_(min_confidence),
      chunk_bytes_(chunk_bytes),
      matcher_(matcher),
      detector_(rules, matcher) {
  init_ = matcher.NewScratch(&scratch_);
  text_.reserve(chunk_bytes + 2 * detector_.ContextMargin());
}

Status PartScanner::Start(FileReport* report) {
  if (in_flight_ != nullptr) {  // left by a file that stopped mid-part
    worker_.Wait();
    in_flight_ = nullptr;
  }
  report_ = report;
  open_ = false;
  parts_begun_ = 0;
  return init_;
}

void PartScanner::BeginPart(std::string_view member, std::string_view format) {
  if (open_) EndPart();
  open_ = true;
  ++parts_begun_;
  failed_ = !init_.ok();
  member_.assign(member);
  format_.assign(format);
  layout_decided_ = false;
  text_.clear();
  base_ = 0;
  accept_begin_ = 0;
  encoding_decided_ = false;
  decoding_ = false;
  encoding_ = TextEncoding::kUtf8;
}

// Plain text decides its layout from its first lines (a .txt of
// tab-separated columns is a table); extractors say so with BeginSegment.
void PartScanner::DecideLayout() {
  if (layout_decided_) return;
  layout_decided_ = true;
  detector_.Reset(DelimiterFor(format_, text_));
}

void PartScanner::BeginSegment(char delimiter) {
  if (!open_) return;
  if (!layout_decided_ && base_ == 0 && text_.empty()) {
    layout_decided_ = true;
    detector_.Reset(delimiter);
    return;
  }
  // The segment so far is judged whole; the next starts on a clean buffer
  // so its first line is its header row.
  Flush(true);
  base_ += text_.size();
  text_.clear();
  accept_begin_ = 0;
  detector_.BeginSegment(delimiter, base_);
}

void PartScanner::Write(std::string_view utf8) {
  if (!open_) return;
  text_.append(utf8);
  if (text_.size() >= chunk_bytes_ + detector_.ContextMargin()) Flush(false);
}

void PartScanner::WriteRaw(std::string_view bytes, bool end) {
  if (!open_) return;
  if (!encoding_decided_) {
    const EncodingGuess guess = DetectEncoding(bytes, text_.empty() && base_ == 0);
    if (guess.decided) {
      encoding_decided_ = true;
      encoding_ = guess.encoding;
      if (encoding_ != TextEncoding::kUtf8) {
        Status d = decoder_.Reset(encoding_);
        if (d.ok()) {
          decoding_ = true;
          bytes.remove_prefix(std::min(bytes.size(), guess.bom_length));
        } else {
          report_->errors.push_back({member_, d.reason(), d.message()});
          report_->incomplete = true;
        }
      } else {
        bytes.remove_prefix(std::min(bytes.size(), guess.bom_length));
      }
    }
  }
  if (decoding_) {
    decoder_.Decode(bytes, end, &text_);
  } else {
    text_.append(bytes);
  }
  if (text_.size() >= chunk_bytes_ + detector_.ContextMargin()) Flush(false);
}

void PartScanner::Flush(bool final) {
  DecideLayout();
  if (failed_) {
    Drain();  // the worker may still hold a chunk
    return;
  }
  const std::size_t margin = detector_.ContextMargin();
  std::size_t accept_end =
      final ? text_.size() : (text_.size() > margin ? text_.size() - margin : 0);
  accept_end = std::max(accept_end, accept_begin_);
  if (final) {
    Drain();
    if (failed_) return;
    Status s = detector_.Scan(text_, base_, accept_begin_, accept_end, scratch_.get());
    if (!s.ok()) return Fail(s);
    accept_begin_ = text_.size();
    return;
  }
  if (!ahead_scratch_) {
    if (Status s = matcher_.NewScratch(&ahead_scratch_); !s.ok()) return Fail(s);
  }
  // This chunk goes to the worker; the next starts with one margin of it,
  // before its accepted region, as left context.
  Ahead& next = ahead_[next_ahead_];
  next_ahead_ ^= 1;
  std::swap(text_, next.text);
  next.base = base_;
  next.accept_begin = accept_begin_;
  next.accept_end = accept_end;
  const std::size_t keep_from = accept_end > margin ? accept_end - margin : 0;
  text_.assign(next.text, keep_from);
  base_ += keep_from;
  accept_begin_ = accept_end - keep_from;

  Ahead* const judge = in_flight_;
  if (judge != nullptr) worker_.Wait();  // its match is done
  worker_.Run([this, &next] {
    next.status = detector_.Match(next.text, next.accept_begin, next.accept_end,
                                  ahead_scratch_.get(), &next.matched);
  });
  in_flight_ = &next;
  // The chunk before is judged while this one is matched.
  if (judge == nullptr) return;
  if (!judge->status.ok()) return Fail(judge->status);
  detector_.Judge(judge->text, judge->base, judge->accept_begin, judge->accept_end,
                  &judge->matched);
}

void PartScanner::Drain() {
  if (in_flight_ == nullptr) return;
  Ahead& a = *in_flight_;
  in_flight_ = nullptr;
  worker_.Wait();
  if (failed_) return;
  if (!a.status.ok()) return Fail(a.status);
  detector_.Judge(a.text, a.base, a.accept_begin, a.accept_end, &a.matched);
}

void PartScanner::Fail(const Status& s) {
  report_->errors.push_back({member_, s.reason(), s.message()});
  report_->incomplete = true;
  failed_ = true;
}

void PartScanner::EndPart() {
  if (!open_) return;
  open_ = false;
  Flush(true);
  if (decoding_ && decoder_.invalid_bytes() > 0) {
    // Not an error: a few stray bytes are common in old files. Recorded so a
    // reader of the report knows the text was not clean.
    report_->errors.push_back({member_, "invalid-encoding",
                               std::to_string(decoder_.invalid_bytes()) + " bytes invalid in " +
                                   TextEncodingName(encoding_) + " were replaced"});
  }
  if (member_.empty() && encoding_decided_) report_->encoding = TextEncodingName(encoding_);
  if (member_.empty() && !encoding_decided_ && report_->encoding.empty()) {
    report_->encoding = TextEncodingName(TextEncoding::kUtf8);
  }
  const std::size_t first = report_->findings.size();
  detector_.Finish(min_confidence_, key_, &report_->findings);
  for (std::size_t i = first; i < report_->findings.size(); ++i) {
    report_->findings[i].member = member_;
  }
  text_.clear();
}

}  // namespace mamori
