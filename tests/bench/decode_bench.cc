// decode_bench: what transcoding costs next to matching.
//
// Generates text in memory (CSV rows like tests/bench/quick_compare.sh's:
// mostly ASCII digits and commas, Japanese names and departments; and
// Japanese prose with few digits), encodes it as CP932, EUC-JP and UTF-16LE,
// and times on one thread, in 4 MiB chunks as FileScanner reads them, best
// of three:
//   - TextDecoder to UTF-8, and glibc iconv alone over the same chunks:
//     what streaming through iconv would cost instead of the decoder's
//     tables (built from iconv) and hand-written UTF-16;
//   - Hyperscan matching of the built-in rules over the UTF-8 text, and of
//     the same rules compiled for each encoding over the encoded bytes: the
//     alternative to transcoding (same expressions, digits, separators and
//     keywords rewritten in the encoding's bytes; no confirm step);
//   - memcpy of the UTF-8 text.
// Then per encoding: decode + match UTF-8 against matching the file's own
// bytes. See scanner/ENCODINGS.md.
//
//   decode_bench [MEGABYTES]   (default 100: the CSV size; prose is a quarter)
#include <hs/hs.h>
#include <iconv.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "mamori/matcher.h"
#include "mamori/rule_expressions.h"
#include "mamori/rule_set.h"
#include "mamori/text_decoder.h"
#include "mamori/writing_forms.h"

namespace {

constexpr std::size_t kChunk = 4 << 20;

const char* const kSurnames[] = {"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤",   "渡辺",
                                 "中村", "小林", "加藤", "吉田", "山本", "佐々木", "松本"};
const char* const kGivenNames[] = {"太郎", "花子", "一郎", "美咲", "健太",
                                   "陽子", "大輔", "直子", "翔",   "由美子"};
const char* const kDepartments[] = {"総務部", "経理部", "人事部", "営業第一課", "情報システム部"};
const char* const kSentences[] = {
    "本日の会議では、個人情報の取り扱いに関する規程の改定案について審議が行われた。",
    "各部署の責任者は、保管しているファイルの棚卸しを今月末までに完了すること。",
    "なお、マイナンバーを含む書類はパスワードを設定した上で共有フォルダに保存する。",
    "令和6年4月1日より施行し、旧規程は同日をもって廃止する。",
    "問い合わせ先：総務部 情報セキュリティ担当（内線 1234）",
};

std::string Digits(std::mt19937_64& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng() % 10));
  return s;
}

template <typename T, std::size_t N>
const char* Pick(std::mt19937_64& rng, const T (&list)[N]) {
  return list[rng() % N];
}

// CSV rows: id, name, department, a 12-digit number, a timestamp and a
// phone number; about a fifth of the UTF-8 bytes are Japanese.
std::string MakeCsv(std::size_t bytes) {
  std::mt19937_64 rng(4);
  std::string s = "社員番号,氏名,部署,番号,更新日時,備考\n";
  for (std::size_t i = 0; s.size() < bytes; ++i) {
    s += std::to_string(100000 + i) + ',' + Pick(rng, kSurnames) + ' ' + Pick(rng, kGivenNames) +
         ',' + Pick(rng, kDepartments) + ',' + Digits(rng, 12) + ",2015-05-28 09:12:44,TEL 03-" +
         Digits(rng, 4) + '-' + Digits(rng, 4) + '\n';
  }
  return s;
}

// Japanese prose with an occasional number: the worst case for ASCII runs.
std::string MakeProse(std::size_t bytes) {
  std::mt19937_64 rng(5);
  std::string s;
  while (s.size() < bytes) {
    s += Pick(rng, kSentences);
    if (rng() % 4 == 0) s += "\n";
  }
  return s;
}

std::string Encode(const std::string& utf8, const char* to) {
  iconv_t cd = ::iconv_open(to, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    std::fprintf(stderr, "decode_bench: iconv cannot encode %s\n", to);
    std::exit(1);
  }
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* o = out.data();
  std::size_t o_left = out.size();
  if (::iconv(cd, &in, &in_left, &o, &o_left) == static_cast<std::size_t>(-1)) {
    std::fprintf(stderr, "decode_bench: cannot encode the text as %s\n", to);
    std::exit(1);
  }
  ::iconv_close(cd);
  out.resize(o - out.data());
  return out;
}

