#include "doc_text.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "byte_order.h"
#include "office_crypto.h"
#include "table_text.h"

namespace mamori {

namespace {

// CP1252's 0x80-0x9F; the rest of the byte range is Latin-1.
constexpr std::uint16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

// FIB fields (MS-DOC 2.5.1): flags in FibBase, then lengths in FibRgLw97
// and (fc, lcb) pairs in FibRgFcLcb97, located through their counts.
constexpr std::uint16_t kFibIdent = 0xA5EC;
constexpr std::uint16_t kFlagEncrypted = 0x0100;
constexpr std::uint16_t kFlagWhichTable = 0x0200;
constexpr std::uint16_t kFlagObfuscated = 0x8000;
constexpr std::uint16_t kLastWord95Fib = 0x0068;  // Word 6 and 95: another FIB
constexpr int kFcPlcfBtePapx = 13;
constexpr int kFcClx = 33;

struct Piece {
  std::uint32_t cp_start = 0;
  std::uint32_t chars = 0;
  std::uint32_t fc = 0;  // byte offset in the WordDocument stream
  bool compressed = false;
};

// What a paragraph mark's PAPX says about tables.
struct ParaTable {
  bool known = false;     // the PAPX was found and read
  bool in_table = false;  // sprmPFInTable
  bool row_end = false;   // sprmPFTtp: this 0x07 ends a row, not a cell
};

// Paragraph properties through PlcBtePapx and its 512-byte PapxFkp pages.
class PapxIndex {
 public:
  PapxIndex(std::string_view word, std::string_view table, std::uint32_t fc, std::uint32_t lcb)
      : word_(word) {
    if (lcb < 4 || fc > table.size() || lcb > table.size() - fc) return;
    const std::string_view plc = table.substr(fc, lcb);
    const std::size_t n = (plc.size() - 4) / 8;
    for (std::size_t i = 0; i < n; ++i) {
      pages_.push_back({Le32(plc, 4 * i), Le32(plc, 4 * i + 4), Le32(plc, 4 * (n + 1) + 4 * i)});
    }
  }

  ParaTable Lookup(std::uint32_t fc) const {
    ParaTable out;
    auto it = std::upper_bound(pages_.begin(), pages_.end(), fc,
                               [](std::uint32_t f, const Page& p) { return f < p.fc_end; });
    if (it == pages_.end() || fc < it->fc_start) return out;
    const std::uint64_t at = static_cast<std::uint64_t>(it->pn & 0x3FFFFF) * 512;
    if (at + 512 > word_.size()) return out;
    const std::string_view fkp = word_.substr(at, 512);
    const unsigned crun = static_cast<unsigned char>(fkp[511]);
    if (crun == 0 || 4 * (crun + 1) + 13 * crun > 511) return out;
    unsigned run = crun;
    for (unsigned i = 0; i < crun; ++i) {
      if (Le32(fkp, 4 * i) <= fc && fc < Le32(fkp, 4 * i + 4)) run = i;
    }
    if (run == crun) return out;
    const std::size_t papx =
        2 * static_cast<std::size_t>(static_cast<unsigned char>(fkp[4 * (crun + 1) + 13 * run]));
    out.known = true;
    if (papx == 0 || papx + 2 > 511) return out;  // no properties: plain text
    std::size_t start = papx + 1;
    std::size_t len = 2 * static_cast<std::size_t>(static_cast<unsigned char>(fkp[papx])) - 1;
    if (fkp[papx] == 0) {
      start = papx + 2;
      len = 2 * static_cast<std::size_t>(static_cast<unsigned char>(fkp[papx + 1]));
    }
    if (start + len > 511 || len < 2) return out;
    ReadSprms(fkp.substr(start + 2, len - 2), &out);  // after the istd
    return out;
  }

 private:
  struct Page {
    std::uint32_t fc_start, fc_end, pn;
  };

