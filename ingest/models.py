"""Typed domain model produced by ingest: one PDF becomes one ``Document``.

Offsets: every ``Span`` points into ``Page.text`` of the page it names
(``page`` is the 1-based physical page index in the PDF), except the spans of a
``kind="footnote"`` chunk, which point into ``Page.footnote_text``. ``Page.text``
is the page's *body* text only: running headers, page numbers and footnote
blocks are removed from it and kept in their own fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["body", "heading", "footnote", "header", "footer"]
NoteKind = Literal["footnote", "endnote"]
ChunkKind = Literal["body", "footnote", "closing"]  # closing: the "Nơi nhận:" list and the signer block
DocStatus = Literal["ok", "scanned", "partial", "error"]
# "recipients": the "Nơi nhận:" list; "signature": the signer block. Searchable, never an answer sentence.
ParagraphRole = Literal["text", "recipients", "signature"]


@dataclass(frozen=True)
class Span:
    """A character range ``[start, end)`` inside ``Page.text`` of page ``page``."""

    page: int
    start: int
    end: int


@dataclass(frozen=True)
class Marker:
    """A footnote marker in the body: superscript digits at ``offset`` of ``Page.text``."""

    number: int
    page: int
    offset: int


@dataclass(frozen=True)
class Footnote:
    """A footnote (bottom of page) or numbered endnote, with the body markers pointing to it."""

    number: int
    page: int
    text: str
    kind: NoteKind = "footnote"
    markers: tuple[Marker, ...] = ()
    text_start: int = 0  # where ``text`` starts inside ``Page.footnote_text`` of ``page``


@dataclass(frozen=True)
class DocRef:
    """One mention of another document, e.g. ``Quyết định số 1059-QĐ/TU, ngày 16/9/2022 của Ban Thường vụ Tỉnh ủy``.

    ``key`` is the normalised identifier used for grouping and lookup
    (``1059-QĐ/TU``, ``236/QĐ-TTg``, ``111/2024/QH15``).
    """

    key: str
    doc_type: str | None  # "Quyết định"
    type_code: str | None  # "QĐ"
    number: str  # "1059"
    code: str  # symbol after the number: "QĐ/TU", "QĐ-TTg", "2024/QH15"
    year: int | None
    date: str | None  # ISO yyyy-mm-dd when written in the mention (or its full form)
    issuer: str | None
    raw: str  # the mention as written
    page: int
    sentence: str
    section: str
    short: bool = False  # written as a short mention and resolved to a full one in the same document


@dataclass(frozen=True)
class Page:
    number: int  # 1-based physical index
    text: str  # body text (headers, footers, page numbers and footnotes removed)
    label: str | None = None  # printed page number if found
    header: str = ""
    footer: str = ""
    footnote_text: str = ""
    has_text: bool = True  # False when the page has no usable text layer
    ocr: bool = False  # text came from OCR


@dataclass(frozen=True)
class Paragraph:
    text: str
    section: tuple[str, ...]  # heading path, e.g. ("II- KẾT QUẢ ĐẠT ĐƯỢC", "2. ...", "2.1. ...")
    spans: tuple[Span, ...]  # where the paragraph's text lies, page by page
    is_heading: bool = False
    role: ParagraphRole = "text"
    # A table row unit (or the table's "Bảng: …" header line): the header line of its table,
    # to repeat in every chunk of the table. None for running text.
    table_header: str | None = None


@dataclass(frozen=True)
class Chunk:
    """A retrieval unit. Never crosses a section boundary."""

    id: str  # f"{doc_id}:{seq}"
    doc_id: str
    seq: int
    kind: ChunkKind
    text: str
    section: tuple[str, ...]
    page_start: int
    page_end: int
    spans: tuple[Span, ...]
    footnotes: tuple[Footnote, ...] = ()  # footnotes whose markers fall inside this chunk (body) or the note itself
    refs: tuple[str, ...] = ()  # DocRef keys mentioned in this chunk
    ocr: bool = False

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)


@dataclass(frozen=True)
class Signer:
    """The signer block at the end of the text: ``KT. GIÁM ĐỐC`` / ``PHÓ GIÁM ĐỐC`` / ``Trần Hữu Tuấn``."""

    authority: str | None  # "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH" (lines joined by " / "), None when signing in own name
    title: str | None  # "PHÓ CHỦ TỊCH"
    name: str | None  # "Nguyễn Văn A"
    page: int

    @property
    def display(self) -> str:
        """One line: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC: Trần Hữu Tuấn"."""
        role = " / ".join(part for part in (self.authority, self.title) if part)
        return f"{role}: {self.name}" if role and self.name else role or self.name or ""


# Raised whenever ingest reads a PDF differently (text, chunks, footnotes, metadata): a document
# stored by an older version is read again by the next ingest of its file, although its bytes
# are unchanged. 1: every version before it was stored; 2: letter gaps of OCR layers closed and
# the first word of a gazette note made whole (ingest.glyphs); 3: every chunk of a table carries its
# caption and header line (ingest.chunks), Party numbers written "08-ĐA-TU" are references; 4: a
# lettered item after a line that ends short opens a paragraph ("2. Cục Hóa chất" | "a) Tiếp nhận …").
PARSE_VERSION = 4


@dataclass
class Document:
    id: str  # sha256 of the file bytes (hex)
    path: str
    file_name: str
    number: str | None = None  # "23/KH-UBND"
    doc_type: str | None = None  # "Kế hoạch"
    issuer: str | None = None
    place: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    title: str | None = None
    signer: Signer | None = None
    status: DocStatus = "ok"
    pages: list[Page] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    references: list[DocRef] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parse_version: int = PARSE_VERSION  # the version of ingest that read it

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def display_name(self) -> str:
        return self.number or self.title or self.file_name


class IngestError(Exception):
    """A file that cannot be ingested. The message is one plain Vietnamese line for the report."""
