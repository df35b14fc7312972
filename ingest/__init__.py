"""PDF -> structured Document (pages, footnotes, sections, metadata, references, chunks).

Public surface: the models, ``parse_pdf`` and ``file_id``. The parser (pypdf,
langchain) is imported on first use so that code needing only the models stays light.
"""

from ingest.models import Chunk, Document, DocRef, Footnote, IngestError, Marker, Page, Paragraph, Span

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


def __getattr__(name: str):
    if name in ("parse_pdf", "file_id"):
        from ingest import parse

        return getattr(parse, name)
    raise AttributeError(f"module 'ingest' has no attribute {name!r}")
