#include "file_scan.h"

#include <algorithm>
#include <cstring>

#include "mamori/format_sniffer.h"
#include "mamori/policy.h"

namespace mamori {

FileScanner::FileScanner(const FileScanConfig& config)
    : config_(config), detector_(*config.rules, *config.matcher) {
  init_ = config.matcher->NewScratch(&scratch_);
  // Room for a chunk plus the context kept from the previous one.
  buffer_.resize(config.chunk_bytes + 2 * detector_.ContextMargin());
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

  const std::size_t margin = detector_.ContextMargin();
  char* buf = buffer_.data();
  std::size_t len = 0;
  bool eof = false;
  s = reader_.Read(buf, buffer_.size(), &len, &eof);
  report->bytes_scanned = len;
  if (!s.ok()) {
    fail(s);
    eof = true;  // judge what was read, then stop
  }

  SniffResult format =
      SniffFormat(report->file.path, std::string_view(buf, std::min<std::size_t>(len, 8192)));
  report->format = format.format;
  if (!format.readable_as_text) {
    report->errors.push_back(
        {"", "format-not-extracted",
         "the contents of " + format.format +
             " files are not extracted yet; only the raw bytes were searched"});
    report->incomplete = true;
  }
  detector_.Reset(format.format == "csv" ? ',' : format.format == "tsv" ? '\t' : 0);

  std::uint64_t base = 0;
  std::size_t accept_begin = 0;
  for (;;) {
    std::size_t accept_end = eof ? len : len - margin;
    s = detector_.Scan(std::string_view(buf, len), base, accept_begin, accept_end, scratch_.get());
    if (!s.ok()) {
      fail(s);
      break;
    }
    if (eof) break;
    // Keep two margins: one of context before the next accepted region and
    // the not-yet-judged margin itself.
    const std::size_t keep = 2 * margin;
    std::memmove(buf, buf + len - keep, keep);
    base += len - keep;
    accept_begin = margin;
    std::size_t got = 0;
    s = reader_.Read(buf + keep, buffer_.size() - keep, &got, &eof);
    len = keep + got;
    report->bytes_scanned += got;
    if (!s.ok()) {
      fail(s);
      eof = true;
    }
  }
  reader_.Close();
  detector_.Finish(config_.min_confidence, *config_.key, &report->findings);
  ApplyDefaultPolicy(*config_.rules, report);
}

}  // namespace mamori
