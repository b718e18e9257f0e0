#!/usr/bin/python3
"""Generate a labelled corpus of plain-text files for measuring mamori's recall and precision.

    generate_corpus.py OUT_DIR [--seed N] [--scale S] [--self-check] [--check-only]

Writes CSV, TSV, TXT (letters, forms, memos, mails), JSON and log files in the encodings found on
Japanese file shares, and OUT_DIR/labels.json: for every file, the distinct My Numbers, basic
pension numbers and corporate numbers a careful human reader would say it holds, whether it holds
a health-insurance identifier, and which false-positive traps were planted in it.

The truth is known by construction: every number is planted by a function that knows whether it
wrote it in a context that makes it an identifier (a keyword on the line, a column header, a JSON
key, a list of valid values) or as a trap (order numbers, card numbers, phone numbers, ...).
Rules: shared/spec/identifiers.md; label format and trap list: tests/corpus/README.md.

Standard library only: it must run with /usr/bin/python3 on a fresh Debian. The same seed and
scale give byte-identical output (no set iteration, no hash(), no clock).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import os
import random
import re
import sys
import time
from dataclasses import dataclass

DEFAULT_SEED = 1

# --------------------------------------------------------------------------------------------
# Check digits (formulas and test vectors: shared/spec/identifiers.md)
# --------------------------------------------------------------------------------------------

_MN_WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def my_number_check_digit(base11: str) -> int:
    """施行令第8条: CD = 11 - (sum mod 11), 0 when the remainder is 0 or 1."""
    r = sum(int(d) * w for d, w in zip(base11, _MN_WEIGHTS)) % 11
    return 0 if r <= 1 else 11 - r


def is_my_number(v: str) -> bool:
    return len(v) == 12 and v.isascii() and v.isdigit() and my_number_check_digit(v[:11]) == int(v[11])


def insurer_check_digit(base: str) -> int:
    """保険者番号設定要領: weights 2,1,2,... from the rightmost base digit, sum the product digits."""
    total = 0
    for i, d in enumerate(reversed(base)):
        p = int(d) * (2 if i % 2 == 0 else 1)
        total += p // 10 + p % 10
    return (10 - total % 10) % 10


def corporate_check_digit(base12: str) -> int:
    """法人番号: leading CD = 9 - (sum Pn*Qn mod 9), Qn = 1 odd / 2 even, n from the right."""
    s = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base12), start=1))
    return 9 - s % 9


def is_corporate_number(v: str) -> bool:
    return len(v) == 13 and v.isascii() and v.isdigit() and corporate_check_digit(v[1:]) == int(v[0])


def luhn_ok(s: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(s)):
        n = int(d)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def luhn_complete(s15: str) -> str:
    for d in "0123456789":
        if luhn_ok(s15 + d):
            return s15 + d
    raise AssertionError("unreachable")


def ean13_complete(s12: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 1 else 1) for i, d in enumerate(s12))
    return s12 + str((10 - total % 10) % 10)


# Self-test of the formulas against the spec's vectors: a wrong formula would poison every label.
assert all(is_my_number(v) for v in
           ("123456789018", "621498320257", "111111111118", "000111111111", "983205673214"))
assert not any(is_my_number(v) for v in ("123456789010", "123456789019", "621498320258"))
assert all(insurer_check_digit(v[:-1]) == int(v[-1])
           for v in ("01130012", "33120015", "01040013", "39342027"))
assert is_corporate_number("7000012050002") and is_corporate_number("5835678256246")

# --------------------------------------------------------------------------------------------
# Written forms
# --------------------------------------------------------------------------------------------

TO_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
TO_ASCII = str.maketrans("０１２３４５６７８９", "0123456789")

# Separators seen between digit groups. The rare ones are what IMEs and copy-paste produce.
RARE_SEPARATORS = ["\u3000", "\u00a0", "\uff0d", "\u2010", "\u2012", "\u2013", "\u2014",
                   "\u2015", "\u2212", "\u30fc", "\uff70"]
ALL_SEPARATORS = [" ", "-"] + RARE_SEPARATORS
SEP_CLASS = "[" + "".join(re.escape(s) for s in ALL_SEPARATORS) + "]"

# label name -> (Python codec, byte-order mark written first)
ENCODINGS = {
    "utf-8": ("utf-8", b""),
    "utf-8-sig": ("utf-8", b"\xef\xbb\xbf"),
    "cp932": ("cp932", b""),
    "euc-jp": ("euc_jp", b""),
    "utf-16le": ("utf-16-le", b"\xff\xfe"),
    "utf-16be": ("utf-16-be", b"\xfe\xff"),
    "utf-16le-nobom": ("utf-16-le", b""),
    "iso-2022-jp": ("iso2022_jp", b""),
}

_ROUNDTRIP_CACHE: dict[tuple[str, str], bool] = {}


def roundtrips(s: str, codec: str) -> bool:
    """True when s encodes AND decodes back to itself (cp932 writes U+2212 as 0x817C, which reads
    back as U+FF0D: such characters must not be written, or the label and the file disagree)."""
    key = (s, codec)
    if key not in _ROUNDTRIP_CACHE:
        try:
            _ROUNDTRIP_CACHE[key] = s.encode(codec).decode(codec) == s
        except UnicodeError:
            _ROUNDTRIP_CACHE[key] = False
    return _ROUNDTRIP_CACHE[key]


def group(v: str, sizes: tuple[int, ...], sep: str) -> str:
    out, i = [], 0
    for n in sizes:
        out.append(v[i:i + n])
        i += n
    return sep.join(out)


# --------------------------------------------------------------------------------------------
# Names, places, dates: realistic surroundings (all characters in JIS X 0208, so every
# Japanese encoding can hold them)
# --------------------------------------------------------------------------------------------

SURNAMES = [("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"),
            ("伊藤", "イトウ"), ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"),
            ("小林", "コバヤシ"), ("加藤", "カトウ"), ("吉田", "ヨシダ"), ("山田", "ヤマダ"),
            ("佐々木", "ササキ"), ("山口", "ヤマグチ"), ("松本", "マツモト"), ("井上", "イノウエ"),
            ("木村", "キムラ"), ("林", "ハヤシ"), ("斎藤", "サイトウ"), ("清水", "シミズ"),
            ("山崎", "ヤマザキ"), ("森", "モリ"), ("池田", "イケダ"), ("橋本", "ハシモト"),
            ("阿部", "アベ"), ("石川", "イシカワ"), ("山下", "ヤマシタ"), ("中島", "ナカジマ"),
            ("石井", "イシイ"), ("小川", "オガワ"), ("前田", "マエダ"), ("岡田", "オカダ"),
            ("長谷川", "ハセガワ"), ("藤田", "フジタ"), ("後藤", "ゴトウ"), ("近藤", "コンドウ"),
            ("村上", "ムラカミ"), ("遠藤", "エンドウ"), ("青木", "アオキ"), ("坂本", "サカモト")]
GIVEN_NAMES = [("太郎", "タロウ"), ("一郎", "イチロウ"), ("健太", "ケンタ"), ("翔太", "ショウタ"),
               ("大輔", "ダイスケ"), ("拓也", "タクヤ"), ("直樹", "ナオキ"), ("浩", "ヒロシ"),
               ("誠", "マコト"), ("隆", "タカシ"), ("修", "オサム"), ("和也", "カズヤ"),
               ("花子", "ハナコ"), ("陽子", "ヨウコ"), ("恵子", "ケイコ"), ("美穂", "ミホ"),
               ("由美", "ユミ"), ("裕子", "ユウコ"), ("直美", "ナオミ"), ("愛", "アイ"),
               ("さくら", "サクラ"), ("真由美", "マユミ"), ("智子", "トモコ"), ("久美子", "クミコ"),
               ("明美", "アケミ"), ("幸子", "サチコ"), ("蓮", "レン"), ("結衣", "ユイ")]
PLACES = [("東京都", "千代田区丸の内"), ("東京都", "新宿区西新宿"), ("東京都", "世田谷区三軒茶屋"),
          ("大阪府", "大阪市北区梅田"), ("神奈川県", "横浜市中区山下町"), ("愛知県", "名古屋市中区栄"),
          ("福岡県", "福岡市博多区博多駅前"), ("北海道", "札幌市中央区北一条西"),
          ("京都府", "京都市下京区烏丸通"), ("奈良県", "奈良市三条町"), ("滋賀県", "大津市浜大津"),
          ("埼玉県", "さいたま市大宮区桜木町"), ("千葉県", "千葉市中央区富士見"),
          ("兵庫県", "神戸市中央区三宮町"), ("宮城県", "仙台市青葉区中央"), ("広島県", "広島市中区紙屋町")]
BUILDINGS = ["グランドハイツ", "メゾン青葉", "コーポ桜", "サンライズ", "パークサイド", "第二松本ビル"]
DEPARTMENTS = ["総務部", "人事部", "経理部", "営業部", "開発部", "製造部", "品質保証部", "情報システム部",
               "営業部 第一課", "営業部 第二課"]
COMPANY_STEMS = ["山田商事", "東和物産", "北辰工業", "大和精機", "日本橋システム", "三和電機", "青葉食品",
                 "さくら運輸", "富士見建設", "旭化学", "中央印刷", "光洋電子", "みなと水産", "丸の内総研",
                 "西日本物流", "信和製作所", "ひかり薬品", "東邦テクノ", "桜井紙工", "瀬戸内海運"]
PRODUCTS = ["コピー用紙 A4", "ボールペン 黒", "トナーカートリッジ", "クリアファイル", "ノートPC", "USBメモリ",
            "会議用テーブル", "ホワイトボード", "封筒 長3", "電卓", "延長コード", "ファイルボックス"]
CARRIERS = [("ヤマト運輸", "お問い合わせ番号"), ("佐川急便", "お問い合わせ送り状No"),
            ("日本郵便", "追跡番号"), ("西濃運輸", "送り状番号")]
MERCHANTS = ["ABCマート", "東急ハンズ", "ヨドバシカメラ", "アマゾンジャパン", "JR東日本", "ANA", "セブンイレブン",
             "タクシー 日本交通", "ホテル東横イン", "楽天市場"]

BASE_DATE = datetime.date(2015, 5, 28)   # fixed: no clock in the output


def era_parts(d: datetime.date) -> tuple[str, str, int]:
    if d >= datetime.date(2019, 5, 1):
        return "令和", "R", d.year - 2018
    if d >= datetime.date(1989, 1, 8):
        return "平成", "H", d.year - 1988
    return "昭和", "S", d.year - 1925


DATE_STYLES = ["kanji", "dot", "slash_era", "slash", "iso"]


def fmt_date(d: datetime.date, style: str) -> str:
    era, abbr, y = era_parts(d)
    if style == "kanji":
        return f"{era}{y}年{d.month}月{d.day}日"
    if style == "dot":
        return f"{abbr}{y}.{d.month}.{d.day}"
    if style == "slash_era":
        return f"{abbr}{y}/{d.month}/{d.day}"
    if style == "slash":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    return d.isoformat()


def rand_date(rng: random.Random, y0: int, y1: int) -> datetime.date:
    start = datetime.date(y0, 1, 1).toordinal()
    end = datetime.date(y1, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def rand_digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


# --------------------------------------------------------------------------------------------
# Identifier makers (positives) and trap makers (negatives)
# --------------------------------------------------------------------------------------------

def make_my_number(rng: random.Random, lead: str = "") -> str:
    base = lead + rand_digits(rng, 11 - len(lead))
    return base + str(my_number_check_digit(base))


def make_invalid_12(rng: random.Random) -> str:
    """A random 12-digit number whose check digit is wrong."""
    while True:
        v = rand_digits(rng, 12)
        if not is_my_number(v):
            return v


def make_valid_12(rng: random.Random) -> str:
    """A random number that happens to pass the My Number check: the hard kind of trap."""
    return make_my_number(rng, lead=str(rng.randint(1, 9)))


def make_random_12(rng: random.Random) -> str:
    """Order / slip / tracking numbers: random digits, so about 10% pass the My Number check."""
    return str(rng.randint(1, 9)) + rand_digits(rng, 11)


def make_pension(rng: random.Random) -> str:
    # Office codes never start with 0 (that would make them look like phone numbers).
    return str(rng.randint(1000, 9999)) + rand_digits(rng, 6)


def make_corporate(rng: random.Random) -> str:
    base = rng.choice(["0100", "0104", "0110", "1200", "2700", "3400", "4011", "5010", "6011",
                       "7010", "8011", "9010"]) + rand_digits(rng, 8)
    return str(corporate_check_digit(base)) + base


def make_insurer(rng: random.Random, hobetsu: str | None = None) -> str:
    """8-digit 保険者番号 (法別 + 都道府県 + 3 digits + check), or 6-digit 国保 when hobetsu == ''."""
    pref = f"{rng.randint(1, 47):02d}"
    if hobetsu == "":
        base = pref + rand_digits(rng, 3)
    else:
        base = (hobetsu or rng.choice(["01", "06", "06", "31", "32", "34", "39"])) + pref \
            + rand_digits(rng, 3)
    return base + str(insurer_check_digit(base))


def make_card(rng: random.Random, kind: str) -> str:
    """16-digit Luhn-valid card number; kind 'first3'/'last3' makes three groups a valid My Number."""
    prefix = rng.choice(["4", "5", "35", "37"])
    while True:
        if kind == "first3":
            mn = make_my_number(rng, lead=prefix)
            v = luhn_complete(mn + rand_digits(rng, 3))
        elif kind == "last3":
            v = prefix + rand_digits(rng, 16 - len(prefix))
            if not (luhn_ok(v) and is_my_number(v[4:])):
                continue
        else:
            v = luhn_complete(prefix + rand_digits(rng, 15 - len(prefix)))
        return v


def make_licence(rng: random.Random, mn_valid: bool) -> str:
    """12-digit driver's licence number; digit 11 is a mod-11 check (weights 5,4,3,2,7,6,5,4,3,2).
    With mn_valid the last digit (reissue count) is chosen so the whole passes the My Number check."""
    while True:
        head = rng.choice(["10", "20", "30", "45", "50", "62", "64", "87"]) \
            + f"{rng.randint(70, 99):02d}" + rand_digits(rng, 6)
        s = sum(int(d) * w for d, w in zip(head, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))) % 11
        cd = (11 - s) % 11
        if cd == 10:
            continue
        v = head + str(cd)
        last = str(my_number_check_digit(v)) if mn_valid else str(rng.randint(0, 3))
        v += last
        if is_my_number(v) == mn_valid:
            return v


AREA_CODES_3 = ["011", "022", "043", "045", "048", "052", "075", "077", "078", "082", "086", "092", "098"]
AREA_CODES_4 = ["0742", "0463", "0276", "0544", "0868", "0995", "0154", "0258", "0466", "0761"]


def make_phone(rng: random.Random, kind: str | None = None, joined: bool = False) -> str:
    kind = kind or rng.choice(["tokyo", "area4", "area3", "mobile", "mobile", "free"])
    if kind == "tokyo":
        parts = [rng.choice(["03", "06"]), str(rng.randint(2, 9)) + rand_digits(rng, 3), rand_digits(rng, 4)]
    elif kind == "area4":
        parts = [rng.choice(AREA_CODES_4), rand_digits(rng, 2), rand_digits(rng, 4)]
    elif kind == "area3":
        parts = [rng.choice(AREA_CODES_3), str(rng.randint(2, 9)) + rand_digits(rng, 2), rand_digits(rng, 4)]
    elif kind == "mobile":
        parts = [rng.choice(["090", "080", "070"]), rand_digits(rng, 4), rand_digits(rng, 4)]
    else:
        parts = ["0120", rand_digits(rng, 3), rand_digits(rng, 3)]
    return "".join(parts) if joined else "-".join(parts)


def make_postal(rng: random.Random, mark: bool = True) -> str:
    return ("〒" if mark else "") + f"{rng.randint(100, 999)}-{rand_digits(rng, 4)}"


def make_jan(rng: random.Random) -> str:
    return ean13_complete(rng.choice(["45", "49"]) + rand_digits(rng, 10))


def make_timestamp14(rng: random.Random) -> str:
    d = rand_date(rng, 2014, 2023)
    return d.strftime("%Y%m%d") + f"{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}"


def make_iso_ts(rng: random.Random) -> str:
    d = rand_date(rng, 2014, 2023)
    return f"{d.isoformat()}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"


def make_long_run(rng: random.Random) -> str:
    """14-20 digits; half of them hold a valid My Number as a substring (boundary trap)."""
    n = rng.randint(14, 20)
    if rng.random() < 0.5:
        mn = make_valid_12(rng)
        pre = rng.randint(0, n - 12)
        return rand_digits(rng, pre) + mn + rand_digits(rng, n - 12 - pre)
    return str(rng.randint(1, 9)) + rand_digits(rng, n - 1)


def make_employment_insurance(rng: random.Random) -> str:
    """雇用保険被保険者番号 4-6-1: its first ten digits look like a pension number."""
    return f"{rng.randint(1000, 9999)}-{rand_digits(rng, 6)}-{rng.randint(0, 9)}"


def make_code_4_6(rng: random.Random) -> str:
    """Vendor / account codes shaped exactly like a pension number."""
    return f"{rng.randint(1000, 9999) if rng.random() < 0.7 else rand_digits(rng, 4)}-{rand_digits(rng, 6)}"


def make_symbol(rng: random.Random) -> str:
    """保険証 記号: 1-8 digits, sometimes after a katakana."""
    s = rand_digits(rng, rng.randint(1, 8)).lstrip("0") or "1"
    return (rng.choice("アイウエオカキクケコ") + s) if rng.random() < 0.2 else s


# --------------------------------------------------------------------------------------------
# The world: people and companies that recur across files (as they do on a real share)
# --------------------------------------------------------------------------------------------

@dataclass
class Person:
    emp_id: str
    surname: str
    given: str
    kana: str
    birth: datetime.date
    sex: str
    dept: str
    hired: datetime.date
    pref: str
    address: str
    postal: str
    phone: str
    my_number: str
    pension: str

    @property
    def name(self) -> str:
        return f"{self.surname} {self.given}"


@dataclass
class Company:
    name: str
    corporate: str
    address: str
    postal: str
    phone: str
    insurer: str
    code: str


class World:
    def __init__(self, seed: int, scale: float):
        rng = random.Random(f"mamori-corpus:{seed}:world")
        self.used_mn: set[str] = set()     # membership only; never iterated (determinism)
        self.used_pension: set[str] = set()
        self.used_corp: set[str] = set()
        self.people = [self._person(rng, i) for i in range(max(600, int(4000 * scale)))]
        # The spec's leading-zero example, planted on a real person.
        self.used_mn.add("000111111111")
        self.people[7].my_number = "000111111111"
        self.companies = [self._company(rng, i) for i in range(60)]

    def fresh_mn(self, rng: random.Random, lead: str = "") -> str:
        while True:
            v = make_my_number(rng, lead)
            if v not in self.used_mn:
                self.used_mn.add(v)
                return v

    def fresh_mn_leading_zero(self, rng: random.Random) -> str:
        """A My Number that loses exactly one digit when a spreadsheet stores it as a number."""
        return self.fresh_mn(rng, lead="0" + str(rng.randint(1, 9)))

    def fresh_pension(self, rng: random.Random) -> str:
        while True:
            v = make_pension(rng)
            if v not in self.used_pension:
                self.used_pension.add(v)
                return v

    def fresh_corporate(self, rng: random.Random) -> str:
        while True:
            v = make_corporate(rng)
            if v not in self.used_corp:
                self.used_corp.add(v)
                return v

    def _person(self, rng: random.Random, i: int) -> Person:
        sn, skana = rng.choice(SURNAMES)
        gn, gkana = rng.choice(GIVEN_NAMES)
        pref, city = rng.choice(PLACES)
        addr = f"{pref}{city}{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"
        if rng.random() < 0.4:
            addr += f" {rng.choice(BUILDINGS)}{rng.randint(1, 9)}0{rng.randint(1, 9)}"
        r = rng.random()
        lead = "00" if r < 0.02 else ("0" if r < 0.12 else "")
        return Person(
            emp_id=str(10000 + i), surname=sn, given=gn, kana=f"{skana} {gkana}",
            birth=rand_date(rng, 1945, 2000), sex=rng.choice("男女"), dept=rng.choice(DEPARTMENTS),
            hired=rand_date(rng, 1990, 2015), pref=pref, address=addr,
            postal=make_postal(rng, mark=False), phone=make_phone(rng, "mobile"),
            my_number=self.fresh_mn(rng, lead), pension=self.fresh_pension(rng))

    def _company(self, rng: random.Random, i: int) -> Company:
        stem = COMPANY_STEMS[i % len(COMPANY_STEMS)]
        name = ("株式会社" + stem) if rng.random() < 0.6 else (stem + "株式会社")
        if i >= len(COMPANY_STEMS):
            name = name.replace(stem, stem + rng.choice(["ホールディングス", "サービス", "販売", "西日本"]))
        pref, city = rng.choice(PLACES)
        return Company(name=name, corporate=self.fresh_corporate(rng),
                       address=f"{pref}{city}{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}",
                       postal=make_postal(rng, mark=False), phone=make_phone(rng, "tokyo"),
                       insurer=make_insurer(rng, rng.choice(["01", "06"])),
                       code=make_code_4_6(rng))


# --------------------------------------------------------------------------------------------
# One output file under construction: its lines and its ground truth
# --------------------------------------------------------------------------------------------

class Doc:
    def __init__(self, path: str, fmt: str, encoding: str, rng: random.Random, newline: str):
        self.path, self.fmt, self.encoding, self.rng, self.newline = path, fmt, encoding, rng, newline
        self.codec = ENCODINGS[encoding][0]
        self.lines: list[str] = []
        self.my_number: list[str] = []
        self.pension: list[str] = []
        self.corporate: list[str] = []
        self.health = False
        self.traps: dict[str, int] = {}
        self.lookalikes = [0, 0]   # unlabelled 12-digit numbers planted, and how many pass the check

    # -- ground truth --
    def trap(self, name: str, n: int = 1) -> None:
        self.traps[name] = self.traps.get(name, 0) + n

    def lookalike(self, v: str) -> str:
        """Count an unlabelled 12-digit number (for the summary: the precision traps that matter)."""
        self.lookalikes[0] += 1
        self.lookalikes[1] += is_my_number(v)
        return v

    def _label(self, bucket: list[str], v: str) -> None:
        if v not in bucket:
            bucket.append(v)

    # -- written forms, limited to what survives this file's encoding --
    def ok(self, s: str) -> bool:
        return roundtrips(s, self.codec)

    def pick_sep(self) -> str:
        r = self.rng.random()
        if r < 0.36:
            return "-"
        if r < 0.66:
            return " "
        if self.codec == "cp932" and r < 0.78:
            return "\uff0d"     # Excel on Windows: full-width hyphen, byte 0x817C
        return self.rng.choice([s for s in RARE_SEPARATORS if self.ok(s)])

    def mn_style(self, plain_p: float = 0.45, fw_p: float = 0.12) -> tuple[str, bool]:
        sep = "" if self.rng.random() < plain_p else self.pick_sep()
        return sep, self.rng.random() < fw_p

    def pension_style(self, plain_ok: bool, fw_p: float = 0.1) -> tuple[str, bool]:
        if plain_ok and self.rng.random() < 0.35:
            sep = ""
        else:
            r = self.rng.random()
            sep = "-" if r < 0.6 else (" " if r < 0.68 else self.pick_sep())
            if sep == " " and self.rng.random() < 0.5:
                sep = "-"
        return sep, self.rng.random() < fw_p

    def mn(self, v: str, style: tuple[str, bool] | None = None) -> str:
        """Write My Number v (and label it: the caller has put it in a My Number context)."""
        assert is_my_number(v), v
        self._label(self.my_number, v)
        sep, fw = style or self.mn_style()
        s = group(v, (4, 4, 4), sep)
        return s.translate(TO_FULLWIDTH) if fw else s

    def mn_dropped_zero(self, v: str) -> str:
        """A My Number as a spreadsheet's numeric cell writes it: leading zero gone."""
        assert is_my_number(v) and v[0] == "0" and v[1] != "0", v
        self._label(self.my_number, v)
        return v[1:]

    def pension_num(self, v: str, style: tuple[str, bool]) -> str:
        self._label(self.pension, v)
        sep, fw = style
        s = group(v, (4, 6), sep)
        return s.translate(TO_FULLWIDTH) if fw else s

    def corp(self, v: str, invoice: bool = False, fw: bool = False) -> str:
        assert is_corporate_number(v), v
        self._label(self.corporate, v)
        s = v.translate(TO_FULLWIDTH) if fw else v
        return ("T" + s) if invoice else s

    def mark_health(self) -> None:
        self.health = True

    # -- traps: each returns the text and counts the plant --
    def t_order(self, name: str = "order-number") -> str:
        self.trap(name)
        return self.lookalike(make_random_12(self.rng))

    def t_tracking(self) -> str:
        self.trap("tracking-number")
        v = self.lookalike(make_random_12(self.rng))
        return group(v, (4, 4, 4), "-") if self.rng.random() < 0.5 else v

    def t_valid12(self) -> str:
        self.trap("unlabelled-valid-12")
        return self.lookalike(make_valid_12(self.rng))

    def t_phone(self, kind: str | None = None, joined: bool | None = None) -> str:
        self.trap("phone")
        if joined is None:
            joined = self.rng.random() < 0.3
        return make_phone(self.rng, kind, joined)

    def t_postal(self, mark: bool = True) -> str:
        self.trap("postal-code")
        return make_postal(self.rng, mark)

    def t_card(self, sep: str | None = None) -> str:
        r = self.rng.random()
        kind = "first3" if r < 0.25 else ("last3" if r < 0.5 else "plain")
        self.trap("card-number-mn-groups" if kind != "plain" else "card-number")
        return group(make_card(self.rng, kind), (4, 4, 4, 4), sep or self.rng.choice([" ", "-"]))

    def t_jan(self) -> str:
        self.trap("jan-code")
        return make_jan(self.rng)

    def t_long_run(self) -> str:
        self.trap("long-digit-run")
        return make_long_run(self.rng)

    def t_ts14(self) -> str:
        self.trap("timestamp")
        return make_timestamp14(self.rng)

    def t_code46(self, name: str = "vendor-code-4-6") -> str:
        self.trap(name)
        return make_code_4_6(self.rng)

    def t_employment(self) -> str:
        self.trap("employment-insurance-number")
        return make_employment_insurance(self.rng)

    def t_licence(self) -> str:
        self.trap("driver-licence")
        return self.lookalike(make_licence(self.rng, mn_valid=self.rng.random() < 0.4))

    def t_date8(self) -> str:
        self.trap("date-8-digit")
        return rand_date(self.rng, 2012, 2023).strftime("%Y%m%d")

    # -- output --
    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def text(self) -> str:
        return self.newline.join(self.lines) + self.newline

    def encode(self) -> bytes:
        codec, bom = ENCODINGS[self.encoding]
        text = self.text()
        data = text.encode(codec)
        if data.decode(codec) != text:   # a character that does not survive: a generator bug
            bad = [c for c in sorted(set(text)) if not roundtrips(c, codec)]
            raise ValueError(f"{self.path}: not representable in {self.encoding}: {bad!r}")
        return bom + data

    def label(self) -> dict:
        return {"path": self.path, "encoding": self.encoding, "format": self.fmt,
                "expect": {"my_number": sorted(self.my_number),
                           "basic_pension_number": sorted(self.pension),
                           "corporate_number": sorted(self.corporate),
                           "health": self.health},
                "traps": sorted(self.traps)}


