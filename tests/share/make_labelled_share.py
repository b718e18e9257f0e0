#!/usr/bin/python3
"""Generate a realistic labelled file share in every format mamori extracts.

    make_labelled_share.py OUT_DIR [--seed N] [--scale S] [--no-libreoffice]

Writes a few hundred files (CSV in UTF-8 and CP932, TXT, XLSX, ODS, XLS, DOCX, ODT, DOC, PPTX,
ODP, PDF, RTF, HTML, EML in ISO-2022-JP with and without attachments, mbox, and zip / 7z / tar.gz /
lzh containers, nested) and OUT_DIR/labels.json: for every on-disk file and every member inside
a container, the distinct My Numbers and basic pension numbers it truly holds as identifiers,
and the traps planted in it (numbers with invalid check digits, order numbers, phone numbers,
dates, amounts...) that must not be reported.

The content and the truth come from tests/corpus/generate_corpus.py: each table or text is one of
its Docs, whose generator labels every number by construction (rules: shared/spec/identifiers.md).
This script only renders the Doc in another format (render_docs.py) and packs files into
containers (containers.py), keeping lines and table rows intact so the truth holds. Keep OUT_DIR
outside the repository. Label format and scoring: tests/share/README.md.

Needs (Debian): python3-docx, python3-openpyxl, python3-odf, python3-reportlab, p7zip-full, and
LibreOffice (soffice) for XLS, DOC and PPTX (one batch conversion per format; --no-libreoffice
leaves them out). Values are synthetic and seeded; the same seed and scale give the same labels
(office files are not byte-identical across library versions).
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "corpus"))
sys.path.insert(0, HERE)
import generate_corpus as gc  # noqa: E402
import containers  # noqa: E402
import render_docs as rd  # noqa: E402
import share_dir  # noqa: E402

GENERATOR = "make_labelled_share"

# kind -> (generator, size range, folder, file stem, weight)
TABLE_KINDS = {
    "roster": (gc.gen_roster, (10, 40), "人事/名簿", "社員名簿", 3),
    "payroll": (gc.gen_payroll, (8, 25), "給与/源泉徴収", "源泉徴収票集計", 1),
    "numeric-mn": (gc.gen_numeric_mn, (10, 40), "人事/名簿", "マイナンバー台帳", 1),
    "mn-list": (gc.gen_mn_list_table, (8, 20), "総務/作業用", "一覧", 1),
    "invalid-column": (gc.gen_invalid_column, (30, 60), "総務/会員", "会員番号一覧", 1),
    "pension-table": (gc.gen_pension_table, (10, 40), "人事/社会保険", "資格取得届一覧", 2),
    "health-table": (gc.gen_health_table, (8, 30), "人事/社会保険", "被保険者一覧", 1),
    "vendor-table": (gc.gen_vendor_table, (10, 40), "経理/取引先", "取引先マスタ", 1),
    "orders-table": (gc.gen_orders_table, (10, 50), "経理/受注", "受注一覧", 2),
    "card-table": (gc.gen_card_table, (10, 40), "経理/経費", "カード利用明細", 1),
}
TEXT_KINDS = {
    "letter-mn": (gc.gen_letter_mn, (1, 5), "総務/通知", "マイナンバー提出のお願い", 2),
    "form-fuyou": (gc.gen_form_fuyou, (1, 5), "人事/申告書", "扶養控除等申告書", 2),
    "pension-letter": (gc.gen_pension_letter, (2, 6), "人事/社会保険", "年金関係メモ", 2),
    "health-memo": (gc.gen_health_memo, (2, 6), "人事/社会保険", "保険証控え", 1),
    "memo-negatives": (gc.gen_memo_negatives, (15, 40), "総務/メモ", "業務メモ", 2),
    "keyword-only": (gc.gen_keyword_only, (4, 10), "総務/規程", "マイナンバー制度について", 1),
    "mn-list-text": (gc.gen_mn_list_text, (8, 20), "総務/作業用", "番号リスト", 1),
}
LOG_KIND = ("audit-log", gc.gen_log_audit, (30, 80), "システム/logs", "監査ログ")


class PlainSepDoc(gc.Doc):
    """For PDF: only separators that survive a CID font's round trip to text ('-' and space)."""

    def pick_sep(self) -> str:
        return "-" if self.rng.random() < 0.6 else " "


