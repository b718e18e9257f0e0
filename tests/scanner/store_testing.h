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

// SQL that puts a database's keyed hashes back as versions 1 to 5 stored
// them: a table of one row each, 32 bytes, whole HMAC-SHA256 values whose
// first half is what version 6 keeps (the second half here is made up).
inline constexpr const char* kHashesAsVersion5 =
    "CREATE TABLE finding_values_v5 (finding_id INTEGER NOT NULL, value_hash BLOB NOT NULL,"
    " PRIMARY KEY (finding_id, value_hash)) WITHOUT ROWID;"
    " INSERT INTO finding_values_v5 SELECT finding_id,"
    " CAST(value_hash || x'00112233445566778899aabbccddeeff' AS BLOB) FROM finding_values;"
    " DROP VIEW finding_values; DROP TABLE finding_value_blocks;"
    " ALTER TABLE finding_values_v5 RENAME TO finding_values;";

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
