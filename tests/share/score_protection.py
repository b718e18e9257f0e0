#!/usr/bin/python3
"""Score mamori's protection judgements and policy violations on the protection share.

    score_protection.py SHARE_DIR FINDINGS_JSONL [--db DB] [--json OUT] [--show N]

SHARE_DIR holds labels.json (make_protection_share.py); FINDINGS_JSONL is the output of
`mamori scan SHARE_DIR --db DB --jsonl FINDINGS_JSONL` (shared/spec/findings-jsonl.md). The
stream promises only files that are encrypted, have findings, violations or errors: a file it
does not list was judged plain, readable and compliant. A file whose protection opens without a
password and holds nothing (an owner-only PDF without personal data) need not be in it (mamori
lists it, having a scheme); when it is not, --db reads its scheme from the scan's database (the
latest scan), and without --db it is counted as unverified.

Printed: per scheme (the file's own and its members'), how many files and members carry it, how
many of those expected encrypted mamori recognised as encrypted, how many it named right, and how
many of those whose protection opens without a password (owner-only PDF, VelvetSweatshop) it
judged readable with the right scheme; false "encrypted" claims on plain files and members;
violations per rule (expected, found, missing, extra) and files whose violations match exactly.
An encrypted file or member must be listed as not inspected (an "encrypted-member" error), never
reported clean. Every mismatch is listed; the exit status is 1 when there is any. Standard
library only. Method: tests/share/README.md.
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections import defaultdict

sys.dont_write_bytecode = True   # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score_share import relative  # noqa: E402

UNKNOWN = object()   # a scheme nobody reported (no stream record, no database)


def related(a: str, b: str) -> bool:
    """Same member, or one lies inside the other (an archive may be named for its members)."""
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


class Got:
    """What mamori said about one on-disk file."""

    def __init__(self):
        self.record = False        # in the findings stream
        self.encrypted = False
        self.scheme = None
        self.members = {}          # member -> (encrypted, scheme)
        self.not_inspected = set()  # members ("" the file) with an encrypted-member error
        self.violations = []
        self.findings = 0

    @classmethod
    def from_record(cls, rec: dict) -> "Got":
        g = cls()
        g.record = True
        prot = rec.get("protection") or {}
        g.encrypted = bool(prot.get("encrypted"))
        g.scheme = prot.get("scheme")
        for m in prot.get("members") or []:
            g.members[m.get("member", "")] = (bool(m.get("encrypted")), m.get("scheme"))
        for e in rec.get("errors") or []:
            if e.get("reason") == "encrypted-member":
                g.not_inspected.add(e.get("member") or "")
        g.violations = sorted({v.get("rule") for v in rec.get("violations") or []})
        g.findings = sum(int(f.get("distinct", 0)) for f in rec.get("findings") or [])
        return g

    def describe(self) -> str:
        if not self.record:
            s = "no record (plain, clean)"
            if self.scheme is not UNKNOWN and self.scheme is not None:
                s += f"; database scheme {self.scheme}"
            return s
        s = f"encrypted={str(self.encrypted).lower()} scheme={self.scheme}"
        if self.members:
            s += " members{" + ", ".join(f"{m}: {'enc' if e else 'readable'} {sc}"
                                         for m, (e, sc) in sorted(self.members.items())) + "}"
        if self.not_inspected:
            s += " not-inspected[" + ", ".join(m or "(file)" for m in sorted(self.not_inspected)) + "]"
        s += f" findings={self.findings} violations={self.violations}"
        return s


def load_db(db: str, share: str, known: set[str]) -> dict[str, Got]:
    """Protection of every file of the latest scan, for files the stream does not list."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    (scan,) = con.execute("SELECT max(id) FROM scans").fetchone()
    out = {}
    rows = con.execute("SELECT id, path, encrypted, scheme FROM files WHERE scan_id = ? AND kind = 'regular'",
                       (scan,)).fetchall()
    for fid, path, enc, scheme in rows:
        p = path.decode("utf-8", "replace") if isinstance(path, bytes) else str(path)
        rel = relative(p, share, known)
        if rel is None:
            continue
        g = Got()
        g.encrypted, g.scheme = bool(enc), scheme
        for member, mscheme, menc in con.execute(
                "SELECT member, scheme, encrypted FROM protected_members WHERE file_id = ?", (fid,)):
            g.members[member] = (bool(menc), mscheme)
        g.violations = sorted({r for (r,) in con.execute(
            "SELECT rule FROM violations WHERE file_id = ? AND severity != 'exempt'", (fid,))})
        out[rel] = g
    con.close()
    return out


