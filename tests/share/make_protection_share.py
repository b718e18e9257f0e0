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
(`cd DIR && npm install officecrypto-tool@0.0.19`).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field

sys.dont_write_bytecode = True   # no __pycache__ beside the scripts
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "corpus"))
sys.path.insert(0, HERE)
import generate_corpus as gc  # noqa: E402
import containers  # noqa: E402
import render_docs as rd  # noqa: E402

GENERATOR = "make_protection_share"
VELVET = "VelvetSweatshop"
RAR_FIXTURES = os.path.join(HERE, "..", "fixtures", "protected", "archives")
# The default policy's weak schemes (patterns/policies/default.toml [protection].weak).
WEAK = {"zipcrypto", "xls-xor", "xls-rc4", "doc-xor", "doc-rc4", "pdf-rc4-40"}
PERSONAL_RULE, WEAK_RULE, PPAP_RULE = "personal-data-unencrypted", "weak-protection", "ppap"

SURNAMES = ["高橋", "伊藤", "渡辺", "中村", "小林", "加藤", "吉田", "山口", "松本", "井上", "木村",
            "清水", "森", "池田", "橋本", "石川", "前田", "藤田", "岡田", "後藤"]
GIVEN = ["一郎", "美咲", "健太", "由美", "翔太", "恵", "大輔", "さくら", "拓也", "真央", "浩二",
         "陽子", "誠", "明美", "直樹", "優子", "剛", "裕子", "亮", "千尋"]
DEPTS = ["総務部", "経理部", "営業一課", "営業二課", "人事部", "製造部", "品質保証部"]


# ------------------------------------------------------------------------------------------
# Content: rosters and texts with (or without) synthetic identifiers
# ------------------------------------------------------------------------------------------

class TextDoc:
    """The two attributes render_docs needs: lines (CSV rows or paragraphs) and an rng."""

    def __init__(self, lines: list[str], rng: random.Random):
        self.lines, self.rng = lines, rng


