#include "mamori/findings_jsonl.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

#include "mamori/path_text.h"

namespace mamori {
namespace {

// ordered_json because the spec fixes the field order, and people read the
// stream as well as programs.
using Json = nlohmann::ordered_json;

// Member names, messages and rule text can carry bytes from scanned files;
// the stream must stay valid UTF-8 whatever they hold.
std::string Text(const std::string& s) { return PathToDisplay(s); }

Json FindingJson(const Finding& f) {
  Json j = Json::object();
  j["type"] = Text(f.type);
  if (!f.member.empty()) j["member"] = Text(f.member);
  j["count"] = f.count;
  j["distinct"] = f.distinct;
  j["confidence"] = ConfidenceName(f.confidence);
  Json masked = Json::array();
  for (const auto& m : f.masked) masked.push_back(Text(m));
  j["masked"] = std::move(masked);
  return j;
}

Json ErrorJson(const ScanError& e) {
  Json j = Json::object();
  if (!e.member.empty()) j["member"] = Text(e.member);
  j["reason"] = Text(e.reason);
  j["message"] = Text(e.message);
  return j;
}

Status WriteFailed(const std::string& what) {
  return Status::Error("output-write-failed", what + ": " + std::strerror(errno));
}

}  // namespace

std::string FindingsJsonLine(const FileReport& report) {
  Json j = Json::object();
  j["path"] = PathToDisplay(report.file.path);
  j["size"] = report.file.size;
  j["mtime"] = FormatUtcTimestamp(report.file.mtime_ns);
  j["format"] = Text(report.format);

  Json protection = Json::object();
  protection["encrypted"] = report.protection.encrypted;
  protection["scheme"] =
      report.protection.scheme.empty() ? Json(nullptr) : Json(Text(report.protection.scheme));
  if (!report.protection.members.empty()) {
    // Members protected on their own, each judged apart from the file.
    Json members = Json::array();
    for (const auto& m : report.protection.members) {
      members.push_back(
          {{"member", Text(m.member)}, {"scheme", Text(m.scheme)}, {"encrypted", m.encrypted}});
    }
    protection["members"] = std::move(members);
  }
  j["protection"] = std::move(protection);

  Json findings = Json::array();
  for (const auto& f : report.findings) findings.push_back(FindingJson(f));
  j["findings"] = std::move(findings);

  // A violation a policy exception covers is not a violation: listed apart,
  // so that whoever reads "violations" sees only what must be acted on.
  Json violations = Json::array();
  Json exemptions = Json::array();
  for (const auto& v : report.violations) {
    Json entry{
        {"rule", Text(v.rule)}, {"severity", Text(v.severity)}, {"message", Text(v.message)}};
    if (v.severity == "exempt") {
      entry.erase("severity");
      exemptions.push_back(std::move(entry));
    } else {
      violations.push_back(std::move(entry));
    }
  }
  j["violations"] = std::move(violations);
  if (!exemptions.empty()) j["exemptions"] = std::move(exemptions);

  Json errors = Json::array();
  for (const auto& e : report.errors) errors.push_back(ErrorJson(e));
  j["errors"] = std::move(errors);

  j["incomplete"] = report.incomplete;
  // Every string is already UTF-8; `replace` only guarantees dump() cannot
  // throw halfway through a scan if that ever stops being true.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string FormatUtcTimestamp(std::int64_t unix_ns) {
  // Floor, not truncate: 1969-12-31T23:59:59.5 is still 23:59:59.
  std::int64_t secs = unix_ns / 1'000'000'000;
  if (unix_ns % 1'000'000'000 < 0) --secs;
  const std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  if (::gmtime_r(&t, &tm) == nullptr) return "";
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

Status FindingsJsonlWriter::Open(const std::string& path, FindingsJsonlWriter* writer) {
  Status closed = writer->Close();
  if (!closed.ok()) return closed;
  if (path == "-") {
    writer->out_ = stdout;
    writer->owned_ = false;
    return Status::OK();
  }
  // The stream lists where personal data lives: owner-only from the start,
  // not chmod'ed after a window in which others could open it.
  const int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) return WriteFailed("cannot create " + path);
  // O_CREAT keeps the mode of a file that already exists; tighten a regular
  // file, but leave devices and pipes (/dev/stderr, a FIFO to a SIEM) alone.
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0 &&
      ::fchmod(fd, 0600) != 0) {
    Status s = WriteFailed("cannot restrict permissions of " + path);
    ::close(fd);
    return s;
  }
  std::FILE* f = ::fdopen(fd, "w");
  if (f == nullptr) {
    Status s = WriteFailed("cannot open " + path);
    ::close(fd);
    return s;
  }
  writer->out_ = f;
  writer->owned_ = true;
  return Status::OK();
}

FindingsJsonlWriter::~FindingsJsonlWriter() { Close(); }

Status FindingsJsonlWriter::Write(const FileReport& report) {
  if (!report.Noteworthy()) return Status::OK();
  if (out_ == nullptr) {
    return Status::Error("output-write-failed", "the findings stream is not open");
  }
  std::string line = FindingsJsonLine(report);
  line += '\n';
  // Flushed per line: a SIEM tailing the file must never see half an object
  // sit in our buffer until the scan ends.
  if (std::fwrite(line.data(), 1, line.size(), out_) != line.size() || std::fflush(out_) != 0) {
    return WriteFailed("cannot write the findings stream");
  }
  return Status::OK();
}

Status FindingsJsonlWriter::Close() {
  if (out_ == nullptr) return Status::OK();
  std::FILE* f = out_;
  const bool owned = owned_;
  out_ = nullptr;
  owned_ = false;
  const int rc = owned ? std::fclose(f) : std::fflush(f);
  if (rc != 0) return WriteFailed("cannot close the findings stream");
  return Status::OK();
}

}  // namespace mamori
