"""tracuu.vn.numbers: Vietnamese number formats, figures, dates and the number-support rule."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracuu.vn.numbers import (
    canonical_number,
    figures_match,
    find_dates,
    find_figures,
    numbers_in,
    unsupported_numbers,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REPORT = SHARED / "corpus-src" / "bao-cao-tu-giam-sat-nq11-lang-son.txt"


@pytest.mark.parametrize(
    "raw, canonical",
    [
        ("11.024,7", "11024,7"),
        ("11024,7", "11024,7"),
        ("8.310,18", "8310,18"),
        ("856.927", "856927"),
        ("1.054", "1054"),
        ("5.495,723", "5495,723"),
        ("366.55", "366,55"),  # a "." before two digits cannot separate thousands
        ("05", "5"),
        ("0,03", "0,03"),
        ("38,0", "38"),
    ],
)
def test_canonical_number(raw, canonical):
    assert canonical_number(raw) == canonical


def _vn_format(whole: int, decimals: str) -> str:
    grouped = f"{whole:,}".replace(",", ".")
    return f"{grouped},{decimals}" if decimals else grouped


@given(st.integers(min_value=0, max_value=10**12), st.text(alphabet="0123456789", max_size=4))
def test_vietnamese_grouping_and_plain_digits_give_the_same_canonical(whole, decimals):
    plain = f"{whole},{decimals}" if decimals else str(whole)
    assert canonical_number(_vn_format(whole, decimals)) == canonical_number(plain)


def _one(text):
    figures = find_figures(text)
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(
    "text, value, unit, canonical",
    [
        ("đạt 7,17%", 7.17, "%", "7,17%"),
        ("đạt 7,17 %", 7.17, "%", "7,17%"),
        ("là 11.024,7 tỷ đồng", 11024.7, "tỷ đồng", "11024,7 tỷ đồng"),
        ("là 60.308 triệu đồng.", 60308, "triệu đồng", "60308 triệu đồng"),
        ("diện tích 8.310,18 km² với", 8310.18, "km²", "8310,18 km²"),
        ("là 1.054 người nộp thuế", 1054, "người", "1054 người"),
        ("qua 05 huyện, gồm", 5, "huyện", "5 huyện"),
        ("và 01 thị trấn;", 1, "thị trấn", "1 thị trấn"),
        ("trên 550 tỷ đồng", 550, "tỷ đồng", "550 tỷ đồng"),
        ("dài 53,9km.", 53.9, "km", "53,9 km"),
        ("trao 1497 huy chương", 1497, "huy chương", "1497 huy chương"),
        ("đạt trên 1,39 triệu lượt", 1.39, "triệu lượt", "1,39 triệu lượt"),
        ("diện tích 32.500m2 thuộc", 32500, "m²", "32500 m²"),
        ("tăng 02 bậc", 2, "bậc", "2 bậc"),
    ],
)
def test_figure_value_unit_canonical(text, value, unit, canonical):
    f = _one(text)
    assert f.value == pytest.approx(value)
    assert f.unit == unit
    assert f.canonical == canonical
    assert text[f.start : f.end] == f.raw


def test_figure_without_unit():
    f = _one("xếp thứ 21 toàn đoàn")
    assert (f.value, f.unit, f.canonical) == (21, None, "21")


def test_ratios_share_the_unit_of_the_second_figure():
    a, b = find_figures("bàn giao được 366.55/640,28ha đạt")
    assert (a.canonical, b.canonical) == ("366,55 ha", "640,28 ha")
    c, d = find_figures("với diện tích 74,3/74,44 ha")
    assert (c.value, c.unit, d.value) == (74.3, "ha", 74.44)
    e, f = find_figures("được 5,105 km/27,13km (toàn tuyến)")
    assert (e.value, e.unit, f.value, f.unit) == (5.105, "km", 27.13, "km")


@pytest.mark.parametrize(
    "text",
    [
        "ngày 16/9/2022",
        "ngày 18 tháng 01 năm 2024",
        "đến 17h00 ngày",
        "họp lúc 08 giờ 30 phút",
        "bắt đầu lúc 8 giờ",
        "tháng 7/2024",
        "Quyết định số 236/QĐ-TTg",
        "Nghị quyết số 11-NQ/TW",
        "Nghị quyết số 111/2024/QH15",
        "năm 2023",
        "giai đoạn 2021 - 2025",
        "Quốc lộ QL.279 và Km18",
        "dịch Covid-19",
    ],
)
def test_not_figures(text):
    assert find_figures(text) == []


def test_find_dates():
    dates = find_dates("ngày 10/02/2022 và ngày 18 tháng 01\nnăm 2024; đến tháng 10/2024; 15/6/1933 - 15/6/2023")
    assert [d.iso for d in dates] == ["2022-02-10", "2024-01-18", "2024-10", "1933-06-15", "2023-06-15"]
    assert find_dates("tỉ lệ 13/63 tỉnh; 1088/2-1089; 31/2/20233") == []


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("7,17%", "7,17 %", True),
        ("11.024,7", "11024,7", True),
        ("11.024,7 tỷ đồng", "11024,7 tỷ", True),
        ("550 tỷ đồng", "550 tỷ", True),
        ("856.927", "856.927 người", True),
        ("7,17%", "7,71%", False),
        ("550 tỷ đồng", "550 ha", False),
        ("5.105", "5,105", False),  # 5105 vs 5.105
        ("không có số", "không có số", False),
    ],
)
def test_figures_match(a, b, same):
    assert figures_match(a, b) is same


def test_numbers_in_counts_figures_dates_and_years_not_document_numbers():
    got = numbers_in("Theo Quyết định số 236/QĐ-TTg, ngày 19/3/2024, năm 2023 đạt 7,17 % và 11.024,7 tỷ đồng")
    assert got == {"2024-03-19", "2024", "2023", "7,17", "11024,7"}


def test_unsupported_numbers():
    quote = "Năm 2023 đạt 7,17%; tổng mức đầu tư 11.024,7 tỷ đồng, ngày 16/9/2022."
    assert unsupported_numbers("Năm 2023 đạt 7,17 %, tổng 11024,7 tỷ đồng (16/9/2022).", [quote]) == []
    assert unsupported_numbers("Năm 2024 đạt 7,17%.", [quote]) == ["2024"]
    assert unsupported_numbers("đạt 7,2% và 11.025 tỷ", [quote]) == ["7,2", "11025"]
    assert unsupported_numbers("ngày 17/9/2022", [quote]) == ["2022-09-17"]
    assert unsupported_numbers("đạt 7,17%", ["khác", quote]) == []


@pytest.mark.skipif(not REPORT.exists(), reason="needs ../shared/corpus-src (bundled report text)")
def test_report_figures():
    text = REPORT.read_text(encoding="utf-8")
    canon = {f.canonical for f in find_figures(text)}
    for c in ["8310,18 km²", "856927 người", "7,17%", "11024,7 tỷ đồng", "5495,723 tỷ đồng", "60308 triệu đồng",
              "1054 người", "366,55 ha", "640,28 ha", "5,105 km", "27,13 km", "5 huyện", "1 thị trấn"]:
        assert c in canon, c
    # no figure comes from a date, a time or a document number of the report
    assert not any(f.raw.startswith(("10/02", "16/9", "17h")) for f in find_figures(text))
    assert "236" not in canon and "1059" not in canon


def test_a_bare_number_of_hours_is_a_duration_figure():
    text = "Thời giờ làm việc bình thường không quá 08 giờ trong 01 ngày và không quá 48 giờ trong 01 tuần."
    assert [(f.raw, f.unit) for f in find_figures(text)][:3] == [("08 giờ", "giờ"), ("01 ngày", "ngày"), ("48 giờ", "giờ")]


def test_spelled_numbers_volumes_and_yearly_days() -> None:
    # TT 37/2020/TT-BCT (a certificate's validity, a container's volume), ĐLVN 05:2017 (measures),
    # PT QĐ 63/2025 and TT 37/2023 (yearly report deadlines)
    assert [(f.raw, f.unit) for f in find_figures("có giá trị trong thời hạn 02 (hai) năm")] == [("02 (hai) năm", "năm")]
    assert [(f.raw, f.unit) for f in find_figures("chứa tối đa 3 m3 hàng lỏng")] == [("3 m3", "m³")]
    assert [f.unit for f in find_figures("ống đong 2000 mL, bình chuẩn 250 L")] == ["mL", "lít"]
    assert [(d.raw, d.iso) for d in find_dates("gửi trước ngày 15 tháng 6 hằng năm")] == [("15 tháng 6", "--06-15")]
    assert [d.iso for d in find_dates("trước ngày 15/12 hằng năm; ngày 15 tháng 7 năm 2024")] == ["--12-15", "2024-07-15"]


def test_fractions_and_days_of_every_month() -> None:
    # NĐ 30/2020 (a seal over 1/3 of the signature), ĐLVN 05:2017 ("≤ 1/3 MPE"), QĐ 779/2022's Điều lệ
    # (2/3 of the members); a day, a count of a total and a date keep their own readings
    assert [(f.raw, f.value) for f in find_figures("trùm lên khoảng 1/3 chữ ký")] == [("1/3", 1 / 3)]
    assert [f.canonical for f in find_figures("không đảm bảo đo ≤ 1/3 MPE; được 2/3 thành viên")] == ["1/3", "2/3"]
    assert [f.canonical for f in find_figures("ngày 1/3/2024, 304/305 hộ, 5/3 cán bộ")] == ["304 hộ", "305 hộ", "5", "3"]
    assert find_figures("trước ngày 1/2 hằng năm") == []
    assert numbers_in("khoảng 1/3 chữ ký") == {"1", "3"}  # an answer "1/3" is supported by a quote writing it
    # PT QĐ 63/2025's Quy chế writes a monthly deadline; "hàng"/"mỗi" are the same day (ISO 8601 "---DD")
    assert [(d.raw, d.iso) for d in find_dates("Định kỳ trước ngày 15 hằng tháng, thống kê")] == [("ngày 15 hằng tháng", "---15")]
    assert [d.iso for d in find_dates("nộp vào ngày 05 hàng tháng; họp ngày 20 mỗi tháng")] == ["---05", "---20"]
    assert numbers_in("trước ngày 15 hằng tháng") == {"---15"}


def test_durations_with_spelled_numbers() -> None:
    # TT 37/2020/TT-BCT ("nghỉ việc từ sáu tháng trở lên"), TT 37/2023/TT-BGTVT ("là hai tháng"), and the
    # Bộ luật Lao động's "hai mươi bốn giờ"; "một" is left alone ("trong một ngày" says "per day")
    assert [(f.raw, f.canonical) for f in find_figures("nghỉ việc từ sáu tháng trở lên")] == [("sáu tháng", "6 tháng")]
    assert [f.canonical for f in find_figures("thời hạn là hai tháng; hai mươi bốn giờ; mười lăm ngày")] == ["2 tháng", "24 giờ", "15 ngày"]
    assert [f.raw for f in find_figures("từ 06 giờ trở lên trong một ngày")] == ["06 giờ"]
    assert figures_match("sáu tháng", "06 tháng")
    assert find_figures("ký ngày mười lăm tháng năm") == []  # a spelled date is no duration


@pytest.mark.parametrize(
    "text, figures",
    [
        ("3.2. Hạn chế\nTốc độ tăng tổng sản phẩm trên địa bàn (GRDP) chưa thực sự bền vững²⁴.", []),  # the report
        ("13. Hội Bảo trợ Người khuyết tật tỉnh Bình Thuận;\n14. Câu lạc bộ Hưu trí tỉnh Bình Thuận.", []),  # LD 93
        ("8.3 Chu kỳ kiểm định của xi téc: 12 tháng.", ["12 tháng"]),  # ĐLVN 05:2017
        ("tổng số người nộp thuế là\n1.054 người nộp thuế", ["1.054 người"]),  # a thousands group opening a line
        ("dân số đạt\n12 hội", ["12"]),  # a count opening a wrapped line
    ],
)
def test_the_number_of_an_item_or_heading_opening_a_line_is_no_figure(text, figures):
    assert [f.raw for f in find_figures(text)] == figures


def test_an_items_number_is_still_a_number_a_quote_writes():
    """A count read off a list ("14 hội") is checked against the quote that writes "14. …"."""
    assert "14" in numbers_in("13. Hội Người mù tỉnh Bình Thuận;\n14. Câu lạc bộ Hưu trí tỉnh Bình Thuận.")
