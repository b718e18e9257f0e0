// Protection of documents and messages: PDF security handlers (RC4-40 to
// AES-256, user password or owner password only), OpenPGP (passphrase or
// public key, binary or armored), S/MIME (enveloped, signed) and ODF
// (manifest algorithms). Fixtures: tests/fixtures/protected/{pdf,pgp,smime}/
// (make_protected_docs.sh) and protected/odf/ (make_protected_office.sh).
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <tuple>

#include "mamori/format_sniffer.h"
#include "recording_sink.h"
#include "scanner/extract/dispatch.h"
#include "scanner/extract/extractors.h"
#include "scanner/extract/pdf_encrypt.h"
#include "scanner/extract/pgp_detect.h"
#include "scanner/extract/smime_detect.h"
#include "test_util.h"
#include "zip_maker.h"

namespace mamori {
namespace {

std::string Fixture(const std::string& path) {
  return testing::ReadFile(std::string(MAMORI_SOURCE_DIR) + "/tests/fixtures/" + path);
}

// A root context that records protection (RecordingContext does not pass
// its `protection` to the context).
struct Run {
  ExtractLimits limits;
  testing::RecordingSink sink;
  std::vector<ScanError> errors;
  bool incomplete = false;
  Protection protection;
  ExtractContext ctx{limits, &sink, &errors, &incomplete, &protection};

