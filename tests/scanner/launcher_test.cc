// The `mamori` launcher (scanner/launcher.cc), run as built, copied beside a
// stand-in engine: a script that reports what it was started with.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "test_util.h"

namespace mamori {

using testing::CommandResult;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

namespace {

// A copy of the launcher in `dir`, with or without a stand-in engine beside it.
std::string PlaceLauncher(const TempDir& dir, bool with_engine) {
  const std::string launcher = dir.Sub("bin/mamori");
  WriteFile(launcher, testing::ReadFile(testing::MamoriBinary()));
  REQUIRE(::chmod(launcher.c_str(), 0755) == 0);
  if (with_engine) {
    const std::string engine = dir.Sub("bin/mamori-engine");
    WriteFile(engine,
              "#!/bin/sh\n"
              "echo \"tunables=${GLIBC_TUNABLES-unset} marker=${MAMORI_MALLOC_TUNED-unset}\"\n"
              "for a in \"$@\"; do echo \"arg=$a\"; done\n"
              "exit 7\n");
    REQUIRE(::chmod(engine.c_str(), 0755) == 0);
  }
  return launcher;
}

// Runs `program` with `args` in an environment without the tuning, plus `env`.
CommandResult RunClean(const std::string& program, const std::vector<std::string>& env,
                       const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/usr/bin/env", "-u", "GLIBC_TUNABLES", "-u",
                                   "MAMORI_MALLOC_TUNED"};
  argv.insert(argv.end(), env.begin(), env.end());
  argv.push_back(program);
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

}  // namespace

TEST_CASE(
    "The launcher starts the engine beside it tuned, with the arguments and status as they are",
    "[launcher]") {
  TempDir dir;
  const std::string launcher = PlaceLauncher(dir, true);
  const CommandResult r = RunClean(launcher, {}, {"scan", "a b", ""});
  CHECK(r.exit_code == 7);
  CHECK(r.out ==
        "tunables=glibc.malloc.tcache_count=4096 marker=1\n"
        "arg=scan\narg=a b\narg=\n");
  CHECK(r.err.empty());
}

TEST_CASE("A user's own tunables are kept after the launcher's", "[launcher]") {
  TempDir dir;
  const std::string launcher = PlaceLauncher(dir, true);
  const CommandResult r =
      RunClean(launcher, {"GLIBC_TUNABLES=glibc.malloc.tcache_count=7"}, {"--version"});
  CHECK(r.exit_code == 7);
  CHECK(r.out ==
        "tunables=glibc.malloc.tcache_count=4096:glibc.malloc.tcache_count=7 marker=1\n"
        "arg=--version\n");
}

TEST_CASE("With the marker set the launcher leaves the environment alone", "[launcher]") {
  TempDir dir;
  const std::string launcher = PlaceLauncher(dir, true);
  const CommandResult r = RunClean(launcher, {"MAMORI_MALLOC_TUNED=1"}, {});
  CHECK(r.exit_code == 7);
  CHECK(r.out == "tunables=unset marker=1\n");
}

TEST_CASE("The launcher finds the engine through a symlink to it", "[launcher]") {
  TempDir dir;
  const std::string launcher = PlaceLauncher(dir, true);
  const std::string link = dir.Sub("elsewhere/mamori");
  WriteFile(dir.Sub("elsewhere/placeholder"), "");
  REQUIRE(::symlink(launcher.c_str(), link.c_str()) == 0);
  const CommandResult r = RunClean(link, {}, {"report"});
  CHECK(r.exit_code == 7);
  CHECK(r.out == "tunables=glibc.malloc.tcache_count=4096 marker=1\narg=report\n");
}

TEST_CASE("Without an engine beside it the launcher says which file is missing", "[launcher]") {
  TempDir dir;
  const std::string launcher = PlaceLauncher(dir, false);
  const CommandResult r = RunClean(launcher, {}, {"scan", "."});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("/bin/mamori-engine") != std::string::npos);
  CHECK(r.err.find("No such file") != std::string::npos);
}

}  // namespace mamori
