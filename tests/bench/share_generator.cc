// share_bench's generator: the deterministic share it measures, in five
// parts (see share_bench.cc), cached and regenerated only when its stamp
// (generator version and scale) differs.
//
// Thread-safety: EnsureShare runs its own threads; call it from one thread.
#include "share_generator.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <iconv.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace share_bench {

namespace fs = std::filesystem;

namespace {

// Bump when the generated content changes, so that cached shares are rebuilt.
constexpr int kGeneratorVersion = 1;
// A fixed modification time keeps the zips byte-identical from run to run.
constexpr time_t kFixedMtime = 1767225600;  // 2026-01-01

// A benchmark that cannot build its share has nothing to measure.
[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "share_bench: %s\n", message.c_str());
  std::exit(2);
}

// ---------------------------------------------------------------------------
// Deterministic content
// ---------------------------------------------------------------------------

// splitmix64: tiny, fast, and the same on every platform (std:: engines'
// distributions are not), so the share is byte-identical everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }

 private:
  uint64_t state_;
};

uint64_t SeedFor(std::string_view part, uint64_t index) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (char c : part) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h ^ (index * 0x9e3779b97f4a7c15ULL);
}

void AppendDigits(std::string& s, Rng& rng, int n) {
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng.Below(10)));
}

void AppendPadded(std::string& s, uint64_t v, int width) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%0*llu", width, static_cast<unsigned long long>(v));
  s += buf;
}

