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


def _pdftotext(path: Path, *mode: str, page: int = 1) -> str:
    if not path.exists() or shutil.which("pdftotext") is None:
        pytest.skip(f"needs {path} and pdftotext")
    command = ["pdftotext", *mode, "-f", str(page), "-l", str(page), str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


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


# --- Whole documents through the parser: signature stamps, signer, recipients ---------------
#
# Expected values are read with pdftotext (it renders the signature widgets) and in
# ../shared/realdocs2/README.md; each stamped number is checked against pdftotext's page 1.

from functools import cache  # noqa: E402

from ingest.models import Document  # noqa: E402
from ingest.parse import parse_pdf  # noqa: E402
from tracuu.settings import Settings  # noqa: E402

SHARED = REPO.parent / "shared"
REALDOCS2 = SHARED / "realdocs2" / "pdf"


@cache
def _parsed(path: Path) -> Document:
    if not path.exists():
        pytest.skip(f"shared real documents not found at {path.parent} (../shared is absent)")
    return parse_pdf(path, Settings(ocr=False))


# (file, number, ISO date): the number and often the day/month are drawn by signature widgets
STAMPED = [
    ("LD_TTr-141-TTr-STP-2025_footnotes.pdf", "141/TTr-STP", "2025-12-09"),
    ("LD_TTr-124-TTr-SNV-2026_footnotes.pdf", "124/TTr-SNV", "2026-02-11"),
    ("LD_TTr-93-TTr-SNV-2025_hop-nhat-hoi.pdf", "93/TTr-SNV", "2025-08-06"),
    ("LC_QD-1696-QD-UBND-2026_uy-quyen_table.pdf", "1696/QĐ-UBND", "2026-05-15"),
    ("PT_QD-63-2025-QD-CTUBND_kem-Quy-che.pdf", "63/2025/QĐ-CTUBND", "2025-10-17"),
    ("QNg_TB-565-TB-UBND-2024_giao-so.pdf", "565/TB-UBND", "2024-11-15"),
    ("TH_CV-295-VP-CTHDND-2026_danh-muc-tables.pdf", "295/VP-CTHĐND", "2026-05-22"),
]


@pytest.mark.parametrize("name, number, date", STAMPED)
def test_signature_stamps_give_number_and_date(name, number, date):
    truth = " ".join(_pdftotext(REALDOCS2 / name).split())
    assert f"Số: {number.split('/')[0]}" in truth  # pdftotext draws the stamp: the expected number is the file's
    doc = _parsed(REALDOCS2 / name)
    assert (doc.number, doc.date) == (number, date)
    first = doc.pages[0].text
    assert f"Số: {number.split('/')[0]} /" in first  # the stamp's text sits in its line, in reading order


def test_stamp_over_a_typed_month_wins_with_a_warning():
    """LC-1696: the typed draft says "tháng 4", the stamp drawn over it "5"; the appendix (p3) and
    the file name agree with the stamp: 15/5/2026."""
    doc = _parsed(REALDOCS2 / "LC_QD-1696-QD-UBND-2026_uy-quyen_table.pdf")
    assert "ngày 15 tháng 5 năm 2026" in doc.pages[0].text
    assert "ngày 15 / 5 /2026" in doc.pages[2].text
    assert any("'5'" in w and "'4'" in w for w in doc.warnings)


@pytest.mark.parametrize(
    "name, page, certificate",
    [
        ("QNg_TB-565-TB-UBND-2024_giao-so.pdf", 1, "18.11.2024 07:25:14"),
        ("VBHN-30-VBHN-VPQH-2023_Cong-bao_footnotes.pdf", 1, "Người ký: Cổng Thông tin điện tử Chính phủ"),
    ],
)
def test_signer_certificate_goes_to_the_page_header(name, page, certificate):
    doc = _parsed(REALDOCS2 / name)
    assert certificate in doc.pages[page - 1].header
    assert certificate not in doc.pages[page - 1].text
    assert not any(certificate in p.text for p in doc.paragraphs)
    assert any("chữ ký số" in w and "đầu trang" in w for w in doc.warnings)


# (folder, file, number, date, type, issuer, (authority, title, name) of the signer)
DOCUMENTS = [
    (REALDOCS2, "LD_TTr-141-TTr-STP-2025_footnotes.pdf", "141/TTr-STP", "2025-12-09", "Tờ trình",
     "UBND TỈNH LÂM ĐỒNG SỞ TƯ PHÁP", ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thanh Tài")),
    (REALDOCS2, "LD_TTr-124-TTr-SNV-2026_footnotes.pdf", "124/TTr-SNV", "2026-02-11", "Tờ trình",
     "UBND TỈNH LÂM ĐỒNG SỞ NỘI VỤ", ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Hữu Tuấn")),
    (REALDOCS2, "LD_TTr-93-TTr-SNV-2025_hop-nhat-hoi.pdf", "93/TTr-SNV", "2025-08-06", "Tờ trình",
     "UBND TỈNH LÂM ĐỒNG SỞ NỘI VỤ", ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Đức Vũ")),
    (REALDOCS2, "BT_TTr-3367-TTr-SNV-2024_footnote.pdf", "3367/TTr-SNV", "2024-11-28", "Tờ trình",
     "UBND TỈNH BÌNH THUẬN SỞ NỘI VỤ", (None, "GIÁM ĐỐC", "Đỗ Văn Chung")),
    (REALDOCS2, "BT_QD-779-QD-UBND-2022_kem-Dieu-le.pdf", "779/QĐ-UBND", "2022-03-23", "Quyết định",
     "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN", ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Minh")),
    (REALDOCS2, "LC_QD-1696-QD-UBND-2026_uy-quyen_table.pdf", "1696/QĐ-UBND", "2026-05-15", "Quyết định",
     "ỦY BAN NHÂN DÂN TỈNH LÀO CAI", ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Tuấn Anh")),
    (REALDOCS2, "PT_QD-63-2025-QD-CTUBND_kem-Quy-che.pdf", "63/2025/QĐ-CTUBND", "2025-10-17", "Quyết định",
     "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ", (None, "CHỦ TỊCH", "Trần Duy Đông")),
    (REALDOCS2, "QNg_TB-565-TB-UBND-2024_giao-so.pdf", "565/TB-UBND", "2024-11-15", "Thông báo",
     "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
     ("TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Phùng Tô Long")),
    (REALDOCS2, "TH_CV-295-VP-CTHDND-2026_danh-muc-tables.pdf", "295/VP-CTHĐND", "2026-05-22", "Công văn",
     "VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND TỈNH THANH HÓA", (None, "CHÁNH VĂN PHÒNG", "Trần Mạnh Long")),
    (REALDOCS2, "ND-335-2025-ND-CP_phu-luc-tables.pdf", "335/2025/NĐ-CP", "2025-12-21", "Nghị định", "CHÍNH PHỦ",
     ("TM. CHÍNH PHỦ / KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Phạm Thị Thanh Trà")),
    # a Công báo page 1 ("CÔNG BÁO/Số 1257 + 1258/Ngày 29-11-2023" is not the number): the number,
    # issuer and date are those of the closing authentication block on p39
    (REALDOCS2, "VBHN-30-VBHN-VPQH-2023_Cong-bao_footnotes.pdf", "30/VBHN-VPQH", "2023-08-02", "Văn bản hợp nhất",
     "VĂN PHÒNG QUỐC HỘI", ("XÁC THỰC VĂN BẢN HỢP NHẤT", "CHỦ NHIỆM", "Bùi Văn Cường")),
    (REALDOCS, "VBHN-44-VBHN-VPQH-2026_Luat-Dat-dai_endnotes.pdf", "44/VBHN-VPQH", "2026-03-16", "Văn bản hợp nhất",
     "VĂN PHÒNG QUỐC HỘI", ("XÁC THỰC VĂN BẢN HỢP NHẤT", "CHỦ NHIỆM", "Lê Quang Mạnh")),
    (REALDOCS, "ND-30-2020-ND-CP.pdf", "30/2020/NĐ-CP", "2020-03-05", "Nghị định", "CHÍNH PHỦ",
     ("TM. CHÍNH PHỦ", "THỦ TƯỚNG", "Nguyễn Xuân Phúc")),
    (REALDOCS, "TT-37-2023-TT-BGTVT.pdf", "37/2023/TT-BGTVT", "2023-12-13", "Thông tư", "BỘ GIAO THÔNG VẬN TẢI",
     ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Lê Đình Thọ")),
    (REALDOCS, "QD-1074-QD-BXD-2026.pdf", "1074/QĐ-BXD", "2026-06-29", "Quyết định", "BỘ XÂY DỰNG",
     ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Phạm Minh Hà")),
    (REPO / "corpus", "bao-cao-tu-giam-sat-nq11-lang-son.pdf", None, None, "Báo cáo", "TỈNH ỦY LẠNG SƠN",
     ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Hoàng Văn Nghiệm")),
]


@pytest.mark.parametrize("folder, name, number, date, doc_type, issuer, signer", DOCUMENTS)
def test_document_metadata_and_signer(folder, name, number, date, doc_type, issuer, signer):
    doc = _parsed(folder / name)
    assert (doc.number, doc.date, doc.doc_type, doc.issuer) == (number, date, doc_type, issuer)
    assert doc.signer is not None
    assert (doc.signer.authority, doc.signer.title, doc.signer.name) == signer
    truth = " ".join(_pdftotext(folder / name, page=doc.signer.page).split())
    lines = [*(signer[0] or "").split(" / "), signer[1], signer[2]]
    assert all(line in truth for line in lines if line)  # each line is on the page the signer names


def test_a_forms_signature_placeholder_is_no_signer():
    # NĐ 30/2020 Phụ lục III p14 prints a form: "QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI / KÝ", "Họ và tên"
    assert _parsed(REALDOCS / "ND-30-2020-Phu-luc-III.pdf").signer is None


def test_official_letter_subject_is_its_title():
    doc = _parsed(REALDOCS2 / "TH_CV-295-VP-CTHDND-2026_danh-muc-tables.pdf")
    assert doc.title == "V/v gửi Danh mục sản phẩm/công việc quy đổi theo Nghị định số 335/2025/NĐ-CP."


@pytest.mark.parametrize(
    "name, recipient",
    [
        ("LD_TTr-124-TTr-SNV-2026_footnotes.pdf", "- Phòng TĐKT;"),
        ("PT_QD-63-2025-QD-CTUBND_kem-Quy-che.pdf", "- Website Chính phủ;"),
        ("QNg_TB-565-TB-UBND-2024_giao-so.pdf", "- Cổng TTĐT tỉnh;"),
    ],
)
def test_recipients_and_signer_block_are_marked(name, recipient):
    doc = _parsed(REALDOCS2 / name)
    roles = {p.text: p.role for p in doc.paragraphs}
    assert roles[recipient] == "recipients"
    assert any(p.role == "signature" and doc.signer.name in p.text for p in doc.paragraphs)
    assert not any(p.role == "text" and p.text.startswith("- Lưu") for p in doc.paragraphs)
    last = max(i for i, p in enumerate(doc.paragraphs) if p.role == "signature")
    assert all(p.role == "text" for p in doc.paragraphs[last + 1 :])  # an attachment after the block is text


@pytest.mark.parametrize(
    "text",
    [
        "SỞ NỘI VỤ\nSố: 12/BC-SNV\nBÁO CÁO\nI. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH\n1. Kết quả\n",
        # the type line and the first heading read before the number line
        "SỞ NỘI VỤ\nBÁO CÁO\nI. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH\nSố: 12/BC-SNV\n1. Kết quả\n",
    ],
)
def test_report_without_trich_yeu_is_titled_by_its_type(text):
    meta = extract_metadata(text, "bc.pdf")
    assert (meta.number, meta.issuer, meta.doc_type, meta.title) == ("12/BC-SNV", "SỞ NỘI VỤ", "Báo cáo", "Báo cáo")
