"""The rows of the app's tables (library, referenced documents, their mentions) and the choices
of its document selectors."""

from __future__ import annotations

from index import DocumentInfo, Mention
from index.status import SCANNED
from ingest.models import DocRef
from ui.markup import doc_label

DOC_HEADERS = [
    "Số hiệu", "Loại", "Cơ quan ban hành", "Ngày", "Trích yếu",
    "Số trang", "Số đoạn", "Chú thích", "Cảnh báo", "Tệp", "Mã",
]  # fmt: skip
REF_HEADERS = ["Văn bản", "Loại", "Ngày", "Cơ quan ban hành", "Số lần được nhắc"]
MENTION_HEADERS = ["Văn bản trích dẫn", "Trang", "Mục", "Câu"]


def _notes(doc: DocumentInfo) -> str:
    """The library's warnings column: the ingest report's words for a scan without text, then the
    document's warnings."""
    notes = [SCANNED] if doc.status == "scanned" else []
    return "; ".join(notes + list(doc.warnings))


def documents_table(docs: list[DocumentInfo]) -> list[list[object]]:
    return [
        [
            d.number or "", d.doc_type or "", d.issuer or "", d.date or "", d.title or "",
            d.pages, d.chunks, d.footnotes, _notes(d), d.file_name, d.id[:12],
        ]  # fmt: skip
        for d in docs
    ]


def doc_choices(docs: list[DocumentInfo]) -> list[tuple[str, str]]:
    """(label, id) of each document, for the filter and remove selectors."""
    return [(doc_label(d.number, d.file_name, d.title)[:100], d.id) for d in docs]


def doc_types(docs: list[DocumentInfo]) -> list[str]:
    return sorted({d.doc_type for d in docs if d.doc_type})


def years(docs: list[DocumentInfo]) -> list[str]:
    """The documents' years, newest first."""
    return sorted({d.date[:4] for d in docs if d.date and d.date[:4].isdigit()}, reverse=True)


def references_table(counts: list[tuple[str, DocRef, int]]) -> list[list[object]]:
    return [[key, ref.doc_type or "", ref.date or "", ref.issuer or "", count] for key, ref, count in counts]


def mentions_table(mentions: list[Mention]) -> list[list[object]]:
    return [[m.doc.number or m.doc.file_name, m.ref.page, m.ref.section, m.ref.sentence] for m in mentions]
