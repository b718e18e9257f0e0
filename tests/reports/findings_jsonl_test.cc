#include "mamori/findings_jsonl.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_util.h"

namespace mamori {
namespace {

using nlohmann::ordered_json;

std::vector<std::string> Keys(const ordered_json& j) {
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  return keys;
}

FileReport ZipReport() {
  FileReport r;
  r.file.path = "/srv/share/jinji/meibo.zip";
  r.file.size = 18234;
  r.file.mtime_ns = 1432804364'000000000;  // 2015-05-28T09:12:44Z
  r.format = "zip";
  Finding in_member;
  in_member.type = "my_number";
  in_member.member = "名簿/meibo.csv";
  in_member.count = 61;
  in_member.distinct = 60;
  in_member.confidence = Confidence::kHigh;
  in_member.masked = {"********9018", "********2257"};
  in_member.hashes.push_back(KeyedHash{});
  Finding in_file;
  in_file.type = "corporate_number";
  in_file.count = 1;
  in_file.distinct = 1;
  in_file.confidence = Confidence::kMedium;
  in_file.masked = {"*********0003"};
  r.findings = {in_member, in_file};
  r.violations = {
      {"personal-data-unencrypted", "high", "60 My Numbers in a file without a password"}};
  return r;
}

TEST_CASE("a line has the spec's fields in the spec's order", "[findings_jsonl]") {
  const std::string line = FindingsJsonLine(ZipReport());
  CHECK(line.find('\n') == std::string::npos);
  const auto j = ordered_json::parse(line);
  CHECK(Keys(j) == std::vector<std::string>{"path", "size", "mtime", "format", "protection",
                                            "findings", "violations", "errors", "incomplete"});
  CHECK(j["path"] == "/srv/share/jinji/meibo.zip");
  CHECK(j["size"].is_number_unsigned());
  CHECK(j["size"] == 18234);
  CHECK(j["mtime"] == "2015-05-28T09:12:44Z");
  CHECK(j["format"] == "zip");

  CHECK(Keys(j["protection"]) == std::vector<std::string>{"encrypted", "scheme"});
  CHECK(j["protection"]["encrypted"] == false);
  CHECK(j["protection"]["scheme"].is_null());

  REQUIRE(j["findings"].size() == 2);
  const auto& member = j["findings"][0];
  CHECK(Keys(member) ==
        std::vector<std::string>{"type", "member", "count", "distinct", "confidence", "masked"});
  CHECK(member["type"] == "my_number");
  CHECK(member["member"] == "名簿/meibo.csv");
  CHECK(member["count"] == 61);
  CHECK(member["distinct"] == 60);
  CHECK(member["confidence"] == "high");
  CHECK(member["masked"] == ordered_json::array({"********9018", "********2257"}));
  const auto& file_itself = j["findings"][1];
  CHECK_FALSE(file_itself.contains("member"));
  CHECK(Keys(file_itself) ==
        std::vector<std::string>{"type", "count", "distinct", "confidence", "masked"});
  CHECK(file_itself["confidence"] == "medium");

  REQUIRE(j["violations"].size() == 1);
  CHECK(Keys(j["violations"][0]) == std::vector<std::string>{"rule", "severity", "message"});
  CHECK(j["violations"][0]["rule"] == "personal-data-unencrypted");
  CHECK(j["errors"].is_array());
  CHECK(j["errors"].empty());
  CHECK(j["incomplete"] == false);
  // Keyed hashes belong in the database, not the stream.
  CHECK(line.find("hash") == std::string::npos);
}

TEST_CASE("encryption, errors and incompleteness are reported", "[findings_jsonl]") {
  FileReport r;
  r.file.path = "/srv/share/secret.docx";
  r.format = "ooxml";
  r.protection.encrypted = true;
  r.protection.scheme = "ooxml-agile";
  r.errors = {{"", "permission-denied", "cannot open"},
              {"inner.zip/2014/shain.xlsx", "decompression-limit", "over the limit"}};
  r.incomplete = true;
  const auto j = ordered_json::parse(FindingsJsonLine(r));
  CHECK(j["protection"]["encrypted"] == true);
  CHECK(j["protection"]["scheme"] == "ooxml-agile");
  CHECK(j["findings"].empty());
  REQUIRE(j["errors"].size() == 2);
  CHECK(Keys(j["errors"][0]) == std::vector<std::string>{"reason", "message"});
  CHECK(j["errors"][0]["reason"] == "permission-denied");
  CHECK(Keys(j["errors"][1]) == std::vector<std::string>{"member", "reason", "message"});
  CHECK(j["errors"][1]["member"] == "inner.zip/2014/shain.xlsx");
  CHECK(j["incomplete"] == true);
}

TEST_CASE("names that are not UTF-8 still give a valid line", "[findings_jsonl]") {
  FileReport r = ZipReport();
  r.file.path = "/srv/\x96\xbc\x95\xeb.zip";  // 名簿 in CP932
  r.findings[0].member = "bad\xff.csv";
  r.errors = {{"\x96\xbc", "corrupt", "message \xfe"}};
  const std::string line = FindingsJsonLine(r);
  const auto j = ordered_json::parse(line);
  CHECK(j["path"] == "/srv/名簿.zip");
  CHECK(j["findings"][0]["member"] == "bad\\xff.csv");
  CHECK(j["errors"][0]["member"] == "名");  // CP932, as for paths
  CHECK(j["errors"][0]["message"] == "message \\xfe");
}

TEST_CASE("timestamps are UTC with whole seconds", "[findings_jsonl]") {
  CHECK(FormatUtcTimestamp(0) == "1970-01-01T00:00:00Z");
  CHECK(FormatUtcTimestamp(1432804364'999999999) == "2015-05-28T09:12:44Z");
  CHECK(FormatUtcTimestamp(-1) == "1969-12-31T23:59:59Z");
  CHECK(FormatUtcTimestamp(-1'000'000'000) == "1969-12-31T23:59:59Z");
  CHECK(FormatUtcTimestamp(-1'000'000'001) == "1969-12-31T23:59:58Z");
  CHECK(FormatUtcTimestamp(-315619200'000000000) == "1960-01-01T00:00:00Z");
}

TEST_CASE("the writer prints noteworthy reports only, one per line", "[findings_jsonl]") {
  testing::TempDir dir;
  const std::string out = dir.Sub("findings.jsonl");
  FindingsJsonlWriter writer;
  REQUIRE(FindingsJsonlWriter::Open(out, &writer).ok());

  FileReport quiet;
  quiet.file.path = "/srv/share/readme.txt";
  quiet.format = "text";
  quiet.opened = true;
  REQUIRE_FALSE(quiet.Noteworthy());
  REQUIRE(writer.Write(quiet).ok());
  // Flushed per line, so a reader tailing the file sees each line at once.
  CHECK(testing::ReadFile(out).empty());

  REQUIRE(writer.Write(ZipReport()).ok());
  const std::string after_one = testing::ReadFile(out);
  CHECK(after_one == FindingsJsonLine(ZipReport()) + "\n");

  REQUIRE(writer.Write(ZipReport()).ok());
  CHECK(writer.Close().ok());
  CHECK(writer.Close().ok());  // idempotent
  CHECK(testing::ReadFile(out) == after_one + after_one);
  CHECK_FALSE(writer.Write(ZipReport()).ok());
}

TEST_CASE("the findings file is readable by its owner only", "[findings_jsonl]") {
  testing::TempDir dir;
  const std::string out = dir.Sub("findings.jsonl");
  {
    FindingsJsonlWriter writer;
    REQUIRE(FindingsJsonlWriter::Open(out, &writer).ok());
  }
  struct stat st;
  REQUIRE(::stat(out.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  // A file left over with a looser mode is tightened, and truncated.
  testing::WriteFile(out, "old\n");
  REQUIRE(::chmod(out.c_str(), 0644) == 0);
  {
    FindingsJsonlWriter writer;
    REQUIRE(FindingsJsonlWriter::Open(out, &writer).ok());
  }
  REQUIRE(::stat(out.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(testing::ReadFile(out).empty());
}

TEST_CASE("an unwritable destination is an output-write-failed error", "[findings_jsonl]") {
  testing::TempDir dir;
  FindingsJsonlWriter writer;
  const Status s = FindingsJsonlWriter::Open(dir.Sub("missing/findings.jsonl"), &writer);
  CHECK(s.reason() == "output-write-failed");
  CHECK_FALSE(writer.Write(ZipReport()).ok());

  // /dev/full accepts the open and refuses every write; the error must show
  // at the line that failed, not at Close.
  REQUIRE(FindingsJsonlWriter::Open("/dev/full", &writer).ok());
  CHECK(writer.Write(ZipReport()).reason() == "output-write-failed");
}

}  // namespace
}  // namespace mamori
