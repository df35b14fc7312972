"""Ruled tables: each row one unit "<row label> · <column header>: <value>", headers kept across
pages, no cell taken for a heading, no word of a table lost.

Expected values were read with ``pdftotext -layout`` on the shared real documents
(../shared/realdocs, ../shared/realdocs2); the word check runs ``pdftotext -bbox`` itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph as RLParagraph, SimpleDocTemplate, Table, TableStyle
from reportlab.lib.styles import ParagraphStyle

from ingest import Document, parse_pdf
from tests.conftest import REALDOCS, SHARED
from tracuu.settings import Settings

REALDOCS2 = SHARED / "realdocs2" / "pdf"
requires_shared = pytest.mark.skipif(
    not (REALDOCS.is_dir() and REALDOCS2.is_dir()),
    reason=f"shared real documents not found at {REALDOCS} and {REALDOCS2} (../shared is absent)",
)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")

TH295 = "TH_CV-295-VP-CTHDND-2026_danh-muc-tables.pdf"
BNV = "BNV_So-tay-danh-gia-cong-chuc-2026_tables.pdf"
LC1696 = "LC_QD-1696-QD-UBND-2026_uy-quyen_table.pdf"
ND335 = "ND-335-2025-ND-CP_phu-luc-tables.pdf"
ND30_PL3 = "ND-30-2020-Phu-luc-III.pdf"
DLVN = "DLVN-05-2017_tables.pdf"


def _path(name: str) -> Path:
    return REALDOCS / name if (REALDOCS / name).exists() else REALDOCS2 / name


@lru_cache(maxsize=None)
def _parse(name: str) -> Document:
    return parse_pdf(_path(name), Settings(ocr=False))


def _rows(doc: Document, page: int) -> list[str]:
    return [p.text for p in doc.paragraphs if p.table_header is not None and p.spans[0].page == page]


def _unit(rows: list[str], label: str) -> list[str]:
    """The parts ("<label>", "<header>: <value>", …) of the one row starting with ``label``."""
    found = [r for r in rows if r.startswith(label)]
    assert len(found) == 1, (label, found)
    return found[0].split(" · ")


@requires_shared
@pytest.mark.parametrize(
    "name, page, label, cell",
    [
        # pdftotext -layout p2: "I.A.1  Chỉ đạo, điều hành … N3  ≤300  200–280  40–56  Sổ tay …"
        (TH295, 2, "I.A.1 Chỉ đạo, điều hành thực hiện nhiệm vụ chuyên môn của Văn phòng", "ĐIỂM CHẤM (KHOẢNG) (6): 200–280"),
        (TH295, 2, "I.A.1 Chỉ đạo", "HỆ SỐ QUY ĐỔI (7)=(6)÷5: 40–56"),
        (TH295, 3, "I.B.2 Xem xét, trình lãnh đạo Văn phòng ký văn bản", "ĐIỂM CHẤM (KHOẢNG) (6): 120–160"),
        # LC-1696 p3: merged "NỘI DUNG" cell over three TTHC rows; codes like Vietnamese numbers
        (LC1696, 3, "1 Cấp, cấp lại chứng chỉ kiểm định viên · CĂN CỨ", "MÃ TTHC: 2.000140"),
        (LC1696, 3, "1 Cấp, cấp lại chứng chỉ kiểm định viên · TÊN TTHC: Cấp lại", "MÃ TTHC: 2.000066"),
        # ND 30/2020 Phụ lục III p1: "5.    Quy định                                QyĐ"
        (ND30_PL3, 1, "5. Quy định", "Chữ viết tắt: QyĐ"),
        (ND30_PL3, 1, "16. Tờ trình", "Chữ viết tắt: TTr"),
        # ĐLVN 05:2017 p3, Bảng 1: "1  Kiểm tra bên ngoài  7.1  +  +  +"
        (DLVN, 3, "1 Kiểm tra bên ngoài", "Theo điều mục của quy trình: 7.1"),
        (DLVN, 3, "3.1 Xác định dung tích thực của xi téc theo phương pháp đổ vào", "Theo điều mục của quy trình: 7.3.2"),
        # BNV sổ tay p16: "2  Phát hành văn bản  Lượt  4  0,8"
        (BNV, 16, "2 Phát hành văn bản", "Hệ số quy đổi theo sản phẩm chuẩn: 0,8"),
        (BNV, 16, "7 Lập dự toán ngân sách nhà nước năm", "Sản phẩm: KH dự toán"),
        # BNV p15: header words wrapped one per line ("Mức / độ / khó / và / yêu / cầu …")
        (BNV, 15, "1 Soạn thảo văn bản hành chính", "Mức độ khó và yêu cầu tính sáng tạo: 1"),
        (BNV, 15, "1 Soạn thảo văn bản hành chính", "Phân nhóm: Nhóm 1"),
        # NĐ 335 p16, form: "2  Ý thức kỷ luật, kỷ cương trong thực thi công vụ  5"
        (ND335, 16, "2 Ý thức kỷ luật, kỷ cương trong thực thi công vụ", "Điểm tối đa (3): 5"),
    ],
)
def test_row_unit(name: str, page: int, label: str, cell: str) -> None:
    assert cell in _unit(_rows(_parse(name), page), label)


@requires_shared
def test_merged_row_label_is_repeated() -> None:
    """LC-1696 p3: one 'NỘI DUNG' cell spans the three TTHC of group I; each row names it."""
    rows = _rows(_parse(LC1696), 3)
    codes = {"1.014967": "Cấp Giấy phép", "1.014968": "Cấp điều chỉnh Giấy phép", "1.014969": "Cấp lại Giấy phép"}
    for code, name in codes.items():
        (row,) = [r for r in rows if f"MÃ TTHC: {code}" in r]
        assert row.startswith("1 Cấp, cấp điều chỉnh, cấp lại, thu hồi giấy phép vận chuyển hàng hóa nguy hiểm")
        assert f"TÊN TTHC: {name} vận chuyển hàng hóa nguy hiểm" in row
        assert "Nghị định số 105/2025/NĐ-CP" in row  # a code cut at its hyphen, joined back


@requires_shared
@pytest.mark.parametrize(
    "name, first, nexts, header",
    [
        (TH295, 2, range(3, 11), "Bảng: STT (1) | NHÓM NHIỆM VỤ (2) | SẢN PHẨM ĐẦU RA (3) | PHÂN NHÓM (4) | KHUNG ĐIỂM (5)"),
        (BNV, 9, range(10, 11), "Bảng: Nhóm | Tính chất công việc | Đặc điểm sản phẩm"),
    ],
)
def test_continued_table_keeps_header(name: str, first: int, nexts: range, header: str) -> None:
    doc = _parse(name)
    (line,) = [p.text for p in doc.paragraphs if p.text.startswith("Bảng:") and p.spans[0].page == first]
    assert line.startswith(header)
    for page in nexts:
        rows = [p for p in doc.paragraphs if p.table_header is not None and p.spans[0].page == page]
        assert rows, page
        assert {p.table_header for p in rows} == {line}, page
        assert "Bảng:" not in doc.pages[page - 1].text  # the header is not printed again there


@requires_shared
def test_continued_rows_use_header_of_previous_page() -> None:
    """BNV p10 continues p9's table without repeating its header (pdftotext p10: 'Nhóm 2 (N2) …')."""
    row = _unit(_rows(_parse(BNV), 10), "Nhóm 2 (N2)")
    assert row[1].startswith("Tính chất công việc: Các công việc có tính chất chuyên môn nghiệp vụ")
    assert row[2].startswith("Đặc điểm sản phẩm: Văn bản hướng dẫn, văn bản trả lời")


