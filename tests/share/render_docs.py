"""Renders one labelled corpus Doc (tests/corpus/generate_corpus.py) as a document file.

A Doc is either a table (its lines are CSV rows, perhaps with title lines above the header) or
running text (one line per paragraph). Every renderer keeps what decides the truth: a row stays a
row with its header above it, a line stays one paragraph, so a keyword stays beside its number.
Renderers return bytes (or write a file for the LibreOffice-converted formats).

Used by make_labelled_share.py; needs python3-docx, python3-openpyxl, python3-odf,
python3-reportlab.
"""
from __future__ import annotations

import csv
import datetime
import html
import io
import re
import zipfile

FIXED_TIME = datetime.datetime(2015, 5, 28, 9, 12, 44)


# ------------------------------------------------------------------------------------------
# Table or text
# ------------------------------------------------------------------------------------------

def table_rows(doc) -> list[list[str]]:
    """The Doc's CSV lines as rows (quoted fields may hold commas and newlines)."""
    text = "\n".join(doc.lines)
    return [row for row in csv.reader(io.StringIO(text, newline=""))]


def split_title(rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Title lines above the header (one non-empty cell) and the table proper."""
    titles = []
    while rows and len([c for c in rows[0] if c]) <= 1 and len(rows) > 1 and \
            len([c for c in rows[1] if c]) > 1:
        titles.append(next((c for c in rows[0] if c), ""))
        rows = rows[1:]
    return titles, rows


_INT = re.compile(r"[1-9][0-9]{0,14}")


def cell_value(s: str, numeric_ids: bool):
    """What a spreadsheet would store: small integers (row numbers, quantities) as numbers; long
    digit runs stay text, except in a sheet whose identifiers were typed as numbers."""
    if _INT.fullmatch(s) and (len(s) <= 6 or numeric_ids):
        return int(s)
    return s


def _repack(data: bytes) -> bytes:
    """Rewrites an office zip with fixed member timestamps (the libraries stamp the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for i in src.infolist():
            info = zipfile.ZipInfo(i.filename, (1980, 1, 1, 0, 0, 0))
            info.compress_type = i.compress_type
            dst.writestr(info, src.read(i.filename))
    return out.getvalue()


# ------------------------------------------------------------------------------------------
# OOXML
# ------------------------------------------------------------------------------------------

def xlsx(doc, numeric_ids: bool = False) -> bytes:
    import openpyxl
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = FIXED_TIME
    ws = wb.active
    ws.title = doc.rng.choice(["Sheet1", "名簿", "一覧", "データ"])
    if doc.rng.random() < 0.3:   # a first sheet without identifiers, as workbooks often have
        cover = ws
        cover.title = "表紙"
        cover.append(["作成日", "2015/05/28"])
        ws = wb.create_sheet(doc.rng.choice(["名簿", "一覧", "データ"]))
    for row in table_rows(doc):
        ws.append([cell_value(c, numeric_ids) if c else None for c in row])
    buf = io.BytesIO()
    wb.save(buf)
    return _repack(buf.getvalue())


def _docx_paragraph(d, line: str, rng, split_runs: bool) -> None:
    p = d.add_paragraph()
    if not split_runs or len(line) < 4:
        p.add_run(line)
        return
    # Word splits text into runs wherever formatting or editing history changes, even inside a
    # number; the reader must join them.
    cuts = sorted(rng.sample(range(1, len(line)), min(len(line) - 1, rng.randint(1, 4))))
    prev = 0
    for c in cuts + [len(line)]:
        run = p.add_run(line[prev:c])
        if rng.random() < 0.3:
            run.bold = True
        prev = c


def docx(doc, as_table: bool) -> bytes:
    import docx as pydocx
    d = pydocx.Document()
    d.core_properties.created = d.core_properties.modified = FIXED_TIME
    d.core_properties.author = "mamori"
    split_runs = doc.rng.random() < 0.5
    if as_table:
        titles, rows = split_title(table_rows(doc))
        for t in titles:
            d.add_paragraph(t)
        width = max(len(r) for r in rows)
        table = d.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    else:
        for line in doc.lines:
            _docx_paragraph(d, line, doc.rng, split_runs)
    buf = io.BytesIO()
    d.save(buf)
    return _repack(buf.getvalue())


# ------------------------------------------------------------------------------------------
# ODF (odfpy); odp is also the source of the pptx files (LibreOffice converts it)
# ------------------------------------------------------------------------------------------

def _odf_bytes(document) -> bytes:
    buf = io.BytesIO()
    document.write(buf)
    return buf.getvalue()


def _odf_p(text: str):
    from odf import teletype
    from odf.text import P
    p = P()
    teletype.addTextToElement(p, text)
    return p


def ods(doc, numeric_ids: bool = False) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    sheet = OpenDocumentSpreadsheet()
    table = Table(name=doc.rng.choice(["Sheet1", "名簿", "一覧"]))
    for row in table_rows(doc):
        tr = TableRow()
        for c in row:
            v = cell_value(c, numeric_ids) if c else ""
            if isinstance(v, int):
                cell = TableCell(valuetype="float", value=str(v))
                cell.addElement(_odf_p(str(v)))
            else:
                cell = TableCell(valuetype="string")
                if v:
                    for part in v.split("\n"):
                        cell.addElement(_odf_p(part))
            tr.addElement(cell)
        table.addElement(tr)
    sheet.spreadsheet.addElement(table)
    return _odf_bytes(sheet)


def odt(doc, as_table: bool) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    text = OpenDocumentText()
    if as_table:
        titles, rows = split_title(table_rows(doc))
        for t in titles:
            text.text.addElement(_odf_p(t))
        width = max(len(r) for r in rows)
        table = Table(name="表1")
        table.addElement(TableColumn(numbercolumnsrepeated=str(width)))
        for row in rows:
            tr = TableRow()
            for c in row + [""] * (width - len(row)):
                cell = TableCell(valuetype="string")
                cell.addElement(_odf_p(c.replace("\n", " ")))
                tr.addElement(cell)
            table.addElement(tr)
        text.text.addElement(table)
    else:
        for line in doc.lines:
            text.text.addElement(_odf_p(line))
    return _odf_bytes(text)


def odp(doc, lines_per_slide: int = 14) -> bytes:
    from odf.draw import Frame, Page, TextBox
    from odf.opendocument import OpenDocumentPresentation
    from odf.style import MasterPage, PageLayout, PageLayoutProperties
    pres = OpenDocumentPresentation()
    layout = PageLayout(name="PL1")
    layout.addElement(PageLayoutProperties(margin="0cm", pagewidth="28cm", pageheight="21cm",
                                           printorientation="landscape"))
    pres.automaticstyles.addElement(layout)
    master = MasterPage(name="Default", pagelayoutname=layout)
    pres.masterstyles.addElement(master)
    lines = [l for l in doc.lines]
    for start in range(0, max(1, len(lines)), lines_per_slide):
        page = Page(masterpagename=master)
        frame = Frame(width="26cm", height="19cm", x="1cm", y="1cm")
        box = TextBox()
        for line in lines[start:start + lines_per_slide]:
            box.addElement(_odf_p(line))
        frame.addElement(box)
        page.addElement(frame)
        pres.presentation.addElement(page)
    return _odf_bytes(pres)


# ------------------------------------------------------------------------------------------
# HTML, RTF
# ------------------------------------------------------------------------------------------

def html_doc(doc, as_table: bool, charset: str) -> bytes:
    esc = html.escape
    out = [f'<!DOCTYPE html>\n<html lang="ja"><head><meta charset="{charset}">',
           f"<title>{esc(doc.path.rsplit('/', 1)[-1])}</title></head><body>"]
    if as_table:
        titles, rows = split_title(table_rows(doc))
        out += [f"<h2>{esc(t)}</h2>" for t in titles]
        out.append('<table border="1">')
        for r, row in enumerate(rows):
            tag = "th" if r == 0 else "td"
            out.append("<tr>" + "".join(f"<{tag}>{esc(c).replace(chr(10), '<br>')}</{tag}>" for c in row) + "</tr>")
        out.append("</table>")
    else:
        out += [f"<p>{esc(line)}</p>" if line else "<p><br></p>" for line in doc.lines]
    out.append("</body></html>\n")
    codec = {"UTF-8": "utf-8", "Shift_JIS": "cp932"}[charset]
    return "\n".join(out).encode(codec)


def _rtf_text(s: str, cp932: bool) -> str:
    out = []
    for ch in s:
        o = ord(ch)
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ch == "\t":
            out.append("\\tab ")
        elif ch == "\n":
            out.append("\\line ")
        elif o < 0x80:
            out.append(ch)
        elif cp932:
            out.append("".join(f"\\'{b:02x}" for b in ch.encode("cp932")))
        else:
            v = o if o < 0x8000 else o - 0x10000
            out.append(f"\\u{v}?")
    return "".join(out)


def rtf(doc, as_table: bool, cp932: bool) -> bytes:
    """Word-style RTF: CP932 text as \\'xx escapes (Japanese Word) or \\uN? escapes."""
    head = ("{\\rtf1\\ansi\\ansicpg932\\deff0{\\fonttbl{\\f0\\fnil\\fcharset128 MS Mincho;}}"
            "\\f0\\fs21\n")
    body = []
    if as_table:
        titles, rows = split_title(table_rows(doc))
        body += [_rtf_text(t, cp932) + "\\par\n" for t in titles]
        width = max(len(r) for r in rows)
        cellx = "".join(f"\\cellx{1200 * (i + 1)}" for i in range(width))
        for row in rows:
            cells = "".join(_rtf_text(c, cp932) + "\\cell " for c in row + [""] * (width - len(row)))
            body.append(f"\\trowd\\trgaph70{cellx}\n\\pard\\intbl {cells}\\row\n")
        body.append("\\pard\n")
    else:
        body += [_rtf_text(line, cp932) + "\\par\n" for line in doc.lines]
    return (head + "".join(body) + "}\n").encode("ascii")


# ------------------------------------------------------------------------------------------
# PDF (reportlab, non-embedded CID font as many Japanese PDFs use)
# ------------------------------------------------------------------------------------------

_FONT = "HeiseiKakuGo-W5"


def pdf(doc, as_table: bool) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    width, height = landscape(A4)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(width, height), invariant=1)
    c.setPageCompression(1)
    left, usable = 30, width - 60

    def w(s, size=1.0):
        return pdfmetrics.stringWidth(s, _FONT, size)

    if as_table:
        titles, rows = split_title(table_rows(doc))
        rows = [[cell.replace("\n", " ") for cell in row] for row in rows]
        ncols = max(len(r) for r in rows)
        colw = [max((w(r[i]) for r in rows if i < len(r)), default=0) + 2 for i in range(ncols)]
        size = max(3.5, min(9.0, usable / max(1.0, sum(colw))))
        xs = [left]
        for cw in colw:
            xs.append(xs[-1] + cw * size)
        lines = [("title", t) for t in titles] + [("row", r) for r in rows]
    else:
        size = 9.0
        lines = [("text", l) for l in doc.lines]
    step = size * 1.6
    y = height - 40
    for kind, item in lines:
        if y < 30:
            c.showPage()
            y = height - 40
        if kind == "row":
            c.setFont(_FONT, size)
            for x, cell in zip(xs, item):
                if cell:   # drawn cell by cell, as report generators do
                    c.drawString(x, y, cell)
        else:
            s = size if w(item) * size <= usable else max(3.0, usable / max(1.0, w(item)))
            c.setFont(_FONT, s)
            c.drawString(left, y, item)
        y -= step
    c.showPage()
    c.save()
    return buf.getvalue()
