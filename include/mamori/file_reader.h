// FileReader: the read stage. Opens one file read-only and streams it into a
// caller-owned buffer, so memory does not grow with the file's size.
//
// Opening never blocks and never follows a final symlink (O_NONBLOCK,
// O_NOFOLLOW), so an entry swapped for a FIFO or link after the walk is
// refused rather than hung on. O_NOATIME is used where the kernel allows it,
// so a sweep after an incident leaves access times as evidence.
//
// Thread-safety: not thread-safe; one FileReader per worker.
#ifndef MAMORI_FILE_READER_H_
#define MAMORI_FILE_READER_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "mamori/file_ref.h"
#include "mamori/status.h"

namespace mamori {

class FileReader {
 public:
  FileReader() = default;
  ~FileReader();
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  // Opens `path`. On success updates *ref's size, mtime, inode and device
  // from fstat of the opened descriptor. Errors: "vanished",
  // "permission-denied", "not-regular-file", "open-failed".
  Status Open(const std::string& path, FileRef* ref);

  // Reads up to `capacity` bytes into `buf`, retrying short reads and EINTR
  // until the buffer is full or the file ends. *eof is set when the end of
  // the file has been reached: at a read of 0 bytes, or at a short read that
  // ends where fstat said the file ends (so that a whole small file costs
  // one read, not two). Error reason: "read-error".
  Status Read(char* buf, std::size_t capacity, std::size_t* got, bool* eof);

  // Reads up to `n` bytes at `offset` without moving the read position,
  // retrying short reads and EINTR; *got < n only at the end of the file.
  Status ReadAt(std::uint64_t offset, char* buf, std::size_t n, std::size_t* got);

  void Close();

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;  // from fstat at Open
  std::uint64_t pos_ = 0;   // bytes Read so far
};

}  // namespace mamori

#endif  // MAMORI_FILE_READER_H_
