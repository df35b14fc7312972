"""Split the lines of each page into zones: running header/footer, page number, body, footnotes."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.lines import Line, Run, group_lines
from ingest.reader import RawPage

PAGE_NUMBER_RE = re.compile(r"^[\s\-–—]*(?:trang\s*)?(\d{1,4})(?:\s*/\s*\d{1,4})?[\s\-–—]*$", re.IGNORECASE)
PLAIN_NOTE_START_RE = re.compile(r"^(\d{1,3})[\s.)]\s*\S")
EDGE = 0.1  # top/bottom fraction of the page where headers and footers live
FOOTNOTE_SIZE_RATIO = 0.92  # footnote text is set smaller than the body
RULE_RE = re.compile(r"^\s*_{5,}\s*$")  # the footnote separator typed as underscores


@dataclass
class Zones:
    body: list[Line] = field(default_factory=list)
    notes: list[tuple[int, list[Line]]] = field(default_factory=list)  # (number, its lines)
    header: list[Line] = field(default_factory=list)
    footer: list[Line] = field(default_factory=list)
    label: str | None = None


def body_font_size(pages: list[RawPage]) -> float:
    """The most common font size, weighted by characters."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size)] += len(line.text)
    return float(sizes.most_common(1)[0][0]) if sizes else 12.0


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def repeated_edge_lines(pages: list[RawPage]) -> set[str]:
    """Texts (digits masked) that sit at the top or bottom edge of many pages: running headers/footers."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        keys = {_edge_key(ln.text) for ln in page.lines if _at_edge(ln, page)}
        seen.update(keys)
    return {k for k, n in seen.items() if n >= max(3, 0.4 * len(pages)) and k}


def _at_edge(line: Line, page: RawPage) -> bool:
    return line.y > page.height * (1 - EDGE) or line.y < page.height * EDGE


def split_zones(page: RawPage, body_size: float, repeated: set[str]) -> Zones:
    zones = Zones()
    rest: list[Line] = []
    for line in page.lines:
        if _at_edge(line, page) and line.table is None:  # a table row is body text wherever it lies
            m = PAGE_NUMBER_RE.match(line.text)
            if m and zones.label is None:
                zones.label = m.group(1)
                (zones.header if line.y > page.height / 2 else zones.footer).append(line)
                continue
            if _edge_key(line.text) in repeated:
                (zones.header if line.y > page.height / 2 else zones.footer).append(line)
                continue
        rest.append(line)
    body, notes = _split_notes(rest, body_size)
    zones.body = body
    zones.notes = notes
    return zones


def _split_notes(lines: list[Line], body_size: float) -> tuple[list[Line], list[tuple[int, list[Line]]]]:
    """Footnotes: the run of small-font lines at the bottom of the page, opened by a numbered
    line; or, where notes are set at the body size, the lines below a typed rule ("______")
    opened by a small raised number. The rule goes with the notes."""
    if not lines:
        return lines, []
    order = sorted(range(len(lines)), key=lambda i: -lines[i].y)  # top to bottom
    bottom: list[int] = []
    for i in reversed(order):
        if lines[i].size < FOOTNOTE_SIZE_RATIO * body_size and lines[i].table is None:
            bottom.append(i)
        else:
            break
    bottom.reverse()  # top to bottom
    body_markers = {num for i in order if i not in bottom for _, num in lines[i].markers}
    start = None
    for pos, i in enumerate(bottom):
        if _note_number(lines[i], body_markers) is not None:
            start = pos
            break
    if start is not None:
        note_idx, rule = bottom[start:], []
    else:
        note_idx, rule = _notes_below_rule(lines, order)
    if not note_idx:
        return lines, []
    notes: list[tuple[int, list[Line]]] = []
    for i in note_idx:
        number = _note_number(lines[i], body_markers)
        if number is not None and (not notes or number != notes[-1][0]):
            notes.append((number, [lines[i]]))
        else:
            notes[-1][1].append(lines[i])
    keep = set(note_idx) | set(rule)
    return [ln for i, ln in enumerate(lines) if i not in keep], notes


def _notes_below_rule(lines: list[Line], order: list[int]) -> tuple[list[int], list[int]]:
    """(note lines, rule line) top to bottom: everything below the last typed rule whose next
    line opens with a small raised number, when no line there is set larger than that one (a
    rule under a header is followed by a title); nothing when there is no such rule."""
    for pos in range(len(order) - 2, -1, -1):
        first = lines[order[pos + 1]]
        if RULE_RE.match(lines[order[pos]].text) and first.lead_number is not None:
            below = order[pos + 1 :]
            if all(lines[i].size <= first.size + 0.5 for i in below):
                return below, [order[pos]]
            return [], []
    return [], []


def _note_number(line: Line, body_markers: set[int]) -> int | None:
    if line.lead_number is not None:
        return line.lead_number
    m = PLAIN_NOTE_START_RE.match(line.text)
    if m and int(m.group(1)) in body_markers:
        return int(m.group(1))
    return None


OCR_LINE_SIZE = 12.0


def lines_from_text(text: str, width: float, height: float) -> list[Line]:
    """Lines for a page whose text came from OCR: one line per text line, top to bottom,
    a blank line leaving a paragraph gap. OCR gives no font sizes, so all share one size."""
    lines: list[Line] = []
    y = height * (1 - EDGE) - OCR_LINE_SIZE  # start below the header band
    step = height * (1 - 2 * EDGE) / max(1, text.count("\n") + 2)
    for raw in text.splitlines():
        y -= step
        if raw.strip():
            lines.append(group_lines([Run(raw, width * 0.12, y, OCR_LINE_SIZE, "OCR")])[0])
    return lines
