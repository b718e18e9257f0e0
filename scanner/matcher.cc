#include "mamori/matcher.h"

#include <hs/hs.h>

#include <cstdlib>

#include "mamori/sha256.h"
#include "matcher_cache.h"

namespace mamori {

struct Matcher::Rep {
  hs_database_t* db = nullptr;
  hs_scratch_t* prototype = nullptr;
  ~Rep() {
    if (prototype != nullptr) hs_free_scratch(prototype);
    if (db != nullptr) hs_free_database(db);
  }
};

class Matcher::Scratch {
 public:
  explicit Scratch(hs_scratch_t* s) : scratch(s) {}
  ~Scratch() { hs_free_scratch(scratch); }
  hs_scratch_t* scratch;
};

void Matcher::ScratchDeleter::operator()(Scratch* s) const { delete s; }

Matcher::Matcher() : rep_(std::make_unique<Rep>()) {}
Matcher::~Matcher() = default;

namespace {

// Everything that shapes the compiled database: a change to any of it must
// miss the cache.
std::string CacheKey(const std::vector<Expression>& expressions,
                     const hs_platform_info_t& platform) {
  std::string text = hs_version();
  text += '\n' + std::to_string(platform.tune) + ':' + std::to_string(platform.cpu_features);
  for (const Expression& e : expressions) {
    text += '\n' + std::to_string(e.caseless) + e.regex;
  }
  return Sha256Hex(text).substr(0, 32);  // 128 bits name a cache file well enough
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

  hs_platform_info_t platform;
  std::string cache_path;
  if (!cache_dir.empty() && hs_populate_platform(&platform) == HS_SUCCESS) {
    cache_path = CacheEntryPath(cache_dir, CacheKey(m->expressions_, platform));
    std::string bytes;
    if (ReadCacheEntry(cache_path, &bytes) &&
        hs_deserialize_database(bytes.data(), bytes.size(), &m->rep_->db) == HS_SUCCESS) {
      m->loaded_from_cache_ = true;
    }
  }

  if (!m->loaded_from_cache_) {
    std::vector<const char*> patterns;
    std::vector<unsigned> flags;
    std::vector<unsigned> ids;
    for (size_t i = 0; i < m->expressions_.size(); ++i) {
      patterns.push_back(m->expressions_[i].regex.c_str());
      flags.push_back(m->expressions_[i].caseless ? HS_FLAG_CASELESS : 0);
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(patterns.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK, nullptr,
                         &m->rep_->db, &error) != HS_SUCCESS) {
      std::string what = error != nullptr ? error->message : "unknown error";
      int which = error != nullptr ? error->expression : -1;
      hs_free_compile_error(error);
      return Status::Error("rules-compile-failed",
                           "expression " + std::to_string(which) + ": " + what);
    }
    char* bytes = nullptr;
    size_t length = 0;
    if (!cache_path.empty() && hs_serialize_database(m->rep_->db, &bytes, &length) == HS_SUCCESS) {
      WriteCacheEntry(cache_dir, cache_path, std::string_view(bytes, length));
      std::free(bytes);
    }
  }
  if (hs_alloc_scratch(m->rep_->db, &m->rep_->prototype) != HS_SUCCESS) {
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

int OnMatch(unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/,
            void* context) {
  // Kept minimal: the callback runs for every match end, and work here is
  // paid on the hot path. Interpretation happens in the detector.
  static_cast<std::vector<MatchHit>*>(context)->push_back(MatchHit{id, to});
  return 0;
}

}  // namespace

Status Matcher::Scan(std::string_view data, Scratch* scratch, std::vector<MatchHit>* hits) const {
  // Hyperscan takes an unsigned length; callers feed chunks well below 4 GiB.
  hs_error_t rc = hs_scan(rep_->db, data.data(), static_cast<unsigned>(data.size()), 0,
                          scratch->scratch, OnMatch, hits);
  if (rc != HS_SUCCESS) {
    return Status::Error("match-failed", "Hyperscan scan failed (" + std::to_string(rc) + ")");
  }
  return Status::OK();
}

}  // namespace mamori
