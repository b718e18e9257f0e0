// Matcher: the match stage. Scanning a buffer yields the end offset and
// expression id of every match of every rule's value shapes and keywords.
// No start-of-match tracking: it costs 2-3x when matches are rare, and the
// confirm step recovers starts.
//
// Two passes: first the keywords in one Hyperscan block-mode database, and
// the buffer's digit runs (ascii_values.h), which give the ASCII forms of the
// value shapes and, from the same masks, the triggers for non-ASCII forms
// (full-width digits, an ideographic space or a long-vowel mark after a
// digit; form_triggers.h); then a database of every form of the values, only
// in windows around the triggers. Most text has no non-ASCII digits, and
// their alternations cost Hyperscan six times the ASCII forms' time, which
// cost it ten times the keywords'.
//
// Thread-safety: a compiled Matcher is immutable and shared by all workers;
// each worker owns one Scratch (allocated once) and passes it to Scan.
#ifndef MAMORI_MATCHER_H_
#define MAMORI_MATCHER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mamori/rule_expressions.h"
#include "mamori/rule_set.h"
#include "mamori/status.h"

namespace mamori {

struct MatchHit {
  std::uint32_t expression;  // index into Matcher::expressions()
  std::uint64_t end;         // offset one past the match, in the buffer
  // Not 0: the match is a maximal run of this many ASCII digits ending at
  // `end` (the ASCII finder's single-run shapes), which the detector need not
  // parse again.
  std::uint32_t ascii_run = 0;
};

class Matcher {
 public:
  class Scratch;
  // Deletes a Scratch where its type is complete, so holders need not see it.
  struct ScratchDeleter {
    void operator()(Scratch* s) const;
  };
  using ScratchPtr = std::unique_ptr<Scratch, ScratchDeleter>;

  // Compiles the rules' database, or loads it from `cache_dir` where an
  // earlier compile of the same expressions by the same Hyperscan on the
  // same kind of CPU left it serialized. `cache_dir` empty: no cache. A
  // cache that cannot be read or written is ignored (compiling is correct,
  // just slower).
  static Status Compile(const RuleSet& rules, std::unique_ptr<Matcher>* matcher,
                        const std::string& cache_dir = "");

  // $MAMORI_CACHE_DIR, else $XDG_CACHE_HOME/mamori, else ~/.cache/mamori.
  static std::string DefaultCacheDir();

  // Whether the last Compile() on this object loaded its database from the cache.
  bool loaded_from_cache() const { return loaded_from_cache_; }
  ~Matcher();

  // Opaque; public so that the scan callbacks can see it.
  struct Rep;

  const std::vector<Expression>& expressions() const { return expressions_; }

  // A scratch for one worker, cloned from the matcher's prototype.
  Status NewScratch(ScratchPtr* scratch) const;

  // Appends every match in `data` to *hits, once each, in no set order. A
  // value's end is one past its last digit.
  Status Scan(std::string_view data, Scratch* scratch, std::vector<MatchHit>* hits) const;

 private:
  Matcher();
  std::unique_ptr<Rep> rep_;
  std::vector<Expression> expressions_;
  bool loaded_from_cache_ = false;
};

}  // namespace mamori

#endif  // MAMORI_MATCHER_H_
