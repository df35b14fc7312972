"""Lexical (BM25) search over Vietnamese text with SQLite FTS5.

Tokens come from ``tracuu.vn.tokenize`` (NFC lower-case syllables, syllable bigrams, document
numbers and figures as single tokens). Each chunk has three FTS columns:

* ``exact``  - tokens with diacritics kept;
* ``folded`` - tokens of the accentless text, so "quyet dinh" finds "quyết định";
* ``refs``   - the normalised keys of the documents the chunk cites, so any written variant
  of a document number in a query ("236 / QĐ - TTg", "236/QD-TTg") finds it.

FTS5's own tokenizer would split tokens such as ``236/qđ-ttg`` or ``7,17%`` and the space of
a bigram, so each token is written as one FTS "word": characters that FTS5 treats as
separators are mapped into the Unicode private-use area, which it treats as word characters.
The FTS table lives in the store's database, so it is written in the same transaction as the
chunks: it is never out of step with them.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from tracuu.vn.normalize import fold_diacritics, has_diacritics
from tracuu.vn.tokenize import tokenize, without_question_words

_PRIVATE_USE_BASE = 0xE000
_PRIVATE_USE_SIZE = 0x1900

# Version of the FTS rows (tokenizer and columns). A store whose rows were written by another
# version rebuilds its FTS table from the stored chunk texts when opened (no re-embedding).
VERSION = "6"  # 2: footnote markers dropped from words, unit powers as ASCII ("km²" -> "km2");
# 3: document line in the passage; 4: abbreviations both ways;
# 5: document numbers keep "&" and "." between symbol groups ("638/snv-cchc&vtlt")
# 6: abbreviations learned again (lists of abbreviations; long forms compared without "và")

# BM25 weight of each column (exact, folded, refs); measured on ALQAC 2023 (bench/retrieval.py).
EXACT_WEIGHT = 1.0
FOLDED_WEIGHT = 0.5
REFS_WEIGHT = 2.0

SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_fts USING fts5(
    exact, folded, refs, tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_vocab USING fts5vocab(chunk_fts, 'row');
"""


@lru_cache(maxsize=1 << 18)
def _fts_word(token: str) -> str:
    """``token`` as one FTS5 word: letters and digits kept, other characters moved to private use."""
    out = []
    for ch in token:
        if unicodedata.category(ch)[0] in "LN":
            out.append(ch)
        elif ord(ch) < _PRIVATE_USE_SIZE:
            out.append(chr(_PRIVATE_USE_BASE + ord(ch)))
    return "".join(out)


def ref_word(key: str) -> str:
    """FTS word of a normalised document key (accent- and case-insensitive)."""
    return _fts_word(fold_diacritics(key).lower())


@lru_cache(maxsize=1 << 18)
def _folded_fts_word(token: str) -> str:
    return _fts_word(fold_diacritics(token))


def _column_text(tokens: Iterable[str], word: Callable[[str], str]) -> str:
    return " ".join(w for w in map(word, tokens) if w)


def columns(text: str, ref_keys: Iterable[str]) -> tuple[str, str, str]:
    """The FTS columns (exact, folded, refs) of one chunk. ``tokenize(text, fold=True)`` is
    ``tokenize(text)`` with each token folded, so the text is tokenized once and each distinct
    token converted once (cached)."""
    tokens = tokenize(text)
    return (
        _column_text(tokens, _fts_word),
        _column_text(tokens, _folded_fts_word),
        " ".join(ref_word(k) for k in ref_keys),
    )


def insert(conn: sqlite3.Connection, vid: int, row: tuple[str, str, str]) -> None:
    conn.execute("INSERT INTO chunk_fts(rowid, exact, folded, refs) VALUES (?, ?, ?, ?)", (vid, *row))


def add(conn: sqlite3.Connection, vid: int, text: str, ref_keys: Iterable[str]) -> None:
    """Index one chunk."""
    insert(conn, vid, columns(text, ref_keys))


def remove(conn: sqlite3.Connection, vids: Iterable[int]) -> None:
    conn.executemany("DELETE FROM chunk_fts WHERE rowid = ?", ((v,) for v in vids))


