"""Ruled tables: found with pdfplumber's table finder, each row rewritten as one text unit.

pdfplumber finds the grid of a table from its drawn rulings (``lines`` strategy; edges
closer than ``SNAP_TOLERANCE`` are one ruling, so the double borders and cell-padding
rectangles of Word tables do not make empty columns). The text of every cell is made from
pdfplumber's characters inside it (pypdf's runs often hold a whole table row in one piece),
with the same repairs as ``ingest/lines.py``: NFC, legacy-font characters, small raised
digits after a word become superscript footnote markers. The page's lines inside the table
are replaced by:

- a header line ``Bảng: <header 1> | <header 2> | …`` where the header rows are printed;
- one line per row: ``<ordinal> <row label> · <header 2>: <value 2> · <header 3>: <value 3> …``
  (empty cells left out; a row label merged over several rows is repeated in each);
- a group row (one cell across the table: ``I. Lĩnh vực …``) as it is written.

These lines carry ``Line.table`` (the table's header line), so ``ingest/flow.py`` makes each one
its own paragraph and never a heading, and ``ingest/layout.py`` never takes one for a running
header or a footnote. A table that continues on the next page (same columns, nothing above it)
keeps the header of the previous page. A grid whose rulings cut through words (rules drawn in
running text, framed paragraphs) is not a table and its lines are left as they are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import Table as PlumberTable
from pdfplumber.utils import extract_text

from ingest.layout import EDGE, PAGE_NUMBER_RE
from ingest.lines import BRACKET_MARKER_RE, MARKER_GAP, MARKER_SIZE_RATIO, SUPERSCRIPT_DIGITS, SUPERSCRIPT_RE, Line, Run, group_lines
from ingest.reader import RawPage
from tracuu.vn.normalize import FROM_SUPERSCRIPT, nfc, repair_legacy
from tracuu.vn.sentences import TABLE_ROW_SEP

MAX_RULE_WIDTH = 2.0  # pt: a filled rectangle thinner than this is a drawn ruling
WHITE = (1.0, 1.0, 1.0)
SNAP_TOLERANCE = 6.0  # pt: rulings closer than this are one (double borders, cell padding boxes)
FINDER_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": SNAP_TOLERANCE}
CUT_TOLERANCE = 1.5  # pt: a word reaching this far across a cell border is cut by it
WORD_GAP = 1.0  # pt: letters closer than this are one word (a cell border lies in a wider gap)
SAME_COLUMN = 3.0  # pt: column borders of a continued table lie this close to the previous page's
MIN_RULING_SEGMENTS = 8  # drawn path segments on a page below which it holds no ruled table
RAISED = 0.15  # em: a marker's baseline lies at least this much above the text before it
ROW_SEP = TABLE_ROW_SEP  # QA reads the cells back (qa/tables.py)
ORDINAL_HEADER_RE = re.compile(r"^(?:s[ốo]\s*)?t\.?\s?t\.?$|^số thứ tự$", re.IGNORECASE)
ORDINAL_RE = re.compile(r"^(?:[IVXLC]+|\d{1,3}|[a-zđ])(?:\.(?:[IVXLC]+|[A-Z]|\d{1,3}))*[.)]?$")
COLUMN_NUMBER_RE = re.compile(r"^\(\d{1,2}\)")  # "(1)", "(7)=(6)÷5": a row numbering the columns

Box = tuple[float, float, float, float]  # x0, bottom, x1, top in PDF user space


@dataclass(frozen=True)
class Cell:
    col: int  # the grid column where the cell starts
    col_end: int  # one past the last grid column it covers
    box: Box
    text: str
    markers: tuple[tuple[int, int], ...]  # (offset in text, footnote number)
    bold: bool  # all its text is set in a bold font


@dataclass(frozen=True)
class Table:
    page: int
    box: Box
    columns: tuple[float, ...]  # x of the column borders, left to right
    rows: tuple[tuple[Cell | None, ...], ...]  # grid rows; None where a merged cell from above or left covers it
    header_rows: int  # how many grid rows at the top are the printed header (0: continued, not repeated)
    header: tuple[str, ...]  # the name of each column in the row units ("" when it has none)
    header_line: str  # "Bảng: <every header cell, column by column>"
    header_markers: tuple[tuple[int, int], ...]  # footnote markers in the header line: (offset, number)
    continued: bool  # continues the last table of the previous page


class UnreadableTable(Exception):
    """A table found on the page whose cells cannot be read: the page keeps its lines as read."""


def apply_tables(path: Path, pages: list[RawPage], warnings: list[str]) -> None:
    """Find the ruled tables of the given pages (those with a text layer) and replace their
    lines by row units, in place."""
    ruled = ruled_pages(path, len(pages))
    if not ruled:
        return
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds of errors on files pypdf could read
        warnings.append(f"không tìm được bảng trong tệp ({type(exc).__name__}), giữ nguyên văn bản")
        return
    previous: Table | None = None
    with pdf:
        for raw in pages:
            tables: list[Table] = []
            if raw.number in ruled and raw.lines:
                plumber_page = pdf.pages[raw.number - 1]
                try:
                    before = previous if previous is not None and previous.page == raw.number - 1 else None
                    tables = find_tables(plumber_page, raw, before)
                except UnreadableTable as exc:
                    warnings.append(f"trang {raw.number}: {exc}, giữ nguyên văn bản")
                except Exception as exc:
                    warnings.append(f"trang {raw.number}: không đọc được bảng ({type(exc).__name__}), giữ nguyên văn bản")
                plumber_page.close()
            previous = tables[-1] if tables else None
            for table in tables:
                raw.lines = _replace_lines(raw.lines, table)


def ruled_pages(path: Path, count: int) -> set[int]:
    """Pages with enough drawn line segments to hold a ruled table, counted with pdfium (fast):
    pdfplumber's full page analysis is only run on those. All pages if pdfium cannot read the file."""
    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return set(range(1, count + 1))
    ruled: set[int] = set()
    with closing(doc):
        for index in range(len(doc)):
            page = doc[index]
            paths = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH])
            if sum(max(0, pdfium_c.FPDFPath_CountSegments(obj.raw)) for obj in paths) >= MIN_RULING_SEGMENTS:
                ruled.add(index + 1)
            page.close()
    return ruled


