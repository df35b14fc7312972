"""The chunk search seam: the part of the index that can move off one machine.

Chunk search ranks stored chunks for a query: dense vectors (cosine), lexical terms (BM25 over
``index.lexical``'s Vietnamese tokens) and metadata filters (document, type, issuer, year). It is
derived from the store: the chunks, their embeddings (the store's cache) and their lexical text
(``Store.search_rows``) are read from SQLite, the source of truth, and a backend that missed a
write (a crash, another process) brings itself up to date from it. Everything else (documents,
pages, footnotes, references, abbreviations, the chunks' texts) stays in the store, and the
fusion of the two rankings stays in ``index.hybrid``.

Backends, chosen by ``settings.store``:

* ``sqlite`` (default): ``index.embedded.EmbeddedSearch``, FAISS beside the store and FTS5 inside it;
* ``milvus``: ``index.milvus.MilvusSearch``, one Milvus collection (Milvus Lite file or server,
  ``settings.milvus_uri``); imported only when chosen.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from index.lexical import LexicalQuery
from index.models import SearchFilters
from index.store import Store, Write
from tracuu.settings import Settings


class ChunkSearch(Protocol):
    """Rankings are lists of (chunk row id, score: higher is better), best first."""

    def dense(self, vector: np.ndarray, k: int, filters: SearchFilters | None) -> list[tuple[int, float]]:
        """The ``k`` chunks nearest to the (normalised) query vector, among those ``filters`` allow."""
        ...

    def lexical(self, query: LexicalQuery, k: int, filters: SearchFilters | None) -> list[tuple[int, float]]:
        """The ``k`` best chunks by BM25 for the query's terms, among those ``filters`` allow."""
        ...

    def sync(self) -> None:
        """Bring the backend up to date with the store (before a write of this process)."""
        ...

    def apply(self, write: Write) -> None:
        """Bring the backend up to date after a store write of this process (after ``sync``)."""
        ...

    def flush(self) -> None:
        """Make the writes applied so far durable (and mark the backend as matching the store)."""
        ...

    def close(self) -> None:
        """Flush and release the backend."""
        ...


def open_chunk_search(settings: Settings, store: Store, model: str, dim: int) -> ChunkSearch:
    """The backend of ``settings.store`` for the embeddings of ``model`` (``dim`` dimensions)."""
    if settings.store == "milvus":
        from index.milvus import MilvusSearch  # pymilvus only when Milvus is chosen

        return MilvusSearch(settings, store, model, dim)
    from index.embedded import EmbeddedSearch

    return EmbeddedSearch(settings, store, model, dim)
