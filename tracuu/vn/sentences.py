"""Split Vietnamese page or footnote text into sentences, keeping character offsets.

A sentence ends at ``.``, ``!`` or ``?`` followed by white space and a new
sentence start, or at a blank line / a new list item; a clause also ends at ``;``. A table row
line (``TABLE_ROW_SEP``) is one sentence. Numbers (``7,17%``,
``5.529``, ``366.55/640,28ha``), abbreviations (``TP.``, ``QL.1B``, ``v.v.``) and
ellipses inside a sentence do not end it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations written with a trailing dot that never end a sentence.
ABBREVIATIONS = frozenset(
    {
        "tp", "ql", "tl", "dt", "đt", "ts", "ths", "pgs", "gs", "bs", "ks", "th", "nxb",
        "tr", "st", "v.v", "vv", "k", "kt", "tm", "tuq", "q", "p", "no", "ttg", "mr", "ms",
    }
)

# Candidate boundary: end punctuation (+ closing quotes/brackets), white space, then what follows.
_BOUNDARY_RE = re.compile(r"[.!?]+[\"”’)\]]*(?=\s)")
_CLAUSE_RE = re.compile(r";(?=\s)")
# A new list item at the start of a line: "- ", "+ ", "* ", "a) ", "1. ", "2.3. ", "II- ".
_ITEM_RE = re.compile(r"\n[ \t]*(?=[-+*•]\s|[a-zđ]\)\s|\d+(?:\.\d+)*[.)]\s|[IVX]+[-.]\s)")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
# What a line may open with before a dot that ends no sentence: an item's number ("1", "2.3"), an
# article's or part's label ("Điều 7", "Chương II", "Mục 2").
_LABEL_RE = re.compile(r"\s*(?:\d{1,3}(?:\.\d{1,3})*|(?:Điều|Chương|Mục|Phần|Khoản)\s+[\dIVXLC]+[a-zđ]?)")
# Ingest writes a table row as one line, "<row label> · <header>: <value> · …": one sentence,
# never cut inside, never joined with the next row.
TABLE_ROW_SEP = " · "
_TABLE_ROW_RE = re.compile(rf"^[^\n]*{re.escape(TABLE_ROW_SEP)}[^\n]*$", re.MULTILINE)


@dataclass(frozen=True)
class Sentence:
    """``text == source[start:end]`` of the text it was split from."""

    text: str
    start: int
    end: int


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the dot at ``dot`` closes an abbreviation like ``TP.`` or a single initial."""
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot]
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _next_starts_sentence(text: str, pos: int) -> bool:
    """True when the first visible character from ``pos`` can open a sentence."""
    rest = text[pos:].lstrip()
    if not rest:
        return True
    first = rest[0]
    return first.isupper() or first.isdigit() or first in "\"“‘([-+*•"


def _boundaries(text: str) -> list[int]:
    """Offsets where one sentence ends (exclusive), in order."""
    cuts: set[int] = set()
    for m in _BOUNDARY_RE.finditer(text):
        punct = m.group(0)
        if punct.startswith(".") and len(punct.rstrip("\"”’)]")) == 1 and _is_abbreviation(text, m.start()):
            continue
        if punct == "." and _LABEL_RE.fullmatch(text[text.rfind("\n", 0, m.start()) + 1 : m.start()]):
            continue  # "1. Hội đồng …", "Điều 7. Cơ cấu …": the dot closes an item's number or an article's label
        if _next_starts_sentence(text, m.end()):
            cuts.add(m.end())
    for regex in (_ITEM_RE, _BLANK_LINE_RE):
        for m in regex.finditer(text):
            cuts.add(m.start())
    for m in _TABLE_ROW_RE.finditer(text):
        cuts = {c for c in cuts if not m.start() < c < m.end()} | {m.start(), m.end()}
    cuts.add(len(text))
    return sorted(cuts)


def split_sentences(text: str, *, min_chars: int = 2) -> list[Sentence]:
    """Sentences of ``text`` with offsets, leading/trailing white space trimmed off each."""
    sentences: list[Sentence] = []
    start = 0
    for cut in _boundaries(text):
        piece = text[start:cut]
        stripped = piece.strip()
        if len(stripped) >= min_chars:
            lead = len(piece) - len(piece.lstrip())
            s = start + lead
            sentences.append(Sentence(stripped, s, s + len(stripped)))
        start = cut
    return sentences


def split_clauses(sentence: Sentence) -> list[Sentence]:
    """The ``;``-separated clauses of a sentence, with offsets in the same source text."""
    clauses: list[Sentence] = []
    start = 0
    cuts = [m.end() for m in _CLAUSE_RE.finditer(sentence.text)] + [len(sentence.text)]
    for cut in cuts:
        piece = sentence.text[start:cut]
        stripped = piece.strip()
        if stripped:
            s = sentence.start + start + len(piece) - len(piece.lstrip())
            clauses.append(Sentence(stripped, s, s + len(stripped)))
        start = cut
    return clauses


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence that contains ``offset`` (or ends right at it, for a marker after the last word)."""
    for s in sentences:
        if s.start <= offset <= s.end:
            return s
    return None


# A list item's or numbered heading's mark opening a text: "- ", "a) ", "2. ", "1.2. ", "2.6 ".
_OPENING_MARK_RE = re.compile(r"(?:[-+•]|[a-zđ]\)|\d+(?:\.\d+)*[.)]|\d+(?:\.\d+)+)(?:\s|$)")
# What ends a sentence at the end of a text: end punctuation, a lead's colon, a closing quote.
_CLOSED_END = ".!?:;…\"”"


def runs_on(ending: str, opening: str) -> bool:
    """True when ``opening`` (the first words of a page) goes on with the sentence ``ending`` (the
    last words of the page before) leaves open: it ends with no closing punctuation, and the next
    page opens with a lower-case word or a figure ("… (GRDP) đạt" | "6,33%, trong đó: …"), not a
    list item's mark or a table row."""
    end, start = ending.rstrip(), opening.lstrip()
    if not end or not start or end[-1] in _CLOSED_END or _OPENING_MARK_RE.match(start):
        return False
    if TABLE_ROW_SEP in end.rsplit("\n", 1)[-1] or TABLE_ROW_SEP in start.split("\n", 1)[0]:
        return False
    return start[0].islower() or start[0].isdigit() or start[0] in ",;%"


def opens_item(text: str) -> bool:
    """True when ``text`` opens with a list item's or numbered heading's mark ("- ", "a) ", "2. ")."""
    return _OPENING_MARK_RE.match(text.lstrip()) is not None
