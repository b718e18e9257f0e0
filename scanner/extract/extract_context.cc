#include "extract_context.h"

namespace mamori {

namespace {

std::string JoinMember(const std::string& parent, std::string_view name) {
  if (parent.empty()) return std::string(name);
  std::string out = parent;
  out += '/';
  out += name;
  return out;
}

}  // namespace

ExtractContext::ExtractContext(const ExtractLimits& limits, PartSink* sink,
                               std::vector<ScanError>* errors, bool* incomplete,
                               Protection* protection)
    : shared_(std::make_shared<Shared>()) {
  shared_->protection = protection;
  shared_->limits = &limits;
  shared_->sink = sink;
  shared_->errors = errors;
  shared_->incomplete = incomplete;
  shared_->deadline =
      std::chrono::steady_clock::now() +
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(limits.max_seconds > 0 ? limits.max_seconds : 1e9));
}

ExtractContext ExtractContext::Child(std::string_view name) const {
  return ExtractContext(shared_, JoinMember(member_, name), depth_ + 1);
}

void ExtractContext::Error(std::string_view reason, std::string message) {
  shared_->errors->push_back({member_, std::string(reason), std::move(message)});
  *shared_->incomplete = true;
}

void ExtractContext::ErrorIn(std::string_view name, std::string_view reason, std::string message) {
  shared_->errors->push_back({JoinMember(member_, name), std::string(reason), std::move(message)});
  *shared_->incomplete = true;
}

void ExtractContext::MarkIncomplete() { *shared_->incomplete = true; }

void ExtractContext::RecordProtection(std::string_view scheme, bool encrypted) {
  Protection* p = shared_->protection;
  if (p == nullptr) return;
  if (member_.empty()) {
    p->encrypted = encrypted;
    p->scheme.assign(scheme);
    return;
  }
  p->members.push_back({member_, std::string(scheme), encrypted});
}

void ExtractContext::RecordProtectionIn(std::string_view name, std::string_view scheme,
                                        bool encrypted) {
  Child(name).RecordProtection(scheme, encrypted);
}

void ExtractContext::Stop(std::string_view reason, std::string message) {
  if (shared_->stopped) return;
  shared_->stopped = true;
  Error(reason, std::move(message));
}

bool ExtractContext::ChargeExpanded(std::uint64_t bytes) {
  if (shared_->stopped) return false;
  shared_->expanded += bytes;
  if (shared_->expanded <= limits().max_expanded_bytes) return true;
  Stop("expanded-size-limit", "stopped after expanding " +
                                  std::to_string(limits().max_expanded_bytes) +
                                  " bytes from this file (--max-expanded-bytes)");
  return false;
}

bool ExtractContext::CountMember() {
  if (shared_->stopped) return false;
  if (++shared_->members <= limits().max_members) return true;
  Stop("too-many-members",
       "stopped after " + std::to_string(limits().max_members) + " members (--max-members)");
  return false;
}

bool ExtractContext::CheckTime() {
  if (shared_->stopped) return false;
  if (std::chrono::steady_clock::now() <= shared_->deadline) return true;
  Stop("time-limit", "stopped after " + std::to_string(static_cast<long>(limits().max_seconds)) +
                         " seconds on this file (--max-file-seconds)");
  return false;
}

void ExtractContext::BeginPart(std::string_view format) {
  shared_->sink->BeginPart(member_, format);
}
void ExtractContext::BeginSegment(char delimiter) { shared_->sink->BeginSegment(delimiter); }
void ExtractContext::Write(std::string_view utf8) { shared_->sink->Write(utf8); }
void ExtractContext::WriteRaw(std::string_view bytes, bool end) {
  shared_->sink->WriteRaw(bytes, end);
}
void ExtractContext::EndPart() { shared_->sink->EndPart(); }

}  // namespace mamori
