"""Labelled fields: "- Phó Chủ nhiệm: 13 Luật sư", "Chỉ đạo biên soạn:⏎Ông Nguyễn Quang Dũng, Vụ
trưởng ...", "Thời gian thực hiện: Quý III/2026". A question that names the label asks for the value:
"... có bao nhiêu Phó Chủ nhiệm?" -> "13 Luật sư", "Ai chỉ đạo biên soạn Sổ tay ...?" -> "Ông Nguyễn
Quang Dũng, Vụ trưởng Vụ Công chức - Viên chức". Forms, lists of members and plans write facts so."""

from __future__ import annotations

import re

from qa.analyze import QuestionInfo
from tracuu.vn.docrefs import parse_refs
from tracuu.vn.normalize import fold_diacritics
from tracuu.vn.numbers import find_dates, find_figures

# A label at a line start (after a bullet), a colon, the value on the same line or the next one.
_FIELD_RE = re.compile(r"(?m)^[ \t]*(?:[-+•*–][ \t]*)?(?P<label>[^\W\d_][^:\n]{1,60}?)[ \t]*:[ \t]*\n?[ \t]*(?P<value>\S[^\n]*)")
_VALUE_END_RE = re.compile(r"[;]|\.(?:\s|$)")
_WORD_RE = re.compile(r"\w+")
LABEL_MIN_WORDS = 2  # "Số:", "Nơi nhận:" alone say too little to be asked by name
VALUE_MAX = 100


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
    return value.rstrip(" ,")


def _fits(answer_type: str, value: str) -> bool:
    """The value is of the asked kind: a figure leads a quantity, a capital a name or body."""
    if answer_type == "quantity":
        figures = find_figures(value)
        return bool(figures) and figures[0].start <= 2
    if answer_type == "date":
        return bool(find_dates(value))
    if answer_type == "document":
        return bool(parse_refs(value))
    if answer_type == "who":
        return value[:1].isupper()
    return False


def pick_field(info: QuestionInfo, text: str) -> tuple[int, int, float] | None:
    """(start, end, named) of the value whose label the question names: ``named`` is 1 when the
    question writes the label as a phrase ("bao nhiêu Phó Chủ nhiệm"), 0.5 when it holds every word of
    it apart. The value ends at a ";" or a sentence end; None when no label is named or the value is
    of another kind than the answer asked."""
    best: tuple[int, int, float] | None = None
    for m in _FIELD_RE.finditer(text):
        label = [fold_diacritics(w).lower() for w in _WORD_RE.findall(m.group("label"))]
        if len(label) < LABEL_MIN_WORDS or not set(label) <= info.folded_keywords:
            continue
        value = _value(m.group("value"))
        if not value or len(value) > VALUE_MAX or not _fits(info.answer_type, value):
            continue
        named = 1.0 if re.search(rf"\b{re.escape(' '.join(label))}\b", info.folded) else 0.5
        if best is None or named > best[2]:
            best = (m.start("value"), m.start("value") + len(value), named)
    return best