def csv_row(fields, delim: str = ",", quote_all: bool = False) -> str:
    out = []
    for f in fields:
        s = "" if f is None else str(f)
        if quote_all or any(c in s for c in (delim, '"', "\n", "\r")):
            s = '"' + s.replace('"', '""') + '"'
        out.append(s)
    return delim.join(out)


def title_row(title: str, ncols: int, delim: str, rng: random.Random) -> str:
    """Excel writes a title cell followed by empty cells; hand-made files often don't."""
    return csv_row([title] + [""] * (ncols - 1), delim) if rng.random() < 0.6 else title


# Keyword contexts for a My Number on the same line (prefix within ~40 characters).
MN_PREFIXES = ["個人番号：", "個人番号: ", "個人番号 ", "個人番号　", "マイナンバー：", "マイナンバー ",
               "マイナンバー　", "個人番号カード番号：", "個人番号カードの番号 ", "通知カード番号 ",
               "通知カード記載の番号：", "My Number: ", "my number ", "MY NUMBER:", "共通番号：",
               "個人番号（マイナンバー）：", "マイナンバー(個人番号) ", "本人の個人番号 ",
               "マイナンバーカード番号：", "個人番号は、", "マイナンバー（12桁）は "]
MN_SUFFIXES = ["（マイナンバー）", "(個人番号)", "（個人番号）", " (My Number)", "　※マイナンバー"]
PENSION_LABELS = ["基礎年金番号：", "基礎年金番号 ", "基礎年金番号　", "年金番号：", "年金番号 ",
                  "年金手帳の番号 ", "年金手帳 番号：", "厚生年金 被保険者 ", "被保険者整理番号 "]