def find_tables(plumber_page: pdfplumber.page.Page, raw: RawPage, previous: Table | None) -> list[Table]:
    """The real tables of one page, top to bottom. ``previous``: the last table of the page before."""
    if not raw.lines or plumber_page.rotation % 360:
        return []
    found = plumber_page.filter(_visible).find_tables(FINDER_SETTINGS)
    if not found:
        return []
    words = plumber_page.extract_words(x_tolerance=WORD_GAP)
    page_top = float(plumber_page.page_obj.mediabox[3])
    tables: list[Table] = []
    for candidate in sorted(found, key=lambda t: t.bbox[1]):
        if _cuts_words(candidate, words):
            continue
        cells = _fill(candidate, plumber_page.chars, page_top)
        if any(cell is not None and "(cid:" in cell.text for row in cells for cell in row):
            raise UnreadableTable("phông chữ trong bảng không giải mã được")  # glyphs without a Unicode map
        if len(cells) < 2 or sum(any(row[c] is not None and row[c].text for row in cells) for c in range(len(cells[0]))) < 2:
            continue
        box = _box(candidate.bbox, page_top)
        columns = tuple(sorted({c.box[0] for row in cells for c in row if c} | {box[2]}))
        first = previous if not tables else None
        tables.append(_table(raw, box, columns, cells, first))
    return tables


def _visible(obj: dict) -> bool:
    """Drop white, unstroked filled areas: invisible backgrounds, not rulings (cell shading stays:
    a header row may be set off by its shading alone)."""
    if obj["object_type"] != "rect" or obj.get("stroke") or min(obj["width"], obj["height"]) <= MAX_RULE_WIDTH:
        return True
    return _color(obj.get("non_stroking_color")) != WHITE


def _color(value: object) -> tuple[float, ...]:
    """A fill colour as RGB-ish components: gray g -> (g, g, g); CMYK -> RGB."""
    if isinstance(value, (int, float)):
        return (float(value),) * 3
    if isinstance(value, (tuple, list)) and all(isinstance(v, (int, float)) for v in value):
        if len(value) == 1:
            return (float(value[0]),) * 3
        if len(value) == 4:
            c, m, y, k = (float(v) for v in value)
            return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
        return tuple(float(v) for v in value)
    return ()


