"""Checks that a tool wrote the scheme asked of it, read from the file it wrote.

LibreOffice's xls / doc cipher, the ODF algorithm, the OOXML encryption version and 7-Zip's zip
method are the tools' choices: a label taken on trust would score mamori against a guess.
"""
from __future__ import annotations

import io
import struct
import subprocess
import zipfile


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
