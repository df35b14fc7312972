"""One test per extraction rule, on small real texts (report sentences, law articles)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from index.models import DocumentInfo, Mention
from ingest.models import DocRef
from qa.analyze import analyze, names_only_as_source, proper_names
from qa.about import asked_about, describes, effective_date, end_date, named_after_type, written_number
from qa.actions import asked_action, says_action
from qa.documents import first_written
from qa.extract import Passage, extract, extract_answer, lead_of
from qa.features import min_score
from qa.fields import pick_field
from qa.people import body_names
from qa.figures import asked_unit
from qa.scope import named_scope, unknown_references
from qa.tables import pick_cell
from tracuu.vn.sentences import split_sentences

ADMIN = (
    "Toàn tỉnh có 11 đơn vị hành chính cấp huyện (01 thành phố), 200 đơn vị hành chính cấp xã, "
    "có hệ thống giao thông thuận lợi."
)
ROADS = (
    "Ước năm 2024 tỷ lệ xã có đường ô tô đến trung tâm xã được rải nhựa hoặc bê tông đạt 98,3% (năm 2023 đạt 96,1%); "
    "tỷ lệ thôn có đường ô tô đến trung tâm thôn được cứng hóa đạt 87% (năm 2023 đạt 80,5%)."
)
SCHOOL = "Tỷ lệ học sinh tốt nghiệp THPT năm 2024 tăng 0,84% so với năm 2023, đạt 99,1%."
BORDER = "Lũy kế đến nay đã xây dựng được 284 đường với tổng chiều dài 53,9km."
PENALTY = (
    "Tội vi phạm quy định về xuất cảnh, nhập cảnh\n\n"
    "Người nào xuất cảnh, nhập cảnh trái phép, thì bị phạt tiền từ 5.000.000 đồng đến 50.000.000 đồng "
    "hoặc phạt tù từ 06 tháng đến 03 năm."
)
ARTICLE = (
    "Tội cản trở việc thực hiện nghĩa vụ quân sự\n\n"
    "1. Người nào cố ý cản trở việc đăng ký nghĩa vụ quân sự, gọi nhập ngũ, thì bị phạt tù từ 03 tháng đến 02 năm.\n\n"
    "2. Phạm tội trong trường hợp lợi dụng chức vụ, quyền hạn hoặc trong thời chiến, thì bị phạt tù từ 02 năm đến 05 năm."
)
LIMITATION = (
    "Thời hiệu truy cứu trách nhiệm hình sự\n\n"
    "2. Thời hiệu truy cứu trách nhiệm hình sự được quy định như sau:\n\n"
    "a) 05 năm đối với tội phạm ít nghiêm trọng;\n\nb) 10 năm đối với tội phạm nghiêm trọng;\n\n"
    "c) 15 năm đối với tội phạm rất nghiêm trọng."
)
SCHOOLS = "Đến nay, toàn tỉnh có 295 trường học đạt chuẩn quốc gia. Trong đó có 102 trường mầm non, 87 trường tiểu học."
GRDP = (
    "Năm 2023, kinh tế phát triển khá toàn diện, tốc độ tăng GRDP đạt 7,17%. "
    "GRDP bình quân đầu người đạt 56,23 triệu đồng, tương đương 2.302 USD."
)
PLAN = (
    "Chương trình hành động số 52-CTr/TU, ngày 27/10/2022 về việc thực hiện Nghị quyết số 11-NQ/TW, "
    "ngày 10/02/2022 của Bộ Chính trị."
)


def test_asked_unit_from_the_word_after_bao_nhieu_or_a_cue():
    assert asked_unit(analyze("Diện tích tỉnh là bao nhiêu km2?")).units == {"km²"}
    assert asked_unit(analyze("Tuyến đường dài bao nhiêu?")).units == {"km", "m"}
    assert asked_unit(analyze("Tỷ lệ hộ nghèo là bao nhiêu?")).units == {"%"}
    assert asked_unit(analyze("Phạt tù từ bao lâu đến bao lâu?")).units == {"năm", "tháng", "ngày", "ngày làm việc", "giờ", "phút", "giây"}
    assert asked_unit(analyze("Có bao nhiêu dân tộc?")).word == "dan"
    assert asked_unit(analyze("Tổng thu ngân sách nhà nước năm 2024 là bao nhiêu?")).units == {"tỷ đồng", "triệu đồng", "nghìn đồng", "đồng"}
    # the unit word after "bao nhiêu" wins over a cue elsewhere in the question
    assert asked_unit(analyze("Có bao nhiêu người đã kê khai giảm 2% thuế?")).word == "nguoi"


def test_the_noun_after_a_figure_tells_which_figure_of_an_enumeration_is_asked():
    assert extract_answer("Toàn tỉnh có bao nhiêu đơn vị hành chính cấp xã?", [ADMIN]) == "200 đơn vị hành chính cấp xã"
    assert extract_answer("Toàn tỉnh có bao nhiêu đơn vị hành chính cấp huyện?", [ADMIN]) == "11 đơn vị hành chính cấp huyện"


def test_the_year_written_before_a_figure_in_its_clause_must_be_the_year_asked():
    assert extract_answer("Năm 2023 tỷ lệ thôn có đường ô tô được cứng hóa đạt bao nhiêu?", [ROADS]) == "80,5%"


def test_a_change_figure_does_not_answer_a_level_question():
    assert extract_answer("Tỷ lệ học sinh tốt nghiệp THPT năm 2024 là bao nhiêu?", [SCHOOL]) == "99,1%"
    assert extract_answer("Tỷ lệ tốt nghiệp THPT năm 2024 tăng bao nhiêu?", [SCHOOL]) == "tăng 0,84%"


def test_a_length_question_wants_a_length_not_a_count():
    assert extract_answer("Tổng chiều dài đường tuần tra đã xây dựng là bao nhiêu?", [BORDER]) == "53,9km"


def test_prison_terms_are_times_and_fines_are_money():
    assert extract_answer("Người xuất cảnh trái phép thì bị phạt tù từ bao lâu đến bao lâu?", [PENALTY]) == "từ 06 tháng đến 03 năm"
    assert extract_answer("Người xuất cảnh trái phép bị phạt tiền từ bao nhiêu?", [PENALTY]) == "từ 5.000.000 đồng đến 50.000.000 đồng"


def test_a_clause_inherits_the_article_title():
    question = "Người phạm tội cản trở thực hiện nghĩa vụ quân sự trong thời chiến thì bị phạt tù từ bao lâu đến bao lâu?"
    assert extract_answer(question, [ARTICLE]) == "từ 02 năm đến 05 năm"


def test_a_list_item_inherits_its_lead_sentence():
    question = "Thời hiệu truy cứu trách nhiệm hình sự đối với tội phạm nghiêm trọng là bao nhiêu năm?"
    assert extract_answer(question, [LIMITATION]) == "10 năm"


def test_the_asked_unit_phrase_stays_with_its_figure():
    assert extract_answer("Trong số trường đạt chuẩn quốc gia có bao nhiêu trường mầm non?", [SCHOOLS]) == "102 trường mầm non"


def test_a_sentence_without_a_year_takes_the_year_in_force_before_it():
    question = "GRDP bình quân đầu người năm 2023 là bao nhiêu triệu đồng?"
    assert extract_answer(question, [GRDP], min_score=min_score()) == "56,23 triệu đồng"
    assert extract_answer("GRDP bình quân đầu người quy ra đô la Mỹ là bao nhiêu?", [GRDP]) == "2.302 USD"


def test_a_date_question_naming_a_document_gets_that_documents_date():
    assert extract_answer("Chương trình hành động số 52-CTr/TU ban hành ngày nào?", [PLAN]) == "27/10/2022"
    assert extract_answer("Nghị quyết 11-NQ/TW ban hành ngày nào?", [PLAN]) == "10/02/2022"


def test_a_question_for_a_document_number_asks_its_type():
    info = analyze("ke hoach cua UBND tinh thuc hien nghi quyet 96/NQ-CP so may")
    assert info.answer_type == "document" and info.doc_type == "kế hoạch"
    assert analyze("Được ban hành bởi quyết định nào của Thủ tướng?").doc_type == "quyết định"
    assert analyze("Văn bản nào thành lập Ban Chỉ đạo?").doc_type is None
    assert analyze("Bão số mấy gây thiệt hại?").answer_type == "quantity"


def test_question_words_are_compared_with_their_diacritics():
    assert "xã" in analyze("Có bao nhiêu đơn vị hành chính cấp xã?").keywords


COMMITTEE = (
    "Ban Chỉ đạo thực hiện Nghị quyết số 11-NQ/TW của tỉnh, do đồng chí Bí thư Tỉnh ủy làm Trưởng Ban Chỉ đạo; "
    "đồng chí Phó Bí thư Tỉnh ủy làm Phó Trưởng ban."
)
TEAM = "Thành lập Tổ điều phối vùng và giao đồng chí Giám đốc Sở Kế hoạch và Đầu tư làm Tổ trưởng, là đầu mối của tỉnh."
RANK = "Chỉ số năng lực cạnh tranh của tỉnh năm 2023 xếp thứ 13/63 tỉnh, thành phố, tăng 02 bậc so với năm 2022."
TAX = "Tiếp tục triển khai chính sách giảm 2% thuế giá trị gia tăng đối với các nhóm hàng hóa, dịch vụ."
PROJECT = "Dự án có tổng chiều dài tuyến khoảng 59,87 km. Tổng mức đầu tư giai đoạn phân kỳ là 11.024,7 tỷ đồng."
APPENDIX = "Báo cáo tự giám sát về triển khai Nghị quyết số 11-NQ/TW, ngày 10/02/2022 của Bộ Chính trị."


def test_a_role_question_is_answered_by_the_holder_written_before_lam():
    assert extract_answer("Ai làm Trưởng Ban Chỉ đạo thực hiện Nghị quyết 11?", [COMMITTEE]) == "Bí thư Tỉnh ủy"
    assert extract_answer("Ai được giao làm Tổ trưởng Tổ điều phối vùng?", [TEAM]) == "Giám đốc Sở Kế hoạch và Đầu tư"


def test_a_ratio_is_answered_whole():
    assert extract_answer("Năm 2023 chỉ số năng lực cạnh tranh xếp thứ mấy?", [RANK]) == "13/63"


def test_a_change_question_keeps_its_verb():
    assert extract_answer("Chính sách giảm thuế giá trị gia tăng giảm bao nhiêu?", [TAX]) == "giảm 2%"


def test_a_bare_query_naming_a_measure_asks_for_its_figure():
    assert analyze("tong muc dau tu cao toc Huu Nghi Chi Lang").answer_type == "quantity"
    assert extract_answer("tong muc dau tu du an", [PROJECT]) == "11.024,7 tỷ đồng"


def test_a_date_question_about_another_document_than_the_one_named_abstains():
    info = analyze("Báo cáo tự giám sát Nghị quyết 11 được ký ban hành ngày nào?")
    assert info.answer_type == "date" and info.doc_type == "báo cáo"
    assert extract_answer(info.question, [APPENDIX], min_score=min_score()) is None


def test_a_typed_question_is_not_answered_with_a_whole_sentence():
    found = extract(analyze("Năm 2023 có bao nhiêu lượt khách du lịch?"), [Passage(RANK, tuple(split_sentences(RANK)))])
    assert all(not x.fits for x in found)


def test_the_unit_word_asked_is_kept_even_when_the_rest_of_the_question_differs():
    text = "Người từ đủ 16 tuổi trở lên phải chịu trách nhiệm hình sự về mọi tội phạm."
    assert extract_answer("Người từ đủ bao nhiêu tuổi phải chịu trách nhiệm hình sự về mọi tội phạm?", [text]) == "16 tuổi"


def test_a_definition_asked_with_la_ai_falls_back_to_the_sentence_on_bare_text_only():
    text = "Người thực hành là người trực tiếp thực hiện tội phạm."
    assert extract_answer("Người thực hành là ai?", [text]) == text
    assert extract_answer("Người thực hành là ai?", [text], min_score=min_score()) is None


EXPULSION = (
    "Trục xuất\n\n"
    "Trục xuất được Tòa án áp dụng là hình phạt chính hoặc hình phạt bổ sung trong từng trường hợp cụ thể. "
    "Trục xuất là buộc người nước ngoài bị kết án phải rời khỏi lãnh thổ nước Cộng hòa xã hội chủ nghĩa Việt Nam."
)


def test_a_leading_theo_clause_names_the_source_not_the_content():
    info = analyze("Theo Bộ luật Hình sự năm 2017, trục xuất là gì?")
    assert info.keywords == ("trục", "xuất") and info.years == ()


def test_a_definition_question_prefers_the_sentence_defining_the_term_and_never_the_title():
    assert analyze("Định nghĩa của \"Người lao động\"?").defines == "nguoi lao dong"
    # a quoted term is the term whatever is written around it (VBHN 30 Điều 3, QĐ 1074/QĐ-BXD's document)
    assert analyze('Trong Luật Nhập cảnh của người nước ngoài, "cơ sở lưu trú" được hiểu là gì?').defines == "co so luu tru"
    assert analyze("Trong tài liệu kèm Quyết định 1074/QĐ-BXD, “tồn tại về PCCC” là gì?").defines == "ton tai ve pccc"
    lodging = "Cơ sở lưu trú là nơi tạm trú của người nước ngoài trên lãnh thổ Việt Nam, bao gồm khách sạn, nhà nghỉ."
    assert extract_answer('Trong Luật Nhập cảnh của người nước ngoài, "cơ sở lưu trú" được hiểu là gì?', [lodging]) == lodging
    answer = extract_answer("Theo Bộ luật Hình sự năm 2017, trục xuất là gì?", [EXPULSION])
    assert answer is not None and answer.startswith("Trục xuất là buộc người nước ngoài")


LEAVE = (
    "1. Người lao động làm việc đủ 12 tháng cho một người sử dụng lao động thì được nghỉ hằng năm, "
    "hưởng nguyên lương theo hợp đồng lao động như sau:\n"
    "a) 12 ngày làm việc đối với người làm công việc trong điều kiện bình thường;\n"
    "b) 16 ngày làm việc đối với người làm nghề, công việc nặng nhọc, độc hại, nguy hiểm."
)
DAMAGE = (
    "Người nào vô ý gây thiệt hại cho tài sản của người khác trị giá từ 100.000.000 đồng đến dưới 500.000.000 đồng, "
    "thì bị phạt cảnh cáo. Người gây thiệt hại 300.000.000 đồng trở lên thì bị phạt tiền."
)


def test_ranges_with_open_ends_are_kept_whole():
    assert extract_answer("Vô ý gây thiệt hại cho tài sản trị giá từ bao nhiêu đến bao nhiêu thì bị phạt cảnh cáo?", [DAMAGE]) == (
        "từ 100.000.000 đồng đến dưới 500.000.000 đồng"
    )
    assert extract_answer("Gây thiệt hại bao nhiêu tiền thì bị phạt tiền?", [DAMAGE]) == "300.000.000 đồng trở lên"


def test_a_list_lead_gives_way_to_its_items_when_they_hold_the_figures():
    question = "Người làm công việc độc hại thì hằng năm được nghỉ bao nhiêu ngày?"
    assert extract_answer(question, [LEAVE]) == "16 ngày làm việc"


CONDITIONS = (
    "Pháp nhân\n\n"
    "1. Một tổ chức được công nhận là pháp nhân khi có đủ các điều kiện sau đây:\n\n"
    "a) Được thành lập theo quy định của Bộ luật này;\n\nb) Có cơ cấu tổ chức.\n\n"
    "2. Mọi cá nhân, pháp nhân đều có quyền thành lập pháp nhân."
)


def test_an_untyped_answer_is_the_sentence_with_its_list_and_paragraph():
    answer = extract_answer("Một tổ chức được công nhận là pháp nhân khi nào?", [CONDITIONS])
    assert answer == CONDITIONS[CONDITIONS.index("1. Một") : CONDITIONS.index("\n\n2.")]  # the item with its number


ESPIONAGE = (
    "Tội gián điệp\n\n"
    "1. Người nào có một trong các hành vi sau đây, thì bị phạt tù từ 12 năm đến 20 năm, tù chung thân hoặc tử hình:\n\n"
    "a) Hoạt động tình báo, phá hoại chống nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n\n"
    "b) Cung cấp hoặc thu thập nhằm cung cấp bí mật Nhà nước cho nước ngoài.\n\n"
    "2. Phạm tội trong trường hợp ít nghiêm trọng, thì bị phạt tù từ 05 năm đến 15 năm."
)


def test_a_list_item_is_answered_with_its_lead():
    answer = extract_answer("Người cung cấp bí mật nhà nước cho nước ngoài bị phạt như thế nào?", [ESPIONAGE])
    assert answer is not None and answer.startswith("1. Người nào có một trong các hành vi sau đây")
    assert answer.endswith("cho nước ngoài.")


DUTIES = (
    "Trách nhiệm của Bộ Quốc phòng\n\n"
    "Bộ Quốc phòng có trách nhiệm sau đây:\n\n"
    "a) Xây dựng, đề xuất chiến lược, chính sách bảo vệ an ninh mạng thuộc phạm vi quản lý;\n\n"
    "b) Kiểm tra, thanh tra, giải quyết khiếu nại, tố cáo về an ninh mạng thuộc phạm vi quản lý."
)


# TT 37/2020/TT-BCT Điều 8: the lead names the body, the item its duty
TRAINING_CHECKS = (
    "2. Sở Công Thương các tỉnh, thành phố trực thuộc Trung ương có trách nhiệm:\n"
    "a) Phổ biến, hướng dẫn cho các tổ chức, cá nhân vận chuyển hàng hóa nguy hiểm trên địa bàn quản lý thực hiện các "
    "quy định tại Thông tư này.\n"
    "b) Kiểm tra việc thực hiện công tác tập huấn đối với người điều khiển phương tiện giao thông cơ giới đường bộ, "
    "người áp tải, người xếp, dỡ, thủ kho trên địa bàn thuộc phạm vi quản lý."
)


def test_a_which_body_question_is_answered_by_the_body_an_items_lead_names():
    answer = extract_answer("Bộ nào chịu trách nhiệm kiểm tra, thanh tra, giải quyết khiếu nại về an ninh mạng?", [DUTIES])
    assert answer == "Bộ Quốc phòng"
    asked = "Cơ quan nào ở địa phương kiểm tra việc tập huấn cho người điều khiển phương tiện, người áp tải, thủ kho?"
    assert extract_answer(asked, [TRAINING_CHECKS]) == "Sở Công Thương"


MARGINS = "Định lề trang: Cách mép trên và mép dưới 20 - 25 mm, cách mép trái 30 - 35 mm, cách mép phải 15 - 20 mm."
HANDOVER = (
    "Trong đó tính đến ngày 15/8/2024: địa phận huyện Chi Lăng đã bàn giao mặt bằng 21,27 ha. "
    "Kết quả đạt được đến tháng 10/2024: Đã bàn giao cho doanh nghiệp dự án được 366.55/640,28ha đạt 57,24%."
)


def test_a_dash_range_is_one_answer_owning_the_words_before_it():
    assert extract_answer("Lề trái cách mép bao nhiêu mm?", [MARGINS]) == "30 - 35 mm"


def test_a_month_named_in_the_question_must_be_in_the_sentence():
    question = "Đến tháng 10/2024 đã bàn giao bao nhiêu ha mặt bằng cho doanh nghiệp dự án?"
    assert extract_answer(question, [HANDOVER]) == "366.55/640,28ha"


INVESTMENT = (
    "Dự án có tổng chiều dài tuyến khoảng 59,87 km. Tổng mức đầu tư giai đoạn phân kỳ là 11.024,7 tỷ đồng. "
    "Trong đó: Vốn do nhà đầu tư chịu trách nhiệm thu xếp: khoảng 5.529 tỷ đồng (chiếm 50,15% tổng mức đầu tư); "
    "Vốn nhà nước tham gia dự án PPP: 5.495,723 tỷ đồng (chiếm 49,85% tổng mức đầu tư)."
)


def test_breakdown_sentence_gives_way_to_the_total() -> None:
    assert "11.024,7 tỷ đồng" in extract_answer("Tổng mức đầu tư của dự án là bao nhiêu?", [INVESTMENT])
    assert "5.529 tỷ đồng" in extract_answer("Vốn do nhà đầu tư thu xếp là bao nhiêu?", [INVESTMENT])


def _mention(key: str, raw: str, date: str | None, sentence: str) -> Mention:
    number, code = key.split("/", 1)
    ref = DocRef(key, "Quyết định", "QĐ", number, code, None, date, None, raw, 1, sentence, "")
    doc = DocumentInfo("d", "d.pdf", "d.pdf", None, None, None, None, None, None, "ok", 1, 1, 0, 0)
    return Mention(ref, doc)


def test_equally_scored_mentions_prefer_a_dated_reference_written_first():
    note = (
        "Các Quyết định của UBND tỉnh: Số 2108/QĐ-UBND ngày 31/12/2022 và số 1204/QĐ-UBND ngày 09/7/2024 "
        "về việc thành lập và kiện toàn Tổ điều phối vùng Trung du và miền núi phía Bắc."
    )
    row = "14 1204/QĐ-UBND 09/7/2024 UBND tỉnh Quyết định về việc thành lập và kiện toàn Tổ điều phối vùng"
    tied = [
        _mention("1204/QĐ-UBND", "1204/QĐ-UBND", None, row),
        _mention("1204/QĐ-UBND", "1204/QĐ-UBND ngày 09/7/2024", "2024-07-09", note),
        _mention("2108/QĐ-UBND", "Số 2108/QĐ-UBND ngày 31/12/2022", "2022-12-31", note),
    ]
    assert first_written(tied).ref.key == "2108/QĐ-UBND"
    question = analyze("Quyết định nào thành lập Tổ điều phối vùng Trung du và miền núi phía Bắc?")
    assert first_written(tied, question, {}).ref.key == "2108/QĐ-UBND"  # joined references share their words


def test_equally_scored_mentions_prefer_the_one_whose_own_words_the_question_names():
    # LĐ Tờ trình 141/TTr-STP (p2) and the bundled report (p12)
    ld_141 = (
        "Đến ngày 03/12/2025, Sở Nội vụ có Công văn số 3331/SNV-TCBC về việc ý kiến đối với hồ sơ hợp nhất Đoàn "
        "Luật sư, trong đó Sở Nội vụ cơ bản thống nhất với nội dung hồ sơ theo Nghị định số 126/2024/NĐ-CP ngày "
        "08/10/2024 của Chính phủ."
    )
    tied = [
        _mention("3331/SNV-TCBC", "Công văn số 3331/SNV-TCBC", None, ld_141),
        _mention("126/2024/NĐ-CP", "Nghị định số 126/2024/NĐ-CP ngày 08/10/2024", "2024-10-08", ld_141),
    ]
    question = analyze("Sở Nội vụ có ý kiến đối với hồ sơ hợp nhất Đoàn Luật sư tại văn bản nào?")
    assert first_written(tied, question, {}).ref.key == "3331/SNV-TCBC"
    report = (
        "Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số 89-KH/TU ngày 15/6/2022 thực hiện Nghị quyết số 11-NQ/TW ngày "
        "10/02/2022 của Bộ Chính trị về phương hướng phát triển kinh tế - xã hội vùng Trung du và miền núi phía Bắc."
    )
    tied = [
        _mention("89-KH/TU", "Kế hoạch số 89-KH/TU ngày 15/6/2022", "2022-06-15", report),
        _mention("11-NQ/TW", "Nghị quyết số 11-NQ/TW ngày 10/02/2022", "2022-02-10", report),
    ]
    question = analyze("Nghị quyết nào của Bộ Chính trị về phương hướng phát triển vùng Trung du và miền núi phía Bắc?")
    assert first_written(tied, question, {}).ref.key == "11-NQ/TW"


def test_equally_scored_mentions_prefer_the_year_the_question_names():
    # PT QĐ 63/2025/QĐ-CTUBND, Điều 2
    pt_63 = (
        "Quyết định này có hiệu lực thi hành kể từ ngày 28 tháng 10 năm 2025 và bãi bỏ các Quyết định: Quyết định số "
        "31/2021/QĐ-UBND ngày 29/12/2021 của UBND tỉnh Phú Thọ; Quyết định số 04/2024/QĐ-UBND ngày 27/02/2024 của "
        "UBND tỉnh Phú Thọ ban hành Quy chế phối hợp quản lý người nước ngoài."
    )
    tied = [
        _mention("31/2021/QĐ-UBND", "Quyết định số 31/2021/QĐ-UBND ngày 29/12/2021", "2021-12-29", pt_63),
        _mention("04/2024/QĐ-UBND", "Quyết định số 04/2024/QĐ-UBND ngày 27/02/2024", "2024-02-27", pt_63),
    ]
    question = analyze("Quy chế phối hợp quản lý người nước ngoài bãi bỏ quyết định nào năm 2021?")
    assert first_written(tied, question, {}).ref.key == "31/2021/QĐ-UBND"


def test_a_budget_question_is_answered_with_money_not_a_count():
    text = (
        "Thu ngân sách nhà nước trên địa bàn năm 2024 ước đạt 12.500 tỷ đồng, giao cho 02 huyện thí điểm cơ chế phân cấp."
    )
    assert extract_answer("Tổng thu ngân sách nhà nước năm 2024 là bao nhiêu?", [text]) == "12.500 tỷ đồng"
    pilot = "Cơ chế phân cấp chi thường xuyên ngân sách tỉnh năm 2024 (giao mục tiêu cụ thể cho 02 huyện thí điểm)."
    assert extract_answer("Tổng thu ngân sách nhà nước năm 2024 là bao nhiêu?", [pilot], min_score=min_score()) is None


def test_thoi_gian_nao_asks_for_a_date_and_is_not_a_keyword():
    info = analyze("Dự án cao tốc Hữu Nghị - Chi Lăng được khởi công vào thời gian nào?")
    assert info.answer_type == "date" and "thời" not in info.keywords and "gian" not in info.keywords
    assert "thoi" not in analyze("du an duoc khoi cong vao thoi diem nao").folded_keywords
    assert "thời" in analyze("Thời gian thực hiện dự án là bao lâu?").keywords  # a duration asked: a content word
    text = "Đã hoàn thành lựa chọn nhà đầu tư và khởi công dự án trong tháng 4/2024."
    assert extract_answer("Dự án được khởi công vào thời gian nào?", [text], min_score=min_score()) == "4/2024"


def test_hours_answer_an_hours_question_with_how_they_count():
    hours = "1. Thời giờ làm việc bình thường không quá 08 giờ trong 01 ngày và không quá 48 giờ trong 01 tuần."
    assert extract_answer("Thời giờ làm việc bình thường trong một ngày là bao nhiêu giờ?", [hours]) == "không quá 08 giờ"
    rest = "Người lao động làm việc từ 06 giờ trở lên trong một ngày thì được nghỉ giữa giờ ít nhất 30 phút liên tục."
    assert extract_answer("Người lao động làm việc từ 06 giờ trở lên được nghỉ giữa giờ bao lâu?", [rest]) == "ít nhất 30 phút liên tục"


def test_the_unit_phrase_asked_ends_where_what_is_said_of_it_begins():
    assert asked_unit(analyze("Có bao nhiêu dân tộc cùng sinh sống?")).phrase == ("dan", "toc")
    assert asked_unit(analyze("Có bao nhiêu trường mầm non đạt chuẩn?")).phrase == ("truong", "mam", "non")


def test_the_administrative_scope_is_not_a_keyword_but_its_place_is():
    # "trên địa bàn tỉnh" scopes the question; the footnote answering it never says "địa bàn"
    info = analyze("Trên địa bàn tỉnh Lạng Sơn có bao nhiêu dân tộc cùng sinh sống?")
    assert "địa" not in info.keywords and "bàn" not in info.keywords
    assert {"lạng", "sơn", "dân", "tộc"} <= set(info.keywords)
    note = "Có 38 dân tộc, trong đó có 07 dân tộc chính là Nùng, Tày, Kinh, Dao, Sán Chay, Hoa, Mông."
    marker = ("Lạng Sơn là tỉnh miền núi, phía Bắc giáp tỉnh Cao Bằng. "
              "Tỉnh có diện tích 8.310,18 km² với tổng dân số khoảng 856.927 người¹.")
    (best, *_) = extract(info, [Passage(note, tuple(split_sentences(note)), 0, marker)])
    assert best.answer == "38 dân tộc" and best.score >= min_score()


def test_a_list_question_prefers_the_sentence_that_enumerates():
    info = analyze("Những dân tộc chính ở Lạng Sơn là những dân tộc nào?")
    assert info.answer_type == "list"
    body = ("Lạng Sơn là tỉnh miền núi; phía Đông giáp Khu tự trị dân tộc Choang Quảng Tây, Trung Quốc; "
            "phía Tây giáp tỉnh Bắc Kạn và tỉnh Thái Nguyên, phía Nam giáp tỉnh Bắc Giang.")
    note = "Có 38 dân tộc, trong đó có 07 dân tộc chính là Nùng, Tày, Kinh, Dao, Sán Chay, Hoa, Mông."
    marker = "Tỉnh có diện tích 8.310,18 km² với tổng dân số khoảng 856.927 người¹."
    passages = [Passage(body, tuple(split_sentences(body)), 0), Passage(note, tuple(split_sentences(note)), 1, body + " " + marker)]
    found = extract(info, passages)
    assert "Nùng, Tày, Kinh" in found[0].answer


@pytest.mark.parametrize(
    ("question", "listing", "other"),
    [
        # items announced by "gồm:" are an enumeration however long their names (TTr 3367/TTr-SNV, QĐ 779/2022's Điều lệ)
        ("Những hội nào không báo cáo kết quả thực hiện?",
         "- 04 hội không báo cáo kết quả thực hiện, gồm: Hội Thân nhân kiều bào, Hiệp hội Nhà thầu xây dựng, "
         "Hiệp hội Thủy sản và Hội Lâm nghiệp.",
         "- 04 hội báo cáo kết quả thực hiện đang chuẩn bị hồ sơ tổ chức đại hội."),
        ("Ban Kiểm soát Quỹ gồm những thành viên nào?",
         "Ban Kiểm soát Quỹ có ít nhất 03 thành viên, gồm: Trưởng ban, Phó Trưởng ban và ủy viên.",
         "Ban Kiểm soát Quỹ do Hội đồng quản lý Quỹ quyết định thành lập thành viên."),
    ],
)
def test_items_announced_by_gom_are_an_enumeration(question: str, listing: str, other: str) -> None:
    info = analyze(question)
    assert info.answer_type == "list"
    def enumerates(text: str) -> bool:
        return any(x.features.get("enumeration") for x in extract(info, [Passage(text, tuple(split_sentences(text)), 0)], limit=10))

    assert enumerates(listing) and not enumerates(other)


def test_khong_and_chua_are_keywords_unless_they_end_a_yes_no_question() -> None:
    # TTr 3367/TTr-SNV ("04 hội không báo cáo"), NĐ 126/2024 Điều 19 ("hội chưa tổ chức được đại hội")
    assert "không" in analyze("Những hội nào không báo cáo kết quả thực hiện?").keywords
    assert "chua" in analyze("hoi chua to chuc duoc dai hoi thi duoc gia han bao lau").keywords
    assert "không" not in analyze("Hội có được gia hạn thời gian tổ chức đại hội không?").keywords
    assert "chưa" not in analyze("Hội đã tổ chức đại hội chưa?").keywords


# --- document questions: the asked action about the asked object ---------------------------------
# Sentences as printed in two documents: the bundled report (footnote 3) and BT QĐ 779/2022 (Điều 1).
REPORT_NOTE_3 = (
    "Quyết định số 1059-QĐ/TU, ngày 16/9/2022 của Ban Thường vụ Tỉnh ủy về việc thành lập Ban Chỉ đạo "
    "thực hiện Nghị quyết số 11-NQ/TW, ngày 10/02/2022 của Bộ Chính trị"
)
BT_779 = (
    "Điều lệ này thay thế Điều lệ được công nhận tại Quyết định số 2221/QĐ-UBND ngày 24 tháng 8 năm 2015 "
    "của Chủ tịch Ủy ban nhân dân tỉnh về việc cấp giấy phép thành lập và công nhận Điều lệ Quỹ Khuyến học tỉnh Bình Thuận."
)


@pytest.mark.parametrize(
    "question, sentence, says",
    [
        ("Văn bản nào thành lập Ban Chỉ đạo thực hiện Nghị quyết 11?", REPORT_NOTE_3, True),
        ("Van ban nao thanh lap Ban Chi dao thuc hien Nghi quyet 11?", REPORT_NOTE_3, True),
        ("Văn bản nào phê duyệt Ban Chỉ đạo thực hiện Nghị quyết 11?", REPORT_NOTE_3, False),  # another action
        ("Quyết định nào thành lập Ban Chỉ đạo phòng chống thiên tai?", REPORT_NOTE_3, False),  # another object
        ("Quyết định nào cấp giấy phép thành lập Quỹ Khuyến học tỉnh Bình Thuận?", BT_779, True),
        ("Quyết định nào thành lập Hội Khuyến học tỉnh Lâm Đồng?", BT_779, False),
        ("Văn bản nào ban hành Điều lệ Quỹ Khuyến học tỉnh Bình Thuận?", BT_779, False),  # the sentence does not say "ban hành"
    ],
)
def test_document_answer_needs_the_asked_action_about_the_asked_object(question: str, sentence: str, says: bool) -> None:
    info = analyze(question)
    action = asked_action(info)
    assert action is not None
    assert says_action(action, sentence, {}) is says


def test_a_question_naming_no_action_has_no_action_rule() -> None:
    assert asked_action(analyze("Nghị quyết nào nói về vùng Trung du và miền núi Bắc Bộ?")) is None


def test_the_asked_document_type_is_not_the_action() -> None:
    action = asked_action(analyze("Quyết định nào quy định về Quỹ Khuyến học tỉnh Bình Thuận?"))
    assert action is not None and action.verb == "quy dinh"


# Án lệ 72/2024/AL and TT 37/2023/TT-BGTVT (preamble): the word before "ngày nào" is written before the date asked
COUNTERCLAIM = (
    "Tại đơn phản tố đề ngày 16/3/2018, ông U yêu cầu Tòa án buộc bà G trả lại cho ông toàn bộ diện tích đất. "
    "Ngày 26/4/2019, bị đơn là ông Nguyễn Văn U có đơn kháng cáo toàn bộ Bản án dân sự sơ thẩm nêu trên."
)
GMS_AGREEMENT = (
    "Để thực hiện Hiệp định về tạo thuận lợi vận tải người và hàng hóa qua lại biên giới giữa các nước Tiểu vùng "
    "Mê Công mở rộng ký ngày 26 tháng 11 năm 1999, được sửa đổi ngày 30 tháng 4 năm 2004;"
)


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Ông Nguyễn Văn U có đơn phản tố đề ngày nào?", COUNTERCLAIM, "16/3/2018"),
        ("Hiệp định tạo thuận lợi vận tải qua lại biên giới giữa các nước Tiểu vùng Mê Công mở rộng được sửa đổi ngày nào?",
         GMS_AGREEMENT, "30 tháng 4 năm 2004"),
        ("Hiệp định tạo thuận lợi vận tải qua lại biên giới giữa các nước Tiểu vùng Mê Công mở rộng ký ngày nào?",
         GMS_AGREEMENT, "26 tháng 11 năm 1999"),
        # a day of every month (PT QĐ 63/2025's Quy chế)
        ("Sở Nội vụ phải gửi danh sách người nước ngoài được cấp giấy phép lao động trước ngày nào hằng tháng?",
         "6. Định kỳ trước ngày 15 hằng tháng, thống kê, gửi danh sách người nước ngoài đã được cấp, cấp lại, gia hạn, "
         "thu hồi giấy phép lao động của các cơ quan, tổ chức liên quan.", "ngày 15 hằng tháng"),
    ],
)
def test_the_date_written_after_the_questions_word_before_ngay_nao_is_asked(question: str, text: str, expected: str) -> None:
    found = extract(analyze(question), [Passage(text, tuple(split_sentences(text)), 0)])
    assert found[0].answer == expected and found[0].features.get("date_cue") == 1.0


# Consolidated laws (VBHN 30 Luật Nhập cảnh, VBHN 44 Luật Đất đai): footnotes that read alike, told
# apart by the clause their marker stands in (the marker sentence is the footnote's context)
VISA_NOTES = (
    ("7.⁷ LS - Cấp cho luật sư nước ngoài hành nghề tại Việt Nam. 7a.⁸ ĐT1 - Cấp cho nhà đầu tư nước ngoài tại Việt Nam.",
     "Khoản này được bổ sung theo quy định tại điểm c khoản 3 Điều 1 của Luật số 51/2019/QH14."),
    ("5a.²³ Thị thực ký hiệu ĐT3 có thời hạn không quá 03 năm. 6.²⁴ Thị thực ký hiệu LS, ĐT1, ĐT2 có thời hạn không quá 05 năm.",
     "Khoản này được sửa đổi, bổ sung theo quy định tại điểm đ khoản 4 Điều 1 của Luật số 51/2019/QH14."),
)
RAILWAY_NOTES = (
    ("a)²⁷ Đất xây dựng kết cấu hạ tầng đường sắt quốc gia, đường sắt địa phương; đất xây dựng trụ sở cơ quan nhà nước.",
     "Điểm này được sửa đổi, bổ sung theo quy định tại điểm a khoản 4 Điều 56 của Luật Đường sắt số 95/2025/QH15."),
    ("4. Ủy ban nhân dân cấp tỉnh có trách nhiệm bố trí quỹ đất. 5.²⁸ Chính phủ quy định việc quản lý, sử dụng đất dành cho đường sắt.",
     "Khoản này được bổ sung theo quy định tại điểm b khoản 4 Điều 56 của Luật Đường sắt số 95/2025/QH15."),
)


@pytest.mark.parametrize(
    ("notes", "question", "expected"),
    [
        (VISA_NOTES, "Thị thực ĐT1 (khoản 7a Điều 8) được bổ sung theo quy định nào của Luật số 51/2019/QH14?", "điểm c khoản 3 Điều 1"),
        (VISA_NOTES, "Khoản 6 Điều 9 về thời hạn thị thực LS, ĐT1, ĐT2 được sửa đổi theo quy định nào của Luật số 51/2019/QH14?", "điểm đ khoản 4 Điều 1"),
        (RAILWAY_NOTES, "Khoản 5 Điều 209 về đất đường sắt quốc gia được bổ sung theo quy định nào của Luật Đường sắt?", "điểm b khoản 4 Điều 56"),
    ],
)
def test_look_alike_footnotes_are_told_apart_by_the_clause_the_question_names(notes, question, expected) -> None:
    passages = [Passage(text, tuple(split_sentences(text)), 0, context=context) for context, text in notes]
    found = extract(analyze(question), passages)
    assert found[0].answer == expected and found[0].features["clause_named"] == 1.0


# The report (giải ngân, p. 13) and TT 37/2020/TT-BCT (a certificate form): a field inside another field
DISBURSED = (
    "Kinh phí đã giải ngân lũy kế đến nay là 490,1/1.288,123 tỷ đồng đạt 38,0% kế hoạch vốn được giao (trong đó: "
    "Ngân sách trung ương: 490 tỷ đồng, đạt 49%; ngân sách địa phương: 0,1 tỷ đồng, đạt 0,03%)."
)
CERTIFICATE = "Mặt ngoài: Kích thước: 190 mm x 130 mm"


# NĐ 335/2025/NĐ-CP (xếp loại) and TTr 124/TTr-SNV Lâm Đồng: a field's value opens with a verb and runs on
RATING = (
    "1. Hoàn thành xuất sắc nhiệm vụ: Đạt từ 90 điểm trở lên, đồng thời đáp ứng các điều kiện sau:\n"
    "2. Hoàn thành tốt nhiệm vụ: Đạt từ 70 đến dưới 90 điểm, đồng thời hoàn thành 100% các nhiệm vụ được giao, "
    "đúng thời hạn, bảo đảm chất lượng, hiệu quả.\n"
    "3. Hoàn thành nhiệm vụ: Đạt từ 50 đến dưới 70 điểm, đồng thời hoàn thành 100% các nhiệm vụ được giao."
)
COMMENTS = (
    "Kết quả tổng hợp góp ý: Có 24 cơ quan, đơn vị, địa phương gửi văn bản thống nhất với nội dung dự thảo kế hoạch; "
    "01 đơn vị (Công an tỉnh) có văn bản góp ý biên tập một số từ ngữ cho phù hợp và Sở Nội vụ đã tiếp thu điều chỉnh dự thảo."
)


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Tổ chức đạt bao nhiêu điểm thì được xếp loại hoàn thành tốt nhiệm vụ?", RATING, "từ 70 đến dưới 90 điểm"),
        ("Kết quả tổng hợp góp ý có bao nhiêu cơ quan, đơn vị gửi văn bản thống nhất?", COMMENTS, "24 cơ quan"),
        ("Vốn ngân sách trung ương cho cao tốc đã giải ngân đạt bao nhiêu phần trăm?", DISBURSED, "49%"),
        ("Giấy chứng nhận hoàn thành chương trình tập huấn có kích thước bao nhiêu?", CERTIFICATE, "190 mm x 130 mm"),
    ],
)
def test_a_named_field_inside_a_line_answers_with_the_figure_of_its_value(question: str, text: str, expected: str) -> None:
    """A value that opens with "Đạt"/"Có" and runs on past the figure answers with the figure's span;
    a field may follow another field's colon ("trong đó: Ngân sách trung ương: …", "Mặt ngoài: Kích thước: …")."""
    found = extract(analyze(question), [Passage(text, tuple(split_sentences(text)), 0)])
    assert found[0].answer == expected and found[0].features.get("field_label") == 1.0


