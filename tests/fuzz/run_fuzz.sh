#!/usr/bin/env bash
# Builds the libFuzzer targets in a clang build tree of their own and runs
# each for SECONDS (default 60), seeded with the fixtures under
# tests/fixtures/** and tests/demo_share/** and the inputs under
# tests/fuzz/regressions/ and tests/fuzz/seeds/. Fails when
# any target crashes, leaks, times out or runs out of memory; the inputs that
# did are kept under WORK/crashes/<target>/, and must become regression tests:
# copy each into tests/fuzz/regressions/<target>/ (see regressions/README.md).
#
#   tests/fuzz/run_fuzz.sh [SECONDS] [BUILD_DIR]
# Environment: CXX (default clang++-14), MAMORI_FUZZ_JOBS (targets run at
# once, default 1), MAMORI_FUZZ_TARGETS (names, default all), MAMORI_FUZZ_WORK
# (corpora and crashes, default BUILD_DIR/fuzz-work).
set -euo pipefail

seconds="${1:-60}"
build="${2:-/tmp/mamori-fuzz-build}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${MAMORI_FUZZ_WORK:-$build/fuzz-work}"
jobs="${MAMORI_FUZZ_JOBS:-1}"
targets=(${MAMORI_FUZZ_TARGETS:-archive docx xlsx pptx odf cfb pdf rtf html eml mbox xml text fast_path})
cxx="${CXX:-clang++-14}"

# Fixture name patterns that seed each target.
seeds_for() {
  case "$1" in
    archive) echo "*.zip *.7z *.tar *.tgz *.tar.* *.gz *.bz2 *.xz *.zst *.rar *.cab *.lzh *.iso *.cpio *.jar" ;;
    docx) echo "*.docx *.docm *.dotx" ;;
    xlsx) echo "*.xlsx *.xlsm *.xltx" ;;
    pptx) echo "*.pptx *.pptm" ;;
    odf) echo "*.odt *.ods *.odp *.ott" ;;
    cfb) echo "*.doc *.xls *.ppt *.msg *.cfb" ;;
    pdf) echo "*.pdf" ;;
    rtf) echo "*.rtf" ;;
    html) echo "*.html *.htm *.xml *.xhtml" ;;
    eml) echo "*.eml" ;;
    mbox) echo "*.mbox *.mbx *.eml" ;;
    xml) echo "*.xml *.rels" ;;
    text) echo "*.csv *.tsv *.txt *.log" ;;
    fast_path) ;;  # seeds/fast_path/ only: no fixture is a bare part
  esac
}

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$cxx" -DMAMORI_FUZZ=ON -DMAMORI_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" --target "${targets[@]/#/fuzz_}" -j "${MAMORI_FUZZ_BUILD_JOBS:-$(nproc)}"

run_one() {
  local t="$1"
  local corpus="$work/corpus/$t" seeds="$work/seeds/$t" crashes="$work/crashes/$t"
  rm -rf "$seeds" && mkdir -p "$corpus" "$seeds" "$crashes"
  # Seeds are linked, not copied: the fixtures stay where their scripts put them.
  local pattern f
  for pattern in $(seeds_for "$t"); do
    while IFS= read -r -d '' f; do
      ln -sf "$f" "$seeds/$(echo "${f#"$root"/}" | tr / _)"
    done < <(find "$root/tests/fixtures" "$root/tests/demo_share" -type f -name "$pattern" -print0 2>/dev/null)
  done
  # Hand-written seeds for targets whose inputs are no fixture's (not
  # replayed as regressions).
  if [ -d "$here/seeds/$t" ]; then
    for f in "$here/seeds/$t"/*; do [ -f "$f" ] && ln -sf "$f" "$seeds/seed_$(basename "$f")"; done
  fi
  if [ -d "$here/regressions/$t" ]; then
    for f in "$here/regressions/$t"/*; do [ -f "$f" ] && ln -sf "$f" "$seeds/regression_$(basename "$f")"; done
  fi
  echo "fuzz_$t: $(ls "$seeds" | wc -l) seeds, ${seconds}s" >&2
  local rc=0
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
    "$build/tests/fuzz/fuzz_$t" "$corpus" "$seeds" -max_total_time="$seconds" \
    -max_len=1048576 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$crashes/" >"$work/fuzz_$t.log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ] || [ -n "$(ls -A "$crashes")" ]; then
    echo "fuzz_$t: FAILED (exit $rc); log $work/fuzz_$t.log; inputs:" >&2
    ls -1 "$crashes"/* >&2 2>/dev/null || true
    grep -m3 -E "ERROR: |SUMMARY: |runtime error|contract broken" "$work/fuzz_$t.log" >&2 || true
    return 1
  fi
  echo "fuzz_$t: ok ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$work/fuzz_$t.log" | grep -o '[0-9]*$') runs)" >&2
}

mkdir -p "$work/status"
rm -f "$work/status"/*
for t in "${targets[@]}"; do
  (run_one "$t" && echo 0 >"$work/status/$t" || echo 1 >"$work/status/$t") &
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
done
wait
failed=()
for t in "${targets[@]}"; do
  [ "$(cat "$work/status/$t" 2>/dev/null)" = 0 ] || failed+=("$t")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "run_fuzz: crashes in: ${failed[*]} (inputs under $work/crashes/<target>/;" \
    "copy them to tests/fuzz/regressions/<target>/)" >&2
  exit 1
fi
echo "run_fuzz: ${#targets[@]} targets, ${seconds}s each, no crash" >&2