def _box(bbox: tuple[float, float, float, float], page_top: float) -> Box:
    """pdfplumber's (x0, top, x1, bottom), measured down from the page top -> PDF user space."""
    x0, top, x1, bottom = bbox
    return (x0, page_top - bottom, x1, page_top - top)


def _cuts_words(table: PlumberTable, words: list[dict]) -> bool:
    """Does a cell border run through a word? Then the rulings are not a table's."""
    words = _within(words, table.bbox)
    for x0, top, x1, bottom in table.cells:
        for w in words:
            if not top < (w["top"] + w["bottom"]) / 2 < bottom:
                continue
            if any(w["x0"] < edge - CUT_TOLERANCE and w["x1"] > edge + CUT_TOLERANCE for edge in (x0, x1)):
                return True
    return False


def _within(objects: list[dict], bbox: tuple[float, float, float, float]) -> list[dict]:
    """The characters or words whose centre lies inside ``bbox`` (pdfplumber's x0, top, x1, bottom)."""
    x0, top, x1, bottom = bbox
    return [o for o in objects if x0 <= (o["x0"] + o["x1"]) / 2 < x1 and top <= (o["top"] + o["bottom"]) / 2 < bottom]


def _fill(table: PlumberTable, chars: list[dict], page_top: float) -> list[list[Cell | None]]:
    """Give every cell its text, from the characters inside it; rows without any text are dropped."""
    columns = sorted({c[0] for row in table.rows for c in row.cells if c})
    chars = _within(chars, table.bbox)
    out: list[list[Cell | None]] = []
    for row in table.rows:
        cells: list[Cell | None] = []
        for c, bbox in enumerate(row.cells):
            if bbox is None:
                cells.append(None)
                continue
            x0, top, x1, bottom = bbox
            inside = _within(chars, bbox)
            text, markers = cell_text(inside)
            col_end = c + sum(1 for x in columns[c + 1 :] if x < x1 - SNAP_TOLERANCE) + 1
            inked = [ch for ch in inside if ch["text"].strip()]
            bold = bool(inked) and all("bold" in ch["fontname"].lower() for ch in inked)
            cells.append(Cell(c, col_end, _box(bbox, page_top), text, markers, bold))
        if any(cell is not None and cell.text for cell in cells):
            out.append(cells)
    return out


