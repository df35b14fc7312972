"""Milvus chunk search (``TRACUU_STORE=milvus``): one collection holds, per chunk, its dense vector,
its lexical terms as a BM25 sparse vector, and the fields the filters read.

``settings.milvus_uri`` is a file path ending in ``.db`` (Milvus Lite, embedded: one process at a
time) or a server address (``http://host:19530``: Milvus standalone or a cluster, shared by several
app workers). The collection is named ``<settings.milvus_collection>_<model hash>``.

Lexical terms: the tokens of ``index.lexical`` (syllables, bigrams, document numbers and figures as
one token; the accentless variant of each; the keys of the documents cited), the same as the FTS5
columns of the embedded backend. Each token is written as a short hash of (column, token)
(``t`` + 12 hex digits) and Milvus's BM25 function turns the whitespace-separated hashes into the
sparse vector, keeping document frequencies and lengths up to date as chunks come and go. Hashing
keeps Milvus's word splitter from cutting ``236/qđ-ttg`` or ``7,17%``, keeps a word's accented and
folded columns apart, and keeps diacritics exact. The refs column counts twice, as its FTS5 weight
2 does; the folded column counts once (FTS5 weighs it 0.5: it only matters for accentless queries,
which search that column alone, so its weight changes no ranking there but the balance against
cited document numbers).

Durability: the store is the source of truth. The store's meta key ``milvus:<uri>:<collection>``
holds the store generation the collection matched when last flushed; on opening a collection that
does not match, the collection is reconciled with the store (rows of deleted chunks removed,
missing chunks inserted), which also repairs a run killed between a store write and its Milvus write.
"""

from __future__ import annotations

import hashlib
import json
import threading
from functools import lru_cache
from typing import Sequence

import numpy as np
from pymilvus import DataType, Function, FunctionType, MilvusClient

from index import lexical
from index.lexical import LexicalQuery
from index.models import SearchFilters
from index.store import SearchRow, Store, Write, fold_lower
from tracuu.settings import Settings

TERMS_MAX_BYTES = 65_535  # Milvus VARCHAR limit; a longer chunk keeps its first terms of each column
TERM_BYTES = 14  # "t" + 12 hex digits + a space
FIELD_MAX = 1024  # doc_type / issuer, folded, in characters
BATCH = 1000  # rows per insert
QUERY_LIMIT = 16_384  # most rows one Milvus query returns
NO_YEAR = -1
HNSW = {"M": 16, "efConstruction": 200}  # the dense index (Milvus's defaults for 384-d text embeddings)
EF_MIN = 128  # HNSW search breadth: at least this, and at least k


@lru_cache(maxsize=1 << 18)
def _term(column: str, word: str) -> str:
    return "t" + hashlib.blake2b(f"{column}:{word}".encode(), digest_size=6).hexdigest()