// Best of three runs of `body`, in seconds.
double Time(const std::function<void()>& body) {
  double best = 1e30;
  for (int run = 0; run < 3; ++run) {
    auto start = std::chrono::steady_clock::now();
    body();
    best = std::min(
        best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

// Calls f(chunk) over `data` in kChunk pieces.
template <typename F>
void Chunks(std::string_view data, F f) {
  for (std::size_t at = 0; at < data.size(); at += kChunk) f(data.substr(at, kChunk));
}

std::size_t g_sink = 0;  // keeps results alive

void Row(const std::string& what, std::size_t bytes, double seconds, const std::string& note) {
  std::printf("  %-36s %8.1f %9.0f   %s\n", what.c_str(), bytes / 1e6, bytes / 1e6 / seconds,
              note.c_str());
}

double DecodeTime(mamori::TextEncoding encoding, std::string_view data, std::size_t* out_bytes) {
  mamori::TextDecoder decoder;
  std::string out;
  return Time([&] {
    if (!decoder.Reset(encoding).ok()) std::exit(1);
    *out_bytes = 0;
    Chunks(data, [&](std::string_view chunk) {
      out.clear();
      decoder.Decode(chunk, chunk.end() == data.end(), &out);
      *out_bytes += out.size();
    });
    g_sink += decoder.invalid_bytes();
  });
}

// iconv over the same chunks, carrying an incomplete tail like the decoder.
double IconvTime(const char* from, std::string_view data) {
  iconv_t cd = ::iconv_open("UTF-8", from);
  std::string out(3 * kChunk + 64, '\0');
  double t = Time([&] {
    ::iconv(cd, nullptr, nullptr, nullptr, nullptr);
    std::string carry;
    std::string joined;
    Chunks(data, [&](std::string_view chunk) {
      joined.assign(carry).append(chunk);
      char* in = joined.data();
      std::size_t in_left = joined.size();
      char* o = out.data();
      std::size_t o_left = out.size();
      ::iconv(cd, &in, &in_left, &o, &o_left);
      carry.assign(in, in_left);
      g_sink += o - out.data();
    });
  });
  ::iconv_close(cd);
  return t;
}

// The built-in rules compiled for another encoding, as "compile each rule
// once per encoding" would: every escaped UTF-8 character of a value
// expression and every keyword rewritten in the encoding's bytes (a
// character the encoding lacks becomes FF FF, which never occurs), the digit
// class replaced by the encoding's ASCII and full-width digits.
class NativeDb {
 public:
  // `digit`: the encoding's digit class; `not_after_digit`: its form of
  // "(?:^|[^0-9])", which the value expressions start with.
  NativeDb(const std::vector<mamori::Expression>& expressions, const char* encoding,
           const std::string& digit, const std::string& not_after_digit) {
    std::vector<std::string> regexes;
    std::vector<const char*> patterns;
    std::vector<unsigned> flags, ids;
    const std::string utf8_digit = mamori::DigitRegex();
    for (const mamori::Expression& e : expressions) {
      std::string r;
      if (e.kind == mamori::Expression::Kind::kKeyword) {
        r = Escape(Convert(e.keyword, encoding));
      } else {
        // Between these, only escaped bytes and regex syntax.
        const std::vector<std::pair<std::string, std::string>> parts = {
            {utf8_digit, digit}, {"(?:^|[^0-9])", not_after_digit}};
        std::size_t from = 0;
        while (from < e.regex.size()) {
          std::size_t at = std::string::npos;
          const std::pair<std::string, std::string>* part = nullptr;
          for (const auto& candidate : parts) {
            const std::size_t found = e.regex.find(candidate.first, from);
            if (found < at) {
              at = found;
              part = &candidate;
            }
          }
          r += Rewrite(e.regex.substr(from, at - from), encoding);
          if (part == nullptr) break;
          r += part->second;
          from = at + part->first.size();
        }
      }
      regexes.push_back(r);
      flags.push_back(e.caseless ? HS_FLAG_CASELESS : 0);
      ids.push_back(static_cast<unsigned>(ids.size()));
    }
    for (const std::string& r : regexes) patterns.push_back(r.c_str());
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(patterns.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK, nullptr, &db_,
                         &error) != HS_SUCCESS ||
        hs_alloc_scratch(db_, &scratch_) != HS_SUCCESS) {
      std::fprintf(stderr, "decode_bench: %s rules: %s\n", encoding,
                   error != nullptr ? error->message : "no scratch");
      std::exit(1);
    }
  }
  ~NativeDb() {
    hs_free_scratch(scratch_);
    hs_free_database(db_);
  }

  double ScanTime(std::string_view data, std::size_t* hits) {
    std::vector<std::pair<unsigned, unsigned long long>> found;
    return Time([&] {
      *hits = 0;
      Chunks(data, [&](std::string_view chunk) {
        found.clear();
        hs_scan(db_, chunk.data(), static_cast<unsigned>(chunk.size()), 0, scratch_, OnMatch,
                &found);
        *hits += found.size();
      });
    });
  }

 private:
  // Records the hit like the scanner's matcher does.
  static int OnMatch(unsigned id, unsigned long long, unsigned long long to, unsigned,
                     void* context) {
    static_cast<std::vector<std::pair<unsigned, unsigned long long>>*>(context)->emplace_back(id,
                                                                                              to);
    return 0;
  }

  static std::string Convert(const std::string& utf8, const char* encoding) {
    iconv_t cd = ::iconv_open(encoding, "UTF-8");
    std::string in = utf8, out(utf8.size() * 4 + 8, '\0');
    char* ip = in.data();
    std::size_t il = in.size();
    char* o = out.data();
    std::size_t ol = out.size();
    const bool ok = ::iconv(cd, &ip, &il, &o, &ol) != static_cast<std::size_t>(-1);
    ::iconv_close(cd);
    return ok ? out.substr(0, o - out.data()) : std::string("\xFF\xFF");
  }

  static std::string Escape(const std::string& bytes) {
    std::string r;
    char hex[8];
    for (unsigned char c : bytes) {
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      r += hex;
    }
    return r;
  }

  // Rewrites each run of \xHH escapes (whole UTF-8 characters) in `regex`.
  static std::string Rewrite(const std::string& regex, const char* encoding) {
    std::string r, pending;
    auto flush = [&] {
      for (std::size_t i = 0; i < pending.size();) {
        const unsigned char c = pending[i];
        const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        r += Escape(Convert(pending.substr(i, n), encoding));
        i += n;
      }
      pending.clear();
    };
    for (std::size_t i = 0; i < regex.size();) {
      if (regex.compare(i, 2, "\\x") == 0 && i + 4 <= regex.size()) {
        pending.push_back(static_cast<char>(std::stoi(regex.substr(i + 2, 2), nullptr, 16)));
        i += 4;
      } else {
        flush();
        r += regex[i++];
      }
    }
    flush();
    return r;
  }

  hs_database_t* db_ = nullptr;
  hs_scratch_t* scratch_ = nullptr;
};

double MatchTime(const mamori::Matcher& matcher, mamori::Matcher::Scratch* scratch,
                 std::string_view data, std::size_t* hits) {
  std::vector<mamori::MatchHit> found;
  return Time([&] {
    *hits = 0;
    Chunks(data, [&](std::string_view chunk) {
      found.clear();
      if (!matcher.Scan(chunk, scratch, &found).ok()) std::exit(1);
      *hits += found.size();
    });
  });
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t megabytes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100;
  mamori::RuleSet rules;
  std::unique_ptr<mamori::Matcher> matcher;
  mamori::Matcher::ScratchPtr scratch;
  mamori::Status s = mamori::RuleSet::LoadBuiltin(&rules);
  if (s.ok()) s = mamori::Matcher::Compile(rules, &matcher);
  if (s.ok()) s = matcher->NewScratch(&scratch);
  if (!s.ok()) {
    std::fprintf(stderr, "decode_bench: %s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("decode_bench: one thread, %zu MiB chunks, best of 3; MB = 10^6 bytes,\n",
              kChunk >> 20);
  std::printf("MB/s counts the bytes read (the file's own encoding). Rules %.12s.\n",
              rules.hash().c_str());

  struct Data {
    const char* name;
    std::string utf8;
  };
  const std::vector<Data> sets = {{"csv", MakeCsv(megabytes * 1000000)},
                                  {"prose", MakeProse(megabytes * 1000000 / 4)}};
  struct Enc {
    mamori::TextEncoding encoding;
    const char* iconv_name;
    const char* digit;            // ASCII and full-width digits in the encoding
    const char* not_after_digit;  // start, or a character that is no ASCII digit
  };
  const Enc encodings[] = {
      {mamori::TextEncoding::kCp932, "CP932", "(?:[0-9]|\\x82[\\x4f-\\x58])", "(?:^|[^0-9])"},
      {mamori::TextEncoding::kEucJp, "EUC-JP-MS", "(?:[0-9]|\\xa3[\\xb0-\\xb9])", "(?:^|[^0-9])"},
      {mamori::TextEncoding::kUtf16Le, "UTF-16LE", "(?:[0-9]\\x00|[\\x10-\\x19]\\xff)",
       "(?:^|[^0-9][\\x00-\\xff]|[0-9][\\x01-\\xff])"}};
  std::vector<std::unique_ptr<NativeDb>> native;
  for (const Enc& e : encodings) {
    native.push_back(std::make_unique<NativeDb>(matcher->expressions(), e.iconv_name, e.digit,
                                                e.not_after_digit));
  }
  for (const Data& d : sets) {
    std::printf("\n%s: %.1f MB as UTF-8\n", d.name, d.utf8.size() / 1e6);
    std::printf("  %-36s %8s %9s   %s\n", "operation", "MB", "MB/s", "");
    std::string copy(d.utf8.size(), '\0');
    double t = Time([&] {
      Chunks(d.utf8, [&](std::string_view chunk) {
        std::memcpy(copy.data() + (chunk.data() - d.utf8.data()), chunk.data(), chunk.size());
      });
    });
    g_sink += copy[copy.size() / 2];
    Row("memcpy utf-8", d.utf8.size(), t, "");
    std::size_t hits = 0;
    const double match_utf8 = MatchTime(*matcher, scratch.get(), d.utf8, &hits);
    Row("match utf-8", d.utf8.size(), match_utf8, std::to_string(hits) + " hits");
    struct Summary {
      const char* name;
      double decode, native;
    };
    std::vector<Summary> summary;
    for (std::size_t i = 0; i < std::size(encodings); ++i) {
      const Enc& e = encodings[i];
      const std::string bytes = Encode(d.utf8, e.iconv_name);
      const char* name = mamori::TextEncodingName(e.encoding);
      mamori::EncodingGuess guess;
      t = Time(
          [&] { guess = mamori::DetectEncoding(std::string_view(bytes).substr(0, kChunk), true); });
      std::printf("  %-36s %8.1f %9s   %.2f ms -> %s\n",
                  (std::string("detect ") + name + " (first chunk)").c_str(),
                  std::min(bytes.size(), kChunk) / 1e6, "", t * 1e3,
                  mamori::TextEncodingName(guess.encoding));
      std::size_t out_bytes = 0;
      Summary sum{name, DecodeTime(e.encoding, bytes, &out_bytes), 0};
      Row(std::string("decode ") + name + " (TextDecoder)", bytes.size(), sum.decode,
          out_bytes == d.utf8.size() ? "" : "OUTPUT DIFFERS IN SIZE");
      t = IconvTime(e.iconv_name, bytes);
      Row(std::string("decode ") + name + " (iconv alone)", bytes.size(), t, "");
      sum.native = native[i]->ScanTime(bytes, &hits);
      Row(std::string("match ") + name + " (rules for " + name + ")", bytes.size(), sum.native,
          std::to_string(hits) + " hits");
      summary.push_back(sum);
    }
    std::printf("\n  %-10s %28s %14s %8s\n", "", "decode + match utf-8 (ms)", "native (ms)",
                "ratio");
    for (const Summary& sum : summary) {
      std::printf("  %-10s %8.0f + %6.0f = %7.0f %14.0f %8.2f\n", sum.name, sum.decode * 1e3,
                  match_utf8 * 1e3, (sum.decode + match_utf8) * 1e3, sum.native * 1e3,
                  (sum.decode + match_utf8) / sum.native);
    }
  }
  return g_sink == 42 ? 1 : 0;
}
