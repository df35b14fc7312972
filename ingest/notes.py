"""Footnotes and endnotes: their texts, and the links from body markers to them."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ingest.flow import DraftParagraph, join_lines
from ingest.lines import Line
from ingest.models import Footnote, Marker, Paragraph, Span
from tracuu.vn.normalize import FROM_SUPERSCRIPT

BRACKET_NOTE_RE = re.compile(r"^\s*\[(\d{1,3})\]")
NOTE_NUMBER_RE = re.compile(r"^\s*(?:\[(\d{1,3})\]|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})|(\d{1,3})(?=[\s.)]))[\s.)]*")


@dataclass(frozen=True)
class NoteText:
    """A note as laid out: its number, page, and the text shown (number included)."""

    number: int
    page: int
    shown: str  # e.g. "¹ Có 38 dân tộc…"
    body_start: int  # where the note's own text starts inside ``shown``


def note_from_lines(number: int, page: int, lines: list[Line]) -> NoteText:
    shown, _ = join_lines(lines)
    m = NOTE_NUMBER_RE.match(shown)
    return NoteText(number, page, shown, m.end() if m else 0)


def note_number(text: str) -> int | None:
    m = NOTE_NUMBER_RE.match(text)
    if not m:
        return None
    return int((m.group(1) or m.group(2) or m.group(3)).translate(FROM_SUPERSCRIPT))


def split_endnotes(drafts: list[DraftParagraph], marker_numbers: set[int]) -> tuple[list[DraftParagraph], list[DraftParagraph]]:
    """Endnotes ("Ghi chú" of consolidated texts): from the first paragraph opening with the
    lowest marked number in brackets ("[1] …") to the end of the document. When bracketed
    numbers already open paragraphs before that point they number paragraphs (as in an
    Án lệ), not notes. Returns (body drafts, endnote drafts)."""
    if not marker_numbers:
        return drafts, []
    first = min(marker_numbers)
    for i, draft in enumerate(drafts):
        text = draft.first_line.text.lstrip()
        if BRACKET_NOTE_RE.match(text):
            if text.startswith(f"[{first}]") and i > 0:
                return drafts[:i], drafts[i:]
            return drafts, []
    return drafts, []


def endnotes_from_drafts(drafts: list[DraftParagraph]) -> list[tuple[int, list[tuple[int, list[Line]]]]]:
    """Group endnote paragraphs by number: [(number, [(page, lines), ...])]. A new note opens
    with a bracketed number larger than the last one ("[12] …"); any other paragraph (a quoted
    article inside a note, say) continues the current note."""
    notes: list[tuple[int, list[tuple[int, list[Line]]]]] = []
    for draft in drafts:
        m = BRACKET_NOTE_RE.match(draft.first_line.text)
        number = int(m.group(1)) if m and (not notes or int(m.group(1)) > notes[-1][0]) else None
        for frag in draft.fragments:
            if number is not None and (not notes or notes[-1][0] != number):
                notes.append((number, [(frag.page, list(frag.lines))]))
                number = None
            elif notes and notes[-1][1][-1][0] == frag.page:
                notes[-1][1][-1][1].extend(frag.lines)
            elif notes:
                notes[-1][1].append((frag.page, list(frag.lines)))
    return notes


def link_markers(notes: list[Footnote], markers: list[Marker]) -> tuple[list[Footnote], list[str]]:
    """Attach body markers to notes with the same number: same page first, else the page before
    (a note printed on the page after its marker); endnotes: anywhere. Returns linked notes and
    warnings."""
    by_number: dict[int, list[Marker]] = {}
    for mk in markers:
        by_number.setdefault(mk.number, []).append(mk)
    used: set[Marker] = set()
    linked: list[Footnote] = []
    for note in notes:
        candidates = [m for m in by_number.get(note.number, []) if m not in used]
        if note.kind == "footnote":
            same = [m for m in candidates if m.page == note.page]
            before = [m for m in candidates if m.page == note.page - 1]
            chosen = same or before[-1:]
        else:
            chosen = candidates
        used.update(chosen)
        linked.append(replace(note, markers=tuple(chosen)))
    warnings = [f"chú thích {n.number} (trang {n.page}) không có dấu chú thích trong thân văn bản" for n in linked if not n.markers]
    orphans = sorted({m.number for m in markers if m not in used})
    if orphans:
        warnings.append("dấu chú thích không có nội dung chú thích: " + ", ".join(map(str, orphans)))
    return linked, warnings


def marker_inside(marker: Marker, spans: tuple[Span, ...]) -> bool:
    return any(s.page == marker.page and s.start <= marker.offset < s.end for s in spans)


def note_section(note: Footnote, paragraphs: list[Paragraph]) -> tuple[str, ...]:
    """A note belongs to the section of the paragraph holding its first marker."""
    for mk in note.markers[:1]:
        for para in paragraphs:
            if marker_inside(mk, para.spans):
                return para.section
    return ()