# BNV sổ tay (Lời nói đầu) and QĐ 1074/QĐ-BXD (preamble): "căn cứ <type> nào", a verb earlier names the subject
BNV_BASIS = (
    "Theo đó, căn cứ quy định của Luật Cán bộ, công chức và Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị "
    "về việc kiểm điểm và đánh giá, xếp loại chất lượng đối với tập thể, cá nhân trong hệ thống chính trị."
)
BXD_BASIS = (
    "Căn cứ Nghị định số 33/2025/NĐ-CP ngày 25 tháng 02 năm 2025 của Chính phủ quy định chức năng, nhiệm vụ, "
    "quyền hạn và cơ cấu tổ chức của Bộ Xây dựng;"
)


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("Sổ tay hướng dẫn đánh giá công chức căn cứ quy định nào của Bộ Chính trị về kiểm điểm, đánh giá?", BNV_BASIS, "366-QĐ/TW"),
        ("Quyết định ban hành tài liệu hướng dẫn giải pháp kỹ thuật căn cứ nghị định nào quy định chức năng, nhiệm vụ của Bộ Xây dựng?",
         BXD_BASIS, "33/2025/NĐ-CP"),
    ],
)
def test_the_verb_right_before_the_asked_type_is_the_asked_action(question: str, sentence: str, expected: str) -> None:
    action = asked_action(analyze(question))
    assert action is not None and action.verb == "can cu" and says_action(action, sentence, {})
    assert expected in (extract_answer(question, [sentence], min_score=min_score()) or "")


