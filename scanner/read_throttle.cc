#include "read_throttle.h"

#include <cmath>
#include <thread>

namespace mamori {

namespace {

constexpr double kBurstSeconds = 0.25;

bool IsLimit(double mb_per_second) { return std::isfinite(mb_per_second) && mb_per_second > 0; }

}  // namespace

ReadThrottle::ReadThrottle(double mb_per_second)
    : limited_(IsLimit(mb_per_second)),
      bytes_per_second_(limited_ ? mb_per_second * 1e6 : 0),
      burst_(std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(kBurstSeconds))),
      paid_until_(limited_ ? Clock::now() : Clock::time_point()) {}

void ReadThrottle::Acquire(std::size_t bytes) {
  if (!limited_ || bytes == 0) return;
  const auto cost = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(static_cast<double>(bytes) / bytes_per_second_));
  Clock::duration wait;
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Read under the lock, so reservations are made in clock order.
    const Clock::time_point now = Clock::now();
    // An idle bucket holds at most the burst.
    if (paid_until_ < now - burst_) paid_until_ = now - burst_;
    paid_until_ += cost;
    wait = paid_until_ - now;
  }
  if (wait > Clock::duration::zero()) std::this_thread::sleep_for(wait);
}

}  // namespace mamori
