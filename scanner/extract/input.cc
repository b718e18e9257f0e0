#include "input.h"

#include <algorithm>
#include <cstring>

namespace mamori {

Status MemoryInput::ReadAt(std::uint64_t offset, char* buf, std::size_t n, std::size_t* got) {
  *got = 0;
  if (offset >= data_.size()) return Status::OK();
  *got = static_cast<std::size_t>(std::min<std::uint64_t>(n, data_.size() - offset));
  std::memcpy(buf, data_.data() + offset, *got);
  return Status::OK();
}

Status ReadWhole(Input& in, std::uint64_t limit, std::string* out) {
  out->clear();
  if (in.size() > limit) {
    return Status::Error("member-too-large", std::to_string(in.size()) +
                                                 " bytes is over the in-memory limit of " +
                                                 std::to_string(limit));
  }
  if (in.in_memory()) {
    out->assign(in.memory());
    return Status::OK();
  }
  out->resize(static_cast<std::size_t>(in.size()));
  std::size_t got = 0;
  Status s = in.ReadAt(0, out->data(), out->size(), &got);
  out->resize(got);
  return s;
}

}  // namespace mamori
