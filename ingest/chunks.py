"""Chunks along the document structure, losing nothing: every character of every page's body
text lies in at least one chunk, with exact page offsets.

The paragraphs form a tree by their section paths (a heading's path ends with itself). A
subtree that fits ``chunk_size`` is one chunk, so a short article is read whole, headings
and clauses together. A larger subtree is cut into its runs: the paragraphs directly under
its heading, and each child subtree. Consecutive runs are packed into one chunk while they
fit; a child run that does not fit is cut the same way, one level down; paragraphs directly
under one heading that do not fit are cut by langchain's RecursiveCharacterTextSplitter at
paragraph, then sentence, then clause boundaries. A heading with no body of its own before
its first child (or several such headings in a row) is not left alone: it opens the first
chunk of what follows it. A chunk's section is the deepest path shared by its paragraphs
(the headings it opens with are ancestors of the rest).

Each piece is located back in its block and mapped to page spans, so a chunk's text is
always the exact concatenation of its page spans. Every footnote also becomes a chunk of
its own (kind "footnote") so facts that live only in a footnote can be found.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.models import Chunk, ChunkKind, DocRef, Footnote, Paragraph, Span
from ingest.notes import marker_inside, note_section

SEPARATORS = ["\n", ". ", "; ", ", ", " ", ""]
CAPTION_MAX = 300  # characters of the text before a table's header line that may caption it
CAPTION_PROBE = 40  # characters of a row's text that tell which chunk of a cut piece holds it


@dataclass(frozen=True)
class _Segment:
    """``block[start:end]`` equals ``Page.text[page_start:page_start + end - start]`` of ``page``."""

    start: int
    end: int
    page: int
    page_start: int


@dataclass(frozen=True)
class _Piece:
    """What one chunk will hold: paragraphs (whole) or a cut of one block of paragraphs."""

    paragraphs: tuple[Paragraph, ...]
    section: tuple[str, ...]
    kind: ChunkKind = "body"


def _size(paragraphs: list[Paragraph] | tuple[Paragraph, ...]) -> int:
    return sum(len(p.text) + 1 for p in paragraphs)


def _common_path(paragraphs: list[Paragraph]) -> tuple[str, ...]:
    path = paragraphs[0].section
    for para in paragraphs[1:]:
        n = 0
        while n < min(len(path), len(para.section)) and path[n] == para.section[n]:
            n += 1
        path = path[:n]
    return path


class _Packer:
    """Cuts the paragraph tree into pieces of at most ``size`` characters (see the module doc)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pieces: list[_Piece] = []

    def subtree(self, paragraphs: list[Paragraph], depth: int, lead: list[Paragraph]) -> None:
        """``paragraphs`` share their first ``depth`` path elements; ``lead``: headings above them
        still waiting for a chunk."""
        if _size(lead) + _size(paragraphs) <= self.size:
            self._emit(lead, paragraphs)
            return
        runs = [list(g) for _, g in groupby(paragraphs, key=lambda p: p.section[: depth + 1] if len(p.section) > depth else None)]
        pack: list[Paragraph] = []
        for run in runs:
            if _size(lead) + _size(pack) + _size(run) <= self.size:
                pack.extend(run)
                continue
            if pack:
                if all(p.is_heading for p in pack):  # headings alone: they open what follows
                    lead, pack = lead + pack, []
                else:
                    self._emit(lead, pack)
                    lead, pack = [], []
            if _size(lead) + _size(run) <= self.size:
                pack = list(run)
            elif len(run[0].section) > depth and len(run) > 1 and all(len(p.section) > depth for p in run):
                self.subtree(run, depth + 1, lead)
                lead = []
            else:
                self.pieces.append(_Piece(tuple(lead + run), _common_path(run)))  # cut by the splitter
                lead = []
        if pack or lead:
            self._emit(lead, pack)

    def _emit(self, lead: list[Paragraph], paragraphs: list[Paragraph]) -> None:
        body = paragraphs or lead
        self.pieces.append(_Piece(tuple(lead + paragraphs), _common_path(body)))


def _captions(paragraphs: list[Paragraph]) -> dict[str, str]:
    """The caption of each table, by its "Bảng: …" header line: the paragraph written right before
    the header when it is running text of at most CAPTION_MAX characters ("Dưới đây là gợi ý khung
    điểm … đối với 05 nhóm nhiệm vụ …", "Bảng 2c - Phương tiện đo …")."""
    captions: dict[str, str] = {}
    before: Paragraph | None = None
    for p in paragraphs:
        if not p.text.strip():
            continue
        if p.table_header and p.text == p.table_header and before is not None:
            if before.table_header is None and len(before.text) <= CAPTION_MAX:
                captions.setdefault(p.table_header, before.text.strip())
        before = p
    return captions


def _table_section(piece: _Piece, text: str, captions: dict[str, str]) -> tuple[str, ...]:
    """The section of one chunk of a piece: for each table whose rows the chunk holds without
    printing its "Bảng: …" header line, the section ends with the table's caption and header, so
    every chunk of a table is indexed with what the table is and its column headers."""
    headers = dict.fromkeys(p.table_header for p in piece.paragraphs if p.table_header and p.text[:CAPTION_PROBE] in text)
    context = [
        line
        for header in headers
        if header not in text
        for line in (captions.get(header), header)
        if line and line not in text and line not in piece.section
    ]
    return (*piece.section, *dict.fromkeys(context))


def _block(paragraphs: tuple[Paragraph, ...]) -> tuple[str, list[_Segment]]:
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


def _locate(block: str, text: str, after: int, covered: int) -> int:
    """Where the splitter's next piece lies: past the previous piece's start and reaching past its
    end (a piece repeated in the block, "a) Giấy chứng nhận đăng ký xe;", is not the earlier copy)."""
    start = block.find(text, after)
    while start >= 0 and start + len(text) <= covered:
        start = block.find(text, start + 1)
    if start < 0:  # the splitter only cuts and strips, so this cannot happen
        raise AssertionError("chunk text not found in its block")
    return start


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
    packer = _Packer(chunk_size)
    # The closing blocks ("Nơi nhận:" list, signer block) are chunks of their own, kind "closing":
    # searchable, but no answer is taken from them.
    for closing, run in groupby((p for p in paragraphs if p.text.strip()), key=lambda p: p.role != "text"):
        members = list(run)
        if closing:
            packer.pieces.append(_Piece(tuple(members), _common_path(members), "closing"))
        else:
            packer.subtree(members, 0, [])
    chunks: list[Chunk] = []
    captions = _captions(paragraphs)
    for piece in packer.pieces:
        block, segments = _block(piece.paragraphs)
        texts = [block.strip()] if len(block) <= chunk_size else splitter.split_text(block)
        start = end = 0
        for text in texts:
            start = _locate(block, text, start, end)
            end = start + len(text)
            spans = _spans(segments, start, end)
            notes = tuple(dict.fromkeys(fn for mk, fn in marker_notes if marker_inside(mk, spans)))
            section = _table_section(piece, text, captions)
            chunks.append(_chunk(doc_id, len(chunks), piece.kind, text, section, spans, notes, references, ocr_pages))
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
