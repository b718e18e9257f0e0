// How identifiers are written in Japanese documents: the digit and separator
// variants a rule's shape may use (shared/spec/identifiers.md, "Writing
// conventions"). Detection runs on UTF-8, so each variant is its UTF-8 bytes.
//
// Thread-safety: immutable tables; pure functions.
#ifndef MAMORI_WRITING_FORMS_H_
#define MAMORI_WRITING_FORMS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mamori {

// Separator classes a rule may name: "" (digits run together), "space"
// (ASCII space, NBSP, ideographic space) and "hyphen" (hyphen-minus, U+2010-2015,
// minus U+2212, full-width hyphen U+FF0D, and the long-vowel marks ー/ｰ that are
// misused as hyphens). Returns nullptr for an unknown class.
const std::vector<std::string>* SeparatorVariants(std::string_view separator_class);

// A Hyperscan (byte-mode) expression matching one digit: ASCII or full-width.
std::string DigitRegex();
// A Hyperscan expression matching one variant of the class.
std::string SeparatorRegex(std::string_view separator_class);

// The non-ASCII variants of every separator class, as UTF-8 bytes.
std::vector<std::string> NonAsciiSeparators();
// Expressions matching wherever a value could use a non-ASCII form: a
// full-width digit, or an ASCII digit followed by a non-ASCII separator of
// any class. Text where none match holds only ASCII-form values. (The
// matcher finds these with FormTriggerFinder; the expressions are its
// reference in tests.)
std::vector<std::string> NonAsciiFormTriggers();
// The most bytes one digit or one separator variant takes.
inline constexpr std::size_t kMaxFormBytes = 3;

// The digit ('0'..'9') whose UTF-8 encoding ends just before `end` in `data`
// (ASCII or full-width), with *len its byte length; -1 if none.
int DigitEndingAt(std::string_view data, std::size_t end, std::size_t* len);
// The digit starting at `pos`, with *len its byte length; -1 if none.
int DigitStartingAt(std::string_view data, std::size_t pos, std::size_t* len);

}  // namespace mamori

#endif  // MAMORI_WRITING_FORMS_H_
