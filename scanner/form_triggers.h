// FormTriggerFinder: where a value might be written in a non-ASCII form — a
// full-width digit, or an ASCII digit followed by a non-ASCII space or
// hyphen (writing_forms.h) — so that the matcher runs the value expressions
// that read such forms only in windows around them. They used to be
// Hyperscan literals, which were 10-15% of a scan of a UTF-8 CSV (measured
// on the benchmark's ledger: 0.21 s against 0.18 s without them): in
// Japanese text nearly every character starts with a byte they begin with.
// Here they are read off the masks the digit-run pass (digit_runs.h) makes
// of every 64-byte block anyway: only blocks with a byte >= 0x80 are looked
// at, and in them only non-ASCII bytes right after a digit and EF bytes
// (the lead of a full-width digit).
//
// Reports the same ends as Hyperscan would for NonAsciiFormTriggers(): one
// past the last byte of each match, in increasing order (matches cannot
// overlap: each starts on a UTF-8 lead byte and goes on with continuation
// bytes).
//
// Thread-safety: immutable after construction; its methods may be called
// concurrently.
#ifndef MAMORI_SCANNER_FORM_TRIGGERS_H_
#define MAMORI_SCANNER_FORM_TRIGGERS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mamori {

class FormTriggerFinder {
 public:
  FormTriggerFinder();

  // Appends the end of every trigger in `data` to *ends, on a pass of its
  // own.
  void Find(std::string_view data, std::vector<std::size_t>* ends) const;

  // The same for the 64-byte block data[i, i + 64), as ForEachDigitRun's
  // on_high_block sees it (digit_runs.h); called for each block in order.
  void FindInBlock(std::string_view data, std::size_t i, const char* p, std::uint64_t digits,
                   std::uint64_t high, bool digit_before, std::vector<std::size_t>* ends) const;

 private:
  // The end of the trigger starting at data[at] (a lead byte the masks
  // picked), or 0.
  std::size_t EndAt(std::string_view data, std::size_t at) const;

  std::vector<std::string> separators_;  // non-ASCII, 2 or 3 bytes each
};

}  // namespace mamori

#endif  // MAMORI_SCANNER_FORM_TRIGGERS_H_
