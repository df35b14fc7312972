"""Sentence splitting with offsets: numbers, abbreviations and list items in Vietnamese text."""

import pytest

from ingest import parse_pdf
from tests.conftest import REALDOCS, REPORT_PDF
from tracuu.settings import Settings
from tracuu.vn.sentences import runs_on, sentence_at, split_clauses, split_sentences

TEXT = (
    "Năm 2023, tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) đạt 7,17%, vốn khoảng 5.529 tỷ đồng. "
    "Tuyến QL.1B qua TP. Lạng Sơn dài 11.024,7 km; đã bàn giao 366.55/640,28ha. "
    "Cải thiện môi trường đầu tư kinh doanh... Chỉ đạo triển khai kịp thời.\n"
    "- Dự kiến năm 2024 đạt 6,33%\n"
    "a) Về phát triển khoa học"
)


def test_offsets_point_into_the_source():
    sentences = split_sentences(TEXT)
    assert sentences, "no sentence found"
    for s in sentences:
        assert TEXT[s.start : s.end] == s.text
        assert s.text == s.text.strip()


def test_numbers_and_abbreviations_do_not_split():
    texts = [s.text for s in split_sentences(TEXT)]
    assert texts[0] == "Năm 2023, tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) đạt 7,17%, vốn khoảng 5.529 tỷ đồng."
    assert texts[1] == "Tuyến QL.1B qua TP. Lạng Sơn dài 11.024,7 km; đã bàn giao 366.55/640,28ha."


def test_ellipsis_before_capital_and_list_items_split():
    texts = [s.text for s in split_sentences(TEXT)]
    assert texts[2] == "Cải thiện môi trường đầu tư kinh doanh..."
    assert texts[3] == "Chỉ đạo triển khai kịp thời."
    assert texts[4] == "- Dự kiến năm 2024 đạt 6,33%"
    assert texts[5] == "a) Về phát triển khoa học"


def test_clauses_keep_offsets_in_the_source():
    second = split_sentences(TEXT)[1]
    clauses = split_clauses(second)
    assert [c.text for c in clauses] == ["Tuyến QL.1B qua TP. Lạng Sơn dài 11.024,7 km;", "đã bàn giao 366.55/640,28ha."]
    for c in clauses:
        assert TEXT[c.start : c.end] == c.text


def test_sentence_at_offset_includes_a_marker_right_after_the_last_word():
    text = "Thiệt hại lớn do bão số 3. Câu sau."
    sentences = split_sentences(text)
    assert sentence_at(sentences, text.index("3") + 1).text == "Thiệt hại lớn do bão số 3."
    assert sentence_at(sentences, text.index("Câu")).text == "Câu sau."


@pytest.mark.parametrize(
    "pdf, page, ending, opening",
    [
        (REPORT_PDF, 6, "(GRDP) đạt", "6,33%, trong đó:"),  # the report, p6 -> p7
        (REALDOCS / "An-le-72-2024-AL_footnote.pdf", 1, "vào sổ mục kê địa", "chính thuộc tờ bản đồ số 10D"),
    ],
)
def test_a_sentence_cut_by_a_page_break_runs_on(pdf, page, ending, opening):
    """The last sentence of a page and the first of the next are one sentence when the page ends
    with no closing punctuation and the next opens with a lower-case word or a figure (the body
    text ingest keeps for each page, footnotes and page numbers apart)."""
    if not pdf.exists():
        pytest.skip(f"{pdf.name} is not available")
    doc = parse_pdf(pdf, Settings(ocr=False))
    last = split_sentences(doc.pages[page - 1].text)[-1].text
    first = split_sentences(doc.pages[page].text)[0].text
    assert last.endswith(ending) and first.startswith(opening)
    assert runs_on(last, first)


@pytest.mark.parametrize(
    "ending, opening",
    [
        ("… kiểm tra, đôn đốc thực hiện.", "được giao."),  # the page ended its sentence
        ("Các trường hợp sau đây:", "a) Chuyển mục đích …"),  # a lead and its first item
        ("… gia hạn sử dụng đất", "1. Trường hợp …"),  # a numbered item opens the page
        ("… gia hạn sử dụng đất", "2.6 Vị trí đặt đầu ống xả"),  # a numbered heading
        ("… tiếp", "ỦY BAN NHÂN DÂN TỈNH"),  # upper case: a new block
        ("Bồn bể (8): AT · Loại đóng gói (9): P002", "dạng rắn · Nhóm (3): II"),  # table rows
    ],
)
def test_what_does_not_run_on(ending, opening):
    assert not runs_on(ending, opening)


@pytest.mark.parametrize(
    "text, expected",
    [
        # BT 779/QĐ-UBND's Điều lệ
        ("Điều 7. Cơ cấu tổ chức Quỹ khuyến học\n1. Hội đồng quản lý Quỹ.\n2. Ban Giám đốc Quỹ.",
         ["Điều 7. Cơ cấu tổ chức Quỹ khuyến học", "1. Hội đồng quản lý Quỹ.", "2. Ban Giám đốc Quỹ."]),
        # LD 93/TTr-SNV
        ("I. TỈNH BÌNH THUẬN (trước sắp xếp)\n1. Liên minh Hợp tác xã tỉnh Bình Thuận;\n2. Liên Hiệp hội Khoa học Kỹ thuật tỉnh Bình Thuận;",
         ["I. TỈNH BÌNH THUẬN (trước sắp xếp)", "1. Liên minh Hợp tác xã tỉnh Bình Thuận;", "2. Liên Hiệp hội Khoa học Kỹ thuật tỉnh Bình Thuận;"]),
        # a sentence ending in a figure still ends
        ("Năm 2023 đạt 7,17%. Năm 2024 đạt 8%.", ["Năm 2023 đạt 7,17%.", "Năm 2024 đạt 8%."]),
    ],
)
def test_an_items_number_or_an_articles_label_ends_no_sentence(text, expected):
    assert [s.text for s in split_sentences(text)] == expected
