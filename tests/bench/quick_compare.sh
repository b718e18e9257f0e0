#!/usr/bin/env bash
# A quick throughput comparison on generated CSV text: cat (the read limit),
# ripgrep (a 4-4-4 digit pattern with ASCII boundaries) and mamori, warm
# cache, median of three runs each: a minute's check of the text path. The
# full benchmark (every part, decompression, peak RSS, reports/bench/) is
# tests/bench/share_bench.
#   tests/bench/quick_compare.sh [MAMORI_BINARY] [WORK_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="${1:-$here/../../build/mamori}"
work="${2:-${TMPDIR:-/tmp}/mamori-quick-bench}"
threads="$(nproc)"
command -v rg >/dev/null || { echo "quick_compare: ripgrep (rg) is needed" >&2; exit 2; }

if [ ! -f "$work/.done" ]; then
  rm -rf "$work" && mkdir -p "$work/share"
  /usr/bin/python3 - "$work/share" <<'PY'
import os, random, sys
root = sys.argv[1]
rnd = random.Random(4)
def my_number():
    b = ''.join(rnd.choice('0123456789') for _ in range(11))
    s = sum(int(b[10 - (n - 1)]) * ((n + 1) if n <= 6 else (n - 5)) for n in range(1, 12))
    return b + str(0 if s % 11 <= 1 else 11 - s % 11)
def rows(n, with_ids):
    out = ["社員番号,氏名,部署,個人番号,備考" if with_ids else "注文番号,品名,数量,金額,備考"]
    for i in range(n):
        v = my_number() if with_ids else str(rnd.randrange(10**11, 10**12))
        out.append(f"{i},山田 太郎,総務部,{v},2015-05-28 09:12:44 TEL 03-1234-5678")
    return "\n".join(out) + "\n"
os.makedirs(f"{root}/small", exist_ok=True)
for i in range(2000):  # 2000 files of about 50 KB, one in ten with identifiers
    with open(f"{root}/small/f{i:04d}.csv", "w") as f:
        f.write(rows(700, i % 10 == 0))
block = rows(20000, False) + rows(200, True)
with open(f"{root}/big.csv", "w") as f:  # one CSV of about 150 MB
    for _ in range(100):
        f.write(block)
PY
  touch "$work/.done"
fi
bytes=$(du -sb "$work/share" | cut -f1)
files=$(find "$work/share" -type f | wc -l)

median() { sort -n | sed -n 2p; }
time_it() {  # prints the median wall seconds of three runs of "$@"
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
    echo "$e - $s" | bc -l
  done | median
}
cat_all() { find "$work/share" -type f -print0 | xargs -0 -P "$threads" -n 64 cat >/dev/null; }
rg_all() { rg -j "$threads" -c '(^|[^0-9])[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}([^0-9]|$)' "$work/share"; }
mamori_all() {
  rm -f "$work/bench.db"*
  "$bin" scan "$work/share" --db "$work/bench.db" --secret "$work/secret" --threads "$threads" -q
}
cat_all; rg_all >/dev/null || true  # warm the cache

printf 'data: %s files, %.0f MB, %s threads\n' "$files" "$(echo "$bytes/1000000" | bc -l)" "$threads"
printf '%-8s %10s %10s %10s\n' tool seconds MB/s files/s
for tool in cat_all rg_all mamori_all; do
  t=$(time_it "$tool")
  printf '%-8s %10.3f %10.0f %10.0f\n' "${tool%_all}" "$t" "$(echo "$bytes/1000000/$t" | bc -l)" \
    "$(echo "$files/$t" | bc -l)"
done
