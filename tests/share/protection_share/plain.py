"""Plain files, and traps: files that look protected and are not.

Sheet and workbook protection and w:documentProtection keep a password hash beside content in the
clear; a member named secret.enc or *.gpg, or a text that says it is encrypted, is plain all the
same. None of them may be called encrypted.
"""
from __future__ import annotations

import containers

from .labels import Expect, Part, whole


def plain(s) -> None:
    for personal, sub in ((True, "個人情報あり"), (False, "個人情報なし")):
        s.add(f"plain/{sub}/名簿.csv", s.c.csv(personal), whole("plain-csv", personal))
        s.add(f"plain/{sub}/名簿.xlsx", s.c.xlsx(personal), whole("plain-xlsx", personal))
        s.add(f"plain/{sub}/通知.docx", s.c.docx(personal), whole("plain-docx", personal))
        s.add(f"plain/{sub}/一覧.pdf", s.c.pdf(personal), whole("plain-pdf", personal))
        s.add(f"plain/{sub}/メモ.txt", s.c.txt(personal), whole("plain-txt", personal))
        data = containers.zip_bytes([("データ/名簿.csv", s.c.csv(personal)),
                                     ("データ/一覧.csv", s.c.csv(False))])
        s.add(f"plain/{sub}/データ.zip", data, Expect("plain-zip", parts=[
            Part("データ/名簿.csv", personal), Part("データ/一覧.csv", False)]))


def traps(s) -> None:
    """Files that look protected and are not: never to be called encrypted."""
    for personal, stem in ((True, "名簿"), (False, "一覧")):
        s.add(f"traps/シート保護_{stem}.xlsx", s.c.xlsx(personal, sheet_password=s.password()),
              whole("trap-sheet-protection", personal, note="sheet protection: a hash, no encryption"))
        s.add(f"traps/ブック保護_{stem}.xlsx",
              s.c.xlsx(personal, sheet_password=s.password(), workbook_password=s.password()),
              whole("trap-workbook-protection", personal, note="workbook protection: no encryption"))
        s.add(f"traps/編集制限_{stem}.docx", s.c.docx(personal, document_protection=True),
              whole("trap-document-protection", personal, note="w:documentProtection: no encryption"))
    # Members whose names suggest encryption, holding plain text: prose with labels, and (in
    # a zip of its own) a CSV roster, whose header speaks for its columns.
    data = containers.zip_bytes([("secret.enc", s.c.txt(False)),
                                 ("backup/通知.txt.gpg", s.c.txt(True))])
    s.add("traps/暗号化済み.zip", data, Expect("trap-enc-names", parts=[
        Part("secret.enc", False), Part("backup/通知.txt.gpg", True)],
        note="secret.enc and *.gpg members are plain text"))
    data = containers.zip_bytes([("backup/社員名簿.csv.gpg", s.c.csv(True))])
    s.add("traps/バックアップ.zip", data, Expect("trap-enc-names", parts=[
        Part("backup/社員名簿.csv.gpg", True)], note="a plain CSV roster named *.csv.gpg"))
    lines = ["このファイルは AES-256 で暗号化されています。", "This file is encrypted with AES-256."] + \
        s.c.text(True)
    s.add("traps/暗号化済み_名簿.txt", ("\r\n".join(lines) + "\r\n").encode("utf-8"),
          whole("trap-says-encrypted", True, note="says it is encrypted; it is not"))
    s.add("traps/暗号化済み_名簿.csv", s.c.csv(True), whole("trap-name-encrypted", True))
