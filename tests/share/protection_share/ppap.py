"""PPAP cases: an encrypted archive sent with its password beside it, and near misses.

The rule looks at an archive's siblings, so each case sits in a folder of its own and no other
folder holding an encrypted archive has a .txt or .eml beside it.
"""
from __future__ import annotations

import containers

from .archives import sevenz, zip_tool
from .labels import Expect, Part, whole


def ppap(s, occ) -> None:
    """Each case in its own folder: the check looks at the archive's siblings."""
    pw = s.password()
    data = zip_tool(s, {"社員名簿.csv": s.c.csv(True)}, pw, "AES256")
    s.add("ppap/案件A/社員名簿.zip", data, Expect("ppap", True, "zip-aes256", ppap=True,
                                             parts=[Part("社員名簿.csv", True, True, "zip-aes256")]))
    s.add("ppap/案件A/パスワード.txt", f"パスワード：{pw}\r\n".encode("cp932"), whole("ppap-notice", False))
    pw = s.password()
    data = zip_tool(s, {"送付資料.csv": s.c.csv(True), "送付状.txt": s.c.txt(False)}, pw, None)
    s.add("ppap/案件B/送付資料.zip", data, Expect("ppap", True, "zipcrypto", ppap=True, parts=[
        Part("送付状.txt", False, True, "zipcrypto"), Part("送付資料.csv", True, True, "zipcrypto")]))
    s.add("ppap/案件B/password.txt", f"password: {pw}\n".encode("ascii"), whole("ppap-notice", False))
    pw = s.password()
    data = sevenz(s, {"年金記録.csv": s.c.csv(True)}, pw, header=False)
    s.add("ppap/案件C/年金記録.7z", data, Expect("ppap", True, "7z-aes256", ppap=True,
                                           parts=[Part("年金記録.csv", True, True, "7z-aes256")]))
    notice = ["お疲れ様です。", "先ほどお送りしたファイルのパスワードは下記のとおりです。", pw, "よろしくお願いします。"]
    s.add("ppap/案件C/Re_ファイル送付.eml",
          containers.eml_bytes("人事部 伊藤", "経理部", "ファイル送付", notice, [], 3),
          whole("ppap-notice", False))
    pw = s.password()
    data = zip_tool(s, {"議事録.txt": s.c.txt(False)}, pw, "AES256")
    s.add("ppap/案件D/議事録.zip", data, Expect("ppap", True, "zip-aes256", ppap=True,
                                          parts=[Part("議事録.txt", False, True, "zip-aes256")]))
    s.add("ppap/案件D/連絡事項.txt", f"解凍パスワード {pw}\r\n".encode("utf-8"), whole("ppap-notice", False))
    # A mail carrying an encrypted zip, and the next mail with its password.
    pw = s.password()
    z = zip_tool(s, {"扶養控除.csv": s.c.csv(True)}, pw, None)
    s.add("ppap/メール/1_書類送付.eml",
          containers.eml_bytes("人事部 伊藤", "総務部", "書類送付", ["書類を添付します。"],
                               [("書類.zip", z)], 4),
          Expect("ppap-mail", ppap=True, parts=[Part(None, False),
                                                Part("書類.zip/扶養控除.csv", True, True, "zipcrypto")]))
    s.add("ppap/メール/2_パスワード送付.eml",
          containers.eml_bytes("人事部 伊藤", "総務部", "パスワード送付",
                               [f"パスワードは {pw} です。"], [], 5),
          whole("ppap-notice", False))
    # Not PPAP: an encrypted xlsx is no archive; a plain zip has nothing to give away.
    if ("agile", "ppap", True) in occ:
        s.add("ppap/非該当_xlsx/賃金台帳.xlsx", occ[("agile", "ppap", True)],
              whole("ooxml-agile", True, "ooxml-agile", True,
                    note="beside a password file, but no archive"))
        s.add("ppap/非該当_xlsx/パスワード.txt", f"パスワード：{s.password()}\r\n".encode("utf-8"),
              whole("ppap-notice", False))
    data = containers.zip_bytes([("配布資料.txt", s.c.txt(False))])
    s.add("ppap/非該当_平文zip/配布資料.zip", data, Expect("plain-zip", parts=[Part("配布資料.txt", False)]))
    s.add("ppap/非該当_平文zip/password.txt", f"password: {s.password()}\n".encode("ascii"),
          whole("ppap-notice", False))
    # An encrypted archive whose neighbour says nothing about a password.
    data = zip_tool(s, {"見積.csv": s.c.csv(False)}, s.password(), "AES256")
    s.add("ppap/非該当_通知なし/見積.zip", data, Expect("zip-aes256", True, "zip-aes256",
                                               parts=[Part("見積.csv", False, True, "zip-aes256")]))
    s.add("ppap/非該当_通知なし/メモ.txt", s.c.txt(False), whole("plain-txt", False))