  static void ReadSprms(std::string_view g, ParaTable* out) {
    std::size_t pos = 0;
    while (pos + 2 <= g.size()) {
      const std::uint16_t sprm = Le16(g, pos);
      pos += 2;
      std::size_t size = 0;
      switch (sprm >> 13) {
        case 0:
        case 1: size = 1; break;
        case 2:
        case 4:
        case 5: size = 2; break;
        case 3: size = 4; break;
        case 7: size = 3; break;
        default:  // variable: a length byte, or two for sprmTDefTable
          if (pos >= g.size()) return;
          if (sprm == 0xD608 || sprm == 0xD606) {
            if (pos + 2 > g.size()) return;
            size = 2 + std::max<std::size_t>(Le16(g, pos), 1) - 1;
          } else if (sprm == 0xC615 && static_cast<unsigned char>(g[pos]) == 255) {
            return;  // sprmPChgTabs' long form: nothing after it matters here
          } else {
            size = 1 + static_cast<unsigned char>(g[pos]);
          }
      }
      if (pos + size > g.size()) return;
      const bool on = size >= 1 && g[pos] != 0;
      if (sprm == 0x2416) out->in_table = on;          // sprmPFInTable
      if (sprm == 0x2417) out->row_end = on;           // sprmPFTtp
      if (sprm == 0x244C && on) out->in_table = true;  // sprmPFInnerTtp: nested row end
      pos += size;
    }
  }

  std::string_view word_;
  std::vector<Page> pages_;
};

// Turns the character stream into paragraphs and table rows.
class DocWriter {
 public:
  DocWriter(ExtractContext& ctx, const PapxIndex& papx) : ctx_(ctx), papx_(papx) {}

  void Char(std::uint32_t c, std::uint32_t fc) {
    const std::uint32_t prev = prev_;
    prev_ = c;
    // Field codes (between 0x13 and 0x14) are instructions, not text; the
    // result (up to 0x15) is what the reader sees.
    if (c == 0x13) {
      if (fields_.size() < kMaxFieldDepth) {
        fields_.push_back(true);
        ++in_code_;
      } else {
        ++deeper_fields_;
      }
      return;
    }
    if (c == 0x14) {
      if (deeper_fields_ == 0 && !fields_.empty() && fields_.back()) {
        fields_.back() = false;
        --in_code_;
      }
      return;
    }
    if (c == 0x15) {
      if (deeper_fields_ > 0) {
        --deeper_fields_;
      } else if (!fields_.empty()) {
        if (fields_.back()) --in_code_;
        fields_.pop_back();
      }
      return;
    }
    if (in_code_ > 0 || deeper_fields_ > 0) return;
    switch (c) {
      case 0x0D: return ParagraphEnd(fc);
      case 0x07: return CellEnd(fc, prev);
      case 0x0B:                                 // line break
      case 0x0C:                                 // page or section break
      case 0x0E: para_.push_back('\n'); return;  // column break
      case 0x09: para_.push_back('\t'); return;
      case 0x1E: para_.push_back('-'); return;  // non-breaking hyphen
      case 0xA0: para_.push_back(' '); return;
      default:
        if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) return;  // anchors, optional hyphen
        AppendCodePoint(c, &para_);
    }
  }

  void Finish() {
    if (!row_.empty() || row_cells_ > 0) {
      if (!para_.empty()) AppendCell(&row_, para_, row_cells_++ == 0);
      para_.clear();
      FlushRow();
    }
    if (!para_.empty()) FlushParagraph();
  }

 private:
  void ParagraphEnd(std::uint32_t fc) {
    const ParaTable t = papx_.Lookup(fc);
    // Without properties, a paragraph mark inside an open row is taken to
    // be inside a cell.
    const bool in_cell = t.known ? t.in_table : row_cells_ > 0;
    if (in_cell) {
      para_.push_back('\n');
      return;
    }
    if (row_cells_ > 0) FlushRow();
    FlushParagraph();
  }

  void CellEnd(std::uint32_t fc, std::uint32_t prev) {
    const ParaTable t = papx_.Lookup(fc);
    // Without properties: rows are as wide as the table's first, whose
    // end is taken to be the empty paragraph right after its last cell.
    bool row_end = t.row_end;
    // A cell mark whose paragraph is not in a table can only be a row's end
    // whose TTP sprm was not read (LibreOffice writes the row's table
    // properties before it, in forms ReadSprms may stop at).
    if (t.known && !t.in_table && !t.row_end && row_cells_ > 0 && para_.empty()) row_end = true;
    if (!t.known) {
      row_end =
          columns_ > 0 ? row_cells_ >= columns_ : prev == 0x07 && para_.empty() && row_cells_ > 0;
    }
    if (row_end) {
      if (columns_ == 0) columns_ = row_cells_;
      para_.clear();
      FlushRow();
      return;
    }
    AppendCell(&row_, para_, row_cells_++ == 0);
    para_.clear();
  }

