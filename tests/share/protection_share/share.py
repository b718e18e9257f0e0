"""The share being written: its folders, labels, skipped kinds, and the plan that fills it.

Every maker takes the Share and draws content and passwords from its two seeded rngs, so the plan
keeps one fixed order: moving a step changes the names, values and passwords a seed gives.
"""
from __future__ import annotations

import os
import random
import shutil
import sys

from . import archives, office, pdf, pgp_smime, plain, ppap
from .content import Content
from .labels import Expect
from .tools import LibreOffice, OfficeCrypto


class Share:
    def __init__(self, out: str, tmp: str, seed: int, npm_dir: str):
        self.out, self.tmp, self.seed = out, tmp, seed
        self.c = Content(seed)
        self.rng = random.Random(f"mamori-protshare:{seed}:plan")
        self.files: dict[str, dict] = {}
        self.skipped: list[dict] = []
        self.lo = LibreOffice(tmp) if shutil.which("soffice") and self._uno() else None
        occ = OfficeCrypto(tmp, npm_dir)
        self.occ = occ if occ.available() else None
        self.n = 0
        self.gnupg: str | None = None   # GNUPGHOME, made on first use (pgp_smime.gpg_env)
        self.gpg_key = False

    @staticmethod
    def _uno() -> bool:
        try:
            import uno  # noqa: F401
            return True
        except ImportError:
            return False

    def password(self) -> str:
        return "".join(self.rng.choice("abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789")
                       for _ in range(10))

    def skip(self, kind: str, why: str) -> None:
        print(f"make_protection_share: skipped {kind}: {why}", file=sys.stderr)
        self.skipped.append({"kind": kind, "reason": why})

    def have(self, kind: str, *tools: str) -> bool:
        missing = [t for t in tools if shutil.which(t) is None]
        if missing:
            self.skip(kind, "missing " + ", ".join(missing))
        return not missing

    def scratch(self, files: dict[str, bytes]) -> str:
        """A fresh directory holding files (name -> bytes)."""
        self.n += 1
        d = os.path.join(self.tmp, f"w{self.n:03d}")
        for name, data in files.items():
            p = os.path.join(d, *name.split("/"))
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as f:
                f.write(data)
            os.utime(p, (1432804364, 1432804364))
        os.makedirs(d, exist_ok=True)
        return d

    def add(self, rel: str, data: bytes, expect: Expect) -> None:
        assert rel not in self.files, rel
        p = os.path.join(self.out, *rel.split("/"))
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
        self.files[rel] = expect.label()

    def build(self) -> None:
        lo_jobs, occ_jobs = office.sources(self)
        archives.archives(self)
        archives.mixed(self)
        pdf.pdfs(self)
        pgp_smime.pgp(self)
        pgp_smime.smime(self)
        office.documents(self, lo_jobs, occ_jobs)
        office.embedded(self, lo_jobs, occ_jobs)
        if self.have("PPAP", "zip", "7z"):
            ppap.ppap(self, occ_jobs)
        plain.plain(self)
        plain.traps(self)
