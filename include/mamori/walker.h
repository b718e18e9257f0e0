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
//
// Thread-safety: not thread-safe; one thread drives a Walker.
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
