// End-to-end: a scan of a real temporary tree through the library entry
// point and through the mamori binary, checking the findings stream, the
// database, the exit statuses, and that no full identifier leaves the process.
#include "mamori/scan.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_util.h"

namespace mamori {

using nlohmann::json;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

namespace {

// Every identifier written into the trees below, in every written form.
const std::vector<std::string> kPlantedValues = {
    "123456789018", "1234 5678 9018", "1234-5678-9018", "621498320257",
    "983205673214", "111111111118",   "000111111111",
};

void PlantShare(const TempDir& t) {
  WriteFile(t.Sub("share/jinji/meibo.csv"),
            "氏名,個人番号,部署\n山田太郎,123456789018,総務\n佐藤花子,621498320257,経理\n"
            "鈴木一郎,983205673214,人事\n山田太郎,123456789018,総務\n");
  WriteFile(t.Sub("share/letters/notice.txt"),
            "通知カード記載のマイナンバー 1111-1111-1118 を確認しました。\n");
  WriteFile(t.Sub("share/orders/order.txt"), "注文番号 000111111111 出荷済み\n");
  WriteFile(t.Sub("share/cards.txt"), "カード番号 1234 5678 9018 4111\n");
  WriteFile(t.Sub("share/empty.txt"), "");
  WriteFile(t.Sub("share/vanish.txt"), "個人番号 1234-5678-9018\n");
  REQUIRE(::mkfifo(t.Sub("share/pipe").c_str(), 0600) == 0);
  REQUIRE(::symlink("..", t.Sub("share/jinji/loop").c_str()) == 0);
}

std::vector<json> ParseLines(const std::string& text) {
  std::vector<json> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(json::parse(line));
  return lines;
}

std::map<std::string, json> ByPath(const std::vector<json>& lines, const std::string& prefix) {
  std::map<std::string, json> out;
  for (const auto& l : lines) {
    std::string p = l.at("path");
    REQUIRE(p.rfind(prefix, 0) == 0);
    out[p.substr(prefix.size())] = l;
  }
  return out;
}

void CheckNoFullIdentifier(const std::string& bytes, const std::string& what) {
  for (const auto& v : kPlantedValues) {
    INFO(what << " must not contain a planted identifier");
    CHECK(bytes.find(v) == std::string::npos);
  }
}

std::string ReadIfExists(const std::string& path) {
  return ::access(path.c_str(), F_OK) == 0 ? testing::ReadFile(path) : std::string();
}

mode_t ModeOf(const std::string& path) {
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("Scanning a share writes the findings stream and the database", "[e2e]") {
  TempDir t;
  PlantShare(t);
  ScanOptions options;
  options.roots = {t.Sub("share")};
  options.db_path = t.Sub("out/scan.db");
  options.jsonl_path = t.Sub("out/findings.jsonl");
  options.secret_path = t.Sub("out/secret");
  options.cache_dir = t.Sub("out/cache");
  ::mkdir(t.Sub("out").c_str(), 0700);
  const std::string vanishing = t.Sub("share/vanish.txt");
  options.on_walked = [&](const FileRef& ref) {
    if (ref.path == vanishing) ::unlink(vanishing.c_str());
  };

  ScanSummary summary;
  Status s = RunScan(options, &summary);
  REQUIRE(s.ok());
  CHECK(summary.roots_walked == 1);
  CHECK(summary.files_scanned == 5);  // meibo, notice, order, cards, empty
  CHECK(summary.files_with_findings == 2);
  CHECK(summary.files_with_violations == 2);
  CHECK(summary.not_regular == 2);  // the FIFO and the symlink

  auto lines = ParseLines(testing::ReadFile(options.jsonl_path));
  auto by_path = ByPath(lines, t.Sub("share/"));
  CHECK(by_path.size() == 3);

  REQUIRE(by_path.count("jinji/meibo.csv") == 1);
  const json& meibo = by_path["jinji/meibo.csv"];
  CHECK(meibo["format"] == "csv");
  CHECK(meibo["size"].is_number_unsigned());
  CHECK(meibo["mtime"].get<std::string>().size() == 20);
  CHECK(meibo["protection"] == json::parse(R"({"encrypted": false, "scheme": null})"));
  REQUIRE(meibo["findings"].size() == 1);
  const json& f = meibo["findings"][0];
  CHECK(f["type"] == "my_number");
  CHECK_FALSE(f.contains("member"));
  CHECK(f["count"] == 4);
  CHECK(f["distinct"] == 3);
  CHECK(f["confidence"] == "high");
  CHECK(f["masked"] == json::parse(R"(["********9018", "********0257", "********3214"])"));
  REQUIRE(meibo["violations"].size() == 1);
  CHECK(meibo["violations"][0]["rule"] == "personal-data-unencrypted");
  CHECK(meibo["violations"][0]["severity"] == "high");
  CHECK(meibo["violations"][0]["message"] == "3 My Numbers in a file without a password");
  CHECK(meibo["errors"].empty());
  CHECK(meibo["incomplete"] == false);

  REQUIRE(by_path.count("letters/notice.txt") == 1);
  CHECK(by_path["letters/notice.txt"]["findings"][0]["masked"][0] == "********1118");

  REQUIRE(by_path.count("vanish.txt") == 1);
  const json& gone = by_path["vanish.txt"];
  CHECK(gone["findings"].empty());
  REQUIRE(gone["errors"].size() == 1);
  CHECK(gone["errors"][0]["reason"] == "vanished");
  CHECK(gone["incomplete"] == true);

  // Order number without context, card-number groups, empty file, FIFO and
  // symlink loop: nothing to act on, so nothing in the stream.
  CHECK(by_path.count("orders/order.txt") == 0);
  CHECK(by_path.count("cards.txt") == 0);
  CHECK(by_path.count("empty.txt") == 0);
  CHECK(by_path.count("pipe") == 0);

  // The database holds every entry, the findings and the errors.
  const std::string& db = options.db_path;
  CHECK(testing::QueryInt(db, "SELECT count(*) FROM scans WHERE status = 'finished'") == 1);
  CHECK(testing::QueryInt(db, "SELECT count(*) FROM files") == 8);
  CHECK(testing::QueryInt(db, "SELECT count(*) FROM files WHERE kind = 'fifo'") == 1);
  CHECK(testing::QueryInt(db, "SELECT count(*) FROM files WHERE kind = 'symlink'") == 1);
  CHECK(testing::QueryInt(db, "SELECT sum(count) FROM findings WHERE type = 'my_number'") == 5);
  CHECK(testing::QueryInt(db, "SELECT count(*) FROM finding_values") == 4);
  CHECK(testing::QueryInt(db, "SELECT count(DISTINCT value_hash) FROM finding_values") == 4);
  CHECK(testing::QueryInt(db, "SELECT count(*) FROM errors WHERE reason = 'vanished'") == 1);
  CHECK(testing::QueryInt(db, "SELECT count(*) FROM violations") == 2);

  CHECK(ModeOf(options.db_path) == 0600);
  CHECK(ModeOf(options.secret_path) == 0600);
  CHECK(ModeOf(options.jsonl_path) == 0600);

  CheckNoFullIdentifier(testing::ReadFile(options.jsonl_path), "the findings stream");
  CheckNoFullIdentifier(testing::ReadFile(options.db_path), "the database");
  CheckNoFullIdentifier(ReadIfExists(options.db_path + "-wal"), "the WAL");
  CheckNoFullIdentifier(ReadIfExists(options.db_path + "-shm"), "the shared memory file");
}

TEST_CASE("Two scans of one tree give the same stream, and the same hashes", "[e2e]") {
  TempDir t;
  WriteFile(t.Sub("share/a.csv"), "個人番号\n123456789018\n621498320257\n");
  WriteFile(t.Sub("share/b.txt"), "マイナンバー 123456789018\n");
  ScanOptions options;
  options.roots = {t.Sub("share")};
  options.db_path = t.Sub("scan.db");
  options.secret_path = t.Sub("secret");
  options.cache_dir = t.Sub("cache");
  options.jsonl_path = t.Sub("one.jsonl");
  ScanSummary summary;
  REQUIRE(RunScan(options, &summary).ok());
  options.jsonl_path = t.Sub("two.jsonl");
  options.threads = 1;
  REQUIRE(RunScan(options, &summary).ok());
  CHECK(testing::ReadFile(t.Sub("one.jsonl")) == testing::ReadFile(t.Sub("two.jsonl")));

  const std::string& db = options.db_path;
  CHECK(testing::QueryInt(db, "SELECT count(*) FROM scans") == 2);
  // Two distinct people over both files and both scans: hashes are keyed
  // per installation, not per file, so responders can count people.
  CHECK(testing::QueryInt(db, "SELECT count(DISTINCT value_hash) FROM finding_values") == 2);
}

TEST_CASE("The mamori binary exits 1 on violations, 0 when clean, 2 on failure", "[e2e][cli]") {
  TempDir t;
  PlantShare(t);
  WriteFile(t.Sub("clean/readme.txt"), "job 000111111111 done\n注文番号 621498320257\n");
  const std::string bin = testing::MamoriBinary();
  const std::string secret = t.Sub("secret");
  ::setenv("MAMORI_CACHE_DIR", t.Sub("cache").c_str(), 1);  // not the user's cache

  auto found = RunCommand(
      {bin, "scan", t.Sub("share"), "--db", t.Sub("a.db"), "--jsonl", "-", "--secret", secret});
  CHECK(found.exit_code == 1);
  auto lines = ParseLines(found.out);
  CHECK(lines.size() == 3);  // meibo, notice, vanish (not vanished here: found)
  CheckNoFullIdentifier(found.out, "standard output");
  CheckNoFullIdentifier(found.err, "standard error");
  CHECK(found.err.find("files scanned") != std::string::npos);

  auto clean = RunCommand({bin, "scan", t.Sub("clean"), "--db", t.Sub("b.db"), "--jsonl", "-",
                           "--secret", secret, "--quiet"});
  CHECK(clean.exit_code == 0);
  CHECK(clean.out.empty());
  CHECK(clean.err.empty());

  // Lowering the threshold reports the unlabelled checksum-valid number,
  // still masked; the one labelled as an order number stays out.
  auto low = RunCommand({bin, "scan", t.Sub("clean"), "--db", t.Sub("b.db"), "--jsonl", "-",
                         "--secret", secret, "--min-confidence", "low", "-q"});
  CHECK(low.exit_code == 1);
  CHECK(low.out.find("\"confidence\":\"low\"") != std::string::npos);
  CHECK(low.out.find("********1111") != std::string::npos);
  CHECK(low.out.find("0257") == std::string::npos);
  CheckNoFullIdentifier(low.out, "standard output");

  auto missing = RunCommand(
      {bin, "scan", t.Sub("no-such-dir"), "--db", t.Sub("c.db"), "--secret", secret, "-q"});
  CHECK(missing.exit_code == 2);

  auto bad_db = RunCommand(
      {bin, "scan", t.Sub("clean"), "--db", t.Sub("no/such/dir/x.db"), "--secret", secret, "-q"});
  CHECK(bad_db.exit_code == 2);
  CHECK(bad_db.err.find("scan failed") != std::string::npos);

  auto usage = RunCommand({bin, "scan"});
  CHECK(usage.exit_code == 2);
}

TEST_CASE("Unreadable files and directories are recorded and the scan goes on", "[e2e][cli]") {
  TempDir t;
  // Root reads everything, so the scan runs as an unprivileged user then.
  const int uid = ::geteuid() == 0 ? 65534 : -1;
  ::chmod(t.path().c_str(), 0755);
  WriteFile(t.Sub("share/open.txt"), "個人番号 123456789018\n");
  WriteFile(t.Sub("share/closed.txt"), "個人番号 621498320257\n");
  WriteFile(t.Sub("share/locked/inner.txt"), "個人番号 983205673214\n");
  ::chmod(t.Sub("share").c_str(), 0755);
  ::chmod(t.Sub("share/open.txt").c_str(), 0644);
  ::chmod(t.Sub("share/closed.txt").c_str(), 0000);
  ::chmod(t.Sub("share/locked").c_str(), 0000);
  ::mkdir(t.Sub("out").c_str(), 0777);
  ::chmod(t.Sub("out").c_str(), 0777);

  auto r = RunCommand(
      {testing::MamoriBinary(), "scan", t.Sub("share"), "--db", t.Sub("out/x.db"), "--jsonl", "-",
       "--secret", t.Sub("out/secret"), "--cache-dir", t.Sub("out/cache"), "-q"},
      uid);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  auto by_path = ByPath(ParseLines(r.out), t.Sub("share/"));
  REQUIRE(by_path.count("closed.txt") == 1);
  CHECK(by_path["closed.txt"]["errors"][0]["reason"] == "permission-denied");
  CHECK(by_path["closed.txt"]["incomplete"] == true);
  REQUIRE(by_path.count("locked") == 1);
  CHECK(by_path["locked"]["format"] == "directory");
  CHECK(by_path["locked"]["errors"][0]["reason"] == "permission-denied");
  REQUIRE(by_path.count("open.txt") == 1);
  CHECK(by_path["open.txt"]["findings"][0]["count"] == 1);
}

}  // namespace mamori
