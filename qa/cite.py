"""Build citations from the index: exact quotes with offsets, sections, and footnote links.

``Sources`` reads page texts, footnotes and chunk sections from the index once per document
and keeps them (document ids are content hashes, so cached text never goes stale).
Body quotes are substrings of ``index.page_text(doc, page)`` at ``[start, end)``; footnote
quotes are substrings of the footnote's text.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cached_property

from index import Index
from index.models import DocumentInfo
from ingest.models import Chunk, Footnote
from qa.models import Citation, FootnoteRef
from tracuu.vn.headings import section_within
from tracuu.vn.normalize import fold_diacritics
from tracuu.vn.sentences import Sentence, opens_item, runs_on, sentence_at, split_sentences


_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class _DocCache:
    chunks: tuple[Chunk, ...]
    footnotes: tuple[Footnote, ...]

    @cached_property
    def folded(self) -> str:
        """The whole document's words, folded and joined by spaces."""
        text = " ".join([c.text for c in self.chunks] + [f.text for f in self.footnotes])
        return " ".join(fold_diacritics(w).lower() for w in _WORD_RE.findall(text))


class Sources:
    """Page texts, sentences, footnotes and sections of indexed documents, cached per document."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._docs: dict[str, _DocCache] = {}
        self._pages: dict[tuple[str, int], tuple[str, tuple[Sentence, ...]]] = {}
        self._lock = threading.Lock()

    def _doc(self, doc_id: str) -> _DocCache:
        with self._lock:
            cached = self._docs.get(doc_id)
        if cached is None:
            cached = _DocCache(tuple(self.index.chunks(doc_id)), tuple(self.index.footnotes(doc_id)))
            with self._lock:
                self._docs[doc_id] = cached
        return cached

    def page(self, doc_id: str, page: int) -> tuple[str, tuple[Sentence, ...]]:
        """The body text of a page and its sentences."""
        key = (doc_id, page)
        with self._lock:
            cached = self._pages.get(key)
        if cached is None:
            text = self.index.page_text(doc_id, page)
            cached = (text, tuple(split_sentences(text)))
            with self._lock:
                self._pages[key] = cached
        return cached

    def straddling(self, doc_id: str, page: int, pages: int) -> tuple[Sentence, Sentence] | None:
        """(the last sentence of ``page``, the first of the next page) when they are one sentence cut
        by the page break (tracuu.vn.sentences.runs_on); None otherwise or on the last of ``pages``."""
        if not 1 <= page < pages:
            return None
        _, ending = self.page(doc_id, page)
        _, opening = self.page(doc_id, page + 1)
        if ending and opening and runs_on(ending[-1].text, opening[0].text):
            return ending[-1], opening[0]
        return None

    def items_after(self, doc_id: str, page: int, pages: int, limit: int) -> Sentence | None:
        """The list items that open the page after ``page`` when ``page`` ends with their lead (a
        sentence ending in ":"), as one span of the next page's text (the items in a row, at most
        ``limit`` characters); None otherwise or on the last of ``pages``."""
        if not 1 <= page < pages:
            return None
        _, ending = self.page(doc_id, page)
        text, opening = self.page(doc_id, page + 1)
        if not ending or not ending[-1].text.endswith(":"):
            return None
        items = []
        for s in opening:
            if not opens_item(s.text) and not items or s.end - opening[0].start > limit:
                break
            if not opens_item(s.text) and "\n" in text[items[-1].end : s.start]:
                break  # a new paragraph after the items
            items.append(s)
        return Sentence(text[items[0].start : items[-1].end], items[0].start, items[-1].end) if items else None

    def footnotes(self, doc_id: str) -> tuple[Footnote, ...]:
        return self._doc(doc_id).footnotes

    def folded_words(self, doc_id: str) -> str:
        """Every word of a document (chunks and footnotes), folded, joined by spaces."""
        return self._doc(doc_id).folded

    def footnote(self, doc_id: str, number: int) -> Footnote | None:
        return next((f for f in self.footnotes(doc_id) if f.number == number), None)

    def section_at(self, doc_id: str, page: int, offset: int) -> str:
        """Section path at ``offset`` of ``page``, inside the body chunk covering it ("" when none)."""
        for chunk in self._doc(doc_id).chunks:
            if chunk.kind == "footnote":
                continue
            before = 0  # characters of the chunk's text before the span that holds the offset
            for span in chunk.spans:
                if span.page == page and span.start <= offset < span.end:
                    line_end = chunk.text.find("\n", before + offset - span.start)  # the whole paragraph
                    upto = chunk.text if line_end < 0 else chunk.text[:line_end]
                    return " > ".join(section_within(chunk.section, upto))
                before += span.end - span.start + 1  # spans are joined by one character
        return ""

    def footnote_section(self, doc_id: str, number: int) -> str:
        for chunk in self._doc(doc_id).chunks:
            if chunk.kind == "footnote" and any(f.number == number for f in chunk.footnotes):
                return chunk.section_path
        return ""

    def notes_in(self, doc_id: str, page: int, start: int, end: int) -> tuple[FootnoteRef, ...]:
        """Footnotes whose body marker lies inside ``[start, end]`` of ``page``."""
        refs = []
        for note in self.footnotes(doc_id):
            if any(m.page == page and start <= m.offset <= end for m in note.markers):
                refs.append(FootnoteRef(note.number, note.text))
        return tuple(refs)

    def marker_sentences(self, doc_id: str, note: Footnote) -> list[tuple[int, Sentence]]:
        """(page, sentence) of each body sentence that carries a marker of ``note``."""
        found = []
        for marker in note.markers:
            _, sentences = self.page(doc_id, marker.page)
            s = sentence_at(list(sentences), marker.offset)
            if s is not None:
                found.append((marker.page, s))
        return found

    def body_citation(self, n: int, doc: DocumentInfo, page: int, sentence: Sentence, *, ocr: bool = False) -> Citation:
        return Citation(
            n=n,
            doc=doc.file_name,
            doc_id=doc.id,
            doc_number=doc.number,
            title=doc.title,
            page=page,
            section=self.section_at(doc.id, page, sentence.start),
            quote=sentence.text,
            start=sentence.start,
            end=sentence.end,
            footnotes=self.notes_in(doc.id, page, sentence.start, sentence.end),
            kind="body",
            ocr=ocr,
        )

    def footnote_citation(self, n: int, doc: DocumentInfo, note: Footnote, sentence: Sentence) -> Citation:
        return Citation(
            n=n,
            doc=doc.file_name,
            doc_id=doc.id,
            doc_number=doc.number,
            title=doc.title,
            page=note.page,
            section=self.footnote_section(doc.id, note.number),
            quote=sentence.text,
            start=sentence.start,
            end=sentence.end,
            footnotes=(FootnoteRef(note.number, note.text),),
            kind="footnote",
        )

    def footnote_citations(self, first_n: int, doc: DocumentInfo, note: Footnote, sentence: Sentence) -> list[Citation]:
        """The footnote quote and, after it, each body sentence carrying the footnote's marker."""
        cites = [self.footnote_citation(first_n, doc, note, sentence)]
        for page, body in self.marker_sentences(doc.id, note):
            cites.append(self.body_citation(first_n + len(cites), doc, page, body))
        return cites
