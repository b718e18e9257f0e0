// UTF-8 validation for the XML tokenizer (xml_tokenizer.h): each chunk read
// is checked, 32 bytes at a time with AVX2 where the CPU has it (else 16 with
// SSE2), for the characters XML allows, and its line breaks are counted for
// error messages.
//
// Thread-safety: pure functions of their arguments.
#ifndef MAMORI_SCANNER_EXTRACT_XML_UTF8_CHECK_H_
#define MAMORI_SCANNER_EXTRACT_XML_UTF8_CHECK_H_

#include <cstddef>
#include <cstdint>

namespace mamori::xml_internal {

// Counts line breaks as expat does (CR, LF and CRLF one each) in [p, end);
// `prev_cr`: the byte before p was a CR.
std::uint64_t CountBreaks(const char* p, const char* end, bool prev_cr);

// How ValidateXmlUtf8 goes through the bytes: the best the CPU has, or, for
// tests that compare them, one way only.
enum class Utf8Path { kBest, kAvx2, kSse2, kScalar };

// Whether this CPU can take Utf8Path::kAvx2.
bool HasAvx2();

// Checks that [p, p + n) is XML text in UTF-8: well-formed UTF-8 (no
// overlong forms, surrogates or code points past U+10FFFF), none of the C0
// controls but TAB, LF and CR, no U+FFFE or U+FFFF; with `ascii_only`,
// nothing from 0x80. Returns the length of the valid prefix that ends on a
// character boundary; *bad tells an invalid byte there from a sequence that
// the data ends in the middle of. Adds the line breaks of that prefix to
// *lines (*prev_cr carries a CR over to the next call).
std::size_t ValidateXmlUtf8(const unsigned char* p, std::size_t n, bool ascii_only,
                            std::uint64_t* lines, bool* prev_cr, bool* bad,
                            Utf8Path path = Utf8Path::kBest);

}  // namespace mamori::xml_internal

#endif  // MAMORI_SCANNER_EXTRACT_XML_UTF8_CHECK_H_
