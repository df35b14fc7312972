"""Chunks along the document structure: never across two sections, with exact page offsets.

Consecutive paragraphs of one section (its heading included: long numbered list
items read as headings and must not be lost) form a block; langchain's
RecursiveCharacterTextSplitter cuts the block at paragraph, then sentence, then
clause boundaries. Each piece is located back in the block and mapped to page
spans, so a chunk's text is always the exact concatenation of its page spans.
Every footnote also becomes a chunk of its own (kind "footnote") so facts that
live only in a footnote can be found.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.models import Chunk, DocRef, Footnote, Paragraph, Span
from ingest.notes import marker_inside, note_section

SEPARATORS = ["\n", ". ", "; ", ", ", " ", ""]
HEADING_ONLY_CHARS = 200


@dataclass(frozen=True)
class _Segment:
    """``block[start:end]`` equals ``Page.text[page_start:page_start + end - start]`` of ``page``."""

    start: int
    end: int
    page: int
    page_start: int


def _block(paragraphs: list[Paragraph]) -> tuple[str, list[_Segment]]:
    parts: list[str] = []
    segments: list[_Segment] = []
    pos = 0
    for para in paragraphs:
        if parts:
            parts.append("\n")
            pos += 1
        for k, span in enumerate(para.spans):
            if k:
                pos += 1  # fragments of a paragraph are joined by one space in Paragraph.text
            length = span.end - span.start
            segments.append(_Segment(pos, pos + length, span.page, span.start))
            pos += length
        parts.append(para.text)
    return "".join(parts), segments


def _spans(segments: list[_Segment], start: int, end: int) -> tuple[Span, ...]:
    out = []
    for seg in segments:
        s, e = max(start, seg.start), min(end, seg.end)
        if s < e:
            out.append(Span(seg.page, seg.page_start + s - seg.start, seg.page_start + e - seg.start))
    return tuple(out)


def make_chunks(
    doc_id: str,
    paragraphs: list[Paragraph],
    footnotes: list[Footnote],
    references: list[DocRef],
    *,
    chunk_size: int,
    chunk_overlap: int,
    ocr_pages: frozenset[int] = frozenset(),
) -> list[Chunk]:
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size, chunk_overlap=chunk_overlap, separators=SEPARATORS, keep_separator="end"
    )
    marker_notes = [(mk, fn) for fn in footnotes for mk in fn.markers]
    chunks: list[Chunk] = []
    for section, group in groupby((p for p in paragraphs if p.text.strip()), key=lambda p: p.section):
        members = list(group)
        if all(p.is_heading for p in members) and sum(len(p.text) for p in members) < HEADING_ONLY_CHARS:
            continue  # a bare heading: its text is in the section path of the chunks below it
        block, segments = _block(members)
        headings = {p.text for p in members if p.is_heading}
        cursor = 0
        for piece in splitter.split_text(block):
            if piece in headings:
                continue  # the splitter cut a heading off its text: the section path carries it
            start = block.find(piece, cursor)
            if start < 0:  # the splitter only cuts and strips, so this cannot happen
                raise AssertionError("chunk text not found in its section block")
            end = start + len(piece)
            cursor = start + 1
            spans = _spans(segments, start, end)
            notes = tuple(dict.fromkeys(fn for mk, fn in marker_notes if marker_inside(mk, spans)))
            chunks.append(
                _chunk(doc_id, len(chunks), "body", piece, section, spans, notes, references, ocr_pages)
            )
    for fn in footnotes:
        section = note_section(fn, paragraphs)
        spans = (Span(fn.page, fn.text_start, fn.text_start + len(fn.text)),)
        chunks.append(_chunk(doc_id, len(chunks), "footnote", fn.text, section, spans, (fn,), references, ocr_pages))
    return chunks


def _chunk(
    doc_id: str,
    seq: int,
    kind: str,
    text: str,
    section: tuple[str, ...],
    spans: tuple[Span, ...],
    notes: tuple[Footnote, ...],
    references: list[DocRef],
    ocr_pages: frozenset[int],
) -> Chunk:
    pages = [s.page for s in spans]
    refs = tuple(dict.fromkeys(r.key for r in references if r.raw in text))
    return Chunk(
        id=f"{doc_id}:{seq}",
        doc_id=doc_id,
        seq=seq,
        kind=kind,  # type: ignore[arg-type]
        text=text,
        section=section,
        page_start=min(pages),
        page_end=max(pages),
        spans=spans,
        footnotes=notes,
        refs=refs,
        ocr=any(p in ocr_pages for p in pages),
    )
