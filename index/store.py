"""SQLite store: the source of truth for documents, pages, chunks, footnotes, references,
the embedding cache and, for the embedded chunk search, the lexical (FTS5) index.

One document is written or removed in one transaction, and each such transaction bumps
``generation``; files derived from the store (the FAISS index) carry the generation they
were built from. WAL mode: readers never block the writer, and a killed process leaves the
last committed state.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np

from index import lexical
from index.models import DocumentInfo, SearchFilters
from index.passage import document_line, passage_text, text_hash
from ingest.models import Chunk, DocRef, Document, Footnote, Marker, Page, Signer, Span
from tracuu.vn.abbreviations import Abbreviations, bundled, learn
from tracuu.vn.normalize import fold_diacritics

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, file_name TEXT NOT NULL,
    number TEXT, doc_type TEXT, issuer TEXT, place TEXT, date TEXT,
    year INTEGER, title TEXT, status TEXT NOT NULL, warnings TEXT NOT NULL,
    pages INTEGER NOT NULL, chunks INTEGER NOT NULL, footnotes INTEGER NOT NULL,
    references_count INTEGER NOT NULL, added_at REAL NOT NULL,
    signer TEXT,  -- JSON of the Signer, NULL when none was found
    parse_version INTEGER  -- ingest.models.PARSE_VERSION of the reader; NULL: stored before it was kept
);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE TABLE IF NOT EXISTS pages (
    doc_id TEXT NOT NULL, number INTEGER NOT NULL, text TEXT NOT NULL, label TEXT,
    header TEXT NOT NULL, footer TEXT NOT NULL, footnote_text TEXT NOT NULL,
    has_text INTEGER NOT NULL, ocr INTEGER NOT NULL,
    PRIMARY KEY (doc_id, number)
);
CREATE TABLE IF NOT EXISTS chunks (
    vid INTEGER PRIMARY KEY AUTOINCREMENT,  -- FAISS / FTS id; never reused
    id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL,
    text TEXT NOT NULL, section TEXT NOT NULL, page_start INTEGER NOT NULL, page_end INTEGER NOT NULL,
    spans TEXT NOT NULL, footnotes TEXT NOT NULL, refs TEXT NOT NULL, ocr INTEGER NOT NULL,
    text_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id, seq);
CREATE INDEX IF NOT EXISTS chunks_hash ON chunks(text_hash);
CREATE TABLE IF NOT EXISTS footnotes (  -- data: every field of the Footnote, markers included (JSON)
    doc_id TEXT NOT NULL, seq INTEGER NOT NULL, number INTEGER NOT NULL, page INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
CREATE TABLE IF NOT EXISTS refs (
    doc_id TEXT NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL, doc_type TEXT, type_code TEXT,
    number TEXT NOT NULL, code TEXT NOT NULL, year INTEGER, date TEXT, issuer TEXT, raw TEXT NOT NULL,
    page INTEGER NOT NULL, sentence TEXT NOT NULL, section TEXT NOT NULL, short INTEGER NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX IF NOT EXISTS refs_key ON refs(key);
CREATE TABLE IF NOT EXISTS abbreviations (  -- defined in the document: "cải cách hành chính (CCHC)"
    doc_id TEXT NOT NULL, short TEXT NOT NULL, long TEXT NOT NULL,
    PRIMARY KEY (doc_id, short, long)
);
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL, text_hash TEXT NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (model, text_hash)
) WITHOUT ROWID;
"""

_DOC_COLUMNS = (
    "id, path, file_name, number, doc_type, issuer, place, date, title, status, "
    "pages, chunks, footnotes, references_count, warnings, signer, parse_version"
)
# Columns added after the first release: (name, declaration), added to older databases on open.
_ADDED_DOC_COLUMNS = (("signer", "TEXT"), ("parse_version", "INTEGER"))
_CHUNK_COLUMNS = "vid, id, doc_id, seq, kind, text, section, page_start, page_end, spans, footnotes, refs, ocr"
_CHUNK_COLUMNS_OF_C = ", ".join(f"c.{name.strip()}" for name in _CHUNK_COLUMNS.split(","))
# the document line of each chunk's passage text (index.passage.document_line)
_DOC_LINE_COLUMNS = "d.doc_type AS d_type, d.number AS d_number, d.title AS d_title"
_CHUNKS_WITH_DOCS = "FROM chunks c JOIN documents d ON d.id = c.doc_id"