class Row:
    def __init__(self):
        self.files = self.members = 0
        self.enc_expected = self.enc_recognised = self.not_inspected = 0
        self.scheme_right = 0
        self.readable_expected = self.readable_right = self.unverified = 0

    def cells(self) -> list[str]:
        units = self.files + self.members

        def frac(a, b):
            return f"{a}/{b}" if b else "-"
        return [str(self.files), str(self.members), frac(self.enc_recognised, self.enc_expected),
                frac(self.not_inspected, self.enc_expected), frac(self.scheme_right, units),
                frac(self.readable_right, self.readable_expected)]


def main(argv) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("share")
    ap.add_argument("findings")
    ap.add_argument("--db", help="the scan's database: schemes of readable files the stream leaves out")
    ap.add_argument("--json", help="also write the scores and mismatches as JSON to this file")
    ap.add_argument("--show", type=int, default=1000, help="list at most N mismatches")
    args = ap.parse_args(argv)

    with open(os.path.join(args.share, "labels.json"), encoding="utf-8") as f:
        labels = json.load(f)
    expect = labels["files"]
    known = set(expect)
    got: dict[str, Got] = {}
    unknown = []
    with open(args.findings, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as e:
                sys.exit(f"score_protection: {args.findings}:{n}: not JSON: {e}")
            rel = relative(rec.get("path", ""), args.share, known)
            if rel == "labels.json":
                continue
            if rel is None or rel not in known:
                unknown.append(rec.get("path"))
                continue
            got[rel] = Got.from_record(rec)
    db = load_db(args.db, args.share, known) if args.db else {}

    rows: dict[str, Row] = defaultdict(Row)
    plain = {"files": 0, "members": 0, "claims": 0}
    rules = defaultdict(lambda: {"expected": 0, "found": 0, "missing": 0, "extra": 0})
    exact = 0
    mismatches = []   # (path, member, what, expected, mamori said)

    def miss(path, member, what, want, g):
        mismatches.append({"path": path, "member": member, "what": what, "expected": want,
                           "mamori": g.describe()})

    for path, e in expect.items():
        g = got.get(path)
        if g is None:
            g = Got()
            g.scheme = db[path].scheme if path in db else (UNKNOWN if args.db is None else None)
            if path in db:   # protection in name only; what is encrypted must be in the stream
                g.members = {m: v for m, v in db[path].members.items() if not v[0]}
        # -- the file's own protection --
        if e["scheme"] is not None or e["encrypted"]:
            row = rows[e["scheme"] or "?"]
            row.files += 1
            if e["encrypted"]:
                row.enc_expected += 1
                if g.encrypted:
                    row.enc_recognised += 1
                else:
                    miss(path, None, "encrypted file not recognised" if g.record else
                         "encrypted file reported clean", f"encrypted {e['scheme']}", g)
                if g.not_inspected:   # the file, or every member of it, listed as not inspected
                    row.not_inspected += 1
                elif g.encrypted or g.record:
                    miss(path, None, "encrypted file not listed as not inspected",
                         "error encrypted-member", g)
            listed = e["encrypted"] and not g.encrypted   # already a mismatch above
            if g.scheme is UNKNOWN:
                row.unverified += 1   # not in the stream, no database: cannot tell
            elif g.scheme == e["scheme"]:
                row.scheme_right += 1
            elif not listed:
                miss(path, None, "scheme", e["scheme"], g)
            if e["readable_protection"] and g.scheme is not UNKNOWN:
                row.readable_expected += 1
                if not g.encrypted and g.scheme == e["scheme"] and "" not in g.not_inspected:
                    row.readable_right += 1
                elif g.encrypted or "" in g.not_inspected:
                    miss(path, None, "readable protection claimed encrypted",
                         f"readable, scheme {e['scheme']}", g)
        else:
            plain["files"] += 1
            if g.encrypted or (g.scheme is not None and g.scheme is not UNKNOWN) or "" in g.not_inspected:
                plain["claims"] += 1
                miss(path, None, "plain file claimed protected", "plain", g)
        # -- members --
        expected_enc = [m for m, me in e["members"].items() if me["encrypted"]]
        for m, me in sorted(e["members"].items()):
            if me["scheme"] is None:
                plain["members"] += 1
                continue
            row = rows[me["scheme"]]
            row.members += 1
            near = [r for r in g.members if related(r, m)]
            near.sort(key=lambda r: (r != m, -len(r)))   # the member itself, else the closest
            if me["encrypted"]:
                row.enc_expected += 1
                if any(g.members[r][0] for r in near):
                    row.enc_recognised += 1
                else:
                    miss(path, m, "encrypted member not recognised", f"encrypted {me['scheme']}", g)
                if "" in g.not_inspected or any(related(r, m) for r in g.not_inspected):
                    row.not_inspected += 1
                elif g.record or g.encrypted:
                    miss(path, m, "encrypted member not listed as not inspected", "error encrypted-member", g)
                else:
                    miss(path, m, "encrypted member reported clean", "error encrypted-member", g)
                if near and g.members[near[0]][1] == me["scheme"]:
                    row.scheme_right += 1
                elif near and any(g.members[r][0] for r in near):
                    miss(path, m, "member scheme", me["scheme"], g)
            else:   # protection in name only
                row.readable_expected += 1
                if m in g.members and not g.members[m][0] and g.members[m][1] == me["scheme"]:
                    row.readable_right += 1
                    row.scheme_right += 1
                else:
                    miss(path, m, "readable member protection", f"readable, scheme {me['scheme']}", g)
        if not (e["encrypted"] and not e["members"]):   # member names unreadable: nothing to compare
            claims = [r for r, (enc, _) in g.members.items()
                      if enc and not any(related(r, x) for x in expected_enc)]
            claims += [r for r in g.not_inspected if r and not any(related(r, x) for x in expected_enc)]
            for r in sorted(set(claims)):
                plain["claims"] += 1
                miss(path, r, "plain member claimed encrypted", "plain", g)
        # -- violations --
        want, have = set(e["violations"]), set(g.violations)
        for r in want | have:
            rules[r]["expected"] += r in want
            rules[r]["found"] += r in have
            rules[r]["missing"] += r in want and r not in have
            rules[r]["extra"] += r in have and r not in want
        if want == have:
            exact += 1
        else:
            miss(path, None, "violations", sorted(want), g)

    # -- report --
    print(f"share {args.share}: {len(expect)} files; {len(got)} in the findings stream"
          + (f"; database {args.db}" if args.db else ""))
    head = ["scheme", "files", "members", "encrypted", "not-inspected", "scheme-right", "readable-right"]
    print(f"\n{head[0]:<20}" + "".join(f"{h:>15}" for h in head[1:]))
    unverified = 0
    for scheme in sorted(rows):
        r = rows[scheme]
        unverified += r.unverified
        print(f"{scheme:<20}" + "".join(f"{c:>15}" for c in r.cells()))
    print(f"{'(plain)':<20}{plain['files']:>15}{plain['members']:>15}"
          f"   false 'encrypted' claims: {plain['claims']}")
    if unverified:
        print(f"({unverified} files with protection in name only are not in the stream and no --db: "
              "schemes unverified)")
    print(f"\n{'violation':<28}{'expected':>9}{'found':>7}{'missing':>9}{'extra':>7}")
    for rule in sorted(rules):
        c = rules[rule]
        print(f"{rule:<28}{c['expected']:>9}{c['found']:>7}{c['missing']:>9}{c['extra']:>7}")
    print(f"files whose violations match exactly: {exact}/{len(expect)}")
    if labels.get("skipped"):
        print("\nnot in the share (tool missing or no writer): "
              + "; ".join(f"{s['kind']} ({s['reason']})" for s in labels["skipped"]))
    if unknown:
        print(f"\n{len(unknown)} stream records for paths not in the labels, e.g. {unknown[0]}")
    if mismatches:
        print(f"\n{len(mismatches)} mismatches:")
        for mm in mismatches[:args.show]:
            where = mm["path"] + (f" :: {mm['member']}" if mm["member"] else "")
            print(f"  {where}\n      {mm['what']}: expected {mm['expected']}\n      mamori: {mm['mamori']}")
    else:
        print("\nno mismatches")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"schemes": {k: vars(v) for k, v in sorted(rows.items())}, "plain": plain,
                       "violations": rules, "exact": exact, "files": len(expect),
                       "mismatches": mismatches}, f, ensure_ascii=False, indent=1)
    return 1 if mismatches or unknown else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