PENSION_LABELS_JOINED = ["基礎年金番号：", "基礎年金番号 ", "年金番号：", "年金番号 ", "基礎年金番号　"]


def mn_in_prose(doc: Doc, v: str, style=None) -> str:
    """'個人番号：1234 5678 9018' or '123456789018（マイナンバー）' (keyword on the same line)."""
    if doc.rng.random() < 0.8:
        return doc.rng.choice(MN_PREFIXES) + doc.mn(v, style)
    return doc.mn(v, style) + doc.rng.choice(MN_SUFFIXES)


def pension_in_prose(doc: Doc, v: str) -> str:
    if doc.rng.random() < 0.3:
        return doc.rng.choice(PENSION_LABELS_JOINED) + doc.pension_num(v, ("", doc.rng.random() < 0.1))
    return doc.rng.choice(PENSION_LABELS) + doc.pension_num(v, doc.pension_style(plain_ok=False))


def era_beside(doc: Doc, d: datetime.date) -> str:
    doc.trap("era-date")
    return fmt_date(d, doc.rng.choice(["kanji", "dot", "slash_era"]))


# --------------------------------------------------------------------------------------------
# CSV / TSV generators
# --------------------------------------------------------------------------------------------

MN_HEADERS = ["個人番号", "マイナンバー", "My Number", "個人番号(マイナンバー)", "個人番号（マイナンバー）"]
UNHELPFUL_HEADERS = ["番号", "ID", "No", "コード"]


def _delim(doc: Doc) -> str:
    return "\t" if doc.fmt == "tsv" else ","


def gen_roster(doc: Doc, w: World, rows: int) -> None:
    """社員名簿: My Number column (header variants), optional pension / 雇用保険 columns, quoted
    addresses and notes with commas and newlines, era birth dates right beside the number."""
    rng, d = doc.rng, _delim(doc)
    mn_header = rng.choice(MN_HEADERS)
    pen_header = rng.choice(["基礎年金番号", "年金番号"]) if rng.random() < 0.5 else None
    koyo = rng.random() < 0.3
    quote_all = d == "," and rng.random() < 0.2
    date_style = rng.choice(DATE_STYLES)
    mn_style = doc.mn_style(plain_p=0.5)
    pen_style = doc.pension_style(plain_ok=True)
    header = ["社員番号", "氏名", "フリガナ", "所属", "生年月日", mn_header]
    if pen_header:
        header.append(pen_header)
    if koyo:
        header.append("雇用保険被保険者番号")
    header += ["郵便番号", "住所", "電話番号", "入社日", "備考"]
    if rng.random() < 0.4:
        doc.add(title_row(rng.choice([f"社員名簿 {rng.randint(2014, 2022)}年度",
                                      f"従業員一覧（{fmt_date(BASE_DATE, 'slash')}現在）",
                                      "【人事部】社員台帳", "社員名簿"]), len(header), d, rng))
    doc.add(csv_row(header, d, quote_all))
    people = rng.sample(w.people, min(rows, len(w.people)))
    while len(people) < rows:
        people.append(rng.choice(w.people))
    for p in people:
        r = rng.random()
        note = ""
        if r < 0.04:
            mn_cell, note = "", "マイナンバー未提出"
        elif r < 0.06:
            v = p.my_number
            bad = v[:11] + str((int(v[11]) + rng.randint(1, 9)) % 10)   # a typo: not a My Number
            mn_cell = doc.lookalike(bad)
            doc.trap("invalid-check-digit")
        else:
            style = mn_style if rng.random() < 0.9 else doc.mn_style()
            mn_cell = doc.mn(p.my_number, style)
        if date_style in ("kanji", "dot", "slash_era"):
            doc.trap("era-date")
        row = [p.emp_id, p.name, p.kana, p.dept, fmt_date(p.birth, date_style), mn_cell]
        if pen_header:
            row.append(doc.pension_num(p.pension, pen_style) if rng.random() < 0.95 else "")
        if koyo:
            row.append(doc.t_employment())
        addr = p.address
        if d == "," and rng.random() < 0.1:
            addr = addr.replace(" ", ", ", 1) if " " in addr else addr + ", 2階"
        if rng.random() < 0.08:
            note = rng.choice(["扶養あり,配偶者", "2015/10 住所変更\n旧住所は人事ファイル参照",
                               "産休中", "単身赴任, 大阪支社", "通勤経路変更"])
        elif rng.random() < 0.03 and mn_cell and not note:
            note = "マイナンバー提出済"
        doc.trap("postal-code")
        row += [p.postal, addr, doc.t_phone(rng.choice(["mobile", "tokyo"]), joined=rng.random() < 0.2),
                fmt_date(p.hired, "slash"), note]
        doc.add(csv_row(row, d, quote_all))