# --- (de)serialisation of the nested parts of a chunk / footnote ---------------------------

def _footnote_dict(note: Footnote) -> dict:
    return asdict(note)  # markers become lists of dicts


def _footnote_from(data: dict) -> Footnote:
    return Footnote(**{**data, "markers": tuple(Marker(**m) for m in data["markers"])})


def _footnotes_json(notes: Sequence[Footnote]) -> str:
    return json.dumps([_footnote_dict(f) for f in notes], ensure_ascii=False)


def _footnotes_from(raw: str) -> tuple[Footnote, ...]:
    return tuple(_footnote_from(d) for d in json.loads(raw))


def _defined(pages: Iterable[tuple[str, str]]) -> Abbreviations:
    """The abbreviations a document defines, from its pages' (body text, footnote text)."""
    return learn("\n".join(f"{text}\n{notes}" for text, notes in pages))


def _lexical_text(passage: str, chunk: Chunk, known: Abbreviations) -> str:
    """What BM25 indexes: the passage, plus the other form of each abbreviation or long form in the
    chunk, so "cải cách hành chính" finds a passage that writes "CCHC" and the reverse."""
    alternatives = known.alternatives(chunk.text)
    return passage + ("\n" + "; ".join(alternatives) if alternatives else "")


def _passage(row: sqlite3.Row) -> str:
    """The passage text of a chunk row selected with its ``_DOC_LINE_COLUMNS``."""
    return passage_text(_chunk(row), document_line(row["d_type"], row["d_number"], row["d_title"]))


def _doc_info(row: sqlite3.Row) -> DocumentInfo:
    return DocumentInfo(
        id=row["id"], path=row["path"], file_name=row["file_name"], number=row["number"],
        doc_type=row["doc_type"], issuer=row["issuer"], place=row["place"], date=row["date"],
        title=row["title"], status=row["status"], pages=row["pages"], chunks=row["chunks"],
        footnotes=row["footnotes"], references=row["references_count"],
        warnings=tuple(json.loads(row["warnings"])),
        signer=Signer(**json.loads(row["signer"])) if row["signer"] else None,
        parse_version=row["parse_version"] or 1,
    )


def _chunk(row: sqlite3.Row) -> Chunk:
    return Chunk(
        id=row["id"], doc_id=row["doc_id"], seq=row["seq"], kind=row["kind"], text=row["text"],
        section=tuple(json.loads(row["section"])), page_start=row["page_start"], page_end=row["page_end"],
        spans=tuple(Span(*s) for s in json.loads(row["spans"])),
        footnotes=_footnotes_from(row["footnotes"]), refs=tuple(json.loads(row["refs"])), ocr=bool(row["ocr"]),
    )


def _ref(row: sqlite3.Row) -> DocRef:
    return DocRef(
        key=row["key"], doc_type=row["doc_type"], type_code=row["type_code"], number=row["number"],
        code=row["code"], year=row["year"], date=row["date"], issuer=row["issuer"], raw=row["raw"],
        page=row["page"], sentence=row["sentence"], section=row["section"], short=bool(row["short"]),
    )


@dataclass(frozen=True)
class SearchRow:
    """What chunk search indexes of one chunk besides its vector: the text BM25 indexes (passage
    and abbreviation forms), the document keys it cites, and the fields the filters read."""

    vid: int
    doc_id: str
    doc_type: str | None
    issuer: str | None
    year: int | None
    lexical_text: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Write:
    """What one write transaction changed: chunk row ids removed and added, and the generation
    it started from (the new generation is ``generation_before + 1``)."""

    removed: list[int]
    added: list[int]
    generation_before: int


def _year(doc: Document) -> int | None:
    return int(doc.date[:4]) if doc.date and doc.date[:4].isdigit() else None


def fold_lower(text: str | None) -> str | None:
    """Case- and accent-insensitive form, used by the filters (registered as an SQL function)."""
    return fold_diacritics(text).lower() if text is not None else None


