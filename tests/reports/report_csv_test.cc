// The CSV report read back with an RFC 4180 parser, as Excel would.
#include <stdlib.h>
#include <time.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "mamori/report_writers.h"

namespace mamori {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// RFC 4180, strictly: records end with CRLF, fields are quoted when they
// hold a comma, quote or line break, quotes inside are doubled. Fails the
// test on anything else (a bare LF, a quote inside an unquoted field).
Rows ParseCsv(const std::string& text) {
  Rows rows;
  std::vector<std::string> row;
  std::string field;
  std::size_t i = 0;
  bool quoted_field = false;
  while (i < text.size()) {
    const char c = text[i];
    if (quoted_field) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          i += 2;
          continue;
        }
        quoted_field = false;
        ++i;
        REQUIRE((i == text.size() || text[i] == ',' || text[i] == '\r'));
        continue;
      }
      field.push_back(c);
      ++i;
      continue;
    }
    if (c == '"') {
      REQUIRE(field.empty());
      quoted_field = true;
      ++i;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      ++i;
    } else if (c == '\r') {
      REQUIRE(i + 1 < text.size());
      REQUIRE(text[i + 1] == '\n');
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      i += 2;
    } else {
      REQUIRE(c != '\n');  // a bare LF outside quotes
      field.push_back(c);
      ++i;
    }
  }
  REQUIRE_FALSE(quoted_field);
  REQUIRE(field.empty());  // the last record ends with CRLF
  REQUIRE(row.empty());
  return rows;
}

ReportFile File(const std::string& path) {
  ReportFile f;
  f.path = path;
  f.size = 2048;
  f.mtime_ns = 1432804364'000000000;  // 2015-05-28T09:12:44Z
  f.has_owner = true;
  f.owner = "tanaka";
  f.mode = 0644;
  f.world_readable = true;
  f.violations.push_back({"personal-data-unencrypted", "high", "2 My Numbers"});
  return f;
}

ReportModel Model() {
  ReportModel m;
  m.scan.id = 7;
  ReportFile a = File("/srv/share/人事/名簿, \"最新\".csv");
  a.findings.push_back({"my_number", "", 3, 2, "high", {"********9018", "********2257"}});
  a.findings.push_back({"basic_pension_number", "", 1, 1, "medium", {"******1234"}});
  a.distinct_by_type = {{"my_number", 2}, {"basic_pension_number", 1}};
  m.files.push_back(a);
  ReportFile zip = File("/srv/share/=HYPERLINK(\"http://x\")\n.zip");
  zip.findings.push_back({"my_number", "in/a.csv", 2, 2, "medium", {"********1111"}});
  zip.findings.push_back({"my_number", "in/b.csv", 2, 2, "high", {"********2222"}});
  zip.distinct_by_type = {{"my_number", 3}};
  zip.protected_members.push_back({"in/c.xlsx", "ooxml-agile", true});
  zip.mode = 0600;
  zip.world_readable = false;
  m.files.push_back(zip);
  ReportFile ppap = File("-cmd.zip");
  ppap.violations = {{"ppap", "medium", "password beside it"}};
  ppap.encrypted = true;
  ppap.scheme = "zipcrypto";
  ppap.has_owner = false;
  m.files.push_back(ppap);
  ReportFile exempt = File("@sum.csv");
  exempt.violations = {{"personal-data-unencrypted", "exempt", "covered"}};
  exempt.findings.push_back({"my_number", "", 1, 1, "high", {"********3333"}});
  m.files.push_back(exempt);
  ReportFile tab = File("\tx.csv");
  m.files.push_back(tab);
  return m;
}

// Runs `fn` with TZ set, restoring it afterwards.
template <typename Fn>
void WithTz(const char* tz, Fn fn) {
  const char* old = ::getenv("TZ");
  const std::string saved = old ? old : "";
  ::setenv("TZ", tz, 1);
  ::tzset();
  fn();
  if (old) {
    ::setenv("TZ", saved.c_str(), 1);
  } else {
    ::unsetenv("TZ");
  }
  ::tzset();
}

}  // namespace

