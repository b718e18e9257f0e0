// share_bench: throughput of mamori on a generated office share, next to the
// machine's read limit (cat, and an in-process read), ripgrep, and pure
// decompression (issue 4).
//
// Builds a deterministic share (about 1 GiB at --scale 1) in five parts, each
// its own folder so that each is measured alone:
//   small-text  thousands of ~50 KB CSVs, half UTF-8, half CP932; one in ten
//               with a 個人番号 column of valid My Numbers, the others order
//               lists (12-digit order numbers, dates, phone numbers)
//   big-csv     two CSVs of about 170 MB (one UTF-8, one CP932)
//   office      xlsx and docx, real OOXML zips (deflate) written with libarchive
//   pdf         PDFs with Flate-compressed content streams (ASCII text)
//   zip         zips of CSVs
// The share is cached in --dir and regenerated only when its stamp (the
// generator version and scale) differs.
//
// Per part, warm cache (each tool runs once untimed first), median of --runs,
// the tools taking turns within each round:
//   cat         `xargs -0 -P threads -n 64 cat` over a NUL-separated list
//   rg          `rg -j threads -c '<4-4-4 digits, ASCII boundaries>' DIR`
//   decompress  in-process: libarchive reads every member of each zip, xlsx
//               and docx to a discard buffer; zlib inflates every
//               /FlateDecode stream of each PDF (threads over files)
//   read        in-process, threads over files: open, read into a reused
//               256 KB buffer, close (no process per 64 files, as cat has)
//   runs        (text parts) read, and find every run of 4 or more ASCII
//               digits with mamori's own finder (digit_runs.h): the least
//               work mamori's design does before any detection
//   mamori      `mamori scan DIR --db FRESH --secret S --cache-dir C --full -q
//               --threads N`, peak RSS from wait4()
// Prints a table and writes results.md and results.json to --out.
//
//   share_bench [--dir DIR] [--scale F] [--runs N] [--threads N]
//               [--mamori PATH] [--out DIR]
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <iconv.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "digit_runs.h"
#include "share_generator.h"

#ifndef MAMORI_BINARY
#define MAMORI_BINARY "mamori"
#endif
#ifndef MAMORI_SOURCE_DIR
#define MAMORI_SOURCE_DIR "."
#endif

extern char** environ;

namespace {

namespace fs = std::filesystem;
using share_bench::kParts;
using share_bench::WriteFile;

constexpr const char* kRgPattern = "(^|[^0-9])[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}([^0-9]|$)";

struct Options {
  fs::path dir;
  double scale = 1.0;
  int runs = 3;
  int threads = 0;
  std::string mamori = MAMORI_BINARY;
  fs::path out;
  std::string command_line;
};

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "share_bench: %s\n", message.c_str());
  std::exit(2);
}

std::string Today() {
  time_t now = time(nullptr);
  tm local{};
  localtime_r(&now, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
  return buf;
}

Options ParseOptions(int argc, char** argv) {
  Options o;
  o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const char* tmp = std::getenv("TMPDIR");
  o.dir = fs::path(tmp && *tmp ? tmp : "/tmp") / "mamori-share-bench";
  o.out = fs::path(MAMORI_SOURCE_DIR) / "reports" / "bench" / Today();
  for (int i = 0; i < argc; ++i) o.command_line += (i ? " " : "") + std::string(argv[i]);
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--dir") {
      o.dir = value();
    } else if (arg == "--scale") {
      o.scale = std::stod(value());
    } else if (arg == "--runs") {
      o.runs = std::stoi(value());
    } else if (arg == "--threads") {
      o.threads = std::stoi(value());
    } else if (arg == "--mamori") {
      o.mamori = value();
    } else if (arg == "--out") {
      o.out = value();
    } else if (arg == "-h" || arg == "--help") {
      std::printf(
          "share_bench [--dir DIR] [--scale F] [--runs N] [--threads N] [--mamori PATH] "
          "[--out DIR]\n");
      std::exit(0);
    } else {
      Die("unknown option " + arg);
    }
  }
  if (o.scale <= 0 || o.runs < 1 || o.threads < 1) Die("--scale, --runs, --threads must be > 0");
  return o;
}

// ---------------------------------------------------------------------------
// Measurement per tool
// ---------------------------------------------------------------------------

