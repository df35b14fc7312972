"""PDF -> structured Document (pages, footnotes, sections, metadata, references, chunks)."""

from ingest.models import Chunk, Document, DocRef, Footnote, IngestError, Marker, Page, Paragraph, Span
from ingest.parse import file_id, parse_pdf

__all__ = [
    "Chunk",
    "DocRef",
    "Document",
    "Footnote",
    "IngestError",
    "Marker",
    "Page",
    "Paragraph",
    "Span",
    "file_id",
    "parse_pdf",
]