def gen_payroll(doc: Doc, w: World, rows: int) -> None:
    """源泉徴収票の集計: employee and dependants' My Numbers, the payer's corporate number in the
    title line, amounts with commas (quoted)."""
    rng, d = doc.rng, _delim(doc)
    co = rng.choice(w.companies)
    year = rng.randint(2016, 2022)
    header = ["従業員番号", "氏名", "生年月日", "個人番号", "支払金額", "源泉徴収税額", "控除対象配偶者",
              "配偶者の個人番号", "扶養親族1", "扶養親族1の個人番号", "扶養親族2", "扶養親族2の個人番号", "摘要"]
    doc.add(title_row(f"給与所得の源泉徴収票 集計 {year}年分", len(header), d, rng))
    doc.add(title_row(f"支払者：{co.name}　法人番号 {doc.corp(co.corporate)}", len(header), d, rng))
    doc.add(csv_row(header, d))
    style = doc.mn_style(plain_p=0.7, fw_p=0.05)
    for p in rng.sample(w.people, min(rows, len(w.people))):
        pay = rng.randint(2000, 12000) * 1000
        row = [p.emp_id, p.name, fmt_date(p.birth, "kanji"), doc.mn(p.my_number, style),
               f"{pay:,}", f"{pay // 30:,}"]
        doc.trap("era-date")
        if rng.random() < 0.5:
            row += [f"{p.surname} {rng.choice(GIVEN_NAMES)[0]}", doc.mn(w.fresh_mn(rng), style)]
        else:
            row += ["", ""]
        for _ in range(2):
            if rng.random() < 0.4:
                row += [f"{p.surname} {rng.choice(GIVEN_NAMES)[0]}", doc.mn(w.fresh_mn(rng), style)]
            else:
                row += ["", ""]
        row.append(rng.choice(["", "", "中途就職", "年末調整済", "前職分含む"]))
        doc.add(csv_row(row, d))


def gen_numeric_mn(doc: Doc, w: World, rows: int) -> None:
    """Excel stored the My Number column as numbers: values starting with 0 lost it (11 digits)."""
    rng, d = doc.rng, _delim(doc)
    header = ["No", "氏名", "所属", rng.choice(["個人番号", "マイナンバー", "個人番号（マイナンバー）"]),
              "生年月日", "入社日"]
    doc.add(csv_row(header, d))
    for i in range(rows):
        p = rng.choice(w.people)
        if rng.random() < 0.4:
            cell = doc.mn_dropped_zero(w.fresh_mn_leading_zero(rng))
        else:   # a value without a leading zero, or one kept as text (the zero survived)
            cell = doc.mn(p.my_number, ("", False))
        doc.add(csv_row([i + 1, p.name, p.dept, cell, fmt_date(p.birth, "slash"),
                         fmt_date(p.hired, "slash")], d))


def gen_mn_list_table(doc: Doc, w: World, rows: int) -> None:
    """A column under an unhelpful header (番号, ID, No, コード) whose 8+ values are ALL valid
    My Numbers: a list of My Numbers, even without a keyword."""
    rng, d = doc.rng, _delim(doc)
    h = rng.choice(UNHELPFUL_HEADERS)
    style = doc.mn_style(plain_p=0.6, fw_p=0.05)
    with_name = rng.random() < 0.6
    header = (["連番"] if h == "No" else ["No"]) + [h] + (["氏名"] if with_name else [])
    if rng.random() < 0.3:
        header = [h]
    doc.add(csv_row(header, d))
    for i, p in enumerate(rng.sample(w.people, rows)):
        row = [doc.mn(p.my_number, style)]
        if len(header) > 1:
            row = [i + 1] + row + ([p.name] if with_name else [])
        doc.add(csv_row(row, d))


def gen_invalid_column(doc: Doc, w: World, rows: int) -> None:
    """Trap: a 番号 column of 30+ 12-digit values, most failing the check: the few that pass are
    chance, not My Numbers."""
    rng, d = doc.rng, _delim(doc)
    doc.add(csv_row(["番号", "氏名", "登録日", "区分"], d))
    doc.trap("mostly-invalid-column")
    for i in range(rows):
        v = doc.lookalike(make_valid_12(rng) if i % 9 == 4 else make_invalid_12(rng))
        if is_my_number(v):
            doc.trap("unlabelled-valid-12")
        p = rng.choice(w.people)
        doc.add(csv_row([v, p.name, fmt_date(rand_date(rng, 2013, 2020), "slash"),
                         rng.choice(["会員", "一般", "法人", "特別"])], d))


def gen_pension_table(doc: Doc, w: World, rows: int) -> None:
    """資格取得届 style: 基礎年金番号 / 年金番号 column (4-6 or ten digits run together), sometimes
    the form's combined column 個人番号又は基礎年金番号 holding either kind."""
    rng, d = doc.rng, _delim(doc)
    combined = rng.random() < 0.25
    pen_header = "個人番号又は基礎年金番号" if combined else rng.choice(["基礎年金番号", "年金番号"])
    style = doc.pension_style(plain_ok=True)
    mn_style = doc.mn_style(plain_p=0.7, fw_p=0.0)
    header = ["被保険者整理番号", "氏名", "フリガナ", "生年月日", "性別", pen_header, "資格取得年月日",
              "報酬月額", "事業所電話"]
    if rng.random() < 0.5:
        co = rng.choice(w.companies)
        doc.add(title_row(f"健康保険・厚生年金保険 被保険者資格取得届 {co.name}", len(header), d, rng))
    doc.add(csv_row(header, d))
    for i, p in enumerate(rng.sample(w.people, min(rows, len(w.people)))):
        if combined and rng.random() < 0.4:
            cell = doc.mn(p.my_number, mn_style)
        else:
            cell = doc.pension_num(p.pension, style if rng.random() < 0.9 else doc.pension_style(True))
        doc.trap("era-date")
        doc.add(csv_row([i + 1, p.name, p.kana, fmt_date(p.birth, "dot"), p.sex, cell,
                         fmt_date(rand_date(rng, 2010, 2020), "kanji"), f"{rng.randint(15, 90) * 10000:,}",
                         doc.t_phone("tokyo", joined=rng.random() < 0.5)], d))


def gen_health_table(doc: Doc, w: World, rows: int) -> None:
    """被保険者一覧: 保険者番号,記号,番号,枝番 / 被保険者記号,被保険者番号 / 後期高齢者 variants."""
    rng, d = doc.rng, _delim(doc)
    doc.mark_health()
    co = rng.choice(w.companies)
    variant = rng.choice(["full", "full", "pair", "kouki"])
    with_mn = rng.random() < 0.3
    if variant == "full":
        header = ["保険者番号", "記号", "番号", "枝番", "氏名", "生年月日", "性別", "資格取得日"]
    elif variant == "pair":
        header = ["被保険者記号", "被保険者番号", "氏名", "生年月日", "続柄"]
    else:
        header = ["保険者番号", "後期高齢者医療被保険者番号", "氏名", "生年月日", "住所"]
    if with_mn:
        header.append("個人番号")
    if rng.random() < 0.5:
        doc.add(title_row(f"健康保険 被保険者一覧 {co.name}", len(header), d, rng))
    doc.add(csv_row(header, d))
    symbol = make_symbol(rng)
    insurer = co.insurer if variant != "kouki" else make_insurer(rng, "39")
    people = rng.sample(w.people, min(rows, len(w.people)))
    for i, p in enumerate(people):
        if variant == "full":
            row = [insurer, symbol, str(i + 1 + rng.randint(0, 3)), f"{rng.randint(0, 2):02d}", p.name,
                   fmt_date(p.birth, "slash"), p.sex, fmt_date(rand_date(rng, 2005, 2021), "slash")]
        elif variant == "pair":
            row = [symbol, str(rng.randint(1, 9999)), p.name, fmt_date(p.birth, "dot"),
                   rng.choice(["本人", "妻", "夫", "子", "子"])]
            doc.trap("era-date")
        else:
            row = [insurer, str(rng.randint(10000000, 99999999)), p.name,
                   fmt_date(rand_date(rng, 1930, 1950), "kanji"), p.address]
        if with_mn:
            row.append(doc.mn(p.my_number, ("", False)))
        doc.add(csv_row(row, d))


def gen_vendor_table(doc: Doc, w: World, rows: int) -> None:
    """取引先マスタ: 法人番号 and インボイス 登録番号 (T + 13 digits) columns; 取引先コード shaped
    exactly like a pension number (4-6) without any pension label; phones and postal codes."""
    rng, d = doc.rng, _delim(doc)
    header = ["取引先コード", "取引先名", "法人番号", "適格請求書発行事業者登録番号", "郵便番号", "住所",
              "電話番号", "FAX番号", "担当者", "支払条件"]
    doc.add(csv_row(header, d))
    fw = rng.random() < 0.1
    for i in range(rows):
        stem = rng.choice(COMPANY_STEMS)
        sole = rng.random() < 0.12
        if sole:   # 個人事業主: no corporate number, an invoice number of its own
            name = f"{rng.choice(SURNAMES)[0]}{rng.choice(['商店', '設計事務所', '工房', '会計事務所'])}"
            corp_cell = ""
            inv = doc.corp(make_corporate(rng), invoice=True) if rng.random() < 0.7 else ""
        else:
            name = rng.choice(["株式会社", "有限会社", ""]) + stem + rng.choice(["", "サービス", "販売", "工業"])
            c = w.fresh_corporate(rng)
            corp_cell = doc.corp(c, fw=fw)
            inv = doc.corp(c, invoice=True) if rng.random() < 0.8 else ""
        pref, city = rng.choice(PLACES)
        addr = f"{pref}{city}{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"
        if d == "," and rng.random() < 0.15:
            addr += f", {rng.choice(BUILDINGS)}{rng.randint(2, 9)}F"
        tel = doc.t_phone(rng.choice(["tokyo", "area3", "area4", "free"]), joined=False)
        fax = doc.t_phone(rng.choice(["tokyo", "area3", "area4"]), joined=rng.random() < 0.2)
        doc.add(csv_row([doc.t_code46(), name, corp_cell, inv, doc.t_postal(mark=False), addr, tel, fax,
                         rng.choice(SURNAMES)[0], rng.choice(["月末締め翌月末払い", "20日締め翌月10日払い",
                                                              "都度払い"])], d))


