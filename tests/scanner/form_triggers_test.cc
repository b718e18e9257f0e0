#include "scanner/form_triggers.h"

#include <hs/hs.h>

#include <catch2/catch.hpp>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "mamori/writing_forms.h"

namespace mamori {

namespace {

// The reference: Hyperscan with NonAsciiFormTriggers(), as the matcher
// used to find them.
class HyperscanTriggers {
 public:
  HyperscanTriggers() {
    const std::vector<std::string> exprs = NonAsciiFormTriggers();
    std::vector<const char*> patterns;
    std::vector<unsigned> flags(exprs.size(), 0);
    std::vector<unsigned> ids(exprs.size(), 0);
    for (const std::string& e : exprs) patterns.push_back(e.c_str());
    hs_compile_error_t* error = nullptr;
    REQUIRE(hs_compile_multi(patterns.data(), flags.data(), ids.data(),
                             static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK, nullptr, &db_,
                             &error) == HS_SUCCESS);
    REQUIRE(hs_alloc_scratch(db_, &scratch_) == HS_SUCCESS);
  }
  ~HyperscanTriggers() {
    hs_free_scratch(scratch_);
    hs_free_database(db_);
  }

  // Distinct ends in order: the matcher merges a repeated end into one
  // window.
  std::vector<std::size_t> Ends(std::string_view data) const {
    std::vector<std::size_t> ends;
    hs_scan(
        db_, data.data(), static_cast<unsigned>(data.size()), 0, scratch_,
        [](unsigned, unsigned long long, unsigned long long to, unsigned, void* ctx) {
          auto* out = static_cast<std::vector<std::size_t>*>(ctx);
          if (out->empty() || out->back() != to) out->push_back(static_cast<std::size_t>(to));
          return 0;
        },
        &ends);
    return ends;
  }

 private:
  hs_database_t* db_ = nullptr;
  hs_scratch_t* scratch_ = nullptr;
};

std::vector<std::size_t> Found(std::string_view data) {
  static const FormTriggerFinder finder;
  std::vector<std::size_t> ends;
  finder.Find(data, &ends);
  return ends;
}

}  // namespace

TEST_CASE("Form triggers: full-width digits and digits before non-ASCII separators",
          "[form_triggers]") {
  // "１" is EF BC 91; "1　" a digit and an ideographic space (E3 80 80);
  // "1ー" a digit and a long vowel mark (E3 83 BC); "あ" after a digit is
  // no separator; "－" (EF BC 8D) after a letter is no trigger.
  const std::string text =
      "番号１、1\xE3\x80\x80"
      "2,3ー4 5あ x－y 7\xC2\xA0";
  const std::vector<std::size_t> ends = Found(text);
  REQUIRE(ends.size() == 4);
  CHECK(text.substr(ends[0] - 3, 3) == "１");
  CHECK(text.substr(ends[1] - 4, 4) == "1\xE3\x80\x80");
  CHECK(text.substr(ends[2] - 4, 4) == "3ー");
  CHECK(text.substr(ends[3] - 3, 3) == "7\xC2\xA0");
  CHECK(Found("plain ASCII 1234-5678 only").empty());
  // Cut at the end of the buffer: no trigger.
  CHECK(Found("1\xE3\x80").empty());
  CHECK(Found("\xEF\xBC").empty());
}

TEST_CASE("Form triggers: the same ends as the Hyperscan expressions, on random text",
          "[form_triggers]") {
  const HyperscanTriggers reference;
  // Pieces that make and almost make triggers, and bytes of every kind.
  const std::vector<std::string> pieces = {"0",
                                           "5",
                                           "9",
                                           "a",
                                           ",",
                                           " ",
                                           "\n",
                                           "１",
                                           "９",
                                           "\xEF\xBC\x8F",
                                           "\xEF\xBC\x8D",
                                           "\xEF\xBD\xB0",
                                           "\xEF\xBC",
                                           "\xEF",
                                           "\xE3\x80\x80",
                                           "\xE3\x83\xBC",
                                           "\xE3\x81\x82",
                                           "\xE3",
                                           "\xE2\x80\x90",
                                           "\xE2\x80\x95",
                                           "\xE2\x80\x96",
                                           "\xE2\x88\x92",
                                           "\xE2\x88",
                                           "\xC2\xA0",
                                           "\xC2\xA1",
                                           "\xC2",
                                           "番号",
                                           "山田",
                                           "\x80",
                                           "\xBF"};
  std::mt19937 rng(20261201);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 300);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    // Random bytes too, sometimes.
    if (round % 4 == 0) {
      for (int i = 0; i < 40; ++i)
        text.insert(rng() % (text.size() + 1), 1, static_cast<char>(rng()));
    }
    const std::vector<std::size_t> want = reference.Ends(text);
    const std::vector<std::size_t> got = Found(text);
    INFO("round " << round << ", " << text.size() << " bytes");
    REQUIRE(got == want);
    // At every alignment of the 64-byte blocks.
    for (std::size_t cut = 1; cut < 70 && cut < text.size(); cut += 7) {
      const std::string_view tail = std::string_view(text).substr(cut);
      REQUIRE(Found(tail) == reference.Ends(tail));
    }
  }
}

}  // namespace mamori
