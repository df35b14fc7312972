"""Figure tracing: every place a figure occurs (body or footnote), each with its linked counterpart.

A body occurrence is linked to the footnotes whose markers sit in its sentence; a footnote
occurrence is linked to the body sentence(s) carrying the footnote's marker. Figures are
matched loosely by value and unit (``7,17%`` = ``7,17 %``; ``11.024,7`` = ``11024,7``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from index import Index
from index.models import DocumentInfo, SearchFilters
from qa.cite import Sources
from qa.models import Citation
from tracuu.vn.sentences import Sentence, sentence_at, split_sentences
from tracuu.vn.numbers import Figure, find_figures, figures_match


@dataclass(frozen=True)
class TraceHit:
    doc: str  # file name
    doc_id: str
    doc_number: str | None
    page: int
    kind: Literal["body", "footnote"]
    section: str
    quote: str  # the sentence holding the figure
    start: int  # offsets of the sentence in the page text (body) or the footnote text (footnote)
    end: int
    figure: str  # the figure as written there
    footnote: int | None  # the footnote's number when kind == "footnote"
    linked: tuple[Citation, ...]  # footnote -> body sentences with its marker; body -> its footnotes

    def citation(self, n: int) -> Citation:
        """This occurrence as a citation numbered ``n``."""
        notes = {f.n: f for c in self.linked for f in c.footnotes}  # the linked footnotes, once each
        return Citation(
            n=n, doc=self.doc, doc_id=self.doc_id, doc_number=self.doc_number, title=None,
            page=self.page, section=self.section, quote=self.quote, start=self.start, end=self.end,
            footnotes=tuple(notes.values()), kind=self.kind,
        )


def _matches(text: str, wanted: list[Figure]) -> list[Figure]:
    return [f for f in find_figures(text) if any(figures_match(f.raw, w.raw) for w in wanted)]


def _body_hits(sources: Sources, doc: DocumentInfo, wanted: list[Figure]) -> list[TraceHit]:
    hits = []
    for page in range(1, doc.pages + 1):
        text, sentences = sources.page(doc.id, page)
        for fig in _matches(text, wanted):
            s = sentence_at(list(sentences), fig.start) or Sentence(text[fig.start : fig.end], fig.start, fig.end)
            notes = [sources.footnote(doc.id, r.n) for r in sources.notes_in(doc.id, page, s.start, s.end)]
            linked = tuple(
                sources.footnote_citation(i + 1, doc, note, Sentence(note.text, 0, len(note.text)))
                for i, note in enumerate(n for n in notes if n is not None)
            )
            hits.append(TraceHit(
                doc.file_name, doc.id, doc.number, page, "body", sources.section_at(doc.id, page, s.start),
                s.text, s.start, s.end, fig.raw, None, linked,
            ))
    return hits


def _footnote_hits(sources: Sources, doc: DocumentInfo, wanted: list[Figure]) -> list[TraceHit]:
    hits = []
    for note in sources.footnotes(doc.id):
        sentences = split_sentences(note.text)
        for fig in _matches(note.text, wanted):
            s = sentence_at(sentences, fig.start) or Sentence(note.text, 0, len(note.text))
            linked = tuple(
                sources.body_citation(i + 1, doc, page, body)
                for i, (page, body) in enumerate(sources.marker_sentences(doc.id, note))
            )
            hits.append(TraceHit(
                doc.file_name, doc.id, doc.number, note.page, "footnote", sources.footnote_section(doc.id, note.number),
                s.text, s.start, s.end, fig.raw, note.number, linked,
            ))
    return hits


def trace_in(sources: Sources, figure: str, filters: SearchFilters | None = None) -> list[TraceHit]:
    """Every occurrence of ``figure`` in the indexed documents (document order, body before footnotes)."""
    wanted = find_figures(figure)
    if not wanted:
        return []
    hits: list[TraceHit] = []
    for doc in sources.index.documents():
        if filters and filters.doc_ids and doc.id not in filters.doc_ids:
            continue
        hits += _body_hits(sources, doc, wanted) + _footnote_hits(sources, doc, wanted)
    return hits


def trace_figure(index: Index, figure: str) -> list[TraceHit]:
    """``tracuu trace "550 tỷ đồng"``: every place the figure occurs, with linked counterparts."""
    return trace_in(Sources(index), figure)
