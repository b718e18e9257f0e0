#include "report_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "mamori/report_model.h"
#include "mamori/report_writers.h"

namespace mamori {

namespace {

Status WriteFailed(const std::string& what, int err) {
  return Status::Error("output-write-failed", what + ": " + std::strerror(err));
}

Status WriteAll(int fd, const std::string& text, const std::string& name) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return WriteFailed("cannot write " + name, errno);
    }
    done += static_cast<std::size_t>(n);
  }
  return Status::OK();
}

}  // namespace

Status WriteOwnerOnly(const std::string& path, const std::string& text) {
  if (path == "-") {
    Status s = WriteAll(STDOUT_FILENO, text, "standard output");
    return s;
  }
  // A report lists where personal data lives: owner-only from the moment it
  // exists, as the database and the findings stream are.
  const int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) return WriteFailed("cannot create " + path, errno);
  // O_CREAT keeps the mode of a file that already exists; tighten a regular
  // file, but leave devices and pipes alone.
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0 &&
      ::fchmod(fd, 0600) != 0) {
    const int err = errno;
    ::close(fd);
    return WriteFailed("cannot restrict permissions of " + path, err);
  }
  Status s = WriteAll(fd, text, path);
  if (::close(fd) != 0 && s.ok()) s = WriteFailed("cannot write " + path, errno);
  return s;
}

Status RunReport(const ReportCommandOptions& options) {
  if (options.format != "html" && options.format != "csv" && options.format != "jsonl") {
    return Status::Error("bad-option", "--format must be html, csv or jsonl");
  }
  if (options.lang != "ja" && options.lang != "en") {
    return Status::Error("bad-option", "--lang must be ja or en");
  }
  if (options.output.empty()) return Status::Error("bad-option", "--output is required");
  ReportQuery query;
  query.db_path = options.db_path;
  query.scan_id = options.scan_id;
  query.since = options.since;
  query.trend_scans = options.trend_scans;

  // Rendered whole before the output is touched: a failed report never
  // leaves a truncated file behind in place of the previous one.
  std::string text;
  if (options.format == "jsonl") {
    if (Status s = RenderJsonlReport(query, &text); !s.ok()) return s;
  } else {
    ReportModel model;
    if (Status s = LoadReportModel(query, &model); !s.ok()) return s;
    text = options.format == "csv" ? RenderCsvReport(model, options.lang)
                                   : RenderHtmlReport(model, options.lang);
  }
  return WriteOwnerOnly(options.output, text);
}

}  // namespace mamori
