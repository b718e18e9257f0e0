#!/usr/bin/python3
"""Generate a held-out share of password-protected and plain files, labelled for scoring.

    make_protection_share.py OUT_DIR [--seed N] [--npm-dir DIR]

Writes about a hundred files protected by every scheme mamori names, each WITH and WITHOUT
personal data, made by the real third-party tools: zip -P (ZipCrypto); 7z (zip AES-128/192/256,
7z AES with and without header encryption); GnuPG (symmetric and public key, binary and armored,
and a clear-signed text); OpenSSL (S/MIME enveloped, and signed-only detached and opaque); qpdf
(RC4-40, RC4-128, AES-128, AES-256, each with a user password and with an owner password only);
LibreOffice through UNO (xls and doc with a password, xls under Excel's default password
VelvetSweatshop, ods and odt with a password); officecrypto-tool from npm (xlsx and docx
encrypted Agile and Standard, and xlsx under VelvetSweatshop). Plus plain files with and without
personal data, archives mixing encrypted and plain members, encrypted files inside plain zips and
mails, PPAP cases (an encrypted archive with its password beside it) and traps that must not be
called encrypted (sheet / workbook protection, w:documentProtection, members named secret.enc or
*.gpg holding plain text, a text that says it was encrypted with AES-256). No RAR writer is
packaged in Debian: the RAR files are copies of tests/fixtures/protected/archives/*.rar.

OUT_DIR/labels.json holds, for every file, what it must be judged: encrypted or not, the scheme,
whether its protection opens without a password (owner-only PDF, VelvetSweatshop), each member's
protection, whether it holds personal data, and the exact policy violations (default policy).
Expectations follow from how each file is made, never from mamori's output; where a tool's
choice of scheme matters (LibreOffice's xls/doc cipher, the ODF algorithm, the OOXML encryption
version, 7-Zip's zip method) the file is checked after it is written. Kinds whose tool is missing
are left out with a note and listed under "skipped". Scoring: score_protection.py; details in
tests/share/README.md. The content (names, synthetic My Numbers and basic pension numbers with
valid check digits) is seeded; encryption salts are random, so bytes differ between runs but
labels do not. The share is for scoring only; unit-test fixtures are tests/fixtures/protected.

Needs (Debian): zip, p7zip-full, gnupg, openssl, qpdf, libreoffice, python3-uno, python3-openpyxl,
python3-docx, python3-reportlab; node with officecrypto-tool installed in --npm-dir
(`cd DIR && npm install officecrypto-tool@0.0.19`). The makers are in protection_share/.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True   # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from protection_share import pgp_smime  # noqa: E402
from protection_share.labels import prepare_out_dir, write_labels  # noqa: E402
from protection_share.share import Share  # noqa: E402


def main(argv) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--npm-dir", default=os.environ.get("MAMORI_NPM_DIR", "/work/npm-protshare"),
                    help="folder whose node_modules holds officecrypto-tool")
    args = ap.parse_args(argv)
    t0 = time.time()
    prepare_out_dir(args.out)
    with tempfile.TemporaryDirectory(prefix="mamori-protshare-") as tmp:
        share = Share(args.out, tmp, args.seed, args.npm_dir)
        try:
            share.build()
        finally:
            if share.gnupg is not None:   # the gpg-agent this run started, for its own home only
                subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=pgp_smime.gpg_env(share),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    write_labels(args.out, args.seed, share.files, share.skipped)
    files = share.files.values()
    enc = sum(1 for e in files if e["encrypted"])
    members = sum(len(e["members"]) for e in files)
    viol = sum(1 for e in files if e["violations"])
    print(f"share: {len(share.files)} files ({enc} encrypted, {members} members), {viol} with violations, "
          f"{share.c.values} identifiers; {len(share.skipped)} kinds skipped; {time.time() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
