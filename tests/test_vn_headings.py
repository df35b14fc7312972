"""tracuu.vn.headings: heading kinds and levels, false positives, the section path."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tracuu.vn.headings import ITEM_MAX_CHARS, SectionTracker, heading_level

REPO = Path(__file__).resolve().parents[1]
REPORT = REPO / "corpus" / "src" / "bao-cao-tu-giam-sat-nq11-lang-son.txt"
REALDOCS = Path(__file__).resolve().parents[1].parent / "shared" / "realdocs" / "pdf"


@pytest.mark.parametrize(
    "line, kind, label, title",
    [
        ("Phần I", "part", "I", ""),
        ("PHẦN THỨ NHẤT", "part", "THỨ NHẤT", ""),
        ("Phần thứ hai. Tổ chức thực hiện", "part", "thứ hai", "Tổ chức thực hiện"),
        ("Chương I", "chapter", "I", ""),
        ("Chương II. QUY ĐỊNH CỤ THỂ", "chapter", "II", "QUY ĐỊNH CỤ THỂ"),
        ("CHƯƠNGI", "chapter", "I", ""),
        ("Mục 1. SOẠN THẢO", "section", "1", "SOẠN THẢO"),
        ("Điều 5. Hiệu lực của văn bản", "article", "5", "Hiệu lực của văn bản"),
        ("I- KHÁI QUÁT CHUNG VỀ ĐỊA PHƯƠNG", "roman", "I", "KHÁI QUÁT CHUNG VỀ ĐỊA PHƯƠNG"),
        ("II- KẾT QUẢ ĐẠT ĐƯỢC", "roman", "II", "KẾT QUẢ ĐẠT ĐƯỢC"),
        ("IV. ĐỀ XUẤT, KIẾN NGHỊ", "roman", "IV", "ĐỀ XUẤT, KIẾN NGHỊ"),
        ("1. Khái quát chung", "number", "1", "Khái quát chung"),
        ("1.1. Về lãnh đạo, chỉ đạo", "number", "1.1", "Về lãnh đạo, chỉ đạo"),
        ("2.3.1. Kết quả thực hiện", "number", "2.3.1", "Kết quả thực hiện"),
        ("a) Về công tác lập Quy hoạch tỉnh", "letter", "a", "Về công tác lập Quy hoạch tỉnh"),
        ("đ) Danh mục hóa chất", "letter", "đ", "Danh mục hóa chất"),
        ("Phụ lục I", "appendix", "I", ""),
        ("PHỤ LỤC", "appendix", "", ""),
        ("Phụ lục số 02: Danh mục", "appendix", "02", "Danh mục"),
        ("  **1. Khái quát chung**  ", "number", "1", "Khái quát chung"),
        # a footnote marker glued to the label (VBHN-30, VBHN-44); a clause inserted by an amendment
        ("7.⁷ LS - Cấp cho luật sư nước ngoài", "number", "7", "⁷ LS - Cấp cho luật sư nước ngoài"),
        ("7a.⁸ ĐT1 - Cấp cho nhà đầu tư", "number", "7a", "⁸ ĐT1 - Cấp cho nhà đầu tư"),
        ("8a. Độc tính sinh sản", "number", "8a", "Độc tính sinh sản"),
        ("4.[25] Việc sử dụng đất", "number", "4", "[25] Việc sử dụng đất"),
        ("d)⁴² Giấy tờ chứng minh", "letter", "d", "⁴² Giấy tờ chứng minh"),
    ],
)
def test_headings(line, kind, label, title):
    m = heading_level(line)
    assert m is not None
    assert (m.kind, m.label, m.title, m.is_item) == (kind, label, title, False)


@pytest.mark.parametrize(
    "line",
    [
        "2023. Năm đó",
        "Năm 2023: đạt 7%",
        "16/9/2022 là ngày",
        "5.105 km đường",
        "2.5 triệu đồng",
        "7.7 LS",  # a clause number needs its dot before the space
        "Chương trình hành động số 52-CTr/TU",
        "Mục tiêu tổng quát",
        "Phần lớn các dự án",
        "Phần vi phạm",
        "Điều 10 Nghị định số 163/2006/NĐ-CP",
        "Phụ lục kèm theo",
        "Phụ lục VIII ban hành kèm theo Thông tư này.",  # TT 37/2023: a wrapped sentence, not an appendix
        "Phụ lục VI Nghị định này. Văn bản đến được đăng ký",  # NĐ 30/2020 p20
        "Phụ lục 2 của Quyết định này",
        "Chương II của Luật này quy định",
        "Mục 3 điều này",
        "- Ban Kinh tế Trung ương (b/c),",
        "(1) Dự án cao tốc",
        "Tỉnh Lạng Sơn hiện nay",
        "",
    ],
)
def test_not_headings(line):
    assert heading_level(line) is None


def test_levels_order():
    lv = {line: heading_level(line).level for line in
          ["Phụ lục I", "Phần I", "Chương I", "Mục 1", "Điều 1.", "I- A", "1. A", "1.1. A", "2.3.1. A", "a) A"]}
    assert list(lv.values()) == sorted(lv.values())
    assert len(set(lv.values())) == len(lv)


def test_long_lettered_line_is_an_item_but_long_numbered_line_is_a_level():
    long_tail = "x " * ITEM_MAX_CHARS
    assert heading_level("a) " + long_tail).is_item
    assert not heading_level("a) Về phát triển").is_item
    assert not heading_level("1. Đề nghị Trung ương sớm ban hành " + long_tail).is_item


def test_tracker_path_replaces_siblings_and_nests():
    t = SectionTracker()
    assert t.update("II- KẾT QUẢ ĐẠT ĐƯỢC") == ("II- KẾT QUẢ ĐẠT ĐƯỢC",)
    assert t.update("1. Công tác lãnh đạo") == ("II- KẾT QUẢ ĐẠT ĐƯỢC", "1. Công tác lãnh đạo")
    assert t.update("1.1. Về học tập") == ("II- KẾT QUẢ ĐẠT ĐƯỢC", "1. Công tác lãnh đạo", "1.1. Về học tập")
    assert t.update("Body text.") == t.path
    assert t.update("2. Kết quả cụ thể hoá") == ("II- KẾT QUẢ ĐẠT ĐƯỢC", "2. Kết quả cụ thể hoá")
    assert t.update("2.3.1. Nhiệm vụ") == ("II- KẾT QUẢ ĐẠT ĐƯỢC", "2. Kết quả cụ thể hoá", "2.3.1. Nhiệm vụ")
    assert t.update("a) Về kinh tế")[-2:] == ("2.3.1. Nhiệm vụ", "a) Về kinh tế")
    assert t.update("b) Về khoa học")[-2:] == ("2.3.1. Nhiệm vụ", "b) Về khoa học")
    assert t.update("III- Nhiệm vụ") == ("III- Nhiệm vụ",)
    assert t.update("1. Tiếp tục") == ("III- Nhiệm vụ", "1. Tiếp tục")


def test_tracker_items_close_siblings_without_opening():
    t = SectionTracker()
    t.update("1. Kết quả")
    t.update("a) Về kinh tế")
    assert t.update("b) " + "nội dung dài " * 30) == ("1. Kết quả",)


def test_tracker_articles_under_chapters_and_titles_on_next_line():
    t = SectionTracker()
    t.update("Chương I")
    assert t.update("QUY ĐỊNH CHUNG") == ("Chương I. QUY ĐỊNH CHUNG",)
    assert t.update("Điều 1. Phạm vi điều chỉnh") == ("Chương I. QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh")
    assert t.update("1. Nghị định này quy định")[-1] == "1. Nghị định này quy định"
    assert t.update("Điều 2. Đối tượng") == ("Chương I. QUY ĐỊNH CHUNG", "Điều 2. Đối tượng")
    t.update("Chương II")
    assert t.update("Nội dung thường") == ("Chương II",)  # not upper-case: not a title
    assert t.update("Mục 1. SOẠN THẢO") == ("Chương II", "Mục 1. SOẠN THẢO")
    assert t.update("Điều 8. Thể thức") == ("Chương II", "Mục 1. SOẠN THẢO", "Điều 8. Thể thức")
    assert t.update("Phụ lục I") == ("Phụ lục I",)


@pytest.mark.skipif(not REPORT.exists(), reason="needs corpus/src (bundled report text)")
def test_bundled_report_sections():
    t = SectionTracker()
    paths = {}
    for line in REPORT.read_text(encoding="utf-8").splitlines():
        path = t.update(line)
        if "366.55/640,28ha" in line:
            paths["bàn giao"] = path
        if "Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) chưa" in line:
            paths["hạn chế"] = path
    labels = [heading_level(h).label for h in paths["bàn giao"]]
    assert labels == ["II", "2", "2.3", "2.3.2", "c"]
    assert [heading_level(h).label for h in paths["hạn chế"]] == ["II", "3", "3.2"]


def test_realdoc_decree_structure():
    path = REALDOCS / "ND-30-2020-ND-CP.pdf"
    if not path.exists() or shutil.which("pdftotext") is None:
        pytest.skip("needs ../shared/realdocs/pdf/ND-30-2020-ND-CP.pdf and pdftotext")
    text = subprocess.run(["pdftotext", "-l", "4", str(path), "-"], capture_output=True, text=True, check=True).stdout
    t = SectionTracker()
    path_at = {}
    for line in text.splitlines():
        p = t.update(line)
        if line.startswith("Điều 2."):
            path_at["Điều 2"] = p
    assert path_at["Điều 2"] == ("Chương I. QUY ĐỊNH CHUNG", "Điều 2. Đối tượng áp dụng")
