"""Real documents: document numbers split at a line end, symbols with '&' and '.', footnotes.

Expected values were read with ``pdftotext -layout`` (the number split over two lines, the
small-font note lines at the page bottoms), never from the parser's output.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ingest import Document, parse_pdf
from tests.conftest import REALDOCS, SHARED
from tracuu.settings import Settings

REALDOCS2 = SHARED / "realdocs2" / "pdf"


def _parse_in(folder: Path, name: str) -> Document:
    if not (folder / name).is_file():
        pytest.skip(f"shared real document not found: {folder / name} (../shared is absent)")
    return _parsed(folder / name)


@cache
def _parsed(path: Path) -> Document:
    return parse_pdf(path, Settings(ocr=False))


def _doc(name: str) -> Document:
    return _parse_in(REALDOCS2 if (REALDOCS2 / name).is_file() else REALDOCS, name)


LD141 = "LD_TTr-141-TTr-STP-2025_footnotes.pdf"
LD124 = "LD_TTr-124-TTr-SNV-2026_footnotes.pdf"
BT3367 = "BT_TTr-3367-TTr-SNV-2024_footnote.pdf"
QNG565 = "QNg_TB-565-TB-UBND-2024_giao-so.pdf"
PT63 = "PT_QD-63-2025-QD-CTUBND_kem-Quy-che.pdf"
ND335 = "ND-335-2025-ND-CP_phu-luc-tables.pdf"
VBHN30 = "VBHN-30-VBHN-VPQH-2023_Cong-bao_footnotes.pdf"


# --- document numbers split after a hyphen at a line end ------------------------------------


@pytest.mark.parametrize(
    "name, page, number",
    [
        (LD141, 2, "223/STP-BTTP"),  # "Công văn số 223/STP-" / "BTTP"
        (LD141, 3, "126/2024/NĐ-CP"),  # "Nghị định số 126/2024/NĐ-" / "CP"
        (LD141, 3, "258/ĐĐN-ĐLS"),
        (BT3367, 2, "2769/UBND-NCKSTTHC"),
        (BT3367, 3, "2328/SNV-TCCC"),
        (QNG565, 2, "6138/UBND-KGVX"),
        (QNG565, 3, "186/KH-UBND"),
        (PT63, 2, "40/2022/QĐ-UBND"),
        ("An-le-72-2024-AL_footnote.pdf", 6, "01/QĐ-VKS-DS"),
        ("TT-37-2023-TT-BGTVT.pdf", 22, "26/2021/TT-BGTVT"),
        ("ND-30-2020-ND-CP.pdf", 20, "110/2004/NĐ-CP"),
    ],
)
def test_number_split_at_line_end_is_whole(name: str, page: int, number: str) -> None:
    doc = _doc(name)
    assert number in doc.pages[page - 1].text
    assert number in {r.key for r in doc.references if r.page == page}


@pytest.mark.parametrize(
    "name, page, joined",
    [
        ("TT-37-2023-TT-BGTVT.pdf", 11, "theo quy định tại Nghị định số 119/2021/NĐ-CP ngày 24 tháng 12 năm 2021"),
        ("ND-30-2020-Phu-luc-I.pdf", 17, "trình bày tại ô số 14 Mục IV Phần I Phụ lục này"),
    ],
)
def test_number_after_so_on_the_next_line_continues_the_paragraph(name: str, page: int, joined: str) -> None:
    assert joined in _doc(name).pages[page - 1].text


def test_clause_after_a_line_ending_in_so_starts_a_paragraph() -> None:
    # "Điều 16. … đồng bào dân tộc thiểu số" / "1. Có chính sách …": a heading, then clause 1
    text = _doc("VBHN-44-VBHN-VPQH-2026_Luat-Dat-dai_endnotes.pdf").pages[12].text
    assert "đối với đồng bào dân tộc thiểu số\n1. Có chính sách" in text


# --- symbols holding '&' or '.' -------------------------------------------------------------


@pytest.mark.parametrize(
    "name, page, key",
    [
        (LD124, 1, "638/SNV-CCHC&VTLT"),  # "Công văn số 638/SNV-CCHC&VTLT ngày 02/02/2026"
        (BT3367, 3, "16/CGC.BT"),  # "Văn bản số 16/CGC.BT ngày 19/8/2024"
        ("An-le-43-2021-AL_footnote.pdf", 2, "7331/2008/UB.GCN"),  # a land-use certificate
    ],
)
def test_symbol_with_ampersand_or_dot_is_kept_whole(name: str, page: int, key: str) -> None:
    doc = _doc(name)
    assert key in doc.pages[page - 1].text
    assert key in {r.key for r in doc.references if r.page == page}


# --- footnotes ------------------------------------------------------------------------------


def _footnotes(doc: Document) -> list[tuple[int, int, list[int]]]:
    """(number, page, marker pages) of every page footnote."""
    return [(n.number, n.page, [m.page for m in n.markers]) for n in doc.footnotes if n.kind == "footnote"]


def _orphan_warnings(doc: Document) -> list[str]:
    return [w for w in doc.warnings if "chú thích" in w]


@pytest.mark.parametrize(
    "name, expected",
    [
        (LD141, [(1, 1, [1]), (2, 2, [2]), (3, 4, [4])]),
        (LD124, [(1, 1, [1]), (2, 1, [1])]),
        (BT3367, [(1, 4, [4])]),
        # Form notes printed on the page after their marker; numbering restarts in each form.
        (ND335, [(1, 17, [16]), (1, 19, [18]), (2, 19, [18])]),
    ],
)
def test_footnotes_all_linked(name: str, expected: list[tuple[int, int, list[int]]]) -> None:
    doc = _doc(name)
    assert _footnotes(doc) == expected
    assert _orphan_warnings(doc) == []


def test_vbhn30_gazette_footnotes() -> None:
    # pdftotext -layout: 54 notes numbered 1..54 on 26 pages, each number on its own raised line
    doc = _doc(VBHN30)
    notes = _footnotes(doc)
    assert [n for n, _, _ in notes] == list(range(1, 55))
    assert len({page for _, page, _ in notes}) == 26
    linked = [(n, page, marks) for n, page, marks in notes if marks]
    assert len(linked) >= 50
    assert all(len(marks) == 1 and marks[0] in (page, page - 1) for _, page, marks in linked)
    assert _orphan_warnings(doc) == []
    # markers glued to clause numbers: "7.⁷ LS", "7a.⁸ ĐT1", "7c.¹⁰ ĐT3" (p7); "đ)⁴⁶ Xuất trình" (p33)
    p7 = doc.pages[6].text
    for shown in ("7.⁷ LS - Cấp", "7a.⁸ ĐT1 - Cấp", "7b.⁹ ĐT2 - Cấp", "7c.¹⁰ ĐT3 - Cấp"):
        assert shown in p7
    # a point or clause whose label carries a marker opens its own paragraph
    assert "xuất nhập cảnh tại cửa khẩu;\nđ)⁴⁶ Xu" in doc.pages[32].text
    assert "\n8.¹² DN1 - Cấp cho người nước ngoài" in doc.pages[7].text
    note7 = next(n for n in doc.footnotes if n.number == 7)
    assert note7.text.startswith("Khoản này được sửa đổi, bổ sung theo quy định tại điểm b")
    assert "Khoản này được sửa đổi" not in p7  # the note is out of the body
    # a note's first word after its raised number is whole, though its accented letter comes from
    # another font ("⁵ Kho" + "ả" + "n này" was read "Kho ản này")
    assert {n.text.split()[0] for n in doc.footnotes} == {"Khoản", "Luật", "Điều", "Điểm", "Tên"}


def test_nd335_notes_on_the_next_page_leave_the_body() -> None:
    doc = _doc(ND335)
    assert doc.pages[18].text == ""  # p19 holds only the rule and two notes
    assert doc.pages[18].footnote_text.startswith("¹ Việc xếp loại chất lượng công chức")
    assert "Ghi rõ kỳ theo dõi" not in doc.pages[16].text
    marker = next(n for n in doc.footnotes if n.page == 17).markers[0]
    assert doc.pages[15].text[: marker.offset].endswith("(Kỳ theo dõi, đánh giá:..........)")


def test_bt3367_marker_in_the_first_line_after_a_page_break() -> None:
    doc = _doc(BT3367)
    (note,) = doc.footnotes
    marker = note.markers[0]
    assert marker.page == 4 and "\n" not in doc.pages[3].text[: marker.offset]  # in the first body line


def test_ld141_paragraph_flows_across_the_footnote_and_page_break() -> None:
    doc = _doc(LD141)
    para = next(p for p in doc.paragraphs if "việc hợp nhất Đoàn Luật sư thực hiện theo" in p.text)
    assert [s.page for s in para.spans] == [2, 3]
    assert "thực hiện theo “… Nghị định số 126/2024/NĐ-CP ngày 08/10/2024" in para.text
    assert "Đoàn Luật sư tỉnh Lâm Đồng, Bình Thuận, Đắk Nông (cũ) có Tờ trình" not in para.text  # note 2


def test_ld124_notes_at_the_bottom_of_page_1() -> None:
    doc = _doc(LD124)
    first, second = doc.footnotes
    assert first.text.startswith("Theo Quyết định: Thống nhất áp dụng Quyết định số 01/2025/QĐ")
    assert second.text.startswith("Kết quả tổng hợp góp ý")
    assert doc.pages[1].text.startswith("Sở Nội vụ kính trình Ủy ban nhân dân tỉnh")  # p2 body, no note text