struct Sample {
  double seconds = 0;
  long peak_rss_kb = 0;  // set for mamori only
  int exit_code = 0;     // -1 when killed by a signal
};

// Runs argv with stdin from `stdin_path` and stdout to /dev/null (stderr is
// kept so that failures are visible).
Sample Spawn(const std::vector<std::string>& argv, const std::string& stdin_path = "/dev/null") {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  auto start = std::chrono::steady_clock::now();
  pid_t pid;
  if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
    Die("cannot run " + argv[0]);
  }
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) < 0) Die("wait4 failed");
  Sample s;
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  s.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return s;
}

// Peak RSS needs a small parent. Linux's ru_maxrss keeps the high-water mark
// of the memory a process had before exec(), and a child spawned from this
// process starts with (a copy of, or with vfork this very) address space: the
// generator's and decompressor's memory would be counted as mamori's. So
// mamori is started by a freshly exec'd share_bench in this mode, which forks
// it, waits, and writes the child's ru_maxrss (KB) to RSS_FILE:
//   share_bench --rss-wrapper RSS_FILE PROGRAM ARGS...
int RssWrapperMain(char** argv) {
  pid_t pid = fork();
  if (pid < 0) return 126;
  if (pid == 0) {
    execvp(argv[3], argv + 3);
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) < 0) return 126;
  std::ofstream(argv[2]) << usage.ru_maxrss << "\n";
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Median seconds and the largest peak RSS of a tool's timed runs, and each
// round's seconds in order.
struct Measure {
  bool ran = false;
  double seconds = 0;
  long peak_rss_kb = 0;
  std::vector<double> rounds;
};

// One timed run of a tool over a part; empty when the tool does not apply.
using Runner = std::function<Sample()>;

// The tools' runs taken in turn, one of each per round, after an untimed
// round that warms the page cache (and mamori's rule cache). A slow spell of
// the machine then weighs on every tool alike: run one tool after another,
// three runs each, the office ratio moved between 0.54 and 0.60 within ten
// minutes on the 2-core development VM.
void Interleave(int runs, const std::vector<std::pair<Runner, Measure*>>& tools) {
  for (const auto& [run, m] : tools) {
    if (run) run();
  }
  std::vector<std::vector<double>> times(tools.size());
  for (int r = 0; r < runs; ++r) {
    for (size_t i = 0; i < tools.size(); ++i) {
      const auto& [run, m] = tools[i];
      if (!run) continue;
      Sample s = run();
      times[i].push_back(s.seconds);
      m->peak_rss_kb = std::max(m->peak_rss_kb, s.peak_rss_kb);
    }
  }
  for (size_t i = 0; i < tools.size(); ++i) {
    std::vector<double>& t = times[i];
    if (t.empty()) continue;
    Measure& m = *tools[i].second;
    m.rounds = t;
    std::sort(t.begin(), t.end());
    const size_t n = t.size();
    m.ran = true;
    m.seconds = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
  }
}

struct PartFiles {
  std::vector<fs::path> paths;
  uint64_t bytes = 0;
};

PartFiles ListFiles(const fs::path& dir) {
  PartFiles f;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    f.paths.push_back(e.path());
    f.bytes += e.file_size();
  }
  std::sort(f.paths.begin(), f.paths.end());
  return f;
}