@dataclass(frozen=True)
class LexicalQuery:
    exact: tuple[str, ...]
    folded: tuple[str, ...]
    refs: tuple[str, ...]

    @classmethod
    def parse(cls, query: str, ref_keys: Iterable[str] = ()) -> "LexicalQuery":
        """A query typed with diacritics is looked up as written (``exact``): its plain syllables
        ("bao nhiêu") must not match accented ones ("bão", "báo"). A query typed without any is
        looked up in the accentless column (``folded``), where each token matches every accented
        form. One column per query also halves the work of the search. Question words are left
        out: "bao nhiêu" is not about "bao gồm"."""
        column = [_fts_word(t) for t in tokenize(without_question_words(query), fold=not has_diacritics(query))]
        words = tuple(dict.fromkeys(w for w in column if w))
        return cls(
            exact=words if has_diacritics(query) else (),
            folded=() if has_diacritics(query) else words,
            refs=tuple(dict.fromkeys(ref_word(k) for k in ref_keys)),
        )

    def match_expression(self, keep: Callable[[str], bool] = lambda w: True) -> str | None:
        """FTS5 MATCH string: any kept term in its column (BM25 ranks by how many and how rare)."""
        groups = []
        for column, words in (("exact", self.exact), ("folded", self.folded), ("refs", self.refs)):
            terms = " OR ".join(f'"{w}"' for w in words if keep(w))
            if terms:
                groups.append(f"{{{column}}} : ({terms})")
        return " OR ".join(groups) if groups else None


# A large index also leaves out words in more than COMMON_SHARE of its chunks (and more than
# COMMON_MIN chunks): their posting lists make most of a query's cost (1M synthetic chunks: p50
# 841 ms with the half-of-chunks cut alone; 100k: 86 -> 21 ms) while their IDF is small (<= 2.2
# against >= 6 for a word in 0.1% of chunks; bench/speed.py). On ALQAC 2023 (2256 chunks: the floor
# keeps the half-of-chunks cut there) a 10% cut measured lexical MRR@10 0.870 against 0.868.
COMMON_SHARE = 0.1
COMMON_MIN = 5000


def _useful_words(conn: sqlite3.Connection, query: LexicalQuery, total: int) -> set[str]:
    """Words found in at least one chunk and in at most half of the ``total`` chunks (FTS5's BM25
    gives a word in half the chunks or more an IDF of ~0, so leaving it out changes no ranking and
    saves reading its long posting list: "của", "tỉnh"), and in a large index at most
    ``COMMON_SHARE`` of them."""
    limit = min(total / 2, max(total * COMMON_SHARE, COMMON_MIN))
    useful = set()
    for word in {*query.exact, *query.folded, *query.refs}:
        row = conn.execute("SELECT doc FROM chunk_vocab WHERE term = ?", (word,)).fetchone()
        if row and row[0] <= limit:
            useful.add(word)
    return useful


def search(
    conn: sqlite3.Connection,
    query: LexicalQuery,
    limit: int,
    total: int,
    allowed_sql: str | None = None,
    allowed_params: tuple = (),
) -> list[tuple[int, float]]:
    """(row id, BM25 relevance, higher is better) of the best ``limit`` of the ``total`` chunks,
    optionally among the ids selected by ``allowed_sql``."""
    expression = query.match_expression(_useful_words(conn, query, total).__contains__)
    if expression is None or limit <= 0:
        return []
    where = "chunk_fts MATCH ?"
    params: tuple = (expression,)
    if allowed_sql:
        where += f" AND +rowid IN ({allowed_sql})"  # "+": filter the matches, do not look each allowed row up (100× slower on a big document)
        params += allowed_params
    rows = conn.execute(
        f"SELECT rowid, bm25(chunk_fts, {EXACT_WEIGHT}, {FOLDED_WEIGHT}, {REFS_WEIGHT}) AS rank "
        f"FROM chunk_fts WHERE {where} ORDER BY rank LIMIT ?",
        params + (limit,),
    ).fetchall()
    return [(r[0], -r[1]) for r in rows]  # FTS5's bm25() is negated: lower is better
