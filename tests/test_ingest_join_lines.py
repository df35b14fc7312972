"""ingest.flow.join_lines: the lines of one paragraph joined into one string, markers kept in place."""

from __future__ import annotations

import pytest

from ingest.flow import join_lines
from ingest.lines import Line, Run, group_lines


def _line(text: str, y: float = 700.0) -> Line:
    return group_lines([Run(text, 72.0, y, 14.0, "/TimesNewRoman")])[0]


def _join(*texts: str) -> str:
    return join_lines([_line(t, 700.0 - 20 * i) for i, t in enumerate(texts)])[0]


@pytest.mark.parametrize(
    "first, second, joined",
    [
        # a document number split after the hyphen of its symbol: the hyphen stays, no space
        ("Sở Tư pháp đã có Công văn số 223/STP-", "BTTP về việc hợp nhất", "Sở Tư pháp đã có Công văn số 223/STP-BTTP về việc hợp nhất"),
        ("tại khoản 2 Điều 32 Nghị định số 126/2024/NĐ-", "CP ngày 08/10/2024", "tại khoản 2 Điều 32 Nghị định số 126/2024/NĐ-CP ngày 08/10/2024"),
        ("Đơn đề nghị hợp nhất số 258/ĐĐN-", "ĐLS ngày 27/11/2025", "Đơn đề nghị hợp nhất số 258/ĐĐN-ĐLS ngày 27/11/2025"),
        # ranges and compounds keep their hyphen too
        ("trong khoảng 2000-", "5000 mg/kg", "trong khoảng 2000-5000 mg/kg"),
        ("AMONI DINITRO-o-", "CRESOLAT DUNG DỊCH", "AMONI DINITRO-o-CRESOLAT DUNG DỊCH"),
        ("không phân hạch hoặc không phân hạch-", "được miễn trừ", "không phân hạch hoặc không phân hạch-được miễn trừ"),
        # a spaced dash joins two phrases: it keeps its space
        ("tuyến vận tải đường bộ Việt Nam -", "Trung Quốc", "tuyến vận tải đường bộ Việt Nam - Trung Quốc"),
        ("Độc lập -", "Tự do - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"),
        # a hyphen before a sign, not a letter or digit, is a list or form dash
        ("1-", "□ Có", "1- □ Có"),
        # a soft hyphen is shown only where a word was broken: it goes, with no space
        ("phát tri\u00ad", "ển kinh tế", "phát triển kinh tế"),
        # the number after "số" on the next line: one space
        ("theo quy định tại Nghị định số", "119/2021/NĐ-CP ngày 24 tháng 12", "theo quy định tại Nghị định số 119/2021/NĐ-CP ngày 24 tháng 12"),
    ],
)
def test_join(first: str, second: str, joined: str) -> None:
    assert _join(first, second) == joined


def test_marker_offsets_after_a_kept_hyphen() -> None:
    marked = group_lines(
        [Run("BTTP gửi Hội công chứng viên tỉnh Lâm Đồng", 72.0, 680.0, 14.0, "/F"), Run("2", 360.0, 685.0, 8.0, "/F")]
    )[0]
    text, markers = join_lines([_line("có Công văn số 223/STP-"), marked])
    assert text == "có Công văn số 223/STP-BTTP gửi Hội công chứng viên tỉnh Lâm Đồng²"
    assert markers == [(text.index("²"), 2)]


@pytest.mark.parametrize(
    "name, page, heading, item",
    [
        ("TT-01-2026-TT-BCT.pdf", 2, "2. Cục Hóa chất", "a) Tiếp nhận hồ sơ, thẩm định, đánh giá điều kiện thực tế"),
        ("ND-30-2020-ND-CP.pdf", 3, "2. Yêu cầu", "a) Văn bản của cơ quan, tổ chức phải được"),
    ],
)
def test_a_lettered_item_after_a_short_line_opens_a_paragraph(name: str, page: int, heading: str, item: str) -> None:
    """A line that ends short ("2. Cục Hóa chất", no punctuation) is no sentence going on into the
    lettered item under it: the page text keeps them on two lines."""
    from ingest import parse_pdf
    from tests.conftest import REALDOCS
    from tracuu.settings import Settings

    path = REALDOCS / name
    if not path.exists():
        pytest.skip(f"../shared/realdocs/pdf/{name} is not available")
    text = parse_pdf(path, Settings(ocr=False)).pages[page - 1].text
    assert f"{heading}\n{item}" in text