class Store:
    """All SQLite access. One connection shared by the threads of a process, guarded by a lock.

    ``fts``: keep the FTS5 table (the embedded chunk search). A store whose chunk search lives
    elsewhere (Milvus) empties it and marks it stale, so that opening it again with FTS5 rebuilds it."""

    def __init__(self, path: Path, *, fts: bool = True) -> None:
        self.path = path
        self.fts = fts
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=60)
        self._conn.row_factory = sqlite3.Row
        self._conn.create_function("fold_lower", 1, fold_lower, deterministic=True)
        self._lock = threading.RLock()
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(
            "BEGIN IMMEDIATE;" + SCHEMA + lexical.SCHEMA
            + "INSERT OR IGNORE INTO meta(key, value) VALUES ('generation', '0'); COMMIT;"
        )
        self._add_columns()
        self._update_lexical()

    def _add_columns(self) -> None:
        """Add the documents columns a database written by an older version lacks (NULL for its rows)."""
        with self.transaction() as conn:
            present = {row["name"] for row in conn.execute("PRAGMA table_info(documents)")}
            for name, declaration in _ADDED_DOC_COLUMNS:
                if name not in present:
                    conn.execute(f"ALTER TABLE documents ADD COLUMN {name} {declaration}")

    def _update_lexical(self) -> None:
        """Rebuild the FTS rows from the stored chunks when they were written by another version
        of ``index.lexical`` or while the table was off (one transaction: a crash leaves the old
        rows, the next open redoes it); empty them when the table is off."""
        version = lexical.VERSION if self.fts else "off"

        def current(conn: sqlite3.Connection) -> bool:
            row = conn.execute("SELECT value FROM meta WHERE key = 'lexical_version'").fetchone()
            return row is not None and row[0] == version

        if current(self._conn):
            return
        with self.transaction() as conn:
            if current(conn):  # another process rebuilt it meanwhile
                return
            conn.execute("DELETE FROM chunk_fts")
            self._relearn_abbreviations(conn)  # what a document defines is read again by this version
            if self.fts:
                for row in self._search_rows(conn, "", ()):
                    lexical.add(conn, row.vid, row.lexical_text, row.refs)
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('lexical_version', ?)", (version,))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write (BEGIN IMMEDIATE: the single writer waits for another process's write)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _query(self, sql: str, params: Sequence = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    @staticmethod
    def _bump_generation(conn: sqlite3.Connection) -> int:
        """Bump the generation inside a write; returns the generation before it."""
        before = int(conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])
        conn.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (str(before + 1),))
        return before

    def generation(self) -> int:
        return int(self._query("SELECT value FROM meta WHERE key = 'generation'")[0][0])

    def meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # --- writing -----------------------------------------------------------------------------

    def cached_embeddings(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            marks = ",".join("?" * len(part))
            for row in self._query(
                f"SELECT text_hash, vector FROM embeddings WHERE model = ? AND text_hash IN ({marks})",
                [model, *part],
            ):
                found[row[0]] = np.frombuffer(row[1], dtype=np.float32)
        return found

    def put_embeddings(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        """Add embeddings to the cache, in their own transaction so that work done survives a crash.
        Does not bump the generation: the chunks (and so the vector index) are unchanged."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO embeddings(model, text_hash, vector) VALUES (?, ?, ?)",
                [(model, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in vectors.items()],
            )

    def bump_generation(self) -> int:
        """Mark derived files stale (e.g. after embeddings were added for chunks stored without them)."""
        with self.transaction() as conn:
            self._bump_generation(conn)
            return int(conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])

    def write_document(self, doc: Document, replaces: Sequence[str] = ()) -> Write:
        """Store ``doc`` (and delete the documents ``replaces``) in one transaction."""
        with self.transaction() as conn:
            removed = [vid for old in replaces for vid in self._delete(conn, old)]
            self._delete(conn, doc.id)
            conn.execute(
                f"INSERT INTO documents({_DOC_COLUMNS}, year, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc.id, doc.path, doc.file_name, doc.number, doc.doc_type, doc.issuer, doc.place, doc.date,
                    doc.title, doc.status, doc.page_count, len(doc.chunks), len(doc.footnotes),
                    len(doc.references), json.dumps(doc.warnings, ensure_ascii=False),
                    json.dumps(asdict(doc.signer), ensure_ascii=False) if doc.signer else None,
                    doc.parse_version, _year(doc), time.time(),
                ),
            )
            conn.executemany(
                "INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (doc.id, p.number, p.text, p.label, p.header, p.footer, p.footnote_text, p.has_text, p.ocr)
                    for p in doc.pages
                ],
            )
            conn.executemany(
                "INSERT INTO footnotes VALUES (?, ?, ?, ?, ?)",
                [
                    (doc.id, i, f.number, f.page, json.dumps(_footnote_dict(f), ensure_ascii=False))
                    for i, f in enumerate(doc.footnotes)
                ],
            )
            conn.executemany(
                "INSERT INTO refs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (doc.id, i, r.key, r.doc_type, r.type_code, r.number, r.code, r.year, r.date, r.issuer,
                     r.raw, r.page, r.sentence, r.section, r.short)
                    for i, r in enumerate(doc.references)
                ],
            )
            defined = _defined((p.text, p.footnote_text) for p in doc.pages)
            conn.executemany(
                "INSERT OR IGNORE INTO abbreviations VALUES (?, ?, ?)",
                [(doc.id, short, long) for short, long in sorted(defined.pairs)],
            )
            added = []
            document = document_line(doc.doc_type, doc.number, doc.title)
            for c in doc.chunks:
                cur = conn.execute(
                    "INSERT INTO chunks(id, doc_id, seq, kind, text, section, page_start, page_end, spans, "
                    "footnotes, refs, ocr, text_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        c.id, c.doc_id, c.seq, c.kind, c.text, json.dumps(list(c.section), ensure_ascii=False),
                        c.page_start, c.page_end, json.dumps([[s.page, s.start, s.end] for s in c.spans]),
                        _footnotes_json(c.footnotes), json.dumps(list(c.refs), ensure_ascii=False), c.ocr,
                        text_hash(passage_text(c, document)),
                    ),
                )
                added.append(int(cur.lastrowid))
            if self.fts:
                for row in self._search_rows(conn, "WHERE c.doc_id = ?", (doc.id,)):
                    lexical.add(conn, row.vid, row.lexical_text, row.refs)
            self._prune_embeddings(conn, removed)
            before = self._bump_generation(conn)
        return Write(removed, added, before)

    def delete_document(self, doc_id: str) -> Write | None:
        """Remove a document; None if it was not stored."""
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is None:
                return None
            removed = self._delete(conn, doc_id)
            self._prune_embeddings(conn, removed)
            before = self._bump_generation(conn)
        return Write(removed, [], before)

    def _delete(self, conn: sqlite3.Connection, doc_id: str) -> list[int]:
        vids = [r[0] for r in conn.execute("SELECT vid FROM chunks WHERE doc_id = ?", (doc_id,))]
        if self.fts:
            lexical.remove(conn, vids)
        for table in ("chunks", "pages", "footnotes", "refs", "abbreviations"):
            conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        return vids

    @staticmethod
    def _relearn_abbreviations(conn: sqlite3.Connection) -> None:
        """The abbreviations every stored document defines, learned again from its stored pages."""
        conn.execute("DELETE FROM abbreviations")
        pages: dict[str, list[tuple[str, str]]] = {}
        for doc_id, text, notes in conn.execute("SELECT doc_id, text, footnote_text FROM pages ORDER BY doc_id, number"):
            pages.setdefault(doc_id, []).append((text, notes))
        for doc_id, texts in pages.items():
            conn.executemany(
                "INSERT OR IGNORE INTO abbreviations VALUES (?, ?, ?)",
                [(doc_id, short, long) for short, long in sorted(_defined(texts).pairs)],
            )

    @staticmethod
    def _defined_abbreviations(conn: sqlite3.Connection, doc_ids: Sequence[str] | None = None) -> dict[str, Abbreviations]:
        """{document id: the abbreviations it defines}, of every document or of ``doc_ids``."""
        sql = "SELECT doc_id, short, long FROM abbreviations"
        if doc_ids is not None:
            sql += f" WHERE doc_id IN ({','.join('?' * len(doc_ids))})"
        out: dict[str, Abbreviations] = {}
        for doc_id, short, long in conn.execute(sql, tuple(doc_ids or ())):
            out.setdefault(doc_id, Abbreviations()).pairs.add((short, long))
        return out

    def _search_rows(self, conn: sqlite3.Connection, where: str, params: Sequence) -> list[SearchRow]:
        rows = conn.execute(
            f"SELECT {_CHUNK_COLUMNS_OF_C}, {_DOC_LINE_COLUMNS}, d.issuer AS d_issuer, d.year AS d_year "
            f"{_CHUNKS_WITH_DOCS} {where} ORDER BY c.vid",
            tuple(params),
        ).fetchall()
        doc_ids = sorted({r["doc_id"] for r in rows})
        defined = self._defined_abbreviations(conn, doc_ids)
        table = bundled()
        known = {doc_id: table.merged(defined.get(doc_id, Abbreviations())) for doc_id in doc_ids}
        out = []
        for r in rows:
            chunk = _chunk(r)
            out.append(SearchRow(
                r["vid"], chunk.doc_id, r["d_type"], r["d_issuer"], r["d_year"],
                _lexical_text(_passage(r), chunk, known[chunk.doc_id]), chunk.refs,
            ))
        return out

    def search_rows(self, vids: Sequence[int]) -> list[SearchRow]:
        """The search rows of the given chunks (those still stored), by row id."""
        if not vids:
            return []
        with self._lock:
            return self._search_rows(self._conn, f"WHERE c.vid IN ({','.join('?' * len(vids))})", vids)

    def last_vid(self) -> int:
        """The largest chunk row id ever given (row ids are never reused); 0 when none was."""
        rows = self._query("SELECT seq FROM sqlite_sequence WHERE name = 'chunks'")
        return int(rows[0][0]) if rows else 0

    def vids(self) -> np.ndarray:
        """Row ids of every stored chunk, ascending."""
        return np.array([r[0] for r in self._query("SELECT vid FROM chunks ORDER BY vid")], dtype=np.int64)

    def abbreviations(self) -> Abbreviations:
        """The bundled abbreviations and every one a stored document defines."""
        with self._lock:
            defined = self._defined_abbreviations(self._conn)
        return bundled().merged(Abbreviations({p for a in defined.values() for p in a.pairs}))

    @staticmethod
    def _prune_embeddings(conn: sqlite3.Connection, removed: Sequence[int]) -> None:
        """Drop cached embeddings no chunk uses any more (after a document was removed or replaced)."""
        if removed:
            conn.execute("DELETE FROM embeddings WHERE text_hash NOT IN (SELECT text_hash FROM chunks)")

    # --- reading -----------------------------------------------------------------------------

    def doc_ids_at_path(self, path: str) -> list[str]:
        return [r[0] for r in self._query("SELECT id FROM documents WHERE path = ?", (path,))]

    def documents(self) -> list[DocumentInfo]:
        return [_doc_info(r) for r in self._query(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY added_at, id")]

    def document(self, doc_id: str) -> DocumentInfo | None:
        rows = self._query(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,))
        return _doc_info(rows[0]) if rows else None

    def chunk(self, chunk_id: str) -> Chunk | None:
        rows = self._query(f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE id = ?", (chunk_id,))
        return _chunk(rows[0]) if rows else None

    def chunks(self, doc_id: str | None = None) -> list[Chunk]:
        if doc_id is None:
            rows = self._query(f"SELECT {_CHUNK_COLUMNS} FROM chunks ORDER BY doc_id, seq")
        else:
            rows = self._query(f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE doc_id = ? ORDER BY seq", (doc_id,))
        return [_chunk(r) for r in rows]

    def chunks_by_vid(self, vids: Sequence[int]) -> dict[int, Chunk]:
        if not vids:
            return {}
        marks = ",".join("?" * len(vids))
        rows = self._query(f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE vid IN ({marks})", list(vids))
        return {r["vid"]: _chunk(r) for r in rows}

    def page_text(self, doc_id: str, page: int) -> str | None:
        rows = self._query("SELECT text FROM pages WHERE doc_id = ? AND number = ?", (doc_id, page))
        return rows[0][0] if rows else None

    def footnotes(self, doc_id: str) -> list[Footnote]:
        rows = self._query("SELECT data FROM footnotes WHERE doc_id = ? ORDER BY seq", (doc_id,))
        return [_footnote_from(json.loads(r[0])) for r in rows]

    def refs(self, key: str | None = None) -> list[tuple[DocRef, str]]:
        """Stored references as (DocRef, citing document id), in document and mention order."""
        sql = "SELECT * FROM refs" + (" WHERE key = ?" if key is not None else "") + " ORDER BY doc_id, seq"
        return [(_ref(r), r["doc_id"]) for r in self._query(sql, (key,) if key is not None else ())]

    def all_vectors(self, model: str) -> tuple[np.ndarray, np.ndarray]:
        """(row ids, vectors) of every chunk that has an embedding for ``model``."""
        return self._vectors(model, "", ())

    def embedding_coverage(self) -> tuple[int, dict[str, int]]:
        """(number of chunks, {model: number of chunks with an embedding for it})."""
        total = self._query("SELECT COUNT(*) FROM chunks")[0][0]
        rows = self._query(
            "SELECT e.model, COUNT(*) FROM chunks c JOIN embeddings e ON e.text_hash = c.text_hash GROUP BY e.model"
        )
        return total, {row[0]: row[1] for row in rows}

    def texts_missing_embeddings(self, model: str) -> dict[str, str]:
        """{text hash: passage text} of chunks with no embedding for ``model`` (e.g. after a model change)."""
        rows = self._query(
            f"SELECT {_CHUNK_COLUMNS_OF_C}, c.text_hash, {_DOC_LINE_COLUMNS} {_CHUNKS_WITH_DOCS} WHERE NOT EXISTS "
            "(SELECT 1 FROM embeddings e WHERE e.model = ? AND e.text_hash = c.text_hash)",
            (model,),
        )
        return {r["text_hash"]: _passage(r) for r in rows}

    def vectors_for(self, model: str, vids: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """(row ids, vectors) of the given chunks that have an embedding for ``model``."""
        return self._vectors(model, f"WHERE c.vid IN ({','.join('?' * len(vids))})", tuple(vids))

    def _vectors(self, model: str, where: str, params: tuple) -> tuple[np.ndarray, np.ndarray]:
        rows = self._query(
            "SELECT c.vid, e.vector FROM chunks c JOIN embeddings e ON e.model = ? AND e.text_hash = c.text_hash "
            f"{where} ORDER BY c.vid",
            (model, *params),
        )
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        vectors = np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows]) if rows else np.zeros((0, 0))
        return ids, vectors

    # --- filters -----------------------------------------------------------------------------

    @staticmethod
    def filter_sql(filters: SearchFilters | None) -> tuple[str | None, tuple]:
        """A ``SELECT vid ...`` selecting the chunks allowed by ``filters`` (None: no filter)."""
        if filters is None:
            return None, ()
        conditions: list[str] = []
        params: list = []
        if filters.doc_ids:
            conditions.append(f"d.id IN ({','.join('?' * len(filters.doc_ids))})")
            params += filters.doc_ids
        if filters.doc_types:
            conditions.append(f"fold_lower(d.doc_type) IN ({','.join('?' * len(filters.doc_types))})")
            params += [fold_lower(t) for t in filters.doc_types]
        if filters.issuers:
            conditions.append("(" + " OR ".join("instr(fold_lower(d.issuer), ?) > 0" for _ in filters.issuers) + ")")
            params += [fold_lower(i) for i in filters.issuers]
        if filters.years:
            conditions.append(f"d.year IN ({','.join('?' * len(filters.years))})")
            params += filters.years
        if not conditions:
            return None, ()
        sql = "SELECT c.vid FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE " + " AND ".join(conditions)
        return sql, tuple(params)

    def select_vids(self, sql: str, params: tuple) -> np.ndarray:
        return np.array([r[0] for r in self._query(sql, params)], dtype=np.int64)

    def lexical_search(self, query: lexical.LexicalQuery, limit: int, allowed_sql: str | None, params: tuple) -> list[tuple[int, float]]:
        with self._lock:
            total = self._conn.execute("SELECT coalesce(sum(chunks), 0) FROM documents").fetchone()[0]
            return lexical.search(self._conn, query, limit, total, allowed_sql, params)
