"""The text of a chunk as it is indexed (embedded and tokenised): its section headings, then its text.

Headings give a chunk its context ("2.1. Kết quả thu hút đầu tư" tells what a list of
figures is about), for both the dense and the lexical side.
"""

from __future__ import annotations

import hashlib

from ingest.models import Chunk


def passage_text(chunk: Chunk) -> str:
    headings = "\n".join(h for h in chunk.section if h and h not in chunk.text)
    return f"{headings}\n{chunk.text}" if headings else chunk.text


def text_hash(text: str) -> str:
    """Key of the embedding cache: sha256 of the embedded text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