def cell_text(chars: list[dict]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text of a cell's characters, its lines joined by a space (a word hyphenated at a
    line end re-joined), and its footnote markers: small raised digits right after a word, or
    a bracketed number glued to it ("[3]")."""
    if not any(ch["text"].strip() for ch in chars):
        return "", ()
    size = Counter(round(ch["size"], 1) for ch in chars if ch["text"].strip()).most_common(1)[0][0]
    shown = _with_markers(chars, size)
    lines = [ln.strip() for ln in extract_text(shown).split("\n") if ln.strip()]
    text = ""
    for line in lines:
        if len(text) >= 2 and text[-1] == "-" and text[-2].islower() and line[:1].islower():
            text = text[:-1] + line  # a word hyphenated at the line end: "phát tri-" + "ển"
        elif text.endswith("-") and text[-2:-1].isupper() and line[:1].isupper():
            text += line  # a document code cut after its hyphen: "105/2025/NĐ-" + "CP"
        else:
            text = f"{text} {line}" if text else line
    text, _ = repair_legacy(nfc(text))
    raised = [
        (m.start(), int(m.group().translate(FROM_SUPERSCRIPT)))
        for m in SUPERSCRIPT_RE.finditer(text)
        if m.start() > 0 and not (m.group() in "²³" and text[m.start() - 1] == "m")
    ]
    bracketed = [(m.start(), int(m.group(1))) for m in BRACKET_MARKER_RE.finditer(text)]  # "dự án[3]"
    return text, tuple(sorted(raised + bracketed))


def _with_markers(chars: list[dict], size: float) -> list[dict]:
    """Small digits raised right after a word (no gap) are footnote markers: shown as superscript
    digits. Lowered ones (H2O) are subscripts, and a bracketed "[3]" is kept as written."""
    shown: list[dict] = []
    base: dict | None = None  # the last character of body size
    for char in chars:
        small = char["size"] <= MARKER_SIZE_RATIO * size
        prev = shown[-1] if shown else None
        if (
            small
            and char["text"].isdigit()
            and prev is not None
            and prev["text"].strip() not in ("", "[")
            and abs(char["x0"] - prev["x1"]) < MARKER_GAP * size
            and base is not None
            and RAISED * size < base["bottom"] - char["bottom"] < size  # raised above the line it follows
        ):
            char = {**char, "text": char["text"].translate(SUPERSCRIPT_DIGITS)}
        elif not small:
            base = char
        shown.append(char)
    return shown


def _is_group_row(row: tuple[Cell | None, ...] | list[Cell | None]) -> bool:
    """One cell with text, spanning at least half the columns: a title for the rows below."""
    filled = [c for c in row if c is not None and c.text]
    return len(filled) == 1 and filled[0].col_end - filled[0].col >= max(2, len(row) / 2)


def _header_rows(cells: list[list[Cell | None]], minimum: int) -> int:
    """The header rows at the top: at least ``minimum``, then rows set in bold that do not
    start with a row number, and a row numbering the columns ("(1)", "(2)" …) right below them."""
    count = 0
    for row in cells:
        filled = [c for c in row if c is not None and c.text]
        if not filled or _is_group_row(row):
            break
        numbered = row[0] is not None and bool(ORDINAL_RE.match(row[0].text))
        if count < minimum or (all(c.bold for c in filled) and not numbered):
            count += 1
        elif count and all(COLUMN_NUMBER_RE.match(c.text) for c in filled):
            count += 1
        else:
            break
    return count


def _column_headers(cells: list[list[Cell | None]], header_rows: int, ncols: int) -> tuple[str, ...]:
    """Per column, the header cells above it, top to bottom; a header spanning several
    columns is left out where a narrower header names the column."""
    headers: list[str] = []
    for c in range(ncols):
        over = [cell for row in cells[:header_rows] for cell in row if cell is not None and cell.col <= c < cell.col_end]
        narrow = [cell for cell in over if cell.col_end - cell.col == 1]
        headers.append(SUPERSCRIPT_RE.sub("", " ".join(cell.text for cell in (narrow or over) if cell.text)))
    return tuple(headers)


def _header_line(cells: list[list[Cell | None]], header_rows: int, ncols: int) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Every header cell once, column by column, top to bottom ("DANH MỤC TTHC ĐÃ CÔNG BỐ TÊN TTHC | …"),
    with the footnote markers of the header cells."""
    text, markers = "", []
    for c in range(ncols):
        column = [cell for row in cells[:header_rows] for cell in row if cell is not None and cell.col == c and cell.text]
        for k, cell in enumerate(column):
            text, markers = _append(text, markers, cell.text, cell.markers, " " if k else " | ")
    prefix = "Bảng: "
    return prefix + text, tuple((off + len(prefix), num) for off, num in markers)


def _table(raw: RawPage, box: Box, columns: tuple[float, ...], cells: list[list[Cell | None]], previous: Table | None) -> Table:
    ncols = len(cells[0])
    header_rows = _header_rows(cells, 0)
    continued = previous is not None and _continues(raw, box, columns, previous)
    if continued and previous is not None and (header_rows == 0 or _column_headers(cells, header_rows, ncols) == previous.header):
        header, line = previous.header, (previous.header_line, previous.header_markers)
    else:
        continued = False
        header_rows = header_rows or _header_rows(cells, 1)  # no bold header: the first row names the columns
        header, line = _column_headers(cells, header_rows, ncols), _header_line(cells, header_rows, ncols)
    rows = tuple(tuple(row) for row in cells)
    return Table(raw.number, box, columns, rows, header_rows, header, *line, continued)