// A valid My Number: weights 6,5,4,3,2,7,6,5,4,3,2 on the first eleven
// digits; r = sum mod 11; check digit 0 when r <= 1, else 11 - r.
std::string MyNumber(Rng& rng) {
  static constexpr int kWeights[11] = {6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  std::string s;
  AppendDigits(s, rng, 11);
  int sum = 0;
  for (int i = 0; i < 11; ++i) sum += (s[i] - '0') * kWeights[i];
  int r = sum % 11;
  s.push_back(static_cast<char>('0' + (r <= 1 ? 0 : 11 - r)));
  return s;
}

std::string OrderNumber(Rng& rng) {  // 12 digits, no leading zero
  std::string s(1, static_cast<char>('1' + rng.Below(9)));
  AppendDigits(s, rng, 11);
  return s;
}

void AppendDate(std::string& s, Rng& rng, char sep = '-') {
  AppendPadded(s, 2005 + rng.Below(20), 4);
  s.push_back(sep);
  AppendPadded(s, 1 + rng.Below(12), 2);
  s.push_back(sep);
  AppendPadded(s, 1 + rng.Below(28), 2);
}

void AppendPhone(std::string& s, Rng& rng) {
  static constexpr const char* kPrefixes[] = {"03-", "06-", "090-", "080-", "045-"};
  s += rng.Pick(kPrefixes);
  AppendDigits(s, rng, 4);
  s.push_back('-');
  AppendDigits(s, rng, 4);
}

// Only characters CP932 can encode, so both encodings carry the same text.
constexpr const char* kNames[] = {"山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲",
                                  "田中 健太", "伊藤 由美", "渡辺 翔",   "中村 真理子"};
constexpr const char* kDepartments[] = {"総務部", "経理部", "営業部", "人事部", "開発部"};
constexpr const char* kProducts[] = {"コピー用紙 A4", "ボールペン 黒", "トナー カートリッジ",
                                     "ファイル 青",   "封筒 長3",      "ノート B5"};

// One CSV row of an order list: order number, date, customer, product,
// quantity, amount, phone number.
void AppendOrderRow(std::string& s, Rng& rng) {
  s += OrderNumber(rng);
  s.push_back(',');
  AppendDate(s, rng);
  s += " 09:12:44,";
  s += rng.Pick(kNames);
  s.push_back(',');
  s += rng.Pick(kProducts);
  s.push_back(',');
  AppendPadded(s, 1 + rng.Below(50), 1);
  s.push_back(',');
  AppendPadded(s, 100 + rng.Below(100000), 1);
  s.push_back(',');
  AppendPhone(s, rng);
  s.push_back('\n');
}

// One CSV row of a staff list with a 個人番号 column.
void AppendStaffRow(std::string& s, Rng& rng, int row) {
  AppendPadded(s, 10000 + row, 5);
  s.push_back(',');
  s += rng.Pick(kNames);
  s.push_back(',');
  s += rng.Pick(kDepartments);
  s.push_back(',');
  s += MyNumber(rng);
  s.push_back(',');
  AppendDate(s, rng);
  s.push_back(',');
  AppendPhone(s, rng);
  s.push_back('\n');
}

constexpr const char* kOrderHeader = "注文番号,注文日時,顧客名,品名,数量,金額,電話番号\n";
constexpr const char* kStaffHeader = "社員番号,氏名,部署,個人番号,入社日,電話番号\n";

// A CSV of about `bytes` bytes (UTF-8): a staff list with My Numbers or an
// order list.
std::string MakeCsv(Rng& rng, size_t bytes, bool with_ids) {
  std::string s = with_ids ? kStaffHeader : kOrderHeader;
  s.reserve(bytes + 256);
  for (int row = 0; s.size() < bytes; ++row) {
    if (with_ids) {
      AppendStaffRow(s, rng, row);
    } else {
      AppendOrderRow(s, rng);
    }
  }
  return s;
}

// glibc iconv, as the brief for the share asks: real CP932 bytes, not a
// hand-made table.
std::string ToCp932(const std::string& utf8) {
  iconv_t cd = iconv_open("CP932", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) Die("iconv_open(CP932) failed");
  std::string out(utf8.size(), '\0');  // CP932 is never longer than UTF-8
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* dst = out.data();
  size_t out_left = out.size();
  if (iconv(cd, &in, &in_left, &dst, &out_left) == static_cast<size_t>(-1)) {
    Die("iconv to CP932 failed");
  }
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// A zip (deflate) with the given members, through libarchive.
void WriteZip(const fs::path& path,
              const std::vector<std::pair<std::string, std::string>>& members) {
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_set_options(a, "zip:compression=deflate");
  if (archive_write_open_filename(a, path.c_str()) != ARCHIVE_OK) {
    Die("cannot write " + path.string() + ": " + archive_error_string(a));
  }
  for (const auto& [name, data] : members) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, kFixedMtime, 0);
    if (archive_write_header(a, e) != ARCHIVE_OK ||
        archive_write_data(a, data.data(), data.size()) < 0) {
      Die("zip member " + name + ": " + archive_error_string(a));
    }
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

// ---------------------------------------------------------------------------
// Generation per part
// ---------------------------------------------------------------------------

// Sizes at scale 1, chosen so that the share is about 1 GiB on disk.
struct Plan {
  int small_files;   // ~50 KB each
  size_t big_bytes;  // each of two
  int office_files;  // half xlsx, half docx
  int pdf_files;
  int zip_files;  // 20 CSVs each
};

Plan MakePlan(double scale) {
  auto count = [&](double n, int min) {
    return std::max(min, static_cast<int>(std::lround(n * scale)));
  };
  Plan p;
  p.small_files = count(7000, 10);
  p.big_bytes = std::max<size_t>(256 << 10, static_cast<size_t>(170e6 * scale));
  p.office_files = count(500, 2);
  p.pdf_files = count(1000, 2);
  p.zip_files = count(400, 2);
  return p;
}

void GenerateSmallCsv(const fs::path& dir, int i) {
  Rng rng(SeedFor("small-text", i));
  bool with_ids = i % 10 == 0;
  std::string csv = MakeCsv(rng, 40000 + rng.Below(20000), with_ids);
  char name[64];
  bool cp932 = i % 2 == 1;
  std::snprintf(name, sizeof name, "%s_%05d_%s.csv", with_ids ? "staff" : "orders", i,
                cp932 ? "sjis" : "utf8");
  WriteFile(dir / name, cp932 ? ToCp932(csv) : csv);
}

// Mostly order rows; one row in a hundred is a staff row with a My Number.
// Written in chunks that end on a row, so memory stays small.
void GenerateBigCsv(const fs::path& dir, int i, size_t bytes) {
  Rng rng(SeedFor("big-csv", i));
  bool cp932 = i == 1;
  std::ofstream f(dir / (cp932 ? "ledger_sjis.csv" : "ledger_utf8.csv"), std::ios::binary);
  std::string header = kOrderHeader;
  f << (cp932 ? ToCp932(header) : header);
  size_t written = header.size();
  int row = 0;
  while (written < bytes) {
    std::string chunk;
    while (chunk.size() < (1 << 20) && written + chunk.size() < bytes) {
      if (++row % 100 == 0) {
        AppendStaffRow(chunk, rng, row);
      } else {
        AppendOrderRow(chunk, rng);
      }
    }
    written += chunk.size();
    if (cp932) chunk = ToCp932(chunk);
    f.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  }
  if (!f) Die("cannot write big CSV");
}

constexpr const char* kRelsXml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"%s\"/></Relationships>";

std::string ContentTypes(const std::string& overrides) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" "
         "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
         overrides + "</Types>";
}

std::string Rels(const char* target) {
  char buf[512];
  std::snprintf(buf, sizeof buf, kRelsXml, target);
  return buf;
}

// Interns strings for xl/sharedStrings.xml, as Excel does.
class SharedStrings {
 public:
  int Index(const std::string& s) {
    auto [it, inserted] = index_.try_emplace(s, static_cast<int>(order_.size()));
    if (inserted) order_.push_back(s);
    ++count_;
    return it->second;
  }
  std::string Xml() const {
    std::string x =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"" +
        std::to_string(count_) + "\" uniqueCount=\"" + std::to_string(order_.size()) + "\">";
    for (const std::string& s : order_) x += "<si><t>" + s + "</t></si>";
    return x + "</sst>";
  }

 private:
  std::unordered_map<std::string, int> index_;
  std::vector<std::string> order_;
  int count_ = 0;
};

// A sheet of about `bytes` of XML: order rows (number cells for the order
// number, shared strings for the rest) or staff rows with a 個人番号 column.
struct SheetXml {
  std::string sheet;           // xl/worksheets/sheet1.xml
  std::string shared_strings;  // xl/sharedStrings.xml
};

SheetXml MakeSheet(Rng& rng, size_t bytes, bool with_ids) {
  SharedStrings sst;
  std::string sheet =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<sheetData>";
  auto cell = [&](int row, int col, const std::string& v, bool number) {
    std::string ref(1, static_cast<char>('A' + col));
    ref += std::to_string(row);
    if (number) {
      sheet += "<c r=\"" + ref + "\"><v>" + v + "</v></c>";
    } else {
      sheet += "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(sst.Index(v)) + "</v></c>";
    }
  };
  std::vector<std::string> header =
      with_ids ? std::vector<std::string>{"社員番号", "氏名", "部署", "個人番号", "電話番号"}
               : std::vector<std::string>{"注文番号", "注文日", "顧客名", "品名", "電話番号"};
  sheet += "<row r=\"1\">";
  for (size_t c = 0; c < header.size(); ++c) cell(1, static_cast<int>(c), header[c], false);
  sheet += "</row>";
  for (int r = 2; sheet.size() < bytes; ++r) {
    sheet += "<row r=\"" + std::to_string(r) + "\">";
    std::string date, phone;
    AppendDate(date, rng);
    AppendPhone(phone, rng);
    if (with_ids) {
      cell(r, 0, std::to_string(10000 + r), true);
      cell(r, 1, rng.Pick(kNames), false);
      cell(r, 2, rng.Pick(kDepartments), false);
      cell(r, 3, MyNumber(rng), false);  // text: a leading zero must survive
    } else {
      cell(r, 0, OrderNumber(rng), true);
      cell(r, 1, date, false);
      cell(r, 2, rng.Pick(kNames), false);
      cell(r, 3, rng.Pick(kProducts), false);
    }
    cell(r, 4, phone, false);
    sheet += "</row>";
  }
  sheet += "</sheetData></worksheet>";
  return {sheet, sst.Xml()};
}

void GenerateXlsx(const fs::path& path, Rng& rng, bool with_ids) {
  SheetXml xml = MakeSheet(rng, 1200000 + rng.Below(400000), with_ids);
  const char* ns = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
  std::string overrides =
      std::string("<Override PartName=\"/xl/workbook.xml\" ContentType=\"") + ns +
      "sheet.main+xml\"/>" + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"" +
      ns + "worksheet+xml\"/>" + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"" +
      ns + "sharedStrings+xml\"/>";
  std::string workbook =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
      "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  std::string workbook_rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
      "Target=\"worksheets/sheet1.xml\"/>"
      "<Relationship Id=\"rId2\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
      "Target=\"sharedStrings.xml\"/></Relationships>";
  WriteZip(path, {{"[Content_Types].xml", ContentTypes(overrides)},
                  {"_rels/.rels", Rels("xl/workbook.xml")},
                  {"xl/workbook.xml", workbook},
                  {"xl/_rels/workbook.xml.rels", workbook_rels},
                  {"xl/worksheets/sheet1.xml", xml.sheet},
                  {"xl/sharedStrings.xml", xml.shared_strings}});
}

void GenerateDocx(const fs::path& path, Rng& rng, bool with_ids) {
  std::string doc =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:body>";
  size_t bytes = 1000000 + rng.Below(400000);
  while (doc.size() < bytes) {
    std::string text;
    if (with_ids) {
      std::string n = MyNumber(rng);
      text = std::string("従業員 ") + rng.Pick(kNames) + " (" + rng.Pick(kDepartments) +
             ") の個人番号は " + n.substr(0, 4) + " " + n.substr(4, 4) + " " + n.substr(8) +
             " です。連絡先 ";
    } else {
      text = "注文番号 " + OrderNumber(rng) + " の件、";
      AppendDate(text, rng, '/');
      text += " に " + std::string(rng.Pick(kProducts)) +
              " を発送しました。担当: " + rng.Pick(kNames) + " 電話 ";
    }
    AppendPhone(text, rng);
    doc += "<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p>";
  }
  doc += "<w:sectPr/></w:body></w:document>";
  std::string overrides =
      "<Override PartName=\"/word/document.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document."
      "main+xml\"/>";
  WriteZip(path, {{"[Content_Types].xml", ContentTypes(overrides)},
                  {"_rels/.rels", Rels("word/document.xml")},
                  {"word/document.xml", doc}});
}

void GenerateOffice(const fs::path& dir, int i) {
  Rng rng(SeedFor("office", i));
  bool with_ids = i % 10 == 0;
  char name[64];
  std::snprintf(name, sizeof name, "%s_%04d.%s", with_ids ? "staff" : "orders", i,
                i % 2 ? "docx" : "xlsx");
  if (i % 2) {
    GenerateDocx(dir / name, rng, with_ids);
  } else {
    GenerateXlsx(dir / name, rng, with_ids);
  }
}

std::string Deflate(const std::string& data) {
  uLongf size = compressBound(data.size());
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(data.data()), data.size(),
                Z_DEFAULT_COMPRESSION) != Z_OK) {
    Die("compress2 failed");
  }
  out.resize(size);
  return out;
}