# --- "Cơ quan nào ...?": the body named next to the question's words -------------------------------
# Sentences as printed in PT QĐ 63/2025 (Điều 3) and ĐLVN 05:2017 (Lời nói đầu); the sentence from
# the report names its bodies as "Ban cán sự đảng UBND tỉnh".
PT_63 = (
    "Công an tỉnh Phú Thọ chủ trì quản lý nhà nước về nhập cảnh, xuất cảnh, cư trú và hoạt động của người nước ngoài; "
    "Sở Nội vụ chủ trì quản lý nhà nước đối với người lao động nước ngoài làm việc trên địa bàn tỉnh."
)
DLVN_05 = (
    "ĐLVN 05 : 2017 do Ban kỹ thuật đo lường TC 8 \"Đo các đại lượng điện\" biên soạn, Viện Đo lường Việt Nam "
    "đề nghị, Tổng cục Tiêu chuẩn Đo lường Chất lượng ban hành."
)


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Cơ quan nào chủ trì quản lý nhà nước về nhập cảnh, xuất cảnh của người nước ngoài?", PT_63, "Công an tỉnh Phú Thọ"),
        ("Cơ quan nào chủ trì quản lý người lao động nước ngoài làm việc trên địa bàn tỉnh?", PT_63, "Sở Nội vụ"),
        ("Cơ quan nào ban hành ĐLVN 05:2017?", DLVN_05, "Tổng cục Tiêu chuẩn Đo lường Chất lượng"),
        ("Đơn vị nào đề nghị ĐLVN 05:2017?", DLVN_05, "Viện Đo lường Việt Nam"),
    ],
)
def test_a_body_question_is_answered_with_the_body_named_next_to_its_words(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


def test_a_body_question_without_a_body_name_keeps_the_sentence() -> None:
    text = "Các cơ quan, đơn vị chủ trì, phối hợp tổ chức thực hiện theo kế hoạch đã ban hành."
    assert extract_answer("Đơn vị nào chủ trì tổ chức thực hiện?", [text]) == text


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Nghị định 30/2020/NĐ-CP có hiệu lực từ khi nào?", "effective"),
        ("Tu ngay nao Quyet dinh 1696/QD-UBND co hieu luc?", "effective"),
        ("Nghị định 335/2025/NĐ-CP quy định về nội dung gì?", "title"),
        ("Điều 5 Nghị định 30 về hiệu lực quy định gì?", None),  # a part of the document, not the document
        ("Phụ lục I Nghị định 30 quy định về nội dung gì?", None),
        ("Tờ trình 3367/TTr-SNV đề ngày nào?", "date"),
        ("Văn bản hợp nhất Luật Nhập cảnh có số hiệu là gì?", "number"),
        # a signer question asks for a person (NĐ 30/2020 Điều 13, QĐ 1074/QĐ-BXD, TB 565/TB-UBND)
        ("Người ký Quyết định 1074/QĐ-BXD ký với chức vụ gì?", "signer"),
        ("nguoi ky thong bao 565/TB-UBND la ai", "signer"),
        ("Khi ký văn bản giấy, người ký phải dùng bút mực màu gì?", None),
        ("Người ký văn bản điện tử sử dụng chữ ký số loại nào?", None),
    ],
)
def test_what_a_question_asks_about_a_named_document(question: str, kind: str | None) -> None:
    assert asked_about(analyze(question)) == kind


def test_the_effective_date_is_read_from_the_sentence_that_states_it() -> None:
    # as printed in PT QĐ 63/2025 (Điều 2) and LC QĐ 1696/2026 (Điều 4, "kể từ ký" sic)
    pt = "Quyết định này có hiệu lực thi hành kể từ ngày 28 tháng 10 năm 2025 và bãi bỏ các Quyết định: Quyết định số 31"
    lc = "Quyết định này có hiệu lực thi hành kể từ ký."
    assert effective_date(pt) == (pt.index("kể từ"), "kể từ ngày 28 tháng 10 năm 2025")
    assert effective_date(lc)[1] == "kể từ ký"
    assert effective_date("Quy chế có hiệu lực đến hết ngày 28 tháng 02 năm 2027.") is None


# --- figures read whole: sizes, rates per unit, "Số <noun> ...?" counts -----------------------------
REPORT_HEALTH = (
    "Các chỉ tiêu về y tế năm 2023 đạt: 33,3 giường bệnh/vạn dân; 11,3 bác sĩ/vạn dân; 100% các xã đạt "
    "Bộ tiêu chí quốc gia về y tế xã; tỷ lệ người dân tham gia bảo hiểm y tế đạt 94,3%"
)
AN_LE_43 = "số tiền vay (5.000.000.000 đồng) với lãi suất trong hạn 12%/năm, lãi suất quá hạn 150% lãi suất trong hạn, thời hạn vay 12 tháng"
ND30_PAPER = "Khổ giấy: Khổ A4 (210 mm x 297 mm)."


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Số giường bệnh trên một vạn dân năm 2023?", REPORT_HEALTH, "33,3 giường bệnh/vạn dân"),
        ("so bac si tren mot van dan nam 2023", REPORT_HEALTH, "11,3 bác sĩ/vạn dân"),
        ("Lãi suất trong hạn của khoản vay là bao nhiêu?", AN_LE_43, "12%/năm"),
        ("Khổ giấy A4 có kích thước bao nhiêu?", ND30_PAPER, "210 mm x 297 mm"),
    ],
)
def test_a_figure_is_given_with_what_it_is_per_and_its_size(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


def test_a_body_name_is_not_a_count() -> None:
    assert analyze("Sở Nội vụ ở đâu?").answer_type != "quantity"
    assert analyze("Số hiệu văn bản thành lập Ban Chỉ đạo?").answer_type == "document"


def test_a_body_is_looked_for_on_the_side_the_question_puts_it() -> None:
    # report footnote 3: the issuer stands before the action, the body created after it
    assert extract_answer("Quyết định số 1059-QĐ/TU thành lập cơ quan nào?", [REPORT_NOTE_3]) == "Ban Chỉ đạo"
    # PT QĐ 63: the body that leads ("chủ trì") stands before the action
    assert extract_answer("Cơ quan nào chủ trì quản lý người lao động nước ngoài?", [PT_63]) == "Sở Nội vụ"


APPENDIX_ROW = (
    "6 1059-QĐ/TU · Ngày ban hành: 16/9/2022 · Cơ quan ban hành: Ban Thường vụ Tỉnh ủy · "
    "Trích yếu nội dung: Quyết định về việc thành lập Ban Chỉ đạo thực hiện Nghị quyết số 11-NQ/TW"
)


def test_the_kind_of_body_asked_completes_a_column_header_but_never_names_one_alone() -> None:
    info = analyze("Cơ quan nào ban hành Quyết định 1059-QĐ/TU?")
    cell = pick_cell(info, APPENDIX_ROW)
    assert cell is not None and APPENDIX_ROW[cell[0] : cell[1]] == "Ban Thường vụ Tỉnh ủy"
    assert pick_cell(analyze("Quyết định 1059-QĐ/TU thành lập cơ quan nào?"), APPENDIX_ROW) is None


def test_who_did_it_is_a_person_or_else_the_body_named_before_the_action() -> None:
    assert extract_answer("Ai đề nghị ĐLVN 05:2017?", [DLVN_05]) == "Viện Đo lường Việt Nam"
    assert extract_answer("Ai là người đề nghị ĐLVN 05:2017?", [DLVN_05]) != "Viện Đo lường Việt Nam"  # a person is asked


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Sổ tay căn cứ quy định nào của Bộ Chính trị về kiểm điểm?", "document"),  # BNV sổ tay
        ("Theo quyết định nào, Ban Chỉ đạo được thành lập?", "document"),  # the report
        ("Sở Công thương cung cấp tình hình cấp phép theo định kỳ nào?", "other"),  # PT QĐ 63: a period
        ("Việc đề xuất phương án xử lý căn cứ điều nào của Nghị định 335?", "provision"),  # an article, not a document
    ],
)
def test_theo_and_can_cu_ask_a_document_only_when_they_name_one(question: str, kind: str) -> None:
    assert analyze(question).answer_type == kind


def test_the_end_of_a_grant_is_read_from_the_sentence_that_states_it() -> None:
    lc = "Thời hạn ủy quyền: Từ ngày quyết định này có hiệu lực đến hết ngày 28 tháng 02 năm 2027, trừ trường hợp quy định"
    assert end_date(lc)[1] == "đến hết ngày 28 tháng 02 năm 2027"  # LC QĐ 1696/2026
    assert end_date("Giấy phép này có giá trị đến hết ngày ………") is None  # TT 01/2026 form: no date filled in
    assert asked_about(analyze("Việc ủy quyền theo Quyết định 1696 có thời hạn đến hết ngày nào?")) == "until"


@pytest.mark.parametrize(
    "question, text, body",
    [
        ("Cơ quan nào giúp Chính phủ quản lý nhà nước về điện ảnh?",
         "Bộ Văn hóa, Thể thao và Du lịch là cơ quan giúp Chính phủ thực hiện quản lý nhà nước về điện ảnh.",
         "Bộ Văn hóa, Thể thao và Du lịch"),
        ("Cơ quan nào chủ trì hướng dẫn thực hiện?", "Bộ Lao động - Thương binh và Xã hội chủ trì hướng dẫn thực hiện.",
         "Bộ Lao động - Thương binh và Xã hội"),
    ],
)
def test_a_body_name_that_enumerates_its_fields_is_read_whole(question: str, text: str, body: str) -> None:
    assert extract_answer(question, [text]) == body


def test_which_bodies_asks_a_list_not_one_body() -> None:
    text = "Bộ Công an chủ trì, phối hợp với Bộ Quốc phòng tổ chức bồi dưỡng nghiệp vụ an ninh mạng."
    assert extract_answer("Các đơn vị nào chịu trách nhiệm tổ chức bồi dưỡng nghiệp vụ an ninh mạng?", [text]) == text


