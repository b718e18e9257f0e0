#include "mamori/matcher.h"

#include <hs/hs.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "ascii_values.h"
#include "form_triggers.h"
#include "mamori/sha256.h"
#include "mamori/writing_forms.h"
#include "matcher_cache.h"

namespace mamori {

// The fast pass is two scans: Hyperscan with every keyword, and the digit
// runs (digit_runs.h) from which the ASCII forms of the value shapes are
// read, along with the triggers that mark non-ASCII forms (form_triggers.h).
// `wide` holds every form of the value shapes and runs only on windows
// around the triggers. Measured on digit-dense CSV, one database with the
// full-width digit and separator alternations ran at 89 MB/s, the ASCII
// forms at 200-300, the keywords and triggers (Hyperscan literals then) at
// 2 GB/s.
struct Matcher::Rep {
  hs_database_t* fast = nullptr;
  hs_database_t* wide = nullptr;
  hs_scratch_t* prototype = nullptr;
  std::size_t window = 0;  // bytes either side of a trigger
  AsciiValueFinder ascii_values;
  FormTriggerFinder triggers;
  ~Rep() {
    if (prototype != nullptr) hs_free_scratch(prototype);
    if (fast != nullptr) hs_free_database(fast);
    if (wide != nullptr) hs_free_database(wide);
  }
};

class Matcher::Scratch {
 public:
  explicit Scratch(hs_scratch_t* s) : scratch(s) {}
  ~Scratch() { hs_free_scratch(scratch); }
  hs_scratch_t* scratch;
  std::vector<std::pair<std::size_t, std::size_t>> windows;
  std::vector<std::size_t> trigger_ends;
};

void Matcher::ScratchDeleter::operator()(Scratch* s) const { delete s; }

Matcher::Matcher() : rep_(std::make_unique<Rep>()) {}
Matcher::~Matcher() = default;

namespace {

struct Pattern {
  std::string regex;
  unsigned flags = 0;
  std::uint32_t id = 0;
};

// Everything that shapes the compiled databases: a change to any of it must
// miss the cache.
std::string CacheKey(const std::vector<Pattern>& fast, const std::vector<Pattern>& wide,
                     const hs_platform_info_t& platform) {
  std::string text = hs_version();
  text += '\n' + std::to_string(platform.tune) + ':' + std::to_string(platform.cpu_features);
  for (const auto* list : {&fast, &wide}) {
    text += "\n--";
    for (const Pattern& p : *list) {
      text += '\n' + std::to_string(p.flags) + ':' + std::to_string(p.id) + ':' + p.regex;
    }
  }
  return Sha256Hex(text).substr(0, 32);  // 128 bits name a cache file well enough
}

Status CompileDatabase(const std::vector<Pattern>& list, hs_database_t** db) {
  std::vector<const char*> patterns;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (const Pattern& p : list) {
    patterns.push_back(p.regex.c_str());
    flags.push_back(p.flags);
    ids.push_back(p.id);
  }
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(patterns.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK, nullptr, db,
                       &error) != HS_SUCCESS) {
    std::string what = error != nullptr ? error->message : "unknown error";
    int which = error != nullptr ? error->expression : -1;
    hs_free_compile_error(error);
    return Status::Error("rules-compile-failed",
                         "expression " + std::to_string(which) + ": " + what);
  }
  return Status::OK();
}

// A cache entry holds both databases: the fast one's length (8 bytes,
// little-endian), then each serialized database.
std::string SerializePair(hs_database_t* fast, hs_database_t* wide) {
  char* a = nullptr;
  char* b = nullptr;
  size_t la = 0, lb = 0;
  std::string out;
  if (hs_serialize_database(fast, &a, &la) == HS_SUCCESS &&
      hs_serialize_database(wide, &b, &lb) == HS_SUCCESS) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(std::uint64_t{la} >> (8 * i)));
    out.append(a, la);
    out.append(b, lb);
  }
  std::free(a);
  std::free(b);
  return out;
}

