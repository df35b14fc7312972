"""The text of a chunk as it is indexed (embedded and tokenised): its document, its section
headings, then its text.

The document line ("Nghị định 30/2020/NĐ-CP: Về công tác văn thư") lets a question that names
the document find any of its passages ("Nghị định 30 áp dụng đối với ai?" finds Điều 2), and the
headings tell what a passage is about ("2.1. Kết quả thu hút đầu tư" over a list of figures),
for both the dense and the lexical side.
"""

from __future__ import annotations

import hashlib

from ingest.models import Chunk


def document_line(doc_type: str | None, number: str | None, title: str | None) -> str:
    """"Nghị định 30/2020/NĐ-CP: Về công tác văn thư"; "" when the document has none of these."""
    name = " ".join(part for part in (doc_type, number) if part)
    return ": ".join(part for part in (name, title) if part)


def passage_text(chunk: Chunk, document: str = "") -> str:
    """``document``: the chunk's ``document_line``."""
    headings = [h for h in chunk.section if h and h not in chunk.text]
    return "\n".join([document] * bool(document) + headings + [chunk.text])


def text_hash(text: str) -> str:
    """Key of the embedding cache: sha256 of the embedded text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