# --- the agent of a passive: "X do <agent> <verb>" ---------------------------------------------------
# Sentences as printed in Án lệ 43/2021/AL, Án lệ 72/2024/AL and the tài liệu of QĐ 1074/QĐ-BXD.
AN_LE_43_PROPOSER = "Án lệ này do Vụ Pháp chế và Quản lý khoa học Tòa án nhân dân tối cao đề xuất."
AN_LE_72 = "Được Hội đồng Thẩm phán Tòa án nhân dân tối cao thông qua ngày 20 tháng 12 năm 2024."
TT_37_2020 = "Cục Kỹ thuật an toàn và Môi trường công nghiệp có trách nhiệm hướng dẫn, kiểm tra việc thực hiện Thông tư này."
TT_01_2026 = (
    "Cục Thương mại điện tử và Kinh tế số chủ trì, phối hợp với Cục Hóa chất xây dựng chức năng cấp, cấp lại giấy phép "
    "hóa chất trên Cổng dịch vụ công."
)
PHU_LUC_F = (
    "Phụ lục F do Cục Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ – Bộ Công an biên soạn và gửi kèm theo "
    "đề nghị Bộ Xây dựng tích hợp vào Tài liệu này."
)


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Đơn vị nào đề xuất Án lệ số 43/2021/AL?", AN_LE_43_PROPOSER, "Vụ Pháp chế và Quản lý khoa học Tòa án nhân dân tối cao"),
        ("Án lệ 72/2024/AL được ai thông qua?", AN_LE_72, "Hội đồng Thẩm phán Tòa án nhân dân tối cao"),
        ("Phụ lục F do ai biên soạn?", PHU_LUC_F, "Cục Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ – Bộ Công an"),
        ("Đơn vị nào biên soạn ĐLVN 05:2017?", DLVN_05, 'Ban kỹ thuật đo lường TC 8 "Đo các đại lượng điện"'),
        # actors listed with their own verbs: the one written last before the asked verb
        ("Cơ quan nào ban hành ĐLVN 05:2017?", DLVN_05, "Tổng cục Tiêu chuẩn Đo lường Chất lượng"),
        ("Cơ quan nào đề nghị ban hành ĐLVN 05:2017?", DLVN_05, "Viện Đo lường Việt Nam"),
        # the subject opening the verb's clause (TT 37/2020/TT-BCT Điều 6, TT 01/2026/TT-BCT), auxiliaries aside
        ("Cơ quan nào có trách nhiệm hướng dẫn thực hiện Thông tư?", TT_37_2020, "Cục Kỹ thuật an toàn và Môi trường công nghiệp"),
        ("Đơn vị nào chủ trì xây dựng chức năng cấp giấy phép hóa chất?", TT_01_2026, "Cục Thương mại điện tử và Kinh tế số"),
        ("Ai chỉ đạo biên soạn Sổ tay?", "Bộ Nội vụ đã chỉ đạo biên soạn cuốn Sổ tay.", "Bộ Nội vụ"),
    ],
)
def test_who_did_the_action_of_a_passive_is_its_agent_whole(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


# --- labelled fields: "Phó Chủ nhiệm: 13 Luật sư" --------------------------------------------------
# Lines as printed in LĐ Tờ trình 141/TTr-STP (phương án nhân sự) and the BNV sổ tay (last page,
# where the PDF text lost the line break before the second label).
LD_141_BOARD = "a) Ban Chủ nhiệm\n- Chủ nhiệm: Luật sư Huỳnh Tho\n- Phó Chủ nhiệm: 13 Luật sư. Cụ thể:"
TT_01_FORMS = (
    "Hồ sơ gồm: a) Mẫu 07a: Văn bản đề nghị cấp Giấy phép; b) Mẫu 07b: Văn bản đề nghị cấp lại Giấy phép;\n"
    "c) Mẫu 07c: Mẫu Giấy phép xuất khẩu, nhập khẩu hóa chất cần kiểm soát đặc biệt."
)
DLVN_05_CELL = (
    "2.1 Ống đong · Đặc trưng kỹ thuật đo lường cơ bản: - Phạm vi đo: đến 2000 mL - Cấp chính xác: A hoặc B. · "
    "Áp dụng theo điều mục: 7.3"
)
BNV_EDITORS = (
    "Chỉ đạo biên soạn:\nÔng Nguyễn Quang Dũng, Vụ trưởng Vụ Công chức - Viên chức Tổ chức biên soạn và tham gia "
    "biên soạn:\nÔng Hoàng Xuân Đảm, chuyên viên cao cấp, Vụ Công chức – Viên chức"
)


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Ban Chủ nhiệm Đoàn Luật sư có bao nhiêu Phó Chủ nhiệm?", LD_141_BOARD, "13 Luật sư"),
        ("Ai chỉ đạo biên soạn Sổ tay?", BNV_EDITORS, "Ông Nguyễn Quang Dũng, Vụ trưởng Vụ Công chức - Viên chức"),
        # ĐLVN 05:2017 Bảng 2a: a table cell listing fields
        ("Ống đong phải có phạm vi đo đến bao nhiêu?", DLVN_05_CELL, "đến 2000 mL"),
        # TT 01/2026/TT-BCT Điều 17: list items naming forms; "là gì" asks the value of the label it writes
        ("Mẫu 07c là mẫu gì?", TT_01_FORMS, "Mẫu Giấy phép xuất khẩu, nhập khẩu hóa chất cần kiểm soát đặc biệt"),
        ("Mẫu 07b là mẫu gì?", TT_01_FORMS, "Văn bản đề nghị cấp lại Giấy phép"),
    ],
)
def test_a_question_naming_a_fields_label_is_answered_with_its_value(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


def test_a_fields_value_of_another_kind_does_not_answer() -> None:
    # "Chủ nhiệm: Luật sư Huỳnh Tho" holds no figure: it cannot answer "bao nhiêu"
    assert pick_field(analyze("Ban Chủ nhiệm có bao nhiêu Chủ nhiệm?"), "- Chủ nhiệm: Luật sư Huỳnh Tho") is None
    assert pick_field(analyze("Ai là Chủ nhiệm Đoàn Luật sư?"), "- Chủ nhiệm: Luật sư Huỳnh Tho") is not None


# --- several figures asked at once ------------------------------------------------------------------
# BT QĐ 779/QĐ-UBND (Điều lệ, last article) and the bundled report (thể thao thành tích cao).
BT_779_CHARTER = (
    "Điều lệ Quỹ Khuyến học tỉnh Bình Thuận có 8 Chương, 28 Điều và có hiệu lực thi hành kể từ ngày được "
    "Chủ tịch Ủy ban nhân dân tỉnh quyết định công nhận."
)
MEDALS = "Kết quả đạt 79 huy chương các loại (18 HCV, 18 HCB, 43 HCD), trong đó có 05 vận động viên đạt kiện tướng."


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Điều lệ Quỹ Khuyến học gồm bao nhiêu chương, bao nhiêu điều?", BT_779_CHARTER, "8 Chương, 28 Điều"),
        ("Điều lệ Quỹ Khuyến học gồm bao nhiêu chương?", BT_779_CHARTER, "8 Chương"),
        ("Kết quả đạt bao nhiêu HCV, bao nhiêu HCB?", MEDALS, "18 HCV, 18 HCB"),
    ],
)
def test_a_question_asking_several_figures_gets_each_one_written_with_the_first(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


# Titles as printed in VBHN 30/VBHN-VPQH and LĐ Tờ trình 141/TTr-STP.
VBHN_30 = DocumentInfo("v", "v.pdf", "v.pdf", "30/VBHN-VPQH", "Văn bản hợp nhất", None, None, None,
                       "NHẬP CẢNH, XUẤT CẢNH, QUÁ CẢNH, CƯ TRÚ CỦA NGƯỜI NƯỚC NGOÀI TẠI VIỆT NAM", "ok", 40, 1, 0, 0)
LD_141 = DocumentInfo("t", "t.pdf", "t.pdf", "141/TTr-STP", "Tờ trình", None, None, None,
                      "Về việc cho phép hợp nhất Đoàn Luật sư tỉnh Lâm Đồng, Bình Thuận, Đắk Nông (cũ)", "ok", 5, 1, 0, 0)


def test_a_number_question_is_about_the_document_whose_title_it_describes() -> None:
    question = analyze("Văn bản hợp nhất Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài có số hiệu là gì?")
    assert describes(question, VBHN_30) and not describes(question, LD_141)
    assert describes(analyze("Tờ trình cho phép hợp nhất Đoàn Luật sư tỉnh Lâm Đồng số mấy?"), LD_141)
    assert not describes(analyze("Tờ trình về quy chế phối hợp quản lý người nước ngoài số mấy?"), LD_141)


def test_a_document_number_is_found_as_printed() -> None:
    assert written_number("141/TTr-STP")("Số: 141 /TTr-STP") == (4, "141 /TTr-STP")
    assert written_number("1059-QĐ/TU")("số 1059 – QĐ/TU ngày") == (3, "1059 – QĐ/TU")
    assert written_number("41/TTr-STP")("Số: 141/TTr-STP") is None


# --- a date question's event ----------------------------------------------------------------------------
# Án lệ 43/2021/AL (the judgment dates a debt, nobody's birth) and the bundled report (the conference).
AN_LE_43_JUDGMENT = (
    "Chấp nhận toàn bộ yêu cầu của nguyên đơn, buộc bà Nguyễn Thị L - Chủ DNTN Nguyễn Tấn Đ có trách nhiệm thanh toán "
    "cho Ngân hàng A tổng số nợ tính đến ngày 19/3/2013 và tiền lãi phát sinh từ ngày 20/3/2013."
)
CONFERENCE = (
    "Ngày 21/4/2024, UBND tỉnh Lạng Sơn đã tổ chức Hội nghị công bố Quy hoạch tỉnh và Xúc tiến đầu tư năm 2024, "
    "Hội nghị vinh dự được đón đồng chí Phạm Minh Chính."
)


def test_a_date_answers_only_when_its_sentence_says_the_asked_event() -> None:
    answer = extract_answer("Bà Nguyễn Thị L sinh năm bao nhiêu?", [AN_LE_43_JUDGMENT])
    assert answer not in ("19/3/2013", "20/3/2013")  # "phát sinh" is no birth: no date is given
    question = "Hội nghị công bố Quy hoạch tỉnh và Xúc tiến đầu tư năm 2024 được tổ chức vào ngày nào?"
    assert extract_answer(question, [CONFERENCE]) == "21/4/2024"


# --- proper names the question writes ---------------------------------------------------------------
def test_proper_names_are_capitalised_runs_not_types_or_abbreviations() -> None:
    assert proper_names("Dự án cao tốc Hữu Nghị - Chi Lăng giải ngân bao nhiêu?") == ("huu nghi", "chi lang")
    assert proper_names("Tỉnh Lạng Sơn có bao nhiêu dân tộc?") == ("lang son",)  # the first word is no name
    assert proper_names("tinh Quang Ngai con bao nhieu ho ngheo") == ("quang ngai",)
    assert proper_names("Chi hoạt động Quỹ Khuyến học tỉnh Bình Thuận?") == ("quy khuyen", "binh thuan")
    assert proper_names("Theo Quyết định 1696/QĐ-UBND, UBND giao gì?") == ()


# The bundled report (p. 13) and QNg Thông báo 565/TB-UBND (p. 2): both write a disbursement share;
# only the report's document names the asked project.
REPORT_DISBURSED = (
    "Dự án đầu tư xây dựng đường cao tốc cửa khẩu Hữu Nghị - Chi Lăng: đã bàn giao mặt bằng. "
    "Kinh phí đã giải ngân lũy kế đến nay là 490,1/1.288,123 tỷ đồng đạt 38,0% kế hoạch vốn được giao."
)
QNG_DISBURSED = "Các chủ đầu tư dự án giao thông phấn đấu giải ngân 100% kế hoạch vốn được giao."


def test_a_figure_from_a_document_not_naming_the_asked_thing_gives_way() -> None:
    question = analyze("Dự án cao tốc Hữu Nghị - Chi Lăng đã giải ngân được bao nhiêu phần trăm kế hoạch vốn?")
    report = Passage(REPORT_DISBURSED, tuple(split_sentences(REPORT_DISBURSED)), 1, document="du an cao toc huu nghi chi lang")
    qng = Passage(QNG_DISBURSED, tuple(split_sentences(QNG_DISBURSED)), 0, document="thong bao quang ngai du an")
    assert extract(question, [qng, report])[0].answer == "38,0%"
    named = Passage(QNG_DISBURSED, qng.sentences, 0, document="du an cao toc huu nghi chi lang")
    assert extract(question, [qng])[0].score < extract(question, [named])[0].score


def test_a_document_number_typed_without_diacritics_is_a_known_one() -> None:
    th_295 = DocumentInfo("t", "t.pdf", "t.pdf", "295/VP-CTHĐND", "Công văn", None, None, None, "V/v gửi Danh mục", "ok", 10, 1, 0, 0)
    question = analyze("Ai ky Cong van 295/VP-CTHDND?")
    assert unknown_references(question, [th_295], lambda key: False) == []
    scope = named_scope(question, [th_295], None)
    assert scope is not None and scope.filters.doc_ids == ("t",)
    assert unknown_references(analyze("Ai ky Cong van 296/VP-CTHDND?"), [th_295], lambda key: False) == ["296/VP-CTHDND"]


def test_an_office_before_its_body_is_part_of_the_answer() -> None:
    # NĐ 30/2020/NĐ-CP Điều 38 and LĐ Tờ trình 141/TTr-STP (the signer's office)
    nd_30 = "Bộ trưởng Bộ Nội vụ có trách nhiệm triển khai thực hiện và kiểm tra việc thi hành Nghị định này."
    assert extract_answer("Cơ quan nào có trách nhiệm kiểm tra việc thi hành Nghị định?", [nd_30]) == "Bộ trưởng Bộ Nội vụ"
    ld_141 = "Giám đốc Sở Tư pháp tỉnh Lâm Đồng ký Tờ trình đề nghị hợp nhất Đoàn Luật sư."
    assert extract_answer("Cơ quan nào ký Tờ trình đề nghị hợp nhất Đoàn Luật sư?", [ld_141]) == "Giám đốc Sở Tư pháp tỉnh Lâm Đồng"


def test_a_date_question_is_about_the_first_document_it_names() -> None:
    lc_1696 = DocumentInfo("l", "l.pdf", "l.pdf", "1696/QĐ-UBND", "Quyết định", None, None, "2026-05-15", "Về việc ủy quyền", "ok", 3, 1, 0, 0)
    first = named_scope(analyze("Nghị định 16/2026/NĐ-CP mà Quyết định 1696/QĐ-UBND viện dẫn ban hành ngày nào?"), [lc_1696], None)
    assert first is not None and not first.leads
    named = named_scope(analyze("Quyết định 1696/QĐ-UBND ban hành ngày nào?"), [lc_1696], None)
    assert named is not None and named.leads


def test_a_deadline_question_names_no_event() -> None:
    # PT QĐ 63/2025 Quy chế, Điều 12
    pt_63 = (
        "Định kỳ trước ngày 15 tháng 6 và trước ngày 15 tháng 12 hằng năm, các cơ quan, đơn vị gửi báo cáo kết quả "
        "thực hiện Quy chế về Công an tỉnh."
    )
    assert extract_answer("Các sở gửi báo cáo 6 tháng đầu năm trước ngày nào?", [pt_63]) == "15 tháng 6"


@pytest.mark.parametrize(
    "question, text, expected",
    [
        # VBHN 44/VBHN-VPQH (the list of amending laws) and PT QĐ 63/2025 (Điều 3)
        (
            "Luật An ninh mạng số 116/2025/QH15 có hiệu lực kể từ ngày nào?",
            "Luật An ninh mạng số 116/2025/QH15 ngày 10 tháng 12 năm 2025 của Quốc hội, có hiệu lực kể từ ngày 01 tháng 7 năm 2026;",
            "kể từ ngày 01 tháng 7 năm 2026",
        ),
        (
            "Quyết định 31/2021/QĐ-UBND bị bãi bỏ bởi quyết định có hiệu lực từ ngày nào?",
            "Quyết định này có hiệu lực thi hành kể từ ngày 28 tháng 10 năm 2025 và bãi bỏ Quyết định số 31/2021/QĐ-UBND ngày 29/12/2021.",
            "kể từ ngày 28 tháng 10 năm 2025",
        ),
    ],
)
def test_an_effective_date_is_the_one_a_document_takes_effect_from_not_its_issue_date(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


@pytest.mark.parametrize(
    "question, text, expected",
    [
        # PT QĐ 63/2025 Quy chế (Điều 12) and VBHN 30/VBHN-VPQH (khai báo tạm trú)
        (
            "Báo cáo kết quả thực hiện Quy chế gửi về đơn vị nào?",
            "Các cơ quan, đơn vị gửi báo cáo kết quả thực hiện Quy chế về Công an tỉnh Phú Thọ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.",
            "Công an tỉnh Phú Thọ",
        ),
        (
            "Phiếu khai báo tạm trú được chuyển đến cơ quan nào?",
            "Người trực tiếp quản lý cơ sở lưu trú có trách nhiệm ghi đầy đủ thông tin vào phiếu khai báo tạm trú và chuyển "
            "đến Công an xã, phường, thị trấn nơi có cơ sở lưu trú.",
            "Công an xã",
        ),
    ],
)
def test_the_body_asked_after_a_preposition_is_the_one_written_after_it(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


def test_a_day_question_is_answered_by_a_day_not_a_year() -> None:
    # Án lệ 72/2024/AL (Nội dung vụ án) and the bundled report (the conference)
    an_le_72 = (
        "Tại đơn khởi kiện đề ngày 15/3/2017 và lời khai trong quá trình giải quyết vụ án, nguyên đơn là bà Nguyễn "
        "Thị G trình bày:\nCha, mẹ bà là cụ Nguyễn Văn M (chết năm 1998) và cụ Nguyễn Thị B (chết năm 2010)"
    )
    assert extract_answer("Bà Nguyễn Thị G nộp đơn khởi kiện đề ngày bao nhiêu?", [an_le_72]) == "15/3/2017"
    assert extract_answer("Hội nghị công bố Quy hoạch tỉnh được tổ chức vào ngày nào?", [CONFERENCE]) == "21/4/2024"


@pytest.mark.parametrize(
    "question, units",
    [
        # VBHN 44 Luật Đất đai (Điều 176), the bundled report, TT 37/2023 and BT QĐ 779
        ("Hạn mức giao đất ở xã đồng bằng là bao nhiêu?", None),  # "đồng bằng" asks no money
        ("Hội đồng quản lý Quỹ có tối đa bao nhiêu thành viên?", None),
        ("Phương tiện qua lại biên giới được lưu lại tối đa bao nhiêu?", None),  # "phương tiện" is no "tiền"
        ("Kinh phí tổ chức Đại hội là bao nhiêu?", {"tỷ đồng", "triệu đồng", "nghìn đồng", "đồng"}),
        ("kinh phi to chuc la bao nhieu", {"tỷ đồng", "triệu đồng", "nghìn đồng", "đồng"}),
    ],
)
def test_unit_cues_are_read_as_written(question: str, units: set[str] | None) -> None:
    asked = asked_unit(analyze(question))
    assert (asked.units if asked and asked.units else None) == (frozenset(units) if units else None)


def test_a_restored_question_is_read_as_written_first() -> None:
    # "kinh phi to chuc dai hoi": folded, "dai" could be "dài" (a length); restored, it is "đại hội"
    restored = replace(analyze("kinh phí tổ chức đại hội là bao nhiêu"), accentless=True)
    assert asked_unit(restored).units == {"tỷ đồng", "triệu đồng", "nghìn đồng", "đồng"}
    wrong_guess = replace(analyze("Đường biên giới giáp Trung Quốc đai bao nhiêu?"), accentless=True)
    assert asked_unit(wrong_guess).units == {"km", "m"}  # no cue as written: the folded "dai" is a length


def test_a_rank_and_months_of_pay_stay_with_their_figure() -> None:
    # Bộ luật Lao động as ViLQA quotes it (Điều 101, Điều 137)
    advance = "Người lao động được tạm ứng tiền lương tương ứng với số ngày tạm thời nghỉ việc nhưng tối đa không quá 01 tháng tiền lương."
    assert extract_answer("Người lao động được tạm ứng tối đa là bao nhiêu?", [advance]) == "không quá 01 tháng tiền lương"
    night = "Không được sử dụng lao động nữ làm việc ban đêm khi mang thai từ tháng thứ 06 trở lên."
    assert extract_answer("Không được sử dụng lao động nữ làm việc ban đêm khi mang thai từ tháng thứ bao nhiêu?", [night]) == (
        "từ tháng thứ 06 trở lên"
    )


# Quỹ Khuyến học Điều lệ (BT QĐ 779/2022) and TT 37/2020/TT-BCT: a fraction owned by the words after it
QUORUM = "c) Các quyết định của Hội đồng quản lý Quỹ được thông qua khi có trên 1/2 thành viên Hội đồng quản lý Quỹ biểu quyết tán thành."
CYLINDER = (
    "Việc nạp khí này phải được giới hạn sao cho nếu xảy ra sự phân hủy hoàn toàn thì áp suất không "
    "vượt quá 2/3 áp suất thử của chai."
)


def test_a_fraction_is_answered_whole_with_its_qualifier():
    asked = "Quyết định của Hội đồng quản lý Quỹ được thông qua khi có bao nhiêu thành viên biểu quyết tán thành?"
    assert extract_answer(asked, [QUORUM]) == "trên 1/2 thành viên"
    assert extract_answer("Khi nạp khí, áp suất không được vượt quá bao nhiêu áp suất thử của chai?", [CYLINDER]) == "không vượt quá 2/3 áp suất thử"


# Án lệ 72/2024/AL (adopted over several days) and a meeting held on two days
ADOPTED = (
    "Được Hội đồng Thẩm phán Tòa án nhân dân tối cao thông qua vào các ngày 20, 21, 23 tháng 02 năm 2024 và "
    "được công bố theo Quyết định số 119A/QĐ-CA ngày 15 tháng 5 năm 2024 của Chánh án Tòa án nhân dân tối cao."
)
MEETING = "Hội nghị sơ kết được tổ chức vào các ngày 05 và 06/3/2025 tại Hội trường Ủy ban nhân dân tỉnh."


def test_several_days_of_one_month_are_one_date_and_vao_cac_ngay_names_no_event():
    asked = "an le 72/2024 duoc hoi dong tham phan TAND toi cao thong qua vao nhung ngay nao"
    assert extract_answer(asked, [ADOPTED]) == "20, 21, 23 tháng 02 năm 2024"
    assert extract_answer("Hội nghị sơ kết được tổ chức vào những ngày nào?", [MEETING]) == "05 và 06/3/2025"


# Luật Đất đai (VBHN 44/2026) Điều 176 and the bundled Lạng Sơn report: figures asked "lần lượt"
LAND_LIMIT = (
    "Hạn mức giao đất trồng cây lâu năm cho cá nhân không quá 10 ha đối với xã, phường, thị trấn ở đồng bằng; "
    "không quá 30 ha đối với xã, phường, thị trấn ở trung du, miền núi."
)
RURAL_ROADS = (
    "Ước năm 2024 tỷ lệ xã có đường ô tô đến trung tâm xã được rải nhựa hoặc bê tông đạt 98,3% (năm 2023 đạt 96,1%); "
    "tỷ lệ thôn có đường ô tô đến trung tâm thôn được cứng hóa đạt 87% (năm 2023 đạt 80,5%)."
)


def test_figures_asked_respectively_are_answered_one_per_item_in_order():
    asked = "Hạn mức giao đất trồng cây lâu năm cho cá nhân ở xã đồng bằng và ở xã trung du, miền núi lần lượt là bao nhiêu?"
    assert extract_answer(asked, [LAND_LIMIT]) == "không quá 10 ha; không quá 30 ha"
    asked = "Ước năm 2024 tỷ lệ xã có đường ô tô được rải nhựa và tỷ lệ thôn có đường được cứng hóa lần lượt đạt bao nhiêu?"
    assert extract_answer(asked, [RURAL_ROADS]) == "98,3%; 87%"
    assert extract_answer("Hạn mức giao đất trồng cây lâu năm cho cá nhân ở xã đồng bằng là bao nhiêu?", [LAND_LIMIT]) == "không quá 10 ha"


def test_words_in_brackets_describe_the_document_and_ask_no_action():
    info = analyze("Luật Thanh tra năm 2025 (có sửa đổi Luật Đất đai) mang số hiệu gì?")
    assert asked_action(info) is None
    info = analyze("Quyết định nào (ban hành năm 2025) thành lập Ban Chỉ đạo chuyển đổi số của tỉnh?")
    assert asked_action(info).verb == "thanh lap"


def test_a_year_dates_the_object_of_an_action_it_is_not_one_of_its_words():
    info = analyze("Thông tư 37/2023/TT-BGTVT thay thế thông tư nào năm 2012 về vận tải đường bộ?")
    action = asked_action(info)
    assert action.verb == "thay the" and not {"nam", "2012"} & action.objects
    item = "a) Thông tư số 23/2012/TT-BGTVT ngày 29 tháng 6 năm 2012 của Bộ trưởng Bộ Giao thông vận tải hướng dẫn về vận tải đường bộ;"
    assert says_action(action, "Thông tư này thay thế các Thông tư: " + item, {})


# TT 37/2023/TT-BGTVT Điều 26 and the Quy chế of PT QĐ 63/2025: deadlines beside other dates
BORDER_REPORT = (
    "g) Thời hạn gửi báo cáo: Trước ngày 15 tháng 07 của kỳ báo cáo đối với báo cáo định kỳ 06 tháng đầu năm "
    "và trước ngày 15 tháng 01 của năm tiếp theo đối với báo cáo định kỳ hằng năm."
)
BORDER_BASIS = "Căn cứ Nghị định số 56/2022/NĐ-CP ngày 24 tháng 8 năm 2022 của Chính phủ quy định về báo cáo định kỳ vận tải đường bộ."
FOREIGNERS_REPORT = (
    "Định kỳ trước ngày 15 tháng 6 và trước ngày 15 tháng 12 hằng năm, các cơ quan, đơn vị, địa phương xây dựng "
    "báo cáo kết quả thực hiện Quy chế trong 6 tháng đầu năm và báo cáo kết quả thực hiện Quy chế hằng năm."
)
FOREIGNERS_ISSUED = "Quy chế quản lý người nước ngoài được ban hành kèm theo Quyết định số 63/2025/QĐ-CTUBND ngày 12 tháng 6 năm 2025."


def test_a_deadline_is_a_date_written_after_the_asked_cue_and_06_is_6():
    asked = "Báo cáo định kỳ 6 tháng đầu năm về vận tải đường bộ phải gửi trước ngày nào?"
    assert extract_answer(asked, [BORDER_BASIS, BORDER_REPORT]) == "15 tháng 07"
    asked = "Báo cáo kết quả thực hiện quy chế quản lý người nước ngoài 6 tháng đầu năm gửi trước ngày nào?"
    assert extract_answer(asked, [FOREIGNERS_ISSUED, FOREIGNERS_REPORT]) == "15 tháng 6"


# VBHN 30/2023 (Luật Nhập cảnh) note 5 and QĐ 1074/QĐ-BXD's tài liệu 1.1: provisions cited as basis
AMENDED_BY = (
    "Khoản này được sửa đổi, bổ sung theo quy định tại khoản 1 Điều 2 của Luật số 23/2023/QH15 sửa đổi, bổ sung "
    "một số điều của Luật Xuất cảnh, nhập cảnh của công dân Việt Nam và Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú "
    "của người nước ngoài tại Việt Nam."
)
FIRE_BASIS = (
    "Tài liệu này được thực hiện theo quy định tại điểm b khoản 6 Điều 55 của Luật Phòng cháy, chữa cháy và cứu nạn, "
    "cứu hộ số 55/2024/QH15."
)


def test_a_provision_question_is_answered_by_the_provision_not_one_it_names():
    asked = "Khoản 3 Điều 7 Luật Nhập cảnh của người nước ngoài được sửa đổi theo khoản, điều nào của Luật số 23/2023/QH15?"
    assert analyze(asked).answer_type == "provision"
    assert extract_answer(asked, [AMENDED_BY]) == "khoản 1 Điều 2"
    asked = "Tài liệu giải pháp an toàn PCCC được thực hiện theo điểm, khoản, điều nào của Luật Phòng cháy, chữa cháy?"
    assert extract_answer(asked, [FIRE_BASIS]) == "điểm b khoản 6 Điều 55"
    info = analyze("Ký hiệu thị thực ĐT1 được bổ sung theo quy định nào của Luật số 51/2019/QH14?")
    assert info.answer_type == "provision" and info.doc_type is None


# Điều lệ Quỹ Khuyến học Bình Thuận (QĐ 779/QĐ-UBND) Điều 4 and Luật Đất đai (VBHN 44/2026) Điều 22
FOUNDER = "Điều 4. Sáng lập viên thành lập Quỹ\nSáng lập viên thành lập Quỹ là Hội Khuyến học tỉnh Bình Thuận."
LAND_AGENCY = "2. Cơ quan có chức năng quản lý nhà nước về đất đai ở trung ương là Bộ Tài nguyên và Môi trường."


def test_ai_la_x_is_answered_by_what_a_clause_says_x_is():
    asked = "Ai là sáng lập viên thành lập Quỹ Khuyến học tỉnh Bình Thuận?"
    assert extract_answer(asked, [FOUNDER]) == "Hội Khuyến học tỉnh Bình Thuận"
    asked = "Cơ quan có chức năng quản lý nhà nước về đất đai ở trung ương là ai?"
    assert extract_answer(asked, [LAND_AGENCY]) == "Bộ Tài nguyên và Môi trường"


def test_any_type_the_reference_parser_knows_can_be_asked_and_so_hieu_x_is_no_document_number():
    assert analyze("Ban Thường trực gửi kèm phương án sắp xếp các hội mang số hiệu gì?").doc_type == "phương án"
    assert analyze("Tòa án nhân dân tỉnh Cà Mau xử sơ thẩm bằng bản án số mấy?").doc_type == "bản án"
    assert analyze("Sổ tay căn cứ quy định nào của Bộ Chính trị về kiểm điểm?").doc_type == "quy định"
    assert analyze("amoniac khan co so hieu nguy hiem la bao nhieu").answer_type == "quantity"
    assert analyze("Luật Thanh tra năm 2025 mang số hiệu gì?").answer_type == "document"
    # a type the question is about is not the type it asks for: "Báo cáo ... bao nhiêu" asks a figure
    info = analyze("Báo cáo tự giám sát Nghị quyết 11 cho biết GRDP năm 2023 tăng bao nhiêu?")
    assert info.answer_type == "quantity"


# TT 37/2020/TT-BCT Phụ lục I rows, as ingest writes them
AMMONIA = (
    "4. AMONIAC, KHAN · Số UN (3): 1005 · Loại, nhóm hàng (4): 2 · Số hiệu nguy hiểm (5): 268 · "
    "Ngưỡng khối lượng cần xây dựng phương án ứng cứu khẩn cấp (7): 3000"
)
CYANOGEN = (
    "19. XYANOGEN · Số UN (3): 1026 · Loại, nhóm hàng (4): 2 · Số hiệu nguy hiểm (5): 263 · "
    "Ngưỡng khối lượng cần xây dựng phương án ứng cứu khẩn cấp (7): 25"
)


@pytest.mark.parametrize(
    ("question", "row", "expected"),
    [
        ("Amoniac khan số UN 1005 có số hiệu nguy hiểm là bao nhiêu?", AMMONIA, "268"),
        ("Xyanogen số UN 1026 có số hiệu nguy hiểm là bao nhiêu?", CYANOGEN, "263"),
    ],
)
def test_a_cell_whose_value_the_question_gives_is_not_the_asked_one(question: str, row: str, expected: str) -> None:
    cell = pick_cell(analyze(question), row)
    assert cell is not None and row[cell.start : cell.end].strip() == expected


# TT 37/2020/TT-BCT Điều 6 and NĐ 335/2025/NĐ-CP Điều 4: working days, "năm sau"
TRAINING = (
    "Trong thời gian 15 ngày làm việc kể từ khi kết thúc tập huấn, người vận tải hoặc tổ chức huấn luyện ban hành "
    "quyết định công nhận kết quả tập huấn vận chuyển hàng hóa nguy hiểm."
)
RATING_DEADLINE = (
    "Thời điểm đánh giá, xếp loại chất lượng được tiến hành trước ngày 15 tháng 12 hằng năm, trường hợp đặc biệt theo "
    "quy định của cấp có thẩm quyền thì hoàn thành trước ngày 15 tháng 01 năm sau."
)


def test_working_days_are_a_unit_and_nam_sau_belongs_to_its_date():
    asked = "Sau khi kết thúc tập huấn, trong bao lâu phải ban hành quyết định công nhận kết quả?"
    assert extract_answer(asked, [TRAINING]) == "15 ngày làm việc"
    asked = "Trường hợp đặc biệt, việc đánh giá, xếp loại chất lượng hằng năm phải hoàn thành trước ngày nào?"
    assert extract_answer(asked, [RATING_DEADLINE]) == "15 tháng 01 năm sau"


# Án lệ 72/2024/AL and Bộ luật Dân sự 2015 Điều 132 (ViLQA): several articles at once
RELATED_ARTICLES = "Quy định của pháp luật có liên quan đến án lệ:\nCác điều 624, 630 và 634 Bộ luật Dân sự năm 2015."
UNLIMITED = (
    "Đối với giao dịch dân sự quy định tại Điều 123 và Điều 124 của Bộ luật này thì thời hiệu yêu cầu Tòa án "
    "tuyên bố giao dịch dân sự vô hiệu không bị hạn chế."
)


def test_several_articles_are_one_provision_answer():
    asked = "Án lệ 72/2024/AL liên quan đến những điều nào của Bộ luật Dân sự năm 2015?"
    assert extract_answer(asked, [RELATED_ARTICLES]) == "điều 624, 630 và 634"
    asked = "Giao dịch dân sự quy định tại Điều nào của Bộ luật dân sự thì thời hiệu tuyên bố vô hiệu không bị hạn chế?"
    assert extract_answer(asked, [UNLIMITED]) == "Điều 123 và Điều 124"


# Điều lệ Quỹ Khuyến học Bình Thuận Điều 19 and TT 37/2023/TT-BGTVT: a deadline ending its sentence
PUBLISH = (
    "e) Hàng năm, Quỹ có trách nhiệm công khai các khoản đóng góp trên phương tiện thông tin đại chúng "
    "trước ngày 31 tháng 3."
)
YEARLY_REPORT = "Báo cáo định kỳ hằng năm gửi về Bộ Giao thông vận tải trước ngày 15 tháng 01."


def test_a_day_and_month_at_a_sentence_end_is_a_date():
    asked = "quy khuyen hoc tinh Binh Thuan phai cong khai cac khoan dong gop truoc ngay nao hang nam"
    assert extract_answer(asked, [PUBLISH]) == "31 tháng 3"
    assert extract_answer("Báo cáo định kỳ hằng năm gửi Bộ Giao thông vận tải trước ngày nào?", [YEARLY_REPORT]) == "15 tháng 01"


# NĐ 30/2020 Phụ lục I (độ khẩn) and ĐLVN 05:2017 bảng 2b: "những mức nào" lists, "khoảng thời gian nào" lasts
URGENCY = (
    "Tuỳ theo mức độ cần được chuyển phát nhanh, văn bản được xác định độ khẩn theo các mức sau: "
    "hoả tốc, thượng khẩn, khẩn."
)
FLOW = (
    "1.1 Đồng hồ chuẩn · Đặc trưng kỹ thuật đo lường cơ bản: - Lưu lượng đảm bảo để thực hiện mỗi phép đo "
    "cho mỗi ngăn từ 5 phút đến 30 phút."
)


def test_nhung_muc_nao_asks_a_list_and_khoang_thoi_gian_nao_a_duration():
    asked = "Văn bản có tính chất khẩn được xác định độ khẩn theo những mức nào?"
    assert analyze(asked).answer_type == "list"
    assert "hoả tốc, thượng khẩn, khẩn" in extract_answer(asked, [URGENCY])
    asked = "Đồng hồ chuẩn phải có lưu lượng bảo đảm mỗi phép đo cho mỗi ngăn kéo dài trong khoảng thời gian nào?"
    assert analyze(asked).answer_type == "quantity"
    assert extract_answer(asked, [FLOW]) == "từ 5 phút đến 30 phút"
    assert analyze("Hội nghị được tổ chức vào thời gian nào?").answer_type == "date"


# CV 295/VP-CTHĐND Thanh Hóa (danh mục quy đổi) and the BNV sổ tay (khung điểm): rows named by a code
TASK_ROW = (
    "II.A.8 Thực hiện nhiệm vụ khác theo phân công · SẢN PHẨM ĐẦU RA (3): Văn bản tham mưu; Kết quả thực hiện · "
    "PHÂN NHÓM (4): N2 · KHUNG ĐIỂM (5): ≤200 · ĐIỂM CHẤM (KHOẢNG) (6): 60–150 · HỆ SỐ QUY ĐỔI (7)=(6)÷5: 12–30"
)
GROUP_ROW = (
    "Nhóm 1 (N1) · Tính chất công việc: Các công việc có tính chất đơn giản, thường xuyên lặp lại, có biểu mẫu hướng "
    "dẫn · Đặc điểm sản phẩm: Văn bản hành chính, văn bản trao đổi trong nội bộ có sẵn biểu mẫu · Điểm tối đa: 100"
)


def test_a_row_lacking_the_code_the_question_names_does_not_answer():
    assert analyze("Nhiệm vụ II.A.9 có hệ số quy đổi bao nhiêu?").codes == ("ii.a.9",)
    assert analyze("Luật số 84/2025/QH15 và COVID-19 có mã nào?").codes == ()
    floor = min_score()
    assert extract_answer("Nhiệm vụ II.A.8 (nhiệm vụ khác theo phân công) có hệ số quy đổi bao nhiêu?", [TASK_ROW], min_score=floor) == "12–30"
    assert extract_answer("Nhiệm vụ II.A.9 (nhiệm vụ khác theo phân công) có hệ số quy đổi bao nhiêu?", [TASK_ROW], min_score=floor) is None
    assert extract_answer("Nhóm 1 (N1) công việc đơn giản có điểm tối đa là bao nhiêu?", [GROUP_ROW], min_score=floor) == "100"
    assert extract_answer("Nhóm 6 (N6) công việc đơn giản có điểm tối đa là bao nhiêu?", [GROUP_ROW], min_score=floor) is None


def test_a_lead_cut_off_by_a_chunk_border_still_names_the_body():
    sentences = split_sentences(TRAINING_CHECKS)
    item = next(s for s in sentences if s.text.startswith("b)"))
    lead = next(s for s in sentences if s.text.endswith("có trách nhiệm:"))
    asked = analyze("Cơ quan nào ở địa phương kiểm tra việc tập huấn cho người điều khiển phương tiện, người áp tải, thủ kho?")
    found = extract(asked, [Passage(TRAINING_CHECKS, (item,), 0, lead=lead)])
    assert found[0].answer == "Sở Công Thương" and found[0].sentence.text.startswith("2. Sở Công Thương")
    assert extract(asked, [Passage(TRAINING_CHECKS, (item,), 0)])[0].answer != "Sở Công Thương"


# TT 37/2023/TT-BGTVT Điều 29 and Luật Đất đai (VBHN 44) Điều 176: list items whose lead a chunk border cut off
REPLACED = (
    "2. Thông tư này thay thế các Thông tư:\na) Thông tư số 23/2012/TT-BGTVT ngày 29 tháng 6 năm 2012 của Bộ "
    "trưởng Bộ Giao thông vận tải hướng dẫn thực hiện Hiệp định, Nghị định thư về vận tải đường bộ giữa Chính phủ "
    "nước Cộng hòa xã hội chủ nghĩa Việt Nam và Chính phủ nước Cộng hòa nhân dân Trung Hoa;"
)
LAND_QUOTA = (
    "1. Hạn mức giao đất trồng cây hằng năm, đất nuôi trồng thủy sản, đất làm muối cho cá nhân trực tiếp sản xuất "
    "nông nghiệp được quy định như sau:\na) Không quá 03 ha cho mỗi loại đất đối với tỉnh, thành phố trực thuộc "
    "trung ương thuộc khu vực Đông Nam Bộ và khu vực đồng bằng sông Cửu Long;\nb) Không quá 02 ha cho mỗi loại đất "
    "đối với tỉnh, thành phố trực thuộc trung ương khác."
)


@pytest.mark.parametrize(
    ("text", "question", "expected"),
    [
        (REPLACED, "Thông tư 37/2023/TT-BGTVT thay thế thông tư nào năm 2012?", "23/2012/TT-BGTVT"),
        (LAND_QUOTA, "Hạn mức giao đất trồng cây hằng năm cho cá nhân ở Đông Nam Bộ tối đa bao nhiêu?", "03 ha"),
    ],
)
def test_an_item_whose_lead_a_chunk_border_cut_off_is_read_with_that_lead(text, question, expected):
    """The lead says the asked action or names the asked thing; the item alone does not."""
    sentences = split_sentences(text)
    lead = next(s for s in sentences if s.text.endswith(":"))
    items = tuple(s for s in sentences if s.start > lead.start)
    asked = analyze(question)
    found = extract(asked, [Passage(text, items, 0, lead=lead)])
    assert found and expected in found[0].answer and found[0].score >= min_score()
    alone = extract(asked, [Passage(text, items, 0)])
    assert not alone or expected not in alone[0].answer or alone[0].score < found[0].score


def test_the_title_written_after_the_asked_type_names_the_document():
    from qa.documents import asked_title

    assert asked_title(analyze("Luật Thanh tra năm 2025 (có sửa đổi Luật Đất đai) mang số hiệu gì?")) == "luat thanh tra"
    assert asked_title(analyze("luat phuc hoi, pha san (co sua doi luat dat dai) mang so hieu gi")) == "luat phuc hoi"
    assert asked_title(analyze("Quyết định nào thành lập Ban Chỉ đạo?")) is None
    assert asked_title(analyze("Kế hoạch số mấy triển khai Nghị quyết 11?")) is None


def test_a_body_named_in_the_question_is_found_in_the_code_of_its_documents_numbers():
    from qa.documents import issuer_initials

    assert "SGDDT" in issuer_initials("Sở Giáo dục và Đào tạo Bình Thuận cho ý kiến bằng công văn số mấy?")
    assert "SNV" in issuer_initials("Sở Nội vụ tỉnh Lâm Đồng trình bằng tờ trình số mấy?")
    assert "UBND" in issuer_initials("Ủy ban nhân dân tỉnh Lào Cai ủy quyền bằng quyết định nào?")


def test_a_verb_inside_a_name_is_no_action_when_the_question_has_diacritics():
    assert asked_action(analyze("Sở Giáo dục và Đào tạo cho ý kiến bằng công văn số mấy?")) is None
    assert asked_action(analyze("Quyết định nào giao nhiệm vụ cho Sở Giáo dục và Đào tạo?")).verb == "giao"


# Bộ luật Dân sự 2015 Điều 218 and Điều 623 (ViLQA contexts): one figure per "đối với …"
PREEMPTION = (
    "Trong thời hạn 03 tháng đối với tài sản chung là bất động sản, 01 tháng đối với tài sản chung là động sản, "
    "kể từ ngày các chủ sở hữu chung khác nhận được thông báo về việc bán mà không có chủ sở hữu chung nào mua "
    "thì chủ sở hữu đó được quyền bán cho người khác."
)
INHERITANCE = "Thời hiệu để người thừa kế yêu cầu chia di sản là 30 năm đối với bất động sản, 10 năm đối với động sản, kể từ thời điểm mở thừa kế."


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Quyền ưu tiên mua tài sản chung đối với động sản kéo dài bao lâu?", PREEMPTION, "01 tháng"),
        ("Quyền ưu tiên mua tài sản chung đối với bất động sản kéo dài bao lâu?", PREEMPTION, "03 tháng"),
        ("Thời hiệu yêu cầu chia di sản là động sản là bao lâu?", INHERITANCE, "10 năm"),
        ("Thời hiệu yêu cầu chia di sản là bất động sản là bao lâu?", INHERITANCE, "30 năm"),
    ],
)
def test_a_figure_restricted_to_something_the_question_does_not_name_is_not_its_answer(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


# VBHN 30 (Luật Nhập cảnh, Điều 33) and Bộ luật Dân sự Điều 623 (ViLQA context): what the question excludes
LODGING = (
    "Trường hợp khai báo qua phiếu khai báo tạm trú, người trực tiếp quản lý, điều hành hoạt động của cơ sở lưu trú có "
    "trách nhiệm ghi đầy đủ thông tin vào phiếu khai báo tạm trú và chuyển đến Công an xã, phường, thị trấn hoặc đồn, "
    "trạm Công an nơi có cơ sở lưu trú trong thời hạn 12 giờ, đối với địa bàn vùng sâu, vùng xa trong thời hạn 24 giờ "
    "kể từ khi người nước ngoài đến đăng ký tạm trú."
)


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Ở địa bàn thông thường (không phải vùng sâu, vùng xa), cơ sở lưu trú phải chuyển phiếu khai báo tạm trú "
         "cho Công an trong thời hạn bao lâu?", LODGING, "12 giờ"),
        ("Thời hiệu yêu cầu chia di sản (không phải bất động sản) là bao lâu?", INHERITANCE, "10 năm"),
    ],
)
def test_what_the_question_excludes_is_not_its_answer(question: str, text: str, expected: str) -> None:
    info = analyze(question)
    assert info.excluded and not set(info.excluded[0].split()) & {w.lower() for w in info.keywords}
    assert extract_answer(question, [text]) == expected
    # typed without diacritics, the question is read with restored ones and compared folded (qa.answer)
    from qa.figures import _excluded
    from tracuu.vn.numbers import find_figures

    restored = replace(info, accentless=True)
    figures = find_figures(text)
    excluded = {f.raw for f in figures if _excluded(restored, text, f, [b for b in figures if b is not f])}
    assert excluded  # it was empty: restored phrases were compared with the folded text