bool DeserializePair(const std::string& bytes, hs_database_t** fast, hs_database_t** wide) {
  if (bytes.size() < 8) return false;
  std::uint64_t la = 0;
  for (int i = 0; i < 8; ++i) la |= std::uint64_t{static_cast<unsigned char>(bytes[i])} << (8 * i);
  if (la > bytes.size() - 8) return false;
  if (hs_deserialize_database(bytes.data() + 8, la, fast) != HS_SUCCESS) return false;
  if (hs_deserialize_database(bytes.data() + 8 + la, bytes.size() - 8 - la, wide) != HS_SUCCESS) {
    hs_free_database(*fast);
    *fast = nullptr;
    return false;
  }
  return true;
}

}  // namespace

std::string Matcher::DefaultCacheDir() {
  if (const char* d = std::getenv("MAMORI_CACHE_DIR"); d != nullptr && *d != '\0') return d;
  if (const char* d = std::getenv("XDG_CACHE_HOME"); d != nullptr && d[0] == '/') {
    return std::string(d) + "/mamori";
  }
  if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') {
    return std::string(h) + "/.cache/mamori";
  }
  return "";
}

Status Matcher::Compile(const RuleSet& rules, std::unique_ptr<Matcher>* matcher,
                        const std::string& cache_dir) {
  std::unique_ptr<Matcher> m(new Matcher());
  m->expressions_ = BuildExpressions(rules);
  Rep& rep = *m->rep_;

  std::vector<Pattern> fast, wide;
  for (std::uint32_t i = 0; i < m->expressions_.size(); ++i) {
    const Expression& e = m->expressions_[i];
    if (e.kind == Expression::Kind::kKeyword) {
      // A keyword's id in the fast database is its expression index.
      fast.push_back({e.regex, e.caseless ? HS_FLAG_CASELESS : 0u, i});
      continue;
    }
    wide.push_back({e.regex, 0u, i});
    rep.window = std::max(rep.window, e.max_bytes);
  }
  if (Status s = rep.ascii_values.Build(m->expressions_); !s.ok()) return s;
  if (wide.empty()) wide.push_back({"\\x00\\xff\\x00never", 0, 0});  // Hyperscan refuses none

  hs_platform_info_t platform;
  std::string cache_path;
  if (!cache_dir.empty() && hs_populate_platform(&platform) == HS_SUCCESS) {
    cache_path = CacheEntryPath(cache_dir, CacheKey(fast, wide, platform));
    std::string bytes;
    if (ReadCacheEntry(cache_path, &bytes) && DeserializePair(bytes, &rep.fast, &rep.wide)) {
      m->loaded_from_cache_ = true;
    }
  }
  if (!m->loaded_from_cache_) {
    Status s = CompileDatabase(fast, &rep.fast);
    if (s.ok()) s = CompileDatabase(wide, &rep.wide);
    if (!s.ok()) return s;
    if (!cache_path.empty()) {
      const std::string bytes = SerializePair(rep.fast, rep.wide);
      if (!bytes.empty()) WriteCacheEntry(cache_dir, cache_path, bytes);
    }
  }
  // One scratch serves both databases: the second call grows it.
  if (hs_alloc_scratch(rep.fast, &rep.prototype) != HS_SUCCESS ||
      hs_alloc_scratch(rep.wide, &rep.prototype) != HS_SUCCESS) {
    return Status::Error("rules-compile-failed", "cannot allocate Hyperscan scratch");
  }
  *matcher = std::move(m);
  return Status::OK();
}

Status Matcher::NewScratch(ScratchPtr* scratch) const {
  hs_scratch_t* s = nullptr;
  if (hs_clone_scratch(rep_->prototype, &s) != HS_SUCCESS) {
    return Status::Error("out-of-memory", "cannot clone Hyperscan scratch");
  }
  scratch->reset(new Scratch(s));
  return Status::OK();
}