  // Sniffs `data` as the file `name` and extracts it as the scanner does.
  SniffResult Scan(const std::string& name, const std::string& data) {
    const SniffResult format = SniffFormat(name, data.substr(0, 64 << 10));
    if (format.kind != FormatKind::kText) {
      MemoryInput in(data);
      ExtractFormat(format, name, in, ctx);
    }
    return format;
  }
  const ScanError* Error(std::string_view member, std::string_view reason) const {
    for (const auto& e : errors) {
      if (e.member == member && e.reason == reason) return &e;
    }
    return nullptr;
  }
  const ProtectedMember* Member(std::string_view name) const {
    for (const auto& m : protection.members) {
      if (m.member == name) return &m;
    }
    return nullptr;
  }
};

bool Has(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

// --- PDF ---------------------------------------------------------------------

TEST_CASE("pdf: each security handler is named; a user password locks it",
          "[extract][protection]") {
  const auto [file, scheme] = GENERATE(table<std::string, std::string>({
      {"rc4_40", "pdf-rc4-40"},
      {"rc4_128", "pdf-rc4-128"},
      {"aes128", "pdf-aes128"},
      {"aes256", "pdf-aes256"},
  }));
  CAPTURE(file);
  Run r;
  r.Scan(file + "_user.pdf", Fixture("protected/pdf/" + file + "_user.pdf"));
  CHECK(r.protection.scheme == scheme);
  CHECK(r.protection.encrypted);
  CHECK(r.protection.members.empty());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].reason == "encrypted-member");
  CHECK(Has(r.errors[0].message, scheme));
  CHECK_FALSE(Has(r.sink.AllText(), "123456789018"));
}

TEST_CASE("pdf: an owner password alone is named but the text is read", "[extract][protection]") {
  const auto [file, scheme] = GENERATE(table<std::string, std::string>({
      {"rc4_40", "pdf-rc4-40"},
      {"rc4_128", "pdf-rc4-128"},
      {"aes128", "pdf-aes128"},
      {"aes256", "pdf-aes256"},
  }));
  CAPTURE(file);
  Run r;
  r.Scan(file + "_owner.pdf", Fixture("protected/pdf/" + file + "_owner.pdf"));
  CHECK(r.protection.scheme == scheme);
  CHECK_FALSE(r.protection.encrypted);
  CHECK(r.errors.empty());
  CHECK(Has(r.sink.AllText(), "個人番号\t123456789018"));
}

TEST_CASE("pdf: the Encrypt dictionary behind a cross-reference stream", "[extract][protection]") {
  Run r;
  r.Scan("x.pdf", Fixture("protected/pdf/aes256_objstm_user.pdf"));
  CHECK(r.protection.scheme == "pdf-aes256");
  CHECK(r.protection.encrypted);
  CHECK(r.Error("", "encrypted-member") != nullptr);
}

TEST_CASE("pdf: a plain PDF has no protection", "[extract][protection]") {
  Run r;
  r.Scan("x.pdf", Fixture("pdf/cid_japanese.pdf"));
  CHECK(r.protection.scheme.empty());
  CHECK_FALSE(r.protection.encrypted);
  CHECK(Has(r.sink.AllText(), "123456789018"));
}

TEST_CASE("pdf: Encrypt dictionaries read by hand", "[extract][protection]") {
  auto pdf = [](const std::string& objects, const std::string& trailer) {
    return "%PDF-1.7\n" + objects + "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 9 " +
           trailer + " >>\nstartxref\n9\n%%EOF\n";
  };
  // Direct dictionaries, comments and strings in the way.
  CHECK(PdfEncryptionScheme(
            pdf("", "/Encrypt << /Filter /Standard /V 1 /R 2 /O (a\\)b(c)>>) >>")) == "pdf-rc4-40");
  CHECK(PdfEncryptionScheme(pdf("", "/Encrypt<</Filter/Standard/V 2/R 3/Length 40>>")) ==
        "pdf-rc4-40");
  CHECK(PdfEncryptionScheme(pdf("",
                                "/Encrypt << % note\n/Filter /Standard /V 2 /R 3 "
                                "/Length 128 >>")) == "pdf-rc4-128");
  // Crypt filters: the one streams use.
  CHECK(PdfEncryptionScheme(pdf("",
                                "/Encrypt << /Filter /Standard /V 4 /R 4 /StmF /A /CF << "
                                "/B << /CFM /V2 >> /A << /CFM /AESV2 >> >> >>")) == "pdf-aes128");
  CHECK(PdfEncryptionScheme(pdf("",
                                "/Encrypt << /Filter /Standard /V 4 /R 4 /StmF /StdCF "
                                "/CF << /StdCF << /CFM /V2 /Length 16 >> >> >>")) == "pdf-rc4-128");
  CHECK(PdfEncryptionScheme(pdf("", "/Encrypt << /Filter /Standard /V 5 /R 6 >>")) == "pdf-aes256");
  // An indirect reference: the last definition of the object counts.
  CHECK(PdfEncryptionScheme(pdf("7 0 obj\n<< /Filter /Standard /V 1 /R 2 >>\nendobj\n"
                                "7 0 obj\n<< /Filter /Standard /V 5 /R 5 >>\nendobj\n",
                                "/Encrypt 7 0 R")) == "pdf-aes256");
  // Public-key security, a missing object, a broken dictionary.
  CHECK(PdfEncryptionScheme(pdf("", "/Encrypt << /Filter /Adobe.PubSec /V 4 >>")) ==
        "pdf-encrypted");
  CHECK(PdfEncryptionScheme(pdf("", "/Encrypt 12 0 R")) == "pdf-encrypted");
  CHECK(PdfEncryptionScheme(pdf("17 0 obj\n<< /Filter /Standard /V", "/Encrypt 17 0 R")) ==
        "pdf-encrypted");
  // No Encrypt entry: /EncryptMetadata is another key.
  CHECK(PdfEncryptionScheme(pdf("", "/EncryptMetadata false")).empty());
  CHECK(PdfEncryptionScheme("").empty());
  // Hostile nesting and unterminated syntax end, bounded.
  CHECK(PdfEncryptionScheme(pdf("", "/Encrypt " + std::string(100000, '<'))).empty());
  CHECK(
      PdfEncryptionScheme(pdf("", "/Encrypt << /A [" + std::string(100000, '[') + " >>")).empty());
  CHECK(PdfEncryptionScheme("/Encrypt << /Filter (unterminated").empty());
}

// --- OpenPGP -----------------------------------------------------------------

TEST_CASE("openpgp: passphrase and public-key messages, binary and armored",
          "[extract][protection]") {
  const auto [file, how] = GENERATE(table<std::string, std::string>({
      {"symmetric.gpg", "with a passphrase (symmetric)"},
      {"symmetric.asc", "with a passphrase (symmetric)"},
      {"public_key.gpg", "to a public key"},
      {"public_key.asc", "to a public key"},
  }));
  CAPTURE(file);
  Run r;
  const std::string data = Fixture("protected/pgp/" + file);
  CHECK(r.Scan(file, data).format == "openpgp");
  // The name does not matter.
  CHECK(SniffFormat("noname", data).format == "openpgp");
  CHECK(r.protection.scheme == "openpgp");
  CHECK(r.protection.encrypted);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].reason == "encrypted-member");
  CHECK(r.errors[0].message == "an OpenPGP message encrypted " + how + " cannot be read");
}

