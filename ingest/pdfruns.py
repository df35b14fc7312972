"""Text runs of one PDF page, read with pypdf's visitor callbacks.

pypdf calls ``visitor_text(text, cm, tm, font_dict, font_size)`` for each piece of
text it extracts, in content-stream order. From the text and graphics matrices we
get the baseline position and the effective font size of every run. Lines whose missing
glyphs were drawn afterwards in a fallback font, into holes left in the line (LibreOffice
does this), are rebuilt from glyph positions: see ``ingest.glyphs``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pypdf import PageObject

from ingest.glyphs import ShowRecorder, fill_holes, font_loader, mult, overlay_stamps
from ingest.lines import Run
from tracuu.vn.normalize import nfc


@dataclass
class PageRuns:
    runs: list[Run]  # in content-stream order, stamps drawn on a line of text put into it
    loose_stamps: list[Run]  # stamp runs on no line of text (a signer's certificate block)
    notes: list[str]  # on the stamps put into a line (Vietnamese, see ``ingest.glyphs.overlay_stamps``)


def page_runs(page: PageObject) -> list[Run]:
    """All text runs of a page in content-stream order (glyphs drawn into holes of a line put in place)."""
    return stamped_page_runs(page, []).runs


def stamped_page_runs(page: PageObject, stamps: list[Run]) -> PageRuns:
    """The page's runs with the given stamp runs (``ingest.stamps``) put into the lines they are drawn on."""
    runs: list[Run] = []
    recorder = ShowRecorder(font_loader(page))
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
        m = mult(list(tm), list(cm))
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
    loose: list[Run] = []
    notes: list[str] = []
    if stamps:
        runs, covered, loose, notes = overlay_stamps(page, runs, covered, recorder.shows, stamps)
    return PageRuns(fill_holes(page, runs, covered, recorder.shows), loose, notes)
