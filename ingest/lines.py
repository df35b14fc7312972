"""Glyph runs and text lines of one PDF page, read with pypdf's visitor callbacks.

pypdf calls ``visitor_text(text, cm, tm, font_dict, font_size)`` for each piece of
text it extracts, in content-stream order. From the text and graphics matrices we
get the baseline position and the effective font size of every run; from the
size and the baseline we recognise superscript footnote markers (small digits on
or slightly above a body-size line) and turn them into Unicode superscript digits
so the marker stays visible in the text and can be located by offset.

Lines whose missing glyphs were drawn afterwards in a fallback font, into holes left
in the line (LibreOffice does this), are rebuilt from glyph positions: see
``_fill_holes``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from pypdf import PageObject
from pypdf.generic import NameObject
from pypdf._text_extraction._layout_mode import Font

from tracuu.vn.normalize import FROM_SUPERSCRIPT, SUPERSCRIPTS, nfc, repair_legacy

SUPERSCRIPT_DIGITS = str.maketrans("0123456789", SUPERSCRIPTS)
SUPERSCRIPT_RE = re.compile(f"[{SUPERSCRIPTS}]+")
MARKER_TEXT_RE = re.compile(r"^(?:\d{1,3}(?:,\d{1,3})*|\[\d{1,3}\])$")  # "1", "1,2" or "[12]"
BRACKET_MARKER_RE = re.compile(r"(?<=[\w.,;:)”’\"])\[(\d{1,3})\]")  # "năm 2024[1]": an endnote call glued to the text

CELL_GAP = 1.0  # em: a wider gap between two runs without a space between them is a cell/word break
# A run is a superscript marker when its size is at most this fraction of the line's size.
MARKER_SIZE_RATIO = 0.8
MARKER_GAP = 0.5  # em: a marker follows its word closely


@dataclass(frozen=True)
class Run:
    text: str
    x: float
    y: float  # baseline, PDF user space (origin bottom-left)
    size: float  # effective font size in points
    font: str
    end: float | None = None  # x where the last glyph ends, when known (runs rebuilt from glyphs)


@dataclass
class Line:
    """One visual line: its runs in reading order and the text built from them."""

    runs: list[Run]
    text: str = ""
    markers: list[tuple[int, int]] = field(default_factory=list)  # (offset in text, footnote number)
    lead_number: int | None = None  # a small/superscript number opening the line (a footnote's number)
    repairs: int = 0  # broken legacy-font characters repaired in this line (Ƣ -> Ư, ...)
    table: str | None = None  # a table row unit made by ingest/tables.py: its table's header line

    @property
    def y(self) -> float:
        return self.main_run.y

    @property
    def x(self) -> float:
        return self.runs[0].x

    @property
    def size(self) -> float:
        return self.main_run.size

    @property
    def main_run(self) -> Run:
        """The run carrying most characters: its size is the line's size."""
        return max(self.runs, key=lambda r: len(r.text.strip()))

    @property
    def bold(self) -> bool:
        return "bold" in self.main_run.font.lower()


