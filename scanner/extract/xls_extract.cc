// How a workbook stream is read ([MS-XLS] 2.1.7.20): the globals substream
// first (code page, encryption, the sheets' names and stream positions, the
// shared-string table), then each sheet's substream from its position, its
// cell records into an XlsSheetTable. Embedded chart substreams inside a
// sheet are skipped. BIFF5 ("Book" streams, Excel 5/95) has the same
// layout with 8-bit strings in the workbook's code page and no SST.
#include "xls_extract.h"

#include <memory>
#include <set>

#include "mamori/text_decoder.h"
#include "xls_decrypt.h"
#include "xls_records.h"
#include "xls_sheet.h"

namespace mamori {

namespace {

constexpr std::uint16_t kBiff8 = 0x0600;
constexpr std::uint16_t kGlobals = 0x0005;
// CheckTime() once per this many records.
constexpr std::uint32_t kRecordsPerTimeCheck = 4096;

struct SheetRef {
  std::string name;
  std::uint32_t pos;
  std::uint8_t type;  // 0 worksheet or dialog, 1 macro sheet, 2 chart, 6 VBA module
};

std::string ErrorText(std::uint8_t code) {
  switch (code) {
    case 0x00: return "#NULL!";
    case 0x07: return "#DIV/0!";
    case 0x0F: return "#VALUE!";
    case 0x17: return "#REF!";
    case 0x1D: return "#NAME?";
    case 0x24: return "#NUM!";
    case 0x2A: return "#N/A";
    default: return "#ERROR!";
  }
}

class WorkbookReader {
 public:
  // `decrypted`: the stream was decrypted under the default password and
  // its FILEPASS record is to be passed over.
  WorkbookReader(std::string_view stream, bool decrypted, ExtractContext& ctx)
      : stream_(stream), decrypted_(decrypted), ctx_(ctx) {}

  void Run() {
    if (!ReadGlobals()) return;
    std::set<std::uint32_t> seen;
    for (std::size_t i = 0; i < sheets_.size() && !ctx_.stopped() && !overlap_; ++i) {
      const SheetRef& sheet = sheets_[i];
      if (sheet.type == 2 || sheet.type == 6) continue;  // charts and VBA hold no cells
      if (!seen.insert(sheet.pos).second) {
        ctx_.Error("corrupt", "xls: two sheets share one stream position");
        continue;
      }
      ReadSheet(sheet, i + 1);
    }
  }

 private:
  bool Tick() {
    if (++records_ % kRecordsPerTimeCheck == 0) ctx_.CheckTime();
    // Sheets that do not overlap visit each record once; sheet positions
    // pointing into one another's records would walk them again and again.
    if (records_ > stream_.size() / 2 + 1024 && !overlap_) {
      overlap_ = true;
      ctx_.Error("corrupt", "xls: sheets overlap in the workbook stream");
    }
    return !ctx_.stopped() && !overlap_;
  }

  bool ReadGlobals();
  void ReadBoundSheet(std::string_view data);
  void ReadSst(std::string_view data, XlsRecordReader& reader);
  void ReadSheet(const SheetRef& sheet, std::size_t number);
  // A cell string (LABEL, RSTRING, STRING): BIFF8 XLUnicodeString, BIFF5 a
  // u16 length and 8-bit characters. False when cut short.
  bool ReadCellString(std::string_view data, XlsRecordReader& reader, std::string* out);
  std::string Decode8(std::string_view bytes);

