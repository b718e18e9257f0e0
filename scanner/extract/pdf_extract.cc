// PDF text through poppler-cpp: each page's text in physical layout (which
// keeps a table row, or a label and its value, on one line), laid out as
// running text and table segments (pdf_layout.h, pdf_writer.h), in one part
// per PDF. An encrypted PDF's scheme is named (pdf_encrypt.h); one that
// opens without a password (an owner password only) is read.
#include <poppler-document.h>
#include <poppler-embedded-file.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <memory>
#include <mutex>
#include <new>
#include <string>

#include "extractors.h"
#include "pdf_encrypt.h"
#include "pdf_layout.h"
#include "pdf_writer.h"

namespace mamori {

namespace {

// poppler reports every syntax problem of a damaged file on stderr; the
// extractor records what it could not read itself.
void IgnorePopplerMessage(const std::string&, void*) {}

void SilencePoppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(IgnorePopplerMessage, nullptr); });
}

// A complete PDF ends with "%%EOF"; readers accept it within the last 1 KiB.
bool HasEndMarker(std::string_view data) {
  constexpr std::size_t kTail = 1024;
  std::string_view tail = data.size() > kTail ? data.substr(data.size() - kTail) : data;
  return tail.find("%%EOF") != std::string_view::npos;
}

bool OnlySpace(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') return false;
  }
  return true;
}

std::string PagesPhrase(int n) { return n == 1 ? "1 page" : std::to_string(n) + " pages"; }

void ExtractPages(poppler::document& doc, ExtractContext& ctx) {
  const int pages = doc.pages();
  int empty = 0;
  int unreadable = 0;
  PdfWriter writer(ctx);
  for (int i = 0; i < pages; ++i) {
    if (!ctx.CheckTime()) break;  // the context has recorded why
    std::unique_ptr<poppler::page> page(doc.create_page(i));
    if (!page) {
      ++unreadable;
      continue;
    }
    const poppler::byte_array utf8 =
        page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
    if (!ctx.ChargeExpanded(utf8.size())) break;
    const std::string_view text(utf8.data(), utf8.size());
    if (OnlySpace(text)) {
      ++empty;
      continue;
    }
    writer.WritePage(LayoutPdfPage(text));
  }
  writer.Finish();
  if (unreadable > 0) {
    ctx.Error("corrupt",
              PagesPhrase(unreadable) + " of " + std::to_string(pages) + " could not be read");
  }
  if (empty > 0) {
    ctx.Error("no-text", PagesPhrase(empty) + " of " + std::to_string(pages) +
                             (empty == 1 ? " holds" : " hold") +
                             " no extractable text (scanned images?)");
  }
}

// An attachment's name as UTF-8: PDF text strings are UTF-16BE after a
// byte-order mark, or PDFDocEncoding (ASCII kept, anything else '?').
std::string AttachmentName(std::string_view raw) {
  std::string out;
  if (raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0xFE &&
      static_cast<unsigned char>(raw[1]) == 0xFF) {
    for (std::size_t i = 2; i + 1 < raw.size(); i += 2) {
      char32_t c =
          (static_cast<unsigned char>(raw[i]) << 8) | static_cast<unsigned char>(raw[i + 1]);
      if (c >= 0xD800 && c <= 0xDBFF && i + 3 < raw.size()) {
        const char32_t low =
            (static_cast<unsigned char>(raw[i + 2]) << 8) | static_cast<unsigned char>(raw[i + 3]);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
          i += 2;
        }
      }
      if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF)) c = '?';
      if (c < 0x80) {
        out.push_back(static_cast<char>(c));
      } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      }
    }
  } else {
    for (char c : raw) out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
  }
  return out;
}

// Files attached to the PDF are named, not read: poppler-cpp decompresses an
// attachment whole, with no bound, so a small PDF could hold a bomb.
void ReportAttachments(const poppler::document& doc, ExtractContext& ctx) {
  constexpr std::size_t kMaxNamed = 20;
  if (!doc.has_embedded_files()) return;
  const std::vector<poppler::embedded_file*> files = doc.embedded_files();
  std::size_t named = 0;
  for (const poppler::embedded_file* file : files) {
    if (named == kMaxNamed) break;
    ++named;
    std::string name = file != nullptr && file->is_valid() ? AttachmentName(file->name()) : "";
    if (name.empty()) name = "attachment-" + std::to_string(named);
    ctx.ErrorIn(name, "unsupported", "a file attached to the PDF was not opened");
  }
  if (files.size() > named) {
    ctx.Error("unsupported", std::to_string(files.size() - named) +
                                 " more files attached to the PDF were not opened");
  }
}

}  // namespace

void ExtractPdf(std::string_view data, ExtractContext& ctx) {
  SilencePoppler();
  if (data.size() > static_cast<std::size_t>(INT_MAX)) {
    ctx.Error("member-too-large", "a PDF over 2 GiB cannot be parsed");
    return;
  }
  const bool cut = !HasEndMarker(data);
  bool in_part = false;
  try {
    // Read in place: poppler keeps a pointer to `data`, which outlives `doc`.
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(data.data(), static_cast<int>(data.size())));
    if (!doc) {
      if (cut) {
        ctx.Error("truncated", "the PDF ends before its end-of-file marker and cannot be opened");
      } else {
        ctx.Error("corrupt", "the PDF cannot be opened: its structure is damaged");
      }
      return;
    }
    // Opened without a password yet locked: a user password is needed. A PDF
    // with only an owner password opens and is read.
    const bool locked = doc->is_locked();
    if (locked || doc->is_encrypted()) {
      std::string scheme = PdfEncryptionScheme(data);
      if (scheme.empty()) scheme = "pdf-encrypted";
      ctx.RecordProtection(scheme, locked);
      if (locked) {
        ctx.Error("encrypted-member", "a PDF that needs a password to open (" + scheme + ")");
        return;
      }
    }
    if (cut) {
      ctx.Error("truncated",
                "the PDF ends before its end-of-file marker; pages past the cut may be missing");
    }
    ctx.BeginPart("pdf");
    in_part = true;
    ExtractPages(*doc, ctx);
    ctx.EndPart();
    in_part = false;
    ReportAttachments(*doc, ctx);
  } catch (const std::bad_alloc&) {
    if (in_part) ctx.EndPart();
    ctx.Error("corrupt", "the PDF could not be read: it needs more memory than there is");
  } catch (...) {
    if (in_part) ctx.EndPart();
    ctx.Error("corrupt", "the PDF could not be read");
  }
}

}  // namespace mamori