def _mult(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def page_runs(page: PageObject) -> list[Run]:
    """All text runs of a page in content-stream order (glyphs drawn into holes of a line put in place)."""
    runs: list[Run] = []
    recorder = _ShowRecorder()
    # per run: the range of text-showing operators whose text it holds, and whether pypdf's
    # piece held several lines (then the run's position is a guess)
    covered: list[tuple[int, int, bool]] = []
    seen = 0  # text-showing operators whose text pypdf has reported so far

    def visit(text: str, cm: list[float], tm: list[float], font_dict: dict | None, font_size: float) -> None:
        nonlocal seen
        ops = (seen, len(recorder.shows))
        seen = ops[1]
        if not text or not text.strip("\n"):
            return
        m = _mult(list(tm), list(cm))
        size = abs(font_size * math.hypot(m[2], m[3])) or abs(font_size)
        font = str((font_dict or {}).get("/BaseFont", ""))
        parts = text.split("\n")
        several = sum(1 for part in parts if part) > 1
        for i, part in enumerate(parts):
            if part:
                # pypdf ends a flushed piece with "\n" when the next text starts a new line;
                # a part after an inner newline has no position of its own: place it just below.
                runs.append(Run(nfc(part), m[4], m[5] - i * size * 1.2, round(size, 2), font))
                covered.append((*ops, several))

    page.extract_text(visitor_text=visit, visitor_operand_before=recorder.before, visitor_operand_after=recorder.after)
    return _fill_holes(page, runs, covered, recorder.shows)


# --- Glyphs drawn into the holes of a line -------------------------------------------------
#
# LibreOffice draws a line in its main font leaving holes (big TJ offsets) for the glyphs that
# font lacks, then draws those glyphs in a fallback font, positioned into the holes. pypdf
# reports the two pieces one after the other ("S : 30/2020/NĐ-CP" then "ố"). To put the glyphs
# back in place we compute the x extent of every glyph ourselves: from the text matrix, the
# font widths, Tc/Tw/Tz and the TJ offsets, and order by x only the runs of such a line.
# Widths and decoding come from pypdf's ``Font`` (``Font.from_font_resource``, imported from
# pypdf's private layout-mode package on purpose: pypdf is pinned to 7.1.1 in pyproject.toml,
# and this is how pypdf's own text extraction decodes, so our glyphs match its text).

WORD_GAP = 0.15  # a gap wider than this (in em) between two glyphs is a word space
HOLE_TOLERANCE = 0.1  # em


class _Glyph(NamedTuple):
    text: str
    x0: float
    x1: float
    y: float
    size: float  # effective font size
    font: str  # font resource name


@dataclass(frozen=True)
class _TextState:
    font: str = ""
    font_size: float = 0.0
    char_spacing: float = 0.0  # Tc
    word_spacing: float = 0.0  # Tw
    scale: float = 1.0  # Tz / 100


@dataclass
class _Show:
    """One text-showing operator (Tj or TJ) with the state it ran under."""

    items: list[Any] | None  # the strings and offsets shown; None when we cannot place them
    matrix: list[float]  # text matrix x CTM when the operator ran
    state: _TextState
    continues: bool  # no text positioning since the previous show: it starts where that one ended
    start: float = 0.0  # x where the show begins (before any leading TJ offset)
    glyphs: list[_Glyph] | None = None  # None: not placed (rotated text, unknown font or encoding, form)


class _ShowRecorder:
    """Follows the text state through pypdf's operator callbacks and records every show operator.

    pypdf does not advance its text matrix after showing text and keeps Tc/Tw/Tz to itself,
    so these are tracked here. Text inside form XObjects is recorded but not placed."""

    def __init__(self) -> None:
        self.shows: list[_Show] = []
        self.state = _TextState()
        self.saved: list[_TextState] = []
        self.form_depth = 0
        self.moved = True

    def before(self, op: bytes, operands: list[Any], cm: list[float], tm: list[float]) -> None:
        if op in (b"q", b"Do"):
            self.saved.append(self.state)
            self.form_depth += op == b"Do"
        elif op == b"Q" and self.saved:
            self.state = self.saved.pop()
        elif op in _STATE_OPERATORS:
            self.state = _set_state(self.state, op, operands)
        elif op in (b"BT", b"Td", b"TD", b"Tm", b"T*"):
            self.moved = True
        elif op in (b"Tj", b"TJ", b"'", b'"'):
            items = _shown_items(op, operands) if self.form_depth == 0 else None
            self.shows.append(_Show(items, _mult(list(tm), list(cm)), self.state, not self.moved))
            self.moved = False

    def after(self, op: bytes, operands: list[Any], cm: list[float], tm: list[float]) -> None:
        if op == b"Do" and self.saved:
            self.state = self.saved.pop()
            self.form_depth -= 1


_STATE_OPERATORS = (b"Tf", b"Tc", b"Tw", b"Tz")


def _number(value: Any, default: float) -> float:
    return float(value) if isinstance(value, (int, float)) else default


def _set_state(state: _TextState, op: bytes, operands: list[Any]) -> _TextState:
    first = operands[0] if operands else None
    if op == b"Tf":
        size = _number(operands[1], state.font_size) if len(operands) > 1 else state.font_size
        return replace(state, font=str(first), font_size=size)
    if op == b"Tc":
        return replace(state, char_spacing=_number(first, 0.0))
    if op == b"Tw":
        return replace(state, word_spacing=_number(first, 0.0))
    return replace(state, scale=_number(first, 100.0) / 100)


def _shown_items(op: bytes, operands: list[Any]) -> list[Any] | None:
    """The strings and offsets of a Tj/TJ; None for ' and " (they move to the next line first)."""
    if op == b"Tj" and operands and isinstance(operands[0], (str, bytes)):
        return [operands[0]]
    if op == b"TJ" and operands and isinstance(operands[0], list):
        return list(operands[0])
    return None


def _decode(font: Font, data: str | bytes) -> list[tuple[str, str, float]] | None:
    """(code, text, width in 1/1000 em) of each glyph, decoded as pypdf's text extraction decodes it."""
    if isinstance(data, str):
        codes = [(c, c) for c in data]
    elif isinstance(font.encoding, dict):
        codes = [(chr(b), font.encoding.get(b, chr(b))) for b in data]
    else:
        try:
            codes = [(c, c) for c in data.decode(font.encoding, "surrogatepass")]
        except (UnicodeDecodeError, LookupError):
            return None
    widths = font.character_widths
    return [(code, font.character_map.get(m, m), widths.get(code, widths["default"])) for code, m in codes]


def _font_loader(page: PageObject) -> Callable[[str], Font | None]:
    """The page's fonts by resource name, each built on first use."""
    fonts: dict[str, Font | None] = {}

    def load(name: str) -> Font | None:
        if name not in fonts:
            try:
                resources = page["/Resources"].get_object()["/Font"].get_object()
                fonts[name] = Font.from_font_resource(resources[name].get_object())
            except (KeyError, AttributeError, TypeError):  # what pypdf's own extraction skips too
                fonts[name] = None
        return fonts[name]

    return load


def _place_glyphs(shows: list[_Show], font_of: Callable[[str], Font | None]) -> None:
    """Set ``start`` and ``glyphs`` of every upright show whose font and encoding are known."""
    pen: float | None = 0.0  # advance in text space since the last positioning; None: unknown
    decoded: dict[tuple[str, str | bytes], list[tuple[str, str, float]] | None] = {}
    for show in shows:
        if not show.continues:
            pen = 0.0
        m = show.matrix
        font = font_of(show.state.font)
        placeable = show.items is not None and font is not None and abs(m[1]) < 1e-6 and abs(m[2]) < 1e-6 and m[0] > 0
        pen = _place_show(show, font, pen, decoded) if pen is not None and placeable else None


def _place_show(
    show: _Show, font: Font, pen: float, decoded: dict[tuple[str, str | bytes], list[tuple[str, str, float]] | None]
) -> float | None:
    """Place the glyphs of one show starting ``pen`` text space units after its matrix origin;
    returns where the pen ends, None when the show cannot be placed."""
    m, state = show.matrix, show.state
    size = round(abs(state.font_size * m[3]), 2)
    em = state.font_size * state.scale / 1000  # text space units per 1/1000 em
    start = m[4] + pen * m[0]
    glyphs: list[_Glyph] = []
    for item in show.items or []:
        if isinstance(item, (int, float)):
            pen -= item * em
            continue
        if not isinstance(item, (str, bytes)) or isinstance(item, NameObject):
            return None
        if (state.font, item) not in decoded:  # the same words and glyphs come back often
            decoded[state.font, item] = _decode(font, item)
        if (codes := decoded[state.font, item]) is None:
            return None
        word_spacing = state.word_spacing if isinstance(item, bytes) and isinstance(font.encoding, dict) else 0.0
        for code, text, width in codes:
            x0 = m[4] + pen * m[0]
            glyphs.append(_Glyph(text, x0, x0 + width * em * m[0], m[5], size, state.font))
            pen += width * em + (state.char_spacing + (word_spacing if code == " " else 0.0)) * state.scale
    show.start, show.glyphs = start, glyphs
    return pen


def _fill_holes(
    page: PageObject, runs: list[Run], covered: list[tuple[int, int, bool]], shows: list[_Show]
) -> list[Run]:
    """Rebuild, ordered by x, the runs of each line whose holes a later show filled;
    all other runs stay exactly as pypdf read them."""
    if len(shows) < 2:
        return runs
    font_of = _font_loader(page)
    _place_glyphs(shows, font_of)
    pairs = _hole_fillings(shows)
    if not pairs:
        return runs
    rebuilt_at: dict[int, list[Run]] = {}  # first run of a rebuilt line piece -> its new runs
    ends: dict[int, Run] = {}  # last run of a rebuilt line piece -> its last new run
    dropped: set[int] = set()
    for run_ids, show_ids in _groups(pairs, covered, len(shows)):
        if any(shows[k].glyphs is None for k in show_ids) or any(covered[r][2] for r in run_ids):
            continue  # part of the line cannot be placed: keep what pypdf read
        glyphs = [g for k in show_ids for g in shows[k].glyphs or []]
        rebuilt = _runs_from_glyphs(glyphs, font_of)
        if _inked(runs[r].text for r in run_ids) != _inked(run.text for run in rebuilt):
            continue  # not the same glyphs as pypdf read: keep those
        rebuilt_at[run_ids[0]] = rebuilt
        dropped.update(run_ids[1:])
        ends[run_ids[-1]] = rebuilt[-1]
    # pypdf measures the gap to the next piece of the line from the end of the fallback glyphs,
    # so a space it put there on its own (a run of no glyphs) is judged again from the real end.
    for last, before in ends.items():
        space, following = last + 1, last + 2
        if following < len(runs) and covered[space][0] == covered[space][1] and runs[space].text.isspace():
            after = rebuilt_at[following][0] if following in rebuilt_at else runs[following]
            if not _word_space(before, after):
                dropped.add(space)
    out: list[Run] = []
    for i, run in enumerate(runs):
        if i not in dropped:
            out.extend(rebuilt_at.get(i, [run]))
    return out


def _word_space(before: Run, after: Run) -> bool:
    """Whether a space belongs between a rebuilt run (its end known) and the next run."""
    if abs(after.y - before.y) > 0.2 * before.size:
        return True  # another line: the space is harmless
    if before.text[-1:].isspace() or after.text[:1].isspace():
        return False
    return after.x - (before.end or before.x) > WORD_GAP * before.size


def _inked(texts: Iterable[str]) -> Counter[str]:
    return Counter(c for c in nfc("".join(texts)) if not c.isspace())


def _hole_fillings(shows: list[_Show]) -> list[tuple[int, int]]:
    """(earlier, later) pairs of shows where the later one fills holes of the earlier one. Only a
    show that starts left of the end of the text already drawn on its baseline is compared."""
    pairs: list[tuple[int, int]] = []
    by_line: dict[int, list[int]] = {}
    line_end: dict[int, float] = {}  # right end of the text drawn so far on each baseline
    for j, later in enumerate(shows):
        if not later.glyphs:
            continue
        first = later.glyphs[0]
        key = round(first.y)
        tolerance = HOLE_TOLERANCE * first.size
        keys = (key - 1, key, key + 1)
        if first.x0 < max(line_end.get(k, -math.inf) for k in keys) - tolerance:  # text going back: rare
            pairs.extend((i, j) for k in keys for i in by_line.get(k, []) if _fills_holes(shows[i], later))
        by_line.setdefault(key, []).append(j)
        line_end[key] = max(line_end.get(key, -math.inf), max(g.x1 for g in later.glyphs))
    return pairs


def _fills_holes(earlier: _Show, later: _Show) -> bool:
    """The later show's glyphs lie among the earlier one's (or end where it starts, for a hole that
    opens a line), on its baseline, and none of them lands on an inked glyph of the earlier show."""
    inked = [g for g in earlier.glyphs or [] if g.text.strip() and g.x1 > g.x0]
    filling = [g for g in later.glyphs or [] if g.text.strip()]
    if not inked or not filling:
        return False  # only spaces or zero-width marks: no holes to fill
    tolerance = HOLE_TOLERANCE * inked[0].size
    if abs(filling[0].y - inked[0].y) > 0.2 * inked[0].size:
        return False
    if not (min(g.x0 for g in filling) < max(g.x1 for g in earlier.glyphs or []) - tolerance
            and max(g.x1 for g in filling) > earlier.start - tolerance):
        return False
    return not any(a.x0 < (g.x0 + g.x1) / 2 < a.x1 for g in filling for a in inked)


def _groups(
    pairs: list[tuple[int, int]], covered: list[tuple[int, int, bool]], count: int
) -> list[tuple[list[int], list[int]]]:
    """(run ids, show ids) of each line to rebuild: the shows joined by a hole filling, and all
    shows of every run that reports one of them (pypdf may put several shows in one run)."""
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for first, end, _ in covered:
        for k in range(first + 1, end):
            parent[root(k)] = root(first)
    for i, j in pairs:
        parent[root(j)] = root(i)
    filled = {root(i) for i, _ in pairs}
    groups: dict[int, tuple[list[int], list[int]]] = {r: ([], []) for r in filled}
    for r, (first, end, _) in enumerate(covered):
        if first < end and root(first) in filled:
            groups[root(first)][0].append(r)
    for k in range(count):
        if root(k) in filled:
            groups[root(k)][1].append(k)
    return list(groups.values())


def _runs_from_glyphs(glyphs: list[_Glyph], font_of: Callable[[str], Font | None]) -> list[Run]:
    """Glyphs ordered by x, one run per piece of one size and baseline (a superscript stays a run
    of its own): the fallback glyphs join the run they fill, which is named after the font of most
    of its glyphs. A gap wider than WORD_GAP between two glyphs is a space."""
    pieces: list[tuple[list[_Glyph], list[str]]] = []  # (glyphs, text parts) of each run
    prev: _Glyph | None = None
    for g in sorted(glyphs, key=lambda g: g.x0):
        if prev is not None and g.x0 - prev.x1 > WORD_GAP * g.size and prev.text.strip() and g.text.strip():
            pieces[-1][1].append(" ")
        if prev is None or (g.size, g.y) != (prev.size, prev.y):
            pieces.append(([], []))
        pieces[-1][0].append(g)
        pieces[-1][1].append(g.text)
        prev = g
    runs = []
    for shown, parts in pieces:
        fonts = Counter(g.font for g in shown if g.text.strip()).most_common(1)
        font = fonts[0][0] if fonts else shown[0].font
        end = max(g.x1 for g in shown)
        runs.append(Run(nfc("".join(parts)), shown[0].x0, shown[0].y, shown[0].size, _base_font(font_of(font)), end))
    return runs


def _base_font(font: Font | None) -> str:
    """The font's /BaseFont as the visitor reports it (a name with its slash)."""
    return f"/{font.name}" if font is not None else ""


def _is_marker_run(run: Run, line: Line) -> bool:
    """Small digits, or a bracketed number set small or raised above the line's baseline."""
    text = run.text.strip()
    if not MARKER_TEXT_RE.match(text):
        return False
    ref = line.main_run
    if run.size <= MARKER_SIZE_RATIO * ref.size:
        return True
    return text.startswith("[") and run.y - ref.y > 0.15 * ref.size


def group_lines(runs: list[Run]) -> list[Line]:
    """Group runs into lines (same baseline, or a small raised run = superscript)."""
    lines: list[Line] = []
    for run in runs:
        cur = lines[-1] if lines else None
        if cur is not None and _same_line(cur, run):
            cur.runs.append(run)
        else:
            lines.append(Line([run]))
    for line in lines:
        _build_text(line)
    return [ln for ln in lines if ln.text.strip()]


def _same_line(line: Line, run: Run) -> bool:
    ref = line.main_run
    dy = run.y - ref.y
    if abs(dy) <= 0.35 * max(ref.size, run.size):
        return not _column_gap(line.runs[-1], run)
    marker_like = bool(MARKER_TEXT_RE.match(run.text.strip()))
    if marker_like and 0 < dy < 0.75 * ref.size:
        return True  # a superscript marker raised above this line
    # the line so far is only a raised marker (a note number) and this run is its text
    inked = [r for r in line.runs if r.text.strip()]
    only_marker = len(inked) == 1 and MARKER_TEXT_RE.match(ref.text.strip())
    return bool(only_marker) and 0 < -dy < 0.75 * max(ref.size, run.size)


def _end(run: Run) -> float:
    """Where a run ends: known for rebuilt runs, else estimated from Times-like widths
    (capitals, m and w 0.75 em, other letters and digits 0.5 em, spaces 0.25 em, punctuation 0.33 em)."""
    if run.end is not None:
        return run.end
    ems = sum(
        0.75 if c.isupper() or c in "mwMW" else 0.5 if c.isalnum() else 0.25 if c.isspace() else 0.33 for c in run.text
    )
    return run.x + ems * run.size


def _column_gap(prev: Run, run: Run) -> bool:
    """A run far to the right of where the previous one ends starts another column
    (e.g. the two header blocks of a Vietnamese document)."""
    return run.x > _end(prev) + 2 * prev.size


def _cell_gap(prev: Run, run: Run) -> bool:
    """A visible gap between two runs of one line (table cells drawn one by one) that no
    space character stands for: the text needs a space there."""
    return run.x > prev.x and run.x > _end(prev) + CELL_GAP * run.size


def _raised(run: Run, line: Line) -> bool:
    return run.y - line.main_run.y > 0.15 * line.main_run.size


def _apart(before: list[Run], run: Run) -> bool:
    """The run starts well after the end of the text before it (a number in the next table
    cell, not a marker glued to a word); known only when that text was rebuilt from glyphs."""
    inked = [r for r in before if r.text.strip()]
    last = inked[-1] if inked else None
    return last is not None and last.end is not None and run.x - last.end > MARKER_GAP * last.size


def _marker_display(num: str) -> str:
    """Digits become Unicode superscripts; a bracketed "[12]" is kept as written."""
    return num if num.startswith("[") else num.translate(SUPERSCRIPT_DIGITS)


def _build_text(line: Line) -> None:
    """Concatenate runs; small digit runs after text become superscript markers."""
    parts: list[str] = []
    length = 0
    markers: list[tuple[int, int]] = []
    for i, run in enumerate(line.runs):
        text, fixed = repair_legacy(run.text)
        line.repairs += fixed
        if i == 0 and len(line.runs) > 1 and _is_marker_run(run, line):
            shown = _marker_display(text.strip().split(",")[0])
            line.lead_number = int(shown.strip("[]").translate(FROM_SUPERSCRIPT))
            parts.append(shown)
            length += len(shown)
            continue
        glued = bool(parts) and not parts[-1][-1:].isspace()  # markers follow a word without a space
        if i > 0 and (glued or _raised(run, line)) and _is_marker_run(run, line) and not _apart(line.runs[:i], run):
            if not glued:  # pypdf put a space before the raised run: it is not in the document
                parts[-1] = parts[-1][:-1]
                length -= 1
            digits = text.strip()
            if digits in ("2", "3") and parts[-1].endswith("m"):
                parts.append(digits.translate(SUPERSCRIPT_DIGITS))  # m², m³ drawn raised: a unit
                length += 1
                continue
            # "1,2" style multiple markers
            for k, num in enumerate(digits.split(",")):
                if not num:
                    continue
                if k > 0:
                    parts.append(" ")
                    length += 1
                sup = _marker_display(num)
                markers.append((length, int(num.strip("[]"))))
                parts.append(sup)
                length += len(sup)
            continue
        if i > 0 and parts and not parts[-1][-1:].isspace() and not text[:1].isspace() and _cell_gap(line.runs[i - 1], run):
            parts.append(" ")
            length += 1
        parts.append(text)
        length += len(text)
    text = "".join(parts)
    # Unicode superscript digits written directly in the text are markers too
    # (skipping those we just produced and a leading superscript, which numbers a footnote line).
    known = {off for off, _ in markers}
    for m in BRACKET_MARKER_RE.finditer(text):
        if m.start() not in known:
            markers.append((m.start(), int(m.group(1))))
    for m in SUPERSCRIPT_RE.finditer(text):
        number = int(m.group().translate(FROM_SUPERSCRIPT))
        if m.group() in "²³" and text[max(0, m.start() - 1) : m.start()] == "m":
            continue  # km², m³: a unit, not a marker
        if m.start() == 0:
            line.lead_number = number
        elif m.start() not in known:
            markers.append((m.start(), number))
    line.text = text
    line.markers = sorted(markers)