TEST_CASE("openpgp: a signed message is not encrypted", "[extract][protection]") {
  Run r;
  CHECK(r.Scan("x.asc", Fixture("protected/pgp/signed_only.asc")).format == "openpgp");
  CHECK(r.protection.scheme.empty());
  CHECK_FALSE(r.protection.encrypted);
  CHECK(r.Error("", "unsupported") != nullptr);
  CHECK(r.Error("", "encrypted-member") == nullptr);
}

TEST_CASE("openpgp: an encrypted member of a zip is judged on its own", "[extract][protection]") {
  Run r;
  CHECK(r.Scan("mixed.zip", Fixture("protected/pgp/mixed.zip")).format == "zip");
  CHECK_FALSE(r.protection.encrypted);
  REQUIRE(r.protection.members.size() == 1);
  CHECK(r.protection.members[0].member == "meibo.csv.gpg");
  CHECK(r.protection.members[0].scheme == "openpgp");
  CHECK(r.protection.members[0].encrypted);
  CHECK(r.Error("meibo.csv.gpg", "encrypted-member") != nullptr);
  const testing::RecordedPart* plain = r.sink.Find("meibo.csv");
  REQUIRE(plain != nullptr);
  CHECK(Has(plain->text, "123456789018"));
}

TEST_CASE("openpgp: binary recognition checks the session key packets", "[extract][protection]") {
  // New-format SKESK v4 (AES-256, iterated S2K) then SEIPD.
  const std::string skesk("\xC3\x0D\x04\x09\x03\x02\x01\x02\x03\x04\x05\x06\x07\x08\x60", 15);
  const PgpMessage m = ClassifyPgpBinary(skesk + "\xD2\x40" + std::string(64, 'x'));
  CHECK(m.recognised);
  CHECK(m.passphrase);
  CHECK_FALSE(m.public_key);
  // A bad version, cipher or S2K, or the wrong packet after it.
  std::string bad = skesk;
  bad[2] = 7;
  CHECK_FALSE(ClassifyPgpBinary(bad).recognised);
  bad = skesk;
  bad[3] = 0;
  CHECK_FALSE(ClassifyPgpBinary(bad).recognised);
  bad = skesk;
  bad[4] = 5;  // a reserved hash
  CHECK_FALSE(ClassifyPgpBinary(bad).recognised);
  CHECK_FALSE(ClassifyPgpBinary(skesk + "\xCB\x10").recognised);  // literal data
  CHECK_FALSE(ClassifyPgpBinary(skesk + "A").recognised);
  // Old-format PKESK v3 whose length cannot hold one.
  CHECK_FALSE(ClassifyPgpBinary(std::string("\x84\x05\x03\x01\x02\x03\x04", 7)).recognised);
  // Every prefix of a real message: no crash; recognised once the version
  // fields that check its length are there.
  const std::string real = Fixture("protected/pgp/public_key.gpg");
  for (std::size_t n = 0; n <= real.size(); ++n) {
    const PgpMessage p = ClassifyPgpBinary(std::string_view(real).substr(0, n));
    CHECK(p.public_key == (n >= 15));
  }
}