// A minimal valid PDF: catalog, page tree, one Type1 font, and per page a
// Flate-compressed content stream of ASCII text lines; exact xref offsets.
void GeneratePdf(const fs::path& dir, int i) {
  Rng rng(SeedFor("pdf", i));
  bool with_ids = i % 10 == 0;
  int pages = 40 + static_cast<int>(rng.Below(20));
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;  // of objects 1..n
  auto object = [&](const std::string& body) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
  };
  std::string kids;
  for (int p = 0; p < pages; ++p) kids += std::to_string(4 + 2 * p) + " 0 R ";
  object("<< /Type /Catalog /Pages 2 0 R >>");
  object("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>");
  object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  for (int p = 0; p < pages; ++p) {
    std::string text = "BT /F1 9 Tf 12 TL 36 806 Td\n";
    for (int line = 0; line < 66; ++line) {
      std::string s = "(";
      if (with_ids) {
        std::string n = MyNumber(rng);
        s += "Employee " + std::to_string(10000 + line) + "  My Number " + n.substr(0, 4) + " " +
             n.substr(4, 4) + " " + n.substr(8) + "  Joined ";
      } else {
        s += "Order " + OrderNumber(rng) + "  Qty " + std::to_string(1 + rng.Below(50)) + "  Date ";
      }
      AppendDate(s, rng);
      s += "  Tel ";
      AppendPhone(s, rng);
      text += s + ") Tj T*\n";
    }
    text += "ET\n";
    std::string stream = Deflate(text);
    object(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 "
        "0 R >> >> /Contents " +
        std::to_string(5 + 2 * p) + " 0 R >>");
    object("<< /Length " + std::to_string(stream.size()) + " /Filter /FlateDecode >>\nstream\n" +
           stream + "\nendstream");
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char entry[24];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", off);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  char name[64];
  std::snprintf(name, sizeof name, "%s_%04d.pdf", with_ids ? "staff" : "orders", i);
  WriteFile(dir / name, pdf);
}

