"""Typed results of the index: what search and the document library return."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.models import Chunk, DocRef, Signer


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    path: str
    file_name: str
    number: str | None
    doc_type: str | None
    issuer: str | None
    place: str | None
    date: str | None
    title: str | None
    status: str
    pages: int
    chunks: int
    footnotes: int
    references: int
    warnings: tuple[str, ...] = ()
    signer: Signer | None = None
    parse_version: int = 1  # the version of ingest that read it (ingest.models.PARSE_VERSION; 1: before it was stored)


@dataclass(frozen=True)
class SearchFilters:
    doc_ids: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()  # "Quyết định", "Báo cáo", ...
    issuers: tuple[str, ...] = ()  # substring match, case- and accent-insensitive
    years: tuple[int, ...] = ()


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    doc: DocumentInfo
    score: float
    dense_rank: int | None = None  # 1-based rank in the dense list, None if absent
    lexical_rank: int | None = None


@dataclass(frozen=True)
class Mention:
    """A document reference as stored, with the citing document."""

    ref: DocRef
    doc: DocumentInfo
