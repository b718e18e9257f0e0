// ReadThrottle: a token bucket that caps the combined read rate of all worker
// threads (`--max-read-rate`, in MB/s with MB = 10^6 bytes), so a nightly
// sweep leaves bandwidth on the file server for the people who use it.
//
// Thread-safety: thread-safe. One ReadThrottle is shared by every worker of a
// scan; Acquire may be called from any number of threads at once.
//
// How it shares: each Acquire reserves its bytes at once, in the order the
// callers take the lock, and then sleeps until the bucket has earned them.
// The bucket may therefore go into debt, which is what lets a request larger
// than the burst still make progress, and what makes later callers queue
// behind earlier ones instead of racing them (fair enough, and never a spin:
// one sleep per call at most, none while holding the lock).
//
// The bucket starts empty, so the limit holds from the first read; it fills
// up to a burst of 0.25 s worth of bytes while the workers are busy with
// something else (walking, matching), which lets them catch up afterwards
// without exceeding the rate over any longer stretch.
#ifndef MAMORI_SCANNER_READ_THROTTLE_H_
#define MAMORI_SCANNER_READ_THROTTLE_H_

#include <chrono>
#include <cstddef>
#include <mutex>

namespace mamori {

class ReadThrottle {
 public:
  // A rate of 0, a negative one or one that is not finite means no limit.
  explicit ReadThrottle(double mb_per_second);
  ReadThrottle(const ReadThrottle&) = delete;
  ReadThrottle& operator=(const ReadThrottle&) = delete;

  // Blocks until `bytes` may be read. Call it before each read, with the
  // number of bytes the read is expected to return. Without a limit it
  // returns at once, without locking or reading the clock, so that an
  // unthrottled scan pays nothing for it.
  void Acquire(std::size_t bytes);

  bool limited() const { return limited_; }

 private:
  using Clock = std::chrono::steady_clock;

  const bool limited_;
  const double bytes_per_second_;
  const Clock::duration burst_;  // how far back the bucket may have started filling

  std::mutex mu_;
  // The moment the bucket's reservations are all paid for (tokens == 0).
  // Later than now: in debt; earlier than now - burst_: full. One time point
  // instead of a token count, so refilling needs no bookkeeping.
  Clock::time_point paid_until_;  // guarded by mu_
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_READ_THROTTLE_H_
