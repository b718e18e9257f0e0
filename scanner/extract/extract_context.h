// ExtractContext: what an extractor works within — where its text goes, the
// member it is extracting, the limits and budgets shared by everything taken
// out of one on-disk file, and where errors are recorded. Extractors never
// see the FileReport or the detector.
//
// Error reasons are stable kebab-case: "corrupt", "truncated",
// "unsupported", "encrypted-member", "nesting-too-deep", "member-too-large",
// "expanded-size-limit", "compression-ratio", "too-many-members",
// "time-limit", "malformed-xml", "sector-loop".
//
// Thread-safety: not thread-safe; a context and its children belong to the
// worker scanning one file.
#ifndef MAMORI_SCANNER_EXTRACT_EXTRACT_CONTEXT_H_
#define MAMORI_SCANNER_EXTRACT_EXTRACT_CONTEXT_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mamori/extract_limits.h"
#include "mamori/file_report.h"
#include "part_sink.h"

namespace mamori {

class Input;

// A member's bytes as they come out of a container, read once, front to back.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads up to `n` bytes; *got == 0 at the end. A false return means the
  // stream failed or a limit tripped; the reason is already recorded.
  virtual bool Read(char* buf, std::size_t n, std::size_t* got) = 0;
  // Before any Read: all the stream has, as bytes the caller may change,
  // with kLentRoom more writable bytes after them, valid until the next
  // call on the stream, which is then at its end. Budgets are charged as by
  // Read. False when the stream cannot lend them so (Read as usual then)
  // or a limit tripped (recorded, and Read fails too).
  virtual bool LendRest(char** /*data*/, std::size_t* /*size*/) { return false; }
};

inline constexpr std::size_t kLentRoom = 64;

class ExtractContext {
 public:
  // The root context of one on-disk file. `errors`, `incomplete` and
  // `protection` are the file's report fields; they, `sink` and `limits`
  // outlive the context. Without `protection`, protection is not recorded.
  ExtractContext(const ExtractLimits& limits, PartSink* sink, std::vector<ScanError>* errors,
                 bool* incomplete, Protection* protection = nullptr);

  // The context of member `name` (a path inside this context's member), one
  // level deeper; it shares this context's budgets.
  ExtractContext Child(std::string_view name) const;

  const ExtractLimits& limits() const { return *shared_->limits; }
  int depth() const { return depth_; }
  // Path inside the on-disk file, '/'-joined; empty for the file itself.
  const std::string& member() const { return member_; }

  // Records that (part of) this member could not be read; the file becomes
  // incomplete. The message names no identifier values.
  void Error(std::string_view reason, std::string message);
  // The same for a member of this one that never got a context of its own.
  void ErrorIn(std::string_view name, std::string_view reason, std::string message);
  // Incomplete without an error entry of its own (a part cut short whose
  // cause is recorded elsewhere).
  void MarkIncomplete();

  // Records that this member (the file itself at the root) is protected by
  // `scheme` ("zipcrypto", "zip-aes256", "7z-aes256", "ooxml-agile",
  // "xls-rc4-cryptoapi", "doc-rc4", "pdf-aes256", "odf-aes256", "openpgp",
  // "smime", ...). `encrypted`: its content cannot be read without a
  // password; false for protection that opens without one (owner-only PDF,
  // an .xls under the default password). An encrypted member is also an
  // "encrypted-member" error: its content was not checked.
  void RecordProtection(std::string_view scheme, bool encrypted);
  // The same for a member of this one that never got a context of its own.
  void RecordProtectionIn(std::string_view name, std::string_view scheme, bool encrypted);

  // Budgets shared by the whole file. Each returns false, and records the
  // reason once, when its limit is passed; extractors then stop promptly.
  bool ChargeExpanded(std::uint64_t bytes);  // bytes decompressed or decoded
  // Whether ChargeExpanded(bytes) would pass.
  bool ExpandedFits(std::uint64_t bytes) const {
    return !shared_->stopped && shared_->expanded + bytes <= limits().max_expanded_bytes;
  }
  bool CountMember();  // one more member of a container
  bool CheckTime();    // call every few MB or members
  // A file-wide limit has tripped: extract nothing more.
  bool stopped() const { return shared_->stopped; }

  // Text of this member, in the PartSink's terms (see part_sink.h).
  void BeginPart(std::string_view format);
  void BeginSegment(char delimiter);
  void Write(std::string_view utf8);
  void WriteRaw(std::string_view bytes, bool end);
  void EndPart();

  // Recursion: scans a member of this one — its format is sniffed from its
  // name and first bytes, then it is extracted (within the depth limit) or
  // read as text. `data` is the member's whole content.
  void ScanMember(std::string_view name, std::string_view data);
  // The same for a member that arrives as a stream of `size_hint` bytes
  // (-1: unknown). Text streams through; documents and containers are read
  // into memory within limits().max_member_bytes. The stream's source has
  // already called CountMember().
  void ScanMemberStream(std::string_view name, ByteStream& stream, std::int64_t size_hint);

 private:
  struct Shared {
    const ExtractLimits* limits;
    PartSink* sink;
    std::vector<ScanError>* errors;
    bool* incomplete;
    Protection* protection;
    std::chrono::steady_clock::time_point deadline;
    std::uint64_t expanded = 0;
    std::uint64_t members = 0;
    bool stopped = false;
  };
  ExtractContext(std::shared_ptr<Shared> shared, std::string member, int depth)
      : shared_(std::move(shared)), member_(std::move(member)), depth_(depth) {}
  void Stop(std::string_view reason, std::string message);

  std::shared_ptr<Shared> shared_;
  std::string member_;
  int depth_ = 0;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_EXTRACT_CONTEXT_H_
