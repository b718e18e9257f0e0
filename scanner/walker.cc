#include "mamori/walker.h"

#include <fnmatch.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <deque>
#include <set>
#include <utility>

#include "dir_prefetcher.h"

namespace mamori {

namespace {

// Listings requested and not yet taken by the walk. Each can hold a whole
// directory, so both their number and the entries they hold are bounded.
constexpr std::size_t kMaxOutstanding = 64;
constexpr std::size_t kMaxBufferedEntries = 1 << 18;

struct Glob {
  std::string pattern;
  bool by_path = false;   // matched against the path relative to the root
  bool dir_only = false;  // written with a trailing '/'
};

std::vector<Glob> ParseGlobs(const std::vector<std::string>& patterns) {
  std::vector<Glob> globs;
  for (std::string p : patterns) {
    Glob g;
    if (p.size() > 1 && p.back() == '/') {
      g.dir_only = true;
      while (!p.empty() && p.back() == '/') p.pop_back();
    }
    if (p.find('/') != std::string::npos) {
      g.by_path = true;
      p.erase(0, p.find_first_not_of('/'));  // a leading '/' only anchors
    }
    if (p.empty()) continue;  // "/" or "//": matches no entry below a root
    g.pattern = std::move(p);
    globs.push_back(std::move(g));
  }
  return globs;
}

bool Matches(const Glob& g, const std::string& name, const char* relative, bool is_dir) {
  if (g.dir_only && !is_dir) return false;
  if (g.by_path) return ::fnmatch(g.pattern.c_str(), relative, FNM_PATHNAME | FNM_LEADING_DIR) == 0;
  return ::fnmatch(g.pattern.c_str(), name.c_str(), 0) == 0;
}

bool AnyMatches(const std::vector<Glob>& globs, const std::string& name, const char* relative,
                bool is_dir) {
  for (const Glob& g : globs) {
    if (Matches(g, name, relative, is_dir)) return true;
  }
  return false;
}

std::string Join(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

void Fill(const std::string& path, const ListedEntry& e, FileRef* ref) {
  *ref = FileRef();
  ref->path = path;
  if (e.error != 0 && !e.followed) return;  // lstat failed: nothing known
  ref->kind = e.kind;
  ref->size = e.size;
  ref->mtime_ns = e.mtime_ns;
  ref->inode = e.inode;
  ref->device = e.device;
  ref->has_owner = true;
  ref->uid = e.uid;
  ref->mode = e.mode;
}

Status ErrorOf(const ListedEntry& e, bool is_root) {
  if (e.followed) {
    return e.error == ENOENT ? Status::Error("broken-symlink", "symlink target missing")
                             : Status::FromErrno(e.error, "stat");
  }
  return is_root && e.error == ENOENT ? Status::Error("not-found", "no such file or directory")
                                      : Status::FromErrno(e.error, "lstat");
}

// A directory being walked: its entries, sorted, and how far the walk and
// the prefetching have gone through them.
struct Frame {
  std::string path;
  std::vector<ListedEntry> entries;
  std::size_t next = 0;        // the next entry to visit
  std::size_t considered = 0;  // entries before this were considered for prefetching
  // Listings requested for subdirectories, in increasing entry index.
  std::deque<std::pair<std::size_t, DirPrefetcher::Ticket>> requested;
};

}  // namespace

struct Walker::Rep {
  enum class Action { kSkip, kYield, kEnter };

  std::vector<std::string> roots;
  std::size_t next_root = 0;
  std::size_t roots_found = 0;
  WalkOptions options;
  std::vector<Glob> include;
  std::vector<Glob> exclude;
  std::set<std::pair<std::uint64_t, std::uint64_t>> seen_dirs;
  std::uint64_t root_device = 0;
  std::size_t root_prefix = 0;  // bytes of a path before its part relative to the root
  std::unique_ptr<DirPrefetcher> prefetcher;  // started when first needed
  std::size_t outstanding = 0;                // tickets requested and not taken or cancelled
  std::vector<Frame> stack;                   // the directories the walk is in, innermost last

  // What the selection makes of an entry below a root.
  Action Decide(const std::string& path, const ListedEntry& e) const {
    const bool is_dir = e.error == 0 && e.kind == FileKind::kDirectory;
    const char* relative = path.c_str() + std::min(root_prefix, path.size());
    if (AnyMatches(exclude, e.name, relative, is_dir)) return Action::kSkip;
    if (e.error != 0) return Action::kYield;
    if (e.kind == FileKind::kRegular && !include.empty() &&
        !AnyMatches(include, e.name, relative, false)) {
      return Action::kSkip;
    }
    return is_dir ? Action::kEnter : Action::kYield;
  }

  void Cancel(DirPrefetcher::Ticket* ticket) {
    if (*ticket == nullptr) return;
    prefetcher->Cancel(*ticket);
    ticket->reset();
    --outstanding;
  }

