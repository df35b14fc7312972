"""Table cells: a question naming a row and a column is answered with the cell's value.

Ingest writes each table row as one line, "<row label> · <header 2>: <value 2> · <header 3>:
<value 3> …" (``tracuu.vn.sentences.TABLE_ROW_SEP``). Retrieval and sentence scoring find the row by
its label; here the cell is the one whose column header holds most of the question's words that
the row label does not, and its value is the short answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from qa.analyze import QuestionInfo
from qa.people import kind_words
from tracuu.vn.docrefs import parse_refs
from tracuu.vn.numbers import find_dates, find_figures
from tracuu.vn.normalize import fold_diacritics
from tracuu.vn.sentences import TABLE_ROW_SEP

_WORD_RE = re.compile(r"\w+")
MIN_HEADER_SHARE = 0.5  # of a header's words (numbering like "(6)" aside) the question must name
# A cell answers only a question that names its row: this share of the row label's words (or
# LABEL_WORDS of them, for a long label) outside the column header.
MIN_LABEL_SHARE = 0.5
LABEL_WORDS = 3


@dataclass(frozen=True)
class Cell:
    header: str
    value_start: int  # offsets in the row text
    value_end: int


class CellPick(NamedTuple):
    start: int  # the value's offsets in the row text
    end: int
    header_share: float  # share of the column header's words the question names (feature table_cell)
    label_share: float  # share of the row label's words the question names (feature row_label)


def label_words(text: str) -> set[str]:
    """The folded words of a label or header, numbering ("(6)", "2.1") aside."""
    return {fold_diacritics(w).lower() for w in _WORD_RE.findall(text) if not w.isdigit()}


def cells(row: str) -> list[Cell]:
    """The "<header>: <value>" cells of a table row line (the row label is not a cell)."""
    out = []
    pos = row.find(TABLE_ROW_SEP)
    while pos >= 0:
        start = pos + len(TABLE_ROW_SEP)
        nxt = row.find(TABLE_ROW_SEP, start)
        end = len(row) if nxt < 0 else nxt
        colon = row.find(": ", start, end)
        if colon > start:
            out.append(Cell(row[start:colon], colon + 2, end))
        pos = nxt
    return out


def pick_cell(info: QuestionInfo, row: str) -> CellPick | None:
    """The value of the column the question names in a row it names, or None. Of two rows holding
    the asked words, the one whose label the question names most wholly is meant ("Ý thức kỷ luật,
    kỷ cương ..." is row 2, not row I "Phẩm chất chính trị, ... và ý thức kỷ luật, kỷ cương ...")."""
    found = cells(row)
    if not found:
        return None
    label = label_words(row[: row.find(TABLE_ROW_SEP)])
    question = label_words(" ".join(info.keywords))
    kind = kind_words(info)  # "cơ quan nào": may complete a header, never names one alone
    asked = question - label
    ranked: list[tuple[float, Cell]] = []
    for cell in found:
        header = label_words(cell.header)
        if _given(info, row[cell.value_start : cell.value_end]):
            continue  # the question gives this column's value ("số UN 1005"): it asks another column
        if header and header & asked - kind and cell.value_end > cell.value_start:
            share = len(header & (asked | kind)) / len(header)
            if share >= MIN_HEADER_SHARE:
                ranked.append((share, cell))
    for share, cell in sorted(ranked, key=lambda sc: -sc[0]):
        named = (label & question) - label_words(cell.header)
        if not named or len(named) < min(LABEL_WORDS, MIN_LABEL_SHARE * len(label)):
            return None  # the question names the column but not this row ("… ký ngày nào?" is no row of a list of dates)
        if _fits(info, row[cell.value_start : cell.value_end]):
            return CellPick(cell.value_start, cell.value_end, share, len(named) / len(label))
    return None


def _given(info: QuestionInfo, value: str) -> bool:
    """True when the question writes the cell's value itself (as whole words)."""
    folded = " ".join(fold_diacritics(value).lower().split())
    return bool(folded) and re.search(rf"(?<!\w){re.escape(folded)}(?!\w)", info.folded) is not None


def _fits(info: QuestionInfo, value: str) -> bool:
    """A cell value is of the asked type: a figure for "bao nhiêu", a date for "ngày nào", a
    document reference for "văn bản nào", words and no date for "ai"/"cơ quan nào"; any value for
    other questions."""
    if info.answer_type == "quantity":
        return bool(find_figures(value))
    if info.answer_type == "date":
        return bool(find_dates(value)) or any(ch.isdigit() for ch in value)
    if info.answer_type == "document":
        return bool(parse_refs(value))
    if info.answer_type == "who":
        return not find_dates(value) and any(ch.isalpha() for ch in value)
    return True