@dataclass
class Item:
    """A file or a container member: its bytes (or how to get them) and its own truth."""
    name: str
    fmt: str
    kind: str = ""
    doc: object = None                 # the Doc whose text this item holds (None: a container)
    data: bytes | None = None
    members: list = field(default_factory=list)   # containers: [Item] (names are member paths)
    build: object = None               # containers: f(list of (name, bytes)) -> bytes
    convert: tuple | None = None       # (LibreOffice filter, source bytes, source extension)

    def materialize(self) -> bytes:
        if self.data is None and self.build is not None:
            self.data = self.build([(m.name, m.materialize()) for m in self.members])
        if self.data is None:
            raise RuntimeError(f"{self.name}: no data (LibreOffice conversion missing)")
        return self.data


class Share:
    def __init__(self, seed: int, scale: float, use_lo: bool):
        self.seed, self.scale, self.use_lo = seed, scale, use_lo
        self.world = gc.World(seed, 0.15)
        self.rng = random.Random(f"mamori-share:{seed}:plan")
        self.files: list[tuple[str, Item]] = []     # (relative path, item)
        self.pending: dict[str, list[Item]] = {}    # target extension -> items to convert
        self.counters: dict[str, int] = {}
        self.doc_no = 0
        self.skipped: list[str] = []

    # -- Docs --
    def new_doc(self, kinds: dict, encoding: str = "utf-8", kind: str | None = None, fmt: str = "csv",
                doc_class=gc.Doc):
        if kind is None:
            names = list(kinds)
            kind = self.rng.choices(names, weights=[kinds[k][4] for k in names])[0]
        func, size, folder, stem, _ = kinds[kind]
        self.doc_no += 1
        rng = random.Random(f"mamori-share:{self.seed}:doc:{self.doc_no}")
        doc = doc_class(f"{folder}/{stem}", fmt, encoding, rng, gc.newline_for(encoding, fmt, rng))
        func(doc, self.world, rng.randint(*size))
        return doc, kind, folder, stem

    def path(self, folder: str, stem: str, ext: str) -> str:
        key = f"{folder}/{stem}.{ext}"
        self.counters[key] = self.counters.get(key, 0) + 1
        return f"{folder}/{stem}_{self.counters[key]:03d}.{ext}"

    # -- leaf items --
    def table_item(self, fmt: str, kind: str | None = None) -> tuple[Item, str, str]:
        enc = {"csv": self.rng.choice(["utf-8", "utf-8-sig"]), "csv-cp932": "cp932",
               "rtf-cp932": "cp932", "html-sjis": "cp932"}.get(fmt, "utf-8")
        doc, kind, folder, stem = self.new_doc(TABLE_KINDS, enc, kind, "csv",
                                               PlainSepDoc if fmt == "pdf" else gc.Doc)
        numeric = kind == "numeric-mn"
        ext = fmt.split("-")[0]
        item = Item("", ext, kind, doc)
        if fmt in ("csv", "csv-cp932"):
            item.data = doc.encode()
        elif fmt == "xlsx":
            item.data = rd.xlsx(doc, numeric)
        elif fmt == "ods":
            item.data = rd.ods(doc, numeric)
        elif fmt == "xls":
            item.convert = ("xls:MS Excel 97", rd.xlsx(doc, numeric), "xlsx")
        elif fmt == "docx":
            item.data = rd.docx(doc, True)
        elif fmt == "odt":
            item.data = rd.odt(doc, True)
        elif fmt == "doc":
            item.convert = ("doc:MS Word 97", rd.docx(doc, True), "docx")
        elif fmt == "pdf":
            item.data = rd.pdf(doc, True)
        elif fmt in ("rtf", "rtf-cp932"):
            item.data = rd.rtf(doc, True, fmt == "rtf-cp932")
        elif fmt in ("html", "html-sjis"):
            item.data = rd.html_doc(doc, True, "Shift_JIS" if fmt == "html-sjis" else "UTF-8")
        else:
            raise ValueError(fmt)
        return item, folder, stem

    def text_item(self, fmt: str, kind: str | None = None) -> tuple[Item, str, str]:
        enc = {"txt": self.rng.choice(["utf-8", "cp932", "euc-jp", "utf-8-sig"]), "rtf-cp932": "cp932",
               "html-sjis": "cp932", "mailbody": "iso-2022-jp"}.get(fmt, "utf-8")
        doc, kind, folder, stem = self.new_doc(TEXT_KINDS, enc, kind, "txt",
                                               PlainSepDoc if fmt == "pdf" else gc.Doc)
        ext = fmt.split("-")[0]
        item = Item("", ext, kind, doc)
        if fmt == "txt":
            item.data = doc.encode()
        elif fmt == "docx":
            item.data = rd.docx(doc, False)
        elif fmt == "odt":
            item.data = rd.odt(doc, False)
        elif fmt == "doc":
            item.convert = ("doc:MS Word 97", rd.docx(doc, False), "docx")
        elif fmt == "odp":
            item.data = rd.odp(doc)
        elif fmt == "pptx":
            item.convert = ("pptx:Impress MS PowerPoint 2007 XML", rd.odp(doc), "odp")
        elif fmt == "pdf":
            item.data = rd.pdf(doc, False)
        elif fmt in ("rtf", "rtf-cp932"):
            item.data = rd.rtf(doc, False, fmt == "rtf-cp932")
        elif fmt in ("html", "html-sjis"):
            item.data = rd.html_doc(doc, False, "Shift_JIS" if fmt == "html-sjis" else "UTF-8")
        elif fmt == "mailbody":
            pass
        else:
            raise ValueError(fmt)
        return item, folder, stem

    def leaf(self, fmt: str) -> tuple[Item, str, str]:
        """A document of format fmt holding a table or a text, whichever suits the format."""
        tables = {"csv", "csv-cp932", "xlsx", "ods", "xls"}
        texts = {"txt", "odp", "pptx"}
        if fmt in tables or (fmt not in texts and self.rng.random() < 0.4):
            return self.table_item(fmt)
        return self.text_item(fmt)

    def add_file(self, fmt: str, item: Item, folder: str, stem: str) -> None:
        if item.convert and not self.use_lo:
            self.skipped.append(fmt)
            return
        ext = item.fmt
        rel = self.path(folder, stem, ext)
        item.name = rel
        if item.convert:
            self.pending.setdefault(ext, []).append(item)
        self.files.append((rel, item))

    # -- containers --
    def members(self, n: int, formats: list[str], lo_ok: bool = True) -> list[Item]:
        out, used = [], set()
        for _ in range(n):
            fmt = self.rng.choice([f for f in formats if lo_ok or f not in ("xls", "doc", "pptx")])
            item, folder, stem = self.leaf(fmt)
            name = f"{folder.split('/')[-1]}/{stem}_{len(out) + 1:02d}.{item.fmt}"
            if name in used:
                continue
            used.add(name)
            item.name = name
            if item.convert:
                if not self.use_lo:
                    continue
                self.pending.setdefault(item.fmt, []).append(item)
            out.append(item)
        return out

    def container(self, kind: str) -> None:
        member_formats = ["csv", "csv-cp932", "txt", "xlsx", "docx", "pdf", "xls", "doc", "odt", "ods"]
        n = self.rng.randint(2, 5)
        if kind == "zip":
            item = Item("", "zip", "container", members=self.members(n, member_formats),
                        build=containers.zip_bytes)
        elif kind == "zip-cp932":
            item = Item("", "zip", "container", members=self.members(n, member_formats),
                        build=lambda m: containers.zip_bytes(m, cp932_names=True))
        elif kind == "7z":
            item = Item("", "7z", "container", members=self.members(n, member_formats),
                        build=containers.sevenz_bytes)
        elif kind == "tar.gz":
            item = Item("", "tar.gz", "container", members=self.members(n, member_formats),
                        build=containers.tar_gz_bytes)
        elif kind in ("lzh-lv0", "lzh-lv2"):
            level = 0 if kind == "lzh-lv0" else 2
            item = Item("", "lzh", "container", members=self.members(n, ["csv-cp932", "txt", "xls", "doc"]),
                        build=lambda m, level=level: containers.lzh_bytes(m, level))
        elif kind == "nested-zip":
            # zip > zip > zip with documents at every level.
            inner = Item("過去分/2014.zip", "zip", "container", members=self.members(2, member_formats),
                         build=containers.zip_bytes)
            middle = Item("保管/アーカイブ.zip", "zip", "container",
                          members=self.members(1, member_formats) + [inner], build=containers.zip_bytes)
            item = Item("", "zip", "container", members=self.members(1, member_formats) + [middle],
                        build=containers.zip_bytes)
        elif kind == "zip-in-7z":
            inner = Item("名簿一式.zip", "zip", "container", members=self.members(2, member_formats),
                         build=containers.zip_bytes)
            item = Item("", "7z", "container", members=self.members(1, member_formats) + [inner],
                        build=containers.sevenz_bytes)
        else:
            raise ValueError(kind)
        stem = self.rng.choice(["人事資料", "提出書類一式", "名簿_バックアップ", "送付データ", "旧サーバ移行分"])
        rel = self.path("共有/アーカイブ", stem, item.fmt)
        item.name = rel
        self.files.append((rel, item))

    def mail(self, with_attachments: bool) -> None:
        if not with_attachments:
            doc, kind, folder, stem = self.new_doc(
                {"mail": (gc.gen_mail, (2, 6), "メール", "mail", 1)}, "iso-2022-jp", "mail", "txt")
            item = Item("", "eml", "mail", doc, data=doc.encode())
            rel = self.path("メール/受信", "mail", "eml")
            item.name = rel
            self.files.append((rel, item))
            return
        body, _, _ = self.text_item("mailbody", self.rng.choice(["letter-mn", "pension-letter",
                                                                 "keyword-only", "memo-negatives"]))
        atts = self.members(self.rng.randint(1, 3), ["csv-cp932", "xlsx", "docx", "pdf", "xls"])
        for a in atts:
            a.name = a.name.split("/")[-1]
        if self.rng.random() < 0.3:
            atts.append(Item("送付データ.zip", "zip", "container", members=self.members(2, ["csv", "xlsx"]),
                             build=containers.zip_bytes))
        no = len(self.files) + 1
        subject = self.rng.choice(["【社外秘】書類送付の件", "マイナンバー関係書類", "年金手続きについて", "資料送付"])
        lines = body.doc.lines

        def build(members, no=no, subject=subject, lines=lines):
            return containers.eml_bytes("人事部 山田", "総務部", subject, lines, members, no)

        item = Item("", "eml", "mail", body.doc, members=atts, build=build)
        rel = self.path("メール/添付あり", "mail", "eml")
        item.name = rel
        self.files.append((rel, item))

    def mbox(self) -> None:
        """Messages are members named message-1, message-2, ... (as mamori's mail reader names
        them); the scorer's file level does not depend on the naming."""
        msgs = []
        for i in range(self.rng.randint(4, 8)):
            doc, _, _, _ = self.new_doc({"mail": (gc.gen_mail, (2, 5), "メール", "mail", 1)},
                                        "iso-2022-jp", "mail", "txt")
            msgs.append(Item(f"message-{i + 1}", "eml", "mail", doc, data=doc.encode()))
        item = Item("", "mbox", "mbox", members=msgs,
                    build=lambda m: containers.mbox_bytes([d for _, d in m]))
        rel = self.path("メール/アーカイブ", "受信トレイ", "mbox")
        item.name = rel
        self.files.append((rel, item))

    # -- the plan --
    def plan(self) -> None:
        def c(n):
            return max(1, round(n * self.scale))
        singles = [("csv", 16), ("csv-cp932", 16), ("txt", 16), ("xlsx", 30), ("ods", 10), ("xls", 14),
                   ("docx", 24), ("odt", 10), ("doc", 10), ("pptx", 10), ("odp", 4), ("pdf", 24),
                   ("rtf", 5), ("rtf-cp932", 5), ("html", 8), ("html-sjis", 4)]
        for fmt, n in singles:
            for _ in range(c(n)):
                item, folder, stem = self.leaf(fmt)
                self.add_file(fmt, item, folder, stem)
        for _ in range(c(4)):   # audit logs as .log files
            func, size, folder, stem = LOG_KIND[1:]
            doc, _, _, _ = self.new_doc({"audit-log": (func, size, folder, stem, 1)}, "utf-8", "audit-log", "log")
            self.add_file("log", Item("", "log", "audit-log", doc, data=doc.encode()), folder, stem)
        for _ in range(c(12)):
            self.mail(False)
        for _ in range(c(10)):
            self.mail(True)
        for _ in range(c(3)):
            self.mbox()
        for kind, n in [("zip", 12), ("zip-cp932", 5), ("7z", 5), ("tar.gz", 6), ("lzh-lv0", 3),
                        ("lzh-lv2", 3), ("nested-zip", 4), ("zip-in-7z", 2)]:
            for _ in range(c(n)):
                self.container(kind)

    def convert_all(self, tmp: str) -> None:
        """One LibreOffice call per target format."""
        profile = f"file://{tmp}/lo-profile"
        for ext, items in self.pending.items():
            src_dir, out_dir = os.path.join(tmp, f"src-{ext}"), os.path.join(tmp, f"out-{ext}")
            os.makedirs(src_dir)
            os.makedirs(out_dir)
            for i, item in enumerate(items):
                filt, data, src_ext = item.convert
                with open(os.path.join(src_dir, f"f{i:04d}.{src_ext}"), "wb") as f:
                    f.write(data)
            filt = items[0].convert[0]
            srcs = sorted(glob.glob(os.path.join(src_dir, "*")))
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to", filt,
                            "--outdir", out_dir] + srcs, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=1800)
            for i, item in enumerate(items):
                with open(os.path.join(out_dir, f"f{i:04d}.{ext}"), "rb") as f:
                    item.data = f.read()


