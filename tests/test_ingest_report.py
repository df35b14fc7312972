"""Ingest of the bundled report PDF: footnotes, markers, page flow, sections, references, chunks."""

from __future__ import annotations

import re

import pytest

from ingest import Document, parse_pdf
from tests.conftest import APPENDIX_PDF, REPORT_PDF, REPORT_SOURCE
from tracuu.settings import Settings
from tracuu.vn.normalize import FROM_SUPERSCRIPT

FOOTNOTE_LINE = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*(.+)$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def source_footnotes() -> dict[int, str]:
    notes = {}
    for line in REPORT_SOURCE.read_text(encoding="utf-8").splitlines():
        m = FOOTNOTE_LINE.match(line.strip())
        if m:
            notes[int(m.group(1).translate(FROM_SUPERSCRIPT))] = _squash(m.group(2))
    return notes


@pytest.fixture(scope="module")
def report() -> Document:
    return parse_pdf(REPORT_PDF, Settings(ocr=False))


def test_exactly_25_footnotes_with_source_text(report: Document) -> None:
    expected = source_footnotes()
    assert len(expected) == 25
    assert [fn.number for fn in report.footnotes] == list(range(1, 26))
    for fn in report.footnotes:
        assert _squash(fn.text) == expected[fn.number], f"footnote {fn.number}"
        assert fn.kind == "footnote"


def test_each_marker_links_to_the_footnote_with_its_number(report: Document) -> None:
    pages = {p.number: p for p in report.pages}
    for fn in report.footnotes:
        assert len(fn.markers) == 1, f"footnote {fn.number} has markers {fn.markers}"
        marker = fn.markers[0]
        assert marker.number == fn.number
        assert marker.page == fn.page  # a footnote sits on the page that cites it
        text = pages[marker.page].text
        shown = str(fn.number).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
        assert text[marker.offset : marker.offset + len(shown)] == shown
    # the storm damage figure lives in footnote 25, whose marker follows "bão số 3"
    fn25 = report.footnotes[24]
    assert "trên 550 tỷ đồng" in fn25.text
    page_text = pages[fn25.markers[0].page].text
    assert page_text[: fn25.markers[0].offset].endswith("bão số 3")


def test_footnote_text_never_in_body(report: Document) -> None:
    body = [c.text for c in report.chunks if c.kind == "body"] + [p.text for p in report.pages]
    for fn in report.footnotes:
        probe = fn.text[:60]
        assert not any(probe in text for text in body), f"footnote {fn.number} leaked into the body"


def test_sentence_split_by_footnote_block_is_one_sentence_in_one_chunk(report: Document) -> None:
    sentence = "đồng bào dân tộc thiểu số ở một số khu vực nông thôn, vùng cao, biên giới còn gặp nhiều khó khăn."
    holders = [c for c in report.chunks if c.kind == "body" and sentence in c.text]
    assert len(holders) == 1
    chunk = holders[0]
    assert chunk.page_start == 1 and chunk.page_end == 2  # it crosses the page break
    assert "Có 38 dân tộc" not in chunk.text


def test_page_numbers_and_headers_removed(report: Document) -> None:
    for page in report.pages[1:]:
        assert page.label == str(page.number)
        assert not page.text.startswith(str(page.number))
    assert report.pages[0].text.startswith("TỈNH ỦY LẠNG SƠN")


def test_chunk_spans_point_into_page_text(report: Document) -> None:
    pages = {p.number: p for p in report.pages}
    for chunk in report.chunks:
        source = "footnote_text" if chunk.kind == "footnote" else "text"
        pieces = [getattr(pages[s.page], source)[s.start : s.end] for s in chunk.spans]
        assert pieces and all(pieces)
        rebuilt = re.sub(r"\s+", " ", " ".join(pieces))
        assert rebuilt == re.sub(r"\s+", " ", chunk.text)


def test_sections_follow_the_headings(report: Document) -> None:
    grdp = [c for c in report.chunks if c.kind == "body" and "(GRDP) đạt 7,17%" in c.text]
    assert grdp
    path = grdp[0].section_path
    assert "II- KẾT QUẢ ĐẠT ĐƯỢC" in path
    assert "2.3.1." in path and "a) Về thực hiện nhiệm vụ phát triển nhanh" in path
    # footnote chunks carry the section of the sentence citing them
    fn24 = next(c for c in report.chunks if c.kind == "footnote" and c.footnotes[0].number == 24)
    assert "3.2. Hạn chế" in fn24.section_path


def test_chunks_carry_their_footnotes(report: Document) -> None:
    for fn in report.footnotes:
        holders = [c for c in report.chunks if c.kind == "body" and fn in c.footnotes]
        assert holders, f"no body chunk carries footnote {fn.number}"
        notes = [c for c in report.chunks if c.kind == "footnote" and c.footnotes == (fn,)]
        assert len(notes) == 1 and notes[0].text == fn.text


EXPECTED_REFS = {
    "11-NQ/TW": "2022-02-10",
    "96/NQ-CP": "2022-08-01",
    "52-CTr/TU": "2022-10-27",
    "23/KH-UBND": None,  # date checked below: the report writes it once
    "1059-QĐ/TU": "2022-09-16",
    "236/QĐ-TTg": None,
    "111/2024/QH15": None,
    "1161/QĐ-TTg": None,
    "70-TB/VPTW": None,
}


def test_references_found_with_dates(report: Document) -> None:
    by_key: dict[str, list] = {}
    for ref in report.references:
        by_key.setdefault(ref.key, []).append(ref)
    for key, date in EXPECTED_REFS.items():
        assert key in by_key, f"{key} not found; have {sorted(by_key)}"
        dates = {r.date for r in by_key[key] if r.date}
        assert dates, f"{key} has no date"
        if date:
            assert date in dates
    qd = next(r for r in by_key["1059-QĐ/TU"] if r.date)
    assert qd.doc_type == "Quyết định" and "Ban Thường vụ Tỉnh ủy" in (qd.issuer or "")
    assert "thành lập Ban Chỉ đạo" in qd.sentence
    assert qd.page == next(fn.page for fn in report.footnotes if fn.number == 3)


def test_short_mentions_resolve_to_the_full_reference(report: Document) -> None:
    shorts = [r for r in report.references if r.short]
    assert shorts, "the report mentions 'Nghị quyết 11' style short references"
    assert all(r.key for r in shorts)


def test_metadata_of_report(report: Document) -> None:
    assert report.doc_type == "Báo cáo"
    assert report.number is None  # the source text has no number: we do not invent one
    assert "Lạng Sơn" in (report.issuer or "") or "LẠNG SƠN" in (report.issuer or "")
    assert report.place == "Lạng Sơn"
    assert report.title and "Nghị quyết số 11-NQ/TW" in report.title


def test_appendix_table_is_ingested() -> None:
    doc = parse_pdf(APPENDIX_PDF, Settings(ocr=False))
    text = " ".join(p.text for p in doc.pages)
    for key in ("1059-QĐ/TU", "236/QĐ-TTg", "52-CTr/TU"):
        assert key in text
    assert {r.key for r in doc.references} >= {"1059-QĐ/TU", "236/QĐ-TTg"}