# ĐLVN 05:2017 (mục kiểm định xi téc) and VBHN 30 (LODGING above): a question opening with what it sets aside
TANK_RUNS = (
    "- Đối với kiểm định ban đầu và sau sửa chữa phải xác định 3 lần dung tích thực của xi téc; đối với kiểm định "
    "định kỳ phải xác định 2 lần dung tích thực của xi téc."
)


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Khác với kiểm định ban đầu, khi kiểm định định kỳ xi téc phải xác định dung tích thực mấy lần?", TANK_RUNS, "2 lần"),
        ("Khac voi kiem dinh ban dau, khi kiem dinh dinh ky xi tec phai xac dinh dung tich thuc may lan?", TANK_RUNS, "2 lần"),
        ("Khác với địa bàn vùng sâu, vùng xa, cơ sở lưu trú phải chuyển phiếu khai báo tạm trú cho Công an trong "
         "thời hạn bao lâu?", LODGING, "12 giờ"),
    ],
)
def test_an_opening_khac_voi_or_ngoai_sets_aside_what_it_names(question: str, text: str, expected: str) -> None:
    info = analyze(question)
    assert info.excluded and not {"khác", "khac", "với", "voi", "ban", "đầu", "dau"} & {w.lower() for w in info.keywords}
    assert extract_answer(question, [text]) == expected


