// End-to-end over the committed fixtures made by real tools: every archive
// format yields its roster under the right member path, and every hostile
// file ends with a recorded reason instead of a crash or a hang.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_util.h"

namespace mamori {

using nlohmann::json;
using testing::MamoriBinary;
using testing::RunCommand;
using testing::TempDir;

namespace {

// path relative to `root` → its findings-stream line.
std::map<std::string, json> ScanFolder(const TempDir& t, const std::string& root,
                                       testing::CommandResult* result) {
  *result = RunCommand({MamoriBinary(), "scan", root, "--db", t.Sub("m.db"), "--secret",
                        t.Sub("secret"), "--cache-dir", t.Sub("cache"), "--jsonl", "-", "-q"});
  std::map<std::string, json> out;
  std::istringstream in(result->out);
  std::string line;
  while (std::getline(in, line)) {
    json j = json::parse(line);
    out[j.at("path").get<std::string>().substr(root.size() + 1)] = j;
  }
  return out;
}

std::string Fixtures(const char* folder) {
  return std::string(MAMORI_SOURCE_DIR) + "/tests/fixtures/" + folder;
}

std::map<std::string, std::uint64_t> DistinctByType(const json& line, const std::string& member) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& f : line.at("findings")) {
    if (f.value("member", "") == member) out[f.at("type")] = f.at("distinct");
  }
  return out;
}

}  // namespace

TEST_CASE("Every archive format yields its roster under its member path", "[e2e][fixtures]") {
  TempDir t;
  testing::CommandResult result;
  auto lines = ScanFolder(t, Fixtures("archives"), &result);
  CHECK(result.exit_code == 1);
  const std::map<std::string, std::string> member = {
      {"meibo.zip", "名簿/社員名簿.csv"},
      {"cp932_names.zip", "人事/社員名簿.csv"},
      {"nested3.zip", "level2.zip/level3.zip/名簿.csv"},
      {"meibo.7z", "名簿/社員名簿.csv"},
      {"meibo.tar", "名簿/社員名簿.csv"},
      {"meibo.tar.gz", "名簿/社員名簿.csv"},
      {"meibo.tar.bz2", "名簿/社員名簿.csv"},
      {"meibo.tar.xz", "名簿/社員名簿.csv"},
      {"meibo.csv.gz", "meibo.csv"},
      {"meibo_lv0.lzh", "名簿/社員名簿.csv"},
      {"meibo_lv2.lzh", "名簿/社員名簿.csv"},
      {"meibo.cab", "名簿/社員名簿.csv"},
      {"meibo.iso", "名簿/社員名簿.csv"},
  };
  for (const auto& [file, path] : member) {
    INFO(file);
    REQUIRE(lines.count(file) == 1);
    CHECK(lines[file].at("incomplete") == false);
    auto distinct = DistinctByType(lines[file], path);
    CHECK(distinct["my_number"] == 3);
    CHECK(distinct["basic_pension_number"] == 2);
  }
  // Stored documents inside a zip: still a zip, its documents read.
  for (const char* file : {"office.zip", "office_stored.zip"}) {
    INFO(file);
    REQUIRE(lines.count(file) == 1);
    CHECK(lines[file].at("format") == "zip");
    CHECK(DistinctByType(lines[file], "書類/提出票.docx")["my_number"] == 3);
    CHECK(DistinctByType(lines[file], "書類/名簿.xlsx")["basic_pension_number"] == 2);
  }
}

TEST_CASE("Every hostile file ends with a reason, and the scan goes on", "[e2e][fixtures]") {
  TempDir t;
  testing::CommandResult result;
  auto lines = ScanFolder(t, Fixtures("hostile"), &result);
  REQUIRE(result.signal == 0);
  CHECK((result.exit_code == 0 || result.exit_code == 1));
  CHECK(result.max_rss_kb < 512 * 1024);
  int hostile = 0;
  for (const auto& [file, line] : lines) {
    if (file == "README.md") continue;
    INFO(file);
    ++hostile;
    CHECK(line.at("incomplete") == true);
    CHECK_FALSE(line.at("errors").empty());
  }
  CHECK(hostile == 17);
  auto reason_of = [&](const std::string& file, const std::string& member) {
    for (const auto& e : lines[file].at("errors")) {
      if (e.value("member", "") == member) return e.at("reason").get<std::string>();
    }
    return std::string("(none)");
  };
  CHECK(reason_of("corrupt_deflate_mid.zip", "broken.csv") == "corrupt");
  CHECK(reason_of("garbage.docx", "") == "corrupt");  // not a zip at all
  CHECK(DistinctByType(lines["corrupt_deflate_mid.zip"], "ok.csv")["my_number"] == 3);
  CHECK(reason_of("deep_nesting.zip",
                  "level2.zip/level3.zip/level4.zip/level5.zip/level6.zip/level7.zip/"
                  "level8.zip/level9.zip/level10.zip") == "nesting-too-deep");
}

}  // namespace mamori
