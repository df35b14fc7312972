"""How much of each page's body text lies in some chunk: the "nothing lost" invariant.

Chunk spans point into ``Page.text``, so coverage is exact: a body character is covered when
some body or closing chunk's span holds it. Whitespace does not count (chunks are stripped at their ends).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from ingest.models import Document

MAX_SHOWN = 3  # missing passages listed per document


@dataclass(frozen=True)
class Missing:
    """Body text of ``page`` in no chunk: ``Page.text[start:end]``."""

    page: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Coverage:
    chars: int  # non-whitespace body characters of the document's pages
    covered: int  # of those, the ones inside at least one body or closing chunk
    missing: tuple[Missing, ...]

    @property
    def ratio(self) -> float:
        return self.covered / self.chars if self.chars else 1.0

    @property
    def complete(self) -> bool:
        return self.covered == self.chars

    def warning(self) -> str | None:
        """One Vietnamese line for the ingest report when some text is in no chunk."""
        if self.complete:
            return None
        shown = "; ".join(f"trang {m.page}: “{m.text[:60]}”" for m in self.missing[:MAX_SHOWN])
        return f"chỉ {100 * self.ratio:.1f}% nội dung trang nằm trong đoạn tra cứu ({shown})"


def coverage(doc: Document) -> Coverage:
    marks = {p.number: bytearray(len(p.text)) for p in doc.pages}
    for chunk in doc.chunks:
        if chunk.kind == "footnote":
            continue
        for span in chunk.spans:
            page = marks[span.page]
            page[span.start : span.end] = b"\x01" * (span.end - span.start)
    chars = covered = 0
    missing: list[Missing] = []
    for page in doc.pages:
        mark = marks[page.number]
        start = None
        for i, ch in enumerate(page.text + " "):
            lost = i < len(page.text) and not mark[i]
            if not ch.isspace():
                chars += 1
                covered += not lost
            if lost and start is None:
                start = i
            elif not lost and start is not None:
                text = page.text[start:i].strip()
                if text:
                    missing.append(Missing(page.number, start, i, text))
                start = None
    return Coverage(chars, covered, tuple(missing))


def _chars(text: str) -> Counter[str]:
    return Counter(c for c in unicodedata.normalize("NFC", text) if not c.isspace())


def chars_kept(doc: Document, truth: list[str]) -> float | None:
    """Share of the characters another extractor read on each page (``truth[i]``: page i + 1,
    e.g. ``pdftotext``; white space aside, counted with multiplicity) that ingest kept in the
    page's body, header, footer or footnotes. Pages ingest OCR'd or found textless are left out;
    None when no page is left."""
    want = got = 0
    for page in doc.pages:
        if not page.has_text or page.ocr or page.number > len(truth):
            continue
        expected = _chars(truth[page.number - 1])
        kept = _chars(" ".join((page.header, page.text, page.footnote_text, page.footer)))
        want += sum(expected.values())
        got += sum(min(n, kept[c]) for c, n in expected.items())
    return got / want if want else None
