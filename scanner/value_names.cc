// The stable names of enum values, as stored in the database and printed.
#include <string_view>

#include "mamori/file_ref.h"
#include "mamori/finding.h"

namespace mamori {

const char* FileKindName(FileKind kind) {
  switch (kind) {
    case FileKind::kRegular: return "regular";
    case FileKind::kDirectory: return "directory";
    case FileKind::kSymlink: return "symlink";
    case FileKind::kFifo: return "fifo";
    case FileKind::kSocket: return "socket";
    case FileKind::kBlockDevice: return "block-device";
    case FileKind::kCharDevice: return "char-device";
    case FileKind::kOther: return "other";
    case FileKind::kUnknown: return "unknown";
    case FileKind::kRemoved: return "removed";
  }
  return "unknown";
}

const char* ConfidenceName(Confidence c) {
  switch (c) {
    case Confidence::kLow: return "low";
    case Confidence::kMedium: return "medium";
    case Confidence::kHigh: return "high";
  }
  return "low";
}

std::optional<Confidence> ParseConfidence(std::string_view name) {
  if (name == "low") return Confidence::kLow;
  if (name == "medium") return Confidence::kMedium;
  if (name == "high") return Confidence::kHigh;
  return std::nullopt;
}

}  // namespace mamori
