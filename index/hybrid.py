"""Fusion of the dense and lexical rankings, plus boosts for exact document numbers and figures.

Weighted reciprocal rank fusion: a chunk at rank r (1-based) in a list of weight w gets
w / (rrf_k + r) from that list. Ranks, not raw scores, are fused, so BM25 and cosine
scales never need calibrating. A chunk that cites a document number named in the query,
or contains a figure named in the query, gets a fixed bonus on top.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.models import Chunk
from tracuu.vn.numbers import Figure, find_figures


# Dense weight multiplier for a query typed without diacritics: e5 embeds accentless Vietnamese
# poorly (ALQAC 2023 folded statements: dense weight 0.3 gives MRR@10 0.71 at rrf_k 60, 0.1 keeps
# the lexical 0.85), so such queries lean on the folded BM25 field. Measured by bench/retrieval.py.
ACCENTLESS_DENSE_FACTOR = 0.1


@dataclass
class Candidate:
    vid: int
    score: float = 0.0
    dense_rank: int | None = None
    lexical_rank: int | None = None


def fuse(
    dense: list[int], lexical: list[int], *, rrf_k: int, dense_weight: float, lexical_weight: float
) -> dict[int, Candidate]:
    candidates: dict[int, Candidate] = {}
    for rank, vid in enumerate(dense, start=1):
        c = candidates.setdefault(vid, Candidate(vid))
        c.dense_rank = rank
        c.score += dense_weight / (rrf_k + rank)
    for rank, vid in enumerate(lexical, start=1):
        c = candidates.setdefault(vid, Candidate(vid))
        c.lexical_rank = rank
        c.score += lexical_weight / (rrf_k + rank)
    return candidates


def distinctive(figure: Figure) -> bool:
    """A figure worth boosting: with a unit, a fraction, or a large number ("7,17%", "856.927").
    Bare small integers ("Nghị quyết 11", "tăng 2 bậc") match too much to mean anything."""
    return figure.unit is not None or not figure.value.is_integer() or figure.value >= 100


def has_figure(text: str, figures: tuple[Figure, ...]) -> bool:
    """Does ``text`` contain one of ``figures`` (same value; same unit, or no unit on one side)?"""
    return any(
        f.value == g.value and (f.unit == g.unit or None in (f.unit, g.unit))
        for f in find_figures(text)
        for g in figures
    )


def boost(
    candidate: Candidate,
    chunk: Chunk,
    *,
    doc_keys: frozenset[str],
    figures: tuple[Figure, ...],
    docnum_boost: float,
    figure_boost: float,
) -> None:
    """Add the exact-match bonuses: a document key of the query among the chunk's references,
    a figure of the query in the chunk's text."""
    if doc_keys and doc_keys.intersection(chunk.refs):
        candidate.score += docnum_boost
    if figures and has_figure(chunk.text, figures):
        candidate.score += figure_boost