def _continues(raw: RawPage, box: Box, columns: tuple[float, ...], previous: Table) -> bool:
    """Same column borders as the previous page's last table, and no text above it but the page's header band."""
    if len(columns) != len(previous.columns) or any(abs(a - b) > SAME_COLUMN for a, b in zip(columns, previous.columns)):
        return False
    band = raw.height * (1 - EDGE)
    return all(ln.y < box[3] or ln.y > band or PAGE_NUMBER_RE.match(ln.text) for ln in raw.lines)


def _ordinal_column(table: Table) -> int | None:
    """The first column when it only numbers the rows (``STT``, ``TT``; 1, 2, I, a, I.A.1)."""
    if ORDINAL_HEADER_RE.match(re.sub(r"\(\d+\)", "", table.header[0]).strip()):
        return 0
    values = [row[0].text for row in table.rows[table.header_rows :] if row[0] is not None and row[0].text and not _is_group_row(row)]
    return 0 if values and all(ORDINAL_RE.match(v) and len(v) <= 8 for v in values) else None


def row_units(table: Table) -> list[tuple[str, list[tuple[int, int]], float]]:
    """The text of each row unit (with its footnote markers and baseline), top to bottom;
    the header line comes first where the header is printed on this page."""
    units: list[tuple[str, list[tuple[int, int]], float]] = []
    if table.header_rows:
        units.append((table.header_line, list(table.header_markers), table.box[3]))
    ordinal = _ordinal_column(table)
    label_col = 1 if ordinal == 0 and len(table.header) > 1 else 0
    carried: dict[int, str] = {}  # the last label and ordinal: repeated where their cell is merged down
    for row in table.rows[table.header_rows :]:
        y = max((cell.box[3] for cell in row if cell is not None), default=table.box[3])
        filled = [cell for cell in row if cell is not None and cell.text]
        if not filled:
            continue
        if _is_group_row(row):
            units.append((filled[0].text, list(filled[0].markers), y))
            carried.clear()
            continue
        text = ""
        markers: list[tuple[int, int]] = []
        label_cols = [c for c in (ordinal, label_col) if c is not None]
        for c in label_cols:
            cell = row[c]
            if cell is not None:
                carried[c] = cell.text
                value, marks = cell.text, cell.markers
            elif any(left is not None and left.col < c < left.col_end for left in row):
                value, marks = "", ()  # covered by a cell merged from the left: its text is given there
            else:
                value, marks = carried.get(c, ""), ()  # a label merged down over several rows
            if value:
                text, markers = _append(text, markers, value, marks, " ")
        for cell in filled:
            if cell.col in label_cols:
                continue
            name = table.header[cell.col]
            prefix = f"{name}: " if name and name != cell.text else ""
            text, markers = _append(text, markers, prefix + cell.text, [(o + len(prefix), n) for o, n in cell.markers], ROW_SEP)
        units.append((text, markers, y))
    return units


def _append(
    text: str, markers: list[tuple[int, int]], part: str, part_markers: Iterable[tuple[int, int]], sep: str
) -> tuple[str, list[tuple[int, int]]]:
    base = len(text) + (len(sep) if text else 0)
    return (text + sep + part if text else part), markers + [(base + off, num) for off, num in part_markers]


def _inside(run: Run, box: Box) -> bool:
    x, y = run.x + 1.0, run.y + 0.3 * run.size  # a point inside the run's first glyph
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _replace_lines(lines: list[Line], table: Table) -> list[Line]:
    """The page's lines with the runs inside the table replaced by the table's row units,
    placed where the table's first line was. Runs outside it stay, as lines of their own."""
    out: list[Line] = []
    sizes: Counter[float] = Counter()
    at: int | None = None
    for line in lines:
        if line.table is not None:
            out.append(line)
            continue
        kept = [run for run in line.runs if not _inside(run, table.box)]
        if len(kept) == len(line.runs):
            out.append(line)
            continue
        if at is None:
            at = len(out)
        sizes.update(run.size for run in line.runs if run not in kept)
        out.extend(group_lines(kept) if kept else [])
    size = sizes.most_common(1)[0][0] if sizes else 10.0
    units = [
        Line([Run(text, table.box[0], y, size, "")], text=text, markers=markers, table=table.header_line)
        for text, markers, y in row_units(table)
    ]
    position = len(out) if at is None else at
    return out[:position] + units + out[position:]
