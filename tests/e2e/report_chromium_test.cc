// The HTML report as a browser sees it: Debian's headless Chromium loads the
// page from a file and the test asserts on the DOM after report.js ran (rows,
// sorting and filtering through the URL fragment), on a screenshot, on A4
// printing, and that the Content-Security-Policy lets nothing load and no
// foreign script run. Skipped, with a warning, when Chromium is not
// installed (`apt-get install chromium`; MAMORI_CHROMIUM names another).
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "mamori/report_model.h"
#include "mamori/report_writers.h"
#include "mamori/scan.h"
#include "tests/reports/report_html_sample.h"
#include "tests/test_util.h"

namespace mamori {
namespace {

using testing::RunCommand;
using testing::TempDir;

std::string FindChromium() {
  if (const char* env = std::getenv("MAMORI_CHROMIUM"); env != nullptr && *env != '\0') {
    return ::access(env, X_OK) == 0 ? env : "";
  }
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (::access(p, X_OK) == 0) return p;
  }
  return "";
}

struct Browser {
  std::string binary;
  std::string profile;  // a fresh profile: no state shared with other runs

  // Runs headless Chromium on `url` with `extra` switches, bounded in time.
  testing::CommandResult Run(const std::vector<std::string>& extra, const std::string& url) const {
    std::vector<std::string> argv = {"/usr/bin/timeout",
                                     "-k",
                                     "10",
                                     "120",
                                     binary,
                                     "--headless",
                                     "--no-sandbox",
                                     "--disable-gpu",
                                     "--disable-background-networking",
                                     "--no-first-run",
                                     "--user-data-dir=" + profile};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(url);
    return RunCommand(argv);
  }

  std::string DumpDom(const std::string& url) const {
    const testing::CommandResult r = Run({"--dump-dom"}, url);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
  }
};

std::size_t Count(const std::string& haystack, const std::string& needle) {
  return testing::CountOf(haystack, needle);
}

// The <html ...> start tag of a dumped DOM.
std::string HtmlTag(const std::string& dom) {
  const std::size_t a = dom.find("<html");
  if (a == std::string::npos) return "";
  return dom.substr(a, dom.find('>', a) - a + 1);
}

// The data-v values of the size cells (the only cells with a title), in
// row order.
std::vector<std::uint64_t> SizeColumn(const std::string& dom) {
  std::vector<std::uint64_t> sizes;
  const std::string marker = "<td class=\"num\" data-v=\"";
  for (std::size_t at = dom.find(marker); at != std::string::npos; at = dom.find(marker, at + 1)) {
    const std::size_t v = at + marker.size();
    const std::size_t end = dom.find('"', v);
    if (dom.compare(end, 8, "\" title=") != 0) continue;
    sizes.push_back(std::stoull(dom.substr(v, end - v)));
  }
  return sizes;
}

// A decoded 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes).
struct Png {
  std::uint32_t width = 0, height = 0;
  int channels = 0;
  std::vector<std::uint8_t> pixels;  // rows of width * channels bytes
};

std::uint32_t Be32(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<std::uint8_t>(s[at])) << 24 |
         static_cast<std::uint32_t>(static_cast<std::uint8_t>(s[at + 1])) << 16 |
         static_cast<std::uint32_t>(static_cast<std::uint8_t>(s[at + 2])) << 8 |
         static_cast<std::uint8_t>(s[at + 3]);
}

