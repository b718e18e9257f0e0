// Reports and scan records for the store's tests (store_test.cc,
// store_writer_test.cc).
//
// Thread-safety: pure functions.
#ifndef MAMORI_TESTS_SCANNER_STORE_TESTING_H_
#define MAMORI_TESTS_SCANNER_STORE_TESTING_H_

#include <string>

#include "mamori/file_report.h"
#include "mamori/store.h"

namespace mamori::testing {

// A report of a regular text file that was read and held nothing.
inline FileReport PlainReport(const std::string& path) {
  FileReport r;
  r.file.path = path;
  r.file.kind = FileKind::kRegular;
  r.file.size = 100;
  r.format = "text";
  r.opened = true;
  r.bytes_scanned = 100;
  return r;
}

// The record of a scan of /srv/share.
inline ScanRecord Record() {
  ScanRecord record;
  record.roots = {"/srv/share"};
  record.mamori_version = "0.1.0-test";
  record.rules_hash = "abc123";
  return record;
}

}  // namespace mamori::testing

#endif  // MAMORI_TESTS_SCANNER_STORE_TESTING_H_
