// FileReport: everything the scan learned about one walked entry; what the
// store records and the findings stream prints.
//
// Thread-safety: a plain value, built by one pipeline worker and then handed
// (moved) to the sinks.
#ifndef MAMORI_FILE_REPORT_H_
#define MAMORI_FILE_REPORT_H_

#include <string>
#include <vector>

#include "mamori/file_ref.h"
#include "mamori/finding.h"

namespace mamori {

// A member of a container protected on its own (a ZipCrypto member of a
// zip, an encrypted xlsx attached to a mail), judged apart from the file.
struct ProtectedMember {
  std::string member;     // path inside the on-disk file
  std::string scheme;     // "zipcrypto", "zip-aes256", "ooxml-agile", ...
  bool encrypted = true;  // false: protected in name only, read anyway
};

struct Protection {
  // The file itself cannot be read without a password or key.
  bool encrypted = false;
  // The file's own protection method; empty when it has none. Set with
  // encrypted == false for protection that opens without a password (a PDF
  // with only an owner password, an .xls under Excel's default password),
  // whose content is then read like any file's.
  std::string scheme;
  std::vector<ProtectedMember> members;
};

struct Violation {
  std::string rule;      // "personal-data-unencrypted"
  std::string severity;  // "high", "medium", "low"
  std::string message;   // counts and types only, never values
};

// Something that could not be read or was cut short.
struct ScanError {
  std::string member;   // inside a container; empty for the file itself
  std::string reason;   // stable kebab-case: "permission-denied", "vanished"
  std::string message;  // for people
};

struct FileReport {
  FileRef file;
  std::string format;    // "text", "csv", "zip", "directory", ... (sniffed)
  std::string encoding;  // of its text as read: "utf-8", "cp932", ...
  bool opened = false;   // whether the content was read at all
  std::uint64_t bytes_scanned = 0;
  Protection protection;
  std::vector<Finding> findings;
  std::vector<Violation> violations;
  std::vector<ScanError> errors;
  bool incomplete = false;  // some part was not read or was cut short
  // Unchanged since a scan with the same settings: the results are that
  // scan's, copied from the database rather than read again.
  bool reused = false;

  // The findings stream holds only reports a reader must act on.
  bool Noteworthy() const {
    return !findings.empty() || protection.encrypted || !protection.scheme.empty() ||
           !protection.members.empty() || !violations.empty() || incomplete;
  }
};

}  // namespace mamori

#endif  // MAMORI_FILE_REPORT_H_
