"""Extractive answering without an LLM: pick the sentence and the span that answer a question.

Input is a list of ``Passage`` (a source text, e.g. a page or a footnote, with the sentences
to consider); output is a ranked list of ``Extraction`` (short answer + the sentence it came
from). Scoring a sentence:
  * keyword coverage: IDF-weighted share of the question's (accentless) words found in it,
    plus a bonus for shared word pairs ("bão số", "số 3");
  * hard constraints: every year named in the question must occur in the sentence, and the
    sentence must hold something of the asked type (a figure, a date, a document reference,
    a person's name for "ai là ...");
  * a small prior for the passage's retrieval rank.
The span is a figure (with its qualifier and range: "trên 550 tỷ đồng", "từ 02 năm đến 07
năm") for quantities, a date for dates, a reference for documents, else the shortest clause.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from qa.analyze import QuestionInfo, analyze, names_document
from tracuu.vn.sentences import Sentence, split_clauses, split_sentences
from tracuu.vn.docrefs import parse_refs
from tracuu.vn.normalize import fold_diacritics
from tracuu.vn.numbers import Figure, figures_match, find_dates, find_figures

# Minimum sentence score to answer at all; below it the caller abstains (calibrated on the
# bench questions incl. unanswerable ones).
MIN_SCORE = 0.45
# Score taken off a clause offered as the answer when it holds nothing of the asked type.
UNTYPED_PENALTY = 0.3
# A name answers "ai là ..." only with this share of the question's words within NAME_WINDOW characters.
NAME_KEYWORDS = 0.6
NAME_WINDOW = 60
# Score taken off a sentence for each year named in the question that it does not contain.
YEAR_PENALTY = 1.0
# Answer types whose short answer is a span (figure, date, reference, name), not a sentence.
TYPED = ("quantity", "date", "document", "who")

_WORD_RE = re.compile(r"\w+")
_YEAR_RE = re.compile(r"(?:năm|nam)\s+(?:19|20)\d\d(?!\d)", re.IGNORECASE)
_QUALIFIER_RE = re.compile(
    r"(?:trên|hơn|gần|khoảng|dưới|đến|tới|ít nhất|tối đa|tối thiểu|không quá|không dưới|lên đến|ước)\s+$",
    re.IGNORECASE,
)
_SURNAMES = frozenset(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý nông lương mai đinh "
    "hà lâm tô trịnh đoàn chu triệu vi lục hứa tạ cao quách thân văn".split()
)
_ASKS_PERSON_RE = re.compile(r"(?:^|\s)ai\s+(?:là|la|làm|lam)\b|\b(?:là|la)\s+ai\b")
# Words after "bao nhiêu"/"mấy" that name the unit asked for.
_ASKED_UNIT_RE = re.compile(r"(?:bao nhiêu|mấy)\s+(\w+(?:\s+\w+)?)")
_ITEM_START_RE = re.compile(r"(?:[a-zđ]\)|[-+*•]|\d+(?:\.\d+)*[.)])\s")
_PERCENT_CUES = ("tỷ lệ", "tỉ lệ", "phần trăm", "%")


@dataclass(frozen=True)
class Passage:
    """A source text (page body text, footnote text, bare context) and the sentences to consider."""

    text: str
    sentences: tuple[Sentence, ...]
    rank: int = 0  # 0 = best retrieval rank


@dataclass(frozen=True)
class Extraction:
    answer: str  # the short answer, without citation markers
    passage: int  # index into the passages given
    sentence: Sentence  # the sentence quoted as evidence
    score: float


def _folded_words(text: str) -> list[str]:
    return [fold_diacritics(w).lower() for w in _WORD_RE.findall(text)]


def _pairs(words: list[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:]))


def idf_weights(texts: Sequence[str]) -> dict[str, float]:
    """Inverse document frequency of each accentless word over ``texts`` (e.g. candidate sentences)."""
    df: dict[str, int] = {}
    for text in texts:
        for w in set(_folded_words(text)):
            df[w] = df.get(w, 0) + 1
    n = len(texts)
    return {w: math.log(1 + n / c) for w, c in df.items()}


def keyword_score(info: QuestionInfo, sentence: str, idf: dict[str, float]) -> float:
    """IDF-weighted share of question keywords in the sentence, plus up to 0.3 for shared word pairs.

    Years and the word "năm" do not count: they are a constraint (see YEAR_PENALTY), not evidence.
    """
    years = {str(y) for y in info.years}
    q_words = [w for w in _folded_words(" ".join(info.keywords)) if w not in years and not (years and w == "nam")]
    if not q_words:
        return 0.0
    s_words = _folded_words(sentence)
    s_set = set(s_words)
    default = max(idf.values(), default=1.0)
    total = sum(idf.get(w, default) for w in set(q_words))
    found = sum(idf.get(w, default) for w in set(q_words) if w in s_set)
    q_pairs = _pairs(_folded_words(info.question))
    pair_bonus = 0.3 * len(q_pairs & _pairs(s_words)) / max(1, len(q_pairs))
    return found / total + pair_bonus


def _dates(text: str) -> list[tuple[int, int]]:
    """Spans of full dates, month-years and "năm 2023" years in ``text``, in text order."""
    spans = [(d.start, d.end) for d in find_dates(text)]
    spans += [m.span() for m in _YEAR_RE.finditer(text) if all(not (s <= m.start() < e) for s, e in spans)]
    return sorted(spans)


def _answer_figures(info: QuestionInfo, text: str) -> list[Figure]:
    """Figures in ``text`` (dates, years and document numbers are not figures) that the question does not name."""
    return [f for f in find_figures(text) if not any(figures_match(f.raw, q.raw) for q in info.figures)]


def _asked_unit(info: QuestionInfo) -> str | None:
    """The unit the question asks for, folded ("nam", "ty dong", "%"), when it names one."""
    q = info.question.lower()
    if any(c in q for c in _PERCENT_CUES):
        return "%"
    m = _ASKED_UNIT_RE.search(q) or _ASKED_UNIT_RE.search(info.folded.replace("bao nhieu", "bao nhiêu"))
    return fold_diacritics(m.group(1)).lower() if m else None


def _unit_fits(figure: Figure, asked: str | None, text: str) -> bool:
    """True when the figure is in the unit asked for (its known unit, else the word after it)."""
    if asked is None:
        return True
    if asked == "%":
        return figure.unit == "%"
    after = _WORD_RE.search(text, figure.end)
    unit = figure.unit or (after.group(0) if after and text[figure.end : after.start()].strip() == "" else "")
    unit = fold_diacritics(unit).lower()
    first = asked.split()[0]
    return bool(unit) and (unit.startswith(first) or first in unit.split())


def _proximity(info: QuestionInfo, text: str, pos: int, idf: dict[str, float]) -> float:
    """How strongly the question's keywords point at the candidate starting at ``pos``.

    A keyword counts fully for the first candidate written after its first occurrence
    ("tốc độ tăng ... (GRDP) đạt 7,17%, trong đó: Nông lâm nghiệp tăng 7,72%" -> 7,17%),
    and weakly, by distance, otherwise.
    """
    keys = {fold_diacritics(w).lower() for w in _WORD_RE.findall(" ".join(info.keywords))}
    default = max(idf.values(), default=1.0)
    first: dict[str, re.Match[str]] = {}
    for m in _WORD_RE.finditer(text):
        w = fold_diacritics(m.group(0)).lower()
        if w in keys and w not in first:
            first[w] = m
    score = 0.0
    for w, m in first.items():
        between = text[m.end() : pos]
        gap = len(_WORD_RE.findall(text[min(m.end(), pos) : max(m.start(), pos)]))
        owns = m.end() <= pos and not find_figures(between)
        score += idf.get(w, default) * (1.0 if owns else 0.3 / (1.0 + gap))
    return score


def _with_qualifier(text: str, figures: list[Figure], f: Figure) -> tuple[int, int]:
    """The span of ``f`` widened to "từ X đến Y" ranges and qualifiers like "trên", "khoảng"."""
    start, end = f.start, f.end
    for other in figures:
        between = text[end : other.start].strip().lower()
        if other.start > end and between in ("đến", "tới", "-", "–"):
            before = text[:start].rstrip().lower()
            if before.endswith("từ"):
                return start - (len(text[:start]) - len(text[:start].rstrip())) - 2, other.end
        between = text[other.end : start].strip().lower()
        if other.end <= start and between in ("đến", "tới"):
            before = text[: other.start].rstrip()
            if before.lower().endswith("từ"):
                return len(before) - 2, end
    m = _QUALIFIER_RE.search(text[max(0, start - 14) : start])
    if m:
        start = max(0, start - 14) + m.start()
    return start, end


def _pick_figure(info: QuestionInfo, text: str, idf: dict[str, float]) -> tuple[int, int] | None:
    figures = _answer_figures(info, text)
    asked = _asked_unit(info)
    fitting = [f for f in figures if _unit_fits(f, asked, text)] or (figures if asked is None else [])
    if not fitting:
        return None
    best = max(fitting, key=lambda f: (_proximity(info, text, f.start, idf), -f.start))
    start, end = _with_qualifier(text, figures, best)
    after = _WORD_RE.match(text, end + 1) if text[end : end + 1] == " " else None
    if best.unit is None and asked and after and fold_diacritics(after.group(0)).lower() == asked.split()[0]:
        end = after.end()  # "02 bản", "18 tuổi": a unit the numbers module does not know
    return start, end


def _pick_date(info: QuestionInfo, text: str, idf: dict[str, float]) -> tuple[int, int] | None:
    named = {str(y) for y in info.years}
    dates = [(s, e) for s, e in _dates(text) if text[s:e][-4:] not in named or "/" in text[s:e]]
    if not dates:
        return None
    return max(dates, key=lambda span: (_proximity(info, text, span[0], idf), -span[0]))


def _pick_document(info: QuestionInfo, text: str, idf: dict[str, float]) -> tuple[int, int] | None:
    refs = [r for r in parse_refs(text) if not names_document(info, r.key, r.doc_type, r.number)]
    if not refs:
        return None
    best = max(refs, key=lambda r: (_proximity(info, text, r.start, idf), -r.start))
    return best.start, best.end


def _pick_person(info: QuestionInfo, text: str) -> tuple[int, int] | None:
    """A person's name ("Hoàng Văn Nghiệm": a surname then one to three capitalised words) written
    next to most of the question's words (the role asked about)."""
    words = list(_WORD_RE.finditer(text))
    for i, w in enumerate(words):
        if w.group(0).lower() not in _SURNAMES or not w.group(0)[0].isupper():
            continue
        j = i + 1
        while j < len(words) and j - i <= 3 and words[j].group(0)[0].isupper() and text[words[j - 1].end() : words[j].start()] == " ":
            j += 1
        if j - i >= 2:
            span = (w.start(), words[j - 1].end())
            near = set(_folded_words(text[max(0, span[0] - NAME_WINDOW) : span[1] + NAME_WINDOW]))
            named = fold_diacritics(text[span[0] : span[1]]).lower() in info.folded
            if not named and len(info.folded_keywords & near) >= NAME_KEYWORDS * len(info.folded_keywords):
                return span
    return None