# ------------------------------------------------------------------------------------------
# Labels
# ------------------------------------------------------------------------------------------

def label_entries(path: str, item: Item, member: str | None, container: str | None) -> list[dict]:
    doc = item.doc
    entry = {"path": path, "member": member, "format": item.fmt, "kind": item.kind,
             "expect": {"my_number": sorted(doc.my_number) if doc else [],
                        "basic_pension_number": sorted(doc.pension) if doc else [],
                        "corporate_number": sorted(doc.corporate) if doc else [],
                        "health": bool(doc.health) if doc else False},
             "traps": sorted(doc.traps) if doc else []}
    if container:
        entry["container"] = container
    out = [entry]
    for m in item.members:
        sub = m.name if member is None else f"{member}/{m.name}"
        out += label_entries(path, m, sub, item.fmt if member is None else f"{container}>{item.fmt}")
    return out


def prepare_out_dir(out: str) -> None:
    share_dir.prepare_out_dir(out, GENERATOR, "make_labelled_share",
                              lambda prev: (e["path"] for e in prev["files"]))


def main(argv) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies the number of files")
    ap.add_argument("--no-libreoffice", action="store_true", help="leave out XLS, DOC and PPTX")
    args = ap.parse_args(argv)
    use_lo = not args.no_libreoffice
    if use_lo and not shutil.which("soffice"):
        print("make_labelled_share: soffice not found: XLS, DOC and PPTX left out", file=sys.stderr)
        use_lo = False
    t0 = time.time()
    prepare_out_dir(args.out)
    share = Share(args.seed, args.scale, use_lo)
    share.plan()
    with tempfile.TemporaryDirectory(prefix="mamori-share-") as tmp:
        if use_lo:
            share.convert_all(tmp)
        labels = {"generator": GENERATOR, "seed": args.seed, "scale": args.scale, "files": []}
        by_format: dict[str, int] = {}
        for rel, item in share.files:
            full = os.path.join(args.out, *rel.split("/"))
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "wb") as f:
                f.write(item.materialize())
            labels["files"] += label_entries(rel, item, None, None)
            by_format[item.fmt] = by_format.get(item.fmt, 0) + 1
    with open(os.path.join(args.out, "labels.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(labels, f, ensure_ascii=False, indent=1)
        f.write("\n")
    entries = labels["files"]
    mn = sum(len(e["expect"]["my_number"]) for e in entries)
    pen = sum(len(e["expect"]["basic_pension_number"]) for e in entries)
    members = sum(1 for e in entries if e["member"] is not None)
    fmts = ", ".join(f"{k} {v}" for k, v in sorted(by_format.items()))
    print(f"share: {len(share.files)} files ({fmts}), {members} members; my_number {mn}, "
          f"basic_pension_number {pen} (distinct per file/member) in {time.time() - t0:.1f}s")
    if share.skipped:
        print(f"share: left out (no LibreOffice): {len(share.skipped)} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
