"""Labelled fields: "- Phó Chủ nhiệm: 13 Luật sư", "Chỉ đạo biên soạn:⏎Ông Nguyễn Quang Dũng, Vụ
trưởng ...", "Thời gian thực hiện: Quý III/2026". A question that names the label asks for the value:
"... có bao nhiêu Phó Chủ nhiệm?" -> "13 Luật sư", "Ai chỉ đạo biên soạn Sổ tay ...?" -> "Ông Nguyễn
Quang Dũng, Vụ trưởng Vụ Công chức - Viên chức". Forms, lists of members and plans write facts so."""

from __future__ import annotations

import re

from qa.analyze import QuestionInfo
from qa.tables import label_words
from tracuu.vn.docrefs import parse_refs
from tracuu.vn.normalize import fold_diacritics
from tracuu.vn.numbers import find_dates, find_figures
from tracuu.vn.sentences import TABLE_ROW_SEP
from tracuu.vn.tokenize import keywords

# A label at a line start (after a bullet or a list item's "c)", "2.") or after " - ", "; ", "· " inside a line (a table cell
# listing fields: "cơ bản: - Phạm vi đo: đến 2000 mL - Cấp chính xác: A") or after another label's
# colon ("trong đó: Ngân sách trung ương: 490 tỷ đồng, đạt 49%; ngân sách địa phương: …"), a colon,
# the value on the same line or the next one.
_FIELD_RE = re.compile(
    r"(?m)(?:^[ \t]*|(?<= - )|(?<=; )|(?<=· )|(?<=: ))(?:(?:[-+•*–]|[a-zđ]\)|\d{1,2}[.)])[ \t]*)?(?P<label>[^\W\d_][^:;\n]{1,60}?)[ \t]*:[ \t]*\n?[ \t]*(?P<value>\S[^\n]*)"
)
# Words that may stand before a field's figure: "Phạm vi đo: đến 2000 mL", after a verb that
# introduces a quantity ("Hoàn thành tốt nhiệm vụ: Đạt từ 70 đến dưới 90 điểm", "Kết quả tổng hợp
# góp ý: Có 24 cơ quan").
_QUALIFIER_RE = re.compile(
    r"(?:(?:đạt|có|gồm|bằng)\s+)?(?:(?:đến|tới|tối đa|tối thiểu|không quá|khoảng|trên|dưới|từ|là)\s+)?", re.IGNORECASE
)
_NEGATION_RE = re.compile(r"\b(?:khong|chua)\s+$")  # folded, right before a label the question writes
_VALUE_END_RE = re.compile(r"[;]|\.(?:\s|$)")
_WORD_RE = re.compile(r"\w+")
LABEL_MIN_WORDS = 2  # "Số:", "Nơi nhận:" alone say too little to be asked by name
VALUE_MAX = 100
ROW_SHARE = 0.5  # of a table row label's words the question must name for a field of that row


def _value(line: str) -> str:
    """The value written after a label: up to a ";" or a sentence end, and before the next label
    when a line break was lost ("Ông Nguyễn Quang Dũng, Vụ trưởng ... Viên chức Tổ chức biên soạn:"
    -> the next label is the last capitalised word on, with only lower-case words up to its colon)."""
    end = _VALUE_END_RE.search(line)
    value = line[: end.start() if end else len(line)]
    colon = value.find(":")
    if colon >= 0:
        words = list(_WORD_RE.finditer(value, 0, colon))
        label_start = next((w.start() for w in reversed(words) if w.group(0)[0].isupper()), 0)
        value = value[:label_start]
    return value.rstrip(" ,-–")  # "đến 2000 mL - | Cấp chính xác: A": the next field of a cell


def _fits(answer_type: str, value: str) -> bool:
    """The value is of the asked kind: a figure leads a quantity, a capital a name or body."""
    if answer_type == "quantity":
        figures = find_figures(value)
        return bool(figures) and figures[0].start <= _QUALIFIER_RE.match(value).end()
    if answer_type == "date":
        return bool(find_dates(value))
    if answer_type == "document":
        return bool(parse_refs(value))
    if answer_type == "who":
        return value[:1].isupper()
    return answer_type == "other"  # "Mẫu 07c là mẫu gì?": any value, when the label is asked as written


def _names_row(info: QuestionInfo, label: str) -> bool:
    words = label_words(label)
    return len(words & info.folded_keywords) >= ROW_SHARE * len(words)


def _fields(text: str) -> list[re.Match[str]]:
    """Every labelled field, a value's own fields too ("cơ bản: - Phạm vi đo: đến 2000 mL")."""
    found, m = [], _FIELD_RE.search(text)
    while m is not None:
        found.append(m)
        m = _FIELD_RE.search(text, m.start("value"))
    return found


def pick_field(info: QuestionInfo, text: str) -> tuple[int, int, float] | None:
    """(start, end, named) of the value whose label the question names: ``named`` is 1 when the
    question writes the label as a phrase ("bao nhiêu Phó Chủ nhiệm"), 0.5 when it holds every word of
    it apart. The value ends at a ";" or a sentence end; None when no label is named or the value is
    of another kind than the answer asked."""
    if TABLE_ROW_SEP in text and not _names_row(info, text[: text.find(TABLE_ROW_SEP)]):
        return None  # a field of a table row answers only a question naming the row ("Ống đong")
    best: tuple[int, int, float] | None = None
    for m in _fields(text):
        label = keywords(m.group("label"), fold=True)  # as the question's words are made: "07c" -> "7", "c"
        if len(label) < LABEL_MIN_WORDS or not set(label) <= info.folded_keywords:
            continue
        if m.group("label")[-1:].isdigit() and m.group("value")[:1].isdigit():
            continue  # "ĐLVN 05 : 2017", "10:30": a code or a time, not a label and its value
        value = _value(m.group("value"))
        # a figure's value may run on: the reader keeps the figure's own span (qa.extract)
        long = len(value) > VALUE_MAX and info.answer_type != "quantity"
        if not value or long or not _fits(info.answer_type, value):
            continue
        phrase = " ".join(fold_diacritics(m.group("label")).lower().split())
        written = [w.start() for w in re.finditer(rf"\b{re.escape(phrase)}\b", info.folded)]
        if written and all(_NEGATION_RE.search(info.folded, 0, w) for w in written):
            continue  # "… xếp loại không hoàn thành nhiệm vụ" does not ask the field "Hoàn thành nhiệm vụ:"
        named = 1.0 if written else 0.5
        if info.answer_type == "other" and named < 1.0:
            continue
        if best is None or named > best[2]:
            best = (m.start("value"), m.start("value") + len(value), named)
    return best
