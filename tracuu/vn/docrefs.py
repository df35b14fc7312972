"""Document references: "Nghị quyết số 11-NQ/TW, ngày 10/02/2022 của Bộ Chính trị".

A document number ("số, ký hiệu") has two shapes (see NĐ 30/2020, Phụ lục I, II.3 and the
observed Party / legal-normative patterns):

* state:  ``236/QĐ-TTg``, ``23/KH-UBND``, ``111/2024/QH15``, ``30/2020/NĐ-CP``, ``2496/UBND-KT``
* Party:  ``11-NQ/TW``, ``52-CTr/TU``, ``1059-QĐ/TU``

``parse_refs`` finds full mentions (with a number like the above) and short mentions
("Nghị quyết 11", "Quyết định số 1059", "QĐ 1074", "Chương trình hành động số 52-CTr");
``resolve_short`` maps short mentions to the full reference of the same type and number.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from pathlib import Path

from tracuu.vn.normalize import fold_diacritics, nfc
from tracuu.vn.numbers import DATE_RE, date_iso

# --- type names and codes ------------------------------------------------------------------


def _load_csv_types() -> dict[str, str]:
    """NĐ 30/2020 Phụ lục III: type name -> code ("Quyết định" -> "QĐ")."""
    path = Path(__file__).with_name("doctypes.csv")
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {r["ten_loai_van_ban"].replace("(cá biệt)", "").strip(): r["chu_viet_tat"] for r in rows if r["chu_viet_tat"]}


# Legal-normative, Party and court types that NĐ 30/2020 does not list (observed patterns).
_EXTRA_TYPES: dict[str, str | None] = {
    "Nghị định": "NĐ",
    "Nghị định thư": None,
    "Thông tư": "TT",
    "Thông tư liên tịch": "TTLT",
    "Nghị quyết liên tịch": "NQLT",
    "Pháp lệnh": "PL",
    "Văn bản hợp nhất": "VBHN",
    "Án lệ": "AL",
    "Kết luận": "KL",
    "Công văn": None,
    "Hướng dẫn liên ngành": "HDLN",
    "Luật": None,
    "Bộ luật": None,
    "Văn bản": None,
    "Quyết định giám đốc thẩm": None,
    "Bản án": None,
}

TYPE_CODES: dict[str, str | None] = {**_load_csv_types(), **_EXTRA_TYPES}
# Codes a type is also numbered with elsewhere: the Party writes its Quy định "QĐ" (Hướng dẫn
# 36-HD/VPTW), like its Quyết định, so "Quy định số 366-QĐ/TW" is a Quy định as written.
CODE_VARIANTS: dict[str, tuple[str, ...]] = {"Quy định": ("QĐ",)}
DOC_TYPES: tuple[str, ...] = tuple(sorted(TYPE_CODES, key=len, reverse=True))  # longest first
_CODE_TO_TYPE: dict[str, str] = {code.upper(): name for name, code in TYPE_CODES.items() if code}

# Code groups written in mixed case (TTg, CTr, TTr, QyĐ, TrS); any other group is upper-cased.
_MIXED_CASE = {c.upper(): c for c in [*(c for c in TYPE_CODES.values() if c), "TTg"] if not c.isupper()}
# Groups that hold "Đ" and are commonly typed with "D" (QD, ND, HDND...). Only these are
# rewritten, so "HD" (Hướng dẫn) and "DA" (Dự án) stay as they are.
_D_SPELLINGS = {c.replace("Đ", "D"): c for c in [*_CODE_TO_TYPE, "HĐND", "ĐU"] if "Đ" in c}

# --- the document-number pattern -----------------------------------------------------------

# One group of a symbol: starts upper-case, then upper-case letters or digits; a lower-case
# letter is allowed only before an upper-case letter/digit or at the end of the group (TTg,
# CTr, QyĐ, TrS), so ordinary words ("Ban", "Thủ") never pass as a group.
_GROUP = r"[A-ZĐ](?:[A-ZĐ0-9]|[a-z](?=[A-ZĐ0-9]|[^A-Za-zÀ-ỹ]|$))*(?![A-Za-zÀ-ỹ0-9])"
_NUM = r"\d{1,5}(?:\.\d{1,3})?[A-Z]?"  # 236, 66.4 (sub-number), 119A
_DASH = r"\s?[-–—]\s?"  # hyphen or en/em dash, a space allowed each side
_SLASH = r"\s?/\s?"
# Two abbreviations joined without a space inside one group of a real symbol: "SNV-CCHC&VTLT",
# "16/CGC.BT", "7331/2008/UB.GCN". Only between two groups, so a full stop that ends a sentence
# after a number ("... 23/KH-UBND. Căn cứ") is not taken.
_JOIN = r"[&.]"

# A Party number written with a dash where its slash belongs ("Đề án số 08-ĐA-TU" for 08-ĐA/TU):
# read as the Party number only when its first group is a type code and its last a Party organ's.
_PARTY_ORGANS = "TW|TƯ|TU|HU|QU|ĐU|TX|TP"
_PARTY_TYPES = "|".join(sorted((c for c in _CODE_TO_TYPE if c.isalpha()), key=len, reverse=True))

DOC_NUMBER_RE = re.compile(
    rf"""
    (?<![\w/.,-])                                            # not inside another token
    (?:
        (?P<snum>{_NUM}){_SLASH}(?:(?P<year>(?:19|20)\d\d){_SLASH})?  # 236/ or 111/2024/
        (?P<scode>{_GROUP}(?:(?:{_DASH}|{_SLASH}|{_JOIN}){_GROUP})*)  # QĐ-TTg, QH15, UBND-KT, PL/BS, SNV-CCHC&VTLT
    |
        (?P<pnum>\d{{1,5}}){_DASH}                                 # Party: 11-
        (?P<pcode>{_GROUP}{_SLASH}{_GROUP}(?:(?:{_DASH}|{_JOIN}){_GROUP})*)  # NQ/TW, CTr/TU
    |
        (?P<dnum>\d{{1,5}})-(?P<dtype>{_PARTY_TYPES})-(?P<dorgan>{_PARTY_ORGANS})(?![\w/])  # Party with a dash for its slash: 08-ĐA-TU
    )
    """,
    re.VERBOSE,
)
# A technical standard or regulation by its code, as documents cite them: "TCVN 6909:2001",
# "TCVN 7435-1:2004", "QCVN 10:2025/BCA", "ISO 10286:2007", "ĐLVN 05:2017" (no document number).
STANDARD_RE = re.compile(
    r"(?<![\w/])(?:TCVN|QCVN|TCXDVN|QCXDVN|TCN|TCCS|ĐLVN|DLVN|ISO|IEC)\s?\d+(?:[-.]\d+)*"
    r"(?:\s?:\s?(?:19|20)\d\d)?(?:\s?/\s?[A-ZĐ][A-ZĐ0-9]*)?(?!\w)"
)
_GROUP_SPLIT_RE = re.compile(r"\s?([-–—/&.])\s?")


def _norm_group(group: str) -> str:
    """Canonical spelling of one symbol group: "qd" -> "QĐ", "ttg" -> "TTg", "Tg" -> "TG"."""
    up = group.upper()
    if up in _MIXED_CASE:
        return _MIXED_CASE[up]
    if up not in _CODE_TO_TYPE:
        up = _D_SPELLINGS.get(up, up)
    return _MIXED_CASE.get(up, up)


def _norm_code(code: str) -> str:
    """Normalise separators and groups of a symbol: "QD – TTg" -> "QĐ-TTg"."""
    parts = _GROUP_SPLIT_RE.split(code.strip())
    out = []
    for part in parts:
        if part in {"-", "–", "—"}:
            out.append("-")  # dash variants
        elif part in {"/", "&", "."}:
            out.append(part)
        else:
            out.append(_norm_group(part))
    return "".join(out)


def _key_parts(m: re.Match[str]) -> tuple[str, str, int | None, str]:
    """(number, code, year, key) of a DOC_NUMBER_RE match."""
    if m.group("snum"):
        number, year = m.group("snum"), m.group("year")
        code = _norm_code(m.group("scode"))
        if year:
            code = f"{year}/{code}"
        return number, code, int(year) if year else None, f"{number}/{code}"
    if m.group("dnum"):
        number, code = m.group("dnum"), f"{_norm_group(m.group('dtype'))}/{_norm_group(m.group('dorgan'))}"
    else:
        number, code = m.group("pnum"), _norm_code(m.group("pcode"))
    return number, code, None, f"{number}-{code}"


def key_match(key: str | None) -> str:
    """What two keys of one document share however typed: "295/VP-CTHĐND" and "295/VP-CTHDND"
    (a question typed without diacritics: "Đ" as "D" in a group no table knows) match."""
    return fold_diacritics(key or "").upper()


def normalize_key(s: str) -> str | None:
    """Canonical key of a document number typed by a user, or None when ``s`` is not one.

    ``"236/QD-TTg"``, ``"236 / QĐ - TTg"``, ``"236/qđ–ttg"`` -> ``"236/QĐ-TTg"``.
    """
    # Users type lower-case ("236/qd-ttg"); groups are re-cased by _norm_group ("TTG" -> "TTg").
    m = DOC_NUMBER_RE.fullmatch(nfc(s).strip().upper())
    if m is None:
        return None
    return _key_parts(m)[3]


def _first_type_group(code: str) -> str | None:
    """The type code inside a symbol: "QĐ-TTg" -> "QĐ", "2024/NQ-CP" -> "NQ", "UBND-KT" -> None."""
    for group in re.split(r"[-/]", code):
        if group.upper() in _CODE_TO_TYPE:
            return _MIXED_CASE.get(group.upper(), group)
        if not group.isdigit():  # only a leading year may be skipped
            return None
    return None


def doc_type_of_code(code: str) -> str | None:
    """Type name of a type code or symbol: "QĐ" / "QD" / "QĐ-TTg" -> "Quyết định"; "UBND-KT" -> None."""
    group = _first_type_group(_norm_code(code))
    return _CODE_TO_TYPE[group.upper()] if group else None


def type_code_of(doc_type: str) -> str | None:
    """Code of a type name: "Quyết định" -> "QĐ", "nghị định" -> "NĐ"; None when it has none."""
    wanted = nfc(doc_type).strip().lower()
    return next((code for name, code in TYPE_CODES.items() if name.lower() == wanted), None)


# --- mentions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefMatch:
    raw: str  # the mention as written (type word .. number [.. date] [.. issuer])
    start: int
    end: int
    doc_type: str | None  # "Nghị quyết"
    type_code: str | None  # "NQ"
    number: str  # "11"
    code: str  # symbol after the number: "NQ/TW", "QĐ-TTg", "2024/QH15"; "" for "Nghị quyết 11"
    key: str  # "11-NQ/TW"; for an unresolved short mention "Nghị quyết 11"
    year: int | None
    date: str | None  # ISO
    issuer: str | None
    is_short: bool = False


_NAMES = "|".join(re.escape(n) for n in DOC_TYPES)
# A type name: capitalised ("Quyết định"), or lower-case after "các" ("các công văn: số ...").
# (Not preceded by a letter; a superscript footnote digit may be glued before: "²¹Các công văn".)
_TYPE_RE = re.compile(rf"(?<![A-Za-zÀ-ỹ])(?:(?P<name>{_NAMES})|[Cc]ác\s+(?P<lname>{_NAMES.lower()}))(?!\w)")
# What may sit between a type name and its number: "số", a name ("Luật Đất đai số"), "của UBND tỉnh:".
_WINDOW = 100
_CLAUSE_BREAK_RE = re.compile(r"[.;()]|\n\s*\n")  # a single newline is only a wrapped line
# Between two numbers of one list: "..., số 888/..." / "; số ..." / " và số ...".
_LIST_SEP_RE = re.compile(r"^[\s,;:]*(?:và|hoặc)?\s*[Ss]ố\s*:?\s*$")
# Right after the number: ", ngày 10/02/2022" / " ngày 18 tháng 01 năm 2024".
_DATE_AFTER_RE = re.compile(r"\s*,?\s*(?:ban hành\s+)?ngày\s+")
# Right after the number or date: ", của Bộ Chính trị".
_ISSUER_AFTER_RE = re.compile(r"\s*,?\s*của\s+")
# The issuer ends before these words or punctuation.
_ISSUER_STOP_RE = re.compile(
    r"[,;:.()\[\]“”\"]|\n\s*\n|\s(?:về|ban hành|quy định|phê duyệt|sửa đổi|hướng dẫn|thực hiện|và|có|đã|tại|"
    r"nhằm|để|trong|theo|đối với|do|được|ngày|số|giao|thông qua|kèm theo|cho|là|gửi|quyết định|"
    r"xét xử|tuyên|chỉ đạo|triển khai|yêu cầu|cấp|thành lập|công bố|đề nghị)(?!\w)"
)
_ISSUER_MAX_WORDS = 10

# Short mentions: "Nghị quyết 11", "Quyết định số 1059", "QĐ 1074", "Chương trình hành động số 52-CTr",
# "Nghị định 30/2020" (number and year, no symbol: as people cite decrees and circulars).
_SHORT_CODES = "QĐ|QD|NĐ|ND|NQ|TT|CT"
_SHORT_RE = re.compile(
    rf"""(?<!\w)(?:(?P<name>{_NAMES})(?:\s+hành\s+động)?|(?P<abbr>{_SHORT_CODES}))
    \s+(?:số\s+)?(?P<num>\d{{1,5}})(?:-(?P<pcode>{_GROUP})|/(?P<year>(?:19|20)\d\d))?   # 52-CTr, 30/2020
    (?![\w/.,-]?\d|/|-?\w)""",
    re.VERBOSE,
)


def _type_before(text: str, start: int, floor: int) -> tuple[str, int] | None:
    """The closest type name in the same clause before ``start`` (not before ``floor``), and where it starts."""
    lo = max(floor, start - _WINDOW)
    breaks = list(_CLAUSE_BREAK_RE.finditer(text, lo, start))
    if breaks:
        lo = breaks[-1].end()
    found = list(_TYPE_RE.finditer(text, lo, start))
    if not found:
        return None
    last = found[-1]
    group = "name" if last.group("name") else "lname"
    name = last.group(group).lower()
    return next(n for n in DOC_TYPES if n.lower() == name), last.start(group)


def _issuer_at(text: str, pos: int) -> tuple[str | None, int]:
    """Issuer written at ``pos`` ("của Bộ Chính trị ..."), and where it ends."""
    m = _ISSUER_AFTER_RE.match(text, pos)
    if m is None:
        return None, pos
    rest = text[m.end() : m.end() + 200]
    stop = _ISSUER_STOP_RE.search(rest)
    words = list(re.finditer(r"\S+", rest[: stop.start()] if stop else rest))[:_ISSUER_MAX_WORDS]
    if not words or not words[0].group(0)[:1].isupper():
        return None, pos
    issuer = " ".join(w.group(0) for w in words)
    end = m.end() + words[-1].end()
    return issuer, end


def _date_at(text: str, pos: int) -> tuple[str | None, int]:
    m = _DATE_AFTER_RE.match(text, pos)
    if m is None:
        return None, pos
    d = DATE_RE.match(text, m.end())
    if d is None or date_iso(d) is None:
        return None, pos
    return date_iso(d), d.end()


def _full_refs(text: str) -> list[RefMatch]:
    refs: list[RefMatch] = []
    floor = 0
    for m in DOC_NUMBER_RE.finditer(text):
        number, code, year, key = _key_parts(m)
        type_code = _first_type_group(code)
        written = _type_before(text, m.start(), floor)
        written_type, start = written if written else (None, m.start())
        if written is None and refs and _LIST_SEP_RE.match(text[floor : m.start()]):
            written_type = refs[-1].doc_type  # "các công văn: số 776/... và số 888/..."
        doc_type = _CODE_TO_TYPE[type_code.upper()] if type_code else written_type
        if type_code and written_type and type_code.upper() in (c.upper() for c in CODE_VARIANTS.get(written_type, ())):
            doc_type = written_type
        if type_code is None and doc_type:
            type_code = TYPE_CODES.get(doc_type)
        date, end = _date_at(text, m.end())
        issuer, end = _issuer_at(text, end)
        if year is None and date:
            year = int(date[:4])
        refs.append(
            RefMatch(
                raw=text[start:end], start=start, end=end, doc_type=doc_type, type_code=type_code,
                number=number, code=code, key=key, year=year, date=date, issuer=issuer,
            )
        )
        floor = end
    return refs


def _short_refs(text: str, taken: list[tuple[int, int]]) -> list[RefMatch]:
    refs = []
    for m in _SHORT_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if m.group("name"):
            doc_type = m.group("name")
            type_code = TYPE_CODES.get(doc_type)
        else:
            type_code = _norm_group(m.group("abbr"))  # "QD" -> "QĐ"
            doc_type = _CODE_TO_TYPE[type_code.upper()]
        if m.group("pcode"):
            pcode = _norm_group(m.group("pcode"))
            if pcode.upper() not in _CODE_TO_TYPE:
                continue
            type_code, doc_type = pcode, _CODE_TO_TYPE[pcode.upper()]
        number = m.group("num")
        if "số" not in m.group(0) and 1900 <= int(number) <= 2100:
            continue  # "Kế hoạch 2025" names a year's plan, not plan number 2025
        code = type_code if m.group("pcode") else ""
        refs.append(
            RefMatch(
                raw=m.group(0), start=m.start(), end=m.end(), doc_type=doc_type, type_code=type_code,
                number=number, code=code, key=f"{doc_type} {number}", year=int(m.group("year")) if m.group("year") else None,
                date=None, issuer=None, is_short=True,
            )
        )
    return refs


def parse_refs(text: str) -> list[RefMatch]:
    """Every document mention in ``text``, full and short, in text order."""
    text = nfc(text)
    full = _full_refs(text)
    short = _short_refs(text, [(r.start, r.end) for r in full])
    return sorted(full + short, key=lambda r: r.start)


def resolve_short(matches: list[RefMatch]) -> list[RefMatch]:
    """Complete the mentions of one document, keeping their order.

    A short mention takes the key, code and type code of the full reference of the same type
    and number (the closest one before it, else the first after it). Any mention without a
    date, year or issuer takes them from a full mention of the same key.
    """
    by_key: dict[str, list[RefMatch]] = {}
    for m in matches:
        if not m.is_short:
            by_key.setdefault(m.key, []).append(m)
    out = []
    for i, m in enumerate(matches):
        if m.is_short:
            target = _target_of(m, matches[:i][::-1]) or _target_of(m, matches[i + 1 :])
            if target is not None:
                m = replace(m, key=target.key, code=target.code, type_code=target.type_code)
        same = by_key.get(m.key, [])
        m = replace(
            m,
            date=m.date or next((f.date for f in same if f.date), None),
            year=m.year or next((f.year for f in same if f.year), None),
            issuer=m.issuer or next((f.issuer for f in same if f.issuer), None),
        )
        out.append(m)
    return out


def _target_of(short: RefMatch, candidates: list[RefMatch]) -> RefMatch | None:
    """The first full mention among ``candidates`` with the type and number of ``short``."""
    for c in candidates:
        if c.is_short or c.number != short.number:
            continue
        same_type = (c.type_code is not None and c.type_code == short.type_code) or c.doc_type == short.doc_type
        # "52-CTr" needs a "CTr/..." code
        if same_type and c.code.startswith(short.code):
            return c
    return None