# QĐ 1696/QĐ-UBND Lào Cai (Điều 3) and VBHN 44 Luật Đất đai (Điều 126): a numbered lead ending in ":"
# names who does what its lettered items say, also past a second sentence on an item's line
DIRECTOR_DUTIES = (
    "2. Giám đốc Sở Công Thương:\n"
    "a) Thực hiện đúng nhiệm vụ, quyền hạn đã được ủy quyền và chịu trách nhiệm trước pháp luật.\n"
    "c) Chuẩn bị, bố trí đầy đủ các nguồn lực để đảm bảo thực hiện nhiệm vụ được ủy quyền. Sử dụng hình thức văn "
    "bản, con dấu của Sở Công Thương để thực hiện nhiệm vụ được ủy quyền.\n"
    "d) Chịu trách nhiệm hướng dẫn, kiểm tra, theo dõi, đánh giá và xử lý theo thẩm quyền quy định đối với các vấn "
    "đề phát sinh khi thực hiện Quyết định này."
)
LAND_BIDDING = (
    "7. Ủy ban nhân dân cấp tỉnh có trách nhiệm sau đây:\n"
    "a) Công bố kế hoạch, danh mục các khu đất thực hiện đấu thầu dự án đầu tư có sử dụng đất theo quy định của Luật này;\n"
    "b) Tổ chức lập quy hoạch chi tiết hoặc có quy hoạch phân khu tỷ lệ 1/2000;"
)


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Ai chịu trách nhiệm hướng dẫn, kiểm tra và xử lý các vấn đề phát sinh khi thực hiện việc ủy quyền?",
         DIRECTOR_DUTIES, "Giám đốc Sở Công Thương"),
        ("Ai có trách nhiệm công bố kế hoạch, danh mục các khu đất thực hiện đấu thầu dự án đầu tư có sử dụng đất?",
         LAND_BIDDING, "Ủy ban nhân dân cấp tỉnh"),
        ("Cơ quan nào công bố danh mục các khu đất thực hiện đấu thầu dự án đầu tư có sử dụng đất?",
         LAND_BIDDING, "Ủy ban nhân dân cấp tỉnh"),
    ],
)
def test_a_numbered_lead_names_who_does_what_its_items_say(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


@pytest.mark.parametrize(
    ("question", "source_only"),
    [
        # asked of what the named document says (TT 01/2026/TT-BCT, NĐ 30/2020/NĐ-CP Điều 15): not its issue date
        ("Theo TT 01/2026/TT-BCT, kể từ ngày nào tổ chức kinh doanh hóa chất cần kiểm soát đặc biệt phải lập phiếu "
         "kiểm soát mua, bán?", True),
        ("Theo Nghị định 30/2020/NĐ-CP, số và ký hiệu văn bản được bắt đầu liên tiếp từ số 01 vào ngày nào?", True),
        # asked about the document itself, or named outside the source clause
        ("Nghị quyết 67-NQ/TU của Ban Thường vụ Tỉnh ủy ban hành ngày nào?", False),
        ("Theo danh mục văn bản viện dẫn trong báo cáo, Nghị quyết 67-NQ/TU ban hành ngày nào?", False),
        ("Theo báo cáo, GRDP năm 2023 tăng bao nhiêu?", False),
    ],
)
def test_a_document_named_only_as_the_source_is_not_asked_about(question: str, source_only: bool) -> None:
    assert names_only_as_source(analyze(question)) is source_only


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        # BT 3367/TTr-SNV (Nghị định 126/2024 quoted) and BT 779/QĐ-UBND (Điều lệ Quỹ Khuyến học): a count with its noun
        ("Thông báo chuẩn bị giải thể hội phải đăng liên tiếp trên bao nhiêu số báo?",
         "c) Thông báo về việc chuẩn bị giải thể và thời hạn thanh toán nợ của hội liên tiếp trên 03 số báo viết hoặc "
         "báo điện tử ở trung ương.", "trên 03 số báo"),
        ("Số thành viên tối thiểu của Hội đồng quản lý Quỹ là bao nhiêu?",
         "b) Hội đồng quản lý Quỹ có tối thiểu 03 thành viên, gồm: Chủ tịch, các Phó Chủ tịch và các thành viên.",
         "tối thiểu 03 thành viên"),
    ],
)
def test_a_count_is_answered_with_the_noun_it_counts(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


@pytest.mark.parametrize(
    "question",
    [
        "Trong phần giải thích từ ngữ của ĐLVN 05:2017 về xi téc ô tô, “tấm mức” là gì?",  # ĐLVN 05
        "Theo QCVN 06:2022/BXD, giới hạn chịu lửa của vách ngăn khu vực lánh nạn là bao nhiêu?",  # QĐ 1074's attached document
        "Theo ĐLVN 05 : 2017, chu kỳ kiểm định xi téc là bao lâu?",
    ],
)
def test_the_year_of_a_standards_code_is_no_asked_year(question: str) -> None:
    assert analyze(question).years == ()


def test_a_colon_between_two_numbers_is_no_field() -> None:
    from qa.fields import pick_field

    # ĐLVN 05 ("Lời nói đầu: ĐLVN 05 : 2017 thay thế cho ĐLVN 05 : 2011.") and QĐ 1074 (QCVN 06:2022/BXD)
    for question, text in [
        ("ĐLVN 05:2017 thay thế văn bản nào?", "ĐLVN 05 : 2017 thay thế cho ĐLVN 05 : 2011."),
        ("QCVN 06:2022/BXD quy định gì?", "QCVN 06 : 2022/BXD quy định về an toàn cháy cho nhà và công trình."),
    ]:
        assert pick_field(analyze(question), text) is None
    assert pick_field(analyze("Chu kỳ kiểm định của xi téc là bao lâu?"), "- Chu kỳ kiểm định của xi téc: 12 tháng.") is not None


# TT 01/2026/TT-BCT (Phụ lục XII lists Mẫu 12a-12c) and QĐ 1696/QĐ-UBND Lào Cai (hàng nguy hiểm loại 1, 2, 3, 4, 9)
NEW_CHEMICAL_FORMS = (
    "Phụ lục XII: Các biểu mẫu đăng ký hóa chất mới, gồm: a) Mẫu 12a: Văn bản đăng ký hóa chất mới; b) Mẫu 12b: "
    "Báo cáo tóm tắt đánh giá hóa chất mới; c) Mẫu 12c: Xác nhận đăng ký hóa chất mới."
)
DANGEROUS_GOODS = (
    "Ủy quyền cho Giám đốc Sở Công Thương cấp Giấy phép vận chuyển hàng hóa nguy hiểm đối với loại 1 (trừ vật liệu nổ "
    "công nghiệp, tiền chất thuốc nổ), loại 2, loại 3, loại 4, loại 9."
)


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Mẫu 12b trong Phụ lục XII là mẫu gì?", NEW_CHEMICAL_FORMS, "Báo cáo tóm tắt đánh giá hóa chất mới"),
        ("Mẫu 12d trong Phụ lục XII là mẫu gì?", NEW_CHEMICAL_FORMS, None),
        ("Ai được ủy quyền cấp giấy phép vận chuyển hàng hóa nguy hiểm loại 3?", DANGEROUS_GOODS, "Giám đốc Sở Công Thương"),
        ("Ai được ủy quyền cấp giấy phép vận chuyển hàng hóa nguy hiểm loại 5?", DANGEROUS_GOODS, None),
        ("ai duoc uy quyen cap giay phep van chuyen hang hoa nguy hiem loai 5", DANGEROUS_GOODS, None),
    ],
)
def test_a_part_the_document_does_not_have_is_not_answered(question: str, text: str, expected: str | None) -> None:
    answer = extract_answer(question, [text], min_score=min_score())
    assert answer == expected if expected is None else expected in (answer or "")


def _judgment(key: str, raw: str) -> Mention:
    number, code = key.split("/", 1)
    ref = DocRef(key, "Bản án", None, number, code, None, None, None, raw, 1, raw, "")
    return Mention(ref, DocumentInfo("d", "d.pdf", "d.pdf", None, None, None, None, None, None, "ok", 1, 1, 0, 0))


@pytest.mark.parametrize(
    ("first", "appeal", "asked"),
    [  # Án lệ 43/2021/AL and Án lệ 72/2024/AL: the first-instance and the appeal judgment of one case
        (("287/2013/KDTM-ST", "Bản án kinh doanh, thương mại sơ thẩm số 287/2013/KDTM-ST"),
         ("171/2013/KDTM-PT", "Bản án kinh doanh, thương mại phúc thẩm số 171/2013/KDTM-PT"),
         "Bản án kinh doanh, thương mại sơ thẩm của vụ án nguồn Án lệ 43 mang số nào?"),
        (("04/2019/DS-ST", "Bản án dân sự sơ thẩm số 04/2019/DS-ST"),
         ("646/2019/DS-PT", "Bản án dân sự phúc thẩm số 646/2019/DS-PT"),
         "Tòa án tỉnh Cà Mau xử sơ thẩm vụ án nguồn Án lệ 72 bằng bản án số mấy?"),
    ],
)
def test_a_references_own_name_sides_with_the_question_or_against_it(first, appeal, asked) -> None:
    from qa.documents import _name_contrast, _name_words

    mentions = [_judgment(*first), _judgment(*appeal)]
    names = {i: (m.ref.key, _name_words(m)) for i, m in enumerate(mentions)}
    info = analyze(asked)
    assert _name_contrast(info, names, 0) == 1.0 and _name_contrast(info, names, 1) == -1.0


