// The PPAP check: an encrypted archive whose password lies beside it. After
// the walk, for each encrypted archive found, the files of its directory are
// listed: a file named like a password file (パスワード.txt, password.txt,
// pw.txt: PpapSettings::name_patterns) or a small text or mail file whose
// first bytes announce a password (「パスワードは…」, "password:") gives the
// password away. Contents are searched as UTF-8, CP932, UTF-16LE and
// ISO-2022-JP, since the notices are written on Japanese Windows and in mail.
//
// Read-only and bounded: names are listed once per directory, at most
// kMaxNoticeReads files are read per directory, each only up to
// notice_read_bytes, and only when no larger than notice_max_bytes. Files are
// opened as the scan opens them (no symlinks followed, O_NOATIME).
//
// Thread-safety: not thread-safe; one thread (the pipeline's end) uses it.
#ifndef MAMORI_SCANNER_POLICY_PPAP_H_
#define MAMORI_SCANNER_POLICY_PPAP_H_

#include <map>
#include <string>
#include <vector>

#include "mamori/policy.h"

namespace mamori {

class PpapCheck {
 public:
  static constexpr int kMaxNoticeReads = 1000;

  // `exclude`: the walk's exclude globs; those without a '/' also keep
  // siblings out of the check (the user chose not to read them).
  PpapCheck(const PpapSettings& settings, std::vector<std::string> exclude);

  // The name of a file in the same directory as `path` (not `path` itself)
  // that gives a password away, or "" when there is none.
  std::string NoticeBeside(const std::string& path);

  // Whether `text` (the start of a file) holds a password notice.
  bool HoldsNotice(std::string_view text) const;

 private:
  const std::vector<std::string>& NoticesIn(const std::string& dir);
  bool NameMatches(const std::string& name) const;
  bool ReadableNotice(const std::string& path, const std::string& name) const;

  const PpapSettings settings_;
  std::vector<std::string> exclude_;
  std::vector<std::string> needles_;  // notice patterns in every encoding, lower-cased ASCII
  std::map<std::string, std::vector<std::string>> by_dir_;  // directory → notice files
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_POLICY_PPAP_H_
