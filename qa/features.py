"""The named features of a candidate answer and their weights, in one table.

A candidate (a sentence, a span of it, a table cell) gets a score ``sum(weight[name] * value)``
over the features it has; the Answerer answers with the best candidate when its score reaches
``min_score`` and abstains otherwise. Every rule of ``qa.extract``, ``qa.figures`` and
``qa.tables`` that raises or lowers a candidate is one feature here, with its meaning.

The weights live in ``qa/weights.json``: ``bench/learn_weights.py`` learns them from the dev split
of ``bench/gold`` (listwise logistic regression: the right candidates of a question must take the
softmax mass of its candidates, regularised towards the hand-set weights below, the strength
chosen by cross-validation) and chooses ``min_score`` there. The hand-set weights are the prior and the fallback when the file is absent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("weights.json")

# name: (hand-set weight, meaning of the value)
FEATURES: dict[str, tuple[float, str]] = {
    "keywords": (1.0, "IDF-weighted share of the question's words in the sentence (words only in what it elaborates count half), plus up to 0.3 for shared word pairs"),
    "rank_prior": (0.05, "1 / (1 + retrieval rank of the passage)"),
    "lead_with_items": (-0.3, "1 when the sentence is a list lead whose items hold figures of the asked unit: an item answers, not the lead"),
    "definition": (0.3, "1 when the sentence defines the term a 'là gì' question asks ('<term> là ...')"),
    "enumeration": (0.1, "1 when a list question's sentence enumerates three or more items"),
    "breakdown": (-0.2, "1 when a quantity question about a whole meets a 'Trong đó: ...' sentence of parts"),
    "missing_years": (-1.0, "number of years named in the question that the sentence (or the year in force before it) lacks"),
    "missing_dates": (-0.3, "number of dates or months named in the question that the sentence lacks"),
    "untyped_fallback": (-0.5, "1 when a whole sentence is offered for a typed question (no span of the asked type)"),
    "span_keywords": (0.1, "the keyword score of the clause holding a date, reference or name span"),
    "asked_agent": (0.2, "1 when a who-answer is the one doing the asked action ('do <agent> đề xuất', '<body> chủ trì')"),
    "date_cue": (0.3, "1 when the date is written after the word a date question writes before its 'ngày nào' ('trước ngày nào', 'chậm nhất ngày nào', 'đề ngày nào')"),
    "document_date": (0.3, "1 when a date question's span is the date written with the document it names"),
    "missing_names": (-0.6, "share of the proper names the question writes ('Hữu Nghị', 'Chi Lăng') that the sentence's page does not"),
    "missing_parts": (-1.0, "number of document parts the question names by kind and number ('Mẫu 12d', 'Phụ lục XXIII', 'loại 5') that the candidate's document does not write"),
    "missing_codes": (-2.0, "number of codes the question names ('II.A.9', 'N6', 'LĐ1') that the sentence and what it elaborates lack"),
    "clause_named": (0.2, "+1 when the sentence or the text it elaborates is the clause the question names ('khoản 7a': written so, or an item numbered '7a.'), -1 when the question names a clause and neither is"),
    "missing_event": (-1.0, "1 when the two words naming a date question's event ('l sinh' in 'Bà L sinh năm bao nhiêu') are not in the sentence of the date"),
    "figure_ownership": (0.4, "IDF share of the question's words the figure owns (written before it or in its noun phrase)"),
    "figure_contrast": (-0.3, "share of the words only this figure's restriction ('đối với …', 'cho …' after it) writes, not another figure's of the clause, that the question lacks ('03 tháng đối với bất động sản' for a question about 'động sản')"),
    "figure_excluded": (-0.5, "1 when the words a figure owns hold a phrase the question excludes ('không phải vùng sâu, vùng xa' against '… đối với địa bàn vùng sâu, vùng xa thì … 24 giờ')"),
    "asked_bound": (0.3, "+1 when the figure is written with a bound of the direction the question asks ('tối đa bao lâu' and 'không quá 12 tháng', 'dưới bao nhiêu' and 'dưới 70%'), -1 for the other direction"),
    "list_count": (0.3, "1 for a count read off a numbered list ('có bao nhiêu hội' over 'I. TỈNH …' and its items '1. Hội …' … '14. …')"),
    "change_figure": (-0.3, "1 when the figure is a change ('tăng 0,84%') and the question asks no change"),
    "bare_integer": (-0.2, "1 when the figure is an integer below 100 or a fraction ('1/10'), with no unit, and the question names no unit"),
    "year_match": (0.15, "1 when the year written before the figure in its clause is the year asked"),
    "year_mismatch": (-0.4, "1 when the year written before the figure in its clause is another year"),
    "unit_phrase": (0.2, "1 when the figure is followed by every word asked after 'bao nhiêu'"),
    "field_label": (0.7, "for a field's value ('Phó Chủ nhiệm: 13 Luật sư'), 1 when the question writes the label as a phrase, 0.5 when it holds its words apart"),
    "table_cell": (0.2, "share of the named column header's words found in the question, for a table row's cell"),
    "row_label": (0.3, "share of a table row label's words found in the question, for the row's cell (the row named most wholly)"),
}
HAND_MIN_SCORE = 0.58  # below it, abstain (hand-set: answerable report questions scored >= 0.6)

Features = Mapping[str, float]


def hand_weights() -> dict[str, float]:
    return {name: weight for name, (weight, _) in FEATURES.items()}


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, float], float]:
    if not WEIGHTS_FILE.exists():
        return hand_weights(), HAND_MIN_SCORE
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    unknown = set(data["weights"]) - set(FEATURES)
    if unknown:
        raise ValueError(f"{WEIGHTS_FILE}: đặc trưng không có trong qa.features: {sorted(unknown)}")
    return {**hand_weights(), **data["weights"]}, float(data["min_score"])


def weights() -> dict[str, float]:
    """The weight of every feature (learned where qa/weights.json has one)."""
    return _table()[0]


def min_score() -> float:
    """The score a candidate needs to be given as an answer."""
    return _table()[1]


def score(features: Features, table: Mapping[str, float] | None = None) -> float:
    """Weighted sum of ``features`` (``table``: the weights; the learned ones by default)."""
    w = weights() if table is None else table
    return sum(w[name] * value for name, value in features.items())


def merge(*parts: Features) -> dict[str, float]:
    """Feature values of several parts of one candidate, added by name."""
    out: dict[str, float] = {}
    for part in parts:
        for name, value in part.items():
            out[name] = out.get(name, 0.0) + value
    return out