# A share asked "bao nhiêu phần" or "tỷ lệ" may be written as a fraction (NĐ 30/2020 Điều 33, its
# Phụ lục I, the Điều lệ of QĐ 779/QĐ-UBND Bình Thuận)
@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Khi đóng dấu lên chữ ký, dấu phải trùm lên khoảng bao nhiêu phần chữ ký?",
         "b) Khi đóng dấu lên chữ ký, dấu đóng phải trùm lên khoảng 1/3 chữ ký về phía bên trái.", "khoảng 1/3 chữ ký"),
        ("Việc sửa đổi Điều lệ Quỹ phải được bao nhiêu phần thành viên Hội đồng thông qua?",
         "Việc sửa đổi, bổ sung Điều lệ Quỹ phải được 2/3 thành viên Hội đồng quản lý Quỹ thông qua và phải được "
         "Chủ tịch Ủy ban nhân dân tỉnh quyết định công nhận mới có hiệu lực thi hành.", "2/3 thành viên Hội đồng"),
        ("Đường kẻ ngang dưới tên cơ quan có độ dài bằng bao nhiêu phần độ dài của dòng chữ?",
         "Phía dưới có đường kẻ ngang, nét liền, có độ dài bằng từ 1/3 đến 1/2 độ dài của dòng chữ và đặt cân đối so với dòng chữ.",
         "từ 1/3 đến 1/2 độ dài"),
    ],
)
def test_a_share_is_answered_with_the_fraction_and_what_it_is_of(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


# Luật Đất đai (VBHN 44) Điều 81 khoản 7: three figures of one sentence, each owned by the land kind
# written before it; what follows the last ("và đã bị xử phạt …") is said of all three. "lâu" of
# "cây lâu năm" and "xa" of "vùng xa" are words of the question, not its "bao lâu" (VBHN 30 Điều 33, LODGING above).
LAND_UNUSED = (
    "7. Đất trồng cây hằng năm, đất nuôi trồng thủy sản không được sử dụng trong thời gian 12 tháng liên tục, "
    "đất trồng cây lâu năm không được sử dụng trong thời gian 18 tháng liên tục, đất trồng rừng không được sử dụng "
    "trong thời gian 24 tháng liên tục và đã bị xử phạt vi phạm hành chính mà không đưa đất vào sử dụng theo thời hạn "
    "ghi trong quyết định xử phạt vi phạm hành chính;"
)


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Đất trồng cây lâu năm không được sử dụng trong bao lâu liên tục thì bị thu hồi do vi phạm pháp luật về đất đai?",
         LAND_UNUSED, "18 tháng liên tục"),
        ("Đất trồng rừng không được sử dụng trong bao lâu liên tục và đã bị xử phạt vi phạm hành chính thì bị thu hồi?",
         LAND_UNUSED, "24 tháng liên tục"),
        ("dat trong cay hang nam khong duoc su dung trong bao lau thi bi thu hoi?", LAND_UNUSED, "12 tháng liên tục"),
        ("Ở địa bàn vùng xa, cơ sở lưu trú phải chuyển phiếu khai báo tạm trú đến Công an trong bao lâu?", LODGING, "24 giờ"),
    ],
)
def test_each_figure_of_an_enumeration_owns_the_words_written_before_it(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


def test_bao_lau_and_bao_xa_ask_while_lau_and_xa_elsewhere_are_keywords() -> None:
    assert analyze("Phải gửi trong bao lâu? Cách bao xa?").keywords == ("gửi", "cách")
    assert {"lâu", "năm"} <= set(analyze("Đất trồng cây lâu năm bỏ hoang bao lâu thì bị thu hồi?").keywords)
    assert "xa" in analyze("Ở vùng sâu, vùng xa thì trong bao lâu?").keywords


# A bound asked ("tối đa bao lâu", "dưới bao nhiêu") is answered by a figure written with a bound of that
# direction (TTr 3367/TTr-SNV quoting NĐ 126/2024 Điều 19, NĐ 335/2025 Điều 12)
DEFERRAL = (
    "“b) Trước khi hết nhiệm kỳ 30 ngày làm việc, hội chưa tổ chức được đại hội thì hội phải báo cáo lý do với cơ quan "
    "nhà nước có thẩm quyền xem xét cho phép gia hạn thời gian tổ chức đại hội. Thời gian gia hạn không quá 12 tháng;"
)
PACKAGES = (
    "a) “Bao gói cỡ nhỏ” (ký hiệu là P) là phương tiện chứa có dung tích chứa nước đến 450 lít hoặc có khối lượng chứa "
    "đến 400 kg. b) “Bao gói cỡ lớn” (ký hiệu là LP) là phương tiện chứa có dung tích chứa nước lớn hơn 450 lít hoặc có "
    "khối lượng chứa lớn hơn 400 kg nhưng có thể tích chứa nhỏ hơn 3 m3."
)
UNFINISHED = (
    "Cơ quan bị xếp loại không hoàn thành nhiệm vụ khi có một trong các tiêu chí sau: a) Bị cấp có thẩm quyền kết luận "
    "có sai phạm trong công tác cán bộ. b) Hoàn thành dưới 70% nhiệm vụ theo chương trình, kế hoạch trong năm, "
    "trong đó có ít nhất 30% nhiệm vụ hoàn thành đúng hạn."
)


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Thời gian gia hạn tổ chức đại hội của hội tối đa là bao lâu?", DEFERRAL, "không quá 12 tháng"),
        ("Hội chưa tổ chức được đại hội phải báo cáo trước khi hết nhiệm kỳ ít nhất bao nhiêu ngày làm việc?",
         DEFERRAL, "30 ngày làm việc"),
        ("Cơ quan hoàn thành dưới bao nhiêu phần trăm nhiệm vụ kế hoạch thì bị xếp loại không hoàn thành nhiệm vụ?",
         UNFINISHED, "dưới 70%"),
        ("Phải có tối thiểu bao nhiêu phần trăm nhiệm vụ hoàn thành đúng hạn?", UNFINISHED, "ít nhất 30%"),
        # TT 37/2020/TT-BCT Điều 3: "đến" alone bounds from above; a bound is quoted whole ("nhỏ hơn", not "hơn")
        ("bao goi co nho (ky hieu P) co dung tich chua nuoc toi da bao nhieu", PACKAGES, "đến 450 lít"),
        ("Bao gói cỡ lớn (LP) có thể tích chứa tối đa bao nhiêu?", PACKAGES, "nhỏ hơn 3 m3"),
        ("Bao gói cỡ lớn có dung tích chứa nước tối thiểu bao nhiêu?", PACKAGES, "lớn hơn 450 lít"),
    ],
)
def test_a_bound_asked_is_answered_by_a_figure_bounded_the_same_way(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


# A list running over a page break keeps its lead: TT 37/2023/TT-BGTVT (pages 3 | 4) and TT 01/2026/TT-BCT
# (pages 5 | 6) write the lead on one page and go on with the items on the next.
PLATES_BEFORE = (
    "3. Phương tiện vận tải qua lại biên giới phải dán vào phía sau xe ký hiệu phân biệt quốc gia. Ký hiệu phân biệt "
    "quốc gia cho xe cơ giới của mỗi Bên ký kết như sau:\na) Vương quốc Brunei: BRU;\nb) Vương quốc Campuchia: KH;"
)
PLATES_PAGE = "d) Liên bang Malaysia: MAL;\nđ) Cộng hòa Philippines: RP;\ne) Cộng hòa Singapore: SGP;"


@pytest.mark.parametrize(
    ("before", "page", "lead"),
    [
        (PLATES_BEFORE, PLATES_PAGE, "Ký hiệu phân biệt quốc gia cho xe cơ giới của mỗi Bên ký kết như sau:"),
        ("2. Cơ sở dữ liệu chuyên ngành hóa chất bao gồm các dữ liệu sau:",
         "a) Các dữ liệu về hóa chất, về hoạt động hóa chất, ngành công nghiệp hóa chất;\nb) Các dữ liệu về hệ thống văn bản.",
         "2. Cơ sở dữ liệu chuyên ngành hóa chất bao gồm các dữ liệu sau:"),
    ],
)
def test_a_list_running_over_a_page_break_keeps_its_lead(before: str, page: str, lead: str) -> None:
    from qa.answer import _cut_lead

    sentences, previous = tuple(split_sentences(page)), tuple(split_sentences(before))
    assert _cut_lead(sentences, sentences[1:], previous).text == lead
    assert _cut_lead(sentences, sentences[1:]) is None  # the page alone has no lead


def test_an_item_is_read_with_its_lead_from_the_page_before() -> None:
    from qa.answer import _cut_lead

    sentences = tuple(split_sentences(PLATES_PAGE))
    info = analyze("Ký hiệu phân biệt quốc gia của Philippines là gì?")
    with_lead = Passage(PLATES_PAGE, sentences, 0, lead=_cut_lead(sentences, sentences, tuple(split_sentences(PLATES_BEFORE))))
    scored = [next(x for x in extract(info, [p], limit=50) if "Philippines" in x.sentence.text)
              for p in (with_lead, Passage(PLATES_PAGE, sentences, 0))]
    assert scored[0].features["keywords"] > 2 * scored[1].features["keywords"]


# A question naming a type ("Luật …") is about a consolidated text (VBHN 44 "ĐẤT ĐAI", VBHN 30 "NHẬP CẢNH, …")
# only when it writes that title right after the type, not when another law is named first.
VBHN_44 = DocumentInfo("w", "w.pdf", "w.pdf", "44/VBHN-VPQH", "Văn bản hợp nhất", None, None, None, "ĐẤT ĐAI", "ok", 200, 1, 0, 0)


@pytest.mark.parametrize(
    ("question", "doc", "named"),
    [
        ("Luật Đất đai có hiệu lực từ ngày nào?", VBHN_44, True),
        ("luat dat dai co hieu luc tu ngay nao", VBHN_44, True),
        ("Luật Khoa học, công nghệ và đổi mới sáng tạo (có sửa đổi Luật Đất đai) có hiệu lực từ ngày nào?", VBHN_44, False),
        ("Luật Nhập cảnh của người nước ngoài có hiệu lực từ ngày nào?", VBHN_30, True),
        ("Luật Xuất cảnh, nhập cảnh của công dân Việt Nam có hiệu lực từ ngày nào?", VBHN_30, False),
    ],
)
def test_a_question_naming_a_type_names_a_document_of_another_type_by_its_title(question: str, doc: DocumentInfo, named: bool) -> None:
    assert named_after_type(analyze(question), doc, "luật") is named


# A clause that opens with the asked action has no subject of its own: its doer is the body its
# article's heading names (PT QĐ 63/2025's Quy chế "Điều 7. Sở Tư pháp", VBHN 30 "Điều 48. Trách nhiệm
# của Bộ Ngoại giao"), not a body the clause names as an object or a partner.
JUSTICE = (
    "Điều 7. Sở Tư pháp\n1. Phối hợp chặt chẽ với các sở, ban, ngành trong quá trình soạn thảo văn bản.\n"
    "4. Chủ trì, tham mưu UBND tỉnh thực hiện chức năng quản lý nhà nước đối với lĩnh vực hộ tịch, nuôi con nuôi "
    "có yếu tố nước ngoài trên địa bàn tỉnh."
)
FOREIGN_AFFAIRS = (
    "Điều 48. Trách nhiệm của Bộ Ngoại giao\n1. Phối hợp với Bộ Công an thực hiện hoạt động quản lý về nhập cảnh, "
    "xuất cảnh của người nước ngoài tại Việt Nam.\n2. Thực hiện cấp, sửa đổi, bổ sung, hủy bỏ thị thực; cấp, hủy bỏ "
    "thẻ tạm trú cho người nước ngoài theo quy định của Luật này."
)


@pytest.mark.parametrize(
    ("question", "text", "headings", "expected"),
    [
        ("Cơ quan nào chủ trì tham mưu quản lý nhà nước về hộ tịch, nuôi con nuôi có yếu tố nước ngoài?", JUSTICE,
         ("Chương II TRÁCH NHIỆM CỤ THỂ", "Điều 7. Sở Tư pháp", "4. Chủ trì, tham mưu UBND tỉnh thực hiện chức năng"),
         "Sở Tư pháp"),
        ("Cơ quan nào thực hiện cấp, hủy bỏ thẻ tạm trú cho người nước ngoài?", FOREIGN_AFFAIRS,
         ("Chương VI TRÁCH NHIỆM CỦA CƠ QUAN NHÀ NƯỚC", "Điều 48. Trách nhiệm của Bộ Ngoại giao"), "Bộ Ngoại giao"),
    ],
)
def test_a_clause_without_a_subject_is_done_by_the_body_its_heading_names(question, text, headings, expected) -> None:
    sentences = tuple(split_sentences(text))
    found = extract(analyze(question), [Passage(text, sentences, 0, headings=headings)])
    assert found[0].answer == expected
    assert found[0].sentence.text.startswith(headings[1])  # quoted from the heading down to the clause
    # without its heading (neither in its section path nor written above it) the clause names no doer
    bare = text[text.index("\n") + 1 :]
    assert extract(analyze(question), [Passage(bare, tuple(split_sentences(bare)), 0)])[0].answer != expected


# A chunk's section path is where the chunk ends: the heading written above the clause names its doer
# (PT QĐ 63/2025's Quy chế Điều 10 then 11; VBHN 30 Điều 48 then 49).
SCIENCE_THEN_HOME_AFFAIRS = (
    "Điều 10. Sở Khoa học và Công nghệ\n1. Chủ trì, phối hợp thực hiện công tác hợp tác quốc tế, quản lý nhà nước các dự "
    "án đầu tư của người nước ngoài về hoạt động nghiên cứu khoa học, phát triển công nghệ trên địa bàn tỉnh.\n"
    "Điều 11. Sở Nội vụ\n1. Chủ trì, phối hợp các sở, ban, ngành tổ chức tuyên truyền các quy định của pháp luật về "
    "quản lý, sử dụng người lao động nước ngoài."
)
FOREIGN_AFFAIRS_THEN_DEFENCE = (
    FOREIGN_AFFAIRS + "\nĐiều 49. Trách nhiệm của Bộ Quốc phòng\n1. Phối hợp với Bộ Công an thực hiện hoạt động quản lý "
    "về nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam."
)


@pytest.mark.parametrize(
    ("question", "text", "headings", "expected"),
    [
        ("Sở nào chủ trì quản lý nhà nước các dự án đầu tư của người nước ngoài về nghiên cứu khoa học?",
         SCIENCE_THEN_HOME_AFFAIRS, ("Chương II TRÁCH NHIỆM CỤ THỂ", "Điều 11. Sở Nội vụ"), "Sở Khoa học và Công nghệ"),
        ("Cơ quan nào thực hiện cấp, hủy bỏ thẻ tạm trú cho người nước ngoài?", FOREIGN_AFFAIRS_THEN_DEFENCE,
         ("Chương VI TRÁCH NHIỆM CỦA CƠ QUAN NHÀ NƯỚC", "Điều 49. Trách nhiệm của Bộ Quốc phòng"), "Bộ Ngoại giao"),
    ],
)
def test_the_heading_written_above_a_clause_names_its_doer(question, text, headings, expected) -> None:
    found = extract(analyze(question), [Passage(text, tuple(split_sentences(text)), 0, headings=headings)])
    assert found[0].answer == expected


# A label the question writes only negated is not asked: "… xếp loại không hoàn thành nhiệm vụ" is not the
# field "Hoàn thành nhiệm vụ:" (NĐ 335/2025 Điều 12 for agencies, BNV Sổ tay for civil servants).
@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Cơ quan bị xếp loại không hoàn thành nhiệm vụ khi có tổng điểm đánh giá dưới bao nhiêu điểm?",
         "3. Hoàn thành nhiệm vụ: Đạt từ 50 đến dưới 70 điểm, đồng thời hoàn thành 100% các nhiệm vụ được giao.\n"
         "4. Không hoàn thành nhiệm vụ: Có tổng điểm đánh giá dưới 50 điểm hoặc thuộc một trong các trường hợp sau:",
         "dưới 50 điểm"),
        ("Công chức có kết quả theo dõi dưới bao nhiêu điểm thì không hoàn thành nhiệm vụ?",
         "c) Hoàn thành nhiệm vụ: Đạt từ 50 điểm đến dưới 70 điểm;\n"
         "d) Không hoàn thành nhiệm vụ thuộc một trong các trường hợp sau:\n- Có kết quả theo dõi, đánh giá dưới 50 điểm;",
         "dưới 50 điểm"),
    ],
)
def test_a_label_the_question_negates_is_not_asked(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


# Figures written as alternatives that end their clause are one answer (NĐ 30/2020 Phụ lục I); two cases
# joined by "hoặc" are not (Bộ luật Lao động Điều 125, a ViLQA context).
@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Khi xuống dòng, chữ đầu dòng của nội dung văn bản lùi vào bao nhiêu?",
         "Khi xuống dòng, chữ đầu dòng phải lùi vào 1 cm hoặc 1,27 cm; khoảng cách giữa các đoạn văn tối thiểu là 6pt.",
         "1 cm hoặc 1,27 cm"),
        ("Người lao động tự ý bỏ việc bao nhiêu ngày cộng dồn trong thời hạn 365 ngày thì bị sa thải?",
         "Người lao động tự ý bỏ việc 05 ngày cộng dồn trong thời hạn 30 ngày hoặc 20 ngày cộng dồn trong thời hạn "
         "365 ngày tính từ ngày đầu tiên tự ý bỏ việc mà không có lý do chính đáng.", "20 ngày cộng dồn"),
    ],
)
def test_alternatives_that_end_a_clause_are_one_answer(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


def test_so_nao_asks_for_a_body_and_co_so_nao_does_not() -> None:
    # PT QĐ 63/2025's Quy chế ("sở nào chủ trì …"), TT 01/2026/TT-BCT ("cơ sở nào phải …")
    assert analyze("Sở nào chủ trì thẩm định hồ sơ trình Chủ tịch UBND tỉnh?").answer_type == "who"
    assert analyze("Cơ sở nào phải xây dựng kế hoạch phòng ngừa sự cố hóa chất?").answer_type != "who"


@pytest.mark.parametrize(
    ("question", "text"),
    [
        # NĐ 30/2020 Điều 3 (a quoted term) and TT 37/2020/TT-BCT Điều 3 (a term with its symbol in brackets)
        ('Theo Nghị định 30/2020/NĐ-CP, "danh mục hồ sơ" là gì?',
         "13. “Danh mục hồ sơ” là bảng kê có hệ thống những hồ sơ dự kiến được lập trong năm của cơ quan, tổ chức."),
        ("Bao gói cỡ nhỏ là gì?",
         "a) “Bao gói cỡ nhỏ” (ký hiệu là P) là phương tiện chứa có dung tích chứa nước đến 450 lít hoặc có khối lượng chứa đến 400 kg."),
    ],
)
def test_a_definition_may_quote_its_term_and_give_its_symbol(question: str, text: str) -> None:
    decoy = "Mẫu Danh mục hồ sơ và Bao gói cỡ nhỏ được thực hiện theo quy định tại Phụ lục V."
    page = f"{decoy}\n{text}"
    found = extract(analyze(question), [Passage(page, tuple(split_sentences(page)), 0)])
    assert found[0].features.get("definition") == 1.0 and found[0].sentence.text != decoy


# A law cited by its name in a preamble answers "căn cứ luật nào?" (NĐ 30/2020, TT 37/2023/TT-BGTVT)
@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Nghị định về công tác văn thư được ban hành căn cứ luật nào?",
         "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\nTheo đề nghị của Bộ trưởng Bộ Nội vụ;",
         "Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015"),
        ("Thông tư hướng dẫn vận tải qua biên giới được ban hành căn cứ luật nào?",
         "Căn cứ Luật Điều ước quốc tế ngày 09 tháng 4 năm 2016;\nCăn cứ Nghị định số 56/2022/NĐ-CP ngày 24 tháng 8 năm 2022 của Chính phủ;",
         "Luật Điều ước quốc tế ngày 09 tháng 4 năm 2016"),
    ],
)
def test_a_law_cited_by_its_name_answers_which_law(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text]) == expected


def test_a_short_mention_with_its_year_names_the_document_of_that_year() -> None:
    # TT 37/2020/TT-BCT and TT 37/2023/TT-BGTVT share their number; "Thông tư 37/2023" names one of them
    tt_2020 = DocumentInfo("a", "a.pdf", "a.pdf", "37/2020/TT-BCT", "Thông tư", None, None, "2020-11-30", None, "ok", 9, 1, 0, 0)
    tt_2023 = DocumentInfo("b", "b.pdf", "b.pdf", "37/2023/TT-BGTVT", "Thông tư", None, None, "2023-12-13", None, "ok", 9, 1, 0, 0)
    nd_30 = DocumentInfo("c", "c.pdf", "c.pdf", "30/2020/NĐ-CP", "Nghị định", None, None, "2020-03-05", None, "ok", 9, 1, 0, 0)
    docs = [tt_2020, tt_2023, nd_30]
    assert named_scope(analyze("Ai là người ký Thông tư 37/2023?"), docs, None).filters.doc_ids == ("b",)
    assert named_scope(analyze("Thông tư 37/2020 có hiệu lực từ ngày nào?"), docs, None).filters.doc_ids == ("a",)
    assert named_scope(analyze("Ai ký Nghị định 30/2020?"), docs, None).filters.doc_ids == ("c",)
    assert named_scope(analyze("Thông tư 37 quy định gì?"), docs, None).filters.doc_ids == ("a", "b")  # no year: both


def test_an_appendix_filed_apart_is_searched_with_the_document_it_comes_with() -> None:
    # NĐ 30/2020's Phụ lục III and QĐ 1074/QĐ-BXD's attached document are PDFs of their own whose first page
    # says what they come with; a page-5 citation of the decree is no attachment
    nd_30 = DocumentInfo("n", "n.pdf", "n.pdf", "30/2020/NĐ-CP", "Nghị định", None, None, "2020-03-05", None, "ok", 9, 1, 0, 0)
    annex = DocumentInfo("p", "p.pdf", "p.pdf", None, None, None, None, None, None, "ok", 9, 1, 0, 0)
    other = DocumentInfo("o", "o.pdf", "o.pdf", "1/2026/TT-BCT", "Thông tư", None, None, None, None, "ok", 9, 1, 0, 0)
    qd = DocumentInfo("q", "q.pdf", "q.pdf", "1074/QĐ-BXD", "Quyết định", None, None, "2026-06-29", None, "ok", 2, 1, 0, 0)
    solution = DocumentInfo("s", "s.pdf", "s.pdf", None, None, None, None, None, None, "ok", 60, 1, 0, 0)

    def mention(key: str, doc: DocumentInfo, page: int, sentence: str) -> Mention:
        number, code = key.split("/", 1)
        return Mention(DocRef(key, None, None, number, code, None, None, None, key, page, sentence, ""), doc)

    index = {
        "30/2020/NĐ-CP": [mention("30/2020/NĐ-CP", annex, 1, "(Kèm theo Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ)"),
                          mention("30/2020/NĐ-CP", other, 5, "theo quy định tại Nghị định số 30/2020/NĐ-CP")],
        "1074/QĐ-BXD": [mention("1074/QĐ-BXD", solution, 1, "(Ban hành kèm theo Quyết định số 1074/QĐ-BXD ngày 29/6/2026)")],
    }
    docs = [nd_30, annex, other, qd, solution]
    scope = named_scope(analyze("Theo Nghị định 30/2020, bản trích sao viết tắt là gì?"), docs, None, lambda key: index.get(key, []))
    assert scope.filters.doc_ids == ("n", "p")
    scope = named_scope(analyze("Quyết định 1074/QĐ-BXD yêu cầu khoảng cách tối thiểu bao nhiêu?"), docs, None, lambda key: index.get(key, []))
    assert scope.filters.doc_ids == ("q", "s")