  void FlushRow() {
    if (!in_table_) {
      ctx_.BeginSegment('\t');
      in_table_ = true;
    }
    row_.push_back('\n');
    ctx_.Write(row_);
    row_.clear();
    row_cells_ = 0;
  }

  void FlushParagraph() {
    if (in_table_) {
      ctx_.BeginSegment(0);
      in_table_ = false;
      columns_ = 0;
    }
    para_.push_back('\n');
    ctx_.Write(para_);
    para_.clear();
  }

  ExtractContext& ctx_;
  const PapxIndex& papx_;
  std::string para_;
  std::string row_;
  int row_cells_ = 0;
  int columns_ = 0;  // cells in the current table's first row
  bool in_table_ = false;
  std::uint32_t prev_ = 0;
  // Open fields, true while in their code; nesting past kMaxFieldDepth is
  // only counted.
  static constexpr std::size_t kMaxFieldDepth = 64;
  std::vector<bool> fields_;
  std::size_t in_code_ = 0;
  std::size_t deeper_fields_ = 0;
};

// The pieces of the CLX (MS-DOC 2.9.38): Prc entries to skip, then the Pcdt.
bool ReadPieces(std::string_view clx, std::vector<Piece>* pieces, ExtractContext& ctx) {
  std::size_t pos = 0;
  while (pos < clx.size() && clx[pos] == 0x01) {
    if (pos + 3 > clx.size()) break;
    pos += 3 + Le16(clx, pos + 1);
  }
  if (pos + 5 > clx.size() || clx[pos] != 0x02) {
    ctx.Error("corrupt", "the Word piece table cannot be found");
    return false;
  }
  const std::uint32_t lcb = Le32(clx, pos + 1);
  if (lcb > clx.size() - pos - 5 || lcb < 16) {
    ctx.Error("corrupt", "the Word piece table runs past its stream");
    return false;
  }
  const std::string_view plc = clx.substr(pos + 5, lcb);
  const std::size_t n = (plc.size() - 4) / 12;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t cp = Le32(plc, 4 * i), next = Le32(plc, 4 * i + 4);
    if (next < cp) {
      ctx.Error("corrupt", "the Word piece table is out of order");
      return !pieces->empty();
    }
    const std::uint32_t raw = Le32(plc, 4 * (n + 1) + 8 * i + 2);
    Piece p;
    p.cp_start = cp;
    p.chars = next - cp;
    p.compressed = (raw & 0x40000000) != 0;
    p.fc = p.compressed ? (raw & 0x3FFFFFFF) / 2 : raw & 0x3FFFFFFF;
    pieces->push_back(p);
  }
  return true;
}

// An encrypted or obfuscated document: its scheme is told by fObfuscated
// and, for RC4, by the encryption header that starts its table stream in
// the clear ([MS-DOC] 2.2.6). Word has no default password, so the text
// stays unread.
void ReportEncryptedDoc(CfbReader& cfb, std::uint32_t storage, std::uint16_t nfib,
                        std::uint16_t flags, ExtractContext& ctx) {
  std::string scheme = "doc-rc4";
  std::string what;
  if ((flags & kFlagObfuscated) || nfib <= kLastWord95Fib) {
    // Word 6 and 95 only ever obfuscate.
    scheme = "doc-xor";
    what = "XOR obfuscation";
  } else {
    std::string table;
    const char* table_name = (flags & kFlagWhichTable) ? "1Table" : "0Table";
    BinaryRc4Header header;
    if (!cfb.ReadChild(storage, table_name, ctx, &table)) {
      what = "RC4, its table stream missing";
    } else {
      switch (ParseBinaryRc4Header(table, &header)) {
        case BinaryRc4Parse::kOk:
          if (header.cryptoapi) scheme = "doc-rc4-cryptoapi";
          what = std::string(header.cryptoapi ? "RC4 CryptoAPI " : "RC4 ") +
                 std::to_string(header.key_bits) + "-bit";
          break;
        case BinaryRc4Parse::kUnsupported:
          scheme = "doc-rc4-cryptoapi";
          what = "CryptoAPI with a cipher other than RC4";
          break;
        case BinaryRc4Parse::kUnknownVersion:
          what = "RC4, encryption header of unknown version " + std::to_string(header.major) + "." +
                 std::to_string(header.minor);
          break;
        case BinaryRc4Parse::kTruncated:
          if (header.cryptoapi) scheme = "doc-rc4-cryptoapi";
          what = "RC4, encryption header cut short";
          break;
      }
    }
  }
  ctx.RecordProtection(scheme, true);
  ctx.Error("encrypted-member",
            "an encrypted Word document (" + what + ") cannot be read without its password");
}

}  // namespace

