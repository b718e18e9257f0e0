"""Content of the protection share: rosters and texts with (or without) synthetic identifiers.

One seeded rng draws every name and number, so the order of calls decides the values: the plan
(share.py) must keep asking in the same order for a seed to give the same share.
"""
from __future__ import annotations

import io
import random

import generate_corpus as gc
import render_docs as rd

SURNAMES = ["高橋", "伊藤", "渡辺", "中村", "小林", "加藤", "吉田", "山口", "松本", "井上", "木村",
            "清水", "森", "池田", "橋本", "石川", "前田", "藤田", "岡田", "後藤"]
GIVEN = ["一郎", "美咲", "健太", "由美", "翔太", "恵", "大輔", "さくら", "拓也", "真央", "浩二",
         "陽子", "誠", "明美", "直樹", "優子", "剛", "裕子", "亮", "千尋"]
DEPTS = ["総務部", "経理部", "営業一課", "営業二課", "人事部", "製造部", "品質保証部"]


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