bool DecodePng(const std::string& file, Png* png) {
  if (file.size() < 33 || file.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return false;
  std::string idat;
  int depth = 0, colour = 0, interlace = 0;
  for (std::size_t at = 8; at + 12 <= file.size();) {
    const std::uint32_t len = Be32(file, at);
    if (len > file.size() - at - 12) return false;
    const std::string type = file.substr(at + 4, 4);
    if (type == "IHDR" && len >= 13) {
      png->width = Be32(file, at + 8);
      png->height = Be32(file, at + 12);
      depth = static_cast<std::uint8_t>(file[at + 16]);
      colour = static_cast<std::uint8_t>(file[at + 17]);
      interlace = static_cast<std::uint8_t>(file[at + 20]);
    } else if (type == "IDAT") {
      idat.append(file, at + 8, len);
    }
    at += 12 + len;
  }
  if (depth != 8 || interlace != 0 || (colour != 2 && colour != 6)) return false;
  if (png->width == 0 || png->height == 0 || png->width > 10000 || png->height > 10000) {
    return false;
  }
  png->channels = colour == 6 ? 4 : 3;
  const std::size_t stride = std::size_t{png->width} * png->channels;
  std::vector<std::uint8_t> raw((stride + 1) * png->height);
  uLongf raw_len = raw.size();
  if (::uncompress(raw.data(), &raw_len, reinterpret_cast<const Bytef*>(idat.data()),
                   idat.size()) != Z_OK ||
      raw_len != raw.size()) {
    return false;
  }
  png->pixels.assign(stride * png->height, 0);
  const int bpp = png->channels;
  for (std::size_t y = 0; y < png->height; ++y) {
    const std::uint8_t filter = raw[y * (stride + 1)];
    const std::uint8_t* in = &raw[y * (stride + 1) + 1];
    std::uint8_t* out = &png->pixels[y * stride];
    const std::uint8_t* up = y > 0 ? &png->pixels[(y - 1) * stride] : nullptr;
    for (std::size_t x = 0; x < stride; ++x) {
      const int a = x >= static_cast<std::size_t>(bpp) ? out[x - bpp] : 0;
      const int b = up ? up[x] : 0;
      const int c = up && x >= static_cast<std::size_t>(bpp) ? up[x - bpp] : 0;
      int predictor = 0;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) / 2; break;
        case 4: {
          const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: return false;
      }
      out[x] = static_cast<std::uint8_t>(in[x] + predictor);
    }
  }
  return true;
}

