"""Embedded chunk search (``TRACUU_STORE=sqlite``, the default): FAISS vectors and the store's FTS5.

Files in ``settings.index_dir`` besides the store: ``vectors-<generation>-<model>.faiss``, the FAISS
index derived from the store. Its name carries the store generation it matches; when no file matches
(a crash during ingest, a write by another process) it is rebuilt from the cached embeddings in the
store. The FTS5 rows are written by the store in the same transaction as the chunks.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import numpy as np

from index.lexical import LexicalQuery
from index.models import SearchFilters
from index.store import Store, Write
from index.vectors import VectorIndex
from tracuu.settings import Settings


class EmbeddedSearch:
    """Thread-safe: the FAISS index is guarded by a lock, the store serialises its own access."""

    def __init__(self, settings: Settings, store: Store, model: str, dim: int) -> None:
        self._settings = settings
        self._store = store
        self._model = model
        self._dim = dim
        self._vectors: VectorIndex | None = None
        self._generation = -1  # store generation the in-memory FAISS index matches
        self._dirty = False  # in memory but not yet saved to disk
        self._lock = threading.RLock()

    def _file(self, generation: int) -> Path:
        model = hashlib.sha256(self._model.encode()).hexdigest()[:12]
        return self._settings.index_dir / f"vectors-{generation}-{model}.faiss"

    def _current(self) -> VectorIndex:
        """The FAISS index matching the store now: kept, loaded from its file, or rebuilt."""
        with self._lock:
            generation = self._store.generation()
            if self._vectors is not None and self._generation == generation:
                return self._vectors
            path = self._file(generation)
            if path.exists():
                self._vectors = VectorIndex.load(path, self._settings.approx_threshold)
                self._dirty = False
            else:
                ids, vectors = self._store.all_vectors(self._model)
                self._vectors = VectorIndex.build(ids, vectors, self._dim, self._settings.approx_threshold)
                self._dirty = True
            self._generation = generation
            return self._vectors

    def dense(self, vector: np.ndarray, k: int, filters: SearchFilters | None) -> list[tuple[int, float]]:
        allowed_sql, params = Store.filter_sql(filters)
        allowed = self._store.select_vids(allowed_sql, params) if allowed_sql else None
        with self._lock:
            return self._current().search(vector, k, allowed)

    def lexical(self, query: LexicalQuery, k: int, filters: SearchFilters | None) -> list[tuple[int, float]]:
        allowed_sql, params = Store.filter_sql(filters)
        return self._store.lexical_search(query, k, allowed_sql, params)

    def sync(self) -> None:
        self._current()

    def apply(self, write: Write) -> None:
        """Update the in-memory FAISS index with a write of this process. If another process wrote
        in between, the index is left stale and rebuilt from the store when next used."""
        with self._lock:
            if write.generation_before != self._generation or self._vectors is None:
                self._generation = -1
                return
            ids, matrix = self._store.vectors_for(self._model, write.added)
            self._vectors.remove(np.array(write.removed, dtype=np.int64))
            self._vectors.add(ids, matrix)
            self._generation = write.generation_before + 1
            self._dirty = True

    def flush(self) -> None:
        """Save the in-memory FAISS index if it changed (atomically), and delete stale files."""
        with self._lock:
            if self._vectors is None or not self._dirty:
                return
            path = self._file(self._generation)
            self._vectors.save(path)
            self._dirty = False
            for old in self._settings.index_dir.glob("vectors-*.faiss"):
                if old != path:
                    old.unlink(missing_ok=True)

    def close(self) -> None:
        self.flush()
