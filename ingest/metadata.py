"""Metadata from the header of an administrative document (NĐ 30/2020 Phụ lục I, Phần I, II).

The header reads, top to bottom (left column | right column in a layout extraction):

    TỈNH ỦY LẠNG SƠN          | ĐẢNG CỘNG SẢN VIỆT NAM        <- issuer | national motto
    Số: 23/KH-UBND            | Lạng Sơn, ngày 26 tháng 02 năm 2023   <- number | place, date
                 KẾ HOẠCH                                     <- type name
          Về phát triển kinh tế ...                           <- title (trích yếu)

Lines may come with both columns on one line (split on runs of 2+ spaces) or one cell per
line (plain text extraction). Whatever the text lacks is taken from the file name
(``ND-30-2020-ND-CP.pdf`` -> ``30/2020/NĐ-CP``, "Nghị định"); the title falls back to the stem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tracuu.vn.docrefs import DOC_TYPES, doc_type_of_code, parse_refs
from tracuu.vn.headings import heading_level
from tracuu.vn.normalize import fold_diacritics, nfc, repair_legacy
from tracuu.vn.numbers import DATE_RE, date_iso

HEADER_LINES = 40  # the header sits in the first lines of page 1
TITLE_MAX_LINES = 10

_CELL_SPLIT_RE = re.compile(r"\s{2,}|\t")
# "Số: 23/KH-UBND", "Số 30/2020/NĐ-CP", "Số:6791 /SNNMT-KHTC", "Số      -BC/TU" (blank number)
_NUMBER_LINE_RE = re.compile(r"^Số\s*:?\s*(?P<rest>(?:[\d.…_\s]*[-/–]|\d).*)?$")
_CODE_ONLY_RE = re.compile(r"^[\s.…_]*[-/–]\s*(?P<code>[A-ZĐ][\wĐđ/-]*)")
# "Lạng Sơn, ngày 26 tháng 02 năm 2023" (the day may be left blank in a draft)
# "ngày22": a stamped day glued to "ngày" by pdftotext
_PLACE_DATE_RE = re.compile(r"^(?P<place>[A-ZĐÀ-Ỹ][^,\d]{1,40}?),\s*ngày(?![^\W\d])(?P<rest>.*)$")
# Lines that are never the issuer: national name and motto, Party name.
_NOT_ISSUER = ("CỘNG HÒA", "CỘNG HOÀ", "ĐỘC LẬP", "ĐẢNG CỘNG SẢN VIỆT NAM")
_NOT_ISSUER_TAIL_RE = re.compile(r"\s+(?:" + "|".join(_NOT_ISSUER) + r").*$")
_UPPER_START_RE = re.compile(r"^[A-ZĐÀ-Ỹ]")
# There is no title when the type line is followed by these; a title ends before them.
_TITLE_STOP_RE = re.compile(r"^(?:Căn cứ|Kính gửi|\(|[_\-*=.…]{3,})")
# The trích yếu of a công văn: "V/v gửi ...", "V/V: ...", "Về việc ..."
_SUBJECT_RE = re.compile(r"^V/[vV]\b")
OFFICIAL_LETTER = "Công văn"
# Body openings that end a title but may also begin one ("KẾ HOẠCH / Thực hiện Nghị quyết ...").
# "Ngày 12/11/2024, tại trụ sở ...": the opening of a thông báo kết luận.
_BODY_START_RE = re.compile(r"^(?:(?:Thực hiện|Theo|Được|Nguồn|Để)\s|Ngày \d{1,2}[/.]\d{1,2}[/.]\d{4}\b)")
# Matched on the accentless line, so an OCR misread accent ("NGHỊ QUYÉT") still names the type.
# "VĂN BẢN HỢP NHẤT - VĂN PHÒNG QUỐC HỘI" (a line with " - ") is a heading, not a type line.
_TYPE_LINE_RE = re.compile(
    r"^(?!.*\s[-–]\s)(?P<type>" + "|".join(re.escape(fold_diacritics(t.upper())) for t in DOC_TYPES)
    + r")(?:\s+SO\s+(?P<number>\S+))?(?=\s|:|$)"
)
_FOLDED_UPPER_TYPES = {fold_diacritics(t.upper()): t for t in DOC_TYPES}
# "An-le-43-2021-AL", "QD-1074-QD-BXD-2026": number, optional year, symbol groups.
_FILE_NUMBER_RE = re.compile(
    r"(?<![A-Za-z0-9])(?P<num>\d{1,5})-(?:(?P<year>(?:19|20)\d\d)-)?(?P<code>[A-Z]+\d*(?:-[A-Z]+\d*)*)(?![a-z])"
)
# "ÁN LỆ SỐ 43/2021/AL1": a footnote marker printed as a plain digit after the AL symbol.
_AL_MARKER_RE = re.compile(r"(/AL)\d+$")


@dataclass(frozen=True)
class Metadata:
    number: str | None  # "23/KH-UBND"
    doc_type: str | None  # "Kế hoạch"
    issuer: str | None  # as written: "TỈNH ỦY LẠNG SƠN"
    place: str | None  # "Lạng Sơn"
    date: str | None  # ISO
    title: str | None  # trích yếu, or the file stem


def _cells(line: str) -> list[str]:
    return [c for c in (c.strip() for c in _CELL_SPLIT_RE.split(line)) if c]


def _number_and_type(written: str) -> tuple[str | None, str | None]:
    """Key and type of a document number as written ("23/KH-UBND" -> ("23/KH-UBND", "Kế hoạch"))."""
    refs = parse_refs(written)
    if refs and not refs[0].is_short and refs[0].start == 0:
        return refs[0].key, refs[0].doc_type
    return None, None


def _find_number_line(rows: list[list[str]]) -> tuple[int, str | None, str | None] | None:
    """(row index, number, doc_type from its code) of the "Số: ..." cell; number None when left blank."""
    for i, cells in enumerate(rows):
        for j, cell in enumerate(cells):
            m = _NUMBER_LINE_RE.match(cell)
            if m is None:
                continue
            parts = [(m.group("rest") or "").strip()]
            # "Số:      /KH-UBND" or "Số:  779    /QĐ-UBND" split into cells, or "Số" / "-BC/TU" on two lines
            following = cells[j + 1 :] or (rows[i + 1][:1] if i + 1 < len(rows) else [])
            for cell in following[:2]:
                if _number_and_type(" ".join(parts).strip())[0] or not _NUMBER_LINE_RE.match(f"Số {cell}"):
                    break
                parts.append(cell)
            rest = " ".join(parts).strip()
            number, doc_type = _number_and_type(rest)
            if number:
                return i, number, doc_type
            code = _CODE_ONLY_RE.match(rest)
            if code or not rest:
                return i, None, doc_type_of_code(code.group("code")) if code else None
    return None


def _mostly_letters(cell: str) -> bool:
    """An issuer line is words ("BAN CHỈ ĐẠO 389"); a filing stamp ("TT 02") or OCR debris ("L⁄0)") is not."""
    chars = cell.replace(" ", "")
    return sum(ch.isalpha() for ch in chars) >= 0.75 * len(chars)


def _issuer(rows: list[list[str]]) -> str | None:
    parts = []
    for cells in rows:
        cell = _NOT_ISSUER_TAIL_RE.sub("", cells[0])  # OCR joins "CHÍNH PHỦ  CỘNG HÒA ..." into one cell
        if _TYPE_LINE_RE.match(fold_diacritics(cell)) or heading_level(cell) is not None:
            break  # "BÁO CÁO", "I. CÔNG TÁC ...": the text has begun
        if (
            cell.isupper() and _UPPER_START_RE.match(cell) and not cell.startswith(_NOT_ISSUER)
            and not _NUMBER_LINE_RE.match(cell) and _mostly_letters(cell)
        ):
            parts.append(cell)
    return " ".join(parts[:3]) or None


def _place_date(rows: list[list[str]]) -> tuple[str | None, str | None]:
    for cells in rows:
        for j, cell in enumerate(cells):
            m = _PLACE_DATE_RE.match(cell)
            if m:
                d = DATE_RE.search(" ".join([m.group("rest"), *cells[j + 1 :]]))  # "ngày    23   tháng    3" in cells
                return m.group("place").strip(), date_iso(d) if d else None
    return None, None


def _type_and_title(rows: list[list[str]], start: int) -> tuple[int | None, str | None, str | None, str | None]:
    """(row, doc_type, number written on the type line, title) of the type-name line at or after ``start``."""
    for i in range(start, len(rows)):
        line = " ".join(rows[i])
        m = _TYPE_LINE_RE.match(fold_diacritics(line))  # NFC: folding keeps every offset
        if m is None:
            continue
        number = line[m.start("number") : m.end("number")] if m.group("number") else None
        if number:
            number, _ = _number_and_type(_AL_MARKER_RE.sub(r"\1", number))
        return i, _FOLDED_UPPER_TYPES[m.group("type")], number, _title(rows, i + 1)
    return None, None, None, None


def _title(rows: list[list[str]], start: int) -> str | None:
    """The lines after the type name, up to a blank line, a "Căn cứ ..." line or a change of case
    (an upper-case title is not continued by a mixed-case line, nor the reverse)."""
    lines: list[str] = []
    for cells in rows[start:]:
        line = " ".join(cells)
        if not line:
            if lines:
                break
            continue  # blank lines between the type name and the title
        if _TITLE_STOP_RE.match(line) or heading_level(line) is not None or len(lines) == TITLE_MAX_LINES:
            break
        if lines and _BODY_START_RE.match(line):
            break
        if lines and line.isupper() != lines[0].isupper():
            break
        lines.append(line)
    return " ".join(" ".join(lines).split()) or None


def _letter_start(rows: list[list[str]], number_row: int) -> int:
    """The row where a document without a type line starts its text: "Kính gửi", "Căn cứ", ...;
    the header is everything above (3 rows past the number when no such line is found)."""
    for i in range(number_row + 1, len(rows)):
        if rows[i] and _TITLE_STOP_RE.match(rows[i][0]) and not rows[i][0].startswith(("(", "_", "-", "*", "=", ".", "…")):
            return i
    return number_row + 3


def _subject(rows: list[list[str]], number_row: int) -> str | None:
    """The trích yếu of a công văn: "V/v ..." just under the number, over one or a few lines
    (the first cell of each row: the right column holds the place and date)."""
    for i in range(number_row, min(number_row + 3, len(rows))):
        for j, cell in enumerate(rows[i]):
            if not _SUBJECT_RE.match(cell):
                continue
            lines = [cell]
            for cells in rows[i + 1 : i + TITLE_MAX_LINES]:
                first = cells[0] if cells else ""
                if not first or _UPPER_START_RE.match(first) and first.isupper() or _TITLE_STOP_RE.match(first) \
                        or _PLACE_DATE_RE.match(" ".join(cells)):
                    break
                lines.append(cells[0])
            return " ".join(" ".join(lines).split())
    return None


def _from_file_name(file_name: str) -> tuple[str | None, str | None]:
    """(number, doc_type) from a name like ``TT-01-2026-TT-BCT.pdf``."""
    stem = Path(file_name).stem.split("_")[0]
    m = _FILE_NUMBER_RE.search(stem)
    if m is None:
        return None, None
    year = f"{m.group('year')}/" if m.group("year") else ""
    return _number_and_type(f"{m.group('num')}/{year}{m.group('code')}")


def extract_metadata(first_pages_text: str, file_name: str, closing_text: str | None = None) -> Metadata:
    """Number, type, issuer, place, date and title of a document from its first page(s).

    ``closing_text`` is the document's closing authentication block (``XÁC THỰC VĂN BẢN HỢP
    NHẤT``, see ``ingest.signer``), if any: a consolidated text printed in the Công báo has no
    number on its first page; its number, issuer, place and date are those of that block."""
    meta, found = _header(first_pages_text)
    if closing_text is not None and meta.number is None:
        block, _ = _header(closing_text)
        if block.number is not None:
            meta = Metadata(block.number, block.doc_type or meta.doc_type, block.issuer or meta.issuer,
                            block.place or meta.place, block.date or meta.date, meta.title)
    number, doc_type = meta.number, meta.doc_type
    if not found and number is None:
        number, file_type = _from_file_name(file_name)
        doc_type = doc_type or file_type
    return Metadata(number, doc_type, meta.issuer, meta.place, meta.date, meta.title or Path(file_name).stem)


def _header(text: str) -> tuple[Metadata, bool]:
    """What the header block of ``text`` says (title None when absent), and whether it has a number line."""
    text, _ = repair_legacy(nfc(text))
    rows = [_cells(line) for line in text.splitlines()[:HEADER_LINES]]
    found = _find_number_line(rows)
    number_row, number, code_type = found if found else (None, None, None)
    type_row, doc_type, typed_number, title = _type_and_title(rows, number_row or 0)
    if type_row is None and number_row:  # the type line read before the number line
        _, doc_type, typed_number, title = _type_and_title(rows[:number_row], 0)
        title = title or doc_type
    # The header (issuer, place, date) lies above the type line, or around the number line
    # down to the first line of the letter ("Kính gửi", "Căn cứ").
    if type_row is not None:
        header = rows[:type_row]
        title = title or doc_type  # no trích yếu ("BÁO CÁO" then "I. CÔNG TÁC ..."): the type names it
    else:
        header = rows[: _letter_start(rows, number_row)] if number_row is not None else []
        subject = _subject(rows, number_row) if number_row is not None else None
        if subject is not None:  # "V/v ..." under the number: a công văn (NĐ 30/2020 Phụ lục I, Mục IV)
            doc_type, title = doc_type or OFFICIAL_LETTER, subject
    place, date = _place_date(header)
    issuer = _issuer([r for r in header[:number_row] if r] if number_row is not None else [r for r in header if r])
    doc_type = code_type or doc_type  # "Số: 44/VBHN-VPQH" over the type line "LUẬT"
    return Metadata(number or typed_number, doc_type, issuer, place, date, title), found is not None
