"""OpenPGP by GnuPG and S/MIME by OpenSSL, encrypted and signed only.

GnuPG runs in a home of its own under the run's temporary folder, so the user's keyring and
agent are never touched; the entry point stops the agent that home started.
"""
from __future__ import annotations

import os

from .labels import whole
from .tools import run


def gpg_env(s) -> dict:
    if s.gnupg is None:
        s.gnupg = os.path.join(s.tmp, "gnupg")
        os.makedirs(s.gnupg, mode=0o700)
        s.gpg_key = False
    env = dict(os.environ, GNUPGHOME=s.gnupg)
    return env


def gpg_symmetric(s, data: bytes, armor: bool) -> bytes:
    d = s.scratch({"in": data})
    run(["gpg", "--batch", "--yes", "--quiet", "--pinentry-mode", "loopback", "--passphrase",
         s.password(), "--symmetric"] + (["--armor"] if armor else []) + ["--output", "out", "in"],
        cwd=d, env=gpg_env(s))
    with open(os.path.join(d, "out"), "rb") as f:
        return f.read()


def gpg_public(s, data: bytes, armor: bool) -> bytes:
    env = gpg_env(s)
    if not s.gpg_key:
        run(["gpg", "--batch", "--quiet", "--pinentry-mode", "loopback", "--passphrase", "",
             "--quick-gen-key", "protshare@example.invalid", "default", "default", "never"], env=env)
        s.gpg_key = True
    d = s.scratch({"in": data})
    run(["gpg", "--batch", "--yes", "--quiet", "--trust-model", "always", "--recipient",
         "protshare@example.invalid", "--encrypt"] + (["--armor"] if armor else [])
        + ["--output", "out", "in"], cwd=d, env=env)
    with open(os.path.join(d, "out"), "rb") as f:
        return f.read()


def pgp(s) -> None:
    if not s.have("OpenPGP", "gpg"):
        return
    for personal, stem in ((True, "社員名簿"), (False, "出張報告")):
        s.add(f"pgp/{stem}_sym.csv.gpg", gpg_symmetric(s, s.c.csv(personal), False),
              whole("openpgp-symmetric", personal, "openpgp", True))
        s.add(f"pgp/{stem}_sym.asc", gpg_symmetric(s, s.c.txt(personal), True),
              whole("openpgp-symmetric", personal, "openpgp", True))
        s.add(f"pgp/{stem}_pub.csv.gpg", gpg_public(s, s.c.csv(personal), False),
              whole("openpgp-public-key", personal, "openpgp", True))
        s.add(f"pgp/{stem}_pub.asc", gpg_public(s, s.c.txt(personal), True),
              whole("openpgp-public-key", personal, "openpgp", True))
    # Clear-signed: signed, not encrypted; anyone reads it.
    d = s.scratch({"in.txt": s.c.txt(True)})
    gpg_public(s, b"x", False)  # makes the key
    run(["gpg", "--batch", "--yes", "--quiet", "--pinentry-mode", "loopback", "--passphrase", "",
         "--local-user", "protshare@example.invalid", "--clearsign", "--output", "out.asc", "in.txt"],
        cwd=d, env=gpg_env(s))
    with open(os.path.join(d, "out.asc"), "rb") as f:
        s.add("pgp/署名のみ_名簿.txt.asc", f.read(),
              whole("trap-openpgp-clearsigned", True, note="signed only: readable"))


def smime(s) -> None:
    if not s.have("S/MIME", "openssl"):
        return
    d = s.scratch({})
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj",
         "/CN=protshare@example.invalid", "-keyout", "key.pem", "-out", "cert.pem"], cwd=d)
    headers = ["-from", "jinji@example.co.jp", "-to", "soumu@example.co.jp", "-subject", "meibo"]
    for personal, stem in ((True, "番号送付"), (False, "会議案内")):
        with open(os.path.join(d, "inner.txt"), "wb") as f:
            f.write(s.c.mime_text(personal))
        run(["openssl", "smime", "-encrypt", "-aes256"] + headers +
            ["-in", "inner.txt", "-out", "enc.eml", "cert.pem"], cwd=d)
        with open(os.path.join(d, "enc.eml"), "rb") as f:
            s.add(f"smime/{stem}_暗号化.eml", f.read(), whole("smime", personal, "smime", True))
    for opaque in (False, True):
        with open(os.path.join(d, "inner.txt"), "wb") as f:
            f.write(s.c.mime_text(True))
        run(["openssl", "smime", "-sign"] + (["-nodetach"] if opaque else []) + headers +
            ["-signer", "cert.pem", "-inkey", "key.pem", "-in", "inner.txt", "-out", "signed.eml"], cwd=d)
        with open(os.path.join(d, "signed.eml"), "rb") as f:
            s.add(f"smime/署名のみ_{'opaque' if opaque else 'detached'}.eml", f.read(),
                  whole("trap-smime-signed", True, note="signed only: readable"))
