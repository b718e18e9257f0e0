// The findings stream: one JSON object per noteworthy file, one per line,
// exactly as shared/spec/findings-jsonl.md defines it.
//
// Thread-safety: not thread-safe; one thread writes a stream.
#ifndef MAMORI_FINDINGS_JSONL_H_
#define MAMORI_FINDINGS_JSONL_H_

#include <cstdio>
#include <string>

#include "mamori/file_report.h"
#include "mamori/status.h"

namespace mamori {

// The JSON text of one report, without the trailing newline.
std::string FindingsJsonLine(const FileReport& report);

// "2015-05-28T09:12:44Z" (UTC, whole seconds).
std::string FormatUtcTimestamp(std::int64_t unix_ns);

class FindingsJsonlWriter {
 public:
  // `path` "-" writes to standard output. A file is created with mode 0600.
  static Status Open(const std::string& path, FindingsJsonlWriter* writer);
  FindingsJsonlWriter() = default;
  ~FindingsJsonlWriter();
  // It owns its stream: copies would close it twice.
  FindingsJsonlWriter(const FindingsJsonlWriter&) = delete;
  FindingsJsonlWriter& operator=(const FindingsJsonlWriter&) = delete;

  // Writes the report's line if report.Noteworthy(); otherwise nothing.
  Status Write(const FileReport& report);
  Status Close();

 private:
  std::FILE* out_ = nullptr;
  bool owned_ = false;
};

}  // namespace mamori

#endif  // MAMORI_FINDINGS_JSONL_H_