TEST_CASE("the HTML report in headless Chromium", "[report][html][chromium]") {
  const std::string chromium = FindChromium();
  if (chromium.empty()) {
    WARN(
        "Chromium is not installed (Debian: apt-get install chromium): report browser test "
        "not run");
    return;
  }
  TempDir dir;
  const Browser browser{chromium, dir.Sub("profile")};
  const ReportModel model = testing::SampleReportModel(40);
  const std::string html = RenderHtmlReport(model, "ja");
  const std::string page = dir.Sub("report.html");
  testing::WriteFile(page, html);
  const std::string url = "file://" + page;

  SECTION("the script ran, every row is there, nothing was refused") {
    const testing::CommandResult r =
        browser.Run({"--enable-logging=stderr", "--v=0", "--dump-dom"}, url);
    REQUIRE(r.exit_code == 0);
    const std::string& dom = r.out;
    CHECK(HtmlTag(dom) == "<html lang=\"ja\" data-ready=\"1\">");
    CHECK(Count(dom, "<tr data-sev=") == model.files.size());
    CHECK(dom.find("data-shown=\"44\"") != std::string::npos);
    CHECK(dom.find("<div class=\"controls\" id=\"controls\">") != std::string::npos);  // shown
    CHECK(dom.find("44 / 44 件を表示") != std::string::npos);
    // The hostile name is text in the DOM, not an element.
    CHECK(Count(dom, "<script") == 1);
    CHECK(dom.find("<img") == std::string::npos);
    CHECK(dom.find("&lt;script&gt;alert(\"pwned\")&lt;/script&gt;'&amp;.csv") != std::string::npos);
    // The page logged nothing to the console: no load was refused, no
    // script error.
    CHECK(r.err.find(":CONSOLE") == std::string::npos);
    CHECK(r.err.find("Content Security Policy") == std::string::npos);
  }

  SECTION("the English page") {
    testing::WriteFile(dir.Sub("en.html"), RenderHtmlReport(model, "en"));
    const std::string dom = browser.DumpDom("file://" + dir.Sub("en.html") + "#sev=exempt");
    CHECK(HtmlTag(dom) == "<html lang=\"en\" data-ready=\"1\">");
    CHECK(dom.find("1 of 44 shown") != std::string::npos);
    CHECK(dom.find("43 files violate the policy") != std::string::npos);
  }

  SECTION("the URL fragment sorts and filters the table") {
    const std::vector<std::uint64_t> unsorted = SizeColumn(browser.DumpDom(url));
    const std::string dom = browser.DumpDom(url + "#sort=-size");
    CHECK(dom.find("data-sorted=\"-size\"") != std::string::npos);
    CHECK(dom.find("aria-sort=\"descending\"") != std::string::npos);
    const std::vector<std::uint64_t> sizes = SizeColumn(dom);
    REQUIRE(sizes.size() == model.files.size());
    CHECK(sizes != unsorted);
    for (std::size_t i = 1; i < sizes.size(); ++i) CHECK(sizes[i - 1] >= sizes[i]);
    CHECK(sizes.front() == 3 * 1024 * 1024);  // the zip

    const std::vector<std::uint64_t> ascending = SizeColumn(browser.DumpDom(url + "#sort=size"));
    REQUIRE(ascending.size() == sizes.size());
    CHECK(std::equal(ascending.begin(), ascending.end(), sizes.rbegin()));

    // 佐藤 owns every third of the 40 plain files.
    const std::string sato = browser.DumpDom(url + "#q=%E4%BD%90%E8%97%A4");
    CHECK(sato.find("data-shown=\"13\"") != std::string::npos);
    CHECK(Count(sato, "<tr data-sev=") - Count(sato, "hidden=\"\"><td") == 13);
    const std::string medium = browser.DumpDom(url + "#sev=medium");
    CHECK(medium.find("data-shown=\"2\"") != std::string::npos);  // the weak zip, the PPAP one
    const std::string world = browser.DumpDom(url + "#world=1&type=my_number");
    CHECK(world.find("data-shown=\"21\"") != std::string::npos);  // 20 plain, the hostile one
  }

  SECTION("a screenshot of the first A4-sized screen is not blank") {
    const std::string shot = dir.Sub("shot.png");
    const testing::CommandResult r =
        browser.Run({"--screenshot=" + shot, "--window-size=1240,1754", "--hide-scrollbars"}, url);
    REQUIRE(r.exit_code == 0);
    const std::string file = testing::ReadFile(shot);
    CHECK(file.size() > 20000);
    Png png;
    REQUIRE(DecodePng(file, &png));
    CHECK(png.width == 1240);
    CHECK(png.height == 1754);
    // Ink on the page, and the red of the headline and the "high" badges.
    std::size_t ink = 0, red = 0;
    for (std::size_t i = 0; i + 2 < png.pixels.size(); i += png.channels) {
      const int r8 = png.pixels[i], g8 = png.pixels[i + 1], b8 = png.pixels[i + 2];
      if (r8 + g8 + b8 < 600) ++ink;
      if (r8 > 170 && r8 < 230 && g8 < 70 && b8 < 70) ++red;
    }
    const std::size_t pixels = std::size_t{png.width} * png.height;
    CHECK(ink > pixels / 50);
    CHECK(ink < pixels / 2);
    CHECK(red > 2000);
  }

  SECTION("printing gives A4 pages") {
    const std::string pdf = dir.Sub("report.pdf");
    const testing::CommandResult r =
        browser.Run({"--no-pdf-header-footer", "--print-to-pdf=" + pdf}, url);
    REQUIRE(r.exit_code == 0);
    const std::string file = testing::ReadFile(pdf);
    REQUIRE(file.rfind("%PDF-", 0) == 0);
    // A4 is 595.28 x 841.89 points; Chromium rounds to its own units.
    const std::size_t boxes = Count(file, "/MediaBox [0 0 594.95996 841.91998]");
    CHECK(boxes >= 2);
    CHECK(boxes == Count(file, "/MediaBox"));
  }

  SECTION("the policy blocks a foreign load and a foreign script") {
    // Tampered copies of the page (as if escaping had failed): an image from
    // the network is refused, and a changed script does not run at all,
    // which is also the page as a reader with scripts disabled sees it.
    testing::WriteFile(dir.Sub("img.html"),
                       html + "<img id=\"probe\" src=\"http://127.0.0.1:9/x.png\">");
    const testing::CommandResult img = browser.Run(
        {"--enable-logging=stderr", "--v=0", "--dump-dom"}, "file://" + dir.Sub("img.html"));
    REQUIRE(img.exit_code == 0);
    CHECK(HtmlTag(img.out).find("data-csp-blocked=\"1\"") != std::string::npos);
    CHECK(img.err.find("violates the following Content Security Policy directive: "
                       "\"img-src data:\"") != std::string::npos);

    std::string foreign = html;
    const std::size_t at = foreign.find("'use strict';");
    REQUIRE(at != std::string::npos);
    foreign.replace(at, 13, "'use strict'; ");
    testing::WriteFile(dir.Sub("script.html"), foreign);
    const testing::CommandResult js = browser.Run(
        {"--enable-logging=stderr", "--v=0", "--dump-dom"}, "file://" + dir.Sub("script.html"));
    REQUIRE(js.exit_code == 0);
    CHECK(HtmlTag(js.out) == "<html lang=\"ja\">");  // the script did not run
    CHECK(js.err.find("Content Security Policy") != std::string::npos);
    // Without the script the page is whole: every row, controls hidden.
    CHECK(Count(js.out, "<tr data-sev=") == model.files.size());
    CHECK(js.out.find("<div class=\"controls\" id=\"controls\" hidden=\"\">") != std::string::npos);
    CHECK(js.out.find("44 / 44 件を表示") != std::string::npos);
  }
}