bool OnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string d; std::getline(dirs, d, ':');) {
    if (!d.empty() && access((fs::path(d) / program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

// The read limit: many cat processes in parallel, as a shell user would.
Runner CatRunner(const Options& o, const PartFiles& files, const fs::path& work) {
  fs::path list = work / "files.nul";
  std::string nul;
  for (const fs::path& p : files.paths) nul += p.string() + '\0';
  WriteFile(list, nul);
  std::vector<std::string> argv = {"xargs", "-0", "-P", std::to_string(o.threads),
                                   "-n",    "64", "cat"};
  return [argv, list] {
    Sample s = Spawn(argv, list.string());
    if (s.exit_code != 0) Die("xargs cat failed");
    return s;
  };
}

Runner RgRunner(const Options& o, const fs::path& dir) {
  if (!OnPath("rg")) return {};
  std::vector<std::string> argv = {"rg", "-j",       std::to_string(o.threads),
                                   "-c", kRgPattern, dir.string()};
  return [argv] {
    Sample s = Spawn(argv);
    if (s.exit_code != 0 && s.exit_code != 1) Die("rg failed");  // 1: no match
    return s;
  };
}

Runner MamoriRunner(const Options& o, const fs::path& dir, const fs::path& work) {
  fs::path db = work / "bench.db";
  fs::path rss_file = work / "mamori.rss";
  std::vector<std::string> argv = {"/proc/self/exe",
                                   "--rss-wrapper",
                                   rss_file.string(),
                                   o.mamori,
                                   "scan",
                                   dir.string(),
                                   "--db",
                                   db.string(),
                                   "--secret",
                                   (work / "secret").string(),
                                   "--cache-dir",
                                   (work / "rule-cache").string(),
                                   "--full",
                                   "-q",
                                   "--threads",
                                   std::to_string(o.threads)};
  return [argv, db, rss_file, dir] {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      fs::remove(db.string() + suffix);  // a fresh database every run
    }
    Sample s = Spawn(argv);
    std::ifstream(rss_file) >> s.peak_rss_kb;
    if (s.exit_code != 0 && s.exit_code != 1) {  // 1: violations found
      Die("mamori scan of " + dir.string() + " failed (exit " + std::to_string(s.exit_code) + ")");
    }
    return s;
  };
}

// Reads every file, each into the thread's reused buffer; with `digit_runs`,
// also finds the runs of 4 or more digits in what it read. (A run cut by a
// buffer boundary is found as two: the floor measures the finder's cost, not
// its count.) Returns the runs found.
uint64_t ReadThrough(const fs::path& path, bool digit_runs, std::vector<char>& buf) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) Die("cannot open " + path.string());
  uint64_t runs = 0;
  for (ssize_t n; (n = read(fd, buf.data(), buf.size())) != 0;) {
    if (n < 0) Die("cannot read " + path.string());
    if (digit_runs) {
      mamori::ForEachDigitRun(std::string_view(buf.data(), static_cast<size_t>(n)), 4,
                              [&](size_t, size_t) { ++runs; });
    }
  }
  close(fd);
  return runs;
}

// Runs `per_file` over every file with `threads` threads, each with its own
// 256 KB buffer; returns the seconds taken and *total, the sum of what
// `per_file` returned.
double OverFiles(int threads, const PartFiles& files,
                 const std::function<uint64_t(const fs::path&, std::vector<char>&)>& per_file,
                 uint64_t* total) {
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> sum{0};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      std::vector<char> buf(256 << 10);
      uint64_t mine = 0;
      for (size_t i; (i = next.fetch_add(1)) < files.paths.size();) {
        mine += per_file(files.paths[i], buf);
      }
      sum += mine;
    });
  }
  for (auto& th : pool) th.join();
  *total = sum;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::atomic<uint64_t> g_digit_runs_found{0};  // a sink, so the finder is not optimised away

// In-process reading, threads over files: the read limit without cat's
// process starts; with `digit_runs`, the least work of mamori's finder too.
Runner InProcessReadRunner(const Options& o, const PartFiles& files, bool digit_runs) {
  const int threads = o.threads;
  return [threads, &files, digit_runs] {
    uint64_t runs = 0;
    Sample s;
    s.seconds = OverFiles(
        threads, files,
        [digit_runs](const fs::path& path, std::vector<char>& buf) {
          return ReadThrough(path, digit_runs, buf);
        },
        &runs);
    g_digit_runs_found += runs;
    return s;
  };
}

// Every member of a zip (xlsx, docx) read through libarchive and discarded.
uint64_t InflateZip(const fs::path& path, std::vector<char>& buf) {
  archive* a = archive_read_new();
  archive_read_support_format_zip(a);
  uint64_t out = 0;
  if (archive_read_open_filename(a, path.c_str(), 1 << 16) != ARCHIVE_OK) {
    Die("libarchive cannot open " + path.string());
  }
  archive_entry* e;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    la_ssize_t n;
    while ((n = archive_read_data(a, buf.data(), buf.size())) > 0) out += n;
    if (n < 0) Die("libarchive: " + std::string(archive_error_string(a)));
  }
  archive_read_free(a);
  return out;
}

