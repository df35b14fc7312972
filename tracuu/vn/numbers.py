"""Vietnamese numbers, figures and dates.

Vietnamese writes "." between thousands and "," before decimals: ``11.024,7`` is 11024.7.
A "." followed by anything but exactly three digits cannot be a thousands separator, so
``366.55`` (a typo seen in real reports) is read as the decimal 366,55.

Canonical number: no thousands separator, "," before decimals, no leading zeros in the
integer part, no trailing zeros in the decimals: ``11.024,7`` -> ``11024,7``; ``05`` -> ``5``.

Not figures: dates (``16/9/2022``, ``ngày 18 tháng 01 năm 2024``, ``tháng 7/2024``), clock times
(``17h00``, ``08 giờ 30 phút``; a bare ``08 giờ`` is a duration), document numbers (``236/QĐ-TTg``) and bare years (an integer 1900..2100
with no unit). ``numbers_in`` still counts dates and years, because an answer must not
invent them either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# A number as written, not glued to a word or another number ("QL.279", "Km18", "Covid-19").
NUMBER_RE = re.compile(
    r"""
    (?<![\w.,])(?<![^\W\d_]-)
    (?:
        \d{1,3}(?:\.\d{3})+(?:,\d+)?    # dot thousands: 11.024,7  856.927  1.054
      | \d+\.\d{1,2}(?!\d)              # dot decimal (typo): 366.55  66.4
      | \d+(?:,\d+)?                    # plain: 11024,7  7,17  2023
    )
    (?![\d])(?!,\d)
    """,
    re.VERBOSE,
)

# d/m/yyyy, d.m.yyyy, d-m-yyyy or "d tháng m năm yyyy" (a newline may split it).
DATE_RE = re.compile(
    r"(?<![\w/.])(?P<d>\d{1,2})(?:\s?[/.-]\s?|\s+tháng\s+)(?P<m>\d{1,2})(?:\s?[/.-]\s?|\s+năm\s+)(?P<y>\d{4})(?!\d)"
)
# Several days of one month: "thông qua ngày 20, 21, 23 tháng 02 năm 2024", "ngày 05 và 06/3/2025" (ISO of the first).
DAYS_DATE_RE = re.compile(
    r"(?<![\w/.,])(?P<d>\d{1,2})(?:(?:\s?,\s?|\s?,?\s+và\s+)\d{1,2})+"
    r"(?:\s?[/.-]\s?|\s+tháng\s+)(?P<m>\d{1,2})(?:\s?[/.-]\s?|\s+năm\s+)(?P<y>\d{4})(?!\d)"
)
# A day and month every year, no year: "trước ngày 15 tháng 7", "ngày 15/12 hằng năm" (ISO "--07-15").
# An answer quoting one starts with the day ("15 tháng 6"): "1/2" alone stays a fraction. A relative
# year written after it belongs to it ("15 tháng 01 năm sau"); a sentence may end right after it ("trước ngày 31 tháng 3.").
DAY_MONTH_RE = re.compile(
    r"(?:(?<=ngày\s)(?P<d>\d{1,2})(?:\s?/\s?|\s+tháng\s+)|^(?P<d2>\d{1,2})\s+tháng\s+)(?P<m>\d{1,2})(?![\d/-])(?![.,]\d)(?!\s+năm\s+\d)"
    r"(?:\s+(?:của\s+)?năm\s+(?:sau|trước|tiếp theo|liền kề))?"  # "trước ngày 15 tháng 01 năm sau": the year is part of it
)
# A day of every month: "trước ngày 15 hằng tháng", "vào ngày 05 hàng tháng" (ISO 8601's "---15").
# The word "ngày" is part of it: "15 hằng tháng" alone does not read as a date.
MONTHLY_RE = re.compile(r"(?<![\w/.,])(?:ngày\s+)?(?P<d>\d{1,2})\s+(?:hằng|hàng|mỗi)\s+tháng(?!\w)")
# m/yyyy or "tháng m năm yyyy" (month precision).
MONTH_RE = re.compile(r"(?<![\w/.])(?:(?P<m>\d{1,2})\s?/\s?|tháng\s+(?P<m2>\d{1,2})\s+năm\s+)(?P<y>\d{4})(?![\d/])")
# The number of an item or numbered heading opening a line: "1. ", "3.2. ", "2.6 Vị trí …" (no figure).
# (a dot after it or inside it, groups of one or two digits: "1.054 người" and "12 hội" are figures)
ITEM_NUMBER_RE = re.compile(r"(?m)^[ \t]*(?:\d{1,3}(?:\.\d{1,2})+\.?|\d{1,3}\.)(?=[ \t]+[^\W\d_])")
# A quarter of a year, as plans and reports set deadlines: "quý I/2025", "Quý IV năm 2024", "quý 3/2024".
QUARTER_RE = re.compile(r"(?<!\w)[Qq]uý\s+(?:I{1,3}|IV|[1-4])(?:\s?/\s?|\s+năm\s+)(?:19|20)\d\d(?!\d)")
# A fraction of a whole: "trùm lên khoảng 1/3 chữ ký", "ít nhất 2/3 tổng số thành viên" (a one-digit part
# of a one-digit whole; "304/305 hộ" is a count of a total, "1/3/2024" a date).
FRACTION_RE = re.compile(r"(?<![\w/.,])(?P<a>[1-9])\s?/\s?(?P<b>[2-9]|10)(?![\w/.,])")
# A duration with its number spelled out, as laws write them: "sáu tháng", "hai mươi bốn giờ", "mười lăm ngày"
# (not a spelled date: "ngày mười lăm tháng năm").
_DIGIT_WORDS = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
_ONES = "hai|ba|bốn|năm|sáu|bảy|tám|chín"  # not "một": "trong một ngày", "một năm" say "per day", "a year"
SPELLED_FIGURE_RE = re.compile(
    rf"(?<![\w])(?<!ngày )(?<!Ngày )(?:(?P<tens>{_ONES}) mươi(?: (?P<after_tens>mốt|hai|ba|tư|bốn|lăm|năm|sáu|bảy|tám|chín))?"
    rf"|mười(?: (?P<teen>một|hai|ba|bốn|lăm|sáu|bảy|tám|chín))?|(?P<one>{_ONES}))"
    r" (?P<unit>ngày làm việc|năm|tháng|ngày|giờ|phút)(?!\w)",
    re.IGNORECASE,
)
# Clock times: "17h00", "8h", "08 giờ 30 phút", "lúc 8 giờ". A bare "08 giờ" is a duration (a figure).
TIME_RE = re.compile(r"(?<!\w)(?:\d{1,2}\s?h(?:\s?\d{2})?|\d{1,2}\s?giờ\s?\d{1,2}(?:\s?phút)?|(?<=lúc )\d{1,2}\s?giờ)(?!\w)")

# Units that may follow a number, longest first. "tỷ" alone means "tỷ đồng" (see _UNIT_ALIASES).
UNITS: tuple[str, ...] = tuple(
    sorted(
        [
            "%", "phần trăm", "tỷ đồng", "triệu đồng", "nghìn đồng", "đồng", "tỷ USD", "triệu USD", "USD",
            "triệu lượt", "tỷ", "triệu", "nghìn", "ha", "km²", "km2", "km", "m²", "m2", "m", "cm", "mm", "kg", "tấn",
            "người", "hộ", "lượt", "huy chương", "giải", "trường", "xã", "huyện", "thị trấn", "thành phố",
            "đơn vị", "dự án", "đề tài", "công trình", "vị trí", "điểm", "doanh nghiệp", "bậc", "lần",
            "năm", "tháng", "ngày", "giờ", "phút", "giây", "cửa khẩu", "đô thị", "dân tộc", "giường bệnh", "bác sĩ",
            "vận động viên", "thí sinh", "nhiệm vụ", "trụ sở", "đoàn", "văn bản", "m³", "m3", "lít", "mL", "L",
            "héc ta", "ngày làm việc", "pt",
        ],
        key=len,
        reverse=True,
    )
)
_UNIT_ALIASES = {
    "tỷ": "tỷ đồng", "triệu": "triệu đồng", "km2": "km²", "m2": "m²", "m3": "m³", "phần trăm": "%", "héc ta": "ha", "L": "lít",
}
# A number spelled out in brackets between a number and its unit, as legal texts write: "02 (hai) năm".
_SPELLED_RE = re.compile(r"\s?\((?:[^\W\d_]+\s?){1,6}\)")
# A unit ends at a non-letter; a superscript footnote marker may follow ("856.927 người¹").
_UNIT_RE = re.compile(r"\s?(" + "|".join(re.escape(u) for u in UNITS) + r")(?![A-Za-zÀ-ỹ0-9])")


@dataclass(frozen=True)
class Figure:
    raw: str  # as written, unit included: "11.024,7 tỷ đồng"
    start: int
    end: int
    value: float
    unit: str | None  # "tỷ đồng", "%", "ha"; None when no known unit follows
    canonical: str  # "11024,7 tỷ đồng", "7,17%"

    @property
    def fraction(self) -> bool:
        """A part of a whole written "a/b" ("1/3"): a share, as a percentage is."""
        return "/" in self.canonical


@dataclass(frozen=True)
class DateMatch:
    raw: str
    start: int
    end: int
    iso: str  # "2022-09-16", or "2024-07" for a month


def canonical_number(raw: str) -> str:
    """``11.024,7`` -> ``11024,7``; ``856.927`` -> ``856927``; ``366.55`` -> ``366,55``; ``05`` -> ``5``."""
    s = raw.replace(" ", "")
    if "," in s:
        whole, dec = s.split(",", 1)
        whole = whole.replace(".", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        whole, dec = s.replace(".", ""), ""
    elif "." in s:
        whole, dec = s.split(".", 1)
    else:
        whole, dec = s, ""
    whole, dec = whole.lstrip("0") or "0", dec.rstrip("0")
    return f"{whole},{dec}" if dec else whole


def _value(canonical: str) -> float:
    return float(canonical.replace(",", "."))


def date_iso(m: re.Match[str]) -> str | None:
    """ISO date of a DATE_RE match, or None when day/month are out of range."""
    d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    if 1 <= d <= 31 and 1 <= mo <= 12 and 1900 <= y <= 2100:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def find_dates(text: str) -> list[DateMatch]:
    """Full dates, days of a month every year ("ngày 15 tháng 7", ISO "--07-15"), days of every
    month ("ngày 15 hằng tháng", ISO "---15") and month-years, in text order, not overlapping."""
    out: list[DateMatch] = []
    for m in DAYS_DATE_RE.finditer(text):
        days = [int(d) for d in re.findall(r"\d+", m.group(0)[: m.start("m") - m.start()])]
        iso = date_iso(m) if days == sorted(set(days)) else None  # days of a month are listed in order
        if iso:
            out.append(DateMatch(m.group(0), m.start(), m.end(), iso))
    for m in DATE_RE.finditer(text):
        iso = date_iso(m)
        if iso and not _overlaps(m.start(), m.end(), [(d.start, d.end) for d in out]):
            out.append(DateMatch(m.group(0), m.start(), m.end(), iso))
    for m in DAY_MONTH_RE.finditer(text):
        day, month = int(m.group("d") or m.group("d2")), int(m.group("m"))
        if 1 <= day <= 31 and 1 <= month <= 12 and not _overlaps(m.start(), m.end(), [(d.start, d.end) for d in out]):
            out.append(DateMatch(m.group(0), m.start(), m.end(), f"--{month:02d}-{day:02d}"))
    for m in MONTHLY_RE.finditer(text):
        day = int(m.group("d"))
        if 1 <= day <= 31 and not _overlaps(m.start(), m.end(), [(d.start, d.end) for d in out]):
            out.append(DateMatch(m.group(0), m.start(), m.end(), f"---{day:02d}"))
    for m in MONTH_RE.finditer(text):
        month, year = int(m.group("m") or m.group("m2")), int(m.group("y"))
        if 1 <= month <= 12 and 1900 <= year <= 2100 and not _overlaps(m.start(), m.end(), [(d.start, d.end) for d in out]):
            out.append(DateMatch(m.group(0), m.start(), m.end(), f"{year:04d}-{month:02d}"))
    return sorted(out, key=lambda d: d.start)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    """Spans whose digits are not figures: dates, times, document numbers."""
    from tracuu.vn.docrefs import DOC_NUMBER_RE  # imported here: docrefs imports this module

    spans = [(d.start, d.end) for d in find_dates(text)]
    for regex in (TIME_RE, DOC_NUMBER_RE):
        spans += [m.span() for m in regex.finditer(text)]
    return spans


def _is_year(canonical: str) -> bool:
    return canonical.isdigit() and 1900 <= int(canonical) <= 2100


def _unit_name(m: re.Match[str] | None) -> str | None:
    """The canonical unit of a ``_UNIT_RE`` match ("tỷ" -> "tỷ đồng"), None without one."""
    return _UNIT_ALIASES.get(m.group(1), m.group(1)) if m else None


def _fractions(text: str, blocked: list[tuple[int, int]]) -> list[Figure]:
    """Fractions ("1/3"), with the words of a known unit after them; their digits are no other figure."""
    out = []
    for m in FRACTION_RE.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a >= b or _overlaps(m.start(), m.end(), blocked):
            continue
        u = _UNIT_RE.match(text, m.end())
        unit = _unit_name(u)
        end = u.end() if u else m.end()
        out.append(Figure(text[m.start() : end], m.start(), end, a / b, unit, f"{a}/{b}" + (f" {unit}" if unit else "")))
    return out


def _spelled(text: str, blocked: list[tuple[int, int]]) -> list[Figure]:
    """Durations whose number is spelled out ("sáu tháng" = 6 tháng, canonical "6 tháng")."""
    out = []
    for m in SPELLED_FIGURE_RE.finditer(text):
        if _overlaps(m.start(), m.end(), blocked):
            continue
        words = {k: _DIGIT_WORDS.get((v or "").lower(), 0) for k, v in m.groupdict().items() if k != "unit"}
        if m.group("tens"):
            value = 10 * words["tens"] + words["after_tens"]
        elif m.group("one"):
            value = words["one"]
        else:
            value = 10 + words["teen"]
        unit = m.group("unit").lower()
        out.append(Figure(m.group(0), m.start(), m.end(), float(value), unit, f"{value} {unit}"))
    return out


def find_figures(text: str) -> list[Figure]:
    """Numbers with their unit, in text order; dates, times, document numbers, bare years and the
    number of an item or heading opening a line ("3.2. Hạn chế", "14. Câu lạc bộ …") excluded."""
    blocked = _blocked_spans(text) + [m.span() for m in ITEM_NUMBER_RE.finditer(text)]
    out = _fractions(text, blocked)
    blocked += [(f.start, f.end) for f in out]
    out += _spelled(text, blocked)
    blocked += [(f.start, f.end) for f in out]
    for m in NUMBER_RE.finditer(text):
        if _overlaps(m.start(), m.end(), blocked):
            continue
        number = canonical_number(m.group(0))
        spelled = _SPELLED_RE.match(text, m.end())
        u = _UNIT_RE.match(text, spelled.end()) if spelled else None
        u = u or _UNIT_RE.match(text, m.end())
        unit = _unit_name(u)
        if unit is None and _is_year(number):
            continue
        end = u.end() if u else m.end()
        sep = "" if unit in (None, "%") else " "
        out.append(Figure(text[m.start() : end], m.start(), end, _value(number), unit, f"{number}{sep}{unit or ''}"))
    return _share_units(text, sorted(out, key=lambda f: f.start))


def _share_units(text: str, figures: list[Figure]) -> list[Figure]:
    """In "366.55/640,28ha" or "304/305 hộ" the first number takes the unit of the second."""
    out = list(figures)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if a.unit is None and b.unit and text[a.end : b.start].strip() == "/":
            sep = "" if b.unit == "%" else " "
            out[i] = replace(a, unit=b.unit, canonical=f"{a.canonical}{sep}{b.unit}")
    return out


def figures_match(a: str, b: str) -> bool:
    """Loose equality of the figures written in ``a`` and ``b``.

    ``7,17%`` = ``7,17 %``; ``11.024,7`` = ``11024,7``; ``550 tỷ đồng`` = ``550 tỷ``; a figure
    without a unit matches the same value with one. False when either holds no figure.
    """
    fa, fb = find_figures(a), find_figures(b)
    if not fa or len(fa) != len(fb):
        return False
    return all(x.value == y.value and (x.unit == y.unit or None in (x.unit, y.unit)) for x, y in zip(fa, fb))


def _numbers_ordered(text: str) -> list[str]:
    """Canonical numbers, dates (ISO) and years of ``text``, first occurrence order."""
    found: list[tuple[int, str]] = []
    for d in find_dates(text):
        found += [(d.start, d.iso)] + ([] if d.iso.startswith("-") else [(d.start, d.iso[:4])])  # a date's year
    blocked = _blocked_spans(text)
    for m in NUMBER_RE.finditer(text):
        if not _overlaps(m.start(), m.end(), blocked):
            found.append((m.start(), canonical_number(m.group(0))))
    found.sort(key=lambda p: p[0])
    return list(dict.fromkeys(n for _, n in found))


def numbers_in(text: str) -> set[str]:
    """Canonical numbers (``11024,7``), ISO dates (``2022-09-16``, ``2024-07``) and years in ``text``.

    Document numbers and times are not counted. A date also counts its year.
    """
    return set(_numbers_ordered(text))


def unsupported_numbers(answer: str, sources: list[str]) -> list[str]:
    """Numbers of ``answer`` that occur in none of ``sources`` (canonical forms, answer order)."""
    known: set[str] = set()
    for s in sources:
        known |= numbers_in(s)
    return [n for n in _numbers_ordered(answer) if n not in known]
