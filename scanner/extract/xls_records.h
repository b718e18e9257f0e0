// Low-level reading of a BIFF record stream ([MS-XLS] 2.1.4): records of
// (type u16, size u16, data), records continued by CONTINUE records, the
// string forms whose characters may be split across those continuations,
// and the number forms (RK, IEEE double) as the text a person typed.
//
// Thread-safety: a reader or cursor is not thread-safe; the free functions
// are pure.
#ifndef MAMORI_SCANNER_EXTRACT_XLS_RECORDS_H_
#define MAMORI_SCANNER_EXTRACT_XLS_RECORDS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mamori {

namespace xls {

// Record types this reader acts on.
enum : std::uint16_t {
  kFormula = 0x0006,
  kEof = 0x000A,
  kFilePass = 0x002F,
  kContinue = 0x003C,
  kCodePage = 0x0042,
  kBoundSheet = 0x0085,
  kMulRk = 0x00BD,
  kRString = 0x00D6,
  kDbCell = 0x00D7,
  kSst = 0x00FC,
  kLabelSst = 0x00FD,
  kTxo = 0x01B6,
  kNumber = 0x0203,
  kLabel = 0x0204,
  kBoolErr = 0x0205,
  kString = 0x0207,
  kRk = 0x027E,
  kBof = 0x0809,
  // BOF records of BIFF2, 3 and 4, which this reader does not read.
  kBofBiff2 = 0x0009,
  kBofBiff3 = 0x0209,
  kBofBiff4 = 0x0409,
};

}  // namespace xls

std::uint16_t XlsU16(std::string_view data, std::size_t at);  // REQUIRES: at + 2 <= size
std::uint32_t XlsU32(std::string_view data, std::size_t at);  // REQUIRES: at + 4 <= size

struct XlsRecord {
  std::uint16_t type = 0;
  std::string_view data;
  std::size_t offset = 0;  // of the record header in the stream
};

// Walks the records of a stream from a position. Never reads past the
// stream: a record whose header or data runs past its end ends the walk
// with truncated() set.
class XlsRecordReader {
 public:
  XlsRecordReader(std::string_view stream, std::size_t pos) : stream_(stream), pos_(pos) {}

  // The next record; false at the end of the stream or when truncated.
  bool Next(XlsRecord* rec);
  // The data of the CONTINUE records right after the last record read,
  // which they continue; they are consumed.
  std::vector<std::string_view> TakeContinues();
  bool truncated() const { return truncated_; }
  std::size_t pos() const { return pos_; }

 private:
  std::string_view stream_;
  std::size_t pos_;
  bool truncated_ = false;
};

// Reads across the pieces of a continued record (the record's data, then
// each CONTINUE's). Plain fields run on from one piece into the next;
// string characters do not: each piece they continue into starts with a
// flag byte saying whether the rest is stored 8 or 16 bits wide.
class XlsPieces {
 public:
  explicit XlsPieces(std::vector<std::string_view> pieces) : pieces_(std::move(pieces)) {}

  bool ReadU8(std::uint8_t* v);
  bool ReadU16(std::uint16_t* v);
  bool ReadU32(std::uint32_t* v);
  bool Skip(std::uint64_t n);
  // Appends `cch` characters as UTF-16 code units; `wide` is the flag of the
  // piece they start in. False (with what was read appended) when the
  // pieces end first.
  bool ReadChars(std::size_t cch, bool wide, std::u16string* out);
  // Bytes left in all pieces.
  std::uint64_t remaining() const;
  bool AtEnd() const { return remaining() == 0; }

 private:
  // Moves past exhausted pieces; false when none is left.
  bool Settle();

  std::vector<std::string_view> pieces_;
  std::size_t piece_ = 0;
  std::size_t at_ = 0;
};

// UTF-16 code units (BIFF8 strings) as UTF-8; unpaired surrogates become
// U+FFFD and control characters other than tab and line breaks a space.
void AppendUtf16AsUtf8(std::u16string_view units, std::string* out);

// A BIFF8 XLUnicodeString (cch u16, flags u8, characters) from `pieces`,
// as UTF-8. Rich-text runs and phonetic data, when the flags announce
// them, are skipped. False when the string is cut short.
bool ReadXlsUnicodeString(XlsPieces& pieces, bool rich_extended, std::string* utf8);

// An RkNumber ([MS-XLS] 2.5.217) and an IEEE double as cell text:
// integers written exactly ("123456789012"), others with up to 15
// significant digits as Excel shows them.
std::string XlsRkText(std::uint32_t rk);
std::string XlsNumberText(double value);
double XlsDouble(std::string_view data, std::size_t at);  // REQUIRES: at + 8 <= size

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_XLS_RECORDS_H_
