#!/usr/bin/python3
"""Score mamori's findings on a labelled share: recall and precision per identifier type.

    score_share.py SHARE_DIR FINDINGS_JSONL [--min-confidence low|medium|high] [--by format|kind|container]
                   [--json OUT] [--show N] [--fail-under-recall R] [--fail-under-precision P]

SHARE_DIR holds labels.json (make_labelled_share.py); FINDINGS_JSONL is the output of
`mamori scan SHARE_DIR --db DB --jsonl FINDINGS_JSONL` (shared/spec/findings-jsonl.md).

Findings carry masked values only, so values cannot be matched one by one. For every
(file, member, type) the scorer compares the finding's `distinct` count D with the number of
distinct labelled values T:  true positives min(D, T), false positives max(0, D - T), false
negatives max(0, T - D). This is exact when the scanner finds a subset of the truth or the truth
plus extras; when it finds some wrong values and misses right ones in the same member, the two
cancel and it over-credits (an upper bound). Method: tests/share/README.md.

Two levels are reported: per member (path + member path must match the labels exactly), and per
file (counts summed over all members of an on-disk file), which stays fair when the scanner
names members differently from the labels. Standard library only.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict

TYPES = ("my_number", "basic_pension_number")
CONFIDENCE = {"low": 0, "medium": 1, "high": 2}


def relative(path: str, share: str, known: set[str]) -> str | None:
    """The label path of a path as mamori walked it (absolute, or as given on the command line)."""
    p = path.replace("\\", "/")
    for root in {share.rstrip("/"), os.path.abspath(share).rstrip("/"), os.path.realpath(share).rstrip("/")}:
        root = root.replace("\\", "/")
        if p.startswith(root + "/"):
            return p[len(root) + 1:]
    best = None   # a path given some other way: the longest label path it ends with
    for k in known:
        if (p == k or p.endswith("/" + k)) and (best is None or len(k) > len(best)):
            best = k
    return best


def load_labels(share: str):
    with open(os.path.join(share, "labels.json"), encoding="utf-8") as f:
        labels = json.load(f)
    entries = {}
    for e in labels["files"]:
        entries[(e["path"], e["member"])] = e
    return labels, entries


def load_findings(jsonl: str, share: str, known_paths: set[str], min_conf: int):
    found = defaultdict(int)        # (path, member, type) -> distinct
    records, unknown_paths = {}, []
    with open(jsonl, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except ValueError as e:
                sys.exit(f"score_share: {jsonl}:{n}: not JSON: {e}")
            rel = relative(rec.get("path", ""), share, known_paths)
            if rel == "labels.json":   # the truth itself, full of values: not part of the share
                continue
            if rel is None:
                unknown_paths.append(rec.get("path"))
                continue
            records[rel] = rec
            for fd in rec.get("findings", []):
                if fd.get("type") not in TYPES:
                    continue
                if CONFIDENCE.get(fd.get("confidence", "high"), 2) < min_conf:
                    continue
                found[(rel, fd.get("member"), fd["type"])] += int(fd.get("distinct", fd.get("count", 0)))
    return found, records, unknown_paths


class Tally:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, truth: int, got: int) -> None:
        self.tp += min(truth, got)
        self.fp += max(0, got - truth)
        self.fn += max(0, truth - got)

    def row(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": p, "recall": r}


def fmt_ratio(x) -> str:
    return "   -  " if x is None else f"{x * 100:5.1f}%"


def main(argv) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("share")
    ap.add_argument("findings")
    ap.add_argument("--min-confidence", choices=list(CONFIDENCE), default="low",
                    help="ignore findings below this confidence (default: count all in the file)")
    ap.add_argument("--by", choices=["format", "kind", "container"], default="format",
                    help="breakdown of the member-level scores (default: format)")
    ap.add_argument("--show", type=int, default=10, help="list the N worst members per type")
    ap.add_argument("--json", help="also write the scores as JSON to this file")
    ap.add_argument("--fail-under-recall", type=float)
    ap.add_argument("--fail-under-precision", type=float)
    args = ap.parse_args(argv)

    labels, entries = load_labels(args.share)
    paths = {p for p, _ in entries}
    found, records, unknown = load_findings(args.findings, args.share, paths,
                                            CONFIDENCE[args.min_confidence])

    member_total = {t: Tally() for t in TYPES}
    file_total = {t: Tally() for t in TYPES}
    breakdown = defaultdict(lambda: {t: Tally() for t in TYPES})
    misses = {t: [] for t in TYPES}
    file_truth = defaultdict(int)
    file_got = defaultdict(int)
    for (path, member), e in entries.items():
        key = e.get(args.by) or ("-" if args.by == "container" else "?")
        for t in TYPES:
            truth = len(e["expect"][t])
            got = found.get((path, member, t), 0)
            member_total[t].add(truth, got)
            breakdown[key][t].add(truth, got)
            file_truth[(path, t)] += truth
            if truth != got:
                misses[t].append((abs(truth - got), path, member, truth, got))
    unlabelled = []   # findings for members the labels do not list (e.g. named differently)
    for (path, member, t), got in sorted(found.items(), key=lambda kv: (kv[0][0], str(kv[0][1]), kv[0][2])):
        file_got[(path, t)] += got
        if (path, member) not in entries:
            member_total[t].add(0, got)
            breakdown["(unlabelled member)"][t].add(0, got)
            unlabelled.append((path, member, t, got))
    for (path, t), truth in file_truth.items():
        file_total[t].add(truth, file_got.get((path, t), 0))
    for (path, t), got in file_got.items():
        if (path, t) not in file_truth:
            file_total[t].add(0, got)

    print(f"share {args.share}: {len(paths)} files, {len(entries)} labelled files/members; "
          f"findings for {len(records)} files (confidence >= {args.min_confidence})")
    print(f"{'level':<8} {'type':<22} {'TP':>6} {'FP':>6} {'FN':>6} {'precision':>9} {'recall':>7}")
    for level, tallies in (("member", member_total), ("file", file_total)):
        for t in TYPES:
            r = tallies[t].row()
            print(f"{level:<8} {t:<22} {r['tp']:>6} {r['fp']:>6} {r['fn']:>6} "
                  f"{fmt_ratio(r['precision']):>9} {fmt_ratio(r['recall']):>7}")
    print(f"\nby {args.by} (member level):")
    print(f"{args.by:<22} {'my_number TP/FP/FN':>20} {'recall':>7} {'prec':>7}   "
          f"{'pension TP/FP/FN':>18} {'recall':>7} {'prec':>7}")
    for key in sorted(breakdown):
        cells = []
        for t in TYPES:
            r = breakdown[key][t].row()
            cells.append(f"{r['tp']:>6}/{r['fp']}/{r['fn']}".rjust(18) +
                         f" {fmt_ratio(r['recall']):>7} {fmt_ratio(r['precision']):>7}")
        print(f"{key:<22} {cells[0]}   {cells[1]}")

    # What could not be read: error reasons by on-disk format.
    errors = defaultdict(int)
    incomplete = 0
    for rel, rec in records.items():
        incomplete += bool(rec.get("incomplete"))
        for err in rec.get("errors", []):
            errors[(rec.get("format", "?"), err.get("reason", "?"))] += 1
    if errors:
        print(f"\n{incomplete} files incomplete; errors by format and reason:")
        for (fmt, reason), n in sorted(errors.items(), key=lambda kv: -kv[1]):
            print(f"  {fmt:<10} {reason:<22} {n}")
    if args.show:
        for t in TYPES:
            worst = sorted(misses[t], key=lambda m: (-m[0], m[1], str(m[2])))[:args.show]
            if worst:
                print(f"\nlargest {t} differences (truth -> found):")
                for _, path, member, truth, got in worst:
                    print(f"  {truth:>4} -> {got:<4} {path}" + (f" :: {member}" if member else ""))
        if unlabelled:
            print(f"\nfindings for members not in the labels ({len(unlabelled)}):")
            for path, member, t, got in unlabelled[:args.show]:
                print(f"  {t} {got} {path} :: {member}")
    if unknown:
        print(f"\n{len(unknown)} JSONL records whose path is not in the share (ignored), e.g. {unknown[0]}")

    result = {"min_confidence": args.min_confidence,
              "member": {t: member_total[t].row() for t in TYPES},
              "file": {t: file_total[t].row() for t in TYPES},
              "by_" + args.by: {k: {t: v[t].row() for t in TYPES} for k, v in sorted(breakdown.items())},
              "errors": {f"{f}/{r}": n for (f, r), n in sorted(errors.items())}}
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False, indent=1)
    status = 0
    for t in TYPES:
        r = member_total[t].row()
        if args.fail_under_recall is not None and (r["recall"] or 0) < args.fail_under_recall:
            print(f"score_share: {t} recall below {args.fail_under_recall}", file=sys.stderr)
            status = 1
        if args.fail_under_precision is not None and r["precision"] is not None and \
                r["precision"] < args.fail_under_precision:
            print(f"score_share: {t} precision below {args.fail_under_precision}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
