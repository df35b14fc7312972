"""Table cells: row label × column header -> the cell's value (qa/tables.py), on row lines shaped
as ingest writes them ("<row label> · <header>: <value> · …"), from two documents' tables."""

from __future__ import annotations

import pytest

from qa.analyze import analyze
from qa.extract import Passage, extract
from qa.tables import cells, pick_cell
from tracuu.vn.sentences import split_sentences

# TH CV 295/VP-CTHĐND, Danh mục sản phẩm (p3) and NĐ 30/2020 Phụ lục III (type abbreviations)
TH_ROW = ("I.A.3 Chủ trì hoặc tham dự các cuộc họp, hội nghị · SẢN PHẨM ĐẦU RA (3): Thông báo kết luận; Biên bản · "
          "PHÂN NHÓM (4): N3 · KHUNG ĐIỂM (5): ≤300 · ĐIỂM CHẤM (KHOẢNG) (6): 180–260 · HỆ SỐ QUY ĐỔI (7)=(6)÷5: 36–52")
ND30_ROW = "5 Quyết định (cá biệt) · Chữ viết tắt: QĐ"


@pytest.mark.parametrize(
    "row, question, value",
    [
        (TH_ROW, "Chủ trì hoặc tham dự các cuộc họp có điểm chấm khoảng bao nhiêu?", "180–260"),
        (TH_ROW, "Hệ số quy đổi của việc chủ trì các cuộc họp, hội nghị là bao nhiêu?", "36–52"),
        (TH_ROW, "Chủ trì cuộc họp thuộc phân nhóm nào?", "N3"),
        (TH_ROW, "Chu tri cac cuoc hop co khung diem la bao nhieu?", "≤300"),
        (ND30_ROW, "Chữ viết tắt của Quyết định (cá biệt) là gì?", "QĐ"),
    ],
)
def test_named_column_value(row: str, question: str, value: str) -> None:
    span = pick_cell(analyze(question), row)
    assert span is not None and row[span[0] : span[1]] == value


def test_no_cell_without_a_named_column() -> None:
    assert pick_cell(analyze("Ai chủ trì các cuộc họp?"), TH_ROW) is None
    assert pick_cell(analyze("Điểm chấm là bao nhiêu?"), "Câu văn thường, không phải dòng bảng: điểm 5.") is None


def test_cells_of_a_row() -> None:
    assert [c.header for c in cells(TH_ROW)][:2] == ["SẢN PHẨM ĐẦU RA (3)", "PHÂN NHÓM (4)"]


def test_extract_answers_with_the_cell_of_the_named_row() -> None:
    other = TH_ROW.replace("I.A.3 Chủ trì hoặc tham dự các cuộc họp, hội nghị", "I.A.4 Đánh giá, xếp loại công chức").replace("180–260", "180–240")
    text = f"{other}\n{TH_ROW}"
    found = extract(analyze("Việc chủ trì các cuộc họp, hội nghị có điểm chấm khoảng bao nhiêu?"), [Passage(text, tuple(split_sentences(text)))])
    assert found and found[0].answer == "180–260"


def test_reader_seam_reads_a_table_row() -> None:
    """The default reader (settings.reader = "rules") is the extractive rules, fed the index's abbreviations."""
    from qa.reader import RuleReader, make_reader
    from tracuu.settings import Settings
    from tracuu.vn.abbreviations import bundled

    class Abbreviating:  # the one index method the rule reader uses
        def abbreviations(self):
            return bundled()

    reader = make_reader(Abbreviating(), Settings())
    assert isinstance(reader, RuleReader)
    found = reader.read(analyze("Chủ trì cuộc họp thuộc phân nhóm nào?"), [Passage(TH_ROW, tuple(split_sentences(TH_ROW)))])
    assert found[0].answer == "N3"


def test_a_row_the_question_does_not_name_gives_no_cell() -> None:
    """Bundled appendix row: the question names the column ("ngày ban hành") but another document."""
    row = "2 268-KH/BKTTW · Ngày ban hành: 23/9/2024 · Cơ quan ban hành: Ban Kinh tế Trung ương"
    assert pick_cell(analyze("Báo cáo tự giám sát Nghị quyết 11 được ký ban hành ngày nào?"), row) is None
    assert pick_cell(analyze("Kế hoạch 268-KH/BKTTW có ngày ban hành nào?"), row) is not None


# NĐ 335/2025 Mẫu số 01 (a criterion and the group row that names it among others) and NĐ 30/2020
# Phụ lục III (a type and the longer type that holds its words).
@pytest.mark.parametrize(
    "rows, question, value",
    [
        (
            ["I Phẩm chất chính trị, phẩm chất đạo đức, văn hóa thực thi công vụ và ý thức kỷ luật, kỷ cương trong "
             "thực thi công vụ · Điểm tối đa (3): 10",
             "2 Ý thức kỷ luật, kỷ cương trong thực thi công vụ · Điểm tối đa (3): 5"],
            'Tiêu chí "Ý thức kỷ luật, kỷ cương trong thực thi công vụ" có điểm tối đa là bao nhiêu?',
            "5",
        ),
        (
            ["5 Quyết định (cá biệt) · Chữ viết tắt: QĐ", "4 Quyết định (quy phạm pháp luật) · Chữ viết tắt: QĐ-QPPL"],
            "Chữ viết tắt của Quyết định (cá biệt) là gì?",
            "QĐ",
        ),
    ],
)
def test_the_row_named_most_wholly_answers(rows: list[str], question: str, value: str) -> None:
    text = "\n".join(rows)
    found = extract(analyze(question), [Passage(text, tuple(split_sentences(text)), 0)])
    assert found and found[0].answer == value
