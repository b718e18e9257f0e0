#include "dir_prefetcher.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <thread>
#include <utility>

#include "long_path.h"

namespace mamori {

namespace {

FileKind KindOf(mode_t mode) {
  if (S_ISREG(mode)) return FileKind::kRegular;
  if (S_ISDIR(mode)) return FileKind::kDirectory;
  if (S_ISLNK(mode)) return FileKind::kSymlink;
  if (S_ISFIFO(mode)) return FileKind::kFifo;
  if (S_ISSOCK(mode)) return FileKind::kSocket;
  if (S_ISBLK(mode)) return FileKind::kBlockDevice;
  if (S_ISCHR(mode)) return FileKind::kCharDevice;
  return FileKind::kOther;
}

void Fill(const struct stat& st, ListedEntry* e) {
  e->kind = KindOf(st.st_mode);
  e->size = static_cast<std::uint64_t>(st.st_size);
  e->mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  e->inode = st.st_ino;
  e->device = st.st_dev;
  e->uid = static_cast<std::uint32_t>(st.st_uid);
  e->mode = static_cast<std::uint32_t>(st.st_mode & 07777);
}

// `stat_fn(struct stat*, bool follow)` is lstat/stat of the entry, by
// whatever means reaches it.
template <typename StatFn>
void Examine(StatFn stat_fn, bool follow, ListedEntry* e) {
  struct stat st;
  if (stat_fn(&st, false) != 0) {
    e->error = errno;
    return;
  }
  Fill(st, e);
  if (!follow || !S_ISLNK(st.st_mode)) return;
  e->followed = true;
  // On failure the entry keeps the symlink's own metadata.
  if (stat_fn(&st, true) != 0) {
    e->error = errno;
    return;
  }
  Fill(st, e);
}

std::string Join(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

// Directories of this many entries or more are examined by two threads.
constexpr std::size_t kSplitEntries = 1024;

}  // namespace

DirListing ListDirectoryEntries(const std::string& dir, bool follow_symlinks) {
  DirListing out;
  std::vector<std::string> names;
  // readdir itself, through the openat-based reader (any path length):
  // Boost's iterator built a path object per name (3.2 ms instead of 2.2 ms
  // for 7,000 names, which the whole scan waits for when they are its root).
  if (ListDirectory(dir, &names, &out.error)) out.error = 0;
  std::sort(names.begin(), names.end());  // std::string compares as unsigned bytes
  out.entries.resize(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) out.entries[i].name = std::move(names[i]);
  // Entries are examined relative to the directory's descriptor: one path
  // lookup per directory instead of one per entry, and any path length.
  int dirfd = out.entries.empty() ? -1 : OpenPath(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  auto examine = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      ListedEntry* e = &out.entries[i];
      if (dirfd >= 0) {
        Examine(
            [&](struct stat* st, bool follow) {
              return ::fstatat(dirfd, e->name.c_str(), st, follow ? 0 : AT_SYMLINK_NOFOLLOW);
            },
            follow_symlinks, e);
      } else {
        ExaminePath(Join(dir, e->name), follow_symlinks, e);
      }
    }
  };
  // A large directory is examined in two halves at once: the walk (and, for
  // the root, the whole scan) waits for its listing, and on a share every
  // lstat is a round trip to the server (7,000 local files: 7 ms -> 3.8 ms).
  const std::size_t n = out.entries.size();
  std::thread helper;
  if (n >= kSplitEntries) {
    try {
      helper = std::thread(examine, n / 2, n);
    } catch (const std::system_error&) {
      // No thread to be had: one does it all.
    }
  }
  examine(0, helper.joinable() ? n / 2 : n);
  if (helper.joinable()) helper.join();
  if (dirfd >= 0) ::close(dirfd);
  return out;
}

void ExaminePath(const std::string& path, bool follow, ListedEntry* e) {
  Examine([&](struct stat* st, bool follow_link) { return StatPath(path, st, follow_link); },
          follow, e);
}

struct DirPrefetcher::Job {
  enum class State { kQueued, kRunning, kDone, kTaken, kCancelled };
  explicit Job(std::string d) : dir(std::move(d)) {}
  const std::string dir;
  State state = State::kQueued;  // guarded by mu_
  DirListing result;             // guarded by mu_; set when kDone
};

DirPrefetcher::DirPrefetcher(int threads, bool follow_symlinks)
    : follow_symlinks_(follow_symlinks) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

DirPrefetcher::~DirPrefetcher() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    queue_.clear();
  }
  work_ready_.notify_all();
  for (auto& t : threads_) t.join();
}

DirPrefetcher::Ticket DirPrefetcher::Request(std::string dir) {
  auto job = std::make_shared<Job>(std::move(dir));
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(job);
  }
  work_ready_.notify_one();
  return job;
}

DirListing DirPrefetcher::Take(const Ticket& job) {
  std::unique_lock<std::mutex> lock(mu_);
  if (job->state == Job::State::kQueued) {
    // Needed now: list it here rather than wait behind the queue. The pool
    // skips it when it comes up.
    job->state = Job::State::kTaken;
    lock.unlock();
    return ListDirectoryEntries(job->dir, follow_symlinks_);
  }
  job_done_.wait(lock, [&] { return job->state == Job::State::kDone; });
  job->state = Job::State::kTaken;
  buffered_entries_ -= job->result.entries.size();
  return std::move(job->result);
}

void DirPrefetcher::Cancel(const Ticket& job) {
  std::lock_guard<std::mutex> lock(mu_);
  if (job->state == Job::State::kDone) {
    buffered_entries_ -= job->result.entries.size();
    job->result = DirListing();
  }
  job->state = Job::State::kCancelled;
}

void DirPrefetcher::Work() {
  for (;;) {
    Ticket job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      if (job->state != Job::State::kQueued) continue;  // taken inline or cancelled
      job->state = Job::State::kRunning;
    }
    DirListing listing = ListDirectoryEntries(job->dir, follow_symlinks_);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (job->state == Job::State::kCancelled) continue;
      buffered_entries_ += listing.entries.size();
      job->result = std::move(listing);
      job->state = Job::State::kDone;
    }
    job_done_.notify_all();
  }
}

}  // namespace mamori
