// ByteBuffer: a byte array whose new bytes are not zeroed as it grows, for
// members inflated whole: std::string's resize zeroed every byte first,
// 4% of the instructions of a docx scan (callgrind).
//
// Thread-safety: not thread-safe; a move-only value.
#ifndef MAMORI_SCANNER_EXTRACT_BYTE_BUFFER_H_
#define MAMORI_SCANNER_EXTRACT_BYTE_BUFFER_H_

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace mamori {

class ByteBuffer {
 public:
  ByteBuffer() = default;
  ByteBuffer(ByteBuffer&&) = default;
  ByteBuffer& operator=(ByteBuffer&&) = default;

  char* data() { return data_.get(); }
  const char* data() const { return data_.get(); }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  std::string_view view() const { return {data_.get(), size_}; }

  // Room for `capacity` bytes; the first size() are kept.
  void Reserve(std::size_t capacity) {
    if (capacity <= capacity_) return;
    std::unique_ptr<char[]> bigger(new char[capacity]);  // not zeroed
    if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_);
    data_ = std::move(bigger);
    capacity_ = capacity;
  }
  // `size` bytes: the first of them kept, any new ones left as they are.
  void Resize(std::size_t size) {
    Reserve(size);
    size_ = size;
  }
  // Gives the memory back.
  void Free() { *this = ByteBuffer(); }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_BYTE_BUFFER_H_
