"""scripts/build_corpus.py: the bundled report and appendix PDFs, read back with pypdf.

The build runs into a temporary folder; the PDFs are then checked the way the ingest
parser will see them (glyph runs with their font size and text matrix from pypdf's visitor),
and compared byte for byte with the committed corpus/ files.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "build_corpus.py"
FOOTNOTE_COUNT = 25


def load_script():
    spec = importlib.util.spec_from_file_location("build_corpus", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the module runs
    spec.loader.exec_module(module)
    return module


bc = load_script()
SOURCE = bc.SOURCE_TXT.read_text(encoding="utf-8")


def squash(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class TextRun:
    text: str
    size: float  # effective font size
    x: float
    y: float  # baseline from the text matrix


def page_runs(page) -> list[TextRun]:
    runs: list[TextRun] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            runs.append(TextRun(text.strip(), round(font_size * tm[3], 2), tm[4], tm[5]))

    page.extract_text(visitor_text=visit)
    return runs


def is_digits(run: TextRun) -> bool:
    return re.fullmatch(r"[0-9]+", run.text) is not None


@dataclass
class Footnotes:
    marker_pages: dict[int, list[int]]  # number -> pages where a raised body marker shows it
    note_pages: dict[int, list[int]]  # number -> pages where a footnote starts with it
    marker_raise: list[float]  # marker baseline minus the baseline of the word it follows
    note_text_sizes: set[float]


def read_footnotes(reader: PdfReader) -> Footnotes:
    """Body markers: small digits right after a body-size word. Footnotes: smaller digits
    followed by footnote-size text."""
    marker_size = round(bc.BODY_SIZE * bc.SUP_SCALE, 2)
    number_size = round(bc.FOOTNOTE_SIZE * bc.SUP_SCALE, 2)
    found = Footnotes({}, {}, [], set())
    for page_no, page in enumerate(reader.pages, start=1):
        runs = page_runs(page)
        for before, run, after in zip([None, *runs], runs, [*runs[1:], None]):
            if not is_digits(run):
                continue
            if run.size == marker_size and before is not None and before.size == bc.BODY_SIZE:
                found.marker_pages.setdefault(int(run.text), []).append(page_no)
                found.marker_raise.append(run.y - before.y)
            elif run.size == number_size and after is not None:
                found.note_pages.setdefault(int(run.text), []).append(page_no)
                found.note_text_sizes.add(after.size)
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    try:
        report = bc.build_report(out / bc.REPORT_NAME)
        appendix = bc.build_appendix(out / bc.APPENDIX_NAME)
    except FileNotFoundError as exc:  # no serif font with Vietnamese glyphs on this machine
        pytest.skip(str(exc))
    return report, appendix


@pytest.fixture(scope="module")
def report_pdf(built) -> PdfReader:
    return PdfReader(built[0].path)


@pytest.fixture(scope="module")
def appendix_pdf(built) -> PdfReader:
    return PdfReader(built[1].path)


@pytest.fixture(scope="module")
def report_text(report_pdf) -> str:
    return squash(" ".join(page.extract_text() for page in report_pdf.pages))


# --- the report ------------------------------------------------------------------------


def test_report_pages_are_a4_portrait(report_pdf):
    assert len(report_pdf.pages) >= 16  # the source has 16 pages of text
    for page in report_pdf.pages:
        assert float(page.mediabox.width) == pytest.approx(595.28, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(841.89, abs=0.5)


@pytest.mark.parametrize(
    "sentence",
    [
        "BÁO CÁO TỰ GIÁM SÁT",
        "Tỉnh có đường biên giới dài 231,74 km (tiếp giáp với Quảng Tây, Trung Quốc) đi qua 05 huyện",
        "GRDP bình quân đầu người đạt 56,23 triệu đồng, tương đương 2.302 USD.",
        "Dự án có tổng chiều dài tuyến khoảng 59,87 km. Thời gian thực hiện năm 2023 - 2026.",
        "Có 38 dân tộc, trong đó có 07 dân tộc chính là Nùng, Tày, Kinh, Dao, Sán Chay, Hoa, Mông.",
        "III- MỘT SỐ NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU TRONG THỜI GIAN TỚI",
        "(trong đó: Ngân sách trung ương: 490 tỷ đồng, đạt 49%; ngân sách địa phương: 0,1 tỷ đồng, đạt 0,03%)",
        "T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ THƯỜNG TRỰC",
        "Hoàng Văn Nghiệm",
    ],
)
def test_report_text_has_source_sentences(report_text, sentence):
    assert sentence in report_text


def test_header_leaves_number_and_date_blank(report_pdf):
    page1 = squash(report_pdf.pages[0].extract_text())
    assert "TỈNH ỦY LẠNG SƠN" in page1 and "ĐẢNG CỘNG SẢN VIỆT NAM" in page1
    assert re.search(r"Số -BC/TU", page1)
    assert "Lạng Sơn, ngày tháng năm 2024" in page1


def test_no_markdown_or_unicode_superscripts_left(report_text):
    # two "*" are content: the one under the issuer's name and the bullet of "* Kết quả đạt được:"
    assert report_text.count("*") == 2 and "* Kết quả đạt được:" in report_text
    # every footnote marker is drawn as ASCII digits; only the unit "km²" keeps its character
    assert re.findall("[⁰¹²³⁴⁵⁶⁷⁸⁹]", report_text) == ["²"]
    assert "8.310,18 km²" in report_text


def test_headings_are_bold_and_body_regular(report_pdf):
    fonts: dict[str, str] = {}

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip() and font_dict:
            fonts[squash(text)] = font_dict["/BaseFont"]

    report_pdf.pages[1].extract_text(visitor_text=visit)
    assert fonts["II- KẾT QUẢ ĐẠT ĐƯỢC"].endswith("-Bold")
    assert fonts["2. Tình hình triển khai"].endswith("-Bold")
    body = next(font for text, font in fonts.items() if text.startswith("Thực hiện Nghị quyết số 11-NQ/TW"))
    assert not body.endswith(("-Bold", "-Italic", "-BoldItalic"))


def test_25_footnotes_each_on_the_page_of_its_marker(built, report_pdf):
    found = read_footnotes(report_pdf)
    numbers = list(range(1, FOOTNOTE_COUNT + 1))
    assert sorted(found.marker_pages) == numbers
    assert sorted(found.note_pages) == numbers
    for number in numbers:
        assert len(found.marker_pages[number]) == 1, f"marker {number} drawn more than once"
        assert found.note_pages[number] == found.marker_pages[number], f"footnote {number} not with its marker"
    note_pages = [found.note_pages[n][0] for n in numbers]
    assert note_pages == sorted(note_pages)
    # the script's own layout log says the same
    result = built[0]
    assert result.note_pages == result.marker_pages == {n: found.note_pages[n][0] for n in numbers}


def test_markers_are_small_raised_digits_and_notes_are_smaller_text(report_pdf):
    found = read_footnotes(report_pdf)
    assert bc.BODY_SIZE * bc.SUP_SCALE < 0.7 * bc.BODY_SIZE
    assert len(found.marker_raise) == FOOTNOTE_COUNT
    for rise in found.marker_raise:
        assert rise == pytest.approx(bc.BODY_SIZE * bc.SUP_RISE, abs=0.01)
        assert rise > 0.25 * bc.BODY_SIZE  # visibly raised above the line's baseline
    assert found.note_text_sizes == {bc.FOOTNOTE_SIZE}
    assert bc.FOOTNOTE_SIZE < bc.BODY_SIZE


def page_of(reader: PdfReader, predicate) -> tuple[int, TextRun]:
    for page_no, page in enumerate(reader.pages, start=1):
        for run in page_runs(page):
            if predicate(run):
                return page_no, run
    raise AssertionError("text not found")


@pytest.mark.parametrize(
    ("end_of_page", "start_of_next_page"),
    [
        ("vùng cao, biên giới", "còn gặp nhiều khó khăn."),  # around footnote 1's block
        ("về tình hình phát triển kinh tế - xã hội,", "xây dựng và chỉnh đốn đảng"),  # no footnote between
        ("Đồng Đăng (Lạng Sơn) - Trà Lĩnh", "(Cao Bằng). Tiến độ giải phóng mặt bằng"),
        ("còn nhiều hạn chế, làm ảnh hưởng đến chất lượng", "công tác của một số cơ quan, đơn vị."),
    ],
)
def test_paragraph_cut_by_a_source_page_break_goes_on_without_indent(report_pdf, end_of_page, start_of_next_page):
    page_a, _ = page_of(report_pdf, lambda r: r.text.endswith(end_of_page))
    page_b, first = page_of(report_pdf, lambda r: r.text.startswith(start_of_next_page))
    assert page_b == page_a + 1
    assert first.x == pytest.approx(bc.MARGIN_LEFT, abs=0.01)  # no first-line indent


def test_paragraphs_start_with_a_first_line_indent(report_pdf):
    _, run = page_of(report_pdf, lambda r: r.text.startswith("Tuy nhiên, tỉnh Lạng Sơn"))
    assert run.x == pytest.approx(bc.MARGIN_LEFT + bc.FIRST_INDENT, abs=0.01)


def test_page_numbers_from_page_two(report_pdf):
    for page_no, page in enumerate(report_pdf.pages, start=1):
        top = [r for r in page_runs(page) if r.y == pytest.approx(bc.PAGE_NUMBER_Y, abs=0.01)]
        assert [r.text for r in top] == ([] if page_no == 1 else [str(page_no)])


def test_metadata(report_pdf):
    meta = report_pdf.metadata
    assert meta.author == "Tỉnh ủy Lạng Sơn"
    assert meta.title.startswith("Báo cáo tự giám sát về công tác triển khai thực hiện Nghị quyết số 11-NQ/TW")


# --- the appendix ----------------------------------------------------------------------

DOCUMENT_NUMBER_RE = re.compile(r"\b\d+(?:/\d{4})?[-/][A-ZĐ][A-Za-zĐ0-9]*(?:[-/][A-Za-zĐ0-9]+)*")


@pytest.mark.parametrize("doc", bc.CITED_DOCUMENTS, ids=lambda d: d.number)
def test_appendix_row_is_quoted_from_the_report(doc):
    source = squash(SOURCE)
    assert doc.doc_type.lower() in source.lower()  # "Các công văn: số 776/UBND-KT ..." -> "Công văn"
    for value in (doc.number, doc.date, doc.issuer, *doc.about):
        assert value == "-" or value in source, value
    assert doc.number != "-" and doc.date != "-"  # every row the report dates does carry its date


def test_appendix_lists_every_numbered_document_once():
    numbers = [doc.number for doc in bc.CITED_DOCUMENTS]
    assert len(numbers) == len(set(numbers))
    for mention in set(DOCUMENT_NUMBER_RE.findall(SOURCE)):  # "52-CTr" is a short mention of 52-CTr/TU
        assert any(mention in number for number in numbers), mention


def test_appendix_pdf(appendix_pdf):
    text = squash(" ".join(page.extract_text() for page in appendix_pdf.pages))
    for page in appendix_pdf.pages:
        assert float(page.mediabox.width) == pytest.approx(841.89, abs=0.5)  # A4 landscape
        assert float(page.mediabox.height) == pytest.approx(595.28, abs=0.5)
    assert text.startswith(f"{bc.APPENDIX_TITLE} {bc.APPENDIX_NAME_LINE} {bc.APPENDIX_ATTACHED}")
    assert "STT Số, ký hiệu Ngày ban hành Cơ quan ban hành Trích yếu nội dung" in text
    for doc in bc.CITED_DOCUMENTS:
        assert doc.number in text and doc.date in text
    assert "1059-QĐ/TU 16/9/2022 Ban Thường vụ Tỉnh ủy Quyết định về việc thành lập Ban Chỉ đạo" in text
    for page_no, page in enumerate(appendix_pdf.pages[1:], start=2):
        assert page.extract_text().startswith(str(page_no))


# --- the committed files ---------------------------------------------------------------


@pytest.mark.parametrize("index", [0, 1], ids=["report", "appendix"])
def test_committed_pdf_is_what_the_script_builds(built, index):
    result = built[index]
    committed = bc.CORPUS_DIR / result.path.name
    assert committed.is_file(), f"{committed} is missing: run python scripts/build_corpus.py"
    committed_font = PdfReader(committed).metadata.creator
    if committed_font != f"{bc.CREATOR}; font {result.font_family}":
        pytest.skip(f"committed PDF was built with another font ({committed_font}); this machine has {result.font_family}")
    assert result.path.read_bytes() == committed.read_bytes(), "corpus/ drifted: run python scripts/build_corpus.py"


def test_rebuild_is_deterministic(built, tmp_path):
    again = bc.build_report(tmp_path / bc.REPORT_NAME)
    assert again.path.read_bytes() == built[0].path.read_bytes()
