#include "file_scan.h"

#include <algorithm>
#include <cstring>

#include "mamori/format_sniffer.h"
#include "mamori/policy.h"

namespace mamori {

namespace {

// What the file has left to read, by its size when opened.
std::uint64_t LeftBySize(const FileReport& report) {
  return report.file.size > report.bytes_scanned ? report.file.size - report.bytes_scanned : 0;
}

}  // namespace

// How much to ask for next: what the file has left by its size when opened,
// plus one byte so a small file ends in one read, and at most a chunk.
// Growing the buffer by a whole chunk for a small file would zero-fill 4 MiB
// per file (measured: 9% of a scan of 50 kB CSVs was memset). A file that
// grew since it was opened is read on in steps of at least 64 KiB.
std::size_t FileScanner::NextReadSize(const FileReport& report) const {
  constexpr std::uint64_t kMinRead = 64 << 10;
  const std::uint64_t left = LeftBySize(report);
  return static_cast<std::size_t>(
      std::min<std::uint64_t>(config_.chunk_bytes, std::max(left + 1, kMinRead)));
}

FileScanner::FileScanner(const FileScanConfig& config)
    : config_(config), detector_(*config.rules, *config.matcher) {
  init_ = config.matcher->NewScratch(&scratch_);
  text_.reserve(config.chunk_bytes + 2 * detector_.ContextMargin());
}

// Reads the next chunk and appends its text, as UTF-8, to text_. UTF-8 (and
// ASCII, while no other encoding has shown itself) is read straight into
// text_; other encodings are read into raw_ and decoded. Sets *got to the
// bytes read from the file.
Status FileScanner::AppendChunk(FileReport* report, bool first, std::size_t want, std::size_t* got,
                                bool* eof) {
  const std::size_t keep = text_.size();
  if (decoding_) {
    raw_.resize(want);
    Status s = reader_.Read(raw_.data(), raw_.size(), got, eof);
    raw_.resize(*got);
    decoder_.Decode(raw_, *eof, &text_);
    return s;
  }
  text_.resize(keep + want);
  Status s = reader_.Read(text_.data() + keep, want, got, eof);
  text_.resize(keep + *got);
  std::string_view fresh(text_.data() + keep, *got);
  if (first) {
    SniffResult format = SniffFormat(report->file.path, fresh.substr(0, 8192));
    report->format = format.format;
    readable_ = format.kind == FormatKind::kText;
  }
  if (!readable_ || encoding_decided_) return s;

  EncodingGuess guess = DetectEncoding(fresh, first);
  if (!guess.decided) return s;  // ASCII so far: UTF-8 reads it the same
  encoding_decided_ = true;
  encoding_ = guess.encoding;
  if (guess.encoding == TextEncoding::kUtf8) return s;
  Status d = decoder_.Reset(guess.encoding);
  if (!d.ok()) return d;
  decoding_ = true;
  raw_.assign(fresh.substr(guess.bom_length));
  text_.resize(keep);
  decoder_.Decode(raw_, *eof, &text_);
  return s;
}

void FileScanner::Scan(FileReport* report) {
  auto fail = [report](const Status& s) {
    report->errors.push_back({"", s.reason(), s.message()});
    report->incomplete = true;
  };
  if (!init_.ok()) return fail(init_);
  Status s = reader_.Open(report->file.path, &report->file);
  if (!s.ok()) return fail(s);
  report->opened = true;

  text_.clear();
  decoding_ = false;
  encoding_decided_ = false;
  encoding_ = TextEncoding::kUtf8;
  readable_ = true;
  const std::size_t margin = detector_.ContextMargin();
  std::uint64_t base = 0;  // file text offset of text_[0]
  std::size_t accept_begin = 0;
  bool first = true;
  for (;;) {
    std::size_t got = 0;
    bool eof = false;
    const std::size_t want = NextReadSize(*report);
    // The throttle is charged for what the file should yield, not for the
    // room asked for (at least 64 KiB), so a 10 kB file costs 10 kB; a file
    // that grew since it was opened pays for the rest after the read.
    const auto expected =
        static_cast<std::size_t>(std::min<std::uint64_t>(want, LeftBySize(*report)));
    if (config_.throttle != nullptr) config_.throttle->Acquire(expected);
    s = AppendChunk(report, first, want, &got, &eof);
    if (config_.throttle != nullptr && got > expected) config_.throttle->Acquire(got - expected);
    report->bytes_scanned += got;
    if (!s.ok()) {
      fail(s);
      eof = true;  // judge what was read, then stop
    }
    if (first) {
      first = false;
      if (!readable_) {
        report->errors.push_back({"", "format-not-extracted",
                                  "the contents of " + report->format +
                                      " files are not extracted yet; only the raw bytes were "
                                      "searched"});
        report->incomplete = true;
      }
      detector_.Reset(DelimiterFor(report->format, text_));
    }
    // Values starting in the last margin wait for the next chunk, where
    // their right-hand context is known.
    std::size_t accept_end =
        eof ? text_.size() : (text_.size() > margin ? text_.size() - margin : 0);
    accept_end = std::max(accept_end, accept_begin);
    s = detector_.Scan(text_, base, accept_begin, accept_end, scratch_.get());
    if (!s.ok()) {
      fail(s);
      break;
    }
    if (eof) break;
    // Keep one margin before the next accepted region as its left context.
    const std::size_t keep_from = accept_end > margin ? accept_end - margin : 0;
    text_.erase(0, keep_from);
    base += keep_from;
    accept_begin = accept_end - keep_from;
  }
  reader_.Close();
  if (decoding_ && decoder_.invalid_bytes() > 0) {
    // Not an error: a few stray bytes are common in old files. Recorded so a
    // reader of the report knows the text was not clean.
    report->errors.push_back({"", "invalid-encoding",
                              std::to_string(decoder_.invalid_bytes()) + " bytes invalid in " +
                                  TextEncodingName(encoding_) + " were replaced"});
  }
  report->encoding = TextEncodingName(encoding_);
  detector_.Finish(config_.min_confidence, *config_.key, &report->findings);
  ApplyDefaultPolicy(*config_.rules, report);
}

}  // namespace mamori
