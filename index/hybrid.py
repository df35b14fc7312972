"""Fusion of the dense and lexical rankings, plus boosts for exact document numbers and figures.

Score fusion: each ranking's scores (cosine similarity, BM25) are z-scored over its own
candidate list, so the two scales become comparable per query, and a chunk gets
``dense_weight * z_dense + (1 - dense_weight) * z_lexical``; a chunk missing from one list
takes that list's lowest z-score. Unlike rank fusion this keeps how far ahead a passage is:
a BM25 outlier stays ahead of a crowd of near-equal cosines (on ALQAC 2023 it beats weighted
RRF on every metric, bench/retrieval.py). The dense share depends on the query (``dense_share``):
small by default (BM25 is the stronger ranker on Vietnamese legal text), large for a paraphrase
that BM25 cannot match, smaller again without diacritics. A chunk that cites a document number
named in the query, or contains a figure named in the query, gets a fixed bonus on top.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.models import Chunk
from tracuu.settings import Settings
from tracuu.vn.normalize import has_diacritics
from tracuu.vn.numbers import Figure, find_figures
from tracuu.vn.tokenize import FOLDED_STOPWORDS, keywords, without_question_words


@dataclass
class Candidate:
    vid: int
    score: float = 0.0
    dense_rank: int | None = None
    lexical_rank: int | None = None


def _content_words(text: str) -> set[str]:
    words = keywords(without_question_words(text), fold=True)
    return {w for w in words if w not in FOLDED_STOPWORDS and any(ch.isalpha() for ch in w)}


def lexical_coverage(query: str, text: str) -> float:
    """Share of the query's content words (no function or question words, no numbers; compared
    without diacritics) that occur in ``text``."""
    wanted = _content_words(query)
    return len(wanted & _content_words(text)) / len(wanted) if wanted else 1.0


def dense_share(query: str, best_lexical_text: str, settings: Settings) -> float:
    """The dense side's weight for ``query``. When even the best BM25 passage holds under
    ``settings.paraphrase_coverage`` of the query's words, the question is worded unlike the
    documents ("rộng bao nhiêu cây số vuông" for "diện tích ... km²") and BM25 ranks noise:
    the embedding leads (``settings.paraphrase_dense_weight``). A query typed without diacritics
    leans on BM25's folded field (``settings.accentless_dense_factor``)."""
    coverage = lexical_coverage(query, best_lexical_text)
    share = settings.paraphrase_dense_weight if coverage < settings.paraphrase_coverage else settings.dense_weight
    return share if has_diacritics(query) else share * settings.accentless_dense_factor


def z_scores(scored: list[tuple[int, float]]) -> dict[int, float]:
    """{id: (score - mean) / std} over one ranking; all 0 when the scores do not vary."""
    if not scored:
        return {}
    values = [s for _, s in scored]
    mean = sum(values) / len(values)
    std = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    return {vid: (s - mean) / std if std > 0 else 0.0 for vid, s in scored}


def fuse(
    dense: list[tuple[int, float]], lexical: list[tuple[int, float]], *, dense_weight: float
) -> dict[int, Candidate]:
    """Candidates of both rankings ((id, score), best first), scored by the convex combination
    of their z-scores with ``dense_weight`` on the dense side."""
    dense_z, lexical_z = z_scores(dense), z_scores(lexical)
    dense_floor, lexical_floor = min(dense_z.values(), default=0.0), min(lexical_z.values(), default=0.0)
    candidates: dict[int, Candidate] = {}
    for rank, (vid, _) in enumerate(dense, start=1):
        candidates.setdefault(vid, Candidate(vid)).dense_rank = rank
    for rank, (vid, _) in enumerate(lexical, start=1):
        candidates.setdefault(vid, Candidate(vid)).lexical_rank = rank
    for vid, c in candidates.items():
        dense_part = dense_weight * dense_z.get(vid, dense_floor)
        c.score = dense_part + (1 - dense_weight) * lexical_z.get(vid, lexical_floor)
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
