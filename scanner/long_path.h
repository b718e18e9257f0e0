// Path helpers that work for paths of any length. Office shares hold trees
// whose absolute paths exceed PATH_MAX (4096 bytes), where lstat, open and
// opendir fail with ENAMETOOLONG; these helpers resolve such paths a piece at
// a time with openat and finish with fstatat/openat on the last component.
//
// Paths shorter than PATH_MAX take the plain system call (the fast path) and
// resolve exactly as the kernel resolves them. For a longer path, its first
// part (up to the last '/' before byte PATH_MAX-1) is opened with a plain
// call too, following symlinks as usual: that part holds the root the user
// named. Each component after it is opened on its own with
// O_PATH|O_DIRECTORY|O_NOFOLLOW, so below that first part a too-long path only
// goes through real directories; a symlink there fails with ENOTDIR. Empty and
// "." components are skipped; trailing slashes are ignored.
//
// Thread-safety: the functions are thread-safe (they keep no state and never
// change the working directory).
#ifndef MAMORI_SCANNER_LONG_PATH_H_
#define MAMORI_SCANNER_LONG_PATH_H_

#include <sys/stat.h>

#include <string>
#include <vector>

namespace mamori {

// open(2) for any length. Returns a descriptor, or -1 with errno set.
// O_NOFOLLOW in `flags` applies to the last component, as with open(2).
// REQUIRES: `flags` without O_CREAT or O_TMPFILE (no mode is passed).
int OpenPath(const std::string& path, int flags);

// lstat(2) (follow == false) or stat(2) (follow == true) for any length.
// Returns 0, or -1 with errno set.
int StatPath(const std::string& path, struct stat* st, bool follow);

// Reads the names in directory `path` (without "." and ".."), appending them
// to *names in the order the file system returns them. Returns true when the
// whole directory was read; false with *err set to the errno otherwise, in
// which case the names read before the error are kept in *names.
bool ListDirectory(const std::string& path, std::vector<std::string>* names, int* err);

}  // namespace mamori

#endif  // MAMORI_SCANNER_LONG_PATH_H_
