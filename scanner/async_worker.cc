#include "async_worker.h"

#include <utility>

namespace mamori {

AsyncWorker::~AsyncWorker() {
  if (!thread_.joinable()) return;
  {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return !job_; });
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void AsyncWorker::Run(std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    job_ = std::move(job);
  }
  if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
  cv_.notify_all();
}

void AsyncWorker::Wait() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return !job_; });
  if (thrown_) std::rethrow_exception(std::exchange(thrown_, nullptr));
}

void AsyncWorker::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stop_ || job_; });
    if (!job_) return;  // stopped, nothing left
    std::function<void()> job = job_;
    lock.unlock();
    std::exception_ptr thrown;
    try {
      job();
    } catch (...) {
      thrown = std::current_exception();
    }
    lock.lock();
    thrown_ = thrown;
    job_ = nullptr;
    cv_.notify_all();
  }
}

}  // namespace mamori
