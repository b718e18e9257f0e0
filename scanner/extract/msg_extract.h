// Outlook .msg ([MS-OXMSG]): a message stored as CFB storages and streams.
// The message's own part ("msg") holds its subject, sender, recipients and
// plain-text body; then, each as a member of its own, the HTML body
// ("body.html"), the RTF body when it is the only one ("body.rtf",
// decompressed from [MS-OXRTFCP]), and every attachment under its file
// name. An attached message (attach method 5) is read as a nested message,
// an attached OLE object (method 6) as the CFB document it holds.
//
// 8-bit strings (type 001E) are read in the message's code page
// (PidTagMessageCodepage 3FFD, else PidTagInternetCodepage 3FDE), or in the
// detected encoding when it names none.
//
// Thread-safety: each call uses only its arguments.
#ifndef MAMORI_SCANNER_EXTRACT_MSG_EXTRACT_H_
#define MAMORI_SCANNER_EXTRACT_MSG_EXTRACT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "cfb_reader.h"
#include "extract_context.h"

namespace mamori {

// Extracts the message in `storage`: the root of a .msg (`embedded`
// false), or an attachment's "__substg1.0_3701000D" storage.
void ExtractMsg(CfbReader& cfb, std::uint32_t storage, bool embedded, ExtractContext& ctx);

// The document in `storage` by the streams it holds (cfb_extract.cc):
// Word, PowerPoint, Excel, a message; "unsupported" otherwise.
void ExtractCfbStorage(CfbReader& cfb, std::uint32_t storage, ExtractContext& ctx);

// RTF from compressed RTF ([MS-OXRTFCP], "LZFu" or stored "MELA"), at most
// `limit` bytes. False when `in` is not compressed RTF or is damaged; *out
// then holds what could be decompressed.
bool DecompressRtf(std::string_view in, std::uint64_t limit, std::string* out);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_MSG_EXTRACT_H_
