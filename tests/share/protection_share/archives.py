"""Archives made by zip and 7-Zip: ZipCrypto, zip AES, 7z AES, RAR copies, mixed zips.

Each zip written with a method asked of 7-Zip is read back with `7z l -slt`: the label names the
method 7-Zip says it used, not the one asked for.
"""
from __future__ import annotations

import os
import sys

import containers

from . import pgp_smime
from .checks import zip_methods
from .labels import Expect, Part
from .tools import run

RAR_FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "protected",
                            "archives")


def zip_tool(s, members: dict[str, bytes], password: str | None, method: str | None) -> bytes:
    """method None: zip -P (ZipCrypto); 'AES128'/'AES192'/'AES256': 7z -tzip -mem=."""
    d = s.scratch(members)
    arc = os.path.join(d, "out.zip")
    names = sorted(members)
    if method is None:
        run(["zip", "-q", "-X"] + (["-P", password] if password else []) + [arc] + names, cwd=d)
    else:
        run(["7z", "a", "-tzip", f"-mem={method}", f"-p{password}", arc] + names, cwd=d)
    with open(arc, "rb") as f:
        return f.read()


def zip_mixed(s, encrypted: dict[str, bytes], plain: dict[str, bytes], password: str,
              method: str | None) -> bytes:
    """Encrypted members first (zip -P or 7z AES), then plain ones appended by zip."""
    d = s.scratch({**encrypted, **plain})
    arc = os.path.join(d, "out.zip")
    if method is None:
        run(["zip", "-q", "-X", "-P", password, arc] + sorted(encrypted), cwd=d)
    else:
        run(["7z", "a", "-tzip", f"-mem={method}", f"-p{password}", arc] + sorted(encrypted), cwd=d)
    run(["zip", "-q", "-X", arc] + sorted(plain), cwd=d)
    with open(arc, "rb") as f:
        return f.read()


def sevenz(s, members: dict[str, bytes], password: str, header: bool) -> bytes:
    d = s.scratch(members)
    arc = os.path.join(d, "out.7z")
    run(["7z", "a", "-t7z", "-mhe=on" if header else "-mhe=off", f"-p{password}", arc]
        + sorted(members), cwd=d)
    with open(arc, "rb") as f:
        return f.read()


def check_zip(s, data: bytes, want: set[str]) -> None:
    d = s.scratch({"check.zip": data})
    got = zip_methods(os.path.join(d, "check.zip"))
    assert want <= got, f"zip methods {got}, expected {want}"


