#include "zip_maker.h"

#include <zlib.h>

namespace mamori::testing {

void PutLe16(std::string* s, std::uint32_t v) {
  s->push_back(static_cast<char>(v & 0xFF));
  s->push_back(static_cast<char>(v >> 8 & 0xFF));
}
void PutLe32(std::string* s, std::uint32_t v) {
  PutLe16(s, v & 0xFFFF);
  PutLe16(s, v >> 16);
}
void PutLe64(std::string* s, std::uint64_t v) {
  PutLe32(s, static_cast<std::uint32_t>(v));
  PutLe32(s, static_cast<std::uint32_t>(v >> 32));
}

std::string Compress(std::string_view data, int window_bits) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(static_cast<uLong>(data.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

namespace {

void Put16(std::string* s, std::uint32_t v) { PutLe16(s, v); }
void Put32(std::string* s, std::uint32_t v) { PutLe32(s, v); }

// Raw deflate of `data` with `flush`, continuing the stream in *z.
std::string Deflate(z_stream* z, std::string_view data, int flush) {
  std::string out;
  z->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z->avail_in = static_cast<uInt>(data.size());
  char buf[1 << 16];
  do {
    z->next_out = reinterpret_cast<Bytef*>(buf);
    z->avail_out = sizeof buf;
    deflate(z, flush);
    out.append(buf, sizeof buf - z->avail_out);
  } while (z->avail_out == 0);
  return out;
}

}  // namespace

void ZipMaker::AddRaw(std::string_view name, std::string_view compressed, std::uint32_t crc,
                      std::uint64_t size, std::uint16_t method, bool utf8_flag) {
  // Sizes past 4 GiB would need zip64; the tests stay below.
  const auto usize = static_cast<std::uint32_t>(size);
  const std::uint32_t offset = static_cast<std::uint32_t>(out_.size());
  const std::uint16_t flags = utf8_flag ? 0x0800 : 0;
  Put32(&out_, 0x04034b50);
  Put16(&out_, 20);
  Put16(&out_, flags);
  Put16(&out_, method);
  Put32(&out_, 0);  // time, date
  Put32(&out_, crc);
  Put32(&out_, static_cast<std::uint32_t>(compressed.size()));
  Put32(&out_, usize);
  Put16(&out_, static_cast<std::uint32_t>(name.size()));
  Put16(&out_, 0);
  out_.append(name);
  out_.append(compressed);

  Put32(&central_, 0x02014b50);
  Put16(&central_, 20);
  Put16(&central_, 20);
  Put16(&central_, flags);
  Put16(&central_, method);
  Put32(&central_, 0);
  Put32(&central_, crc);
  Put32(&central_, static_cast<std::uint32_t>(compressed.size()));
  Put32(&central_, usize);
  Put16(&central_, static_cast<std::uint32_t>(name.size()));
  Put16(&central_, 0);  // extra
  Put16(&central_, 0);  // comment
  Put16(&central_, 0);  // disk
  Put16(&central_, 0);  // internal attributes
  Put32(&central_, 0);  // external attributes
  Put32(&central_, offset);
  central_.append(name);
  ++count_;
}

void ZipMaker::Add(std::string_view name, std::string_view data, bool stored, bool utf8_flag) {
  const auto crc = static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
  if (stored) return AddRaw(name, data, crc, data.size(), 0, utf8_flag);
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  std::string compressed = Deflate(&z, data, Z_FINISH);
  deflateEnd(&z);
  AddRaw(name, compressed, crc, data.size(), 8, utf8_flag);
}

void ZipMaker::AddZeros(std::string_view name, std::uint64_t mib) {
  const std::string zeros(1 << 20, '\0');
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  // After a full flush the compressor forgets what came before, so every
  // further MiB of zeros compresses to the same bytes: made once, repeated.
  std::string compressed = Deflate(&z, zeros, Z_FULL_FLUSH);
  const std::string block = mib > 1 ? Deflate(&z, zeros, Z_FULL_FLUSH) : std::string();
  for (std::uint64_t i = 1; i < mib; ++i) compressed += block;
  compressed += Deflate(&z, {}, Z_FINISH);
  deflateEnd(&z);
  const auto one = crc32(0, reinterpret_cast<const Bytef*>(zeros.data()), zeros.size());
  uLong crc = 0;
  for (std::uint64_t i = 0; i < mib; ++i) crc = crc32_combine(crc, one, zeros.size());
  AddRaw(name, compressed, static_cast<std::uint32_t>(crc), mib << 20, 8, false);
}

std::string ZipMaker::Finish() {
  std::string out = out_;
  const auto cd_offset = static_cast<std::uint32_t>(out.size());
  out += central_;
  Put32(&out, 0x06054b50);
  Put16(&out, 0);
  Put16(&out, 0);
  Put16(&out, count_);
  Put16(&out, count_);
  Put32(&out, static_cast<std::uint32_t>(central_.size()));
  Put32(&out, cd_offset);
  Put16(&out, 0);
  return out;
}

}  // namespace mamori::testing
