#include "scanner/async_worker.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace mamori {

TEST_CASE("AsyncWorker runs each job on its own thread, one at a time", "[async_worker]") {
  AsyncWorker worker;
  const std::thread::id owner = std::this_thread::get_id();
  int sum = 0;
  for (int i = 1; i <= 100; ++i) {
    std::thread::id ran_on;
    worker.Run([&, i] {
      ran_on = std::this_thread::get_id();
      sum += i;
    });
    worker.Wait();
    CHECK(ran_on != owner);
  }
  CHECK(sum == 5050);
}

TEST_CASE("AsyncWorker overlaps a job with its owner's work", "[async_worker]") {
  AsyncWorker worker;
  std::atomic<bool> started{false};
  std::atomic<bool> release{false};
  worker.Run([&] {
    started = true;
    while (!release) std::this_thread::yield();
  });
  // The owner goes on while the job runs; the job sees what the owner does.
  while (!started) std::this_thread::yield();
  release = true;
  worker.Wait();
  SUCCEED();
}

TEST_CASE("AsyncWorker hands a job's exception to Wait", "[async_worker]") {
  AsyncWorker worker;
  worker.Run([] { throw std::runtime_error("boom"); });
  CHECK_THROWS_WITH(worker.Wait(), "boom");
  // And goes on working.
  int x = 0;
  worker.Run([&] { x = 1; });
  worker.Wait();
  CHECK(x == 1);
}

TEST_CASE("AsyncWorker finishes a job still running when destroyed", "[async_worker]") {
  std::atomic<bool> done{false};
  {
    AsyncWorker worker;
    worker.Run([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      done = true;
    });
  }
  CHECK(done);
  AsyncWorker never_used;  // no thread to stop
}

}  // namespace mamori
