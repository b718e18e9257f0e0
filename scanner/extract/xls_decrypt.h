// The FILEPASS record of an .xls workbook stream ([MS-XLS] 2.4.117,
// 2.2.10): which scheme protects the workbook, and — since Excel encrypts
// a workbook under the default password "VelvetSweatshop" when only its
// structure is protected, and then opens it without asking — whether that
// default password opens it, in which case the stream is decrypted (RC4,
// RC4 CryptoAPI or XOR obfuscation) so it can be read like any other.
//
// Thread-safety: each call uses only its arguments.
#ifndef MAMORI_SCANNER_EXTRACT_XLS_DECRYPT_H_
#define MAMORI_SCANNER_EXTRACT_XLS_DECRYPT_H_

#include <string>
#include <string_view>

#include "extract_context.h"

namespace mamori {

struct XlsFilePass {
  bool present = false;    // the globals substream holds a FILEPASS record
  std::string scheme;      // "xls-xor", "xls-rc4" or "xls-rc4-cryptoapi"
  bool decrypted = false;  // the default password opened it: *plain is readable
  std::string why;         // when present and not decrypted: why not, for the error
};

// Looks for FILEPASS in the globals substream of `stream` and, when one is
// there, tries the default password. On success *plain holds the workbook
// stream decrypted (record headers and the records that were never
// encrypted as they were); the FILEPASS record is left in place.
XlsFilePass XlsOpenFilePass(std::string_view stream, ExtractContext& ctx, std::string* plain);

}  // namespace mamori

#endif  // MAMORI_SCANNER_EXTRACT_XLS_DECRYPT_H_
