"""Text lines of one PDF page, built from its text runs.

Runs on one baseline (or a small raised run: a superscript) make a line. From the size and
the baseline we recognise superscript footnote markers (small digits on or slightly above a
body-size line) and turn them into Unicode superscript digits so the marker stays visible in
the text and can be located by offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracuu.vn.normalize import FROM_SUPERSCRIPT, SUPERSCRIPTS, repair_legacy

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
        """The run carrying most characters, a marker-like number only when there is no other
        text ("đ)" + raised "46", "46" + "Đ"): its size is the line's size."""
        text = [r for r in self.runs if r.text.strip() and not MARKER_TEXT_RE.match(r.text.strip())]
        return max(text or self.runs, key=lambda r: len(r.text.strip()))

    @property
    def bold(self) -> bool:
        return "bold" in self.main_run.font.lower()



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


def em_width(c: str) -> float:
    """A character's width estimated from Times-like widths (capitals, m and w 0.75 em, other
    letters and digits 0.5 em, spaces 0.25 em, punctuation 0.33 em)."""
    return 0.75 if c.isupper() or c in "mwMW" else 0.5 if c.isalnum() else 0.25 if c.isspace() else 0.33


def _end(run: Run) -> float:
    """Where a run ends: known for rebuilt runs, else estimated (``em_width``)."""
    if run.end is not None:
        return run.end
    return run.x + sum(em_width(c) for c in run.text) * run.size


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
