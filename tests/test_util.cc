#include "test_util.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace fs = std::filesystem;

namespace mamori::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/mamori-test-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  // Tests remove permissions to provoke errors; give them back so the tree
  // can be deleted.
  for (auto it = fs::recursive_directory_iterator(
           path_, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_symlink(ec)) continue;
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  }
  ::chmod(path_.c_str(), 0700);
  // A second pass catches directories that were unreadable the first time.
  for (auto it = fs::recursive_directory_iterator(path_, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_symlink(ec)) continue;
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  }
  fs::remove_all(path_, ec);
}

std::string TempDir::Sub(std::string_view relative) const {
  return path_ + "/" + std::string(relative);
}

void WriteFile(const std::string& path, std::string_view content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string ShowBytes(std::string_view bytes, std::size_t keep) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (keep < bytes.size() && bytes.size() - keep > keep && i == keep) {
      out += "[... " + std::to_string(bytes.size() - 2 * keep) + " bytes ...]";
      i = bytes.size() - keep;
    }
    const auto u = static_cast<unsigned char>(bytes[i]);
    if (u < 0x20 || u >= 0x7F || u == '\\') {
      static const char kHex[] = "0123456789ABCDEF";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += bytes[i];
    }
  }
  return out;
}

std::size_t CountOf(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

namespace {

std::string DrainFd(int fd) {
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      data.append(buf, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  return data;
}

}  // namespace

namespace {

double Now() {
  timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

ChildProcess StartCommand(const std::vector<std::string>& argv, int as_uid) {
  // Output goes to temporary files rather than pipes so that a large stdout
  // cannot deadlock against an unread stderr.
  char out_tmpl[] = "/tmp/mamori-cmd-out-XXXXXX";
  char err_tmpl[] = "/tmp/mamori-cmd-err-XXXXXX";
  ChildProcess child;
  child.out_fd = ::mkstemp(out_tmpl);
  child.err_fd = ::mkstemp(err_tmpl);
  if (child.out_fd < 0 || child.err_fd < 0) throw std::runtime_error("mkstemp failed");
  ::unlink(out_tmpl);
  ::unlink(err_tmpl);

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  child.started = Now();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::dup2(child.out_fd, 1);
    ::dup2(child.err_fd, 2);
    if (as_uid >= 0) {
      if (::setgid(as_uid) != 0 || ::setuid(as_uid) != 0) ::_exit(126);
    }
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  child.pid = pid;
  return child;
}

CommandResult WaitCommand(ChildProcess* child) {
  int status = 0;
  struct rusage usage {};
  while (::wait4(child->pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  CommandResult result;
  result.seconds = Now() - child->started;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  result.max_rss_kb = usage.ru_maxrss;
  ::lseek(child->out_fd, 0, SEEK_SET);
  ::lseek(child->err_fd, 0, SEEK_SET);
  result.out = DrainFd(child->out_fd);
  result.err = DrainFd(child->err_fd);
  ::close(child->out_fd);
  ::close(child->err_fd);
  child->pid = -1;
  return result;
}

CommandResult RunCommand(const std::vector<std::string>& argv, int as_uid) {
  ChildProcess child = StartCommand(argv, as_uid);
  return WaitCommand(&child);
}

long long QueryInt(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  long long v = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 2000);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      v = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return v;
}

std::string MamoriBinary() { return MAMORI_BINARY; }

}  // namespace mamori::testing
