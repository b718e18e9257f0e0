"""What each file of the protection share must be judged, and labels.json.

Expectations follow from how a file is made, never from mamori's output. The violations are
those of the default policy (patterns/policies/default.toml), which the scorer compares as is.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field

import share_dir  # tests/share, on sys.path (see __init__.py)

GENERATOR = "make_protection_share"
# The default policy's weak schemes (patterns/policies/default.toml [protection].weak).
WEAK = {"zipcrypto", "xls-xor", "xls-rc4", "doc-xor", "doc-rc4", "pdf-rc4-40"}
PERSONAL_RULE, WEAK_RULE, PPAP_RULE = "personal-data-unencrypted", "weak-protection", "ppap"


@dataclass
class Part:
    """A leaf of a file: the file's own content (name None) or a member inside it."""
    name: str | None
    personal: bool
    encrypted: bool = False
    scheme: str | None = None
    readable: bool = False      # protection that opens without a password


@dataclass
class Expect:
    kind: str
    encrypted: bool = False
    scheme: str | None = None
    readable_protection: bool = False
    parts: list = field(default_factory=list)
    ppap: bool = False
    note: str = ""
    members_visible: bool = True  # False: the member names are encrypted too

    def label(self) -> dict:
        members = {}
        if self.members_visible:
            for p in self.parts:
                if p.name is not None:
                    members[p.name] = {"encrypted": p.encrypted, "scheme": p.scheme,
                                       "readable_protection": p.readable}
        personal = any(p.personal for p in self.parts)
        readable_personal = any(p.personal and not p.encrypted for p in self.parts) and not self.encrypted
        violations = []
        if readable_personal:
            violations.append(PERSONAL_RULE)
        if (self.encrypted and self.scheme in WEAK) or \
                any(p.encrypted and p.scheme in WEAK for p in self.parts):
            violations.append(WEAK_RULE)
        if self.ppap:
            violations.append(PPAP_RULE)
        out = {"kind": self.kind, "encrypted": self.encrypted, "scheme": self.scheme,
               "readable_protection": self.readable_protection, "members": members,
               "personal": personal, "violations": sorted(violations)}
        if self.note:
            out["note"] = self.note
        return out


def whole(kind: str, personal: bool, scheme: str | None = None, encrypted: bool = False,
          readable: bool = False, note: str = "") -> Expect:
    """A file that is one document, protected as a whole (or not at all)."""
    return Expect(kind, encrypted, scheme, readable,
                  [Part(None, personal, encrypted, scheme, readable)], note=note)


def prepare_out_dir(out: str) -> None:
    """Empty OUT of a previous share (known by its labels.json); refuse a folder holding anything else."""
    share_dir.prepare_out_dir(out, GENERATOR, "make_protection_share", lambda prev: prev["files"])


def write_labels(out: str, seed: int, files: dict[str, dict], skipped: list[dict]) -> None:
    labels = {"generator": GENERATOR, "seed": seed, "weak_schemes": sorted(WEAK),
              "files": dict(sorted(files.items())), "skipped": skipped}
    with open(os.path.join(out, "labels.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(labels, f, ensure_ascii=False, indent=1)
        f.write("\n")
