"""The makers of the protection share (make_protection_share.py is the command).

    share.py     the Share (output folder, labels, passwords, scratch folders) and the plan
    content.py   rosters and texts, seeded, with or without synthetic identifiers
    labels.py    what each file must be judged (Part, Expect), labels.json, the output folder
    tools.py     the tool runners: one LibreOffice session over UNO, one node run
    checks.py    the scheme each tool actually wrote, read back from its output
    archives.py  zip -P, 7-Zip zip AES and 7z AES, RAR copies, mixed zips
    office.py    xls / doc / ods / odt, OOXML Agile and Standard, VelvetSweatshop; in zips, mails
    pdf.py       qpdf, user and owner-only passwords
    pgp_smime.py GnuPG and OpenSSL S/MIME, encrypted and signed only
    ppap.py      an encrypted archive with its password beside it, and near misses
    plain.py     plain files and traps
"""
import os
import sys

# The share's helpers (containers, render_docs) and the corpus generator are plain modules in
# sibling folders, not packages.
_HERE = os.path.dirname(os.path.abspath(__file__))
for _p in (os.path.join(_HERE, "..", "..", "corpus"), os.path.join(_HERE, "..")):
    if os.path.abspath(_p) not in map(os.path.abspath, sys.path):
        sys.path.insert(0, _p)
