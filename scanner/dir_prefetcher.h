// DirPrefetcher: lists directories ahead of the walk on a small pool of
// threads. On SMB and NFS shares every readdir and lstat is a round trip to
// the server; listing the directories the walk will enter next in parallel
// hides that latency while the walk itself stays one ordered sequence.
//
// A listing (ListDirectoryEntries) is the directory's names sorted by bytes,
// each with what lstat said (and stat, for symlinks when they are followed),
// so the walker needs no further system call per entry. It is the same
// function whether it runs on a pool thread or inline, so walks with and
// without prefetching see the same results.
//
// Thread-safety: ListDirectoryEntries is thread-safe (it examines a large
// directory's entries on a second thread of its own). A DirPrefetcher's
// methods are called by one thread (the walker's); its pool threads only run
// listings. The destructor stops the pool and joins it; listings not yet
// started are dropped, one already running finishes first.
#ifndef MAMORI_SCANNER_DIR_PREFETCHER_H_
#define MAMORI_SCANNER_DIR_PREFETCHER_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mamori/file_ref.h"

namespace mamori {

// One name in a directory and its metadata. Only the name is on the heap,
// so a directory of 100,000 entries is one vector and its names.
struct ListedEntry {
  std::string name;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t inode = 0;
  std::uint64_t device = 0;
  std::uint32_t uid = 0;
  std::uint32_t mode = 0;  // permission bits only (st_mode & 07777)
  // errno of lstat (followed == false) or of stat of the symlink's target
  // (followed == true); 0 when the metadata above is valid.
  int error = 0;
  FileKind kind = FileKind::kUnknown;  // the target's kind when followed
  bool followed = false;               // a symlink that was stat'ed through (follow_symlinks)
};

struct DirListing {
  std::vector<ListedEntry> entries;  // sorted by name bytes
  int error = 0;                     // errno when the directory could not be (fully) read
};

// Lists `dir` and examines each entry: lstat, and stat through symlinks when
// `follow_symlinks`. Entries read before a listing error are kept.
// Works for paths longer than PATH_MAX.
DirListing ListDirectoryEntries(const std::string& dir, bool follow_symlinks);

// Fills `e` (all but its name) from lstat of `path`, and stat through a
// symlink when `follow`. Used for roots, which come without a listing.
void ExaminePath(const std::string& path, bool follow, ListedEntry* e);

class DirPrefetcher {
 public:
  struct Job;
  using Ticket = std::shared_ptr<Job>;

  // REQUIRES: threads > 0.
  DirPrefetcher(int threads, bool follow_symlinks);
  ~DirPrefetcher();
  DirPrefetcher(const DirPrefetcher&) = delete;
  DirPrefetcher& operator=(const DirPrefetcher&) = delete;

  // Queues the listing of `dir` (first come, first served).
  Ticket Request(std::string dir);

  // Returns the listing, waiting for it if a pool thread is running it, or
  // running it on the calling thread if no pool thread has started it yet
  // (so the walk never waits behind listings it needs later).
  DirListing Take(const Ticket& ticket);

  // The listing is no longer wanted; its result (if any) is dropped.
  void Cancel(const Ticket& ticket);

  // Entries held in finished listings not yet taken; the walker stops asking
  // for more while this is large, so memory stays bounded on huge trees.
  std::size_t buffered_entries() const { return buffered_entries_.load(); }

 private:
  void Work();

  const bool follow_symlinks_;
  std::mutex mu_;
  std::condition_variable work_ready_;  // queue not empty, or stopping
  std::condition_variable job_done_;
  std::deque<Ticket> queue_;  // may hold jobs already taken or cancelled
  bool stopping_ = false;
  std::atomic<std::size_t> buffered_entries_{0};
  std::vector<std::thread> threads_;
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_DIR_PREFETCHER_H_