namespace {

bool AsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Kept minimal: the callback runs for every match end, and work here is
// paid on the hot path. Interpretation happens in the detector.
int OnFastMatch(unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/,
                void* context) {
  static_cast<std::vector<MatchHit>*>(context)->push_back(MatchHit{id, to});
  return 0;
}

// The window around a trigger ending at `to`, merged into the last when
// they touch (triggers come in order). A window never starts or ends inside
// a run of ASCII digits, so that the wide expressions' "^" and "\z" at its
// edges match only where their "[^0-9]" would in the whole buffer. Merged
// windows are extended once, so the cost stays linear however long the runs.
void AddWindow(std::string_view data, std::size_t w, std::size_t to,
               std::vector<std::pair<std::size_t, std::size_t>>* windows) {
  std::size_t begin = to > w ? to - w : 0;
  std::size_t end = std::min<std::size_t>(data.size(), to + w);
  while (end < data.size() && AsciiDigit(data[end])) ++end;
  if (!windows->empty() && windows->back().second >= begin) {
    windows->back().second = std::max(windows->back().second, end);
  } else {
    while (begin > 0 && AsciiDigit(data[begin - 1])) --begin;
    windows->emplace_back(begin, end);
  }
}

struct WideContext {
  std::vector<MatchHit>* hits;
  std::size_t base;
};

int OnWideMatch(unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/,
                void* context) {
  auto* c = static_cast<WideContext*>(context);
  c->hits->push_back(MatchHit{id, c->base + to});
  return 0;
}

Status ScanFailed(hs_error_t rc) {
  return Status::Error("match-failed", "Hyperscan scan failed (" + std::to_string(rc) + ")");
}

}  // namespace

Status Matcher::Scan(std::string_view data, Scratch* scratch, std::vector<MatchHit>* hits) const {
  const Rep& rep = *rep_;
  const std::size_t first = hits->size();
  // Hyperscan takes an unsigned length; callers feed chunks well below 4 GiB.
  hs_error_t rc = hs_scan(rep.fast, data.data(), static_cast<unsigned>(data.size()), 0,
                          scratch->scratch, OnFastMatch, hits);
  if (rc != HS_SUCCESS) return ScanFailed(rc);

  scratch->trigger_ends.clear();
  rep.ascii_values.Find(data, hits, &rep.triggers, &scratch->trigger_ends);
  scratch->windows.clear();
  for (const std::size_t to : scratch->trigger_ends) {
    AddWindow(data, rep.window, to, &scratch->windows);
  }

  const std::size_t wide_first = hits->size();
  for (const auto& [begin, end] : scratch->windows) {
    WideContext wide{hits, begin};
    rc = hs_scan(rep.wide, data.data() + begin, static_cast<unsigned>(end - begin), 0,
                 scratch->scratch, OnWideMatch, &wide);
    if (rc != HS_SUCCESS) return ScanFailed(rc);
  }
  if (wide_first == hits->size()) return Status::OK();
  // A wide match ends one byte past its value unless the buffer ended
  // there: the byte that ends a digit (ASCII, or a full-width digit's last)
  // is the value's own.
  for (std::size_t i = wide_first; i < hits->size(); ++i) {
    MatchHit& h = (*hits)[i];
    std::size_t len = 0;
    if (DigitEndingAt(data, h.end, &len) < 0) --h.end;
  }
  // Both passes report an ASCII-form value inside a window.
  auto by_end = [](const MatchHit& a, const MatchHit& b) {
    return a.end != b.end ? a.end < b.end : a.expression < b.expression;
  };
  std::sort(hits->begin() + first, hits->end(), by_end);
  hits->erase(std::unique(hits->begin() + first, hits->end(),
                          [](const MatchHit& a, const MatchHit& b) {
                            return a.end == b.end && a.expression == b.expression;
                          }),
              hits->end());
  return Status::OK();
}

}  // namespace mamori
