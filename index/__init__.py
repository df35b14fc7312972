"""Index: SQLite store, FAISS vectors, FTS5 BM25, hybrid search, incremental ingest.

Public surface::

    Index.open(settings) -> Index          # search, documents, chunks, footnotes, mentions, remove, close
    ingest_paths(paths, index, settings, progress=True) -> IngestReport
    make_embedder(settings) -> Embedder    # EmbedderError when no model is available
"""

from index.core import Index
from index.embedder import Embedder, EmbedderError, make_embedder
from index.models import DocumentInfo, Hit, Mention, SearchFilters
from index.pipeline import FileReport, IngestReport, ingest_paths

__all__ = [
    "DocumentInfo",
    "Embedder",
    "EmbedderError",
    "FileReport",
    "Hit",
    "Index",
    "IngestReport",
    "Mention",
    "SearchFilters",
    "ingest_paths",
    "make_embedder",
]
