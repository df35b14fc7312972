"""Sentence splitting with offsets: numbers, abbreviations and list items in Vietnamese text."""

from tracuu.vn.sentences import sentence_at, split_clauses, split_sentences

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