def _asks_person(info: QuestionInfo) -> bool:
    return _ASKS_PERSON_RE.search(info.folded if info.accentless else info.question.lower()) is not None


def _pick_span(info: QuestionInfo, text: str, idf: dict[str, float]) -> tuple[int, int] | None:
    """Offsets in ``text`` of the typed short answer, or None when the text holds nothing of the asked type."""
    kind = info.answer_type
    if kind == "quantity":
        return _pick_figure(info, text, idf)
    if kind == "date":
        return _pick_date(info, text, idf)
    if kind == "document":
        return _pick_document(info, text, idf)
    if _asks_person(info):
        return _pick_person(info, text)
    return 0, len(text)


def _with_items(sentences: Sequence[Sentence], i: int) -> str:
    """A lead sentence ending in ":" scored together with the list items that follow it
    ("... thì bị phạt tù từ 02 năm đến 07 năm:" + "a) ...;" + "b) ...")."""
    text = sentences[i].text
    if not text.endswith(":"):
        return text
    items = []
    for s in sentences[i + 1 :]:
        if not _ITEM_START_RE.match(s.text):
            break
        items.append(s.text)
    return " ".join([text, *items])


def extract(info: QuestionInfo, passages: Sequence[Passage], *, limit: int = 5) -> list[Extraction]:
    """Ranked extractions (best first) from the passages; empty when nothing fits the question."""
    every = [s for p in passages for s in p.sentences]
    idf = idf_weights([s.text for s in every])
    scored: list[Extraction] = []
    for p_index, passage in enumerate(passages):
        prior = 0.05 / (1 + passage.rank)
        for i, sentence in enumerate(passage.sentences):
            typed = info.answer_type in TYPED
            scored_text = _with_items(passage.sentences, i) if info.answer_type == "quantity" else sentence.text
            base = keyword_score(info, scored_text, idf) + prior
            base -= YEAR_PENALTY * sum(str(y) not in sentence.text for y in info.years)
            # A typed span is looked for clause by clause; the whole sentence is the quote.
            for clause in split_clauses(sentence) if typed else []:
                span = _pick_span(info, clause.text, idf)
                if span is not None and clause.text[span[0] : span[1]].strip():
                    bonus = 0.1 * keyword_score(info, clause.text, idf)
                    scored.append(Extraction(clause.text[span[0] : span[1]].strip(), p_index, sentence, base + bonus))
            # The sentence itself answers "other" questions, and typed ones (ranked lower) when no span
            # fits; never a question about a person, whose answer must be a name.
            if not _asks_person(info):
                scored.append(Extraction(sentence.text, p_index, sentence, base - (UNTYPED_PENALTY if typed else 0.0)))
    scored.sort(key=lambda x: -x.score)
    unique: list[Extraction] = []
    for x in scored:
        if all(x.answer != u.answer for u in unique):
            unique.append(x)
    return unique[:limit]


def extract_answer(question: str, passages: list[str], *, min_score: float | None = None) -> str | None:
    """The short answer to ``question`` from bare text passages (e.g. a ViLQA context), or None.

    The passages are taken as given evidence, so by default the best candidate is returned
    whatever its score; pass ``min_score=MIN_SCORE`` to abstain like ``Answerer`` does.
    """
    info = analyze(question)
    prepared = [Passage(text, tuple(split_sentences(text)), rank) for rank, text in enumerate(passages)]
    found = extract(info, prepared, limit=1)
    if not found or (min_score is not None and found[0].score < min_score):
        return None
    return found[0].answer
