"""PDF -> structured Document (pages, footnotes, sections, metadata, references, chunks).

Public surface: the models, ``parse_pdf`` (in-process), ``load_document`` (the same in a
worker process with size, time and memory limits; the index pipeline runs many side by side
through ``ingest.pool.parse_files``) and ``file_id``. The parser (pypdf, langchain) is imported on first use so that code needing only
the models stays light.
"""

from ingest.models import Chunk, Document, DocRef, Footnote, IngestError, Marker, Page, Paragraph, Signer, Span

__all__ = [
    "Chunk",
    "DocRef",
    "Document",
    "Footnote",
    "IngestError",
    "Marker",
    "Page",
    "Paragraph",
    "Signer",
    "Span",
    "file_id",
    "load_document",
    "parse_pdf",
]


def __getattr__(name: str):
    if name in ("parse_pdf", "file_id"):
        from ingest import parse

        return getattr(parse, name)
    if name == "load_document":
        from ingest.worker import load_document

        return load_document
    raise AttributeError(f"module 'ingest' has no attribute {name!r}")