@pytest.mark.parametrize(
    "question, text, expected",
    [
        # BT 3367 p3 (both of its quarters)
        ("Hội Cựu giáo chức tỉnh kiến nghị kéo dài thời gian tổ chức đại hội đến thời điểm nào?",
         "Cụ thể:\n(1) Hội Cựu giáo chức tỉnh có Văn bản số 16/CGC.BT ngày 19/8/2024 báo cáo về tổ chức đại hội "
         "nhiệm kỳ và kiến nghị kéo dài thời gian tổ chức đại hội đến quý I/2025.", "quý I/2025"),
        ("Hội Tin học sẽ tổ chức đại hội nhiệm kỳ vào thời điểm nào?",
         "Đối với Hội Tin học, Sở Thông tin và Truyền thông có Công văn số 1774/STTTT-VP ngày 10/10/2024 báo cáo "
         "Hội Tin học sẽ tổ chức đại hội nhiệm kỳ theo quy định vào Quý IV/2024.", "Quý IV/2024"),
    ],
)
def test_a_quarter_answers_a_when_question_and_thoi_diem_nao_is_no_provision(question: str, text: str, expected: str) -> None:
    assert analyze(question).answer_type == "date"  # "thời điểm nào" asks a time, not "điểm nào" (a point of a clause)
    assert analyze("Theo điểm nào của khoản 2 Điều 5?").answer_type == "provision"
    assert extract_answer(question, [text], min_score=min_score()) == expected


@pytest.mark.parametrize(
    "question",
    [
        "Tầm nhìn quy hoạch sử dụng đất cấp huyện theo Luật Đất đai 2024 là bao nhiêu năm?",  # VBHN 44
        "tam nhin quy hoach su dung dat cap huyen theo luat dat dai 2024 la bao nhieu nam",
        "Theo Luật Nhập cảnh năm 2014, thị thực điện tử có thời hạn không quá bao nhiêu ngày?",  # VBHN 30
    ],
)
def test_the_year_of_a_law_named_with_it_is_no_asked_year(question: str) -> None:
    assert analyze(question).years == ()
    assert analyze("Năm 2024 theo Luật Đất đai có bao nhiêu loại đất?").years == (2024,)  # not the law's


def test_points_are_a_unit_of_spacing() -> None:
    """NĐ 30/2020 Phụ lục I writes spacing in points ("6pt"), twice."""
    body = ("e) Nội dung văn bản được trình bày bằng chữ in thường, được canh đều cả hai lề, kiểu chữ đứng; cỡ chữ từ 13 "
            "đến 14; khi xuống dòng, chữ đầu dòng lùi vào 1 cm hoặc 1,27 cm; khoảng cách giữa các đoạn văn tối thiểu là 6pt; "
            "khoảng cách giữa các dòng tối thiểu là dòng đơn, tối đa là 1,5 lines.")
    assert extract_answer("Khoảng cách giữa các đoạn văn tối thiểu là bao nhiêu?", [body]) == "6pt"
    summary = ("Đối với công văn, trích yếu nội dung văn bản được trình bày tại ô số 5b Mục IV Phần I Phụ lục này, sau chữ "
               "“V/v” bằng chữ in thường, cỡ chữ từ 12 đến 13, kiểu chữ đứng; đặt canh giữa dưới số và ký hiệu văn bản, "
               "cách dòng 6pt với số và ký hiệu văn bản.")
    assert extract_answer("Trích yếu của công văn cách dòng bao nhiêu với số và ký hiệu văn bản?", [summary]) == "6pt"


@pytest.mark.parametrize(
    "question, text, expected",
    [
        # NĐ 30/2020 Phụ lục I
        ("Phông chữ Times New Roman dùng bộ mã ký tự Unicode theo tiêu chuẩn TCVN nào?",
         "4. Phông chữ: Phông chữ tiếng Việt Times New Roman, bộ mã ký tự\nUnicode theo Tiêu chuẩn Việt Nam TCVN 6909:2001, màu đen.",
         "TCVN 6909:2001"),
        # QĐ 1074/QĐ-BXD's attached document: a list of standards, each code before its title
        ("Tiêu chuẩn nào về bình chữa cháy xách tay được viện dẫn?",
         "TCVN 7336, Phòng cháy chữa cháy – Hệ thống chữa cháy tự động bằng nước, bọt – Yêu cầu thiết kế và lắp đặt "
         "TCVN 7435-1, Phòng cháy, chữa cháy – Bình chữa cháy xách tay và xe đẩy chữa cháy – Phần 1: Lựa chọn và bố trí "
         "TCVN 13456, Phòng cháy chữa cháy – Phương tiện chiếu sáng sự cố và chỉ dẫn thoát nạn",
         "TCVN 7435-1"),
        ("Quy chuẩn kỹ thuật quốc gia về trang bị, bố trí phương tiện phòng cháy, chữa cháy có số hiệu gì?",
         "[1] QCVN 06:2022/BXD và Sửa đổi 1:2023 QCVN 06:2022/BXD Quy chuẩn kỹ thuật quốc gia về an toàn cháy cho nhà và công trình\n"
         "[2] QCVN 10:2025/BCA Quy chuẩn kỹ thuật quốc gia về trang bị, bố trí phương tiện phòng cháy, chữa cháy, cứu nạn, cứu hộ cho nhà và công trình",
         "QCVN 10:2025/BCA"),
    ],
)
def test_a_question_asking_which_standard_is_answered_by_its_code(question: str, text: str, expected: str) -> None:
    info = analyze(question)
    assert info.answer_type == "document" and asked_about(info) is None
    assert extract_answer(question, [text], min_score=min_score()) == expected


def test_an_accentless_question_names_an_action_only_as_its_restored_words_write_it() -> None:
    """Typed without diacritics, "van ban hanh chinh" folds like "ban hành"; read with the diacritics
    the library restores ("văn bản hành chính"), it names no action; "ban hanh quyet dinh" does."""
    restored = replace(analyze("phông chữ trong văn bản hành chính dùng bộ mã theo tiêu chuẩn nào"), accentless=True)
    assert asked_action(restored) is None
    issued = replace(analyze("Ủy ban nhân dân tỉnh ban hành quyết định nào về quỹ"), accentless=True)
    assert asked_action(issued).verb == "ban hanh"


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Ai đã kháng nghị Bản án phúc thẩm số 646/2019/DS-PT?",  # Án lệ 72/2024/AL
         "Tại Quyết định kháng nghị giám đốc thẩm số 01/QĐ-VKS-DS ngày 04/3/2022, Viện trưởng Viện kiểm sát nhân dân "
         "tối cao kháng nghị đối với Bản án dân sự phúc thẩm số 646/2019/DS-PT ngày 13/12/2019 của Tòa án nhân dân cấp "
         "cao tại Thành phố Hồ Chí Minh.", "Viện trưởng Viện kiểm sát nhân dân tối cao"),
        ("Ai đã kháng nghị bản án kinh doanh, thương mại phúc thẩm?",  # Án lệ 43/2021/AL
         "Tại Quyết định số 24/2016/KN-KDTM ngày 15/8/2016, Chánh án Tòa án nhân dân tối cao kháng nghị Bản án kinh "
         "doanh, thương mại phúc thẩm số 171/2013/KDTM-PT ngày 10/10/2013.", "Chánh án Tòa án nhân dân tối cao"),
    ],
)
def test_who_did_it_after_an_auxiliary_is_the_subject_of_that_verb(question: str, text: str, expected: str) -> None:
    assert extract_answer(question, [text], min_score=min_score()) == expected


@pytest.mark.parametrize(
    "question, text, term",
    [
        ("Nghị định 30/2020/NĐ-CP định nghĩa bản sao lục là gì?",  # NĐ 30/2020 Điều 3
         "11. “Bản sao lục” là bản sao đầy đủ, chính xác nội dung của bản sao y, được trình bày theo thể thức và kỹ thuật quy định.",
         "ban sao luc"),
        ("Nghị định 335/2025/NĐ-CP giải thích đánh giá tổ chức là gì?",  # NĐ 335/2025 Điều 3
         "2. Đánh giá tổ chức là việc cấp có thẩm quyền ghi nhận, xác nhận và chấm điểm đối với cơ quan, tổ chức.",
         "danh gia to chuc"),
    ],
)
def test_the_term_a_document_defines_follows_dinh_nghia(question: str, text: str, term: str) -> None:
    assert analyze(question).defines == term
    assert text.endswith(extract_answer(question, [text], min_score=min_score()))  # the definition, without its item number


def test_a_figure_the_question_gives_is_no_unit_cue() -> None:
    """"Sau khi giảm 2% thuế …, số thuế phải nộp … còn bao nhiêu?" (the report's footnote 9) gives a
    share and asks an amount of tax ("số thuế"; "giảm thuế … giảm bao nhiêu" asks a share); "Năm 2023 tăng 7,17%, năm 2024 dự kiến tăng bao nhiêu?" asks a share
    by its words ("tăng" of GRDP is no cue, the given "7,17%" is none either)."""
    assert asked_unit(analyze("Sau khi giảm 2% thuế giá trị gia tăng, số thuế phải nộp còn bao nhiêu?")).units >= {"triệu đồng"}
    assert asked_unit(analyze("Năm 2023 GRDP tăng 7,17%, năm 2024 dự kiến tăng bao nhiêu?")) is None
    assert asked_unit(analyze("Năm 2023 GRDP tăng 7,17%, tỷ lệ năm 2024 là bao nhiêu?")).units == frozenset({"%"})
    assert asked_unit(analyze("Thuế suất là bao nhiêu phần trăm?")).units == frozenset({"%"})


@pytest.mark.parametrize(
    "question, page, cut, items, after",
    [
        # ĐLVN 05:2017 p15: the chunk ends with the lead, its items are in the next chunk
        ("Nhãn hiệu gắn trên xi téc phải có những nội dung nào?",
         "3 Nhãn hiệu, ký hiệu\n3.1 Nhãn hiệu của xi téc phải được gắn chặt vào thành, cổ hoặc đáy sau của xi téc ở vị trí\n"
         "thuận lợi cho người đọc và phải có các nội dung sau:\n- Tên hoặc ký hiệu của cơ sở sản xuất;\n- Số chế tạo, năm sản xuất;\n"
         "- Dung tích danh định (toàn phần);\n- Dung tích danh định từng ngăn;\n- Ký hiệu phê duyệt mẫu.\n"
         "3.2 Trên xi téc phải ghi chữ \"CẤM LỬA\" hoặc biểu tượng \"CẤM LỬA\" theo quy định về PCCC.",
         "phải có các nội dung sau:", ["Tên hoặc ký hiệu của cơ sở sản xuất", "Ký hiệu phê duyệt mẫu"], None),
        # BT 779/QĐ-UBND's Điều lệ: an article's title over numbered items, the next article after them
        ("Cơ cấu tổ chức của Quỹ khuyến học gồm những bộ phận nào?",
         "Điều 7. Cơ cấu tổ chức Quỹ khuyến học\n1. Hội đồng quản lý Quỹ.\n2. Ban Giám đốc Quỹ.\n3. Ban Kiểm soát Quỹ.\n"
         "Điều 8. Hội đồng quản lý Quỹ\n1. Hội đồng quản lý Quỹ là cơ quan quản lý của Quỹ.",
         "Cơ cấu tổ chức Quỹ khuyến học", ["Hội đồng quản lý Quỹ", "Ban Giám đốc Quỹ", "Ban Kiểm soát Quỹ"], "Điều 8"),
    ],
)
def test_a_list_cut_by_a_chunk_border_is_answered_whole(question, page, cut, items, after) -> None:
    """The chunk's sentences end at ``cut``; the answer block goes on over the rest of the page's
    list (up to the next article)."""
    sentences = split_sentences(page)
    inside = tuple(s for s in sentences if s.start < page.index(cut) + len(cut))
    found = extract(analyze(question), [Passage(page, inside)], limit=1)
    assert found and all(item in found[0].answer for item in items)
    assert after is None or after not in found[0].answer


@pytest.mark.parametrize(
    "text, names",
    [
        # Án lệ 72/2024/AL
        ("Tại Bản án dân sự phúc thẩm số 646/2019/DS-PT ngày 13/12/2019, Tòa án nhân dân cấp cao tại Thành phố Hồ Chí Minh quyết định",
         ["Tòa án nhân dân cấp cao"]),
        ("Viện trưởng Viện kiểm sát nhân dân tối cao kháng nghị đối với Bản án dân sự phúc thẩm",
         ["Viện trưởng Viện kiểm sát nhân dân tối cao"]),
        # Án lệ 43/2021/AL
        ("Tòa án cấp phúc thẩm còn quyết định về án phí", ["Tòa án cấp phúc thẩm"]),
        ("kháng nghị giám đốc thẩm của Chánh án Tòa án nhân dân tối cao.", ["Chánh án Tòa án nhân dân tối cao"]),
    ],
)
def test_court_and_procuracy_names_are_read_whole(text: str, names: list[str]) -> None:
    """Court levels ("cấp cao", "tối cao", "cấp phúc thẩm") belong to the name; a name never ends on "cấp"."""
    assert body_names(text) == names


@pytest.mark.parametrize(
    "question, page, expected",
    [
        # LD 93/TTr-SNV p2: a heading over its numbered list (14 items, 11 of them "Hội …")
        ("Trước sắp xếp, tỉnh Bình Thuận có bao nhiêu hội do Đảng, Nhà nước giao nhiệm vụ?",
         "I. TỈNH BÌNH THUẬN (trước sắp xếp)\n1. Liên minh Hợp tác xã tỉnh Bình Thuận;\n2. Liên Hiệp hội Khoa học Kỹ thuật tỉnh "
         "Bình Thuận;\n3. Hội Văn học Nghệ thuật tỉnh Bình Thuận;\n4. Hội Nhà báo tỉnh Bình Thuận;\n5. Hội Chữ thập đỏ tỉnh Bình "
         "Thuận;\n6. Hội Đông y tỉnh Bình Thuận;\n7. Hội Khuyến học tỉnh Bình Thuận;\n8. Hội Cựu thanh niên xung phong tỉnh Bình "
         "Thuận;\n9. Hội Người cao tuổi tỉnh Bình Thuận;\n10. Hội Luật gia tỉnh Bình Thuận;\n11. Hội Nạn nhân chất độc da cam/dioxin "
         "tỉnh Bình Thuận;\n12. Hội Người mù tỉnh Bình Thuận;\n13. Hội Bảo trợ Người khuyết tật và bảo vệ quyền trẻ em tỉnh Bình "
         "Thuận;\n14. Câu lạc bộ Hưu trí tỉnh Bình Thuận.\nNgoài ra, có Hội Kiến trúc sư tỉnh Bình Thuận là hội quần chúng.\n"
         "II. TỈNH ĐẮK NÔNG (trước sắp xếp)\n1. Liên minh Hợp tác xã tỉnh Đắk Nông;",
         "14 hội"),
        # VBHN 44/VBHN-VPQH (Luật Đất đai) Điều 154
        ("Có bao nhiêu dịch vụ công về đất đai được thu?",
         "Điều 154. Các khoản thu từ dịch vụ công về đất đai\n1. Dịch vụ cung cấp thông tin, dữ liệu về đất đai.\n"
         "2. Dịch vụ đo đạc địa chính.\n3. Dịch vụ đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn\n"
         "liền với đất.\n4. Dịch vụ tư vấn xác định giá đất.\n5. Dịch vụ khác theo quy định của pháp luật.\n"
         "Điều 155. Căn cứ tính tiền sử dụng đất, tiền thuê đất",
         "5 dịch vụ"),
    ],
)
def test_a_count_is_read_off_a_numbered_list_whose_items_are_what_is_counted(question: str, page: str, expected: str) -> None:
    found = extract(analyze(question), [Passage(page, tuple(split_sentences(page)))], limit=1)
    assert found and found[0].answer == expected and found[0].features.get("list_count") == 1.0
    assert expected.split()[0] + "." in found[0].sentence.text  # the count is the last item's number, quoted
    # a list whose items are not what is asked gives no count
    assert not any(x.features.get("list_count") for x in extract(
        analyze("Có bao nhiêu người nước ngoài cư trú?"), [Passage(page, tuple(split_sentences(page)))], limit=5))


def test_an_item_of_another_kind_right_before_a_first_item_leads_its_list() -> None:
    """TT 01/2026/TT-BCT Điều 3: "2. Cục Hóa chất" (no colon) over "a) …" … "đ) Tiếp nhận hồ sơ, tổ chức thẩm định
    hóa chất mới"; "1. Ủy ban nhân dân cấp tỉnh …:" before it leads its own items."""
    page = ("1. Ủy ban nhân dân cấp tỉnh nơi tổ chức, cá nhân đặt trụ sở chính:\na) Tiếp nhận hồ sơ, tổ chức thẩm định, cấp "
            "Giấy phép sản xuất;\nb) Tiếp nhận hồ sơ, cấp Giấy phép xuất khẩu.\n2. Cục Hóa chất\na) Tiếp nhận hồ sơ, thẩm định, "
            "đánh giá điều kiện thực tế;\nb) Tiếp nhận thông tin khai báo hóa chất nhập khẩu;\nđ) Tiếp nhận hồ sơ, tổ chức thẩm "
            "định hóa chất mới;")
    sentences = split_sentences(page)
    item = next(i for i, s in enumerate(sentences) if s.text.startswith("đ)"))
    assert sentences[lead_of(sentences, item, page)].text == "2. Cục Hóa chất"
    first = next(i for i, s in enumerate(sentences) if s.text.startswith("b) Tiếp nhận hồ sơ, cấp Giấy phép xuất khẩu"))
    assert sentences[lead_of(sentences, first, page)].text.startswith("1. Ủy ban nhân dân cấp tỉnh")


@pytest.mark.parametrize(
    "name, page, lead_end, first_item",
    [
        ("TT-01-2026-TT-BCT.pdf", 5, "bao gồm các dữ liệu sau:", "a) Các dữ liệu về hóa chất"),
        ("BT_TTr-3367-TTr-SNV-2024_footnote.pdf", 2, "tính đến ngày 26/11/2024 có:", "- 05 hội đã tổ chức đại hội"),
    ],
)
def test_a_lead_ending_a_page_is_answered_with_the_items_the_next_page_opens_with(name, page, lead_end, first_item) -> None:
    """The page ends with a list's lead, the next page opens with its items: the lead's passage
    writes them after its text (their own page's offsets kept in a piece), so its answer block holds
    them, quoted on each page at its own offsets."""
    from ingest import parse_pdf
    from qa.answer import _across_breaks
    from tests.conftest import REALDOCS, SHARED
    from tracuu.settings import Settings
    from tracuu.vn.sentences import Sentence, opens_item

    path = next((folder / name for folder in (REALDOCS, SHARED / "realdocs2" / "pdf") if (folder / name).exists()), None)
    if path is None:
        pytest.skip(f"{name} is not available")
    doc = parse_pdf(path, Settings(ocr=False))
    text, following = doc.pages[page - 1].text, doc.pages[page].text
    sentences, opening = tuple(split_sentences(text)), split_sentences(following)
    assert sentences[-1].text.endswith(lead_end) and opens_item(opening[0].text) and opening[0].text.startswith(first_item)
    items = Sentence(following[opening[0].start : opening[1].end], opening[0].start, opening[1].end)
    joined, inside, _, pieces = _across_breaks(page, text, sentences, sentences[-2:], None, None, None, items)
    assert inside == sentences[-2:] and joined == f"{text}\n{items.text}"
    lead = extract(analyze("Gồm những gì?"), [Passage(joined, inside[-1:])], limit=5)
    assert any(first_item in x.answer and x.sentence.start == inside[-1].start for x in lead)
    last = pieces[-1]
    assert (last.page, following[last.start : last.start + last.length]) == (page + 1, items.text)
