"""Glyph order in lines whose missing glyphs were drawn afterwards in a fallback font.

LibreOffice draws a line in its main font with holes (negative TJ offsets) where that font
lacks a glyph, then draws the missing glyphs in a fallback font into the holes. pypdf reports
the two pieces one after the other; ``page_runs`` must put the glyphs back in place.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ingest.lines import group_lines
from ingest.pdfruns import page_runs
from tests.conftest import REALDOCS, REPORT_PDF, requires_realdocs

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
MAIN, FALLBACK, SIZE = "Times-Roman", "DejaVuSerif", 13.0


def _line_texts(pdf: Path, page: int) -> list[str]:
    return [line.text.strip() for line in group_lines(page_runs(PdfReader(pdf).pages[page - 1]))]


# --- a page drawn the LibreOffice way, built with reportlab ---------------------------------


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _draw_with_holes(c: canvas.Canvas, x: float, y: float, pieces: list[str]) -> None:
    """Draw ``pieces`` (main-font text and fallback glyphs alternating, main text first) as
    LibreOffice does: the main-font text as one TJ with a hole the width of each fallback glyph,
    then each fallback glyph into its hole. A line that opens with a hole starts after it."""
    main, glyphs = pieces[0::2], pieces[1::2]
    widths = [pdfmetrics.stringWidth(g, FALLBACK, 1000) for g in glyphs]
    start = x + (widths[0] * SIZE / 1000 if not main[0] else 0.0)
    items = [_pdf_string(main[0])] if main[0] else []
    for i, text in enumerate(main[1:]):
        if items or i > 0:
            items.append(f"{-widths[i]:.1f}")
        items.append(_pdf_string(text))
    text_object = c.beginText(start, y)
    text_object.setFont(MAIN, SIZE)
    text_object._code.append(f"[{' '.join(items)}] TJ")  # reportlab has no public API for TJ offsets
    c.drawText(text_object)
    pen = x
    for text, glyph, width in zip(main, glyphs, widths):
        pen += pdfmetrics.stringWidth(text, MAIN, SIZE)
        c.setFont(FALLBACK, SIZE)
        c.drawString(pen, y, glyph)
        pen += width * SIZE / 1000


@pytest.fixture(scope="module")
def fallback_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdfmetrics.registerFont(TTFont(FALLBACK, DEJAVU))
    path = tmp_path_factory.mktemp("glyphs") / "fallback.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    _draw_with_holes(c, 100, 760, ["S", "ố", ": 30/2020/ND-CP"])
    _draw_with_holes(c, 100, 730, ["", "Ủ", "y ban nh", "â", "n d", "â", "n t", "ỉ", "nh"])
    _draw_with_holes(c, 100, 700, ["C", "ă", "n c", "ứ", " Lu", "ậ", "t T", "ổ", " ch", "ứ", "c Ch", "í", "nh ph", "ủ"])
    # fake bold: the same words drawn twice, 0.3 pt apart: not holes being filled
    c.setFont(MAIN, SIZE)
    c.drawString(100, 670, "Hello world")
    c.drawString(100.3, 670, "Hello world")
    c.save()
    return path


def test_glyph_fills_hole_in_the_middle(fallback_pdf: Path) -> None:
    # pypdf alone reads "S : 30/2020/ND-CPố": the hole became a space and the glyph came last
    assert "Số: 30/2020/ND-CP" in _line_texts(fallback_pdf, 1)


def test_glyph_fills_hole_opening_the_line(fallback_pdf: Path) -> None:
    assert "Ủy ban nhân dân tỉnh" in _line_texts(fallback_pdf, 1)


def test_many_holes_and_real_spaces(fallback_pdf: Path) -> None:
    assert "Căn cứ Luật Tổ chức Chính phủ" in _line_texts(fallback_pdf, 1)


def test_overprinted_text_is_not_interleaved(fallback_pdf: Path) -> None:
    runs = [r for r in page_runs(PdfReader(fallback_pdf).pages[0]) if abs(r.y - 670) < 1]
    assert [r.text.strip() for r in runs] == ["Hello world", "Hello world"]


def test_runs_keep_size_and_baseline(fallback_pdf: Path) -> None:
    runs = [r for r in page_runs(PdfReader(fallback_pdf).pages[0]) if abs(r.y - 760) < 1]
    assert [r.text for r in runs] == ["Số: 30/2020/ND-CP"]
    assert runs[0].x == pytest.approx(100) and runs[0].size == SIZE
    assert runs[0].font.endswith("Times-Roman")  # named after the font of most of its glyphs


# --- real LibreOffice conversions -------------------------------------------------------------


@requires_realdocs
def test_nd30_first_page() -> None:
    lines = _line_texts(REALDOCS / "ND-30-2020-ND-CP.pdf", 1)
    for expected in [
        "Số: 30/2020/NĐ-CP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Hà Nội, ngày 05 tháng 3 năm 2020",
        "NGHỊ ĐỊNH",
        "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
        "Theo đề nghị của Bộ trưởng Bộ Nội vụ;",
        "Điều 1. Phạm vi điều chỉnh",
    ]:
        assert expected in lines


@requires_realdocs
def test_nd30_spaces_between_line_pieces() -> None:
    # one line drawn in several pieces: pypdf measured the gaps from the fallback glyphs' end
    lines = _line_texts(REALDOCS / "ND-30-2020-ND-CP.pdf", 3)
    assert "g) Hệ thống phải đáp ứng các quy định tại Phụ lục VI Nghị định này" in [
        " ".join(line.split()) for line in lines
    ]
    assert "giấy." in _line_texts(REALDOCS / "ND-30-2020-ND-CP.pdf", 4)


@requires_realdocs
def test_tt01_pages() -> None:
    first = _line_texts(REALDOCS / "TT-01-2026-TT-BCT.pdf", 1)
    assert "Số: 01/2026/TT-BCT" in first
    assert "Căn cứ Luật hóa chất số 69/2025/QH15;" in first
    assert "CHẤT NGUY HIỂM TRONG SẢN PHẨM, HÀNG HÓA" in first
    third = _line_texts(REALDOCS / "TT-01-2026-TT-BCT.pdf", 3)
    # the fallback glyph opens the line, before where the main font's text starts
    assert "Ủy ban nhân dân cấp tỉnh nơi tổ chức nộp hồ sơ có trách nhiệm xem xét, thẩm định hồ sơ và" in third
    # a hole just before the line's closing space
    assert "Hình đồ" in _line_texts(REALDOCS / "TT-01-2026-TT-BCT.pdf", 54)


@requires_realdocs
def test_tt37_2020_first_page() -> None:
    lines = _line_texts(REALDOCS / "TT-37-2020-TT-BCT.pdf", 1)
    assert "Số: 37/2020/TT-BCT" in lines
    assert "GIỚI ĐƯỜNG BỘ, ĐƯỜNG SẮT VÀ ĐƯỜNG THỦY NỘI ĐỊA" in lines
    assert "Theo đề nghị của Cục trưởng Cục Kỹ thuật an toàn và Môi trường công nghiệp;" in lines


@requires_realdocs
def test_note_number_stays_before_its_text() -> None:
    # "⁴ Địa danh.": a raised note number, then a line whose first glyph sits in a hole
    lines = group_lines(page_runs(PdfReader(REALDOCS / "ND-30-2020-Phu-luc-III.pdf").pages[2]))
    place = next(line for line in lines if "danh." in line.text)
    assert place.text.strip() == "⁴ Địa danh."
    assert place.lead_number == 4


@requires_realdocs
def test_small_number_in_next_table_cell_is_no_marker() -> None:
    # a 14 pt example text, then the size "14" set at 11 pt in the next cell, slightly higher
    lines = group_lines(page_runs(PdfReader(REALDOCS / "ND-30-2020-Phu-luc-I.pdf").pages[13]))
    rows = [line for line in lines if "QUY ĐỊNH CHUNG" in line.text]
    assert "QUY ĐỊNH CHUNG 14" in [row.text.strip() for row in rows]
    assert all(row.markers == [] for row in rows)


# --- documents without fallback glyphs read as before ------------------------------------------


@requires_realdocs
@pytest.mark.parametrize("name", ["An-le-43-2021-AL_footnote.pdf", "An-le-72-2024-AL_footnote.pdf"])
def test_an_le_first_page_unchanged(name: str) -> None:
    lines = group_lines(page_runs(PdfReader(REALDOCS / name).pages[0]))
    title = next(line for line in lines if line.text.startswith("ÁN LỆ SỐ"))
    assert [(title.text[offset], number) for offset, number in title.markers] == [("¹", 1)]
    note = next(line for line in lines if line.lead_number == 1)
    assert note.text.startswith("¹ Án lệ này do ")


@requires_realdocs
def test_an_le_43_sentences_unchanged() -> None:
    lines = _line_texts(REALDOCS / "An-le-43-2021-AL_footnote.pdf", 1)
    assert "ÁN LỆ SỐ 43/2021/AL¹" in lines
    assert "Về hiệu lực của hợp đồng thế chấp trong trường hợp tài sản thế chấp" in lines
    assert "tháng 02 năm 2021 và được công bố theo Quyết định số 42/QĐ-CA ngày 12" in lines


def test_report_pages_unchanged() -> None:
    first = group_lines(page_runs(PdfReader(REPORT_PDF).pages[0]))
    texts = [line.text for line in first]
    assert "TỈNH ỦY LẠNG SƠN" in texts
    assert "Lạng Sơn, ngày      tháng      năm 2024" in texts
    marked = next(line for line in first if "856.927 người" in line.text)
    assert marked.text == "số khoảng 856.927 người¹. Tỉnh có đường biên giới dài 231,74 km (tiếp giáp với"
    assert marked.markers == [(marked.text.index("¹"), 1)]
    second = [line.text for line in group_lines(page_runs(PdfReader(REPORT_PDF).pages[1]))]
    assert "quyết của Đảng bộ tỉnh đều đạt và vượt mục tiêu đề ra²; sản xuất nông nghiệp," in second