void GenerateZip(const fs::path& dir, int i) {
  Rng rng(SeedFor("zip", i));
  std::vector<std::pair<std::string, std::string>> members;
  for (int m = 0; m < 20; ++m) {
    bool with_ids = (i * 20 + m) % 10 == 0;
    bool cp932 = m % 2 == 1;
    std::string csv = MakeCsv(rng, 40000 + rng.Below(20000), with_ids);
    char name[64];
    std::snprintf(name, sizeof name, "export/%s_%02d.csv", with_ids ? "staff" : "orders", m);
    members.emplace_back(name, cp932 ? ToCp932(csv) : csv);
  }
  char name[64];
  std::snprintf(name, sizeof name, "archive_%04d.zip", i);
  WriteZip(dir / name, members);
}

// Runs jobs on `threads` threads; the longest jobs should come first.
void RunParallel(const std::vector<std::function<void()>>& jobs, int threads) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (size_t j; (j = next.fetch_add(1)) < jobs.size();) jobs[j]();
    });
  }
  for (auto& t : pool) t.join();
}

std::string Stamp(double scale) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "share_bench generator %d scale %.6g\n", kGeneratorVersion, scale);
  return buf;
}

}  // namespace

void WriteFile(const fs::path& path, std::string_view data) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!f) Die("cannot write " + path.string());
}

