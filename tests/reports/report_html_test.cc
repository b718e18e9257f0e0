// The HTML report as text: structure, escaping, counts, safety. The browser's
// view of the same pages is tests/e2e/report_chromium_test.cc.
#include <catch2/catch.hpp>
#include <string>

#include "mamori/path_text.h"
#include "mamori/report_writers.h"
#include "reports/html_escape.h"
#include "reports/report_labels.h"
#include "reports/svg_charts.h"
#include "tests/reports/report_html_sample.h"
#include "tests/test_util.h"

namespace mamori {
namespace {

std::size_t Count(const std::string& haystack, const std::string& needle) {
  return testing::CountOf(haystack, needle);
}

// The text between the first `from` and the next `to` after it.
std::string Between(const std::string& s, const std::string& from, const std::string& to) {
  const std::size_t a = s.find(from);
  if (a == std::string::npos) return "";
  const std::size_t b = s.find(to, a + from.size());
  return b == std::string::npos ? "" : s.substr(a + from.size(), b - a - from.size());
}

TEST_CASE("HtmlEscape makes any text inert and valid UTF-8", "[report][html]") {
  CHECK(HtmlEscape("<script>alert('x')</script>&\"") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
  CHECK(HtmlEscape("人事/名簿.csv") == "人事/名簿.csv");
  // Invalid UTF-8 and control characters become visible replacements.
  CHECK(HtmlEscape(std::string("a\xff"
                               "b",
                               3)) ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(HtmlEscape(std::string("x\0y", 3)) == "x\xE2\x90\x80y");  // U+2400
  CHECK(HtmlEscape("\x1b[31m") == "\xE2\x90\x9B[31m");
  CHECK(HtmlEscape("\xC2\x85") == "\xEF\xBF\xBD");  // C1 NEL
  CHECK(HtmlEscape("tab\tnl\n") == "tab\tnl\n");
  CHECK(HtmlEscape("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");
  CHECK(HtmlEscape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(IsValidUtf8(HtmlEscape(std::string("\x80\xC3\xE3\x81\xF4\x90\x80\x80", 8))));
}

TEST_CASE("MaskDigits masks as the scanner does and leaves masked values alone", "[report][html]") {
  CHECK(MaskDigits("********9018") == "********9018");
  CHECK(MaskDigits("123456789018") == "********9018");
  CHECK(MaskDigits("1234-5678-9018") == "****-****-9018");
  CHECK(MaskDigits("１２３４５６７８９０１８") == "********９０１８");
  CHECK(MaskDigits("1234-567890") == "****-**7890");  // basic pension number
  CHECK(MaskDigits("01130012") == "******12");        // insurer number: two shown
  CHECK(MaskDigits("******12") == "******12");
  CHECK(MaskDigits("1234") == "****");
  CHECK(MaskDigits("") == "");
}

TEST_CASE("report formats are fixed: separators, sizes, JST times, modes", "[report][html]") {
  CHECK(FormatCount(0) == "0");
  CHECK(FormatCount(999) == "999");
  CHECK(FormatCount(1000) == "1,000");
  CHECK(FormatCount(1234567) == "1,234,567");
  CHECK(FormatCount(18446744073709551615ULL) == "18,446,744,073,709,551,615");
  CHECK(FormatBytes(0) == "0 B");
  CHECK(FormatBytes(1023) == "1023 B");
  CHECK(FormatBytes(1536) == "1.5 KB");
  CHECK(FormatBytes(10 * 1024) == "10 KB");
  CHECK(FormatBytes(1024 * 1024 - 1) == "1.0 MB");
  CHECK(FormatBytes(5368709120ULL) == "5.0 GB");
  CHECK(FormatBytes(18446744073709551615ULL) == "16 EB");
  // Stored UTC, shown in JST (UTC+9), across a day, month and year end.
  CHECK(FormatStoredTime("2025-03-31T23:30:00Z") == "2025-04-01 08:30:00 JST");
  CHECK(FormatStoredTime("2024-12-31T15:00:00Z") == "2025-01-01 00:00:00 JST");
  CHECK(FormatStoredTime("2024-02-28T20:00:00Z") == "2024-02-29 05:00:00 JST");
  CHECK(FormatStoredTime("garbage") == "garbage");
  CHECK(FormatStoredTime("2025-13-01T00:00:00Z") == "2025-13-01T00:00:00Z");
  CHECK(FormatStoredDate("2025-03-31T23:30:00Z") == "2025-04-01");
  CHECK(FormatEpochNs(0) == "1970-01-01 09:00");
  CHECK(FormatEpochNs(1700000000LL * 1000000000LL) == "2023-11-15 07:13");
  CHECK(FormatEpochNs(-1) == "1970-01-01 08:59");
  CHECK(FormatMode(0644) == "rw-r--r--");
  CHECK(FormatMode(0750) == "rwxr-x---");
  CHECK(FormatMode(04755) == "rwsr-xr-x");
  CHECK(FormatMode(01777) == "rwxrwxrwt");
}

TEST_CASE("labels are Japanese by default, English on request", "[report][html]") {
  CHECK(TypeLabel(ReportLang::kJa, "my_number") == "個人番号");
  CHECK(TypeLabel(ReportLang::kJa, "basic_pension_number") == "基礎年金番号");
  CHECK(TypeLabel(ReportLang::kJa, "health_insured_number") == "被保険者証記号番号");
  CHECK(TypeLabel(ReportLang::kEn, "my_number") == "My Number");
  CHECK(TypeLabel(ReportLang::kEn, "something_new") == "something_new");
  CHECK(SeverityLabel(ReportLang::kJa, "high") == "高");
  CHECK(SeverityLabel(ReportLang::kEn, "exempt") == "Exempt");
  CHECK(ReasonLabel(ReportLang::kJa, "encrypted-member") == "暗号化されていて読めない");
  CHECK(ReasonLabel(ReportLang::kJa, "new-reason") == "new-reason");
  CHECK(ParseReportLang("en") == ReportLang::kEn);
  CHECK(ParseReportLang("") == ReportLang::kJa);
  CHECK(ParseReportLang("fr") == ReportLang::kJa);
}

TEST_CASE("TruncateColumns counts wide characters twice and never splits one", "[report][html]") {
  CHECK(TruncateColumns("abc", 3) == "abc");
  CHECK(TruncateColumns("abcdef", 4) == "abc…");
  CHECK(TruncateColumns("人事部総務課", 6) == "人事…");
  CHECK(TruncateColumns("人事部総務課", 12) == "人事部総務課");
  CHECK(IsValidUtf8(TruncateColumns("人事部総務課", 5)));
}

TEST_CASE("charts are SVG with escaped labels and bars in proportion", "[report][html]") {
  const std::string svg = SvgBarChart(
      {{"/a/<b>", 10, "(3 people)", "#c62828"}, {"/b", 5, "", "javascript:x"}}, "t", "none");
  CHECK(svg.rfind("<svg", 0) == 0);
  CHECK(svg.find("&lt;b&gt;") != std::string::npos);
  CHECK(svg.find("<b>") == std::string::npos);
  CHECK(svg.find("javascript") == std::string::npos);                   // a bad colour is replaced
  CHECK(svg.find("width=\"340\" height=\"18\"") != std::string::npos);  // the largest bar
  CHECK(svg.find("width=\"170\" height=\"18\"") != std::string::npos);  // half of it
  CHECK(SvgBarChart({}, "t", "データなし").find("データなし") != std::string::npos);
  const std::string trend =
      SvgTrendChart({"2025-01-01", "2025-02-01"}, {{"合計", "#1565c0", {4, 8}}}, "t", "none");
  CHECK(Count(trend, "<circle") == 2);
  CHECK(trend.find("<polyline") != std::string::npos);
  CHECK(SvgBarChart({{"a", 1, "", "#000000"}}, "t", "n") ==
        SvgBarChart({{"a", 1, "", "#000000"}}, "t", "n"));
}

TEST_CASE("the report page has every section, a strict CSP and Japanese labels", "[report][html]") {
  const ReportModel model = testing::SampleReportModel();
  const std::string html = RenderHtmlReport(model, "ja");
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"ja\">", 0) == 0);
  for (const char* id :
       {"headline", "summary", "scan-table", "people-table", "rules-table", "charts",
        "chart-folders", "chart-types", "chart-trend", "changes", "added-table", "resolved-table",
        "files", "files-table", "controls", "not-inspected", "not-inspected-table", "reasons"}) {
    INFO(id);
    CHECK(html.find(std::string("id=\"") + id + "\"") != std::string::npos);
  }
  // The CSP comes before the style and script it governs, admits them by
  // hash only, and nothing else.
  const std::size_t csp = html.find("<meta http-equiv=\"Content-Security-Policy\"");
  REQUIRE(csp != std::string::npos);
  CHECK(csp < html.find("<style>"));
  CHECK(csp < html.find("<script>"));
  const std::string policy = Between(html, "Content-Security-Policy\" content=\"", "\"");
  CHECK(policy.find("default-src 'none'") != std::string::npos);
  CHECK(policy.find("img-src data:") != std::string::npos);
  CHECK(Count(policy, "'sha256-") == 2);
  CHECK(policy.find("unsafe") == std::string::npos);
  // Nothing from the network, no external references of any kind.
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<iframe") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(Count(html, "<script") == 1);
  CHECK(Count(html, "</script>") == 1);
  // Japanese labels and figures, with thousands separators.
  CHECK(html.find("個人情報スキャン報告書") != std::string::npos);
  CHECK(html.find("<p class=\"headline-main bad\">43 件のファイルがポリシーに違反しています</p>") !=
        std::string::npos);
  CHECK(Between(html, "<li data-type=\"my_number\">", "</li>") ==
        "<span class=\"type\">個人番号</span><span class=\"num\">1,234</span> 人");
  CHECK(html.find("基礎年金番号") != std::string::npos);
  // An insurer's number names no person: not counted as people.
  const std::string people = Between(html, "<ul class=\"people\">", "</ul>");
  CHECK(Count(people, "<li data-type=") == 3);
  CHECK(people.find("保険者番号") == std::string::npos);
  CHECK(html.find("<td>保険者番号 <span class=\"muted\">(個人を識別しない番号)</span></td>") !=
        std::string::npos);
  CHECK(html.find("被保険者証記号番号") != std::string::npos);
  CHECK(html.find("高 42") != std::string::npos);
  CHECK(html.find("例外 1") != std::string::npos);
  CHECK(html.find("12,345") != std::string::npos);  // entries
  CHECK(html.find("10,234") != std::string::npos);  // files scanned
  CHECK(html.find("5.0 GB (5,368,709,120 バイト)") != std::string::npos);
  CHECK(html.find("2025-04-01 08:30:00 JST") != std::string::npos);
  CHECK(html.find("スキャン #6（2025-03-01 09:00:00 JST）") != std::string::npos);
  CHECK(html.find("新たな違反 (2)") != std::string::npos);
  CHECK(html.find("解消した違反 (1)") != std::string::npos);
  CHECK(html.find("暗号化されていて読めない: 2") != std::string::npos);
  // One table row per violating file; the exempt one is there, marked.
  CHECK(Count(html, "<tr data-sev=") == model.files.size());
  CHECK(Count(html, "<tr data-sev=\"exempt\"") == 1);
  CHECK(html.find("監査法人の保管期限まで") != std::string::npos);
  // World-readable files are flagged in the row and in the filter data.
  CHECK(Count(html, "<div class=\"world\">全員が読める</div>") == 20 + 2);
  // 15 folders: 12 bars and one "others" bar of the three smallest.
  const std::string folders = Between(html, "id=\"chart-folders\"", "</figure>");
  CHECK(Count(folders, "<g class=\"bar\">") == 13);
  CHECK(folders.find("その他: 51") != std::string::npos);  // 18 + 17 + 16
  CHECK(html == RenderHtmlReport(model, "ja"));            // deterministic
}

TEST_CASE("hostile names are shown, never interpreted", "[report][html]") {
  const ReportModel model = testing::SampleReportModel(3);
  for (const char* lang : {"ja", "en"}) {
    const std::string html = RenderHtmlReport(model, lang);
    CHECK(html.find("<script>alert") == std::string::npos);
    CHECK(html.find("<img src=x") == std::string::npos);
    CHECK(html.find("<i>") == std::string::npos);
    CHECK(html.find("&lt;i&gt;1&lt;/i&gt; My Number") != std::string::npos);
    CHECK(html.find("<b>bold") == std::string::npos);
    CHECK(html.find("\"><b>owner") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;&#39;&amp;.csv") !=
          std::string::npos);
    CHECK(html.find("&lt;img src=x onerror=alert(1)&gt;.xlsx") != std::string::npos);
    CHECK(html.find("&quot;&gt;&lt;b&gt;owner") != std::string::npos);
    CHECK(html.find("&lt;b&gt;bold&lt;/b&gt;.pdf") != std::string::npos);
    // The unmasked example in the model is masked on the page.
    CHECK(html.find("123456789018") == std::string::npos);
    CHECK(html.find("<code>********9018</code>") != std::string::npos);
    CHECK(IsValidUtf8(html));
  }
}

TEST_CASE("the English report", "[report][html]") {
  const std::string html = RenderHtmlReport(testing::SampleReportModel(), "en");
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
  CHECK(html.find("43 files violate the policy") != std::string::npos);
  CHECK(html.find("<span class=\"type\">My Number</span><span class=\"num\">1,234</span> people") !=
        std::string::npos);
  CHECK(html.find("Basic pension number") != std::string::npos);
  CHECK(html.find("New violations (2)") != std::string::npos);
  CHECK(html.find("5.0 GB (5,368,709,120 bytes)") != std::string::npos);
  CHECK(html.find("個人情報スキャン報告書") == std::string::npos);
}

TEST_CASE("an empty scan renders a complete, calm page", "[report][html]") {
  const std::string html = RenderHtmlReport(testing::EmptyReportModel(), "ja");
  CHECK(html.find("ポリシー違反のファイルはありません") != std::string::npos);
  CHECK(html.find("id=\"files-none\"") != std::string::npos);
  CHECK(html.find("id=\"files-table\"") == std::string::npos);
  CHECK(html.find("比較できる以前のスキャンがありません。") != std::string::npos);
  CHECK(Count(html, "データがありません") == 3);  // three empty charts
  CHECK(html.find("id=\"incomplete\"") == std::string::npos);
  CHECK(html.rfind("</html>\n") == html.size() - 8);

  ReportModel running = testing::EmptyReportModel();
  running.scan.status = "failed";
  running.scan.stop_reason = "database-write-failed";
  running.scan.finished_at.clear();
  const std::string failed = RenderHtmlReport(running, "en");
  CHECK(failed.find("id=\"incomplete\"") != std::string::npos);
  CHECK(failed.find("database-write-failed") != std::string::npos);
}

TEST_CASE("very long tables are cut with a note, not without bound", "[report][html]") {
  const int files = 5100;
  const ReportModel model = testing::SampleReportModel(files);
  const std::string html = RenderHtmlReport(model, "ja");
  CHECK(Count(html, "<tr data-sev=") == 5000);
  CHECK(html.find("id=\"files-truncated\"") != std::string::npos);
  CHECK(html.find("ほか 104 件（CSV 報告書を参照）") != std::string::npos);
  CHECK(html.find("違反ファイル一覧 (5,104)") != std::string::npos);
}

TEST_CASE("any bytes and extreme numbers in the model still give a valid page", "[report][html]") {
  ReportModel model = testing::SampleReportModel(2);
  const std::string junk("\xff\xfe\x00\x01<\xe3\x81\xc0\x80&\xf4\x90\x80\x80\x7f\x9b", 16);
  model.scan.roots.push_back(junk);
  model.scan.started_at = junk;
  model.scan.status = junk;
  model.files[0].path = junk;
  model.files[0].owner = junk;
  model.files[0].size = UINT64_MAX;
  model.files[0].mtime_ns = INT64_MIN;
  model.files[0].mode = 0xFFFFFFFF;
  model.files[0].findings.push_back({junk, junk, UINT64_MAX, UINT64_MAX, junk, {junk, junk}});
  model.files[0].violations.push_back({junk, junk, junk});
  model.folders.push_back({junk, UINT64_MAX});
  model.types.push_back({junk, UINT64_MAX, UINT64_MAX, UINT64_MAX});
  model.not_inspected.push_back({junk, junk, junk, junk});
  model.not_inspected_by_reason[junk] = UINT64_MAX;
  model.added.push_back({junk, junk, junk});
  model.trend.push_back({1, junk, UINT64_MAX, {{junk, UINT64_MAX}}});
  for (const char* lang : {"ja", "en"}) {
    const std::string html = RenderHtmlReport(model, lang);
    CHECK(IsValidUtf8(html));
    CHECK(html.find('\0') == std::string::npos);
    CHECK(html.find("<\xe3") == std::string::npos);
    CHECK(html.rfind("</html>\n") == html.size() - 8);
  }
}

}  // namespace
}  // namespace mamori
