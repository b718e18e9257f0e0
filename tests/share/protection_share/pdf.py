"""PDFs encrypted by qpdf: RC4-40, RC4-128, AES-128, AES-256, each with a user password and with
an owner password only.

An owner password alone locks nothing: anyone opens the file, so it is labelled readable with its
scheme kept and its content judged.
"""
from __future__ import annotations

import os

from .labels import whole
from .tools import run


def pdfs(s) -> None:
    if not s.have("PDF encryption", "qpdf"):
        return
    for scheme, opts in (("pdf-rc4-40", ["40"]), ("pdf-rc4-128", ["128", "--use-aes=n"]),
                         ("pdf-aes128", ["128", "--use-aes=y"]), ("pdf-aes256", ["256"])):
        for who in ("user", "owner"):
            for personal, stem in ((True, "被保険者一覧"), (False, "社内報")):
                src = s.scratch({"in.pdf": s.c.pdf(personal)})
                user = s.password() if who == "user" else ""
                run(["qpdf", "--allow-weak-crypto", "--encrypt", user, s.password(), opts[0]]
                    + opts[1:] + ["--", "in.pdf", "out.pdf"], cwd=src)
                with open(os.path.join(src, "out.pdf"), "rb") as f:
                    data = f.read()
                owner_only = who == "owner"
                s.add(f"pdf/{scheme}/{who}/{stem}.pdf", data,
                      whole(scheme + ("-owner-only" if owner_only else ""), personal, scheme,
                            encrypted=not owner_only, readable=owner_only))
