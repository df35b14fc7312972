"""The two seams of the answer path, after search: a ``Reranker`` reorders the hits, a ``Reader``
turns the passages of the hits into ranked short answers (``Extraction``). Another reranker (a
cross-encoder) or reader (a model) only has to implement the one method; ``make_reader`` and
``make_reranker`` choose them from the settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from index import Index
from index.models import Hit
from qa.analyze import QuestionInfo
from qa.extract import Extraction, Passage, extract
from tracuu.settings import Settings


class Reranker(Protocol):
    def rerank(self, info: QuestionInfo, hits: list[Hit]) -> list[Hit]: ...


class Reader(Protocol):
    def read(self, info: QuestionInfo, passages: Sequence[Passage], limit: int = 5) -> list[Extraction]: ...


class IdentityReranker:
    """Keeps the order of the hybrid search."""

    def rerank(self, info: QuestionInfo, hits: list[Hit]) -> list[Hit]:
        return hits


class RuleReader:
    """The extractive rules of ``qa.extract``, with the index's abbreviations."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def read(self, info: QuestionInfo, passages: Sequence[Passage], limit: int = 5) -> list[Extraction]:
        return extract(info, passages, limit=limit, abbreviations=self.index.abbreviations())


def make_reranker(settings: Settings) -> Reranker:
    return {"none": IdentityReranker}[settings.reranker]()


def make_reader(index: Index, settings: Settings) -> Reader:
    return {"rules": RuleReader}[settings.reader](index)