class Content:
    def __init__(self, seed: int):
        self.rng = random.Random(f"mamori-protshare:{seed}:content")
        self.values = 0   # identifiers written (for the summary)

    def name(self) -> str:
        return f"{self.rng.choice(SURNAMES)} {self.rng.choice(GIVEN)}"

    def table(self, personal: bool) -> list[list[str]]:
        """A roster under its header: My Number and basic pension number columns when personal."""
        n = self.rng.randint(3, 6)
        if personal:
            rows = [["氏名", "個人番号", "基礎年金番号", "所属"]]
            for _ in range(n):
                mn, pen = gc.make_my_number(self.rng), gc.make_pension(self.rng)
                assert gc.is_my_number(mn)
                rows.append([self.name(), mn, f"{pen[:4]}-{pen[4:]}", self.rng.choice(DEPTS)])
                self.values += 2
        else:
            rows = [["氏名", "所属", "内線", "担当業務"]]
            for _ in range(n):
                rows.append([self.name(), self.rng.choice(DEPTS), str(self.rng.randint(200, 899)),
                             self.rng.choice(["受付", "備品管理", "請求書発行", "来客対応", "文書管理"])])
        return rows

    def text(self, personal: bool) -> list[str]:
        """Paragraphs: each identifier on a line with its label."""
        if personal:
            lines = ["人事部より", "年末調整のため、提出いただいた番号の控えを送ります。"]
            for _ in range(self.rng.randint(2, 4)):
                mn, pen = gc.make_my_number(self.rng), gc.make_pension(self.rng)
                lines.append(f"{self.name()} 個人番号 {mn} 基礎年金番号 {pen[:4]}-{pen[4:]}")
                self.values += 2
            lines.append("取扱いには十分ご注意ください。")
            return lines
        return ["総務部より", "来月の防災訓練についてお知らせします。",
                f"日時 6月{self.rng.randint(2, 27)}日 午後2時から", "場所 本社3階 大会議室",
                "筆記用具をご持参ください。"]

    def csv(self, personal: bool) -> bytes:
        return "".join(gc.csv_row(r) + "\r\n" for r in self.table(personal)).encode("utf-8")

    def txt(self, personal: bool) -> bytes:
        return ("\r\n".join(self.text(personal)) + "\r\n").encode("utf-8")

    def xlsx(self, personal: bool, sheet_password: str | None = None,
             workbook_password: str | None = None) -> bytes:
        import openpyxl
        from openpyxl.workbook.protection import WorkbookProtection
        wb = openpyxl.Workbook()
        wb.properties.created = wb.properties.modified = rd.FIXED_TIME
        ws = wb.active
        ws.title = "名簿" if personal else "一覧"
        for row in self.table(personal):
            ws.append(row)
        if sheet_password is not None:     # sheet protection: a password hash, no encryption
            ws.protection.sheet = True
            ws.protection.password = sheet_password
        if workbook_password is not None:  # workbook structure protection, likewise
            wb.security = WorkbookProtection(workbookPassword=workbook_password, lockStructure=True)
        buf = io.BytesIO()
        wb.save(buf)
        return rd._repack(buf.getvalue())

    def docx(self, personal: bool, document_protection: bool = False) -> bytes:
        import docx as pydocx
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        d = pydocx.Document()
        d.core_properties.created = d.core_properties.modified = rd.FIXED_TIME
        d.core_properties.author = "mamori"
        for line in self.text(personal):
            d.add_paragraph(line)
        if document_protection:
            # Word's "restrict editing" (read only, enforced, with a password hash): the text
            # itself stays in the clear.
            p = OxmlElement("w:documentProtection")
            for k, v in [("w:edit", "readOnly"), ("w:enforcement", "1"),
                         ("w:cryptProviderType", "rsaAES"), ("w:cryptAlgorithmClass", "hash"),
                         ("w:cryptAlgorithmType", "typeAny"), ("w:cryptAlgorithmSid", "14"),
                         ("w:cryptSpinCount", "100000"),
                         ("w:hash", "kX3v8sH1c0mJ0k5wZ2f1Qx9Yc7bT4nVd3uR6aL2pE8sW1oG5hK9jN0mB3v"
                                    "C7xZ4qA6tY8rU2iO1eP5lS9dF3gH0w=="),
                         ("w:salt", "c2FsdHNhbHRzYWx0c2FsdA==")]:
                p.set(qn(k), v)
            d.settings.element.append(p)
        buf = io.BytesIO()
        d.save(buf)
        return rd._repack(buf.getvalue())

    def pdf(self, personal: bool) -> bytes:
        rows = self.table(personal)
        return rd.pdf(TextDoc([gc.csv_row(r) for r in rows], self.rng), True)

    def mime_text(self, personal: bool) -> bytes:
        """A text/plain MIME entity (what S/MIME wraps)."""
        return (b"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + self.txt(personal))


# ------------------------------------------------------------------------------------------
# Labels
# ------------------------------------------------------------------------------------------

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


# ------------------------------------------------------------------------------------------
# Tools
# ------------------------------------------------------------------------------------------

def run(args, cwd=None, env=None, stdin=None):
    subprocess.run(args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   stdin=stdin if stdin is not None else subprocess.DEVNULL, timeout=600)


def cfb_streams(data: bytes) -> dict[str, bytes]:
    """The streams of a compound file by name (small, well-formed files: the checks' own reader)."""
    if data[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return {}
    ssz = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    msz = 1 << struct.unpack_from("<H", data, 0x20)[0]
    dir_start, cutoff, minifat_start = struct.unpack_from("<I4xII", data, 0x30)
    difat = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < 0xFFFFFFFA]
    sector = lambda s: data[512 + s * ssz: 512 + (s + 1) * ssz]  # noqa: E731
    fat = []
    for s in difat:
        fat += struct.unpack(f"<{ssz // 4}I", sector(s))

    def chain(start, table, read, size):
        out, s, seen = bytearray(), start, set()
        while s < 0xFFFFFFFA and s < len(table) and s not in seen:
            seen.add(s)
            out += read(s)
            s = table[s]
        return bytes(out[:size]) if size is not None else bytes(out)

    dirs = chain(dir_start, fat, sector, None)
    mf = chain(minifat_start, fat, sector, None) if minifat_start < 0xFFFFFFFA else b""
    minifat = list(struct.unpack(f"<{len(mf) // 4}I", mf[:len(mf) // 4 * 4]))
    entries = []
    for off in range(0, len(dirs) - 127, 128):
        e = dirs[off:off + 128]
        nlen = struct.unpack_from("<H", e, 0x40)[0]
        name = e[:max(0, nlen - 2)].decode("utf-16-le", "replace")
        kind = e[0x42]
        start, size = struct.unpack_from("<IQ", e, 0x74)
        entries.append((name, kind, start, size & 0xFFFFFFFF))
    root = next((e for e in entries if e[1] == 5), None)
    ministream = chain(root[2], fat, sector, None) if root else b""
    out = {}
    for name, kind, start, size in entries:
        if kind != 2:
            continue
        if size < cutoff:
            out[name] = chain(start, minifat, lambda s: ministream[s * msz:(s + 1) * msz], size)
        else:
            out[name] = chain(start, fat, sector, size)
    return out


def xls_scheme(data: bytes) -> str | None:
    """The FILEPASS record of the Workbook stream ([MS-XLS] 2.4.117)."""
    wb = cfb_streams(data).get("Workbook", b"")
    pos = 0
    while pos + 4 <= len(wb) and pos < 1 << 16:
        rt, ln = struct.unpack_from("<HH", wb, pos)
        if rt == 0x002F:
            if struct.unpack_from("<H", wb, pos + 4)[0] == 0:
                return "xls-xor"
            major = struct.unpack_from("<H", wb, pos + 6)[0]
            return "xls-rc4" if major == 1 else "xls-rc4-cryptoapi"
        pos += 4 + ln
    return None


def doc_scheme(data: bytes) -> str | None:
    """FIB fEncrypted / fObfuscated, then the table stream's EncryptionVersionInfo ([MS-DOC])."""
    streams = cfb_streams(data)
    word = streams.get("WordDocument", b"")
    if len(word) < 12:
        return None
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if not flags & 0x0100:
        return None
    if flags & 0x8000:
        return "doc-xor"
    table = streams.get("1Table" if flags & 0x0200 else "0Table", b"")
    major = struct.unpack_from("<H", table, 0)[0] if len(table) >= 2 else 0
    return "doc-rc4" if major == 1 else "doc-rc4-cryptoapi"


def ooxml_scheme(data: bytes) -> str | None:
    """EncryptionInfo's version: 4.4 Agile, 3.2 / 4.2 Standard ([MS-OFFCRYPTO] 2.3.4)."""
    info = cfb_streams(data).get("EncryptionInfo", b"")
    if len(info) < 4 or "EncryptedPackage" not in cfb_streams(data):
        return None
    major, minor = struct.unpack_from("<HH", info, 0)
    if (major, minor) == (4, 4):
        return "ooxml-agile"
    return "ooxml-standard" if minor == 2 else None


def odf_scheme(data: bytes) -> str | None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        manifest = z.read("META-INF/manifest.xml").decode("utf-8")
    if "encryption-data" not in manifest:
        return None
    if "aes256-cbc" in manifest:
        return "odf-aes256"
    return "odf-blowfish" if "Blowfish" in manifest else None


def zip_methods(path: str) -> set[str]:
    """7-Zip's own view of each member's method (ZipCrypto, AES-128, ...)."""
    out = subprocess.run(["7z", "l", "-slt", "-p", path], capture_output=True, text=True,
                         stdin=subprocess.DEVNULL).stdout
    methods = set()
    for line in out.splitlines():
        if line.startswith("Method = "):
            methods.add(line.split(" = ", 1)[1].split()[0])
    return methods


class LibreOffice:
    """One soffice process driven through UNO: loads a document, stores it with a password."""

    def __init__(self, tmp: str):
        self.tmp, self.jobs = tmp, []

    def add(self, src: bytes, src_ext: str, filt: str, ext: str, password: str) -> int:
        self.jobs.append((src, src_ext, filt, ext, password))
        return len(self.jobs) - 1

    def run(self) -> list[bytes]:
        import uno
        from com.sun.star.beans import PropertyValue
        work = os.path.join(self.tmp, "lo")
        os.makedirs(work)
        pipe = f"protshare_{os.getpid()}"
        proc = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore",
                                 f"-env:UserInstallation=file://{work}/profile",
                                 f"--accept=pipe,name={pipe};urp;"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def prop(name, value):
            p = PropertyValue()
            p.Name, p.Value = name, value
            return p
        try:
            local = uno.getComponentContext()
            resolver = local.ServiceManager.createInstanceWithContext(
                "com.sun.star.bridge.UnoUrlResolver", local)
            for _ in range(240):
                try:
                    ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                    break
                except Exception:
                    time.sleep(0.5)
            else:
                raise RuntimeError("soffice did not come up")
            desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            out = []
            for i, (src, src_ext, filt, ext, password) in enumerate(self.jobs):
                sp, dp = os.path.join(work, f"s{i}.{src_ext}"), os.path.join(work, f"d{i}.{ext}")
                with open(sp, "wb") as f:
                    f.write(src)
                doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(sp), "_blank", 0,
                                                   (prop("Hidden", True),))
                doc.storeToURL(uno.systemPathToFileUrl(dp),
                               (prop("FilterName", filt), prop("Password", password)))
                doc.close(True)
                with open(dp, "rb") as f:
                    out.append(f.read())
            try:
                desktop.terminate()
            except Exception:
                pass   # the bridge drops as soffice exits
            proc.wait(timeout=60)
            return out
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


ENCRYPT_JS = """
const fs = require('fs');
const officeCrypto = require(process.argv[2]);
for (const job of JSON.parse(fs.readFileSync(process.argv[3], 'utf8'))) {
  const options = {password: job.password};
  if (job.type === 'standard') options.type = 'standard';
  fs.writeFileSync(job.dst, officeCrypto.encrypt(fs.readFileSync(job.src), options));
}
"""


class OfficeCrypto:
    """officecrypto-tool (npm): OOXML encrypted Agile or Standard."""

    def __init__(self, tmp: str, npm_dir: str):
        self.tmp, self.module, self.jobs = tmp, os.path.join(npm_dir, "node_modules", "officecrypto-tool"), []

    def available(self) -> bool:
        return shutil.which("node") is not None and os.path.isfile(os.path.join(self.module, "package.json"))

    def add(self, src: bytes, ext: str, kind: str, password: str) -> int:
        self.jobs.append((src, ext, kind, password))
        return len(self.jobs) - 1

    def run(self) -> list[bytes]:
        work = os.path.join(self.tmp, "occ")
        os.makedirs(work)
        jobs = []
        for i, (src, ext, kind, password) in enumerate(self.jobs):
            sp, dp = os.path.join(work, f"s{i}.{ext}"), os.path.join(work, f"d{i}.{ext}")
            with open(sp, "wb") as f:
                f.write(src)
            jobs.append({"src": sp, "dst": dp, "type": kind, "password": password})
        with open(os.path.join(work, "jobs.json"), "w") as f:
            json.dump(jobs, f)
        with open(os.path.join(work, "encrypt.js"), "w") as f:
            f.write(ENCRYPT_JS)
        run(["node", os.path.join(work, "encrypt.js"), self.module, os.path.join(work, "jobs.json")])
        out = []
        for j in jobs:
            with open(j["dst"], "rb") as f:
                out.append(f.read())
        return out


# ------------------------------------------------------------------------------------------
# The share
# ------------------------------------------------------------------------------------------

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

    # -- archives made by the tools --
    def zip_tool(self, members: dict[str, bytes], password: str | None, method: str | None) -> bytes:
        """method None: zip -P (ZipCrypto); 'AES128'/'AES192'/'AES256': 7z -tzip -mem=."""
        d = self.scratch(members)
        arc = os.path.join(d, "out.zip")
        names = sorted(members)
        if method is None:
            run(["zip", "-q", "-X"] + (["-P", password] if password else []) + [arc] + names, cwd=d)
        else:
            run(["7z", "a", "-tzip", f"-mem={method}", f"-p{password}", arc] + names, cwd=d)
        with open(arc, "rb") as f:
            return f.read()

    def zip_mixed(self, encrypted: dict[str, bytes], plain: dict[str, bytes], password: str,
                  method: str | None) -> bytes:
        """Encrypted members first (zip -P or 7z AES), then plain ones appended by zip."""
        d = self.scratch({**encrypted, **plain})
        arc = os.path.join(d, "out.zip")
        if method is None:
            run(["zip", "-q", "-X", "-P", password, arc] + sorted(encrypted), cwd=d)
        else:
            run(["7z", "a", "-tzip", f"-mem={method}", f"-p{password}", arc] + sorted(encrypted), cwd=d)
        run(["zip", "-q", "-X", arc] + sorted(plain), cwd=d)
        with open(arc, "rb") as f:
            return f.read()

    def sevenz(self, members: dict[str, bytes], password: str, header: bool) -> bytes:
        d = self.scratch(members)
        arc = os.path.join(d, "out.7z")
        run(["7z", "a", "-t7z", "-mhe=on" if header else "-mhe=off", f"-p{password}", arc]
            + sorted(members), cwd=d)
        with open(arc, "rb") as f:
            return f.read()

    def check_zip(self, data: bytes, want: set[str]) -> None:
        d = self.scratch({"check.zip": data})
        got = zip_methods(os.path.join(d, "check.zip"))
        assert want <= got, f"zip methods {got}, expected {want}"

    # -- the plan --
    def build(self) -> None:
        lo_jobs, occ_jobs = self.office_sources()
        self.archives()
        self.mixed()
        self.pdfs()
        self.pgp()
        self.smime()
        self.office(lo_jobs, occ_jobs)
        self.plain()
        self.traps()

    def office_sources(self):
        """Queue every LibreOffice and officecrypto-tool job first: each tool runs once."""
        lo_jobs, occ_jobs = {}, {}
        if self.lo is None:
            self.skip("xls/doc/ods/odt with a password, VelvetSweatshop xls", "no soffice with python3-uno")
        else:
            for personal in (True, False):
                xlsx, docx = self.c.xlsx(personal), self.c.docx(personal)
                lo_jobs[("xls", personal)] = self.lo.add(xlsx, "xlsx", "MS Excel 97", "xls", self.password())
                lo_jobs[("velvet-xls", personal)] = self.lo.add(self.c.xlsx(personal), "xlsx", "MS Excel 97",
                                                                "xls", VELVET)
                lo_jobs[("doc", personal)] = self.lo.add(docx, "docx", "MS Word 97", "doc", self.password())
                lo_jobs[("ods", personal)] = self.lo.add(self.c.xlsx(personal), "xlsx", "calc8", "ods",
                                                         self.password())
                lo_jobs[("odt", personal)] = self.lo.add(self.c.docx(personal), "docx", "writer8", "odt",
                                                         self.password())
            lo_jobs[("velvet-xls-member", True)] = self.lo.add(self.c.xlsx(True), "xlsx", "MS Excel 97",
                                                               "xls", VELVET)
        if self.occ is None:
            self.skip("OOXML Agile/Standard, VelvetSweatshop xlsx",
                      "officecrypto-tool not installed (node, npm install officecrypto-tool@0.0.19)")
        else:
            for personal in (True, False):
                for kind in ("agile", "standard"):
                    occ_jobs[(kind, "xlsx", personal)] = self.occ.add(self.c.xlsx(personal), "xlsx", kind,
                                                                      self.password())
                    occ_jobs[(kind, "docx", personal)] = self.occ.add(self.c.docx(personal), "docx", kind,
                                                                      self.password())
                    occ_jobs[("velvet-" + kind, "xlsx", personal)] = self.occ.add(self.c.xlsx(personal),
                                                                                  "xlsx", kind, VELVET)
            for key, personal in ((("agile", "member", True), True), (("agile", "member", False), False),
                                  (("agile", "ppap", True), True)):
                occ_jobs[key] = self.occ.add(self.c.xlsx(personal), "xlsx", "agile", self.password())
        lo_out = self.lo.run() if self.lo is not None else []
        occ_out = self.occ.run() if self.occ is not None else []
        return ({k: lo_out[i] for k, i in lo_jobs.items()}, {k: occ_out[i] for k, i in occ_jobs.items()})

    def archives(self) -> None:
        if self.have("zip (ZipCrypto)", "zip"):
            for personal, stem in ((True, "社員名簿"), (False, "会議資料")):
                data = self.zip_tool({f"{stem}.csv": self.c.csv(personal)}, self.password(), None)
                self.check_zip(data, {"ZipCrypto"})
                self.add(f"archives/zipcrypto/{stem}.zip", data,
                         Expect("zipcrypto", True, "zipcrypto",
                                parts=[Part(f"{stem}.csv", personal, True, "zipcrypto")]))
        if self.have("zip AES (7z)", "7z"):
            for bits in ("128", "192", "256"):
                scheme = f"zip-aes{bits}"
                for personal, stem in ((True, "扶養控除申告書"), (False, "備品一覧")):
                    members = {f"{stem}.csv": self.c.csv(personal), "説明.txt": self.c.txt(False)}
                    data = self.zip_tool(members, self.password(), f"AES{bits}")
                    self.check_zip(data, {f"AES-{bits}"})
                    self.add(f"archives/{scheme}/{stem}.zip", data,
                             Expect(scheme, True, scheme,
                                    parts=[Part(n, personal and n.endswith(".csv"), True, scheme)
                                           for n in sorted(members)]))
            for personal, stem in ((True, "源泉徴収票"), (False, "議事録")):
                members = {f"{stem}.csv": self.c.csv(personal), f"{stem}_説明.txt": self.c.txt(False)}
                data = self.sevenz(members, self.password(), header=False)
                self.add(f"archives/7z-aes256/{stem}.7z", data,
                         Expect("7z-aes256", True, "7z-aes256",
                                parts=[Part(n, personal and n.endswith(".csv"), True, "7z-aes256")
                                       for n in sorted(members)]))
                data = self.sevenz({f"{stem}.xlsx": self.c.xlsx(personal)}, self.password(), header=True)
                self.add(f"archives/7z-aes256-headers/{stem}.7z", data,
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
            self.add(f"archives/rar/{name}", data,
                     Expect(scheme, True, scheme, parts=[Part("meibo.csv", True, True, scheme)],
                            members_visible=visible,
                            note="copied from tests/fixtures/protected/archives (hand-built; no RAR writer)"))
        print("make_protection_share: RAR files copied from tests/fixtures/protected/archives "
              "(no RAR writer packaged)", file=sys.stderr)

    def mixed(self) -> None:
        if not self.have("mixed zips", "zip", "7z"):
            return
        # ZipCrypto member with personal data + plain notice: weak, nothing readable.
        data = self.zip_mixed({"名簿/社員名簿.csv": self.c.csv(True)}, {"お知らせ.txt": self.c.txt(False)},
                              self.password(), None)
        self.add("mixed/一部暗号化_01.zip", data, Expect("mixed", parts=[
            Part("名簿/社員名簿.csv", True, True, "zipcrypto"), Part("お知らせ.txt", False)]))
        # AES-256 member + a plain member with personal data: the plain one is a violation.
        data = self.zip_mixed({"申告書.csv": self.c.csv(True)}, {"控え/申告書_控え.csv": self.c.csv(True)},
                              self.password(), "AES256")
        self.add("mixed/一部暗号化_02.zip", data, Expect("mixed", parts=[
            Part("申告書.csv", True, True, "zip-aes256"), Part("控え/申告書_控え.csv", True)]))
        # ZipCrypto member without personal data + plain member with: both rules.
        data = self.zip_mixed({"日程.txt": self.c.txt(False)}, {"名簿.csv": self.c.csv(True)},
                              self.password(), None)
        self.add("mixed/一部暗号化_03.zip", data, Expect("mixed", parts=[
            Part("日程.txt", False, True, "zipcrypto"), Part("名簿.csv", True)]))
        # AES-128 member + plain member without personal data.
        data = self.zip_mixed({"給与.csv": self.c.csv(True)}, {"案内.txt": self.c.txt(False)},
                              self.password(), "AES128")
        self.add("mixed/一部暗号化_04.zip", data, Expect("mixed", parts=[
            Part("給与.csv", True, True, "zip-aes128"), Part("案内.txt", False)]))
        # A plain zip holding an encrypted xlsx (and an OpenPGP file) beside plain members.
        if self.have("gpg member in zip", "gpg"):
            gpg_data = self.gpg_symmetric(self.c.csv(True), armor=False)
            data = containers.zip_bytes([("台帳.csv.gpg", gpg_data), ("送付状.txt", self.c.txt(False))])
            self.add("mixed/gpg入り.zip", data, Expect("mixed", parts=[
                Part("台帳.csv.gpg", True, True, "openpgp"), Part("送付状.txt", False)]))

    def pdfs(self) -> None:
        if not self.have("PDF encryption", "qpdf"):
            return
        for scheme, opts in (("pdf-rc4-40", ["40"]), ("pdf-rc4-128", ["128", "--use-aes=n"]),
                             ("pdf-aes128", ["128", "--use-aes=y"]), ("pdf-aes256", ["256"])):
            for who in ("user", "owner"):
                for personal, stem in ((True, "被保険者一覧"), (False, "社内報")):
                    src = self.scratch({"in.pdf": self.c.pdf(personal)})
                    user = self.password() if who == "user" else ""
                    run(["qpdf", "--allow-weak-crypto", "--encrypt", user, self.password(), opts[0]]
                        + opts[1:] + ["--", "in.pdf", "out.pdf"], cwd=src)
                    with open(os.path.join(src, "out.pdf"), "rb") as f:
                        data = f.read()
                    owner_only = who == "owner"
                    self.add(f"pdf/{scheme}/{who}/{stem}.pdf", data,
                             whole(scheme + ("-owner-only" if owner_only else ""), personal, scheme,
                                   encrypted=not owner_only, readable=owner_only))

    def gpg_env(self) -> dict:
        if not hasattr(self, "_gnupg"):
            self._gnupg = os.path.join(self.tmp, "gnupg")
            os.makedirs(self._gnupg, mode=0o700)
            self._gpg_key = False
        env = dict(os.environ, GNUPGHOME=self._gnupg)
        return env

    def gpg_symmetric(self, data: bytes, armor: bool) -> bytes:
        d = self.scratch({"in": data})
        run(["gpg", "--batch", "--yes", "--quiet", "--pinentry-mode", "loopback", "--passphrase",
             self.password(), "--symmetric"] + (["--armor"] if armor else []) + ["--output", "out", "in"],
            cwd=d, env=self.gpg_env())
        with open(os.path.join(d, "out"), "rb") as f:
            return f.read()

    def gpg_public(self, data: bytes, armor: bool) -> bytes:
        env = self.gpg_env()
        if not self._gpg_key:
            run(["gpg", "--batch", "--quiet", "--pinentry-mode", "loopback", "--passphrase", "",
                 "--quick-gen-key", "protshare@example.invalid", "default", "default", "never"], env=env)
            self._gpg_key = True
        d = self.scratch({"in": data})
        run(["gpg", "--batch", "--yes", "--quiet", "--trust-model", "always", "--recipient",
             "protshare@example.invalid", "--encrypt"] + (["--armor"] if armor else [])
            + ["--output", "out", "in"], cwd=d, env=env)
        with open(os.path.join(d, "out"), "rb") as f:
            return f.read()

    def pgp(self) -> None:
        if not self.have("OpenPGP", "gpg"):
            return
        for personal, stem in ((True, "社員名簿"), (False, "出張報告")):
            self.add(f"pgp/{stem}_sym.csv.gpg", self.gpg_symmetric(self.c.csv(personal), False),
                     whole("openpgp-symmetric", personal, "openpgp", True))
            self.add(f"pgp/{stem}_sym.asc", self.gpg_symmetric(self.c.txt(personal), True),
                     whole("openpgp-symmetric", personal, "openpgp", True))
            self.add(f"pgp/{stem}_pub.csv.gpg", self.gpg_public(self.c.csv(personal), False),
                     whole("openpgp-public-key", personal, "openpgp", True))
            self.add(f"pgp/{stem}_pub.asc", self.gpg_public(self.c.txt(personal), True),
                     whole("openpgp-public-key", personal, "openpgp", True))
        # Clear-signed: signed, not encrypted; anyone reads it.
        d = self.scratch({"in.txt": self.c.txt(True)})
        self.gpg_public(b"x", False)  # makes the key
        run(["gpg", "--batch", "--yes", "--quiet", "--pinentry-mode", "loopback", "--passphrase", "",
             "--local-user", "protshare@example.invalid", "--clearsign", "--output", "out.asc", "in.txt"],
            cwd=d, env=self.gpg_env())
        with open(os.path.join(d, "out.asc"), "rb") as f:
            self.add("pgp/署名のみ_名簿.txt.asc", f.read(),
                     whole("trap-openpgp-clearsigned", True, note="signed only: readable"))

    def smime(self) -> None:
        if not self.have("S/MIME", "openssl"):
            return
        d = self.scratch({})
        run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj",
             "/CN=protshare@example.invalid", "-keyout", "key.pem", "-out", "cert.pem"], cwd=d)
        headers = ["-from", "jinji@example.co.jp", "-to", "soumu@example.co.jp", "-subject", "meibo"]
        for personal, stem in ((True, "番号送付"), (False, "会議案内")):
            with open(os.path.join(d, "inner.txt"), "wb") as f:
                f.write(self.c.mime_text(personal))
            run(["openssl", "smime", "-encrypt", "-aes256"] + headers +
                ["-in", "inner.txt", "-out", "enc.eml", "cert.pem"], cwd=d)
            with open(os.path.join(d, "enc.eml"), "rb") as f:
                self.add(f"smime/{stem}_暗号化.eml", f.read(), whole("smime", personal, "smime", True))
        for opaque in (False, True):
            with open(os.path.join(d, "inner.txt"), "wb") as f:
                f.write(self.c.mime_text(True))
            run(["openssl", "smime", "-sign"] + (["-nodetach"] if opaque else []) + headers +
                ["-signer", "cert.pem", "-inkey", "key.pem", "-in", "inner.txt", "-out", "signed.eml"], cwd=d)
            with open(os.path.join(d, "signed.eml"), "rb") as f:
                self.add(f"smime/署名のみ_{'opaque' if opaque else 'detached'}.eml", f.read(),
                         whole("trap-smime-signed", True, note="signed only: readable"))

    def office(self, lo, occ) -> None:
        for personal, stem in ((True, "社員名簿"), (False, "内線表")):
            if ("xls", personal) in lo:
                data = lo[("xls", personal)]
                scheme = xls_scheme(data)
                assert scheme, "LibreOffice wrote an xls without FILEPASS"
                self.add(f"office/xls/{stem}.xls", data, whole(scheme, personal, scheme, True))
                data = lo[("velvet-xls", personal)]
                scheme = xls_scheme(data)
                assert scheme
                self.add(f"office/velvet/{stem}_既定パスワード.xls", data,
                         whole(scheme + "-velvet", personal, scheme, False, True,
                               note="password VelvetSweatshop: opens without asking"))
                data = lo[("ods", personal)]
                scheme = odf_scheme(data)
                assert scheme, "LibreOffice wrote an ods without encryption-data"
                self.add(f"office/odf/{stem}.ods", data, whole(scheme, personal, scheme, True))
            if ("doc", personal) in lo:
                data = lo[("doc", personal)]
                scheme = doc_scheme(data)
                assert scheme, "LibreOffice wrote a doc without fEncrypted"
                self.add(f"office/doc/{'通知' if personal else '案内'}.doc", data,
                         whole(scheme, personal, scheme, True))
                data = lo[("odt", personal)]
                scheme = odf_scheme(data)
                assert scheme
                self.add(f"office/odf/{'通知' if personal else '案内'}.odt", data,
                         whole(scheme, personal, scheme, True))
            for kind in ("agile", "standard"):
                if (kind, "xlsx", personal) not in occ:
                    continue
                for ext in ("xlsx", "docx"):
                    data = occ[(kind, ext, personal)]
                    scheme = ooxml_scheme(data)
                    assert scheme == f"ooxml-{kind}", (scheme, kind)
                    self.add(f"office/ooxml-{kind}/{stem}.{ext}", data, whole(scheme, personal, scheme, True))
                data = occ[("velvet-" + kind, "xlsx", personal)]
                scheme = ooxml_scheme(data)
                assert scheme == f"ooxml-{kind}"
                self.add(f"office/velvet/{stem}_既定パスワード_{kind}.xlsx", data,
                         whole(scheme + "-velvet", personal, scheme, False, True,
                               note="password VelvetSweatshop: opens without asking"))
        for kind, why in (("ppt-rc4-cryptoapi", "LibreOffice cannot save a .ppt with a password"),
                          ("xls-xor / doc-xor / xls-rc4-cryptoapi / doc-rc4-cryptoapi",
                           "no packaged tool writes them (LibreOffice writes Office binary RC4)"),
                          ("odf-blowfish", "LibreOffice writes ODF 1.2+ (AES-256) only")):
            self.skip(kind, why)
        # Encrypted xlsx inside a plain zip, and a VelvetSweatshop xls inside one.
        if ("agile", "member", True) in occ:
            data = containers.zip_bytes([("提出書類/源泉徴収簿.xlsx", occ[("agile", "member", True)]),
                                         ("提出書類/送付状.txt", self.c.txt(False))])
            self.add("office/in-zip/提出書類.zip", data, Expect("ooxml-in-zip", parts=[
                Part("提出書類/源泉徴収簿.xlsx", True, True, "ooxml-agile"), Part("提出書類/送付状.txt", False)]))
            data = containers.zip_bytes([("年金/資格取得.xlsx", occ[("agile", "member", False)]),
                                         ("年金/控え.csv", self.c.csv(True))])
            self.add("office/in-zip/年金関係.zip", data, Expect("ooxml-in-zip", parts=[
                Part("年金/資格取得.xlsx", False, True, "ooxml-agile"), Part("年金/控え.csv", True)]))
        if ("velvet-xls-member", True) in lo:
            data = lo[("velvet-xls-member", True)]
            scheme = xls_scheme(data)
            data = containers.zip_bytes([("旧データ/名簿.xls", data), ("旧データ/メモ.txt", self.c.txt(False))])
            self.add("office/in-zip/旧データ.zip", data, Expect("velvet-in-zip", parts=[
                Part("旧データ/名簿.xls", True, False, scheme, readable=True), Part("旧データ/メモ.txt", False)]))
        # Mails with an encrypted attachment (no password notice anywhere in mail/).
        if ("agile", "xlsx", True) in occ:
            att = occ[("agile", "xlsx", True)]
            body = ["総務部 各位", "名簿を添付します。", "ご確認ください。"]
            data = containers.eml_bytes("人事部 高橋", "総務部", "名簿送付", body, [("名簿.xlsx", att)], 1)
            self.add("mail/名簿送付.eml", data, Expect("ooxml-in-mail", parts=[
                Part(None, False), Part("名簿.xlsx", True, True, "ooxml-agile")]))
            data = containers.eml_bytes("人事部 高橋", "総務部", "書類送付", body,
                                        [("名簿.xlsx", occ[("standard", "xlsx", False)]),
                                         ("控え.csv", self.c.csv(True))], 2)
            self.add("mail/書類送付.eml", data, Expect("ooxml-in-mail", parts=[
                Part(None, False), Part("名簿.xlsx", False, True, "ooxml-standard"), Part("控え.csv", True)]))
        if self.have("PPAP", "zip", "7z"):
            self.ppap(occ)

    def ppap(self, occ) -> None:
        """Each case in its own folder: the check looks at the archive's siblings."""
        pw = self.password()
        data = self.zip_tool({"社員名簿.csv": self.c.csv(True)}, pw, "AES256")
        self.add("ppap/案件A/社員名簿.zip", data, Expect("ppap", True, "zip-aes256", ppap=True,
                                                    parts=[Part("社員名簿.csv", True, True, "zip-aes256")]))
        self.add("ppap/案件A/パスワード.txt", f"パスワード：{pw}\r\n".encode("cp932"), whole("ppap-notice", False))
        pw = self.password()
        data = self.zip_tool({"送付資料.csv": self.c.csv(True), "送付状.txt": self.c.txt(False)}, pw, None)
        self.add("ppap/案件B/送付資料.zip", data, Expect("ppap", True, "zipcrypto", ppap=True, parts=[
            Part("送付状.txt", False, True, "zipcrypto"), Part("送付資料.csv", True, True, "zipcrypto")]))
        self.add("ppap/案件B/password.txt", f"password: {pw}\n".encode("ascii"), whole("ppap-notice", False))
        pw = self.password()
        data = self.sevenz({"年金記録.csv": self.c.csv(True)}, pw, header=False)
        self.add("ppap/案件C/年金記録.7z", data, Expect("ppap", True, "7z-aes256", ppap=True,
                                                  parts=[Part("年金記録.csv", True, True, "7z-aes256")]))
        notice = ["お疲れ様です。", "先ほどお送りしたファイルのパスワードは下記のとおりです。", pw, "よろしくお願いします。"]
        self.add("ppap/案件C/Re_ファイル送付.eml",
                 containers.eml_bytes("人事部 伊藤", "経理部", "ファイル送付", notice, [], 3),
                 whole("ppap-notice", False))
        pw = self.password()
        data = self.zip_tool({"議事録.txt": self.c.txt(False)}, pw, "AES256")
        self.add("ppap/案件D/議事録.zip", data, Expect("ppap", True, "zip-aes256", ppap=True,
                                                 parts=[Part("議事録.txt", False, True, "zip-aes256")]))
        self.add("ppap/案件D/連絡事項.txt", f"解凍パスワード {pw}\r\n".encode("utf-8"), whole("ppap-notice", False))
        # A mail carrying an encrypted zip, and the next mail with its password.
        pw = self.password()
        z = self.zip_tool({"扶養控除.csv": self.c.csv(True)}, pw, None)
        self.add("ppap/メール/1_書類送付.eml",
                 containers.eml_bytes("人事部 伊藤", "総務部", "書類送付", ["書類を添付します。"],
                                      [("書類.zip", z)], 4),
                 Expect("ppap-mail", ppap=True, parts=[Part(None, False),
                                                       Part("書類.zip/扶養控除.csv", True, True, "zipcrypto")]))
        self.add("ppap/メール/2_パスワード送付.eml",
                 containers.eml_bytes("人事部 伊藤", "総務部", "パスワード送付",
                                      [f"パスワードは {pw} です。"], [], 5),
                 whole("ppap-notice", False))
        # Not PPAP: an encrypted xlsx is no archive; a plain zip has nothing to give away.
        if ("agile", "ppap", True) in occ:
            self.add("ppap/非該当_xlsx/賃金台帳.xlsx", occ[("agile", "ppap", True)],
                     whole("ooxml-agile", True, "ooxml-agile", True,
                           note="beside a password file, but no archive"))
            self.add("ppap/非該当_xlsx/パスワード.txt", f"パスワード：{self.password()}\r\n".encode("utf-8"),
                     whole("ppap-notice", False))
        data = containers.zip_bytes([("配布資料.txt", self.c.txt(False))])
        self.add("ppap/非該当_平文zip/配布資料.zip", data, Expect("plain-zip", parts=[Part("配布資料.txt", False)]))
        self.add("ppap/非該当_平文zip/password.txt", f"password: {self.password()}\n".encode("ascii"),
                 whole("ppap-notice", False))
        # An encrypted archive whose neighbour says nothing about a password.
        data = self.zip_tool({"見積.csv": self.c.csv(False)}, self.password(), "AES256")
        self.add("ppap/非該当_通知なし/見積.zip", data, Expect("zip-aes256", True, "zip-aes256",
                                                      parts=[Part("見積.csv", False, True, "zip-aes256")]))
        self.add("ppap/非該当_通知なし/メモ.txt", self.c.txt(False), whole("plain-txt", False))

    def plain(self) -> None:
        for personal, sub in ((True, "個人情報あり"), (False, "個人情報なし")):
            self.add(f"plain/{sub}/名簿.csv", self.c.csv(personal), whole("plain-csv", personal))
            self.add(f"plain/{sub}/名簿.xlsx", self.c.xlsx(personal), whole("plain-xlsx", personal))
            self.add(f"plain/{sub}/通知.docx", self.c.docx(personal), whole("plain-docx", personal))
            self.add(f"plain/{sub}/一覧.pdf", self.c.pdf(personal), whole("plain-pdf", personal))
            self.add(f"plain/{sub}/メモ.txt", self.c.txt(personal), whole("plain-txt", personal))
            data = containers.zip_bytes([("データ/名簿.csv", self.c.csv(personal)),
                                         ("データ/一覧.csv", self.c.csv(False))])
            self.add(f"plain/{sub}/データ.zip", data, Expect("plain-zip", parts=[
                Part("データ/名簿.csv", personal), Part("データ/一覧.csv", False)]))

    def traps(self) -> None:
        """Files that look protected and are not: never to be called encrypted."""
        for personal, stem in ((True, "名簿"), (False, "一覧")):
            self.add(f"traps/シート保護_{stem}.xlsx", self.c.xlsx(personal, sheet_password=self.password()),
                     whole("trap-sheet-protection", personal, note="sheet protection: a hash, no encryption"))
            self.add(f"traps/ブック保護_{stem}.xlsx",
                     self.c.xlsx(personal, sheet_password=self.password(), workbook_password=self.password()),
                     whole("trap-workbook-protection", personal, note="workbook protection: no encryption"))
            self.add(f"traps/編集制限_{stem}.docx", self.c.docx(personal, document_protection=True),
                     whole("trap-document-protection", personal, note="w:documentProtection: no encryption"))
        # Members whose names suggest encryption, holding plain text: prose with labels, and (in
        # a zip of its own) a CSV roster, whose header speaks for its columns.
        data = containers.zip_bytes([("secret.enc", self.c.txt(False)),
                                     ("backup/通知.txt.gpg", self.c.txt(True))])
        self.add("traps/暗号化済み.zip", data, Expect("trap-enc-names", parts=[
            Part("secret.enc", False), Part("backup/通知.txt.gpg", True)],
            note="secret.enc and *.gpg members are plain text"))
        data = containers.zip_bytes([("backup/社員名簿.csv.gpg", self.c.csv(True))])
        self.add("traps/バックアップ.zip", data, Expect("trap-enc-names", parts=[
            Part("backup/社員名簿.csv.gpg", True)], note="a plain CSV roster named *.csv.gpg"))
        lines = ["このファイルは AES-256 で暗号化されています。", "This file is encrypted with AES-256."] + \
            self.c.text(True)
        self.add("traps/暗号化済み_名簿.txt", ("\r\n".join(lines) + "\r\n").encode("utf-8"),
                 whole("trap-says-encrypted", True, note="says it is encrypted; it is not"))
        self.add("traps/暗号化済み_名簿.csv", self.c.csv(True), whole("trap-name-encrypted", True))


# ------------------------------------------------------------------------------------------

def prepare_out_dir(out: str) -> None:
    if os.path.isdir(out) and os.listdir(out):
        labels = os.path.join(out, "labels.json")
        try:
            with open(labels, encoding="utf-8") as f:
                prev = json.load(f)
            assert prev.get("generator") == GENERATOR
        except (OSError, ValueError, AssertionError):
            sys.exit(f"make_protection_share: {out} is not empty and holds no share made by this script")
        for p in sorted(prev["files"]):
            full = os.path.join(out, *p.split("/"))
            if os.path.isfile(full):
                os.remove(full)
        os.remove(labels)
        for root, _dirs, _files in os.walk(out, topdown=False):
            if root != out and not os.listdir(root):
                os.rmdir(root)
        if os.listdir(out):
            sys.exit(f"make_protection_share: {out} holds files that are not part of the share")
    os.makedirs(out, exist_ok=True)


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
            if hasattr(share, "_gnupg"):   # the gpg-agent this run started, for its own home only
                subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=share.gpg_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    labels = {"generator": GENERATOR, "seed": args.seed, "weak_schemes": sorted(WEAK),
              "files": dict(sorted(share.files.items())), "skipped": share.skipped}
    with open(os.path.join(args.out, "labels.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(labels, f, ensure_ascii=False, indent=1)
        f.write("\n")
    files = share.files.values()
    enc = sum(1 for e in files if e["encrypted"])
    members = sum(len(e["members"]) for e in files)
    viol = sum(1 for e in files if e["violations"])
    print(f"share: {len(share.files)} files ({enc} encrypted, {members} members), {viol} with violations, "
          f"{share.c.values} identifiers; {len(share.skipped)} kinds skipped; {time.time() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
