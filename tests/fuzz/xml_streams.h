// Streams and handler wrappers for the XML tests and fuzz targets: a
// document in reads of chosen sizes or lent whole, as the tokenizer gets
// it from a zip member; and handlers that forward events with or without
// the fast path (XmlHandler::TakeElement), so the two can be compared.
//
// Thread-safety: each object belongs to one thread.
#ifndef MAMORI_TESTS_FUZZ_XML_STREAMS_H_
#define MAMORI_TESTS_FUZZ_XML_STREAMS_H_

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scanner/extract/extract_context.h"
#include "scanner/extract/xml_stream.h"

namespace mamori::fuzz {

// Hands out a document in reads of the given sizes (cycled), 0 meaning
// "whatever is asked for".
class ChunkStream : public ByteStream {
 public:
  ChunkStream(std::string_view data, std::vector<std::size_t> sizes)
      : data_(data), sizes_(std::move(sizes)) {}
  bool Read(char* buf, std::size_t n, std::size_t* got) override {
    std::size_t want = n;
    if (!sizes_.empty()) {
      const std::size_t s = sizes_[next_++ % sizes_.size()];
      if (s > 0) want = std::min(n, s);
    }
    *got = std::min(want, data_.size() - pos_);
    std::copy_n(data_.data() + pos_, *got, buf);
    pos_ += *got;
    return true;
  }

 private:
  std::string_view data_;
  std::vector<std::size_t> sizes_;
  std::size_t next_ = 0;
  std::size_t pos_ = 0;
};

// Lends the whole document at once (ByteStream::LendRest), as a zip member
// inflated whole is lent: a copy with kLentRoom bytes after it to change.
class LendingStream : public ByteStream {
 public:
  explicit LendingStream(std::string_view data) : data_(data.size() + kLentRoom, '\0') {
    std::copy(data.begin(), data.end(), data_.begin());
  }
  bool LendRest(char** data, std::size_t* size) override {
    if (lent_) return false;
    lent_ = true;
    *data = data_.data();
    *size = data_.size() - kLentRoom;
    return true;
  }
  bool Read(char*, std::size_t, std::size_t* got) override {
    *got = 0;  // lent already: nothing is left
    return lent_;
  }

 private:
  std::string data_;
  bool lent_ = false;
};

// Forwards the events only: the tokenizer never offers it an element.
class EventsOnly : public XmlHandler {
 public:
  explicit EventsOnly(XmlHandler& to) : to_(to) {}
  void Start(std::string_view name, const char** attrs) override { to_.Start(name, attrs); }
  void End(std::string_view name) override { to_.End(name); }
  void Text(std::string_view text) override { to_.Text(text); }

 protected:
  XmlHandler& to_;
};

// Forwards everything, fast path included, counting the elements taken
// whole (so that a test can tell the fast path ran at all).
class CountingTakes : public EventsOnly {
 public:
  explicit CountingTakes(XmlHandler& to) : EventsOnly(to) {}
  std::string_view FastPrefix() const override { return to_.FastPrefix(); }
  std::size_t TakeElement(const char* p, const char* end) override {
    const std::size_t n = to_.TakeElement(p, end);
    if (n != 0) ++taken;
    return n;
  }

  std::size_t taken = 0;
};

}  // namespace mamori::fuzz

#endif  // MAMORI_TESTS_FUZZ_XML_STREAMS_H_