// The longest run of ASCII digits in `text`.
std::size_t LongestDigitRun(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c >= '0' && c <= '9' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

TEST_CASE("the report of a scanned share in headless Chromium", "[report][html][chromium][e2e]") {
  const std::string chromium = FindChromium();
  if (chromium.empty()) {
    WARN("Chromium is not installed (Debian: apt-get install chromium): test not run");
    return;
  }
  TempDir dir;
  // The demo share: rosters in CSV and Excel, letters, a PDF, zips, a
  // PPAP-style archive with its password beside it.
  ScanOptions options;
  options.roots = {std::string(MAMORI_SOURCE_DIR) + "/tests/demo_share"};
  options.db_path = dir.Sub("m.db");
  options.secret_path = dir.Sub("secret");
  options.cache_dir = dir.Sub("cache");
  ScanSummary summary;
  REQUIRE(RunScan(options, &summary).ok());
  ReportQuery query;
  query.db_path = options.db_path;
  ReportModel model;
  REQUIRE(LoadReportModel(query, &model).ok());
  REQUIRE(model.files.size() >= 5);

  const Browser browser{chromium, dir.Sub("profile")};
  for (const std::string lang : {"ja", "en"}) {
    INFO(lang);
    const std::string page = dir.Sub("report_" + lang + ".html");
    testing::WriteFile(page, RenderHtmlReport(model, lang));
    const testing::CommandResult r =
        browser.Run({"--enable-logging=stderr", "--v=0", "--dump-dom"}, "file://" + page);
    REQUIRE(r.exit_code == 0);
    const std::string& dom = r.out;
    CHECK(HtmlTag(dom) == "<html lang=\"" + lang + "\" data-ready=\"1\">");
    CHECK(Count(dom, "<tr data-sev=") == model.files.size());
    CHECK(dom.find("ppap") != std::string::npos);
    // Nothing was refused or failed, nothing loaded from the network.
    CHECK(r.err.find(":CONSOLE") == std::string::npos);
    CHECK(r.err.find("Content Security Policy") == std::string::npos);
    CHECK(dom.find("http://") == std::string::npos);
    CHECK(dom.find("https://") == std::string::npos);
    // No identifier whole: a My Number is 12 digits, a pension number 10.
    // (Sort keys hold times in seconds since 1970, ten digits: not text.)
    CHECK(LongestDigitRun(std::regex_replace(dom, std::regex(" data-v=\"[0-9]+\""), "")) < 10);
  }
}

}  // namespace
}  // namespace mamori