// Every /FlateDecode stream of a PDF inflated with zlib and discarded. The
// stream's end is where inflate says so; /Length is not needed.
uint64_t InflatePdf(const fs::path& path, std::vector<char>& buf) {
  std::ifstream f(path, std::ios::binary);
  std::string pdf((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  uint64_t out = 0;
  for (size_t at = 0; (at = pdf.find("/FlateDecode", at)) != std::string::npos;) {
    size_t s = pdf.find("stream", at);
    if (s == std::string::npos) break;
    s += 6;
    if (pdf[s] == '\r') ++s;
    if (pdf[s] == '\n') ++s;
    z_stream z{};
    inflateInit(&z);
    z.next_in = reinterpret_cast<Bytef*>(pdf.data() + s);
    z.avail_in = static_cast<uInt>(pdf.size() - s);
    int rc;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf.data());
      z.avail_out = static_cast<uInt>(buf.size());
      rc = inflate(&z, Z_NO_FLUSH);
      out += buf.size() - z.avail_out;
    } while (rc == Z_OK);
    if (rc != Z_STREAM_END) Die("zlib: bad stream in " + path.string());
    at = s + z.total_in;
    inflateEnd(&z);
  }
  return out;
}

// In-process, threads over files: the floor for any scanner that must
// inflate these files before it can look at their text.
Runner DecompressRunner(const Options& o, const std::string& part, const PartFiles& files,
                        uint64_t* inflated_bytes) {
  if (part != "office" && part != "pdf" && part != "zip") return {};
  const bool pdf = part == "pdf";
  const int threads = o.threads;
  return [pdf, threads, &files, inflated_bytes] {
    Sample s;
    s.seconds = OverFiles(
        threads, files,
        [pdf](const fs::path& path, std::vector<char>& buf) {
          return pdf ? InflatePdf(path, buf) : InflateZip(path, buf);
        },
        inflated_bytes);
    return s;
  };
}

// ---------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------

struct PartResult {
  std::string name;
  uint64_t bytes = 0;
  size_t files = 0;
  uint64_t inflated_bytes = 0;
  Measure cat, rg, decompress, read, runs, mamori;
};

double Mb(uint64_t bytes) { return bytes / 1e6; }

std::string Fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string Rate(const Measure& m, double amount) {
  return m.ran ? Fixed(amount / m.seconds, 0) : "n/a";
}

// mamori's throughput over the other tool's (above 1: mamori is faster).
std::string Ratio(const Measure& other, const Measure& mamori) {
  return other.ran && mamori.ran ? Fixed(other.seconds / mamori.seconds, 2) : "n/a";
}

// mamori's throughput over the other tool's within each round, as
// "min / median / max": two tools that took turns in one round met the same
// spell of the machine, so the spread of these shows how far the ratio of
// the medians can be trusted.
std::string RoundRatios(const Measure& other, const Measure& mamori) {
  if (!other.ran || !mamori.ran || other.rounds.size() != mamori.rounds.size()) return "n/a";
  std::vector<double> r;
  for (size_t i = 0; i < mamori.rounds.size(); ++i) {
    r.push_back(other.rounds[i] / mamori.rounds[i]);
  }
  std::sort(r.begin(), r.end());
  const size_t n = r.size();
  const double median = n % 2 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
  return Fixed(r.front(), 2) + " / " + Fixed(median, 2) + " / " + Fixed(r.back(), 2);
}

std::vector<std::string> SpreadHeader() {
  return {"part", "mamori/rg per round", "mamori/cat per round", "mamori/decomp per round"};
}

std::vector<std::string> SpreadRow(const PartResult& p) {
  return {p.name, RoundRatios(p.rg, p.mamori), RoundRatios(p.cat, p.mamori),
          RoundRatios(p.decompress, p.mamori)};
}

std::vector<std::string> FloorHeader() {
  return {"part",     "read MB/s", "read files/s", "read+runs MB/s",
          "cat/read", "rg/read",   "mamori/read",  "mamori/read+runs"};
}

std::vector<std::string> FloorRow(const PartResult& p) {
  double mb = Mb(p.bytes), n = static_cast<double>(p.files);
  return {p.name,
          Rate(p.read, mb),
          Rate(p.read, n),
          Rate(p.runs, mb),
          Ratio(p.read, p.cat),
          Ratio(p.read, p.rg),
          Ratio(p.read, p.mamori),
          Ratio(p.runs, p.mamori)};
}