def gen_orders_table(doc: Doc, w: World, rows: int) -> None:
    """受注一覧 (negatives only): 12-digit order, slip and tracking numbers (about 10% pass the My
    Number check), JAN codes, phones, postal codes; the order column header is sometimes just 番号
    or No, and then it must still not be read as a list of My Numbers."""
    rng, d = doc.rng, _delim(doc)
    order_header = rng.choice(["注文番号", "受注番号", "注文番号", "番号", "No"])
    carrier, track_header = rng.choice(CARRIERS)
    header = [order_header, "受注日", "伝票番号", "顧客名", "電話番号", "郵便番号", "商品名", "JANコード",
              "数量", "金額", "配送業者", track_header]
    doc.add(csv_row(header, d))
    order_name = "random-12-unhelpful-header" if order_header in ("番号", "No") else "order-number"
    orders = [make_random_12(rng) for _ in range(rows)]
    if all(is_my_number(v) for v in orders):     # never an all-valid column by accident
        orders[0] = make_invalid_12(rng)
    for ov in orders:
        doc.trap(order_name)
        doc.lookalike(ov)
        p = rng.choice(w.people)
        qty = rng.randint(1, 20)
        doc.add(csv_row([ov, fmt_date(rand_date(rng, 2014, 2022), "slash"), doc.t_order("slip-number"),
                         p.name, doc.t_phone(), doc.t_postal(mark=False), rng.choice(PRODUCTS),
                         doc.t_jan(), qty, f"{qty * rng.randint(100, 30000):,}", carrier,
                         doc.t_tracking()], d))


def gen_card_table(doc: Doc, w: World, rows: int) -> None:
    """カード利用明細: 4-4-4-4 card numbers, a quarter of them with three groups forming a valid
    My Number, under the header カード番号."""
    rng, d = doc.rng, _delim(doc)
    header = ["利用日", "利用者", "加盟店名", "カード番号", "利用金額", "承認番号"]
    doc.add(csv_row(header, d))
    sep = rng.choice([" ", "-"])
    for _ in range(rows):
        p = rng.choice(w.people)
        doc.add(csv_row([fmt_date(rand_date(rng, 2015, 2022), "slash"), p.name, rng.choice(MERCHANTS),
                         doc.t_card(sep), f"{rng.randint(300, 200000):,}", rand_digits(rng, 6)], d))


# --------------------------------------------------------------------------------------------
# TXT generators
# --------------------------------------------------------------------------------------------

def _letter_head(doc: Doc, w: World, co: Company | None = None) -> None:
    co = co or doc.rng.choice(w.companies)
    doc.add(fmt_date(rand_date(doc.rng, 2015, 2022), "kanji"), f"{co.name} {doc.rng.choice(DEPARTMENTS)}", "")


MN_PROSE = [
    "平成27年10月から、住民票を有する全ての方に12桁のマイナンバー（個人番号）が通知されています。",
    "社会保障・税・災害対策の手続きのため、従業員の皆様のマイナンバーをご提出いただく必要があります。",
    "ご提出いただいた個人番号は、法令で定められた目的以外には利用いたしません。",
    "通知カードまたはマイナンバーカード（個人番号カード）の写しを添付してください。",
    "扶養親族の方の個人番号もあわせてご記入ください。",
    "マイナンバーの取扱いについては、特定個人情報取扱規程に従い厳重に管理します。",
]


def gen_letter_mn(doc: Doc, w: World, n: int) -> None:
    """マイナンバー提出のお願い + filled-in 提出票: keyword-prefixed and -suffixed numbers, era dates
    beside them, contact phone numbers on their own lines."""
    rng = doc.rng
    co = rng.choice(w.companies)
    _letter_head(doc, w, co)
    doc.add("従業員各位", "", rng.choice(["マイナンバー（個人番号）のご提出について", "個人番号の提出のお願い",
                                     "【重要】マイナンバー収集のご案内"]), "")
    doc.add(*rng.sample(MN_PROSE, 3))
    doc.add("", f"お問い合わせ：{co.name} 総務部 TEL {doc.t_phone('tokyo')}", "")
    doc.add("―――――――― 提出票 ――――――――")
    for p in rng.sample(w.people, n):
        doc.add(f"氏名：{p.name}（{p.kana}）　所属：{p.dept}")
        r = rng.random()
        if r < 0.3:
            doc.add(f"生年月日 {era_beside(doc, p.birth)} {mn_in_prose(doc, p.my_number)}")
        elif r < 0.45:
            doc.add(f"{era_beside(doc, p.birth)}生、{doc.mn(p.my_number)}（マイナンバー）")
        else:
            doc.add(mn_in_prose(doc, p.my_number))
        if rng.random() < 0.3:
            rel = rng.choice(["配偶者", "長男", "長女", "次男", "母"])
            doc.add(f"　{rel}：{p.surname} {rng.choice(GIVEN_NAMES)[0]}　{rng.choice(MN_PREFIXES)}"
                    f"{doc.mn(w.fresh_mn(rng))}")
        doc.add("")
    doc.add("以上")


def gen_form_fuyou(doc: Doc, w: World, n: int) -> None:
    """扶養控除等申告書 / 資格取得 forms as text: 個人番号, 基礎年金番号 (4-6 and joined), era dates,
    addresses, postal codes, phones; one form per person."""
    rng = doc.rng
    co = rng.choice(w.companies)
    doc.add(rng.choice(["給与所得者の扶養控除等（異動）申告書", "健康保険・厚生年金保険 資格取得届（控）",
                        "入社手続き書類 記入内容"]), f"提出先：{co.name}", "")
    for p in rng.sample(w.people, n):
        doc.add("------------------------------------------------------------")
        doc.add(f"氏名　{p.name}　フリガナ　{p.kana}")
        doc.add(f"生年月日　{era_beside(doc, p.birth)}　性別　{p.sex}")
        doc.add(rng.choice(["あなたの個人番号　", "個人番号：", "本人 マイナンバー "]) + doc.mn(p.my_number))
        if rng.random() < 0.6:
            doc.add(pension_in_prose(doc, p.pension))
        doc.add(f"住所　{doc.t_postal()} {p.address}")
        doc.add(f"電話　{doc.t_phone('mobile')}")
        if rng.random() < 0.4:
            doc.add(f"源泉控除対象配偶者　{p.surname} {rng.choice(GIVEN_NAMES)[0]}　"
                    f"{rng.choice(['個人番号 ', '個人番号：', 'マイナンバー '])}{doc.mn(w.fresh_mn(rng))}")
        if rng.random() < 0.3:
            d = rand_date(rng, 2000, 2015)
            doc.add(f"控除対象扶養親族　{p.surname} {rng.choice(GIVEN_NAMES)[0]}　{era_beside(doc, d)},"
                    f"{doc.mn(w.fresh_mn(rng))}（個人番号）")
        if rng.random() < 0.2:
            doc.add(f"雇用保険被保険者番号　{doc.t_employment()}")
    doc.add("", "※記入後は総務部へ提出してください。")


def gen_pension_letter(doc: Doc, w: World, n: int) -> None:
    """年金関係のお知らせ: 基礎年金番号 after labels; 年金事務所 phone numbers (ten digits run
    together) on other lines, 年金コード, 定期便 照会番号 (12 digits) and アクセスキー (17 digits)."""
    rng = doc.rng
    doc.add(rng.choice(["基礎年金番号の確認について", "年金手帳の回収について", "年金事務所からの照会メモ"]), "")
    for p in rng.sample(w.people, n):
        doc.add(f"対象者：{p.name}（{fmt_date(p.birth, 'kanji')}生）")
        doc.add(pension_in_prose(doc, p.pension))
        r = rng.random()
        if r < 0.3:
            doc.add(f"{rng.choice(['管轄', '新宿', '大手前', '中村'])}年金事務所 電話 {doc.t_phone('tokyo', joined=True)}")
            doc.trap("phone-near-pension-label")
        elif r < 0.45:
            doc.trap("pension-code-4")
            doc.add(f"年金コード {rng.randint(1000, 9999)}")
        elif r < 0.6:
            doc.trap("nenkin-teikibin-12")
            doc.add(f"ねんきん定期便 照会番号 {doc.lookalike(make_random_12(rng))}")
        elif r < 0.7:
            doc.trap("long-digit-run")
            doc.add(f"ねんきんネット アクセスキー {rand_digits(rng, 17)}")
        doc.add("")
    doc.add(f"年金事務所 代表 {doc.t_phone('tokyo', joined=True)}")
    doc.trap("phone-near-pension-label")


def gen_health_memo(doc: Doc, w: World, n: int) -> None:
    """保険証の控え: 保険者番号, 記号・番号・枝番 in their written variants, 後期高齢者 被保険者番号;
    sometimes with the My Number of the same person (マイナ保険証 enrolment)."""
    rng = doc.rng
    doc.mark_health()
    doc.add(rng.choice(["健康保険被保険者証 記載事項控え", "高額療養費 申請メモ", "資格確認書 発行記録"]), "")
    for p in rng.sample(w.people, n):
        co = rng.choice(w.companies)
        doc.add(f"被保険者氏名　{p.name}")
        r = rng.random()
        if r < 0.3:
            doc.add(f"保険者番号：{co.insurer}　記号 {make_symbol(rng)} 番号 {rng.randint(1, 9999)}")
        elif r < 0.5:
            doc.add(f"記号・番号：{rand_digits(rng, 5).lstrip('0') or '1'}・{rng.randint(1, 999)}")
            doc.add(f"保険者番号　{make_insurer(rng, '')}（国民健康保険）")
        elif r < 0.7:
            doc.add(f"被保険者証の記号 {make_symbol(rng)} 番号 {rng.randint(1, 99)} 枝番 {rng.randint(0, 3):02d}")
        elif r < 0.85:
            doc.add(f"後期高齢者医療被保険者証　被保険者番号 {rng.randint(10000000, 99999999)}")
            doc.add(f"保険者番号 {make_insurer(rng, '39')}")
        else:
            doc.add(f"記号 {make_symbol(rng)} 番号 {rng.randint(1, 999)}（{co.name} 健康保険組合）")
        if rng.random() < 0.3:
            doc.add(mn_in_prose(doc, p.my_number))
        doc.add(f"連絡先 {doc.t_phone()}", "")