  std::string_view stream_;
  bool decrypted_;
  ExtractContext& ctx_;
  bool biff8_ = true;
  std::uint16_t codepage_ = 1252;
  bool codepage_reported_ = false;
  std::vector<std::string> sst_;
  std::vector<SheetRef> sheets_;
  std::uint64_t records_ = 0;
  bool overlap_ = false;
  std::unique_ptr<TextDecoder> cp932_;  // made on first use
};

bool WorkbookReader::ReadGlobals() {
  XlsRecordReader reader(stream_, 0);
  XlsRecord rec;
  if (!reader.Next(&rec)) {
    // Cut short inside a BOF, or not a record stream at all.
    const bool bof = stream_.size() >= 2 && XlsU16(stream_, 0) == xls::kBof;
    ctx_.Error(bof ? "truncated" : "corrupt", "xls: workbook stream has no BOF record");
    return false;
  }
  if (rec.type == xls::kBofBiff2 || rec.type == xls::kBofBiff3 || rec.type == xls::kBofBiff4) {
    ctx_.Error("unsupported", "xls: Excel 2-4 (BIFF2-4) workbooks are not read");
    return false;
  }
  if (rec.type != xls::kBof || rec.data.size() < 4) {
    ctx_.Error("corrupt", "xls: workbook stream does not start with a BOF record");
    return false;
  }
  const std::uint16_t version = XlsU16(rec.data, 0);
  biff8_ = version >= kBiff8;
  if (version < 0x0500) {
    ctx_.Error("unsupported", "xls: BIFF version before Excel 5 is not read");
    return false;
  }
  if (XlsU16(rec.data, 2) != kGlobals) {
    ctx_.Error("corrupt", "xls: workbook stream does not start with the globals substream");
    return false;
  }
  while (reader.Next(&rec)) {
    if (!Tick()) return false;
    switch (rec.type) {
      case xls::kFilePass:
        if (decrypted_) break;
        ctx_.Error("encrypted-member", "xls: workbook is encrypted (FILEPASS)");
        return false;
      case xls::kCodePage:
        if (rec.data.size() >= 2) codepage_ = XlsU16(rec.data, 0);
        break;
      case xls::kBoundSheet: ReadBoundSheet(rec.data); break;
      case xls::kSst:
        if (biff8_) ReadSst(rec.data, reader);
        break;
      case xls::kEof: return true;
      default: break;
    }
  }
  // The sheets listed so far may still be there.
  ctx_.Error("truncated", "xls: globals substream ends without EOF");
  return !ctx_.stopped();
}

void WorkbookReader::ReadBoundSheet(std::string_view data) {
  if (data.size() < 8) {
    ctx_.Error("corrupt", "xls: BoundSheet8 record too short");
    return;
  }
  SheetRef sheet{{}, XlsU32(data, 0), static_cast<std::uint8_t>(data[5])};
  const std::size_t cch = static_cast<unsigned char>(data[6]);
  bool ok;
  if (biff8_) {
    XlsPieces pieces({data.substr(7)});
    std::uint8_t flags = 0;
    std::u16string units;
    ok = pieces.ReadU8(&flags) && pieces.ReadChars(cch, flags & 1, &units);
    AppendUtf16AsUtf8(units, &sheet.name);
  } else {
    std::string_view bytes = data.substr(7);
    ok = bytes.size() >= cch;
    sheet.name = Decode8(bytes.substr(0, cch));
  }
  if (!ok) ctx_.Error("corrupt", "xls: sheet name cut short");
  for (char& c : sheet.name) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  sheets_.push_back(std::move(sheet));
}

void WorkbookReader::ReadSst(std::string_view data, XlsRecordReader& reader) {
  if (data.size() < 8) {
    ctx_.Error("corrupt", "xls: SST record too short");
    return;
  }
  const std::uint32_t declared = XlsU32(data, 4);
  std::vector<std::string_view> pieces{data.substr(8)};
  for (std::string_view c : reader.TakeContinues()) pieces.push_back(c);
  XlsPieces p(std::move(pieces));
  // Every string takes at least 3 bytes, so the bytes present bound the
  // count whatever the record declares.
  sst_.reserve(std::min<std::uint64_t>(declared, p.remaining() / 3));
  for (std::uint32_t i = 0; i < declared; ++i) {
    if (i % kRecordsPerTimeCheck == kRecordsPerTimeCheck - 1 && !ctx_.CheckTime()) return;
    if (p.AtEnd()) {
      ctx_.Error("corrupt", "xls: shared-string table holds fewer strings than it declares");
      return;
    }
    std::string text;
    bool ok = ReadXlsUnicodeString(p, true, &text);
    sst_.push_back(std::move(text));
    if (!ok) {
      ctx_.Error("truncated", "xls: shared-string table cut short");
      return;
    }
  }
}

bool WorkbookReader::ReadCellString(std::string_view data, XlsRecordReader& reader,
                                    std::string* out) {
  if (biff8_) {
    std::vector<std::string_view> pieces{data};
    for (std::string_view c : reader.TakeContinues()) pieces.push_back(c);
    XlsPieces p(std::move(pieces));
    return ReadXlsUnicodeString(p, false, out);
  }
  if (data.size() < 2) return false;
  const std::size_t cch = XlsU16(data, 0);
  std::string_view bytes = data.substr(2);
  *out = Decode8(bytes.substr(0, cch));
  return bytes.size() >= cch;
}

std::string WorkbookReader::Decode8(std::string_view bytes) {
  std::string out;
  if (codepage_ == 932) {
    if (!cp932_) cp932_ = std::make_unique<TextDecoder>();
    if (cp932_->Reset(TextEncoding::kCp932).ok()) {
      cp932_->Decode(bytes, true, &out);
      return out;
    }
  }
  // Latin-1 for the Western code pages (their 0x80-0x9F punctuation aside);
  // other code pages keep their ASCII, which is what identifiers are in.
  const bool western = codepage_ == 1252 || codepage_ == 367 || codepage_ == 0x8000;
  if (!western && !codepage_reported_) {
    codepage_reported_ = true;
    ctx_.Error("unsupported",
               "xls: BIFF5 code page " + std::to_string(codepage_) + " not decoded; ASCII kept");
  }
  std::u16string units;
  for (unsigned char c : bytes) units.push_back(c < 0x80 || western ? c : 0xFFFD);
  AppendUtf16AsUtf8(units, &out);
  return out;
}

void WorkbookReader::ReadSheet(const SheetRef& sheet, std::size_t number) {
  const std::string which = "xls: sheet " + std::to_string(number);
  XlsRecordReader reader(stream_, sheet.pos);
  XlsRecord rec;
  if (sheet.pos >= stream_.size() || !reader.Next(&rec) || rec.type != xls::kBof) {
    ctx_.Error("corrupt", which + " does not start with a BOF record");
    return;
  }
  ctx_.BeginSegment(0);
  ctx_.Write("sheet: " + sheet.name + "\n");
  ctx_.BeginSegment('\t');
  XlsSheetTable table(ctx_, sst_);
  std::vector<std::string> notes;  // text boxes and comments (TXO)
  int depth = 1;                   // embedded chart substreams nest BOF/EOF
  bool pending = false;            // a FORMULA whose string result follows
  std::uint32_t pending_row = 0, pending_col = 0;
  bool ended = false, cut = false, short_record = false;
  while (!ended && reader.Next(&rec)) {
    if (!Tick()) break;
    if (rec.type == xls::kBof) {
      ++depth;
      continue;
    }
    if (rec.type == xls::kEof) {
      ended = --depth == 0;
      continue;
    }
    if (depth != 1) continue;
    std::string_view d = rec.data;
    auto row = [&] { return XlsU16(d, 0); };
    auto col = [&] { return XlsU16(d, 2); };
    switch (rec.type) {
      case xls::kLabelSst:
        pending = false;
        if (d.size() < 10) break;
        table.AddShared(row(), col(), XlsU32(d, 6));
        continue;
      case xls::kLabel:
      case xls::kRString: {
        pending = false;
        if (d.size() < 8) break;
        std::string text;
        if (!ReadCellString(d.substr(6), reader, &text)) cut = true;
        table.AddText(row(), col(), std::move(text));
        continue;
      }
      case xls::kRk:
        pending = false;
        if (d.size() < 10) break;
        table.AddText(row(), col(), XlsRkText(XlsU32(d, 6)));
        continue;
      case xls::kMulRk: {
        pending = false;
        if (d.size() < 12) break;
        const std::size_t n = (d.size() - 6) / 6;
        for (std::size_t k = 0; k < n; ++k) {
          table.AddText(row(), static_cast<std::uint32_t>(col() + k),
                        XlsRkText(XlsU32(d, 4 + 6 * k + 2)));
        }
        continue;
      }
      case xls::kNumber:
        pending = false;
        if (d.size() < 14) break;
        table.AddText(row(), col(), XlsNumberText(XlsDouble(d, 6)));
        continue;
      case xls::kBoolErr:
        pending = false;
        if (d.size() < 8) break;
        table.AddText(row(), col(),
                      d[7] ? ErrorText(static_cast<std::uint8_t>(d[6]))
                           : std::string(d[6] ? "TRUE" : "FALSE"));
        continue;
      case xls::kFormula:
        pending = false;
        if (d.size() < 20) break;
        if (XlsU16(d, 12) != 0xFFFF) {
          table.AddText(row(), col(), XlsNumberText(XlsDouble(d, 6)));
        } else if (d[6] == 0) {
          pending = true;
          pending_row = row();
          pending_col = col();
        } else if (d[6] == 1) {
          table.AddText(row(), col(), d[8] ? "TRUE" : "FALSE");
        } else if (d[6] == 2) {
          table.AddText(row(), col(), ErrorText(static_cast<std::uint8_t>(d[8])));
        } else {
          table.AddText(row(), col(), {});
        }
        continue;
      case xls::kString: {
        if (!pending) continue;  // a STRING without its FORMULA carries no cell
        pending = false;
        std::string text;
        if (!ReadCellString(d, reader, &text)) cut = true;
        table.AddText(pending_row, pending_col, std::move(text));
        continue;
      }
      case xls::kTxo: {
        if (!biff8_ || d.size() < 14) continue;
        const std::size_t cch = XlsU16(d, 10);
        XlsPieces p(reader.TakeContinues());
        std::uint8_t flags = 0;
        std::u16string units;
        if (cch > 0 && !(p.ReadU8(&flags) && p.ReadChars(cch, flags & 1, &units))) cut = true;
        std::string text;
        AppendUtf16AsUtf8(units, &text);
        if (!text.empty()) notes.push_back(std::move(text));
        continue;
      }
      case xls::kDbCell: table.EndBlock(); continue;
      default: continue;
    }
    short_record = true;
  }
  table.Finish();
  if (short_record) ctx_.Error("corrupt", which + ": cell record too short");
  if (cut) ctx_.Error("truncated", which + ": a string is cut short");
  if (!ended && !ctx_.stopped() && !overlap_) ctx_.Error("truncated", which + " ends without EOF");
  if (!notes.empty() && !ctx_.stopped()) {
    ctx_.BeginSegment(0);
    for (const std::string& note : notes) {
      std::string line = note;
      for (char& c : line) {
        if (c == '\r') c = '\n';
      }
      if (!ctx_.ChargeExpanded(line.size() + 1)) break;
      ctx_.Write(line + "\n");
    }
  }
}

}  // namespace

void ExtractXlsWorkbook(std::string_view workbook_stream, ExtractContext& ctx) {
  std::string plain;
  const XlsFilePass pass = XlsOpenFilePass(workbook_stream, ctx, &plain);
  ctx.BeginPart("xls");
  if (!pass.present) {
    WorkbookReader(workbook_stream, false, ctx).Run();
  } else if (pass.decrypted) {
    // Protected in name only: Excel opens it without asking.
    ctx.RecordProtection(pass.scheme, false);
    WorkbookReader(plain, true, ctx).Run();
  } else {
    ctx.RecordProtection(pass.scheme, true);
    ctx.Error("encrypted-member", "xls: workbook is encrypted (" + pass.scheme + "; " + pass.why +
                                      ") and cannot be read without its password");
  }
  ctx.EndPart();
}

}  // namespace mamori
