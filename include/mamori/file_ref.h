// FileRef: one entry found by the walk, with the metadata read by lstat/stat.
//
// Thread-safety: a plain value; safe to copy and move between threads.
#ifndef MAMORI_FILE_REF_H_
#define MAMORI_FILE_REF_H_

#include <cstdint>
#include <string>

namespace mamori {

enum class FileKind {
  kRegular,
  kDirectory,
  kSymlink,  // only when symlinks are not followed
  kFifo,
  kSocket,
  kBlockDevice,
  kCharDevice,
  kOther,
  kUnknown,  // lstat failed
  kRemoved,  // walked by an earlier scan, gone now (incremental scans)
};

// Stable lower-case name ("regular", "fifo", ...) used in the database.
const char* FileKindName(FileKind kind);

struct FileRef {
  std::string path;  // raw bytes as walked, beginning with the root as given
  FileKind kind = FileKind::kUnknown;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;  // nanoseconds since the Unix epoch, UTC
  std::uint64_t inode = 0;
  std::uint64_t device = 0;
  // Owner and permission bits (st_mode & 07777), for the reports: who to ask
  // about a file, and whether everyone can read it. has_owner is false when
  // the entry could not be examined (and for removed entries).
  bool has_owner = false;
  std::uint32_t uid = 0;
  std::uint32_t mode = 0;
};

}  // namespace mamori

#endif  // MAMORI_FILE_REF_H_
