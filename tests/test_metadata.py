"""ingest.metadata: number, type, issuer, place, date and title from a document header."""

import shutil
import subprocess
from pathlib import Path

import pytest

from ingest.metadata import Metadata, extract_metadata

REPO = Path(__file__).resolve().parents[1]
REPORT_PDF = REPO / "corpus" / "bao-cao-tu-giam-sat-nq11-lang-son.pdf"
REALDOCS = Path(__file__).resolve().parents[1].parent / "shared" / "realdocs" / "pdf"

PLAN_LAYOUT = """\
    UỶ BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    TỈNH LẠNG SƠN                          Độc lập - Tự do - Hạnh phúc
       -------                                  ---------------
    Số: 23/KH-UBND                     Lạng Sơn, ngày 26 tháng 02 năm 2023

                                 KẾ HOẠCH
        Thực hiện Nghị quyết số 96/NQ-CP, ngày 01/8/2022 của Chính phủ
                       về phát triển vùng Trung du

    Thực hiện Nghị quyết số 96/NQ-CP ...
"""


def test_layout_header_with_two_columns():
    meta = extract_metadata(PLAN_LAYOUT, "ke-hoach.pdf")
    assert meta == Metadata(
        number="23/KH-UBND",
        doc_type="Kế hoạch",
        issuer="UỶ BAN NHÂN DÂN TỈNH LẠNG SƠN",
        place="Lạng Sơn",
        date="2023-02-26",
        title="Thực hiện Nghị quyết số 96/NQ-CP, ngày 01/8/2022 của Chính phủ về phát triển vùng Trung du",
    )


def test_plain_header_one_cell_per_line():
    text = (
        "CHÍNH PHỦ\n_______\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nĐộc lập - Tự do - Hạnh phúc\n"
        "________________\n\nHà Nội, ngày 05 tháng 3 năm 2020\n\nSố: 30/2020/NĐ-CP\n\nNGHỊ ĐỊNH\n"
        "Về công tác văn thư\n__________\n\nCăn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\n"
    )
    meta = extract_metadata(text, "x.pdf")
    assert meta == Metadata("30/2020/NĐ-CP", "Nghị định", "CHÍNH PHỦ", "Hà Nội", "2020-03-05", "Về công tác văn thư")


@pytest.mark.parametrize(
    "number_line, number, doc_type",
    [
        ("Số:6791 /SNNMT-KHTC", "6791/SNNMT-KHTC", None),
        ("Số: 2170 /QĐ - UBND", "2170/QĐ-UBND", "Quyết định"),
        ("Số 35-NQ/TU", "35-NQ/TU", "Nghị quyết"),
        ("Số:      /KH-UBND", None, "Kế hoạch"),
        ("Số: 44/VBHN-VPQH", "44/VBHN-VPQH", "Văn bản hợp nhất"),
    ],
)
def test_number_line_variants(number_line, number, doc_type):
    meta = extract_metadata(f"SỞ NÔNG NGHIỆP\n{number_line}\nHà Nội, ngày 01 tháng 4 năm 2025\n", "a.pdf")
    assert (meta.number, meta.doc_type, meta.issuer, meta.date) == (number, doc_type, "SỞ NÔNG NGHIỆP", "2025-04-01")


def test_body_line_starting_with_so_is_not_a_number():
    meta = extract_metadata("Số người tham gia bảo hiểm tăng 25.979 người\n", "ghi-chu.pdf")
    assert meta == Metadata(None, None, None, None, None, "ghi-chu")


def test_blank_day_gives_no_date_but_keeps_place():
    meta = extract_metadata("TỈNH ỦY LẠNG SƠN      ĐẢNG CỘNG SẢN VIỆT NAM\nSố   -BC/TU      Lạng Sơn, ngày     "
                            "tháng    năm 2024\n\n      BÁO CÁO\nVề tình hình\n", "r.pdf")
    assert (meta.number, meta.doc_type, meta.issuer, meta.place, meta.date, meta.title) == (
        None, "Báo cáo", "TỈNH ỦY LẠNG SƠN", "Lạng Sơn", None, "Về tình hình",
    )


