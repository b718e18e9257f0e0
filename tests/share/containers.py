"""Containers for the labelled share: zip, 7z, tar.gz, lzh, mail (eml) and mbox.

Each builder takes members as (name, bytes) and returns the container's bytes. Member names are
'/'-separated UTF-8; how each format stores them (CP932 without the zip UTF-8 flag, LZH level-0
CP932 names) is chosen by the caller. Deterministic: fixed timestamps, fixed MIME boundaries.
"""
from __future__ import annotations

import base64
import gzip
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
import make_lzh  # noqa: E402  (tests/fixtures/make_lzh.py)


class _Cp932Info(zipfile.ZipInfo):
    def _encodeFilenameFlags(self):   # CPython's hook: CP932 bytes, no UTF-8 flag
        return self.filename.encode("cp932"), self.flag_bits & ~0x800


def zip_bytes(members, cp932_names: bool = False, stored_types=(".zip", ".7z", ".docx", ".xlsx",
                                                                 ".pptx", ".jpg")) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            info = (_Cp932Info if cp932_names else zipfile.ZipInfo)(name, (2015, 5, 28, 9, 12, 44))
            # Office files and archives are stored as they are (already compressed), as zip tools do.
            info.compress_type = (zipfile.ZIP_STORED if name.lower().endswith(stored_types)
                                  else zipfile.ZIP_DEFLATED)
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buf.getvalue()


def sevenz_bytes(members) -> bytes:
    with tempfile.TemporaryDirectory(prefix="mamori-share-7z-") as tmp:
        src = os.path.join(tmp, "src")
        names = []
        for name, data in members:
            path = os.path.join(src, *name.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
            os.utime(path, (1432804364, 1432804364))
            names.append(name.split("/")[0])
        arc = os.path.join(tmp, "out.7z")
        subprocess.run(["7z", "a", "-t7z", "-m0=lzma2", "-mx=5", "-mtc=off", "-mta=off", arc]
                       + sorted(set(names)), cwd=src, check=True, stdout=subprocess.DEVNULL)
        with open(arc, "rb") as f:
            return f.read()


def tar_gz_bytes(members) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as t:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 1432804364, 0o644
            info.uname = info.gname = "soumu"
            t.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), 6, mtime=0)


def lzh_bytes(members, level: int) -> bytes:
    """Stored (-lh0-) members; level 0 with CP932 names, level 2 with UTF-8 names."""
    out = bytearray()
    for name, data in members:
        if level == 0:
            out += make_lzh.level0_header(name.encode("cp932").replace(b"/", b"\\"), data) + data
        else:
            out += make_lzh.level2_header(name.encode("utf-8"), data) + data
    return bytes(out + b"\x00")


# ------------------------------------------------------------------------------------------
# Mail
# ------------------------------------------------------------------------------------------

def _mime_word(s: str) -> str:
    """RFC 2047 encoded-word in ISO-2022-JP, as Japanese mailers write subjects and names."""
    try:
        s.encode("ascii")
        return s
    except UnicodeEncodeError:
        return "=?ISO-2022-JP?B?" + base64.b64encode(s.encode("iso2022_jp")).decode("ascii") + "?="


def _b64_lines(data: bytes) -> str:
    return base64.encodebytes(data).decode("ascii").replace("\n", "\r\n")


ATTACHMENT_TYPES = {".csv": "text/csv", ".txt": "text/plain", ".pdf": "application/pdf",
                    ".zip": "application/zip", ".xls": "application/vnd.ms-excel",
                    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def eml_bytes(sender: str, to: str, subject: str, body_lines: list[str], attachments, msg_no: int,
              date: str = "Thu, 28 May 2015 09:12:44 +0900") -> bytes:
    """A mail as Japanese mailers sent it: body text/plain ISO-2022-JP (7bit); attachments base64
    with RFC 2231 / RFC 2047 file names. Without attachments, a single-part message."""
    head = [f"From: {_mime_word(sender)} <user{msg_no:04d}@example.co.jp>",
            f"To: {_mime_word(to)} <soumu@example.co.jp>",
            f"Subject: {_mime_word(subject)}", f"Date: {date}",
            f"Message-ID: <{msg_no:06d}.share@example.co.jp>", "MIME-Version: 1.0"]
    body = "\r\n".join(body_lines).encode("iso2022_jp") + b"\r\n"
    if not attachments:
        head += ["Content-Type: text/plain; charset=ISO-2022-JP", "Content-Transfer-Encoding: 7bit"]
        return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + body
    boundary = f"----=_Part_{msg_no:06d}_mamori"
    head += [f'Content-Type: multipart/mixed; boundary="{boundary}"']
    out = [("\r\n".join(head) + "\r\n\r\nThis is a multi-part message in MIME format.\r\n").encode("ascii")]
    out.append(f"--{boundary}\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n"
               "Content-Transfer-Encoding: 7bit\r\n\r\n".encode("ascii") + body)
    for name, data in attachments:
        ctype = ATTACHMENT_TYPES.get(os.path.splitext(name)[1].lower(), "application/octet-stream")
        word = _mime_word(name)
        out.append((f"--{boundary}\r\nContent-Type: {ctype}; name=\"{word}\"\r\n"
                    f"Content-Disposition: attachment; filename=\"{word}\"\r\n"
                    "Content-Transfer-Encoding: base64\r\n\r\n" + _b64_lines(data)).encode("ascii"))
    out.append(f"--{boundary}--\r\n".encode("ascii"))
    return b"".join(out)


def mbox_bytes(messages: list[bytes]) -> bytes:
    """mboxo: 'From ' separator lines; body lines starting with 'From ' quoted with '>'."""
    out = []
    for i, m in enumerate(messages):
        lines = m.replace(b"\r\n", b"\n").split(b"\n")
        quoted = [b">" + l if l.startswith(b"From ") else l for l in lines]
        out.append(f"From user{i:04d}@example.co.jp Thu May 28 09:12:44 2015\n".encode("ascii")
                   + b"\n".join(quoted).rstrip(b"\n") + b"\n\n")
    return b"".join(out)
