// Status: the outcome of an operation that can fail, carrying a machine-readable
// reason (stable, kebab-case, e.g. "permission-denied") and a human message.
//
// Thread-safety: a Status is a value; distinct objects may be used from any thread.
//
// The message never contains identifier values: callers build it from fixed text,
// paths and errno strings only.
#ifndef MAMORI_STATUS_H_
#define MAMORI_STATUS_H_

#include <string>
#include <utility>

namespace mamori {

class Status {
 public:
  Status() = default;  // OK

  static Status OK() { return Status(); }
  static Status Error(std::string reason, std::string message) {
    return Status(std::move(reason), std::move(message));
  }
  // Maps an errno value to a reason ("permission-denied", "vanished", ...)
  // and a message "<context>: <strerror>".
  static Status FromErrno(int err, const std::string& context);

  bool ok() const { return reason_.empty(); }
  const std::string& reason() const { return reason_; }
  const std::string& message() const { return message_; }
  std::string ToString() const { return ok() ? "OK" : reason_ + ": " + message_; }

 private:
  Status(std::string reason, std::string message)
      : reason_(std::move(reason)), message_(std::move(message)) {}

  std::string reason_;
  std::string message_;
};

}  // namespace mamori

#endif  // MAMORI_STATUS_H_