TEST_CASE("openpgp and smime: random binary data is not taken for either",
          "[extract][protection]") {
  std::mt19937 rng(20261201);
  std::string head(256, '\0');
  int pgp = 0, cms = 0;
  for (int i = 0; i < 200000; ++i) {
    for (char& c : head) c = static_cast<char>(rng());
    // Half of them start like a session key packet.
    if (i % 2 == 0) head[0] = "\x84\x85\x8C\x8D\xC1\xC3"[i / 2 % 6];
    if (i % 4 == 1) head[0] = '\x30';
    pgp += ClassifyPgp(head).recognised;
    cms += ClassifyCms(head) != CmsType::kNone;
    if (SniffFormat("x.bin", head).kind == FormatKind::kOpaque) ++pgp;
  }
  CHECK(pgp == 0);
  CHECK(cms == 0);
}

// --- S/MIME ------------------------------------------------------------------

TEST_CASE("smime: an enveloped message is encrypted; its headers are read",
          "[extract][protection]") {
  Run r;
  CHECK(r.Scan("x.eml", Fixture("protected/smime/enveloped.eml")).format == "eml");
  CHECK(r.protection.scheme == "smime");
  CHECK(r.protection.encrypted);
  CHECK(r.protection.members.empty());
  const ScanError* e = r.Error("", "encrypted-member");
  REQUIRE(e != nullptr);
  CHECK(Has(e->message, "S/MIME"));
  CHECK(Has(r.sink.AllText(), "Subject: meibo"));
}

TEST_CASE("smime: a standalone .p7m of enveloped data", "[extract][protection]") {
  const std::string data = Fixture("protected/smime/enveloped.p7m");
  CHECK(ClassifyCms(data) == CmsType::kEnvelopedData);
  Run r;
  CHECK(r.Scan("smime.p7m", data).format == "smime");
  CHECK(r.protection.scheme == "smime");
  CHECK(r.protection.encrypted);
  CHECK(r.Error("", "encrypted-member") != nullptr);
}

TEST_CASE("smime: an enveloped attachment is a protected member", "[extract][protection]") {
  Run r;
  r.Scan("x.eml", Fixture("protected/smime/attached.eml"));
  CHECK_FALSE(r.protection.encrypted);
  CHECK(r.protection.scheme.empty());
  const ProtectedMember* m = r.Member("smime.p7m");
  REQUIRE(m != nullptr);
  CHECK(m->scheme == "smime");
  CHECK(m->encrypted);
  CHECK(r.Error("smime.p7m", "encrypted-member") != nullptr);
  CHECK(Has(r.sink.AllText(), "see attached"));
}

TEST_CASE("smime: signed messages are not encrypted and are read", "[extract][protection]") {
  for (const char* file : {"signed.eml", "signed_opaque.eml"}) {
    CAPTURE(file);
    Run r;
    r.Scan(file, Fixture(std::string("protected/smime/") + file));
    CHECK(r.protection.scheme.empty());
    CHECK_FALSE(r.protection.encrypted);
    CHECK(r.protection.members.empty());
    CHECK(r.Error("", "encrypted-member") == nullptr);
    CHECK(Has(r.sink.AllText(), "個人番号 123456789018"));
  }
}

