// Detection quality on the labelled corpus that tests/corpus/generate_corpus.py
// writes: per-type recall and precision over distinct values per file, and
// file-level flagging for health-insurance identifiers. Prints the table and
// fails below 0.99.
#include <sqlite3.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "mamori/keyed_hash.h"
#include "mamori/scan.h"
#include "test_util.h"

namespace mamori {

using nlohmann::json;
using testing::TempDir;

namespace {

struct Score {
  std::uint64_t expected = 0, tp = 0, fp = 0, fn = 0;
  double Recall() const { return expected ? static_cast<double>(tp) / (tp + fn) : 1.0; }
  double Precision() const { return tp + fp ? static_cast<double>(tp) / (tp + fp) : 1.0; }
};

using HashSet = std::set<KeyedHash>;

// type -> hashes, per file path relative to the corpus root.
std::map<std::string, std::map<std::string, HashSet>> FoundByFile(const std::string& db_path,
                                                                  const std::string& root) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT f.path, fi.type, fv.value_hash FROM files f "
                             "JOIN findings fi ON fi.file_id = f.id "
                             "JOIN finding_values fv ON fv.finding_id = fi.value_set",
                             -1, &st, nullptr) == SQLITE_OK);
  std::map<std::string, std::map<std::string, HashSet>> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::string path(static_cast<const char*>(sqlite3_column_blob(st, 0)),
                     static_cast<size_t>(sqlite3_column_bytes(st, 0)));
    std::string type(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
    KeyedHash h{};
    REQUIRE(sqlite3_column_bytes(st, 2) == static_cast<int>(h.size()));
    std::memcpy(h.data(), sqlite3_column_blob(st, 2), h.size());
    out[path.substr(root.size() + 1)][type].insert(h);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_CASE("Detection quality on the labelled corpus is at least 0.99", "[e2e][quality]") {
  TempDir t;
  const std::string corpus = t.Sub("corpus");
  auto gen = testing::RunCommand(
      {"/usr/bin/python3", std::string(MAMORI_SOURCE_DIR) + "/tests/corpus/generate_corpus.py",
       corpus});
  INFO(gen.err);
  REQUIRE(gen.exit_code == 0);
  json labels = json::parse(testing::ReadFile(corpus + "/labels.json"));

  ScanOptions options;
  options.roots = {corpus};
  options.db_path = t.Sub("quality.db");
  options.secret_path = t.Sub("secret");
  options.cache_dir = t.Sub("cache");
  ScanSummary summary;
  REQUIRE(RunScan(options, &summary).ok());
  HashKey key;
  REQUIRE(HashKey::LoadOrCreate(options.secret_path, &key).ok());
  auto found = FoundByFile(options.db_path, corpus);

  const std::vector<std::string> types = {"my_number", "basic_pension_number", "corporate_number"};
  std::map<std::string, Score> scores;
  std::map<std::string, Score> by_encoding;  // My Number and pension together
  Score health;
  std::vector<std::string> misses;
  for (const json& file : labels.at("files")) {
    const std::string path = file.at("path");
    const std::string encoding = file.at("encoding");
    auto& got = found[path];
    for (const std::string& type : types) {
      HashSet expected;
      for (const json& v : file.at("expect").at(type))
        expected.insert(key.Hash(type, v.get<std::string>()));
      const HashSet& actual = got[type];
      Score s;
      s.expected = expected.size();
      for (const auto& h : actual) (expected.count(h) ? s.tp : s.fp)++;
      for (const auto& h : expected) s.fn += actual.count(h) ? 0 : 1;
      Score& total = scores[type];
      total.expected += s.expected;
      total.tp += s.tp;
      total.fp += s.fp;
      total.fn += s.fn;
      if (type != "corporate_number") {
        Score& e = by_encoding[encoding];
        e.expected += s.expected;
        e.tp += s.tp;
        e.fp += s.fp;
        e.fn += s.fn;
      }
      if ((s.fp || s.fn) && misses.size() < 40) {
        misses.push_back(path + " [" + encoding + "] " + type + ": " + std::to_string(s.fp) +
                         " false, " + std::to_string(s.fn) + " missed; traps " +
                         file.value("traps", json::array()).dump());
      }
    }
    bool flagged = false;
    for (const auto& [type, hashes] : got)
      flagged |= type.rfind("health_", 0) == 0 && !hashes.empty();
    const bool holds = file.at("expect").at("health").get<bool>();
    if (holds) ++health.expected;
    if (holds && flagged) ++health.tp;
    if (!holds && flagged) ++health.fp;
    if (holds && !flagged) ++health.fn;
    if (holds != flagged && misses.size() < 40) {
      misses.push_back(path + " [" + encoding +
                       "] health: " + (flagged ? "flagged wrongly" : "missed"));
    }
  }

  std::printf("\nDetection quality: %zu files, %llu entries scanned\n", labels.at("files").size(),
              static_cast<unsigned long long>(summary.entries));
  std::printf("%-24s %9s %8s %8s %8s %8s %10s\n", "type", "expected", "tp", "fp", "fn", "recall",
              "precision");
  auto row = [](const std::string& name, const Score& s) {
    std::printf("%-24s %9llu %8llu %8llu %8llu %8.4f %10.4f\n", name.c_str(),
                static_cast<unsigned long long>(s.expected), static_cast<unsigned long long>(s.tp),
                static_cast<unsigned long long>(s.fp), static_cast<unsigned long long>(s.fn),
                s.Recall(), s.Precision());
  };
  for (const auto& type : types) row(type, scores[type]);
  row("health (files)", health);
  std::printf("by encoding (My Number and pension):\n");
  for (const auto& [enc, s] : by_encoding) row("  " + enc, s);
  for (const auto& m : misses) std::printf("  miss: %s\n", m.c_str());

  for (const std::string type : {"my_number", "basic_pension_number"}) {
    INFO(type);
    CHECK(scores[type].expected >= 1000);
    CHECK(scores[type].Recall() >= 0.99);
    CHECK(scores[type].Precision() >= 0.99);
  }
  CHECK(health.expected > 0);
  CHECK(health.fn == 0);
  CHECK(health.fp == 0);
}

}  // namespace mamori
