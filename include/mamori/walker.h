// Walker: the walk stage. Enumerates the entries below a list of roots,
// depth first, each directory's entries in byte order of their names, so
// that two scans of the same tree visit it in the same order.
//
// Regular files are yielded for reading. FIFOs, sockets and devices are
// yielded with their kind and never opened. Symlinks are yielded as kSymlink
// and not followed unless WalkOptions::follow_symlinks; when followed,
// a directory already on the walk (by device and inode) is not entered again
// and is reported as a "symlink-loop" error. Directories that cannot be
// listed and roots that do not exist are yielded with an error; the walk goes on.
// Paths longer than PATH_MAX are walked like any other.
//
// Selection (include / exclude): fnmatch(3) globs, case sensitive, compared
// byte for byte with the names as stored (the walk runs in the C locale: '?'
// is one byte, so a Japanese character is "*" or, in UTF-8, "???").
// Roots are never matched; a root the user names is walked.
//  - A glob without '/' is matched against the entry's name: "*.tmp",
//    "node_modules", "~$*".
//  - A glob with '/' is matched against the path relative to the root being
//    walked ("経理/2023/*.xlsx" for <root>/経理/2023/a.xlsx), with
//    FNM_PATHNAME, so '*', '?' and [...] never match a '/', and with
//    FNM_LEADING_DIR, so a glob that matches a directory also matches
//    everything below it ("経理/2023" selects the whole subtree). A leading
//    '/' only anchors: "/build" is the build directly under the root.
//    "**" has no special meaning.
//  - A trailing '/' restricts a glob to directories: "build/" skips
//    directories named build, not files. Include globs select files, so an
//    include glob with a trailing '/' matches nothing.
//  - '*' matches a leading '.' too (no FNM_PERIOD).
// An entry matching an exclude glob is not yielded, and an excluded directory
// is not entered (nor checked for one_file_system). When include is
// non-empty, a regular file (or a followed symlink to one) is yielded only if
// an include glob matches; other kinds and entries that could not be
// examined are yielded as usual, and directories are entered unless
// excluded. Skipped entries are the user's choice, not errors: they are not
// yielded at all.
//
// one_file_system: a directory on another device than its root (a mount
// point, or with follow_symlinks a link to another file system) is not
// entered; it is yielded as a kDirectory with error "other-file-system".
//
// Directory listings (readdir, sort, lstat of each entry) are made ahead of
// the walk by prefetch_threads threads, for the directories the walk will
// enter next, which hides the round trips of SMB and NFS shares; at most 64
// listings and about 256k entries wait to be taken. The sequence yielded does
// not depend on prefetch_threads (an entry's metadata is what lstat said when
// its directory was listed, with prefetching a moment earlier; the reader
// takes fresh metadata from the file it opens). A directory is held as its
// sorted names with their metadata while the walk is inside it: about 80
// bytes per entry besides the name, no per-entry path.
//
// Thread-safety: not thread-safe; one thread drives a Walker. It runs its own
// prefetch threads internally and joins them when destroyed, also mid-walk.
#ifndef MAMORI_WALKER_H_
#define MAMORI_WALKER_H_

#include <memory>
#include <string>
#include <vector>

#include "mamori/file_ref.h"
#include "mamori/status.h"

namespace mamori {

struct WalkOptions {
  bool follow_symlinks = false;
  // fnmatch globs; when non-empty, a regular file is yielded only if one matches.
  std::vector<std::string> include;
  // fnmatch globs; matching files are not yielded, matching directories not entered.
  std::vector<std::string> exclude;
  bool one_file_system = false;  // do not enter directories on another device than their root
  int prefetch_threads = 4;      // directories listed ahead in parallel (0: list inline)
};

struct WalkEntry {
  FileRef ref;
  Status error;  // not OK when the entry could not be examined or listed
};

class Walker {
 public:
  Walker(std::vector<std::string> roots, WalkOptions options);
  ~Walker();
  Walker(const Walker&) = delete;
  Walker& operator=(const Walker&) = delete;

  // Yields the next entry other than a directory that was listed fine.
  // Returns false when the walk is over.
  bool Next(WalkEntry* entry);

  // How many roots so far existed and could be examined.
  std::size_t roots_found() const;

 private:
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

}  // namespace mamori

#endif  // MAMORI_WALKER_H_