TEST_CASE("smime: content types of CMS and other DER", "[extract][protection]") {
  const std::string oid = "\x06\x09\x2A\x86\x48\x86\xF7\x0D\x01\x07";
  CHECK(ClassifyCms("\x30\x80" + oid + "\x03\xA0\x80") == CmsType::kEnvelopedData);
  const std::string long_form("\x30\x82\x01\x00", 4);
  CHECK(ClassifyCms(long_form + oid + "\x02\xA0") == CmsType::kSignedData);
  CHECK(ClassifyCms("\x30\x0D\x06\x0B\x2A\x86\x48\x86\xF7\x0D\x01\x09\x10\x01\x17") ==
        CmsType::kAuthEnvelopedData);
  // An X.509 certificate starts SEQUENCE SEQUENCE; a wrong tag after the type.
  CHECK(ClassifyCms(std::string("\x30\x82\x03\x00\x30\x82\x02\x00\xA0\x03", 10)) == CmsType::kNone);
  CHECK(ClassifyCms(long_form + oid + "\x03\x04\x01") == CmsType::kNone);
  // Cut short anywhere.
  const std::string full = "\x30\x80" + oid + "\x03\xA0\x80";
  for (std::size_t n = 0; n < full.size(); ++n) ClassifyCms(full.substr(0, n));
  CHECK(SmimeTypeEncrypted("Enveloped-Data"));
  CHECK_FALSE(SmimeTypeEncrypted("signed-data"));
  std::string content;
  CHECK_FALSE(CmsSignedContent("\x30\x80", 100, &content));
}

// --- ODF ---------------------------------------------------------------------

TEST_CASE("odf: a password-protected package names its algorithm", "[extract][protection]") {
  for (const char* file : {"secret.odt", "secret.ods"}) {
    CAPTURE(file);
    Run r;
    r.Scan(file, Fixture(std::string("protected/odf/") + file));
    CHECK(r.protection.scheme == "odf-aes256");
    CHECK(r.protection.encrypted);
    CHECK(r.Error("", "encrypted-member") != nullptr);
  }
  Run plain;
  plain.Scan("doc.odt", Fixture("odf/doc.odt"));
  CHECK(plain.protection.scheme.empty());
  CHECK_FALSE(plain.protection.encrypted);
}

std::string Manifest(std::string_view algorithm) {
  return std::string(
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<manifest:manifest "
             "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
             "<manifest:file-entry manifest:full-path=\"/\" "
             "manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
             "<manifest:file-entry manifest:full-path=\"content.xml\" "
             "manifest:media-type=\"text/xml\" manifest:size=\"100\">"
             "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\" "
             "manifest:checksum=\"AAAA\"><manifest:algorithm manifest:algorithm-name=\"") +
         std::string(algorithm) +
         "\" manifest:initialisation-vector=\"AAAA\"/><manifest:key-derivation "
         "manifest:key-derivation-name=\"PBKDF2\" manifest:iteration-count=\"1024\" "
         "manifest:salt=\"AAAA\"/></manifest:encryption-data></manifest:file-entry>"
         "</manifest:manifest>";
}

TEST_CASE("odf: Blowfish and AES-GCM packages", "[extract][protection]") {
  const auto [algorithm, scheme] = GENERATE(table<std::string, std::string>({
      {"Blowfish CFB", "odf-blowfish"},
      {"http://www.w3.org/2009/xmlenc11#aes256-gcm", "odf-aes256"},
      {"http://www.w3.org/2001/04/xmlenc#aes256-cbc", "odf-aes256"},
      {"urn:example:unknown", "odf-encrypted"},
  }));
  testing::ZipMaker zip;
  zip.Add("mimetype", "application/vnd.oasis.opendocument.text", true);
  zip.Add("content.xml", std::string("\x8F\x01\xFF encrypted bytes \x00\x02", 20), true);
  zip.Add("META-INF/manifest.xml", Manifest(algorithm));
  Run r;
  CHECK(r.Scan("x.odt", zip.Finish()).format == "odt");
  CHECK(r.protection.scheme == scheme);
  CHECK(r.protection.encrypted);
  CHECK(r.Error("", "encrypted-member") != nullptr);
  CHECK(r.Error("", "malformed-xml") == nullptr);
}

}  // namespace
}  // namespace mamori