std::vector<std::string> Header() {
  return {"part",           "MB",          "files",          "cat MB/s",
          "cat files/s",    "rg MB/s",     "rg files/s",     "decomp MB/s",
          "decomp files/s", "mamori MB/s", "mamori files/s", "mamori RSS MB",
          "mamori/rg",      "mamori/cat",  "mamori/decomp"};
}

std::vector<std::string> Row(const PartResult& p) {
  double mb = Mb(p.bytes), n = static_cast<double>(p.files);
  return {p.name,
          Fixed(mb, 1),
          std::to_string(p.files),
          Rate(p.cat, mb),
          Rate(p.cat, n),
          Rate(p.rg, mb),
          Rate(p.rg, n),
          Rate(p.decompress, mb),
          Rate(p.decompress, n),
          Rate(p.mamori, mb),
          Rate(p.mamori, n),
          Fixed(p.mamori.peak_rss_kb / 1024.0, 0),
          Ratio(p.rg, p.mamori),
          Ratio(p.cat, p.mamori),
          Ratio(p.decompress, p.mamori)};
}

void PrintTable(const std::vector<std::string>& header,
                std::vector<std::string> (*row)(const PartResult&),
                const std::vector<PartResult>& parts) {
  std::vector<std::vector<std::string>> rows = {header};
  for (const PartResult& p : parts) rows.push_back(row(p));
  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto& r : rows) {
    for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
  }
  for (const auto& r : rows) {
    for (size_t c = 0; c < r.size(); ++c) {
      std::printf(c == 0 ? "%-*s" : "  %*s", static_cast<int>(width[c]), r[c].c_str());
    }
    std::printf("\n");
  }
}

std::string ReadFirstValue(const char* path, const std::string& key) {
  std::ifstream f(path);
  for (std::string line; std::getline(f, line);) {
    if (line.rfind(key, 0) == 0) {
      size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      size_t start = line.find_first_not_of(" \t", colon + 1);
      return start == std::string::npos ? "" : line.substr(start);
    }
  }
  return "unknown";
}

std::map<std::string, std::string> Machine(const Options& o) {
  utsname u{};
  uname(&u);
  time_t now = time(nullptr);
  char date[64];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S %Z", localtime(&now));
  return {{"nproc", std::to_string(std::thread::hardware_concurrency())},
          {"cpu", ReadFirstValue("/proc/cpuinfo", "model name")},
          {"memory", ReadFirstValue("/proc/meminfo", "MemTotal")},
          {"kernel", std::string(u.sysname) + " " + u.release},
          {"date", date},
          {"command", o.command_line},
          {"threads", std::to_string(o.threads)},
          {"runs", std::to_string(o.runs)},
          {"scale", Fixed(o.scale, 4)}};
}

std::string MarkdownTable(const std::vector<std::string>& header,
                          std::vector<std::string> (*row)(const PartResult&),
                          const std::vector<PartResult>& parts) {
  std::string md = "|";
  for (const auto& h : header) md += " " + h + " |";
  md += "\n|";
  for (size_t c = 0; c < header.size(); ++c) md += c == 0 ? " --- |" : " ---: |";
  md += "\n";
  for (const PartResult& p : parts) {
    md += "|";
    for (const auto& cell : row(p)) md += " " + cell + " |";
    md += "\n";
  }
  return md;
}

