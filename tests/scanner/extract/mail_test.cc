// Mail extraction: .eml and mbox through ExtractEml/ExtractMbox, and the MIME
// helpers under them. Fixtures: tests/fixtures/make_mail.py.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "recording_sink.h"
#include "scanner/extract/extractors.h"
#include "scanner/extract/mime_decode.h"
#include "scanner/extract/mime_header.h"
#include "test_util.h"

namespace mamori {
namespace {

using testing::RecordingContext;

std::string Fixture(const std::string& name) {
  return testing::ReadFile(std::string(MAMORI_SOURCE_DIR) + "/tests/fixtures/mail/" + name);
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// Some part or error names a member starting with `prefix`.
bool Touched(const RecordingContext& rc, std::string_view prefix) {
  for (const auto& p : rc.sink.parts) {
    if (p.member.starts_with(prefix)) return true;
  }
  for (const auto& e : rc.errors) {
    if (e.member.starts_with(prefix)) return true;
  }
  return false;
}

const testing::RecordedPart& Part(const RecordingContext& rc, std::string_view member) {
  const testing::RecordedPart* p = rc.sink.Find(member);
  INFO("member " << member);
  REQUIRE(p != nullptr);
  return *p;
}

TEST_CASE("ISO-2022-JP message: headers and body decoded", "[extract][mail]") {
  RecordingContext rc;
  ExtractEml(Fixture("iso2022jp.eml"), rc.ctx);
  REQUIRE(rc.sink.parts.size() == 1);
  const auto& p = Part(rc, "");
  CHECK(p.format == "eml");
  CHECK(p.ended);
  CHECK(Contains(p.text, "Subject: 個人番号の件\n"));
  CHECK(Contains(p.text, "From: 山田 太郎 <yamada@example.co.jp>\n"));
  CHECK(Contains(p.text, "To: hr@example.co.jp\n"));
  CHECK(Contains(p.text, "Date: Mon, 01 Apr 2024 09:00:00 +0900\n"));
  CHECK(Contains(p.text, "社員の個人番号は 123456789018 です。\nよろしく"));
  CHECK(rc.errors.empty());
}

TEST_CASE("Shift_JIS quoted-printable body reads the CP932 characters", "[extract][mail]") {
  RecordingContext rc;
  ExtractEml(Fixture("sjis_qp.eml"), rc.ctx);
  const auto& p = Part(rc, "");
  CHECK(Contains(p.text, "Subject: 年金番号の確認\n"));
  CHECK(Contains(p.text, "①㈱サンプル 基礎年金番号 1234-567890\nマイナンバー 621498320257"));
  CHECK_FALSE(Contains(p.text, "\r"));
  CHECK(rc.errors.empty());
}

TEST_CASE("UTF-8 base64 body across line breaks, Q-encoded subject", "[extract][mail]") {
  RecordingContext rc;
  ExtractEml(Fixture("utf8_base64.eml"), rc.ctx);
  const auto& p = Part(rc, "");
  CHECK(Contains(p.text, "Subject: UTF-8 の件名\n"));
  std::string repeated;
  for (int i = 0; i < 8; ++i) repeated += "これはUTF-8の本文です。";
  CHECK(Contains(p.text, repeated + "\n個人番号 983205673214\n"));
  CHECK(rc.errors.empty());
}

TEST_CASE("multipart/alternative keeps the plain alternative only", "[extract][mail]") {
  RecordingContext rc;
  ExtractEml(Fixture("alternative.eml"), rc.ctx);
  REQUIRE(rc.sink.parts.size() == 1);
  CHECK(Contains(rc.sink.parts[0].text, "プレーン本文 123456789018"));
  CHECK_FALSE(Contains(rc.sink.AllText(), "HTML本文"));
  CHECK_FALSE(Touched(rc, "body.html"));
  CHECK(rc.errors.empty());
}

TEST_CASE("an HTML-only body is scanned as member body.html", "[extract][mail]") {
  RecordingContext rc;
  ExtractEml(Fixture("html_only.eml"), rc.ctx);
  CHECK(Contains(Part(rc, "").text, "Subject: html only\n"));
  CHECK_FALSE(Contains(Part(rc, "").text, "HTMLだけ"));
  // ExtractHtml may or may not have landed: either its part or its error.
  REQUIRE(Touched(rc, "body.html"));
  if (const auto* html = rc.sink.Find("body.html")) CHECK(Contains(html->text, "HTMLだけの本文"));
}

TEST_CASE("multipart/mixed: body text, RFC 2231 and RFC 2047 attachment names", "[extract][mail]") {
  RecordingContext rc;
  ExtractEml(Fixture("mixed.eml"), rc.ctx);
  const auto& body = Part(rc, "");
  CHECK(Contains(body.text, "Subject: 名簿を送ります\n"));
  CHECK(Contains(body.text, "名簿を添付します。"));
  CHECK_FALSE(Contains(body.text, "983205673214"));  // the CSV is a member of its own
  CHECK(&body == &rc.sink.parts[0]);
  // The CSV goes through ScanMember under its decoded name, as raw CP932.
  const auto& csv = Part(rc, "社員名簿.csv");
  CHECK(csv.format == "csv");
  CHECK(Contains(csv.text, "983205673214\r\n"));
  CHECK(Contains(csv.text, "\x8C\xC2\x90\x6C\x94\xD4\x8D\x86"));  // 個人番号 in CP932
  CHECK(Touched(rc, "個人データ.zip"));
}

TEST_CASE("an attached message/rfc822 is read as a message", "[extract][mail]") {
  RecordingContext rc;
  ExtractEml(Fixture("nested.eml"), rc.ctx);
  CHECK(Contains(Part(rc, "").text, "転送します。"));
  const auto& inner = Part(rc, "attachment-1");
  CHECK(inner.format == "eml");
  CHECK(Contains(inner.text, "Subject: 個人番号の件\n"));
  CHECK(Contains(inner.text, "個人番号は 123456789018 です。"));
  CHECK(rc.errors.empty());
}

TEST_CASE("mbox: each message a member, From-quoting undone", "[extract][mail]") {
  RecordingContext rc;
  ExtractMbox(Fixture("three.mbox"), rc.ctx);
  REQUIRE(rc.sink.parts.size() == 3);
  CHECK(Contains(Part(rc, "message-1").text, "Subject: mbox 1\n"));
  CHECK(Contains(Part(rc, "message-1").text, "一通目 123456789018"));
  CHECK(Contains(Part(rc, "message-2").text, "\nFrom the office: 二通目\n>From quoted\n"));
  CHECK(Contains(Part(rc, "message-3").text, "三通目 621498320257"));
  CHECK_FALSE(Contains(Part(rc, "message-3").text, "一通目"));
  CHECK(rc.errors.empty());
}

TEST_CASE("a multipart cut short keeps what was read and says truncated", "[extract][mail]") {
  RecordingContext rc;
  ExtractEml(Fixture("truncated.eml"), rc.ctx);
  CHECK(rc.HasError("truncated"));
  CHECK(rc.incomplete);
  CHECK(Contains(Part(rc, "").text, "名簿を添付します。"));
  CHECK(Contains(Part(rc, "社員名簿.csv").text, "983205673214"));
}

TEST_CASE("mail structure problems are recorded, the text kept", "[extract][mail]") {
  SECTION("no header at all") {
    RecordingContext rc;
    ExtractEml("just some words\n123456789018\n", rc.ctx);
    CHECK(rc.HasError("corrupt"));
    CHECK(Contains(rc.sink.AllText(), "123456789018"));
  }
  SECTION("multipart without boundary lines") {
    RecordingContext rc;
    ExtractEml("Subject: x\nContent-Type: multipart/mixed; boundary=b\n\nbody 123456789018\n",
               rc.ctx);
    CHECK(rc.HasError("corrupt"));
    CHECK(Contains(Part(rc, "").text, "body 123456789018"));
  }
  SECTION("multipart nested too deep") {
    std::string m = "Subject: deep\n";
    for (int i = 0; i < 40; ++i) {
      m += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" +
           std::to_string(i) + "\n";
    }
    m += "\ninnermost\n";
    RecordingContext rc;
    ExtractEml(m, rc.ctx);
    CHECK(rc.HasError("nesting-too-deep"));
  }
  SECTION("base64 with garbage") {
    RecordingContext rc;
    ExtractEml(
        "Subject: x\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64"
        "\n\n5YCL5Lq6!!55Wq5Y+3\n",
        rc.ctx);
    CHECK(rc.HasError("corrupt"));
    CHECK(Contains(Part(rc, "").text, "個人番号"));
  }
  SECTION("too many header fields") {
    std::string m = "Subject: many\n";
    for (int i = 0; i < 1500; ++i) m += "X-H: " + std::to_string(i) + "\n";
    m += "\nbody\n";
    RecordingContext rc;
    ExtractEml(m, rc.ctx);
    CHECK(rc.HasError("corrupt"));
    CHECK(Contains(Part(rc, "").text, "body"));
  }
  SECTION("unnamed attachments are numbered") {
    RecordingContext rc;
    ExtractEml(
        "Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nbody\n"
        "--b\nContent-Type: text/csv\n\n個人番号\n123456789018\n"
        "--b\nContent-Type: application/octet-stream\n\nxyz\n--b--\n",
        rc.ctx);
    CHECK(Part(rc, "").text.ends_with("\nbody\n"));
    CHECK(Part(rc, "attachment-1.csv").format == "csv");
    CHECK(Part(rc, "attachment-1.csv").text == "個人番号\n123456789018");
    CHECK(Part(rc, "attachment-2").text == "xyz");
    CHECK(rc.errors.empty());
  }
  SECTION("too many parts") {
    std::string m = "Subject: parts\nContent-Type: multipart/mixed; boundary=b\n\n";
    for (int i = 0; i < 10050; ++i) m += "--b\nContent-Type: application/octet-stream\n\nx\n";
    m += "--b--\n";
    RecordingContext rc;
    ExtractEml(m, rc.ctx);
    CHECK(rc.HasError("too-many-members"));
    CHECK_FALSE(rc.HasError("truncated"));
    CHECK(rc.sink.parts.size() == 10001);
  }
  SECTION("a header full of unterminated encoded-words") {
    std::string m = "Subject: ";
    for (int i = 0; i < 6000; ++i) m += "=?a?q?xyz ";
    m += "\n\nbody\n";
    RecordingContext rc;
    ExtractEml(m, rc.ctx);
    CHECK(Contains(Part(rc, "").text, "=?a?q?xyz =?a?q?xyz"));
  }
  SECTION("decoded bytes count against the expansion budget") {
    ExtractLimits limits;
    limits.max_expanded_bytes = 100;
    RecordingContext rc(limits);
    ExtractEml(Fixture("utf8_base64.eml"), rc.ctx);
    CHECK(rc.HasError("expanded-size-limit"));
  }
}

TEST_CASE("hostile mail input never crashes", "[extract][mail]") {
  std::uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return seed >> 16;
  };
  SECTION("random bytes") {
    std::string junk;
    for (int i = 0; i < 20000; ++i) junk.push_back(static_cast<char>(next()));
    RecordingContext rc;
    ExtractEml(junk, rc.ctx);
    CHECK(rc.HasError("corrupt"));
    RecordingContext rc2;
    ExtractMbox("From x\n" + junk, rc2.ctx);
    CHECK_FALSE(rc2.errors.empty());
  }
  SECTION("every fixture cut and mutated") {
    for (const char* name : {"mixed.eml", "nested.eml", "sjis_qp.eml", "three.mbox"}) {
      const std::string data = Fixture(name);
      for (std::size_t cut = 0; cut < data.size(); cut += 7) {
        RecordingContext rc;
        ExtractEml(std::string_view(data).substr(0, cut), rc.ctx);
        std::string mutated = data;
        for (int k = 0; k < 8; ++k) mutated[next() % mutated.size()] = static_cast<char>(next());
        RecordingContext rc2;
        ExtractMbox(mutated, rc2.ctx);
        RecordingContext rc3;
        ExtractEml(mutated, rc3.ctx);
      }
    }
    SUCCEED();
  }
}

TEST_CASE("RFC 2047 encoded-words", "[extract][mail]") {
  // Whitespace between encoded words goes; a character split between two
  // words in one charset is joined.
  CHECK(DecodeHeaderText("=?UTF-8?B?5YCL?= =?UTF-8?B?5Lq6?=") == "個人");
  CHECK(DecodeHeaderText("=?utf-8?b?5YA=?=\r\n =?utf-8?b?iw==?=") == "個");
  CHECK(DecodeHeaderText("=?UTF-8?Q?a_b=E5=80=8B?= c") == "a b個 c");
  CHECK(DecodeHeaderText("Re: =?ISO-2022-JP?B?GyRCOEQ/TRsoQg==?= done") == "Re: 個人 done");
  CHECK(DecodeHeaderText("=?Shift_JIS?B?jMKQbA==?=") == "個人");
  CHECK(DecodeHeaderText("=?EUC-JP?B?uMS/zQ==?=") == "個人");
  CHECK(DecodeHeaderText("=?ISO-8859-1?Q?caf=E9?=") == "café");
  CHECK(DecodeHeaderText("=?utf-8*ja?Q?x?=") == "x");
  // Not encoded-words, kept as written; raw 8-bit read in its encoding.
  CHECK(DecodeHeaderText("=?broken") == "=?broken");
  CHECK(DecodeHeaderText("a =?x?Z?y?= b") == "a =?x?Z?y?= b");
  CHECK(DecodeHeaderText("\x8C\xC2\x90\x6C\x94\xD4\x8D\x86") == "個人番号");
  CHECK(DecodeHeaderText("line\tbreak") == "line break");
}

TEST_CASE("Content-Type and Content-Disposition parameters", "[extract][mail]") {
  HeaderParams a("Multipart/Mixed; boundary=\"----=_Part\\\"1\"; charset=x");
  CHECK(a.value() == "multipart/mixed");
  CHECK(a.Raw("boundary") == "----=_Part\"1");
  HeaderParams b(
      "attachment; filename*0*=UTF-8''%E5%80%8B; filename*2=.csv; filename*1*=%E4%BA%BA;"
      " filename=\"fallback.csv\"");
  CHECK(b.value() == "attachment");
  CHECK(b.Text("filename") == "個人.csv");
  HeaderParams c("attachment; filename*=iso-2022-jp''%1B%24B8D%3FM%1B%28B.txt");
  CHECK(c.Text("filename") == "個人.txt");
  HeaderParams d("inline; filename=\"=?UTF-8?B?5YCL5Lq6?=.txt\"");
  CHECK(d.Text("filename") == "個人.txt");
  HeaderParams e("text/plain; name=plain name.txt ; x");
  CHECK(e.Text("name") == "plain name.txt");
  CHECK(e.Raw("missing").empty());
}

TEST_CASE("transfer decodings", "[extract][mail]") {
  std::string out;
  std::size_t invalid = 0;
  DecodeBase64("aGVs\r\nbG8=aGk", &out, &invalid);
  CHECK(out == "hellohi");
  CHECK(invalid == 0);
  out.clear();
  DecodeQuotedPrintable("a=3Db=\r\nc= \nd=ZZ_", false, &out);
  CHECK(out == "a=bcd=ZZ_");
  CHECK(ParseTransferEncoding(" Base64 ") == TransferEncoding::kBase64);
  CHECK(ParseTransferEncoding("quoted-printable") == TransferEncoding::kQuotedPrintable);
  CHECK(ParseTransferEncoding("8bit") == TransferEncoding::kIdentity);
}

TEST_CASE("headers fold and sections end where they should", "[extract][mail]") {
  const HeaderSection h = ParseHeaderSection(
      "From someone Mon Apr  1 2024\r\nSubject: a\r\n b\r\nX-Y : z\r\n\r\nbody\r\n");
  REQUIRE(h.fields.size() == 2);
  CHECK(h.fields[0].name == "subject");
  CHECK(h.fields[0].value == " a b");
  CHECK(h.fields[1].name == "x-y");
  CHECK(h.body == "body\r\n");
  const HeaderSection none = ParseHeaderSection("\nonly body");
  CHECK(none.fields.empty());
  CHECK(none.body == "only body");
}

}  // namespace
}  // namespace mamori
