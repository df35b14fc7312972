"""Body lines of all pages -> paragraphs that flow across page breaks, with exact page offsets.

Page texts are built here, so every offset (paragraph spans, footnote markers)
points into the final ``Page.text``. Lines of one paragraph are joined with a
space (none after a hyphen glued to the text, which stays: "223/STP-" + "BTTP"); paragraphs
on a page are separated by a newline. A paragraph interrupted by a page break (and the page's
footnote block) continues on the next page and is ONE paragraph.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from ingest.lines import Line
from ingest.models import Marker, Span
from tracuu.vn.headings import heading_level

TERMINAL = tuple(".:;!?…\"”)")
NOTE_START_RE = re.compile(r"^\s*\[\d{1,3}\]\s")
NUMBER_WORD_END_RE = re.compile(r"(?<!\w)số:?\s*$", re.IGNORECASE)  # a line ending in "số" awaits a number
SOFT_HYPHEN = "\u00ad"
SHORT_LINE = 0.75  # a line shorter than this fraction of a full line ends a paragraph (if punctuated)


@dataclass
class Fragment:
    """The part of a paragraph that lies on one page."""

    page: int
    lines: list[Line]


@dataclass
class DraftParagraph:
    fragments: list[Fragment] = field(default_factory=list)
    heading: bool = False
    table: str | None = None  # a table row (or the table's header line): the table's header line

    @property
    def first_line(self) -> Line:
        return self.fragments[0].lines[0]

    @property
    def last_line(self) -> Line:
        return self.fragments[-1].lines[-1]


@dataclass
class PageMetrics:
    left: float  # left edge of the text column
    full_chars: float  # characters in a full-width line
    leading: float  # usual distance between baselines


@dataclass(frozen=True)
class FlowParagraph:
    text: str
    spans: tuple[Span, ...]
    heading: bool
    table: str | None = None


@dataclass
class Flow:
    page_texts: dict[int, str]
    paragraphs: list[FlowParagraph]
    markers: list[Marker]


def page_metrics(lines: list[Line], body_size: float) -> PageMetrics:
    xs = [round(ln.x) for ln in lines] or [0]
    left = float(statistics.mode(xs))
    lengths = sorted(len(ln.text.strip()) for ln in lines) or [80]
    full = float(lengths[int(0.8 * (len(lengths) - 1))]) if len(lengths) >= 3 else 80.0
    gaps = [a.y - b.y for a, b in zip(lines, lines[1:]) if 0 < a.y - b.y < 3 * body_size]
    leading = statistics.median(gaps) if gaps else body_size * 1.2
    return PageMetrics(left, max(full, 20.0), leading)


def _is_heading(line: Line) -> bool:
    match = heading_level(line.text.strip())
    return match is not None and not match.is_item


def _ends_paragraph(prev: Line, m: PageMetrics) -> bool:
    text = prev.text.rstrip()
    return text.endswith(TERMINAL) and len(text) < SHORT_LINE * m.full_chars


def _breaks(prev: Line, cur: Line, m: PageMetrics, body_size: float, same_page: bool) -> bool:
    """Does ``cur`` start a new paragraph after ``prev``?"""
    if cur.lead_number is not None or NOTE_START_RE.match(cur.text):
        return True  # a numbered note starts
    if NUMBER_WORD_END_RE.search(prev.text) and cur.text.lstrip()[:1].isdigit() and not _is_heading(cur):
        return False  # "Nghị định số" + "119/2021/NĐ-CP …" (but "thiểu số" + "1. …" opens a clause)
    if same_page and abs(prev.y - cur.y) < 0.3 * cur.size:
        return False  # another cell or column block on the same baseline: one row of text
    heading = _is_heading(cur)
    if heading and (cur.bold or prev.bold or prev.text.rstrip().endswith(TERMINAL)):
        return True  # "a) …" starts lower-case but is a heading
    item = heading_level(cur.text.strip())
    if item is not None and item.kind == "letter" and len(prev.text.rstrip()) < SHORT_LINE * m.full_chars:
        return True  # "2. Cục Hóa chất" (a line that ends short) + "a) Tiếp nhận …": a list item opens
    if cur.text.lstrip()[:1].islower():
        return False  # a sentence going on
    if heading or prev.bold != cur.bold or abs(prev.size - cur.size) > 0.5:
        return True
    if _is_heading(prev) and prev.text.rstrip().endswith(TERMINAL):
        return True
    below = prev.y - cur.y > 0.5 * cur.size
    if prev.bold and cur.bold and below and not prev.text.rstrip().endswith(TERMINAL):
        return False  # a bold heading or title wrapped onto the next (centred) line
    if cur.x - m.left > 0.8 * body_size or m.left - cur.x > 0.8 * body_size:
        return True
    if _ends_paragraph(prev, m):
        return True
    if same_page and prev.y - cur.y > 1.6 * m.leading:
        return True
    return False


def draft_paragraphs(pages: list[tuple[int, list[Line]]], body_size: float) -> list[DraftParagraph]:
    paragraphs: list[DraftParagraph] = []
    prev: Line | None = None
    prev_metrics: PageMetrics | None = None
    for number, lines in pages:
        if not lines:
            continue
        metrics = page_metrics([ln for ln in lines if ln.table is None] or lines, body_size)
        for i, line in enumerate(lines):
            same_page = i > 0
            if line.table is not None or (prev is not None and prev.table is not None):
                # a table row is a paragraph of its own, never a heading
                heading = line.table is None and _is_heading(line)
                paragraphs.append(DraftParagraph([Fragment(number, [line])], heading=heading, table=line.table))
            elif prev is None or _breaks(prev, line, metrics if same_page else prev_metrics or metrics, body_size, same_page):
                paragraphs.append(DraftParagraph([Fragment(number, [line])], heading=_is_heading(line)))
            elif paragraphs[-1].fragments[-1].page == number:
                paragraphs[-1].fragments[-1].lines.append(line)
            else:
                paragraphs[-1].fragments.append(Fragment(number, [line]))
            prev = line
        prev_metrics = metrics
    return paragraphs


def _hyphen_glued(text: str, following: str) -> bool:
    """A line ending in a hyphen glued to a letter or digit, before a line starting with one,
    goes on without a space and keeps the hyphen: document numbers ("223/STP-" + "BTTP",
    "126/2024/NĐ-" + "CP"), ranges ("2000-" + "5000"), compounds ("DINITRO-o-" + "CRESOLAT",
    "không phân hạch-" + "được miễn trừ"). Vietnamese syllables are not hyphenated, so such a
    hyphen is part of the text; "Việt Nam -" + "Trung Quốc" (spaced) keeps its space."""
    return len(text) >= 2 and text[-1] == "-" and text[-2].isalnum() and following[:1].isalnum()


def join_lines(lines: list[Line]) -> tuple[str, list[tuple[int, int]]]:
    """Join lines into one string; returns the text and its markers (offset, number)."""
    text = ""
    markers: list[tuple[int, int]] = []
    for line in lines:
        raw = line.text
        stripped = raw.lstrip()
        lead = len(raw) - len(stripped)
        stripped = stripped.rstrip()
        if text.endswith(SOFT_HYPHEN):
            text = text[:-1]  # a word broken at a soft hyphen
        elif text and not _hyphen_glued(text, stripped):
            text += " "
        base = len(text) - lead
        markers.extend((base + off, num) for off, num in line.markers if lead <= off < lead + len(stripped))
        text += stripped
    return text, markers


def build_flow(drafts: list[DraftParagraph], page_numbers: list[int]) -> Flow:
    parts: dict[int, list[str]] = {n: [] for n in page_numbers}
    cursor: dict[int, int] = {n: 0 for n in page_numbers}
    paragraphs: list[FlowParagraph] = []
    markers: list[Marker] = []
    for draft in drafts:
        spans: list[Span] = []
        texts: list[str] = []
        for frag in draft.fragments:
            text, frag_markers = join_lines(frag.lines)
            start = cursor[frag.page] + (1 if parts[frag.page] else 0)
            parts[frag.page].append(text)
            cursor[frag.page] = start + len(text)
            spans.append(Span(frag.page, start, start + len(text)))
            texts.append(text)
            markers.extend(Marker(num, frag.page, start + off) for off, num in frag_markers)
        paragraphs.append(FlowParagraph(" ".join(texts), tuple(spans), draft.heading, draft.table))
    page_texts = {n: "\n".join(p) for n, p in parts.items()}
    return Flow(page_texts, paragraphs, markers)
