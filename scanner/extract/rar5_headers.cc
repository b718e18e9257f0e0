#include "rar5_headers.h"

#include <algorithm>
#include <string_view>

namespace mamori {

namespace {

bool ReadExact(Input& in, std::uint64_t offset, std::size_t n, std::string* out) {
  if (offset > in.size() || in.size() - offset < n) return false;
  out->assign(n, '\0');
  std::size_t got = 0;
  return in.ReadAt(offset, out->data(), n, &got).ok() && got == n;
}

// RAR 5 variable-length integers: 7 bits a byte, low first, at most 10
// bytes. Consumes from *s; false when it runs out or overflows.
bool Vint(std::string_view* s, std::uint64_t* v) {
  *v = 0;
  for (int i = 0; i < 10 && i < static_cast<int>(s->size()); ++i) {
    const auto b = static_cast<unsigned char>((*s)[static_cast<std::size_t>(i)]);
    *v |= static_cast<std::uint64_t>(b & 0x7F) << (7 * i);
    if ((b & 0x80) == 0) {
      s->remove_prefix(static_cast<std::size_t>(i) + 1);
      return true;
    }
  }
  return false;
}

bool Skip(std::string_view* s, std::uint64_t n) {
  if (s->size() < n) return false;
  s->remove_prefix(static_cast<std::size_t>(n));
  return true;
}

// A RAR 5 file header's name and whether its extra area holds a file
// encryption record. `fields`: the header after its extra/data sizes.
bool Rar5File(std::string_view fields, std::uint64_t extra_size, std::string* name,
              bool* encrypted) {
  if (extra_size > fields.size()) return false;
  std::string_view extra = fields.substr(fields.size() - static_cast<std::size_t>(extra_size));
  std::uint64_t file_flags, unused, name_len;
  if (!Vint(&fields, &file_flags) || !Vint(&fields, &unused) || !Vint(&fields, &unused)) {
    return false;  // flags, unpacked size, attributes
  }
  if ((file_flags & 0x02) != 0 && !Skip(&fields, 4)) return false;  // mtime
  if ((file_flags & 0x04) != 0 && !Skip(&fields, 4)) return false;  // CRC32
  if (!Vint(&fields, &unused) || !Vint(&fields, &unused) || !Vint(&fields, &name_len) ||
      fields.size() < name_len) {
    return false;  // compression info, host OS, name length
  }
  name->assign(fields.substr(0, static_cast<std::size_t>(name_len)));
  *encrypted = false;
  while (!extra.empty()) {
    std::uint64_t size, type;
    if (!Vint(&extra, &size) || size > extra.size()) return true;
    std::string_view record = extra.substr(0, static_cast<std::size_t>(size));
    extra.remove_prefix(static_cast<std::size_t>(size));
    if (Vint(&record, &type) && type == 0x01) *encrypted = true;
  }
  return true;
}

}  // namespace

bool ReadRar5Headers(Input& in, std::uint64_t max_entries, Rar5Headers* out) {
  *out = Rar5Headers();
  std::string sig;
  if (!ReadExact(in, 0, 8, &sig) || sig != std::string_view("Rar!\x1A\x07\x01\x00", 8)) {
    return false;
  }
  // The format caps a header at 2 MiB.
  constexpr std::uint64_t kMaxHeader = 2 << 20;
  std::uint64_t files = 0;
  std::uint64_t pos = 8;
  std::string head;
  // Every block takes at least 6 bytes, so the walk ends within the file.
  while (files < max_entries) {
    // CRC32, then the header size as a vint of at most 3 bytes.
    std::string prefix;
    const std::uint64_t left = in.size() - std::min(pos, in.size());
    if (!ReadExact(in, pos, static_cast<std::size_t>(std::min<std::uint64_t>(7, left)), &prefix)) {
      return true;
    }
    std::string_view p(prefix);
    std::uint64_t size;
    if (!Skip(&p, 4) || !Vint(&p, &size) || size == 0 || size > kMaxHeader) return true;
    const std::uint64_t body = pos + (prefix.size() - p.size());
    if (!ReadExact(in, body, static_cast<std::size_t>(size), &head)) return true;
    std::string_view h(head);
    std::uint64_t type, flags, extra_size = 0, data_size = 0;
    if (!Vint(&h, &type) || !Vint(&h, &flags)) return true;
    if ((flags & 0x01) != 0 && !Vint(&h, &extra_size)) return true;
    if ((flags & 0x02) != 0 && !Vint(&h, &data_size)) return true;
    if (type == 4) {
      out->headers_encrypted = true;
      return true;
    }
    if (type == 5) return true;
    if (type == 2) {
      ++files;
      std::string name;
      bool encrypted = false;
      if (!Rar5File(h, extra_size, &name, &encrypted)) return true;
      if (encrypted) out->encrypted.push_back(std::move(name));
    }
    const std::uint64_t next = body + size;
    if (data_size > in.size() || next > in.size() - data_size) return true;
    pos = next + data_size;
  }
  return true;
}

bool Rar5EncryptedNames::Take(Input& in, std::uint64_t max_entries, const std::string& name) {
  if (!read_) {
    read_ = true;
    Rar5Headers headers;
    ReadRar5Headers(in, max_entries, &headers);
    for (auto& n : headers.encrypted) ++counts_[std::move(n)];
  }
  auto it = counts_.find(name);
  if (it == counts_.end() || it->second == 0) return false;
  --it->second;
  return true;
}

}  // namespace mamori