def gen_memo_negatives(doc: Doc, w: World, n: int) -> None:
    """業務メモ / 引継ぎメモ: every trap kind in prose, none next to an identifier keyword."""
    rng = doc.rng
    doc.add(rng.choice(["引継ぎメモ", "業務メモ", "経理 作業メモ", "発送管理メモ"]) + f" {fmt_date(BASE_DATE, 'slash')}")
    if rng.random() < 0.4:
        # A keyword a line or two above unrelated numbers: a window that crosses lines must not
        # turn the order numbers below into My Numbers.
        doc.trap("keyword-on-other-line")
        doc.add(rng.choice(["※マイナンバー関係の書類は別ファイル（金庫保管）", "個人番号の回収は人事部で対応中",
                            "通知カードの写しは本日シュレッダー処理済み"]))
    doc.add("")
    makers = [
        lambda: f"注文番号 {doc.t_order()} の件、キャンセル済み",
        lambda: f"受注番号：{doc.t_order()}（{rng.choice(w.companies).name}）",
        lambda: f"伝票番号 {doc.t_order('slip-number')} を再発行",
        lambda: f"{rng.choice(CARRIERS)[1]} {doc.t_tracking()} で発送済み",
        lambda: f"先方から {doc.t_valid12()} の件で連絡あり",
        lambda: f"照合用 {doc.t_valid12()} 済",
        lambda: f"カード番号 {doc.t_card()} は利用停止",
        lambda: f"法人カード {doc.t_card()} で精算",
        lambda: f"TEL {doc.t_phone()} / FAX {doc.t_phone('tokyo')}",
        lambda: f"{rng.choice(SURNAMES)[0]}さん携帯 {doc.t_phone('mobile', joined=True)}",
        lambda: f"雇用保険被保険者番号 {doc.t_employment()} の資格喪失届を提出",
        lambda: f"取引先コード {doc.t_code46()} を新規登録",
        lambda: f"勘定科目 {doc.t_code46('account-code-4-6')} に計上",
        lambda: f"免許証番号 第{doc.t_licence()}号 のコピーを保管",
        lambda: f"{doc.t_postal()} {''.join(rng.choice(PLACES))}{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}",
        lambda: f"{doc.t_date8()} 締め分を処理",
        lambda: f"出力ファイル export_{doc.t_ts14()}.csv",
        lambda: f"JAN {doc.t_jan()} の在庫確認",
        lambda: f"ログID {doc.t_long_run()}",
        lambda: f"{fmt_date(rand_date(rng, 2015, 2022), 'dot')} {doc.t_order()} 入金確認",
    ]
    for _ in range(n):
        line = rng.choice(makers)()
        doc.add(("・" if rng.random() < 0.5 else "") + line)
        if rng.random() < 0.2:
            doc.add("")
    if "era-date" not in doc.traps and rng.random() < 0.5:
        doc.add(f"{era_beside(doc, rand_date(rng, 2015, 2020))} {doc.t_order()} 対応済")


def gen_keyword_only(doc: Doc, w: World, n: int) -> None:
    """Text about マイナンバー / 個人番号 / 基礎年金番号 / 保険者番号 with no identifier at all."""
    rng = doc.rng
    doc.trap("keyword-only")
    doc.add(rng.choice(["マイナンバー制度について", "個人番号の取扱いに関する社内規程", "マイナ保険証への移行について",
                        "年金手帳の廃止について"]), "")
    paras = MN_PROSE + [
        "基礎年金番号は年金手帳または基礎年金番号通知書で確認できます。",
        "令和4年4月以降、年金手帳に代わり基礎年金番号通知書が発行されています。",
        "健康保険証の保険者番号や記号・番号は、マイナ保険証への移行後も資格確認書に記載されます。",
        "個人番号カードの交付申請は、市区町村の窓口またはオンラインで行えます。",
        "特定個人情報ファイルは施錠できるキャビネットに保管し、アクセス権限を限定してください。",
        "マイナンバーの収集時には、利用目的を本人に明示する必要があります。",
        "法人番号は国税庁の法人番号公表サイトで誰でも検索できます。",
    ]
    doc.add(*rng.sample(paras, min(n, len(paras))))
    doc.add("", f"問い合わせ先：総務部 内線 {rng.randint(100, 999)}　{fmt_date(BASE_DATE, 'kanji')}")


def gen_mn_list_text(doc: Doc, w: World, n: int) -> None:
    """A plain list: lines that are all valid My Numbers (8 or more), no keyword anywhere."""
    rng = doc.rng
    style = doc.mn_style(plain_p=0.5, fw_p=0.1)
    if rng.random() < 0.4:
        doc.add(rng.choice(["回収分", "確認済み一覧", "控え", "list"]))
    for p in rng.sample(w.people, n):
        doc.add(doc.mn(p.my_number, style if rng.random() < 0.9 else doc.mn_style()))