TEST_CASE("CSV report: BOM, CRLF, quoting, one row per file and type", "[report][reportdata]") {
  std::string csv;
  WithTz("JST-9", [&] { csv = RenderCsvReport(Model(), "en"); });
  REQUIRE(csv.compare(0, 3, "\xEF\xBB\xBF") == 0);
  Rows rows = ParseCsv(csv.substr(3));
  REQUIRE(rows.size() == 1 + 2 + 1 + 1 + 1 + 1);
  for (const auto& r : rows) CHECK(r.size() == 16);
  CHECK(rows[0] == std::vector<std::string>{"scan", "path", "members", "identifier type", "count",
                                            "distinct", "confidence", "masked examples", "rules",
                                            "severity", "protection", "owner", "permissions",
                                            "world readable", "size", "modified"});
  // Types in name order; the path with a comma and quotes comes back whole.
  CHECK(rows[1] == std::vector<std::string>{
                       "7", "/srv/share/人事/名簿, \"最新\".csv", "", "basic_pension_number", "1",
                       "1", "medium", "******1234", "personal-data-unencrypted", "high", "none",
                       "tanaka", "0644", "yes", "2048", "2015-05-28 18:12:44"});
  CHECK(rows[2][3] == "my_number");
  CHECK(rows[2][4] == "3");
  CHECK(rows[2][7] == "********9018 ********2257");
  // Two members of one type: one row, counts added, distinct people from the
  // hashes (3, not 2 + 2), the highest confidence.
  const auto& zip = rows[3];
  CHECK(zip[1] == "/srv/share/=HYPERLINK(\"http://x\")\n.zip");
  CHECK(zip[2] == "in/a.csv; in/b.csv");
  CHECK(zip[4] == "4");
  CHECK(zip[5] == "3");
  CHECK(zip[6] == "high");
  CHECK(zip[10] == "in/c.xlsx: ooxml-agile");
  CHECK(zip[12] == "0600");
  CHECK(zip[13] == "no");
  // A violation without findings: one row with no type; unknown owner empty.
  CHECK(rows[4][3].empty());
  CHECK(rows[4][8] == "ppap");
  CHECK(rows[4][10] == "zipcrypto");
  CHECK(rows[4][11].empty());
  CHECK(rows[4][12].empty());
  CHECK(rows[5][8] == "personal-data-unencrypted (exempt)");
  CHECK(rows[5][9] == "exempt");
}

TEST_CASE("CSV report: cells Excel would run as formulas stay text", "[report][reportdata]") {
  Rows rows = ParseCsv(RenderCsvReport(Model(), "en").substr(3));
  REQUIRE(rows.size() == 7);
  // The path starting with '/' is left alone; those starting = + - @ tab are
  // given a leading apostrophe.
  CHECK(rows[3][1] == "/srv/share/=HYPERLINK(\"http://x\")\n.zip");
  CHECK(rows[4][1] == "'-cmd.zip");
  CHECK(rows[5][1] == "'@sum.csv");
  CHECK(rows[6][1] == "'\tx.csv");
  for (const auto& row : rows) {
    for (const auto& cell : row) {
      if (cell.empty()) continue;
      const char c = cell[0];
      CHECK((c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r'));
    }
  }
  ReportModel m;
  m.files.push_back(File("=1+2"));
  m.files.push_back(File("+1"));
  Rows more = ParseCsv(RenderCsvReport(m, "en").substr(3));
  CHECK(more[1][1] == "'=1+2");
  CHECK(more[2][1] == "'+1");
}

TEST_CASE("CSV report: Japanese header by default", "[report][reportdata]") {
  Rows ja = ParseCsv(RenderCsvReport(Model(), "ja").substr(3));
  CHECK(ja[0][1] == "パス");
  CHECK(ja[0][3] == "識別子の種類");
  CHECK(ja[0].size() == 16);
  Rows en = ParseCsv(RenderCsvReport(Model(), "en").substr(3));
  // Values are the same in both languages: only the header is translated.
  CHECK(Rows(ja.begin() + 1, ja.end()) == Rows(en.begin() + 1, en.end()));
  ReportModel empty;
  CHECK(ParseCsv(RenderCsvReport(empty, "ja").substr(3)).size() == 1);
}

}  // namespace mamori
