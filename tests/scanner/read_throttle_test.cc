#include "scanner/read_throttle.h"

#include <time.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <latch>
#include <limits>
#include <thread>
#include <vector>

namespace mamori {

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time of the calling thread: a throttle that spins would burn it.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

constexpr std::size_t kMB = 1000 * 1000;

}  // namespace

TEST_CASE("ReadThrottle without a limit returns at once", "[scanner][manners]") {
  for (double rate : {0.0, -5.0, std::numeric_limits<double>::infinity(),
                      std::numeric_limits<double>::quiet_NaN()}) {
    ReadThrottle throttle(rate);
    CHECK_FALSE(throttle.limited());
    const auto start = Clock::now();
    for (int i = 0; i < 100000; ++i) throttle.Acquire(4 << 20);  // 400 GiB "read"
    CHECK(SecondsSince(start) < 0.05);
  }
}

TEST_CASE("ReadThrottle holds four threads to the aggregate rate", "[scanner][manners]") {
  // 8 MB at 40 MB/s: 0.2 s. The bucket starts empty, so no burst shortens it.
  ReadThrottle throttle(40);
  REQUIRE(throttle.limited());
  constexpr int kThreads = 4;
  constexpr std::size_t kChunk = 250 * 1000;
  constexpr int kChunksEach = 8;  // 2 MB per thread
  std::latch ready(kThreads + 1);
  std::vector<double> finished(kThreads);
  std::vector<double> cpu(kThreads);
  std::vector<std::thread> threads;
  Clock::time_point start;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ready.arrive_and_wait();
      const double cpu_start = ThreadCpuSeconds();
      for (int i = 0; i < kChunksEach; ++i) throttle.Acquire(kChunk);
      cpu[t] = ThreadCpuSeconds() - cpu_start;
      finished[t] = SecondsSince(start);
    });
  }
  start = Clock::now();
  ready.arrive_and_wait();
  for (auto& th : threads) th.join();
  const double elapsed = SecondsSince(start);
  CHECK(elapsed >= 0.15);
  CHECK(elapsed <= 0.35);
  for (int t = 0; t < kThreads; ++t) {
    INFO("thread " << t << " finished at " << finished[t] << " s of " << elapsed << " s");
    // Reservations queue in turn: no thread gets through its share while the
    // others wait (a hog would finish in about a quarter of the time).
    CHECK(finished[t] >= 0.5 * elapsed);
    CHECK(cpu[t] < 0.02);
  }
}

TEST_CASE("ReadThrottle lets a request larger than the burst through by debt",
          "[scanner][manners]") {
  // 10 MB is four times the 0.25 s burst at 100 MB/s.
  ReadThrottle throttle(100);
  const double cpu_start = ThreadCpuSeconds();
  auto start = Clock::now();
  throttle.Acquire(10 * kMB);
  const double big = SecondsSince(start);
  CHECK(big >= 0.09);
  CHECK(big <= 0.2);
  CHECK(ThreadCpuSeconds() - cpu_start < 0.01);

  // The debt was slept off by the request that made it; the next one waits
  // only for its own bytes.
  start = Clock::now();
  throttle.Acquire(2 * kMB);
  const double next = SecondsSince(start);
  CHECK(next >= 0.015);
  CHECK(next <= 0.1);
}

TEST_CASE("ReadThrottle refills while idle, up to the burst only", "[scanner][manners]") {
  ReadThrottle throttle(40);  // burst: 10 MB
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // Half a second idle earns 20 MB, but the bucket holds 10 MB.
  auto start = Clock::now();
  throttle.Acquire(10 * kMB);
  CHECK(SecondsSince(start) < 0.03);
  start = Clock::now();
  throttle.Acquire(4 * kMB);
  const double waited = SecondsSince(start);
  CHECK(waited >= 0.08);
  CHECK(waited <= 0.2);
}

TEST_CASE("ReadThrottle sleeps rather than spins through many small requests",
          "[scanner][manners]") {
  // 4 MB in 64 KB requests at 20 MB/s: 0.2 s of waiting in 62 sleeps.
  ReadThrottle throttle(20);
  const double cpu_start = ThreadCpuSeconds();
  const auto start = Clock::now();
  for (std::size_t done = 0; done < 4 * kMB; done += 64 * 1000) throttle.Acquire(64 * 1000);
  const double elapsed = SecondsSince(start);
  const double cpu = ThreadCpuSeconds() - cpu_start;
  INFO("wall " << elapsed << " s, cpu " << cpu << " s");
  CHECK(elapsed >= 0.15);
  CHECK(elapsed <= 0.35);
  CHECK(cpu < 0.02);
}

TEST_CASE("ReadThrottle: a zero-byte request never waits, even in debt", "[scanner][manners]") {
  ReadThrottle throttle(1);
  throttle.Acquire(100 * 1000);  // 0.1 s
  const auto start = Clock::now();
  throttle.Acquire(0);
  CHECK(SecondsSince(start) < 0.01);
}

}  // namespace mamori
