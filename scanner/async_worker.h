// AsyncWorker: a thread of its own that runs one job at a time for its
// owner, who hands a job over and later waits for it — so that a long text
// is matched a buffer ahead while its owner judges the buffer before
// (part_scanner.h). Not a TBB task: a scan worker waiting on one may be
// given another file to scan meanwhile, on the same thread-local scanner.
// The thread starts with the first job.
//
// Thread-safety: Run and Wait are for one owner thread, alternately.
#ifndef MAMORI_SCANNER_ASYNC_WORKER_H_
#define MAMORI_SCANNER_ASYNC_WORKER_H_

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace mamori {

class AsyncWorker {
 public:
  AsyncWorker() = default;
  ~AsyncWorker();
  AsyncWorker(const AsyncWorker&) = delete;
  AsyncWorker& operator=(const AsyncWorker&) = delete;

  // Starts `job`. REQUIRES: the last job was waited for.
  void Run(std::function<void()> job);
  // Returns when the last job is done; rethrows what it threw.
  void Wait();

 private:
  void Loop();

  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::function<void()> job_;  // set: waiting to run or running
  std::exception_ptr thrown_;
  bool stop_ = false;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_ASYNC_WORKER_H_