  // Requests the listings of the subdirectories the walk will enter next:
  // those of the innermost directory first, as the walk reaches them first.
  void TopUp() {
    if (options.prefetch_threads <= 0) return;
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      Frame& f = *it;
      f.considered = std::max(f.considered, f.next);
      while (f.considered < f.entries.size()) {
        if (outstanding >= kMaxOutstanding ||
            (prefetcher && prefetcher->buffered_entries() >= kMaxBufferedEntries)) {
          return;
        }
        const std::size_t i = f.considered++;
        const ListedEntry& e = f.entries[i];
        if (e.error != 0 || e.kind != FileKind::kDirectory) continue;
        std::string path = Join(f.path, e.name);
        if (Decide(path, e) != Action::kEnter) continue;
        if (options.one_file_system && e.device != root_device) continue;
        if (seen_dirs.count({e.device, e.inode}) != 0) continue;
        if (!prefetcher) {
          prefetcher =
              std::make_unique<DirPrefetcher>(options.prefetch_threads, options.follow_symlinks);
        }
        f.requested.emplace_back(i, prefetcher->Request(std::move(path)));
        ++outstanding;
      }
    }
  }

  // Enters the directory described by entry->ref, taking its listing from
  // `ticket` when it was prefetched. Returns true when *entry is to be
  // yielded (with an error: not entered, or not fully listed).
  bool Enter(DirPrefetcher::Ticket ticket, WalkEntry* entry) {
    const FileRef& ref = entry->ref;
    if (options.one_file_system && ref.device != root_device) {
      Cancel(&ticket);
      entry->error = Status::Error("other-file-system",
                                   "on another file system than its root: not entered "
                                   "(--one-file-system)");
      return true;
    }
    if (!seen_dirs.emplace(ref.device, ref.inode).second) {
      Cancel(&ticket);
      entry->error = Status::Error("symlink-loop",
                                   "directory already walked, reached again through a symlink");
      return true;
    }
    DirListing listing;
    if (ticket != nullptr) {
      listing = prefetcher->Take(ticket);
      --outstanding;
    } else {
      listing = ListDirectoryEntries(ref.path, options.follow_symlinks);
    }
    Frame frame;
    frame.path = ref.path;
    frame.entries = std::move(listing.entries);
    stack.push_back(std::move(frame));
    TopUp();
    if (listing.error == 0) return false;
    // Entries read before a mid-listing error are still walked.
    entry->error = Status::FromErrno(listing.error, "list directory");
    return true;
  }

  bool VisitChild(WalkEntry* entry) {
    Frame& f = stack.back();
    const std::size_t i = f.next++;
    DirPrefetcher::Ticket ticket;
    if (!f.requested.empty() && f.requested.front().first == i) {
      ticket = std::move(f.requested.front().second);
      f.requested.pop_front();
    }
    const ListedEntry& e = f.entries[i];
    std::string path = Join(f.path, e.name);
    const Action action = Decide(path, e);
    if (action == Action::kSkip) {
      Cancel(&ticket);
      return false;
    }
    Fill(path, e, &entry->ref);
    entry->error = e.error != 0 ? ErrorOf(e, false) : Status::OK();
    if (action == Action::kYield) {
      Cancel(&ticket);
      return true;
    }
    return Enter(std::move(ticket), entry);  // invalidates f and e
  }

  bool VisitRoot(const std::string& root, WalkEntry* entry) {
    ListedEntry e;
    ExaminePath(root, /*follow=*/true, &e);  // a root the user named is followed
    Fill(root, e, &entry->ref);
    entry->error = Status::OK();
    if (e.error == 0 || e.followed) ++roots_found;
    if (e.error != 0) {
      entry->error = ErrorOf(e, true);
      return true;
    }
    if (e.kind != FileKind::kDirectory) return true;
    root_device = e.device;
    root_prefix = root.size() + (!root.empty() && root.back() == '/' ? 0 : 1);
    return Enter(nullptr, entry);
  }

  void PopFrame() {
    for (auto& [index, ticket] : stack.back().requested) Cancel(&ticket);
    stack.pop_back();
  }
};

Walker::Walker(std::vector<std::string> roots, WalkOptions options)
    : rep_(std::make_unique<Rep>()) {
  rep_->roots = std::move(roots);
  rep_->include = ParseGlobs(options.include);
  rep_->exclude = ParseGlobs(options.exclude);
  rep_->options = std::move(options);
}

// The prefetcher joins its threads as the Rep goes.
Walker::~Walker() = default;

std::size_t Walker::roots_found() const { return rep_->roots_found; }

bool Walker::Next(WalkEntry* entry) {
  Rep& r = *rep_;
  for (;;) {
    if (!r.stack.empty()) {
      const Frame& f = r.stack.back();
      if (f.next == f.entries.size()) {
        r.PopFrame();
      } else if (r.VisitChild(entry)) {
        return true;
      }
    } else if (r.next_root < r.roots.size()) {
      if (r.VisitRoot(r.roots[r.next_root++], entry)) return true;
    } else {
      return false;
    }
  }
}

}  // namespace mamori
