"""Ruled tables: found with pdfplumber's table finder, each row rewritten as one text unit.

pdfplumber finds the grid of a table from its drawn rulings (``lines`` strategy; edges
closer than ``SNAP_TOLERANCE`` are one ruling, so the double borders and cell-padding
rectangles of Word tables do not make empty columns). The text of every cell is taken from
our own pypdf runs (so legacy-font repairs and footnote markers are kept), and the page's
lines inside the table are replaced by:

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
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from ingest.flow import join_lines
from ingest.layout import EDGE, PAGE_NUMBER_RE, RawPage
from ingest.lines import Line, Run, group_lines

SNAP_TOLERANCE = 6.0  # pt: rulings closer than this are one (double borders, cell padding boxes)
FINDER_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": SNAP_TOLERANCE}
CUT_TOLERANCE = 1.5  # pt: a word reaching this far across a cell border is cut by it
SAME_COLUMN = 3.0  # pt: column borders of a continued table lie this close to the previous page's
ROW_SEP = " · "
ORDINAL_HEADER_RE = re.compile(r"^(?:s[ốo]\s*)?t\.?\s?t\.?$|^số thứ tự$", re.IGNORECASE)
ORDINAL_RE = re.compile(r"^(?:[IVXLC]+|\d{1,3}|[a-zđ])(?:\.(?:[IVXLC]+|[A-Z]|\d{1,3}))*[.)]?$")
COLUMN_NUMBER_RE = re.compile(r"^\(\d{1,2}\)")  # "(1)", "(7)=(6)÷5": a row numbering the columns

Box = tuple[float, float, float, float]  # x0, bottom, x1, top in PDF user space


@dataclass(frozen=True)
class Cell:
    row: int  # the grid row and column where the cell starts
    col: int
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
    header: tuple[str, ...]  # one header text per column ("" when it has none)
    continued: bool  # continues the last table of the previous page

    @property
    def header_line(self) -> str:
        return "Bảng: " + " | ".join(h for h in self.header if h)


def apply_tables(path: Path, pages: list[RawPage], warnings: list[str]) -> None:
    """Find the ruled tables of every page and replace their lines by row units (in place)."""
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds of errors on files pypdf could read
        warnings.append(f"không tìm được bảng trong tệp ({type(exc).__name__}), giữ nguyên văn bản")
        return
    previous: Table | None = None
    with pdf:
        for raw, plumber_page in zip(pages, pdf.pages):
            try:
                tables = find_tables(plumber_page, raw, previous)
            except Exception as exc:
                warnings.append(f"trang {raw.number}: không đọc được bảng ({type(exc).__name__}), giữ nguyên văn bản")
                tables = []
            previous = tables[-1] if tables else None
            for table in tables:
                raw.lines = _replace_lines(raw.lines, table)


def find_tables(plumber_page: pdfplumber.page.Page, raw: RawPage, previous: Table | None) -> list[Table]:
    """The real tables of one page, top to bottom. ``previous``: the last table of the page before."""
    if not raw.lines or plumber_page.rotation % 360:
        return []
    found = plumber_page.find_tables(FINDER_SETTINGS)
    if not found:
        return []
    words = plumber_page.extract_words()
    page_top = float(plumber_page.page_obj.mediabox[3])
    runs = [run for line in raw.lines for run in line.runs]
    tables: list[Table] = []
    for candidate in sorted(found, key=lambda t: t.bbox[1]):
        grid = [[_box(c, page_top) if c else None for c in row.cells] for row in candidate.rows]
        if _cuts_words(grid, words, page_top):
            continue
        cells = _fill(grid, runs)
        if len(cells) < 2 or sum(any(row[c] is not None and row[c].text for row in cells) for c in range(len(grid[0]))) < 2:
            continue
        box = _box(candidate.bbox, page_top)
        columns = tuple(sorted({c.box[0] for row in cells for c in row if c} | {box[2]}))
        first = previous if not tables else None
        tables.append(_table(raw, box, columns, cells, first))
    return tables


def _box(bbox: tuple[float, float, float, float], page_top: float) -> Box:
    """pdfplumber's (x0, top, x1, bottom), measured down from the page top -> PDF user space."""
    x0, top, x1, bottom = bbox
    return (x0, page_top - bottom, x1, page_top - top)


