"""Office documents with a password: LibreOffice over UNO (xls, doc, ods, odt, and xls under
VelvetSweatshop) and officecrypto-tool (xlsx and docx, Agile and Standard, and xlsx under
VelvetSweatshop); then encrypted ones carried inside plain zips and mails.

Each file is checked after it is written: the label names the scheme the tool chose.
"""
from __future__ import annotations

import containers

from .checks import doc_scheme, odf_scheme, ooxml_scheme, xls_scheme
from .labels import Expect, Part, whole

VELVET = "VelvetSweatshop"   # Excel's default password: such a file opens without asking


def sources(s):
    """Queue every LibreOffice and officecrypto-tool job first: each tool runs once."""
    lo_jobs, occ_jobs = {}, {}
    if s.lo is None:
        s.skip("xls/doc/ods/odt with a password, VelvetSweatshop xls", "no soffice with python3-uno")
    else:
        for personal in (True, False):
            xlsx, docx = s.c.xlsx(personal), s.c.docx(personal)
            lo_jobs[("xls", personal)] = s.lo.add(xlsx, "xlsx", "MS Excel 97", "xls", s.password())
            lo_jobs[("velvet-xls", personal)] = s.lo.add(s.c.xlsx(personal), "xlsx", "MS Excel 97",
                                                         "xls", VELVET)
            lo_jobs[("doc", personal)] = s.lo.add(docx, "docx", "MS Word 97", "doc", s.password())
            lo_jobs[("ods", personal)] = s.lo.add(s.c.xlsx(personal), "xlsx", "calc8", "ods",
                                                  s.password())
            lo_jobs[("odt", personal)] = s.lo.add(s.c.docx(personal), "docx", "writer8", "odt",
                                                  s.password())
        lo_jobs[("velvet-xls-member", True)] = s.lo.add(s.c.xlsx(True), "xlsx", "MS Excel 97",
                                                        "xls", VELVET)
    if s.occ is None:
        s.skip("OOXML Agile/Standard, VelvetSweatshop xlsx",
               "officecrypto-tool not installed (node, npm install officecrypto-tool@0.0.19)")
    else:
        for personal in (True, False):
            for kind in ("agile", "standard"):
                occ_jobs[(kind, "xlsx", personal)] = s.occ.add(s.c.xlsx(personal), "xlsx", kind,
                                                               s.password())
                occ_jobs[(kind, "docx", personal)] = s.occ.add(s.c.docx(personal), "docx", kind,
                                                               s.password())
                occ_jobs[("velvet-" + kind, "xlsx", personal)] = s.occ.add(s.c.xlsx(personal),
                                                                           "xlsx", kind, VELVET)
        for key, personal in ((("agile", "member", True), True), (("agile", "member", False), False),
                              (("agile", "ppap", True), True)):
            occ_jobs[key] = s.occ.add(s.c.xlsx(personal), "xlsx", "agile", s.password())
    lo_out = s.lo.run() if s.lo is not None else []
    occ_out = s.occ.run() if s.occ is not None else []
    return ({k: lo_out[i] for k, i in lo_jobs.items()}, {k: occ_out[i] for k, i in occ_jobs.items()})


