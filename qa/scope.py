"""A question that names an indexed document by its own number ("Nghị định 30/2020/NĐ-CP áp
dụng đối với ai?", "Nghị định 30 …") asks about that document: search only it, and leave the
naming out of the search text and the keywords, which would otherwise prefer the header block
that prints the number over the article that answers. An appendix filed as a PDF of its own
("Phụ lục III … (Kèm theo Nghị định số 30/2020/NĐ-CP …)") is searched with the document it comes with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from index.models import DocumentInfo, Mention, SearchFilters
from qa.analyze import QuestionInfo, analyze
from tracuu.vn.docrefs import RefMatch, key_match, normalize_key, parse_refs
from tracuu.vn.normalize import fold_diacritics

_ATTACHED_RE = re.compile(r"\bkèm theo\b", re.IGNORECASE)


@dataclass(frozen=True)
class Scope:
    info: QuestionInfo  # the question without the naming of the document
    filters: SearchFilters
    # the first document the question names is one of these: "Nghị định 16/2026/NĐ-CP mà QĐ 1696
    # viện dẫn ban hành ngày nào?" asks about the decree (not indexed), not about QĐ 1696
    leads: bool = True


def _names(ref: RefMatch, doc: DocumentInfo) -> bool:
    if not doc.number:
        return False
    if not ref.is_short:
        return key_match(normalize_key(doc.number)) == key_match(ref.key)
    same_type = doc.doc_type is not None and fold_diacritics(doc.doc_type).lower() == fold_diacritics(ref.doc_type or "").lower()
    same_year = ref.year is None or f"/{ref.year}" in doc.number or (doc.date or "").startswith(str(ref.year))
    return same_type and same_year and doc.number.split("/")[0].split("-")[0] == ref.number


def _attached(doc: DocumentInfo, mentions: Callable[[str], list[Mention]]) -> list[str]:
    """The documents that say on their first page they come with ``doc`` ("Phụ lục III … (Kèm theo Nghị
    định số 30/2020/NĐ-CP …)"): an appendix printed as a file of its own is part of what names it."""
    if not doc.number:
        return []
    return [m.doc.id for m in mentions(doc.number) if m.doc.id != doc.id and m.ref.page == 1 and _ATTACHED_RE.search(m.ref.sentence)]


def named_scope(
    info: QuestionInfo,
    documents: list[DocumentInfo],
    filters: SearchFilters | None,
    mentions: Callable[[str], list[Mention]] | None = None,
) -> Scope | None:
    """The documents the question names by number, with the appendices filed apart that come with
    them (when ``mentions``, the index's, is given), or None (none named, or a scope already set)."""
    if filters is not None and filters.doc_ids:
        return None
    refs = parse_refs(info.question)
    pairs = [(ref, d) for ref in refs for d in documents if _names(ref, d)]
    named = list({id(ref): ref for ref, _ in pairs}.values())
    doc_ids = tuple(dict.fromkeys(d.id for _, d in pairs))
    if mentions is not None:
        doc_ids = tuple(dict.fromkeys(doc_ids + tuple(a for _, d in pairs for a in _attached(d, mentions))))
    if not doc_ids:
        return None
    rest = info.question
    for ref in named:  # "Nghị định 30/2020/NĐ-CP" -> "Nghị định": the text says "Nghị định này"
        rest = rest.replace(ref.raw, f" {ref.doc_type or ''} ")
    stripped = analyze(" ".join(rest.split()))
    scoped = replace(
        info,
        keywords=stripped.keywords,
        folded_keywords=stripped.folded_keywords,
        years=stripped.years,  # "30/2020/NĐ-CP" names no year in force
        dates=stripped.dates,
        doc_numbers=tuple(k for k in info.doc_numbers if k not in {r.key for r in named}),
    )
    leads = any(ref is refs[0] for ref, _ in pairs)
    return Scope(scoped, replace(filters or SearchFilters(), doc_ids=doc_ids), leads)


def unknown_references(info: QuestionInfo, documents: list[DocumentInfo], mentioned: Callable[[str], bool]) -> list[str]:
    """The full document numbers the question names that the library knows nothing of: no indexed
    document has that number and no indexed text mentions it ("Quyết định 1205/QĐ-UBND ..." when
    there is none). A question about such a document cannot be answered from the library."""
    numbers = {key_match(normalize_key(d.number)) for d in documents if d.number}
    refs = parse_refs(info.question)
    return [r.key for r in refs if not r.is_short and key_match(r.key) not in numbers and not mentioned(r.key)]
