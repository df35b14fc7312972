"""Ingest of real public documents (../shared/realdocs): footnotes, endnotes, numbers, scans."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import Document, IngestError, parse_pdf
from tests.conftest import REALDOCS, requires_realdocs
from tracuu.settings import Settings

pytestmark = requires_realdocs


def _parse(name: str) -> Document:
    return parse_pdf(REALDOCS / name, Settings(ocr=False))


@pytest.mark.parametrize(
    "name, first_words",
    [
        ("An-le-43-2021-AL_footnote.pdf", "Án lệ này do Vụ Pháp chế"),
        ("An-le-72-2024-AL_footnote.pdf", "Án lệ này do Hội đồng xét xử"),
    ],
)
def test_an_le_footnote_linked(name: str, first_words: str) -> None:
    doc = _parse(name)
    assert len(doc.footnotes) == 1
    note = doc.footnotes[0]
    assert note.number == 1 and note.page == 1 and note.text.startswith(first_words)
    assert [m.page for m in note.markers] == [1]
    page = doc.pages[0].text
    assert page[note.markers[0].offset] == "¹"
    assert "ÁN LỆ SỐ" in page[: note.markers[0].offset]
    assert first_words not in page  # the note is out of the body


def test_vbhn_endnotes_linked() -> None:
    doc = _parse("VBHN-44-VBHN-VPQH-2026_Luat-Dat-dai_endnotes.pdf")
    assert doc.page_count == 227
    notes = [n for n in doc.footnotes if n.kind == "endnote"]
    assert [n.number for n in notes] == list(range(1, 51))
    assert all(n.markers for n in notes), [n.number for n in notes if not n.markers]
    first = notes[0]
    assert first.markers[0].page == 1 and first.text.startswith("Luật Đất đai số 31/2024/QH15")
    assert doc.number == "44/VBHN-VPQH"
    body = "\n".join(p.text for p in doc.pages)
    assert "Cụm từ “an toàn thông tin mạng” được thay thế" not in body  # notes are out of the body
    assert any(c.kind == "footnote" and "an ninh mạng" in c.text for c in doc.chunks)


def test_nd30_number() -> None:
    doc = _parse("ND-30-2020-ND-CP.pdf")
    assert doc.number == "30/2020/NĐ-CP"
    assert doc.doc_type == "Nghị định"


@pytest.mark.parametrize(
    "name", ["ND-71-2019-ND-CP_scanned-70p.pdf", "NQ-19-2026-NQ-CP_scanned-80p.pdf", "Phu-luc-II-so-hieu-nguy-hiem_scanned-table.pdf"]
)
def test_scanned_reported(name: str) -> None:
    doc = _parse(name)
    assert doc.status == "scanned" and not doc.chunks
    assert any(w.startswith(f"scanned, {doc.page_count} pages without text") for w in doc.warnings)


def test_no_file_crashes() -> None:
    for path in sorted(REALDOCS.glob("*.pdf")):
        try:
            doc = parse_pdf(path, Settings(ocr=False))
        except IngestError as exc:  # allowed, but none of these files is bad
            pytest.fail(f"{path.name}: {exc}")
        assert doc.pages, path.name
        if doc.status == "ok":
            assert doc.chunks, path.name
            pages = {p.number: p for p in doc.pages}
            for chunk in doc.chunks[:50]:
                span = chunk.spans[0]
                source = pages[span.page].footnote_text if chunk.kind == "footnote" else pages[span.page].text
                assert source[span.start : span.end] in chunk.text
