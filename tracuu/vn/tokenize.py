"""Tokens for BM25 and keyword matching.

``tokenize("Quyết định số 236/QĐ-TTg đạt 7,17 %")`` gives lower-case syllables
(``quyết``, ``định``, ``số``), one token per document number (``236/qđ-ttg``), one per number
(``7,17%``, canonical as in ``tracuu.vn.numbers``), one per date (ISO ``2022-09-16``), then the
syllable bigrams (``quyết_định``, ``định_số``). Bigrams join two syllables separated by spaces
only, never across punctuation, numbers or document numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracuu.vn.docrefs import DOC_NUMBER_RE, normalize_key
from tracuu.vn.normalize import FROM_SUPERSCRIPT, SUPERSCRIPTS, fold_diacritics, normalize_text
from tracuu.vn.numbers import NUMBER_RE, canonical_number, find_dates

# Vietnamese function words: frequent, carry no topic.
STOPWORDS: frozenset[str] = frozenset(
    """và của các là có được trong cho với theo này đã về những một để từ đến trên tại khi thì
    mà như cũng nhưng hoặc do bởi vì nên rằng nào đó đây sẽ đang vẫn còn lại ra vào hơn rất
    nhiều ít mỗi từng cùng giữa sau trước bị hay nếu thế gì ai ở việc""".split()
)

# The same, as typed without diacritics ("cua", "va").
FOLDED_STOPWORDS: frozenset[str] = frozenset(fold_diacritics(w) for w in STOPWORDS)

# Interrogatives say what is asked, not what about: "bao nhiêu" must not match "bao gồm".
# Accentless forms only where they cannot be another word ("nao" may be "não", "gi" "ghi").
_INTERROGATIVE_RE = re.compile(r"\b(?:bao nhiêu|bao giờ|bao lâu|mấy|nào|gì|ai|đâu|bao nhieu|bao gio)\b", re.IGNORECASE)

_SCOPE_RE = re.compile(r"(?i)\b(?:(?:trên|tren|tại|tai) )?(?:địa|dia) (?:bàn|ban)\b")

_WORD_RE = re.compile(r"[^\W_]+")  # letters and digits: "quyết", "km18", "17h00"
# Superscript digits glued to a word: a footnote marker ("người¹", "3²⁵"), dropped, or the power of
# a unit ("km²", "m³"), written as an ASCII digit so that a typed "km2" matches.
_POWER_UNITS = frozenset({"km", "m", "cm", "dm", "mm"})
_PERCENT_RE = re.compile(r"\s?%")


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    is_word: bool  # a syllable (may join a bigram); False for numbers, dates, document numbers


def _special_tokens(text: str) -> list[_Tok]:
    """Document numbers, dates and numbers, not overlapping (in that priority)."""
    toks: list[_Tok] = []

    def free(s: int, e: int) -> bool:
        return all(t.end <= s or e <= t.start for t in toks)

    for m in DOC_NUMBER_RE.finditer(text):
        toks.append(_Tok(normalize_key(m.group(0)).lower(), m.start(), m.end(), False))
    # Lower-case numbers typed in queries ("236/qd-ttg"); no spaces allowed inside them here.
    upper = text.upper()
    if len(upper) == len(text):
        for m in DOC_NUMBER_RE.finditer(upper):
            if free(m.start(), m.end()) and not any(c.isspace() for c in m.group(0)):
                toks.append(_Tok(normalize_key(m.group(0)).lower(), m.start(), m.end(), False))
    for d in find_dates(text):
        if free(d.start, d.end):
            toks.append(_Tok(d.iso, d.start, d.end, False))
    for m in NUMBER_RE.finditer(text):
        if free(m.start(), m.end()):
            pct = _PERCENT_RE.match(text, m.end())
            end = pct.end() if pct else m.end()
            toks.append(_Tok(canonical_number(m.group(0)) + ("%" if pct else ""), m.start(), end, False))
    return sorted(toks, key=lambda t: t.start)


def _without_marker(word: str) -> str:
    stem = word.rstrip(SUPERSCRIPTS)
    if stem == word:
        return word
    return stem + word[len(stem) :].translate(FROM_SUPERSCRIPT) if stem in _POWER_UNITS else stem


def _tokens(text: str) -> list[_Tok]:
    specials = _special_tokens(text)
    out: list[_Tok] = []
    pos = 0
    for sp in [*specials, _Tok("", len(text), len(text), False)]:
        for m in _WORD_RE.finditer(text, pos, sp.start):
            word = _without_marker(m.group(0).lower())
            if word:
                out.append(_Tok(word, m.start(), m.end(), True))
        if sp.text:
            out.append(sp)
        pos = sp.end
    return out


def tokenize(text: str, *, fold: bool = False) -> list[str]:
    """Unigrams (syllables, numbers, dates, document numbers) then syllable bigrams, lower-case.

    ``fold=True`` removes diacritics from every token ("quyet_dinh", "236/qd-ttg").
    """
    text = normalize_text(text)
    toks = _tokens(text)
    unigrams = [t.text for t in toks]
    bigrams = [
        f"{a.text}_{b.text}"
        for a, b in zip(toks, toks[1:])
        if a.is_word and b.is_word and text[a.end : b.start].isspace()
    ]
    out = unigrams + bigrams
    return [fold_diacritics(t) for t in out] if fold else out


def without_scope(question: str) -> str:
    """``question`` without its administrative scope "(trên) địa bàn", which questions write and the
    sentences answering them rarely do; the place named after it stays."""
    return _SCOPE_RE.sub(" ", question)


def without_question_words(question: str) -> str:
    """``question`` with its question words and scope blanked, for matching it against passages
    ("Trên địa bàn tỉnh có bao nhiêu dân tộc?" -> "tỉnh có dân tộc?", spaces aside)."""
    return without_scope(_INTERROGATIVE_RE.sub(" ", question))


def keywords(text: str, *, fold: bool = False) -> list[str]:
    """Unigrams of ``text`` without stopwords, first occurrence order, no repeats (for QA)."""
    words = [t.text for t in _tokens(normalize_text(text)) if t.text not in STOPWORDS]
    if fold:
        words = [fold_diacritics(w) for w in words]
    return list(dict.fromkeys(words))
