"""FAISS vector index keyed by chunk row ids (``chunks.vid`` in the store).

Small collections use an exact inner-product index. Above ``approx_threshold`` vectors an
IVF index is used (inverted lists over k-means cells; supports adding and removing ids, which
HNSW does not). Vectors are L2-normalised, so inner product = cosine similarity.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import faiss
import numpy as np

IVF_PROBE_FRACTION = 1 / 16  # share of the cells scanned per query (nprobe = nlist / 16, at least 8)
IVF_MIN_TRAIN_PER_CELL = 39  # faiss warns below this many training points per cell


def _ivf_nlist(count: int) -> int:
    return max(16, int(4 * math.sqrt(count)))


class VectorIndex:
    """A FAISS index of ``dim``-dimensional vectors with int64 ids. Not thread-safe: the caller locks."""

    def __init__(self, index: faiss.Index, approx_threshold: int) -> None:
        self._index = index
        self._approx_threshold = approx_threshold

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray, dim: int, approx_threshold: int) -> "VectorIndex":
        """Exact index up to ``approx_threshold`` vectors, IVF (trained on these vectors) above."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, dim)
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        if len(ids) > approx_threshold:
            nlist = min(_ivf_nlist(len(ids)), len(ids) // IVF_MIN_TRAIN_PER_CELL)
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
            index.train(vectors)
            index.nprobe = max(8, int(nlist * IVF_PROBE_FRACTION))
        else:
            index = faiss.IndexIDMap(faiss.IndexFlatIP(dim))
        if len(ids):
            index.add_with_ids(vectors, ids)
        return cls(index, approx_threshold)

    @classmethod
    def load(cls, path: Path, approx_threshold: int) -> "VectorIndex":
        return cls(faiss.read_index(str(path)), approx_threshold)

    def save(self, path: Path) -> None:
        """Write atomically: a temporary file, then ``os.replace``."""
        tmp = path.with_name(path.name + ".tmp")
        faiss.write_index(self._index, str(tmp))
        os.replace(tmp, path)

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    @property
    def dim(self) -> int:
        return int(self._index.d)

    @property
    def approximate(self) -> bool:
        return isinstance(self._index, faiss.IndexIVF)

    def all_ids(self) -> np.ndarray:
        if self.approximate:
            invlists = self._index.invlists
            parts = [
                faiss.rev_swig_ptr(invlists.get_ids(i), invlists.list_size(i)).copy()
                for i in range(invlists.nlist)
                if invlists.list_size(i)
            ]
            return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        return faiss.vector_to_array(self._index.id_map).astype(np.int64)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors; an exact index that grows past the threshold is rebuilt as IVF."""
        if not len(ids):
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(ids), self.dim)
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        if not self.approximate and self.size + len(ids) > self._approx_threshold:
            old_ids = self.all_ids()
            old_vectors = self._index.index.reconstruct_n(0, self.size) if self.size else vectors[:0]
            rebuilt = VectorIndex.build(
                np.concatenate([old_ids, ids]), np.vstack([old_vectors, vectors]), self.dim, self._approx_threshold
            )
            self._index = rebuilt._index
            return
        self._index.add_with_ids(vectors, ids)

    def remove(self, ids: np.ndarray) -> None:
        if len(ids):
            self._index.remove_ids(np.ascontiguousarray(ids, dtype=np.int64))

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Best ``k`` (id, similarity), optionally only among ``allowed`` ids."""
        if self.size == 0 or k <= 0:
            return []
        params = None
        if allowed is not None:
            if not len(allowed):
                return []
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
            if self.approximate:
                # Scan every cell: a filter may keep few vectors, and skipped ids cost no distance.
                params = faiss.SearchParametersIVF(sel=selector, nprobe=self._index.nlist)
            else:
                params = faiss.SearchParameters(sel=selector)
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, self.dim)
        scores, ids = self._index.search(query, min(k, self.size), params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]