def archives(s) -> None:
    if s.have("zip (ZipCrypto)", "zip"):
        for personal, stem in ((True, "社員名簿"), (False, "会議資料")):
            data = zip_tool(s, {f"{stem}.csv": s.c.csv(personal)}, s.password(), None)
            check_zip(s, data, {"ZipCrypto"})
            s.add(f"archives/zipcrypto/{stem}.zip", data,
                  Expect("zipcrypto", True, "zipcrypto",
                         parts=[Part(f"{stem}.csv", personal, True, "zipcrypto")]))
    if s.have("zip AES (7z)", "7z"):
        for bits in ("128", "192", "256"):
            scheme = f"zip-aes{bits}"
            for personal, stem in ((True, "扶養控除申告書"), (False, "備品一覧")):
                members = {f"{stem}.csv": s.c.csv(personal), "説明.txt": s.c.txt(False)}
                data = zip_tool(s, members, s.password(), f"AES{bits}")
                check_zip(s, data, {f"AES-{bits}"})
                s.add(f"archives/{scheme}/{stem}.zip", data,
                      Expect(scheme, True, scheme,
                             parts=[Part(n, personal and n.endswith(".csv"), True, scheme)
                                    for n in sorted(members)]))
        for personal, stem in ((True, "源泉徴収票"), (False, "議事録")):
            members = {f"{stem}.csv": s.c.csv(personal), f"{stem}_説明.txt": s.c.txt(False)}
            data = sevenz(s, members, s.password(), header=False)
            s.add(f"archives/7z-aes256/{stem}.7z", data,
                  Expect("7z-aes256", True, "7z-aes256",
                         parts=[Part(n, personal and n.endswith(".csv"), True, "7z-aes256")
                                for n in sorted(members)]))
            data = sevenz(s, {f"{stem}.xlsx": s.c.xlsx(personal)}, s.password(), header=True)
            s.add(f"archives/7z-aes256-headers/{stem}.7z", data,
                  Expect("7z-aes256-headers", True, "7z-aes256",
                         parts=[Part(f"{stem}.xlsx", personal, True, "7z-aes256")],
                         members_visible=False, note="header encrypted: member names unreadable"))
    # No RAR writer in Debian: the committed fixtures, copied.
    for name, scheme, visible in (("rar4_encrypted_file.rar", "rar4", True),
                                  ("rar4_encrypted_headers.rar", "rar4", False),
                                  ("rar5_encrypted_file.rar", "rar5", True),
                                  ("rar5_encrypted_headers.rar", "rar5", False)):
        with open(os.path.join(RAR_FIXTURES, name), "rb") as f:
            data = f.read()
        s.add(f"archives/rar/{name}", data,
              Expect(scheme, True, scheme, parts=[Part("meibo.csv", True, True, scheme)],
                     members_visible=visible,
                     note="copied from tests/fixtures/protected/archives (hand-built; no RAR writer)"))
    print("make_protection_share: RAR files copied from tests/fixtures/protected/archives "
          "(no RAR writer packaged)", file=sys.stderr)


def mixed(s) -> None:
    if not s.have("mixed zips", "zip", "7z"):
        return
    # ZipCrypto member with personal data + plain notice: weak, nothing readable.
    data = zip_mixed(s, {"名簿/社員名簿.csv": s.c.csv(True)}, {"お知らせ.txt": s.c.txt(False)},
                     s.password(), None)
    s.add("mixed/一部暗号化_01.zip", data, Expect("mixed", parts=[
        Part("名簿/社員名簿.csv", True, True, "zipcrypto"), Part("お知らせ.txt", False)]))
    # AES-256 member + a plain member with personal data: the plain one is a violation.
    data = zip_mixed(s, {"申告書.csv": s.c.csv(True)}, {"控え/申告書_控え.csv": s.c.csv(True)},
                     s.password(), "AES256")
    s.add("mixed/一部暗号化_02.zip", data, Expect("mixed", parts=[
        Part("申告書.csv", True, True, "zip-aes256"), Part("控え/申告書_控え.csv", True)]))
    # ZipCrypto member without personal data + plain member with: both rules.
    data = zip_mixed(s, {"日程.txt": s.c.txt(False)}, {"名簿.csv": s.c.csv(True)},
                     s.password(), None)
    s.add("mixed/一部暗号化_03.zip", data, Expect("mixed", parts=[
        Part("日程.txt", False, True, "zipcrypto"), Part("名簿.csv", True)]))
    # AES-128 member + plain member without personal data.
    data = zip_mixed(s, {"給与.csv": s.c.csv(True)}, {"案内.txt": s.c.txt(False)},
                     s.password(), "AES128")
    s.add("mixed/一部暗号化_04.zip", data, Expect("mixed", parts=[
        Part("給与.csv", True, True, "zip-aes128"), Part("案内.txt", False)]))
    # A plain zip holding an encrypted xlsx (and an OpenPGP file) beside plain members.
    if s.have("gpg member in zip", "gpg"):
        gpg_data = pgp_smime.gpg_symmetric(s, s.c.csv(True), armor=False)
        data = containers.zip_bytes([("台帳.csv.gpg", gpg_data), ("送付状.txt", s.c.txt(False))])
        s.add("mixed/gpg入り.zip", data, Expect("mixed", parts=[
         Part("台帳.csv.gpg", True, True, "openpgp"), Part("送付状.txt", False)]))
