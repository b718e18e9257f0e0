// Input: bytes an extractor may read at any offset, whether a file on disk
// (read with pread, never mapped: a file truncated on a share would raise
// SIGBUS) or a member already held in memory.
//
// Thread-safety: not thread-safe; one reader at a time.
#ifndef MAMORI_SCANNER_EXTRACT_INPUT_H_
#define MAMORI_SCANNER_EXTRACT_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mamori/status.h"

namespace mamori {

class Input {
 public:
  virtual ~Input() = default;
  virtual std::uint64_t size() const = 0;
  // Reads up to `n` bytes at `offset`; *got < n only at the end.
  virtual Status ReadAt(std::uint64_t offset, char* buf, std::size_t n, std::size_t* got) = 0;
  // The whole input when it is in memory, else empty with `in_memory()` false.
  virtual bool in_memory() const { return false; }
  virtual std::string_view memory() const { return {}; }
};

class MemoryInput : public Input {
 public:
  explicit MemoryInput(std::string_view data) : data_(data) {}
  std::uint64_t size() const override { return data_.size(); }
  Status ReadAt(std::uint64_t offset, char* buf, std::size_t n, std::size_t* got) override;
  bool in_memory() const override { return true; }
  std::string_view memory() const override { return data_; }

 private:
  std::string_view data_;
};

// Reads all of `in` into *out. Reason "member-too-large" when it holds more
// than `limit` bytes (nothing is read then).
Status ReadWhole(Input& in, std::uint64_t limit, std::string* out);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_INPUT_H_