@pytest.mark.parametrize(
    "file_name, number, doc_type",
    [
        ("ND-30-2020-ND-CP.pdf", "30/2020/NĐ-CP", "Nghị định"),
        ("TT-01-2026-TT-BCT.pdf", "01/2026/TT-BCT", "Thông tư"),
        ("QD-1074-QD-BXD-2026.pdf", "1074/QĐ-BXD", "Quyết định"),
        ("NQ-19-2026-NQ-CP_scanned-80p.pdf", "19/2026/NQ-CP", "Nghị quyết"),
        ("VBHN-44-VBHN-VPQH-2026_Luat-Dat-dai_endnotes.pdf", "44/VBHN-VPQH", "Văn bản hợp nhất"),
        ("ND-30-2020-Phu-luc-I.pdf", None, None),
        ("bao-cao.pdf", None, None),
    ],
)
def test_file_name_fallback(file_name, number, doc_type):
    meta = extract_metadata("", file_name)
    assert (meta.number, meta.doc_type, meta.title) == (number, doc_type, Path(file_name).stem)


def _pdftotext(path: Path, *mode: str) -> str:
    if not path.exists() or shutil.which("pdftotext") is None:
        pytest.skip(f"needs {path} and pdftotext")
    return subprocess.run(["pdftotext", *mode, "-l", "1", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("mode", [("-layout",), ()])
def test_bundled_report_header_with_blank_number(mode):
    meta = extract_metadata(_pdftotext(REPORT_PDF, *mode), REPORT_PDF.name)
    assert meta.number is None
    assert (meta.doc_type, meta.issuer, meta.place, meta.date) == ("Báo cáo", "TỈNH ỦY LẠNG SƠN", "Lạng Sơn", None)
    assert meta.title.startswith("Về công tác triển khai thực hiện Nghị quyết số 11-NQ/TW")
    assert meta.title.endswith("tầm nhìn đến năm 2045")


REALDOC_CASES = [
    ("ND-30-2020-ND-CP.pdf", "30/2020/NĐ-CP", "Nghị định", "CHÍNH PHỦ", "Hà Nội", "2020-03-05", "Về công tác văn thư"),
    ("TT-37-2023-TT-BGTVT.pdf", "37/2023/TT-BGTVT", "Thông tư", "BỘ GIAO THÔNG VẬN TẢI", "Hà Nội", "2023-12-13",
     "Về quản lý hoạt động vận tải đường bộ qua biên giới"),
    ("TT-01-2026-TT-BCT.pdf", "01/2026/TT-BCT", "Thông tư", "BỘ CÔNG THƯƠNG", "Hà Nội", "2026-01-17",
     "QUY ĐỊNH CHI TIẾT VÀ HƯỚNG DẪN THI HÀNH"),
    ("VBHN-44-VBHN-VPQH-2026_Luat-Dat-dai_endnotes.pdf", "44/VBHN-VPQH", "Văn bản hợp nhất", "VĂN PHÒNG QUỐC HỘI",
     "Hà Nội", "2026-03-16", "ĐẤT ĐAI"),
    ("QD-1074-QD-BXD-2026.pdf", "1074/QĐ-BXD", "Quyết định", "BỘ XÂY DỰNG", "Hà Nội", "2026-06-29",
     "Ban hành các giải pháp kỹ thuật nâng cao an toàn phòng cháy"),
    ("An-le-43-2021-AL_footnote.pdf", "43/2021/AL", "Án lệ", None, None, None,
     "Về hiệu lực của hợp đồng thế chấp"),
]


@pytest.mark.parametrize("mode", [("-layout",), ()])
@pytest.mark.parametrize("name, number, doc_type, issuer, place, date, title", REALDOC_CASES)
def test_realdocs(mode, name, number, doc_type, issuer, place, date, title):
    meta = extract_metadata(_pdftotext(REALDOCS / name, *mode), name)
    assert (meta.number, meta.doc_type, meta.issuer, meta.place, meta.date) == (number, doc_type, issuer, place, date)
    assert meta.title.startswith(title)
    assert "Căn cứ" not in meta.title and "BỘ TRƯỞNG" not in meta.title and "Luật Đất đai số" not in meta.title
