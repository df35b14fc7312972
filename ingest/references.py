"""Document references (DocRef) located in the body and the notes: page, sentence and section."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.models import DocRef, Footnote, Paragraph
from ingest.notes import note_section
from tracuu.vn.docrefs import RefMatch, parse_refs, resolve_short
from tracuu.vn.sentences import sentence_at, split_sentences


@dataclass(frozen=True)
class _Place:
    text: str  # the paragraph or note text the match was found in
    page: int
    section: tuple[str, ...]


def _page_of(para: Paragraph, offset: int) -> int:
    """Page of a character offset inside a paragraph's text (fragments are joined by one space)."""
    pos = 0
    for span in para.spans:
        pos += span.end - span.start
        if offset < pos:
            return span.page
        pos += 1
    return para.spans[-1].page


def _sentence(text: str, offset: int) -> str:
    found = sentence_at(split_sentences(text), offset)
    return found.text if found else text


def find_references(paragraphs: list[Paragraph], notes: list[Footnote]) -> list[DocRef]:
    found: list[tuple[RefMatch, _Place]] = []
    for para in paragraphs:
        for m in parse_refs(para.text):
            found.append((m, _Place(para.text, _page_of(para, m.start), para.section)))
    for note in notes:
        for m in parse_refs(note.text):
            found.append((m, _Place(note.text, note.page, note_section(note, paragraphs))))
    resolved = resolve_short([m for m, _ in found])
    refs = []
    for m, (_, place) in zip(resolved, found):
        refs.append(
            DocRef(
                key=m.key,
                doc_type=m.doc_type,
                type_code=m.type_code,
                number=m.number,
                code=m.code,
                year=m.year,
                date=m.date,
                issuer=m.issuer,
                raw=m.raw,
                page=place.page,
                sentence=_sentence(place.text, m.start),
                section=" > ".join(place.section),
                short=m.is_short,
            )
        )
    return refs