def gen_mail(doc: Doc, w: World, n: int) -> None:
    """A saved mail (ISO-2022-JP): My Number / pension numbers in the body, or an order
    confirmation full of 12-digit numbers."""
    rng = doc.rng
    a, b = rng.sample(w.people, 2)
    kind = rng.choice(["mn", "mn", "pension", "order", "order"])
    subject = {"mn": "マイナンバーの件", "pension": "基礎年金番号の確認", "order": "ご注文の発送について"}[kind]
    doc.add(f"From: {a.name} <user{a.emp_id}@example.co.jp>", f"To: {b.name} <user{b.emp_id}@example.co.jp>",
            f"Subject: {subject}", "Date: Thu, 28 May 2015 09:12:44 +0900", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=ISO-2022-JP", "Content-Transfer-Encoding: 7bit", "")
    doc.add(f"{b.surname}さん", "", f"お疲れ様です。{a.dept}の{a.surname}です。")
    if kind == "mn":
        doc.add("先日ご提出いただいた書類の件です。")
        for p in rng.sample(w.people, n):
            doc.add(f"{p.name}さん　{mn_in_prose(doc, p.my_number)}")
        doc.add("上記で登録してよろしいでしょうか。")
    elif kind == "pension":
        for p in rng.sample(w.people, n):
            doc.add(f"{p.name}さん　{pension_in_prose(doc, p.pension)}")
        doc.add(f"不明点は年金事務所（{doc.t_phone('tokyo')}）に確認します。")
        doc.trap("phone-near-pension-label")
    else:
        doc.add("ご注文ありがとうございます。以下の内容で発送いたしました。")
        for _ in range(n):
            doc.add(f"注文番号：{doc.t_order()}　お問い合わせ番号：{doc.t_tracking()}")
        doc.add(f"配送に関するお問い合わせ：{doc.t_phone('free')}")
    doc.add("", "--", f"{a.name}", f"TEL {doc.t_phone('tokyo')}")


# --------------------------------------------------------------------------------------------
# JSON generators
# --------------------------------------------------------------------------------------------

JSON_MN_KEYS = ["my_number", "myNumber", "mynumber", "kojin_bango", "kojinbango", "個人番号"]


def gen_json_people(doc: Doc, w: World, n: int) -> None:
    """HR system export: arrays of objects, sometimes nested, My Number under a telling key;
    pension under 基礎年金番号, health under 保険者番号, the employer's 法人番号. Indented, so
    every key sits on its own line."""
    rng = doc.rng
    key = rng.choice(JSON_MN_KEYS)
    ascii_only = key != "個人番号" and rng.random() < 0.25   # json.dumps default: \u escapes
    nested = rng.random() < 0.5
    with_pension = not ascii_only and rng.random() < 0.4
    with_health = not ascii_only and rng.random() < 0.3
    as_number = rng.random() < 0.2
    style = doc.mn_style(plain_p=0.75, fw_p=0.0 if ascii_only else 0.05)
    if ascii_only and style[0] not in ("", " ", "-"):
        style = ("-", False)    # anything else would be written as a \uXXXX escape
    co = rng.choice(w.companies)
    records = []
    for p in rng.sample(w.people, n):
        if as_number and p.my_number[0] != "0":
            doc.mn(p.my_number, ("", False))
            mnv: object = int(p.my_number)
        else:
            mnv = doc.mn(p.my_number, style)
        if nested:
            rec = {"employee": {"id": p.emp_id, "profile": {"name": p.name, "kana": p.kana,
                                                            "birthDate": p.birth.isoformat()},
                                "ids": {key: mnv}},
                   "department": p.dept}
            if rng.random() < 0.3:
                rec["dependents"] = [{"name": f"{p.surname} {rng.choice(GIVEN_NAMES)[0]}",
                                      "relation": rng.choice(["配偶者", "子"]),
                                      key: doc.mn(w.fresh_mn(rng), style)}]
        else:
            rec = {"id": p.emp_id, "name": p.name, "department": p.dept,
                   "birthDate": p.birth.isoformat(), key: mnv}
        if with_pension:
            rec["基礎年金番号"] = doc.pension_num(p.pension, doc.pension_style(plain_ok=True))
        if with_health:
            doc.mark_health()
            rec["健康保険"] = {"保険者番号": co.insurer, "記号": make_symbol(rng),
                           "番号": str(rng.randint(1, 9999))}
        if not ascii_only and rng.random() < 0.3:
            rec["tel"] = doc.t_phone("mobile")
        records.append(rec)
    if ascii_only:
        obj: object = {"exportedAt": "2015-05-28T09:12:44+09:00", "employees": records}
    else:
        obj = {"company": {"name": co.name, "法人番号": doc.corp(co.corporate)}, "exportedAt":
               "2015-05-28T09:12:44+09:00", "employees": records} if rng.random() < 0.6 else records
    text = json.dumps(obj, ensure_ascii=ascii_only, indent=rng.choice([2, 4]))
    doc.add(*text.split("\n"))


def gen_json_compact(doc: Doc, w: World, n: int) -> None:
    """One-line JSON (an API dump): keys and values glued together, My Numbers only."""
    rng = doc.rng
    key = rng.choice(JSON_MN_KEYS)
    style = doc.mn_style(plain_p=0.8, fw_p=0.0)
    recs = [{"name": p.name, key: doc.mn(p.my_number, style), "dept": p.dept}
            for p in rng.sample(w.people, n)]
    doc.add(json.dumps({"status": "ok", "count": len(recs), "items": recs}, ensure_ascii=False,
                       separators=(",", ":")))


def gen_json_orders(doc: Doc, w: World, n: int) -> None:
    """Order export (negatives only): order ids, timestamps, JAN codes, card numbers, tracking."""
    rng = doc.rng
    orders = []
    for _ in range(n):
        p = rng.choice(w.people)
        carrier, _label = rng.choice(CARRIERS)
        doc.trap("timestamp")
        o = {"orderId": doc.t_order(), "orderedAt": make_iso_ts(rng) + "+09:00",
             "customer": {"name": p.name, "tel": doc.t_phone(), "zip": doc.t_postal(mark=False)},
             "items": [{"jan": doc.t_jan(), "name": rng.choice(PRODUCTS), "qty": rng.randint(1, 5)}
                       for _ in range(rng.randint(1, 3))],
             "shipping": {"carrier": carrier, "trackingNo": doc.t_tracking()}}
        if rng.random() < 0.3:
            o["payment"] = {"method": "card", "cardNumber": doc.t_card()}
        if rng.random() < 0.2:
            o["requestId"] = doc.t_long_run()
        orders.append(o)
    doc.add(*json.dumps({"orders": orders}, ensure_ascii=False, indent=2).split("\n"))


# --------------------------------------------------------------------------------------------
# Log generators
# --------------------------------------------------------------------------------------------

def _log_time(rng: random.Random, t: datetime.datetime, style: str) -> str:
    if style == "iso":
        return t.strftime("%Y-%m-%dT%H:%M:%S") + "+09:00"
    if style == "compact":
        return "[" + t.strftime("%Y%m%d%H%M%S") + "]"
    return t.strftime("%Y-%m-%d %H:%M:%S") + f",{rng.randint(0, 999):03d}"


def gen_log_batch(doc: Doc, w: World, n: int) -> None:
    """Batch / web logs (negatives only): job ids that pass the My Number check, order and
    tracking numbers, 14-digit timestamps, long request ids, card numbers, phones, 8-digit dates."""
    rng = doc.rng
    t = datetime.datetime(2015, 5, 28, 9, 0, 0) + datetime.timedelta(days=rng.randint(0, 2000))
    style = rng.choice(["std", "iso", "compact"])
    doc.trap("timestamp")
    makers = [
        lambda: f"INFO  [batch] job={doc.t_valid12()} done",
        lambda: f"INFO  [batch] job={doc.t_order('job-id')} started",
        lambda: f"INFO  order {doc.t_order()} shipped tracking={doc.t_tracking()}",
        lambda: f"INFO  export finished rows={rng.randint(1, 9999)} file=/data/export/{doc.t_ts14()}.csv",
        lambda: f"DEBUG request_id={doc.t_long_run()} status=200",
        lambda: f"WARN  payment declined card={doc.t_card('-')}",
        lambda: f"INFO  sms sent tel={doc.t_phone('mobile', joined=True)}",
        lambda: f"INFO  closing date {doc.t_date8()} processed",
        lambda: f"INFO  slip {doc.t_order('slip-number')} printed",
        lambda: f"ERROR timeout talking to 10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}:8080",
        lambda: f"INFO  user=u{rng.randint(1000, 9999)} login ok session={rng.getrandbits(64):016x}",
        lambda: f"INFO  {doc.t_valid12()}",
    ]
    for _ in range(n):
        t += datetime.timedelta(seconds=rng.randint(1, 400))
        doc.add(f"{_log_time(rng, t, style)} {rng.choice(makers)()}")


def gen_log_audit(doc: Doc, w: World, n: int) -> None:
    """Audit log of an HR system: some lines register a My Number or pension number with a
    keyword, the rest are ordinary events with traps."""
    rng = doc.rng
    t = datetime.datetime(2015, 10, 5, 8, 30, 0) + datetime.timedelta(days=rng.randint(0, 1500))
    doc.trap("timestamp")
    for _ in range(n):
        t += datetime.timedelta(seconds=rng.randint(1, 900))
        p = rng.choice(w.people)
        r = rng.random()
        if r < 0.35:
            kw = rng.choice(["個人番号=", "マイナンバー:", "my_number=", "My Number: ", "mynumber="])
            msg = f"AUDIT user=hr{rng.randint(1, 20):02d} action=register emp={p.emp_id} {kw}{doc.mn(p.my_number)}"
        elif r < 0.45:
            msg = f"AUDIT user=hr{rng.randint(1, 20):02d} action=update emp={p.emp_id} 基礎年金番号={doc.pension_num(p.pension, doc.pension_style(True))}"
        elif r < 0.6:
            msg = f"INFO  batch job={doc.t_order('job-id')} finished"
        elif r < 0.7:
            msg = f"INFO  {doc.t_valid12()} ok"
        elif r < 0.8:
            msg = f"INFO  export {doc.t_ts14()} rows={rng.randint(1, 500)}"
        else:
            msg = f"INFO  user=hr{rng.randint(1, 20):02d} action=view emp={p.emp_id}"
        doc.add(f"{t.strftime('%Y-%m-%d %H:%M:%S')} {msg}")


# --------------------------------------------------------------------------------------------
# The plan: which files, where, in which encoding
# --------------------------------------------------------------------------------------------

ENCODING_CYCLES = {
    "csv": ["cp932", "cp932", "utf-8-sig", "cp932", "utf-8", "euc-jp", "cp932", "utf-8-sig", "cp932", "utf-8"],
    "tsv": ["utf-16le", "utf-16le", "utf-16be", "utf-16le", "utf-16le-nobom", "utf-8", "utf-16le", "cp932"],
    "txt": ["utf-8", "cp932", "euc-jp", "utf-8", "cp932", "utf-8-sig", "euc-jp", "cp932"],
    "mail": ["iso-2022-jp"],
    "json": ["utf-8", "utf-8", "utf-8-sig", "utf-8", "utf-16le", "utf-8"],
    "log": ["utf-8", "utf-8", "euc-jp", "cp932", "utf-8"],
}


@dataclass
class Job:
    func: object
    folder: str
    stem: str
    fmt: str          # csv tsv txt json log (the label's "format")
    count: int
    size: tuple[int, int]   # rows / items per file (min, max)
    enc_kind: str = ""      # key into ENCODING_CYCLES (defaults to fmt)
    ext: str = ""           # file extension (defaults to fmt)


def plan(scale: float) -> list[Job]:
    def c(n: int) -> int:
        return max(1, round(n * scale))
    return [
        Job(gen_roster, "人事/名簿", "社員名簿", "csv", c(28), (15, 150)),
        Job(gen_roster, "人事/名簿", "従業員一覧", "tsv", c(12), (15, 120)),
        Job(gen_roster, "人事/名簿", "Unicodeテキスト_名簿", "tsv", c(2), (20, 60), ext="txt"),
        Job(gen_roster, "人事/アーカイブ", "全社員名簿_統合", "csv", c(1), (2500, 2500)),
        Job(gen_roster, "人事/アーカイブ", "全社員名簿_統合", "tsv", c(1), (2000, 2000)),
        Job(gen_payroll, "給与/源泉徴収", "源泉徴収票集計", "csv", c(10), (20, 70)),
        Job(gen_numeric_mn, "人事/名簿", "マイナンバー台帳_数値", "csv", c(8), (30, 120)),
        Job(gen_mn_list_table, "総務/作業用", "一覧", "csv", c(6), (8, 60)),
        Job(gen_mn_list_table, "総務/作業用", "一覧", "tsv", c(2), (8, 40)),
        Job(gen_mn_list_text, "総務/作業用", "番号リスト", "txt", c(6), (8, 80)),
        Job(gen_invalid_column, "総務/会員", "会員番号一覧", "csv", c(6), (30, 90)),
        Job(gen_pension_table, "人事/社会保険", "資格取得届一覧", "csv", c(10), (20, 100)),
        Job(gen_pension_table, "人事/社会保険", "資格取得届一覧", "tsv", c(4), (20, 100)),
        Job(gen_pension_table, "人事/社会保険", "年金加入者一覧_全件", "tsv", c(1), (2000, 2000)),
        Job(gen_health_table, "人事/社会保険", "被保険者一覧", "csv", c(12), (15, 100)),
        Job(gen_health_table, "人事/社会保険", "被保険者一覧", "tsv", c(3), (15, 60)),
        Job(gen_vendor_table, "経理/取引先", "取引先マスタ", "csv", c(14), (40, 220)),
        Job(gen_vendor_table, "経理/取引先", "取引先マスタ_全件", "csv", c(1), (2000, 2000)),
        Job(gen_orders_table, "経理/受注", "受注一覧", "csv", c(22), (20, 200)),
        Job(gen_orders_table, "経理/受注", "受注一覧_年間", "csv", c(1), (3000, 3000)),
        Job(gen_orders_table, "経理/受注", "出荷一覧", "tsv", c(4), (20, 150)),
        Job(gen_card_table, "経理/経費", "カード利用明細", "csv", c(8), (20, 120)),
        Job(gen_letter_mn, "総務/通知", "マイナンバー提出のお願い", "txt", c(20), (1, 6)),
        Job(gen_form_fuyou, "人事/申告書", "扶養控除等申告書", "txt", c(14), (1, 8)),
        Job(gen_pension_letter, "人事/社会保険", "年金関係メモ", "txt", c(10), (2, 10)),
        Job(gen_health_memo, "人事/社会保険", "保険証控え", "txt", c(10), (2, 10)),
        Job(gen_memo_negatives, "総務/メモ", "業務メモ", "txt", c(25), (15, 80)),
        Job(gen_keyword_only, "総務/規程", "マイナンバー制度について", "txt", c(8), (4, 12)),
        Job(gen_mail, "メール", "mail", "txt", c(14), (2, 8), enc_kind="mail", ext="eml.txt"),
        Job(gen_json_people, "システム/export", "employees", "json", c(16), (10, 80)),
        Job(gen_json_compact, "システム/export", "api_dump", "json", c(4), (8, 40)),
        Job(gen_json_orders, "システム/export", "orders", "json", c(8), (10, 60)),
        Job(gen_log_batch, "システム/logs", "batch", "log", c(16), (100, 600)),
        Job(gen_log_batch, "システム/logs", "web_access", "log", c(1), (4000, 4000)),
        Job(gen_log_audit, "システム/logs", "audit", "log", c(8), (80, 300)),
    ]


def newline_for(encoding: str, fmt: str, rng: random.Random) -> str:
    # Excel (cp932 CSV, UTF-16 text) writes CRLF; Unix tools write LF; the rest is a mix.
    if encoding.startswith("utf-16") or (encoding == "cp932" and fmt in ("csv", "tsv")):
        return "\r\n" if rng.random() < 0.9 else "\n"
    if fmt == "log":
        return "\n"
    return "\r\n" if rng.random() < 0.4 else "\n"


def generate(out_dir: str, seed: int, scale: float) -> dict:
    world = World(seed, scale)
    labels = {"seed": seed, "files": []}
    stats = []
    for job_no, job in enumerate(plan(scale)):
        cycle = ENCODING_CYCLES[job.enc_kind or job.fmt]
        for i in range(job.count):
            rng = random.Random(f"mamori-corpus:{seed}:{job_no}:{i}")
            encoding = cycle[(i + job_no) % len(cycle)]
            ext = job.ext or job.fmt
            path = f"{job.folder}/{job.stem}_{i + 1:03d}.{ext}"
            doc = Doc(path, job.fmt, encoding, rng, newline_for(encoding, job.fmt, rng))
            job.func(doc, world, rng.randint(*job.size))
            full = os.path.join(out_dir, *path.split("/"))
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "wb") as f:
                f.write(doc.encode())
            labels["files"].append(doc.label())
            stats.append((dict(doc.traps), doc.lookalikes))
    with open(os.path.join(out_dir, "labels.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(labels, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return {"labels": labels, "trap_counts": stats}


def prepare_out_dir(out_dir: str) -> None:
    """Never mix a new corpus with stale files: remove a previous corpus (the files its
    labels.json lists), and refuse a directory holding anything else."""
    if os.path.isdir(out_dir):
        old = os.path.join(out_dir, "labels.json")
        if os.path.isfile(old):
            try:
                with open(old, encoding="utf-8") as f:
                    prev = json.load(f)
                for e in prev.get("files", []):
                    p = os.path.join(out_dir, *e["path"].split("/"))
                    if os.path.isfile(p):
                        os.remove(p)
            except (ValueError, KeyError, OSError) as e:
                sys.exit(f"generate_corpus: cannot clear previous corpus in {out_dir}: {e}")
            os.remove(old)
            for root, dirs, files in os.walk(out_dir, topdown=False):
                if root != out_dir and not os.listdir(root):
                    os.rmdir(root)
        if os.listdir(out_dir):
            sys.exit(f"generate_corpus: {out_dir} is not empty (and holds no previous corpus)")
    os.makedirs(out_dir, exist_ok=True)


# --------------------------------------------------------------------------------------------
# Self-check: re-read every file with its encoding and confirm the labels against the bytes
# --------------------------------------------------------------------------------------------

_RE_444 = re.compile(r"(?<![0-9])(?=([0-9]{4})(" + SEP_CLASS + r"?)([0-9]{4})\2([0-9]{4})(?![0-9]))")
_RE_11 = re.compile(r"(?<![0-9])[0-9]{11}(?![0-9])")
_RE_46 = re.compile(r"(?<![0-9])(?=([0-9]{4})(" + SEP_CLASS + r"?)([0-9]{6})(?![0-9]))")
_RE_13 = re.compile(r"(?<![0-9])[0-9]{13}(?![0-9])")
_MN_KEYWORD = re.compile(r"個人番号|マイナンバー|共通番号|通知カード|個人識別|my[ _]?number|kojin_?bango",
                         re.IGNORECASE)
_PENSION_LABEL = re.compile(r"基礎年金番号|年金番号|年金手帳|厚生年金|被保険者整理番号")
_PENSION_JOINED_LABEL = re.compile(r"(?:基礎年金番号|年金番号)")
_CORP_LABEL = re.compile(r"法人番号|登録番号")
_HEALTH_LABEL = re.compile(r"((?<!雇用保険)被保険者番号|(?<!被)保険者番号|記号)[^0-9\n]{0,12}[ア-ン]?[0-9]")
_HEALTH_HEADER = re.compile(r"(?:^|[,\t])(?:保険者番号|記号|被保険者記号|被保険者番号|後期高齢者医療被保険者番号)(?:[,\t]|$)",
                            re.MULTILINE)


def decode_file(path: str, encoding: str) -> str:
    codec, bom = ENCODINGS[encoding]
    with open(path, "rb") as f:
        data = f.read()
    if bom:
        if not data.startswith(bom):
            raise ValueError("missing byte-order mark")
        data = data[len(bom):]
    elif encoding == "utf-16le-nobom" and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ValueError("unexpected byte-order mark")
    return data.decode(codec)


def check_file(out_dir: str, entry: dict) -> list[str]:
    errs: list[str] = []
    path = entry["path"]
    text = decode_file(os.path.join(out_dir, *path.split("/")), entry["encoding"]).translate(TO_ASCII)
    exp = entry["expect"]
    mn_set, pen_set, corp_set = set(exp["my_number"]), set(exp["basic_pension_number"]), set(exp["corporate_number"])

    # 1. every label is a valid value of its kind and appears in the file in some written form
    seen_12 = {m.group(1) + m.group(3) + m.group(4) for m in _RE_444.finditer(text)}
    seen_11 = {m.group(0) for m in _RE_11.finditer(text)}
    seen_10 = {m.group(1) + m.group(3) for m in _RE_46.finditer(text)}
    seen_13 = {m.group(0) for m in _RE_13.finditer(text)}
    for v in exp["my_number"]:
        if not is_my_number(v):
            errs.append(f"{path}: my_number label {v} fails the check digit")
        if v not in seen_12 and not (v[0] == "0" and v[1:] in seen_11):
            errs.append(f"{path}: my_number {v} not found in the file")
    for v in exp["basic_pension_number"]:
        if not (len(v) == 10 and v.isascii() and v.isdigit() and v[0] != "0"):
            errs.append(f"{path}: bad basic_pension_number label {v}")
        if v not in seen_10:
            errs.append(f"{path}: basic_pension_number {v} not found in the file")
    for v in exp["corporate_number"]:
        if not is_corporate_number(v):
            errs.append(f"{path}: corporate_number label {v} fails the check digit")
        if v not in seen_13:
            errs.append(f"{path}: corporate_number {v} not found in the file")

    # 2. ground-truth sanity: an UNlabelled value must not stand in a context that would make a
    #    careful reader call it an identifier (same-line keyword / label)
    for line in text.split("\n"):
        if _MN_KEYWORD.search(line):
            for m in _RE_444.finditer(line):
                v = m.group(1) + m.group(3) + m.group(4)
                if is_my_number(v) and v not in mn_set:
                    errs.append(f"{path}: unlabelled valid 12-digit {v} on a My Number keyword line: {line[:80]!r}")
        if _PENSION_LABEL.search(line):
            for m in _RE_46.finditer(line):
                v = m.group(1) + m.group(3)
                end = m.start() + len(m.group(1)) + len(m.group(2)) + 6
                if m.group(2) and v not in pen_set and not re.match(SEP_CLASS + "[0-9]", line[end:end + 2]):
                    errs.append(f"{path}: unlabelled 4-6 {v} on a pension label line: {line[:80]!r}")
        for lm in _PENSION_JOINED_LABEL.finditer(line):
            m = re.search(r"(?<![0-9])([0-9]{10})(?![0-9])", line[lm.end():lm.end() + 22])
            if m and m.start() <= 10 and m.group(1) not in pen_set:
                errs.append(f"{path}: unlabelled 10 digits right after a pension label: {line[:80]!r}")
        if _CORP_LABEL.search(line):
            for m in _RE_13.finditer(line):
                if is_corporate_number(m.group(0)) and m.group(0) not in corp_set:
                    errs.append(f"{path}: unlabelled corporate number on a 法人番号 line: {line[:80]!r}")
    has_health = bool(_HEALTH_LABEL.search(text)) or (
        entry["format"] in ("csv", "tsv") and bool(_HEALTH_HEADER.search(text)))
    if exp["health"] != has_health:
        errs.append(f"{path}: health label {exp['health']} but health labels present = {has_health}")

    # 3. the list rule, checked column by column: 8+ twelve-digit cells all valid => labelled
    if entry["format"] in ("csv", "tsv"):
        delim = "\t" if entry["format"] == "tsv" else ","
        cols: dict[int, list[str]] = {}
        for row in csv.reader(io.StringIO(text), delimiter=delim):
            for i, cell in enumerate(row):
                digits = re.sub(SEP_CLASS, "", cell.strip())
                if len(digits) == 12 and digits.isdigit():
                    cols.setdefault(i, []).append(digits)
        for i, vals in cols.items():
            if len(vals) >= 8 and all(is_my_number(v) for v in vals) and not all(v in mn_set for v in vals):
                errs.append(f"{path}: column {i} is an all-valid list of {len(vals)} but not labelled")
    return errs


def self_check(out_dir: str) -> int:
    with open(os.path.join(out_dir, "labels.json"), encoding="utf-8") as f:
        labels = json.load(f)
    errs: list[str] = []
    listed = set()
    for e in labels["files"]:
        listed.add(e["path"])
        for key in ("my_number", "basic_pension_number", "corporate_number", "health"):
            if key not in e["expect"]:
                errs.append(f"{e['path']}: expect.{key} missing")
        try:
            errs.extend(check_file(out_dir, e))
        except (OSError, ValueError) as ex:
            errs.append(f"{e['path']}: cannot re-read as {e['encoding']}: {ex}")
    for root, _dirs, files in os.walk(out_dir):
        for name in files:
            rel = os.path.relpath(os.path.join(root, name), out_dir).replace(os.sep, "/")
            if rel != "labels.json" and rel not in listed:
                errs.append(f"{rel}: file on disk but not in labels.json")
    for e in errs[:50]:
        print("SELF-CHECK:", e, file=sys.stderr)
    print(f"self-check: {len(labels['files'])} files, {len(errs)} problems")
    return 1 if errs else 0


# --------------------------------------------------------------------------------------------

def summary(result: dict, out_dir: str, seconds: float) -> str:
    files = result["labels"]["files"]
    total_bytes = sum(os.path.getsize(os.path.join(out_dir, *e["path"].split("/"))) for e in files)
    n = {k: sum(len(e["expect"][k]) for e in files)
         for k in ("my_number", "basic_pension_number", "corporate_number")}
    distinct = {k: len({v for e in files for v in e["expect"][k]}) for k in n}
    health = sum(1 for e in files if e["expect"]["health"])
    negatives = sum(sum(t.values()) for t, _ in result["trap_counts"])
    look, look_valid = (sum(x[1][i] for x in result["trap_counts"]) for i in (0, 1))
    neg_files = sum(1 for e in files if e["traps"])
    clean = sum(1 for e in files if not any(e["expect"][k] for k in n) and not e["expect"]["health"])
    return (f"corpus: {len(files)} files, {total_bytes / 1e6:.1f} MB in {seconds:.1f}s; "
            f"my_number {n['my_number']} ({distinct['my_number']} distinct), "
            f"basic_pension_number {n['basic_pension_number']} ({distinct['basic_pension_number']} distinct), "
            f"corporate_number {n['corporate_number']} ({distinct['corporate_number']} distinct), "
            f"health files {health}; negatives {negatives} planted in {neg_files} files, "
            f"{look} of them 12-digit look-alikes ({look_valid} pass the My Number check); "
            f"{clean} files without any positive")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description="Generate mamori's labelled recall/precision corpus.")
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies the number of files (default 1)")
    ap.add_argument("--self-check", action="store_true", help="generate, then verify labels against the files")
    ap.add_argument("--check-only", action="store_true", help="verify an existing corpus, generate nothing")
    args = ap.parse_args(argv)
    if args.check_only:
        return self_check(args.out_dir)
    if args.scale <= 0:
        ap.error("--scale must be positive")
    prepare_out_dir(args.out_dir)
    t0 = time.monotonic()
    result = generate(args.out_dir, args.seed, args.scale)
    print(summary(result, args.out_dir, time.monotonic() - t0))
    if args.self_check:
        return self_check(args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