def documents(s, lo, occ) -> None:
    for personal, stem in ((True, "社員名簿"), (False, "内線表")):
        if ("xls", personal) in lo:
            data = lo[("xls", personal)]
            scheme = xls_scheme(data)
            assert scheme, "LibreOffice wrote an xls without FILEPASS"
            s.add(f"office/xls/{stem}.xls", data, whole(scheme, personal, scheme, True))
            data = lo[("velvet-xls", personal)]
            scheme = xls_scheme(data)
            assert scheme
            s.add(f"office/velvet/{stem}_既定パスワード.xls", data,
                  whole(scheme + "-velvet", personal, scheme, False, True,
                        note="password VelvetSweatshop: opens without asking"))
            data = lo[("ods", personal)]
            scheme = odf_scheme(data)
            assert scheme, "LibreOffice wrote an ods without encryption-data"
            s.add(f"office/odf/{stem}.ods", data, whole(scheme, personal, scheme, True))
        if ("doc", personal) in lo:
            data = lo[("doc", personal)]
            scheme = doc_scheme(data)
            assert scheme, "LibreOffice wrote a doc without fEncrypted"
            s.add(f"office/doc/{'通知' if personal else '案内'}.doc", data,
                  whole(scheme, personal, scheme, True))
            data = lo[("odt", personal)]
            scheme = odf_scheme(data)
            assert scheme
            s.add(f"office/odf/{'通知' if personal else '案内'}.odt", data,
                  whole(scheme, personal, scheme, True))
        for kind in ("agile", "standard"):
            if (kind, "xlsx", personal) not in occ:
                continue
            for ext in ("xlsx", "docx"):
                data = occ[(kind, ext, personal)]
                scheme = ooxml_scheme(data)
                assert scheme == f"ooxml-{kind}", (scheme, kind)
                s.add(f"office/ooxml-{kind}/{stem}.{ext}", data, whole(scheme, personal, scheme, True))
            data = occ[("velvet-" + kind, "xlsx", personal)]
            scheme = ooxml_scheme(data)
            assert scheme == f"ooxml-{kind}"
            s.add(f"office/velvet/{stem}_既定パスワード_{kind}.xlsx", data,
                  whole(scheme + "-velvet", personal, scheme, False, True,
                        note="password VelvetSweatshop: opens without asking"))
    for kind, why in (("ppt-rc4-cryptoapi", "LibreOffice cannot save a .ppt with a password"),
                      ("xls-xor / doc-xor / xls-rc4-cryptoapi / doc-rc4-cryptoapi",
                       "no packaged tool writes them (LibreOffice writes Office binary RC4)"),
                      ("odf-blowfish", "LibreOffice writes ODF 1.2+ (AES-256) only")):
        s.skip(kind, why)


def embedded(s, lo, occ) -> None:
    # Encrypted xlsx inside a plain zip, and a VelvetSweatshop xls inside one.
    if ("agile", "member", True) in occ:
        data = containers.zip_bytes([("提出書類/源泉徴収簿.xlsx", occ[("agile", "member", True)]),
                                     ("提出書類/送付状.txt", s.c.txt(False))])
        s.add("office/in-zip/提出書類.zip", data, Expect("ooxml-in-zip", parts=[
            Part("提出書類/源泉徴収簿.xlsx", True, True, "ooxml-agile"), Part("提出書類/送付状.txt", False)]))
        data = containers.zip_bytes([("年金/資格取得.xlsx", occ[("agile", "member", False)]),
                                     ("年金/控え.csv", s.c.csv(True))])
        s.add("office/in-zip/年金関係.zip", data, Expect("ooxml-in-zip", parts=[
            Part("年金/資格取得.xlsx", False, True, "ooxml-agile"), Part("年金/控え.csv", True)]))
    if ("velvet-xls-member", True) in lo:
        data = lo[("velvet-xls-member", True)]
        scheme = xls_scheme(data)
        data = containers.zip_bytes([("旧データ/名簿.xls", data), ("旧データ/メモ.txt", s.c.txt(False))])
        s.add("office/in-zip/旧データ.zip", data, Expect("velvet-in-zip", parts=[
            Part("旧データ/名簿.xls", True, False, scheme, readable=True), Part("旧データ/メモ.txt", False)]))
    # Mails with an encrypted attachment (no password notice anywhere in mail/).
    if ("agile", "xlsx", True) in occ:
        att = occ[("agile", "xlsx", True)]
        body = ["総務部 各位", "名簿を添付します。", "ご確認ください。"]
        data = containers.eml_bytes("人事部 高橋", "総務部", "名簿送付", body, [("名簿.xlsx", att)], 1)
        s.add("mail/名簿送付.eml", data, Expect("ooxml-in-mail", parts=[
            Part(None, False), Part("名簿.xlsx", True, True, "ooxml-agile")]))
        data = containers.eml_bytes("人事部 高橋", "総務部", "書類送付", body,
                                    [("名簿.xlsx", occ[("standard", "xlsx", False)]),
                                     ("控え.csv", s.c.csv(True))], 2)
        s.add("mail/書類送付.eml", data, Expect("ooxml-in-mail", parts=[
            Part(None, False), Part("名簿.xlsx", False, True, "ooxml-standard"), Part("控え.csv", True)]))