// Generates the share unless the stamp shows it is already there.
void EnsureShare(const fs::path& dir, double scale, int threads) {
  fs::path stamp = dir / ".stamp";
  std::string want = Stamp(scale);
  {
    std::ifstream f(stamp);
    std::stringstream have;
    have << f.rdbuf();
    if (f && have.str() == want) {
      std::printf("share: cached in %s\n", dir.c_str());
      return;
    }
  }
  std::printf("share: generating in %s (scale %g) ...\n", dir.c_str(), scale);
  std::fflush(stdout);
  auto start = std::chrono::steady_clock::now();
  fs::remove(stamp);
  for (const char* part : kParts) {
    fs::remove_all(dir / part);
    fs::create_directories(dir / part);
  }
  Plan plan = MakePlan(scale);
  std::vector<std::function<void()>> jobs;
  for (int i = 0; i < 2; ++i) {
    jobs.push_back([&, i] { GenerateBigCsv(dir / "big-csv", i, plan.big_bytes); });
  }
  for (int i = 0; i < plan.office_files; ++i) {
    jobs.push_back([&, i] { GenerateOffice(dir / "office", i); });
  }
  for (int i = 0; i < plan.zip_files; ++i) jobs.push_back([&, i] { GenerateZip(dir / "zip", i); });
  for (int i = 0; i < plan.pdf_files; ++i) jobs.push_back([&, i] { GeneratePdf(dir / "pdf", i); });
  for (int i = 0; i < plan.small_files; ++i) {
    jobs.push_back([&, i] { GenerateSmallCsv(dir / "small-text", i); });
  }
  RunParallel(jobs, threads);
  WriteFile(stamp, want);  // last: an interrupted run regenerates
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  std::printf("share: generated in %.1f s\n", took.count());
}

}  // namespace share_bench