def _cuts_words(grid: list[list[Box | None]], words: list[dict], page_top: float) -> bool:
    """Does a cell border run through a word? Then the rulings are not a table's."""
    for row in grid:
        for box in row:
            if box is None:
                continue
            for w in words:
                mid = page_top - (w["top"] + w["bottom"]) / 2
                if not box[1] < mid < box[3]:
                    continue
                for edge in (box[0], box[2]):
                    if w["x0"] < edge - CUT_TOLERANCE and w["x1"] > edge + CUT_TOLERANCE:
                        return True
    return False


def _inside(run: Run, box: Box) -> bool:
    x, y = run.x + 1.0, run.y + 0.3 * run.size  # a point inside the first glyph
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _fill(grid: list[list[Box | None]], runs: list[Run]) -> list[list[Cell | None]]:
    """Give every cell its text, from the runs inside it; rows without any text are dropped."""
    columns = sorted({box[0] for row in grid for box in row if box})
    out: list[list[Cell | None]] = []
    for r, row in enumerate(grid):
        cells: list[Cell | None] = []
        for c, box in enumerate(row):
            if box is None:
                cells.append(None)
                continue
            inside = [run for run in runs if _inside(run, box)]
            lines = sorted(group_lines(inside), key=lambda ln: -ln.y)
            text, markers = join_lines(lines)
            col_end = c + sum(1 for x in columns[c + 1 :] if x < box[2] - SNAP_TOLERANCE) + 1
            bold = bool(inside) and all("bold" in run.font.lower() for run in inside if run.text.strip())
            cells.append(Cell(r, c, col_end, box, text, tuple(markers), bold))
        if any(cell is not None and cell.text for cell in cells):
            out.append(cells)
    return out


def _is_group_row(row: tuple[Cell | None, ...] | list[Cell | None]) -> bool:
    """One cell with text, spanning at least half the columns: a title for the rows below."""
    filled = [c for c in row if c is not None and c.text]
    return len(filled) == 1 and filled[0].col_end - filled[0].col >= max(2, len(row) / 2)


def _header_rows(cells: list[list[Cell | None]]) -> int:
    """Leading rows set in bold (and a row numbering the columns right below them)."""
    count = 0
    for row in cells:
        filled = [c for c in row if c is not None and c.text]
        if not filled or _is_group_row(row):
            break
        if all(c.bold for c in filled) or (count and all(COLUMN_NUMBER_RE.match(c.text) for c in filled)):
            count += 1
            continue
        break
    return count


def _column_headers(cells: list[list[Cell | None]], header_rows: int, ncols: int) -> tuple[str, ...]:
    """Per column, the header cells above it, top to bottom; a header spanning several
    columns is left out where a narrower header names the column."""
    headers: list[str] = []
    for c in range(ncols):
        over = [cell for row in cells[:header_rows] for cell in row if cell is not None and cell.col <= c < cell.col_end]
        narrow = [cell for cell in over if cell.col_end - cell.col == 1]
        headers.append(" ".join(cell.text for cell in (narrow or over) if cell.text))
    return tuple(headers)


def _table(raw: RawPage, box: Box, columns: tuple[float, ...], cells: list[list[Cell | None]], previous: Table | None) -> Table:
    ncols = len(cells[0])
    header_rows = _header_rows(cells)
    continued = previous is not None and _continues(raw, box, columns, previous)
    if continued and previous is not None and (header_rows == 0 or _column_headers(cells, header_rows, ncols) == previous.header):
        header = previous.header
    else:
        continued = False
        header_rows = header_rows or 1
        header = _column_headers(cells, header_rows, ncols)
    rows = tuple(tuple(row) for row in cells)
    return Table(raw.number, box, columns, rows, header_rows, header, continued)


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
        units.append((table.header_line, [], table.box[3]))
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
            else:
                value, marks = carried.get(c, ""), ()
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


def _replace_lines(lines: list[Line], table: Table) -> list[Line]:
    """The page's lines with the runs inside the table's cells replaced by the table's row units,
    placed where the table's first line was. Runs inside no cell stay as lines of their own."""
    boxes = [cell.box for row in table.rows for cell in row if cell is not None]
    out: list[Line] = []
    sizes: Counter[float] = Counter()
    at: int | None = None
    for line in lines:
        if line.table is not None:
            out.append(line)
            continue
        kept = [run for run in line.runs if not any(_inside(run, b) for b in boxes)]
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