def document_terms(text: str, ref_keys: Sequence[str]) -> str:
    """The hashed terms of one chunk's lexical text: exact and folded tokens, cited keys twice."""
    exact, folded, refs = (column.split() for column in lexical.columns(text, ref_keys))
    cited = [_term("r", w) for w in refs] * 2
    room = max(0, (TERMS_MAX_BYTES // TERM_BYTES - len(cited)) // 2)
    return " ".join(cited + [_term("e", w) for w in exact[:room]] + [_term("f", w) for w in folded[:room]])


def query_terms(query: LexicalQuery) -> str:
    columns = (("e", query.exact), ("f", query.folded), ("r", query.refs))
    return " ".join(_term(column, w) for column, words in columns for w in words)


def _string_list(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def filter_expression(filters: SearchFilters | None) -> str:
    """The Milvus filter of ``filters`` ("" for none); the same rules as ``Store.filter_sql``."""
    if filters is None:
        return ""
    conditions = []
    if filters.doc_ids:
        conditions.append(f"doc_id in {_string_list(filters.doc_ids)}")
    if filters.doc_types:
        conditions.append(f"doc_type in {_string_list([fold_lower(t) for t in filters.doc_types])}")
    if filters.issuers:
        likes = []
        for issuer in filters.issuers:
            pattern = fold_lower(issuer).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            likes.append(f"issuer like {json.dumps('%' + pattern + '%', ensure_ascii=False)}")
        conditions.append("(" + " or ".join(likes) + ")")
    if filters.years:
        conditions.append(f"year in {json.dumps([int(y) for y in filters.years])}")
    return " and ".join(conditions)


class MilvusSearch:
    """Thread-safe (the client is); one writer at a time, as for the store."""

    def __init__(self, settings: Settings, store: Store, model: str, dim: int) -> None:
        self._store = store
        self._model = model
        self._dim = dim
        uri = settings.milvus_uri or str(settings.index_dir / "milvus.db")
        self._client = MilvusClient(uri)
        self.collection = f"{settings.milvus_collection}_{hashlib.sha256(model.encode()).hexdigest()[:12]}"
        self._meta_key = f"milvus:{uri}:{self.collection}"
        self._lock = threading.RLock()
        self._generation = -1  # store generation the collection matches, as this process knows it
        self.sync()

    # --- collection --------------------------------------------------------------------------

    def _create(self) -> None:
        schema = self._client.create_schema(auto_id=False)
        schema.add_field("vid", DataType.INT64, is_primary=True)
        schema.add_field("doc_id", DataType.VARCHAR, max_length=128)
        schema.add_field("doc_type", DataType.VARCHAR, max_length=4 * FIELD_MAX)
        schema.add_field("issuer", DataType.VARCHAR, max_length=4 * FIELD_MAX)
        schema.add_field("year", DataType.INT64)
        schema.add_field(
            "terms", DataType.VARCHAR, max_length=TERMS_MAX_BYTES, enable_analyzer=True,
            analyzer_params={"tokenizer": "standard"},
        )
        schema.add_field("dense", DataType.FLOAT_VECTOR, dim=self._dim)
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_function(Function(
            name="bm25", function_type=FunctionType.BM25, input_field_names=["terms"], output_field_names=["sparse"],
        ))
        index = self._client.prepare_index_params()
        index.add_index("dense", index_type="HNSW", metric_type="IP", params=HNSW)
        index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params={"bm25_k1": 1.2, "bm25_b": 0.75})
        self._client.create_collection(self.collection, schema=schema, index_params=index, consistency_level="Strong")

    def _rows(self, rows: list[SearchRow]) -> list[dict]:
        ids, matrix = self._store.vectors_for(self._model, [r.vid for r in rows])
        vectors = dict(zip(ids.tolist(), matrix))
        return [
            {
                "vid": r.vid, "doc_id": r.doc_id,
                "doc_type": (fold_lower(r.doc_type) or "")[:FIELD_MAX], "issuer": (fold_lower(r.issuer) or "")[:FIELD_MAX],
                "year": r.year if r.year is not None else NO_YEAR,
                "terms": document_terms(r.lexical_text, r.refs), "dense": vectors[r.vid],
            }
            for r in rows
            if r.vid in vectors  # a chunk without an embedding is not searchable (as in FAISS)
        ]

    def _insert(self, vids: Sequence[int]) -> None:
        for start in range(0, len(vids), BATCH):
            rows = self._rows(self._store.search_rows(list(vids[start : start + BATCH])))
            if rows:
                self._client.insert(self.collection, rows)

    def _delete(self, vids: Sequence[int]) -> None:
        for start in range(0, len(vids), BATCH):
            self._client.delete(self.collection, ids=list(vids[start : start + BATCH]))

    def _stored_vids(self) -> np.ndarray:
        """Row ids in the collection, read in ranges of ids (none is above the store's last id)."""
        found = []
        for low in range(0, self._store.last_vid() + 1, QUERY_LIMIT):
            rows = self._client.query(
                self.collection, filter=f"vid >= {low} and vid < {low + QUERY_LIMIT}", output_fields=["vid"],
                limit=QUERY_LIMIT,
            )
            found.extend(row["vid"] for row in rows)
        return np.array(found, dtype=np.int64)

    def sync(self) -> None:
        """Reconcile the collection with the store unless it is known to match."""
        with self._lock:
            generation = self._store.generation()
            if self._generation == generation:
                return
            if not self._client.has_collection(self.collection):
                self._create()
            else:
                self._client.load_collection(self.collection)  # released, e.g. after a killed run
                if self._store.meta(self._meta_key) == str(generation):
                    self._generation = generation
                    return
            wanted, present = self._store.vids(), self._stored_vids()
            self._delete(np.setdiff1d(present, wanted).tolist())
            self._insert(np.setdiff1d(wanted, present).tolist())
            self._generation = generation
            self.flush()

    def apply(self, write: Write) -> None:
        with self._lock:
            if write.generation_before != self._generation:
                self._generation = -1
                self.sync()
                return
            self._delete(write.removed)
            self._insert(write.added)
            self._generation = write.generation_before + 1

    def flush(self) -> None:
        with self._lock:
            if self._generation >= 0 and self._store.meta(self._meta_key) != str(self._generation):
                self._client.flush(self.collection)
                self._store.set_meta(self._meta_key, str(self._generation))

    def close(self) -> None:
        self.flush()
        self._client.close()

    # --- search ------------------------------------------------------------------------------

    def dense(self, vector: np.ndarray, k: int, filters: SearchFilters | None) -> list[tuple[int, float]]:
        hits = self._client.search(
            self.collection, data=[np.asarray(vector, dtype=np.float32).reshape(-1).tolist()], anns_field="dense",
            limit=k, filter=filter_expression(filters), output_fields=["vid"],
            search_params={"metric_type": "IP", "params": {"ef": max(k, EF_MIN)}},
        )
        return [(int(h["vid"]), float(h["distance"])) for h in hits[0]]

    def lexical(self, query: LexicalQuery, k: int, filters: SearchFilters | None) -> list[tuple[int, float]]:
        terms = query_terms(query)
        if not terms:
            return []
        hits = self._client.search(
            self.collection, data=[terms], anns_field="sparse", limit=k, filter=filter_expression(filters),
            search_params={"metric_type": "BM25"}, output_fields=["vid"],
        )
        # BM25 scores are >= 0; this Milvus Lite reports them negated as distances
        return [(int(h["vid"]), abs(float(h["distance"]))) for h in hits[0]]