@requires_shared
@pytest.mark.parametrize("name, pages", [(TH295, range(2, 11)), (LC1696, [3]), (ND335, [16, 18]), (ND30_PL3, [1, 2])])
def test_no_table_cell_is_a_heading(name: str, pages) -> None:
    doc = _parse(name)
    rows = [p for p in doc.paragraphs if p.table_header is not None and p.spans[0].page in pages]
    assert rows
    assert not any(p.is_heading for p in rows)
    headings = {h for p in doc.paragraphs for h in p.section}
    assert not headings & {p.text for p in rows}
    # "PHẦN I. LÃNH ĐẠO …", "I. Lĩnh vực …", "1. Nghị quyết …" are cells, not sections
    assert not any(re.match(r"(PHẦN I\.|I\. Lĩnh vực|1\. Nghị quyết)", h) for h in headings)
    for page in pages:  # the rows of a page sit in the section open before their table
        assert len({p.section for p in rows if p.spans[0].page == page}) <= 1


def _pdftotext_words(path: Path, page: int, after: str, before: str | None) -> list[str]:
    """The words pdftotext shows on ``page`` below the first word ``after`` and above ``before``."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = [
        (float(m.group(1)), float(m.group(2)), unicodedata.normalize("NFC", m.group(3)))
        for m in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', out)
    ]
    top = next(y1 for y0, y1, w in words if w == after)
    bottom = next((y0 for y0, y1, w in words if w == before), float("inf")) if before else float("inf")
    return [w.replace("&amp;", "&") for y0, y1, w in words if y0 >= top and y1 <= bottom]


@requires_shared
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize(
    "name, page, after, before",
    [
        (TH295, 2, "nhất).", None),
        (TH295, 5, "4", None),  # a page of table only, below its page number "4"
        (LC1696, 3, "Cai)", None),
        (BNV, 15, "sau:", "Khuyến"),
        (BNV, 16, "excel):", "Giả"),
        (ND335, 16, "CHUNG", None),
        (ND30_PL3, 1, "VĂN", None),
    ],
)
def test_table_words_not_lost(name: str, page: int, after: str, before: str | None) -> None:
    text = _parse(name).pages[page - 1].text
    missing = [w for w in _pdftotext_words(_path(name), page, after, before) if w.strip(".,;:()") not in text]
    assert not missing


# --- a generated ruled table -------------------------------------------------------------

CELL_TEXT = st.text(alphabet="abcdeghiklmnoprstuvxyàáảãạăâđêôơưéèẹếềờởợứừữ", min_size=1, max_size=14).map(str.strip).filter(bool)


def _ruled_table_pdf(path: Path, header: list[str], rows: list[list[str]]) -> None:
    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(DEJAVU)))
    pdfmetrics.registerFont(TTFont("DejaVuSerif-Bold", str(DEJAVU_BOLD)))
    body = ParagraphStyle("body", fontName="DejaVuSerif", fontSize=11, leading=14)
    bold = ParagraphStyle("bold", parent=body, fontName="DejaVuSerif-Bold")
    data = [[RLParagraph(h, bold) for h in header]] + [[RLParagraph(v, body) for v in row] for row in rows]
    table = Table(data, colWidths=[50, 200, 150])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    intro = RLParagraph("Bảng tổng hợp kết quả thực hiện như sau:", body)
    SimpleDocTemplate(str(path), pagesize=A4).build([intro, table, RLParagraph("Nơi nhận: như trên.", body)])


@pytest.mark.skipif(not (DEJAVU.exists() and DEJAVU_BOLD.exists()), reason="DejaVu fonts are not installed")
@hyp_settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.tuples(CELL_TEXT, CELL_TEXT), min_size=2, max_size=6),
)
def test_generated_ruled_table(tmp_path: Path, rows: list[tuple[str, str]]) -> None:
    path = tmp_path / "bang.pdf"
    header = ["STT", "Nội dung", "Kết quả"]
    _ruled_table_pdf(path, header, [[f"{i}.", a, b] for i, (a, b) in enumerate(rows, 1)])
    doc = parse_pdf(path, Settings(ocr=False))
    table = [p for p in doc.paragraphs if p.table_header is not None]
    assert [p.text for p in table] == ["Bảng: STT | Nội dung | Kết quả"] + [
        f"{i}. {a} · Kết quả: {b}" for i, (a, b) in enumerate(rows, 1)
    ]
    assert {p.table_header for p in table} == {"Bảng: STT | Nội dung | Kết quả"}
    assert not any(p.is_heading for p in table)  # "1. abc" would be a numbered heading in running text
    page = doc.pages[0].text
    assert page.startswith("Bảng tổng hợp kết quả thực hiện như sau:") and page.endswith("Nơi nhận: như trên.")


@requires_shared
@pytest.mark.parametrize(
    "name, pages",
    [
        # running text with white boxes painted behind it and rules drawn through its lines
        ("QNg_TB-565-TB-UBND-2024_giao-so.pdf", range(1, 5)),
        ("LD_TTr-93-TTr-SNV-2025_hop-nhat-hoi.pdf", range(1, 5)),
        ("LD_TTr-141-TTr-STP-2025_footnotes.pdf", [4]),
    ],
)
def test_ruled_running_text_is_no_table(name: str, pages) -> None:
    doc = _parse(name)
    assert not [p.text for p in doc.paragraphs if p.table_header is not None and p.spans[0].page in pages]


@requires_shared
def test_footnote_marker_in_table_header() -> None:
    """ND 30 Phụ lục I p13: header "Cỡ / chữ¹" (pdftotext: "chữ1"), note 1 "Cỡ chữ trong cùng một văn bản …"."""
    doc = _parse("ND-30-2020-Phu-luc-I.pdf")
    (note,) = [fn for fn in doc.footnotes if fn.number == 1 and fn.page == 13]
    assert note.text.startswith("Cỡ chữ trong cùng một văn bản")
    (mark,) = note.markers
    line = next(p.text for p in doc.paragraphs if p.text.startswith("Bảng:") and p.spans[0].page == 13)
    assert mark.page == 13 and doc.pages[12].text[: mark.offset].endswith("| Cỡ chữ") and "| Cỡ chữ¹ |" in line


@requires_shared
def test_raised_numbers_in_table_cells_are_markers() -> None:
    """TT 01/2026 p25, a form in a table: "… có giá trị đến ngày ...(11)", "CẤP PHÉP (12)" with
    small raised numbers (pdftotext -layout); subscripts and full-size numbers stay digits."""
    text = _parse("TT-01-2026-TT-BCT.pdf").pages[24].text
    assert "có giá trị đến ngày ...(¹¹)" in text and "CẤP PHÉP (¹²)" in text
    assert "Luật Hóa chất số 69/2025/QH15" in text


def _overlap(a, b) -> bool:
    return any(x.page == y.page and x.start < y.end and y.start < x.end for x in a for y in b)


@requires_shared
@pytest.mark.parametrize("name", [BNV, TH295, LC1696, ND335])
def test_every_chunk_of_a_table_carries_its_header(name: str) -> None:
    """A chunk holding rows of a table but not its "Bảng: …" line (a table cut into chunks, or
    continued on the next page) ends its section with that line, and with the table's caption (the
    short text right before the header line) when there is one: a question naming the table
    ("bảng gợi ý khung điểm … Nhóm 4") finds its later rows."""
    doc = _parse(name)
    carried = 0
    for chunk in doc.chunks:
        inside = {p.table_header for p in doc.paragraphs if p.table_header and p.text != p.table_header and _overlap(p.spans, chunk.spans)}
        for header in inside:
            assert header in chunk.text or header in chunk.section, (chunk.seq, header)
            carried += header not in chunk.text
    assert carried > 0


@requires_shared
def test_a_table_caption_goes_with_its_header() -> None:
    """BNV's score table (p15–16) is cut into five chunks; the later four carry the sentence that
    says what the table is before its header line."""
    doc = _parse(BNV)
    caption = "Dưới đây là gợi ý khung điểm từ 01 đến tối đa 500 điểm đối với 05 nhóm nhiệm vụ"
    rows = [c for c in doc.chunks if "Nhóm 4 (N4)" in c.text and "Điểm tối đa: 400" in c.text]
    assert rows and all(any(h.startswith(caption) for h in c.section) for c in rows)
    header = "Bảng: Nhóm | Tính chất công việc | Đặc điểm sản phẩm | Điểm tối đa"
    assert all(any(h.startswith(header) for h in c.section) for c in rows)
