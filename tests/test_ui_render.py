"""What the Ask tab shows: the PDF page with the quote marked, and the answer / citation HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from qa import NO_ANSWER, Answer, Citation, FootnoteRef
from ui.markup import answer_html, citation_html
from ui.pageimage import PAGE_SCALE, render_page

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LINE_1 = "Năm 2023, tốc độ tăng GRDP đạt 7,17%, trong đó nông-"
LINE_2 = "nghiệp tăng 7,72%. Quyết định số 1059-QĐ/TU"
PAGE_H = 842.0


@pytest.fixture(scope="module")
def two_page_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "bao-cao.pdf"
    pdfmetrics.registerFont(TTFont("DejaVuSerif", FONT))
    c = canvas.Canvas(str(path), pagesize=(595.0, PAGE_H))
    c.setFont("DejaVuSerif", 12)
    c.drawString(72, 400, "Trang đầu: không có số liệu.")
    c.showPage()
    c.setFont("DejaVuSerif", 12)
    c.drawString(72, 700, LINE_1)
    c.drawString(72, 684, LINE_2)
    c.save()
    return path


def _marked_rows(image: Image.Image) -> list[int]:
    """Rows (y) holding the highlight's orange outline colour."""
    rgb = image.convert("RGB")
    width, height = rgb.size
    px = rgb.load()
    return [
        y for y in range(height) if any(px[x, y] == (220, 110, 0) for x in range(0, width, 2))
    ]


def test_quote_region_is_marked_on_the_right_page_and_lines(two_page_pdf: Path) -> None:
    # the quote as the parser stores it: hyphenation joined, one line
    image, found = render_page(two_page_pdf, 2, "tăng GRDP đạt 7,17%, trong đó nông nghiệp tăng 7,72%")
    assert found
    scale = PAGE_SCALE
    assert abs(image.size[0] - 595 * scale) <= 1 and abs(image.size[1] - PAGE_H * scale) <= 1
    rows = _marked_rows(image)
    assert rows, "no highlight drawn"
    top, bottom = min(rows), max(rows)
    # both text lines (baselines 700 and 684 pt from the bottom) are inside the marked band, nothing far off
    assert top <= (PAGE_H - 700 - 9) * scale and bottom >= (PAGE_H - 684) * scale
    assert bottom - top < 40 * scale


def test_quote_absent_from_page_draws_nothing(two_page_pdf: Path) -> None:
    image, found = render_page(two_page_pdf, 1, "tăng GRDP đạt 7,17%")
    assert not found
    assert _marked_rows(image) == []


def test_accentless_and_spacing_variants_still_locate_the_quote(two_page_pdf: Path) -> None:
    _, found = render_page(two_page_pdf, 2, "Quyết  định số 1059-QĐ/TU")
    assert found


def _citation(n: int, quote: str, start: int, footnotes=()) -> Citation:
    return Citation(
        n=n, doc="bao-cao.pdf", doc_id="abc", doc_number="123/BC-TU", title="Báo cáo tự giám sát",
        page=2, section="II- KẾT QUẢ > 1. Kinh tế", quote=quote, start=start, end=start + len(quote),
        footnotes=footnotes,
    )  # fmt: skip


def test_answer_markers_link_to_their_citation_cards() -> None:
    answer = Answer(
        question="GRDP năm 2023 tăng bao nhiêu?", answer="GRDP năm 2023 đạt 7,17% [1].",
        abstained=False, answer_type="quantity", elapsed_ms=12.0,
    )  # fmt: skip
    html = answer_html(answer)
    assert '<a class="tc-ref" href="#tc-cit-1">[1]</a>' in html
    page_text = "Năm 2023, tốc độ tăng GRDP đạt 7,17%, trong đó nông nghiệp tăng 7,72%."
    quote = "tốc độ tăng GRDP đạt 7,17%"
    note = FootnoteRef(1, "Số liệu ước tính.")
    card = citation_html(_citation(1, quote, page_text.index(quote), (note,)), page_text)
    assert 'id="tc-cit-1"' in card
    assert "<mark>tốc độ tăng GRDP đạt 7,17%</mark>" in card
    assert "Năm 2023, " in card  # context before the quote
    assert "Trang 2" in card and "II- KẾT QUẢ &gt; 1. Kinh tế" in card and "123/BC-TU" in card
    assert "Số liệu ước tính." in card


def test_no_answer_state_is_explicit() -> None:
    answer = Answer(question="Thủ đô của Pháp?", answer=NO_ANSWER, abstained=True, answer_type="other")
    html = answer_html(answer)
    assert NO_ANSWER in html and "tc-noanswer" in html and "tc-ref" not in html


def test_document_text_is_escaped() -> None:
    card = citation_html(_citation(1, "<script>alert(1)</script>", 0), "<script>alert(1)</script> sau")
    assert "<script>" not in card and "&lt;script&gt;" in card


def test_quote_not_matching_offsets_is_shown_alone() -> None:
    card = citation_html(_citation(2, "đoạn trích", 5), "văn bản khác hẳn")
    assert "<mark>đoạn trích</mark>" in card and "khác hẳn" not in card


def test_footnote_citation_does_not_repeat_its_own_note() -> None:
    note = "Năm 2022 đạt 7%; Năm 2023 đạt 7,17%, Dự kiến năm 2024 đạt 6,33%"
    citation = Citation(
        n=1, doc="bao-cao.pdf", doc_id="abc", doc_number=None, title=None, page=14, section="3.2. Hạn chế",
        quote="Năm 2023 đạt 7,17%", start=17, end=35, kind="footnote",
        footnotes=(FootnoteRef(24, note), FootnoteRef(25, "Bão số 3 gây thiệt hại.")),
    )  # fmt: skip
    card = citation_html(citation, note)
    assert "<mark>Năm 2023 đạt 7,17%</mark>" in card and "(trích từ chú thích)" in card
    assert card.count("Dự kiến năm 2024") == 1  # the note is the passage, not listed again
    assert "Bão số 3 gây thiệt hại." in card
