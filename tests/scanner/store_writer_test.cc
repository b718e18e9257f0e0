// Tests of the store's writer thread: its queue bounded by the rows queued,
// its batches, and the connection settings it borrows while it runs.
#include "scanner/store_writer.h"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "mamori/store.h"
#include "store_testing.h"
#include "test_util.h"

namespace mamori {
namespace {

using store_internal::StoreWriter;
using testing::PlainReport;
using testing::Record;
using testing::TempDir;

// A distinct hash for every (a, b, c).
KeyedHash HashOf(std::uint32_t a, std::uint32_t b, std::uint32_t c) {
  KeyedHash h{};
  for (int i = 0; i < 4; ++i) {
    h[i] = static_cast<std::uint8_t>(a >> (8 * i));
    h[4 + i] = static_cast<std::uint8_t>(b >> (8 * i));
    h[8 + i] = static_cast<std::uint8_t>(c >> (8 * i));
  }
  return h;
}

// A report of `values` distinct My Numbers, hashed from (a, b, i).
FileReport DenseReport(const std::string& path, std::uint32_t a, std::uint32_t b,
                       std::size_t values) {
  FileReport r = PlainReport(path);
  Finding f;
  f.type = "my_number";
  f.count = values;
  f.distinct = values;
  f.confidence = Confidence::kHigh;
  f.masked = {"********0000"};
  for (std::size_t i = 0; i < values; ++i) {
    f.hashes.push_back(HashOf(a, b, static_cast<std::uint32_t>(i)));
  }
  r.findings.push_back(std::move(f));
  return r;
}

std::int64_t QueryInt(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  std::int64_t value = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    value = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  return value;
}

TEST_CASE("StoreWriter::Cost is one row and the keyed hashes a report stores", "[store]") {
  FileReport r = DenseReport("/srv/a.csv", 1, 1, 10);
  CHECK(StoreWriter::Cost(PlainReport("/srv/b.csv")) == 1);
  CHECK(StoreWriter::Cost(r) == 11);
  // A reused finding points at hashes stored before: nothing to insert.
  Finding reused = r.findings[0];
  reused.value_set = 42;
  r.findings.push_back(reused);
  CHECK(StoreWriter::Cost(r) == 11);
}

TEST_CASE("Store writes reports far heavier than its queue from several threads", "[store]") {
  TempDir dir;
  const std::string db = dir.Sub("mamori.db");
  // Each report alone is more than the queue takes, so Put must both wait
  // for the writer and let a report into an empty queue; together they are
  // many batches and checkpoints.
  const std::size_t kValues = StoreWriter::kQueueCost + 1000;
  const int kThreads = 3, kEach = 4;
  {
    std::unique_ptr<Store> store;
    REQUIRE(Store::Open(db, &store).ok());
    REQUIRE(store->BeginScan(Record()).ok());
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&store, t, kValues] {
        for (int i = 0; i < kEach; ++i) {
          const std::string name = "/srv/t" + std::to_string(t) + "/f" + std::to_string(i);
          store->Put(DenseReport(name + ".csv", t, i, kValues));
          for (int k = 0; k < 50; ++k) store->Put(PlainReport(name + "-" + std::to_string(k)));
        }
      });
    }
    for (auto& th : threads) th.join();
    ScanTotals totals;
    totals.status = "finished";
    REQUIRE(store->FinishScan(totals).ok());
  }
  // The last connection checkpointed the log into the database and removed it.
  CHECK(::access((db + "-wal").c_str(), F_OK) != 0);
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  CHECK(QueryInt(raw, "SELECT count(*) FROM files") == kThreads * kEach * 51);
  CHECK(QueryInt(raw, "SELECT count(*) FROM findings") == kThreads * kEach);
  CHECK(QueryInt(raw, "SELECT count(*) FROM finding_values") ==
        static_cast<std::int64_t>(kThreads * kEach * kValues));
  CHECK(QueryInt(raw, "SELECT count(*) FROM findings WHERE value_set = id") == kThreads * kEach);
  CHECK(QueryInt(raw,
                 "SELECT count(*) FROM finding_values v LEFT JOIN findings f"
                 " ON f.id = v.finding_id WHERE f.id IS NULL") == 0);
  CHECK(QueryInt(raw, "SELECT count(*) FROM scans WHERE status = 'finished'") == 1);
  // Written with foreign keys off: every reference must hold all the same.
  CHECK(QueryInt(raw, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
  sqlite3_close_v2(raw);
}

// Each row of finding_value_blocks of finding `id`, in the order written.
std::vector<std::string> BlocksOf(sqlite3* db, std::int64_t id) {
  sqlite3_stmt* stmt = nullptr;
  std::vector<std::string> blocks;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT hashes FROM finding_value_blocks WHERE finding_id = ?1"
                             " ORDER BY rowid",
                             -1, &stmt, nullptr) == SQLITE_OK);
  sqlite3_bind_int64(stmt, 1, id);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    blocks.emplace_back(static_cast<const char*>(sqlite3_column_blob(stmt, 0)),
                        static_cast<std::size_t>(sqlite3_column_bytes(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  return blocks;
}

TEST_CASE("StoreWriter stores a finding's keyed hashes once each, in order, in full blocks",
          "[store]") {
  TempDir dir;
  const std::string path = dir.Sub("mamori.db");
  constexpr std::size_t kBlock = StoreWriter::kHashesPerBlock;
  constexpr std::size_t kHash = sizeof(KeyedHash);
  const std::size_t sizes[] = {0, 1, kBlock - 1, kBlock, kBlock + 1, 2 * kBlock + 30};
  {
    std::unique_ptr<Store> store;
    REQUIRE(Store::Open(path, &store).ok());
    REQUIRE(store->BeginScan(Record()).ok());
    for (std::size_t n : sizes) {
      // Out of order (HashOf's counter is little-endian), and with repeats.
      FileReport r = DenseReport("/srv/f" + std::to_string(n), 7, 0, n);
      std::vector<KeyedHash>& h = r.findings[0].hashes;
      for (std::size_t i = 0; i < n; i += 7) h.push_back(h[i]);
      store->Put(std::move(r));
    }
    REQUIRE(store->FinishScan(ScanTotals()).ok());
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  for (std::size_t n : sizes) {
    INFO(n << " hashes");
    const std::int64_t id = QueryInt(db,
                                     "SELECT d.id FROM findings d JOIN files f ON f.id = d.file_id"
                                     " WHERE f.path = CAST('/srv/f" +
                                         std::to_string(n) + "' AS BLOB)");
    REQUIRE(id > 0);
    const std::vector<std::string> blocks = BlocksOf(db, id);
    CHECK(blocks.size() == (n + kBlock - 1) / kBlock);
    std::string all;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      // Full blocks but the last.
      CHECK(blocks[b].size() == kHash * (b + 1 < blocks.size() ? kBlock : n - b * kBlock));
      all += blocks[b];
    }
    std::vector<std::string> hashes;
    for (std::size_t at = 0; at + kHash <= all.size(); at += kHash) {
      hashes.push_back(all.substr(at, kHash));
    }
    CHECK(hashes.size() == n);
    CHECK(std::adjacent_find(hashes.begin(), hashes.end(), std::greater_equal<>()) == hashes.end());
    // The view gives one row per hash.
    CHECK(QueryInt(db, "SELECT count(DISTINCT value_hash) FROM finding_values WHERE finding_id = " +
                           std::to_string(id)) == static_cast<std::int64_t>(n));
  }
  sqlite3_close_v2(db);
}

TEST_CASE("The schema refuses a block that is not whole hashes or holds too many", "[store]") {
  TempDir dir;
  const std::string path = dir.Sub("mamori.db");
  {
    std::unique_ptr<Store> store;
    REQUIRE(Store::Open(path, &store).ok());
    REQUIRE(store->BeginScan(Record()).ok());
    store->Put(DenseReport("/srv/a.csv", 1, 1, 1));
    REQUIRE(store->FinishScan(ScanTotals()).ok());
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  const std::int64_t id = QueryInt(db, "SELECT id FROM findings");
  auto insert = [&](const std::string& blob) {
    return sqlite3_exec(db,
                        ("INSERT INTO finding_value_blocks VALUES (" + std::to_string(id) + ", " +
                         blob + ")")
                            .c_str(),
                        nullptr, nullptr, nullptr) == SQLITE_OK;
  };
  constexpr std::size_t kHash = sizeof(KeyedHash);
  auto zeros = [](std::size_t n) { return "zeroblob(" + std::to_string(n) + ")"; };
  CHECK(insert(zeros(kHash)));
  CHECK(insert(zeros(2 * kHash)));
  CHECK(insert(zeros(kHash * StoreWriter::kHashesPerBlock)));
  CHECK_FALSE(insert(zeros(0)));
  CHECK_FALSE(insert(zeros(kHash + 1)));
  CHECK_FALSE(insert(zeros(2 * kHash - 1)));
  CHECK_FALSE(insert(zeros(kHash * (StoreWriter::kHashesPerBlock + 1))));
  CHECK_FALSE(insert("'" + std::string(kHash, 'a') + "'"));  // text, not a blob
  sqlite3_close_v2(db);
}

TEST_CASE("StoreWriter gives back foreign keys and automatic checkpoints", "[store]") {
  TempDir dir;
  const std::string path = dir.Sub("mamori.db");
  {
    std::unique_ptr<Store> store;
    REQUIRE(Store::Open(path, &store).ok());
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db,
                       "PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 1000;"
                       "INSERT INTO scans (started_at, roots, status, mamori_version, rules_hash)"
                       " VALUES ('2015-05-28T09:12:44Z', '[]', 'running', 'test', 'abc')",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  const std::int64_t scan_id = sqlite3_last_insert_rowid(db);
  {
    std::unique_ptr<StoreWriter> writer;
    REQUIRE(StoreWriter::Start(db, scan_id, &writer).ok());
    for (int i = 0; i < 3; ++i) {
      writer->Put(DenseReport("/srv/f" + std::to_string(i), i, 0, StoreWriter::kQueueCost));
    }
    REQUIRE(writer->Finish().ok());
  }
  CHECK(QueryInt(db, "PRAGMA foreign_keys") == 1);
  CHECK(QueryInt(db, "PRAGMA wal_autocheckpoint") == StoreWriter::kAutoCheckpointPages);
  CHECK(QueryInt(db, "SELECT count(*) FROM finding_values") ==
        static_cast<std::int64_t>(3 * StoreWriter::kQueueCost));
  // Enforced again: a value of no finding is refused.
  CHECK(sqlite3_exec(db, "INSERT INTO finding_value_blocks VALUES (999999, zeroblob(16))", nullptr,
                     nullptr, nullptr) != SQLITE_OK);
  sqlite3_close_v2(db);
}

}  // namespace
}  // namespace mamori
