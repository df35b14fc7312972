"""Question analysis and span extraction on bare text (no index)."""

from __future__ import annotations

import pytest

from qa.analyze import analyze
from qa.extract import extract_answer
from qa.features import min_score

BODY = (
    "Năm 2023, kinh tế phát triển khá toàn diện, tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) đạt 7,17%, "
    "trong đó: Nông lâm nghiệp tăng 7,72%, công nghiệp - xây dựng tăng 7,78%, dịch vụ tăng 6,79%. "
    "GRDP bình quân đầu người đạt 56,23 triệu đồng, tương đương 2.302 USD."
)
NOTE_24 = "Năm 2022 đạt 7%; Năm 2023 đạt 7,17%, Dự kiến năm 2024 đạt 6,33%"
NOTE_25 = (
    "Theo báo cáo nhanh của các huyện, thành phố, tính đến 17h00 ngày 09/9/2024 trên địa bàn tỉnh đã bị thiệt hại "
    "như sau: có 02 người chết, 10 người bị thương. Ước tính sơ bộ tổng thiệt hại do cơn bão số 3 gây ra trên "
    "địa bàn tỉnh trên 550 tỷ đồng."
)
NOTE_3 = (
    "Quyết định số 1059-QĐ/TU, ngày 16/9/2022 của Ban Thường vụ Tỉnh ủy về việc thành lập Ban Chỉ đạo thực hiện "
    "Nghị quyết số 11-NQ/TW, ngày 10/02/2022 của Bộ Chính trị."
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("GRDP năm 2023 tăng bao nhiêu?", "quantity"),
        ("grdp nam 2023 tang bao nhieu", "quantity"),
        ("Tỷ lệ bao phủ bảo hiểm y tế?", "quantity"),
        ("Quy hoạch tỉnh được phê duyệt khi nào?", "date"),
        ("quy hoach tinh duoc phe duyet ngay nao", "date"),
        ("Văn bản nào thành lập Ban Chỉ đạo thực hiện Nghị quyết 11?", "document"),
        ("van ban nao thanh lap ban chi dao", "document"),
        ("Theo quyết định nào quy hoạch tỉnh được phê duyệt?", "document"),
        ("Ai là Chủ tịch UBND tỉnh Lạng Sơn?", "who"),
        ("Cơ quan nào ban hành Kế hoạch 23/KH-UBND?", "who"),
        ("Phòng vệ chính đáng có phải là tội phạm không?", "yesno"),
        ("Các máy móc được dùng ra sao", "other"),
        ("550 tỷ đồng", "figure"),
    ],
)
def test_answer_type(question, kind):
    assert analyze(question).answer_type == kind


def test_question_parts():
    info = analyze("GRDP năm 2023 tăng bao nhiêu theo Quyết định 236/QĐ-TTg?")
    assert info.years == (2023,)
    assert "236/QĐ-TTg" in info.doc_numbers
    assert "grdp" in info.folded_keywords and "bao" not in info.folded_keywords
    assert analyze("grdp nam 2023 tang bao nhieu").accentless


def test_quantity_picks_the_figure_next_to_the_subject():
    assert extract_answer("GRDP năm 2023 tăng bao nhiêu?", [BODY]) == "7,17%"
    assert extract_answer("grdp nam 2023 tang bao nhieu", [BODY]) == "7,17%"


def test_quantity_in_a_footnote_picks_the_year_asked():
    assert extract_answer("GRDP năm 2023 đạt bao nhiêu?", [NOTE_24]) == "7,17%"
    assert extract_answer("Dự kiến năm 2024 GRDP đạt bao nhiêu?", [NOTE_24]) == "6,33%"


def test_quantity_keeps_qualifier_and_skips_the_figure_named_in_the_question():
    assert extract_answer("Tổng thiệt hại do bão số 3 là bao nhiêu?", [NOTE_25]) == "trên 550 tỷ đồng"


def test_range_is_kept_whole():
    text = "2. Phạm tội thuộc một trong các trường hợp sau đây, thì bị phạt tù từ 02 năm đến 07 năm."
    assert extract_answer("Phạm tội thì bị phạt tù từ bao lâu đến bao lâu?", [text]) == "từ 02 năm đến 07 năm"


def test_date_and_document_spans():
    assert extract_answer("Quyết định 1059-QĐ/TU ban hành ngày nào?", [NOTE_3]) == "16/9/2022"
    answer = extract_answer("Văn bản nào thành lập Ban Chỉ đạo thực hiện Nghị quyết 11?", [NOTE_3])
    assert answer is not None and answer.startswith("Quyết định số 1059-QĐ/TU")


def test_missing_year_or_topic_abstains_at_the_answering_threshold():
    assert extract_answer("GRDP năm 2019 tăng bao nhiêu?", [BODY, NOTE_24], min_score=min_score()) is None
    assert extract_answer("Dân số tỉnh Cao Bằng năm 2023 là bao nhiêu?", [BODY], min_score=min_score()) is None


def test_person_question_needs_a_name():
    text = "Đoàn công tác đến thăm và làm việc với Chủ tịch UBND tỉnh."
    assert extract_answer("Ai là Chủ tịch UBND tỉnh Lạng Sơn?", [text], min_score=min_score()) is None
    signed = "Phó Bí thư Thường trực Tỉnh ủy Hoàng Văn Nghiệm ký báo cáo."
    assert extract_answer("Ai là Phó Bí thư Thường trực Tỉnh ủy?", [signed]) == "Hoàng Văn Nghiệm"