void ExtractDoc(CfbReader& cfb, std::uint32_t storage, ExtractContext& ctx) {
  std::string word;
  if (!cfb.ReadChild(storage, "WordDocument", ctx, &word)) return;
  if (word.size() < 34 || Le16(word, 0) != kFibIdent) {
    ctx.Error("corrupt", "the WordDocument stream has no valid FIB");
    return;
  }
  const std::uint16_t flags = Le16(word, 0x0A);
  if (flags & kFlagEncrypted) return ReportEncryptedDoc(cfb, storage, Le16(word, 2), flags, ctx);
  if (Le16(word, 2) <= kLastWord95Fib) {
    ctx.Error("unsupported", "Word documents older than Word 97 cannot be read");
    return;
  }
  // FibRgW97, FibRgLw97 and FibRgFcLcb each start with their length.
  std::size_t pos = 32;
  pos += 2 + 2 * static_cast<std::size_t>(Le16(word, pos));
  if (pos + 2 > word.size()) return ctx.Error("truncated", "the Word FIB is cut short");
  pos += 2 + 4 * static_cast<std::size_t>(Le16(word, pos));
  if (pos + 2 > word.size()) return ctx.Error("truncated", "the Word FIB is cut short");
  const std::size_t pairs = Le16(word, pos);
  const std::size_t fclcb = pos + 2;
  if (pairs <= kFcClx || fclcb + 8 * (kFcClx + 1) > word.size()) {
    return ctx.Error("truncated", "the Word FIB is cut short");
  }
  auto fc_of = [&](int i) { return Le32(word, fclcb + 8 * i); };
  auto lcb_of = [&](int i) { return Le32(word, fclcb + 8 * i + 4); };

  std::string table;
  const char* table_name = (flags & kFlagWhichTable) ? "1Table" : "0Table";
  if (!cfb.ReadChild(storage, table_name, ctx, &table)) {
    ctx.Error("corrupt", std::string("the Word table stream ") + table_name + " is missing");
    return;
  }
  const std::uint32_t clx_fc = fc_of(kFcClx), clx_lcb = lcb_of(kFcClx);
  if (clx_fc > table.size() || clx_lcb > table.size() - clx_fc) {
    return ctx.Error("corrupt", "the Word piece table lies outside its stream");
  }
  std::vector<Piece> pieces;
  if (!ReadPieces(std::string_view(table).substr(clx_fc, clx_lcb), &pieces, ctx)) return;

  PapxIndex papx(word, table, fc_of(kFcPlcfBtePapx), lcb_of(kFcPlcfBtePapx));
  ctx.BeginPart("doc");
  DocWriter out(ctx, papx);
  // Pieces of a sane file do not overlap, so together they hold no more
  // bytes than the stream; more means a hostile table repeating one range.
  std::uint64_t budget = word.size();
  bool damaged = false;
  for (const Piece& p : pieces) {
    if (!ctx.CheckTime()) break;
    const std::uint64_t width = p.compressed ? 1 : 2;
    std::uint64_t chars = p.chars;
    if (p.fc > word.size() || chars * width > word.size() - p.fc) {
      damaged = true;
      chars = p.fc > word.size() ? 0 : (word.size() - p.fc) / width;
    }
    if (chars * width > budget) {
      ctx.Error("corrupt", "the Word piece table repeats text; reading stopped");
      break;
    }
    budget -= chars * width;
    for (std::uint32_t i = 0; i < chars; ++i) {
      if ((i & 0xFFFFF) == 0xFFFFF && !ctx.CheckTime()) break;
      const std::uint32_t fc = p.fc + static_cast<std::uint32_t>(i * width);
      std::uint32_t c;
      if (p.compressed) {
        c = static_cast<unsigned char>(word[fc]);
        if (c >= 0x80 && c < 0xA0) c = kCp1252High[c - 0x80];
      } else {
        c = Le16(word, fc);
        // A surrogate pair arrives as two units.
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < chars) {
          const std::uint32_t lo = Le16(word, fc + 2);
          if (lo >= 0xDC00 && lo <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
            ++i;
          }
        }
      }
      out.Char(c, fc);
    }
  }
  if (damaged) ctx.Error("truncated", "Word text runs past the end of its stream");
  out.Finish();
  ctx.EndPart();
}

}  // namespace mamori
