// Helpers shared by the tests: temporary trees, whole-file I/O, running the
// mamori binary as a child process.
//
// Thread-safety: TempDir is not thread-safe; the free functions are.
#ifndef MAMORI_TESTS_TEST_UTIL_H_
#define MAMORI_TESTS_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents when
// the object dies. Permissions inside are restored before removal.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + relative
  std::string Sub(std::string_view relative) const;

 private:
  std::string path_;
};

// Writes `content` to `path`, creating parent directories.
void WriteFile(const std::string& path, std::string_view content);
std::string ReadFile(const std::string& path);
// `bytes` for a failure message: bytes beyond printable ASCII, and '\\',
// escaped as \\xNN; when longer than twice `keep`, all but the first and
// last `keep` bytes left out and counted.
std::string ShowBytes(std::string_view bytes, std::size_t keep = SIZE_MAX);
// Non-overlapping occurrences of `needle` in `haystack`.
std::size_t CountOf(std::string_view haystack, std::string_view needle);

struct CommandResult {
  int exit_code = -1;   // -1 when killed by a signal
  int signal = 0;       // the signal that killed it, if one did
  std::string out;      // standard output
  std::string err;      // standard error
  long max_rss_kb = 0;  // peak resident memory of the child
  double seconds = 0;   // wall time from start to exit
};

// A child started by StartCommand; WaitCommand collects it.
struct ChildProcess {
  int pid = -1;
  int out_fd = -1;
  int err_fd = -1;
  double started = 0;
};
ChildProcess StartCommand(const std::vector<std::string>& argv, int as_uid = -1);
CommandResult WaitCommand(ChildProcess* child);

// Runs `argv` (argv[0] is the program path) with no standard input. When
// `as_uid` >= 0 the child drops to that uid and gid before exec.
CommandResult RunCommand(const std::vector<std::string>& argv, int as_uid = -1);

// The first column of the first row of `sql` on the database at `db_path`,
// opened read-only; -1 when the query fails.
long long QueryInt(const std::string& db_path, const std::string& sql);

// Path of the built mamori binary.
std::string MamoriBinary();

}  // namespace mamori::testing

#endif  // MAMORI_TESTS_TEST_UTIL_H_
