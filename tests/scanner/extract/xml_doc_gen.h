// XmlDocGen: well-formed XML documents generated from a seed, for the
// tokenizer's differential tests against expat (xml_tokenizer_test.cc).
//
// Thread-safety: not thread-safe; one per test.
#ifndef MAMORI_TESTS_SCANNER_EXTRACT_XML_DOC_GEN_H_
#define MAMORI_TESTS_SCANNER_EXTRACT_XML_DOC_GEN_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace mamori::testing {

// Generates well-formed documents from a seed: every construct the
// tokenizer has a path for, with the awkward characters where they may go.
class XmlDocGen {
 public:
  explicit XmlDocGen(std::uint32_t seed) : rng_(seed) {}

  std::string Doc() {
    std::string out;
    if (Chance(10)) out += "\xEF\xBB\xBF";
    if (Chance(50)) out += Decl();
    out += Misc();
    out += Element(0);
    out += Misc();
    return out;
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool Chance(int percent) { return Pick(100) < percent; }
  template <std::size_t N>
  const char* OneOf(const char* const (&options)[N]) {
    return options[Pick(static_cast<int>(N))];
  }

  std::string Space() {
    static const char* const kSpaces[] = {" ", "  ", "\t", "\n", "\r\n", "\r", " \n "};
    return OneOf(kSpaces);
  }
  std::string MaybeSpace() { return Chance(30) ? Space() : ""; }

  std::string Decl() {
    const char q = Chance(50) ? '"' : '\'';
    std::string d =
        "<?xml" + Space() + "version" + MaybeSpace() + "=" + MaybeSpace() + q + "1.0" + q;
    if (Chance(50)) {
      static const char* const kEncodings[] = {"UTF-8", "utf-8", "Utf-8"};
      d += Space() + "encoding=" + q + OneOf(kEncodings) + q;
    }
    if (Chance(40)) d += Space() + "standalone=" + q + (Chance(50) ? "yes" : "no") + q;
    return d + MaybeSpace() + "?>";
  }

  std::string Misc() {
    std::string out;
    const int n = Pick(3);
    for (int i = 0; i < n; ++i) {
      switch (Pick(3)) {
        case 0: out += Space(); break;
        case 1: out += Comment(); break;
        default: out += Pi(); break;
      }
    }
    return out;
  }

  std::string Name() {
    static const char* const kNames[] = {"a",
                                         "b",
                                         "row",
                                         "c",
                                         "v",
                                         "w:t",
                                         "w:p",
                                         "x:y:z",
                                         ":colon",
                                         "_u",
                                         "a.b",
                                         "a-b",
                                         "A1",
                                         "xmlns",
                                         "xmlns:r",
                                         "r:id",
                                         "\xC3\xA9",
                                         "d\xC2\xB7\xC3\xA9",
                                         "\xE6\x97\xA5\xE6\x9C\xAC",
                                         "\xE3\x81\x82",
                                         "t",
                                         "sheetData",
                                         "si"};
    return OneOf(kNames);
  }

  std::string CharRef() {
    static const std::uint32_t kChars[] = {9,      10,     13,      32,      65,      0x3C,
                                           0x26,   0xE9,   0x7FF,   0x800,   0x65E5,  0xD7FF,
                                           0xE000, 0xFFFD, 0x10000, 0x1F600, 0x10FFFF};
    const std::uint32_t c = kChars[Pick(static_cast<int>(std::size(kChars)))];
    char buf[32];
    if (Chance(50)) {
      std::snprintf(buf, sizeof(buf), "&#%s%u;", Chance(20) ? "00" : "", c);
    } else {
      std::snprintf(buf, sizeof(buf), Chance(50) ? "&#x%X;" : "&#x%x;", c);
    }
    return buf;
  }

  std::string Entity() {
    static const char* const kEntities[] = {"&lt;", "&gt;", "&amp;", "&quot;", "&apos;"};
    return Chance(50) ? OneOf(kEntities) : CharRef();
  }

  // Pieces that are fine anywhere character data may be.
  std::string Plain() {
    static const char* const kPieces[] = {"x",
                                          "hello",
                                          " ",
                                          "\t",
                                          "\n",
                                          "\r\n",
                                          "\r",
                                          ">",
                                          "'",
                                          "\"",
                                          "\xC3\xA9",
                                          "=",
                                          "/",
                                          "?",
                                          "-",
                                          "!",
                                          "\xE6\x97\xA5\xE6\x9C\xAC",
                                          "\xF0\x9F\x98\x80",
                                          "123.45",
                                          "\x7F",
                                          "#",
                                          ";"};
    return OneOf(kPieces);
  }

  std::string Text() {
    std::string out;
    const int n = 1 + Pick(6);
    for (int i = 0; i < n; ++i) {
      switch (Pick(8)) {
        case 0: out += Entity(); break;
        case 1: out += "]"; break;
        case 2: out += "]]"; break;
        default: out += Plain(); break;
      }
      // "]]>" must not appear: break any "]]" followed by '>'.
      if (out.size() >= 2 && out.back() == '>' && out[out.size() - 2] == ']') {
        out.insert(out.size() - 1, "x");
      }
    }
    // Nor across two texts side by side.
    if (out.back() == ']') out += "x";
    return out;
  }

  std::string AttrValue(char quote) {
    std::string out;
    const int n = Pick(5);
    for (int i = 0; i < n; ++i) {
      switch (Pick(6)) {
        case 0: out += Entity(); break;
        case 1: out += quote == '"' ? "'" : "\""; break;
        case 2: out += "]]>"; break;
        default: {
          std::string p = Plain();
          if (p != std::string(1, quote)) out += p;
        }
      }
    }
    return out;
  }

  std::string Comment() {
    std::string body;
    const int n = Pick(4);
    for (int i = 0; i < n; ++i) {
      std::string p = Chance(20) ? std::string("<a>&foo;") : Plain();
      if (p == "-" && !body.empty() && body.back() == '-') continue;
      body += p;
    }
    if (!body.empty() && body.back() == '-') body += "x";
    return "<!--" + body + "-->";
  }

  std::string Pi() {
    static const char* const kTargets[] = {"pi", "xml-stylesheet", "x:y", "mso-application", "p"};
    std::string out = std::string("<?") + OneOf(kTargets);
    if (Chance(70)) {
      out += Space();
      const int n = Pick(4);
      for (int i = 0; i < n; ++i) {
        std::string p = Chance(20) ? std::string("<&]]>") : Plain();
        if (p == ">" && out.back() == '?') continue;
        out += p;
      }
      if (out.back() == '?') out += "x";
    }
    return out + "?>";
  }

  std::string CData() {
    std::string body;
    const int n = Pick(5);
    for (int i = 0; i < n; ++i) {
      static const char* const kPieces[] = {"<b>", "&amp;", "]", "]]", "x", "\r\n", "\r", ">"};
      body += OneOf(kPieces);
      if (body.size() >= 3 && body.compare(body.size() - 3, 3, "]]>") == 0) {
        body.insert(body.size() - 1, "x");
      }
    }
    return "<![CDATA[" + body + "]]>";
  }

  std::string Element(int depth) {
    const std::string name = Name();
    std::string out = "<" + name;
    std::vector<std::string> used;
    const int attrs = Pick(4);
    for (int i = 0; i < attrs; ++i) {
      std::string a = Name();
      if (std::find(used.begin(), used.end(), a) != used.end()) continue;
      used.push_back(a);
      const char q = Chance(50) ? '"' : '\'';
      out += Space() + a + MaybeSpace() + "=" + MaybeSpace() + q + AttrValue(q) + q;
    }
    out += MaybeSpace();
    if (depth > 6 || Chance(25)) return out + "/>";
    out += ">";
    const int children = Pick(depth < 2 ? 6 : 4);
    for (int i = 0; i < children; ++i) {
      switch (Pick(10)) {
        case 0: out += Comment(); break;
        case 1: out += Pi(); break;
        case 2: out += CData(); break;
        case 3:
        case 4:
        case 5: out += Element(depth + 1); break;
        default: out += Text(); break;
      }
    }
    return out + "</" + name + MaybeSpace() + ">";
  }

  std::mt19937 rng_;
};

}  // namespace mamori::testing

#endif  // MAMORI_TESTS_SCANNER_EXTRACT_XML_DOC_GEN_H_