void WriteMarkdown(const fs::path& path, const Options& o, const std::vector<PartResult>& parts) {
  auto machine = Machine(o);
  std::string md = "# share_bench results\n\n";
  for (const char* key : {"date", "nproc", "cpu", "memory", "kernel", "threads", "runs", "scale"}) {
    md += "- " + std::string(key) + ": " + machine[key] + "\n";
  }
  md += "- command: `" + machine["command"] + "`\n\n";
  md += "Warm cache, median of " + std::to_string(o.runs) +
        " runs, the tools taking turns in each round; MB/s over the bytes on disk; ratios are "
        "mamori's throughput over the other "
        "tool's. mamori extracts office, PDF and zip content; ripgrep stops at the first NUL "
        "byte of those files, so their rg column is not a comparison.\n\n";
  md += MarkdownTable(Header(), Row, parts);
  md += "\nThe same ratios within each round (min / median / max over the rounds):\n\n";
  md += MarkdownTable(SpreadHeader(), SpreadRow, parts);
  md +=
      "\nIn-process floors, the same threads (medians): read = open, read, close each "
      "file; read+runs = read and find the runs of 4 or more digits with mamori's finder "
      "(text parts). Ratios are each tool's throughput over the floor's.\n\n";
  md += MarkdownTable(FloorHeader(), FloorRow, parts);
  WriteFile(path, md);
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string JsonMeasure(const Measure& m) {
  if (!m.ran) return "null";
  std::string rss =
      m.peak_rss_kb ? ", \"peak_rss_kb\": " + std::to_string(m.peak_rss_kb) : std::string();
  std::string rounds = ", \"rounds\": [";
  for (size_t i = 0; i < m.rounds.size(); ++i) {
    rounds += (i ? ", " : "") + Fixed(m.rounds[i], 6);
  }
  return "{\"seconds\": " + Fixed(m.seconds, 6) + rss + rounds + "]}";
}

void WriteJson(const fs::path& path, const Options& o, const std::vector<PartResult>& parts) {
  std::string j = "{\n  \"machine\": {";
  bool first = true;
  for (const auto& [k, v] : Machine(o)) {
    j += std::string(first ? "" : ",") + "\n    " + JsonString(k) + ": " + JsonString(v);
    first = false;
  }
  j += "\n  },\n  \"parts\": [";
  for (size_t i = 0; i < parts.size(); ++i) {
    const PartResult& p = parts[i];
    j += std::string(i ? "," : "") + "\n    {\"part\": " + JsonString(p.name) +
         ", \"bytes\": " + std::to_string(p.bytes) + ", \"files\": " + std::to_string(p.files) +
         ", \"inflated_bytes\": " + std::to_string(p.inflated_bytes) +
         ",\n     \"cat\": " + JsonMeasure(p.cat) + ", \"rg\": " + JsonMeasure(p.rg) +
         ",\n     \"decompress\": " + JsonMeasure(p.decompress) +
         ", \"read\": " + JsonMeasure(p.read) + ", \"read_digit_runs\": " + JsonMeasure(p.runs) +
         ", \"mamori\": " + JsonMeasure(p.mamori) + "}";
  }
  j += "\n  ]\n}\n";
  WriteFile(path, j);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string_view(argv[1]) == "--rss-wrapper") return RssWrapperMain(argv);
  Options o = ParseOptions(argc, argv);
  if (access(o.mamori.c_str(), X_OK) != 0) Die("mamori binary not found: " + o.mamori);
  share_bench::EnsureShare(o.dir, o.scale, o.threads);
  fs::path work = o.dir / ".work";  // databases, secret, rule cache, file lists
  fs::create_directories(work);
  if (!OnPath("rg")) std::printf("rg: not found, its columns are n/a\n");

  std::vector<PartResult> results;
  for (const char* part : kParts) {
    PartResult r;
    r.name = part;
    fs::path dir = o.dir / part;
    PartFiles files = ListFiles(dir);
    r.bytes = files.bytes;
    r.files = files.paths.size();
    std::printf("measuring %s (%zu files, %.1f MB) ...\n", part, r.files, Mb(r.bytes));
    const bool text = std::string_view(part) == "small-text" || std::string_view(part) == "big-csv";
    std::fflush(stdout);
    Interleave(o.runs, {{CatRunner(o, files, work), &r.cat},
                        {RgRunner(o, dir), &r.rg},
                        {DecompressRunner(o, part, files, &r.inflated_bytes), &r.decompress},
                        {InProcessReadRunner(o, files, false), &r.read},
                        {text ? InProcessReadRunner(o, files, true) : Runner{}, &r.runs},
                        {MamoriRunner(o, dir, work), &r.mamori}});
    results.push_back(r);
  }
  std::printf("\n");
  PrintTable(Header(), Row, results);
  std::printf("\nwithin each round (min / median / max):\n");
  PrintTable(SpreadHeader(), SpreadRow, results);
  std::printf("\nin-process floors (read; read and find digit runs):\n");
  PrintTable(FloorHeader(), FloorRow, results);

  fs::create_directories(o.out);
  WriteMarkdown(o.out / "results.md", o, results);
  WriteJson(o.out / "results.json", o, results);
  std::printf("\nwritten: %s, %s\n", (o.out / "results.md").c_str(),
              (o.out / "results.json").c_str());
  return 0;
}
