"""Extractive answering without an LLM: pick the sentence and the span that answer a question.

Input is a list of ``Passage`` (a source text, e.g. a page or a footnote, with the sentences to
consider and the text they elaborate); output is a ranked list of ``Extraction`` (short answer +
the sentence or block it came from). Scoring a sentence:
  * keyword coverage: IDF-weighted share of the question's (accentless) words found in it,
    plus a bonus for shared word pairs ("bão số", "số 3"); words found only in what the sentence
    elaborates (the sentence before it, a list's lead, a footnote's marker sentence, a title)
    count CONTEXT_WEIGHT;
  * years: every year named in the question must be in the sentence, or be the year in force
    before it in the passage when it writes none;
  * typed questions (a figure, a date, a document reference, a person) are answered by a span of
    that type (``qa.figures``, ``qa.people``, dates and references here); a whole sentence is only
    a fallback marked ``fits=False``;
  * a small prior for the passage's retrieval rank.
Untyped answers are the sentence with the rest of its paragraph and its list ("_block").
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from qa.about import asked_about, effective_date
from qa.actions import asked_action, says_action
from qa.analyze import QuestionInfo, analyze, asks_standard, names_document, respective_items
from qa.features import Features, merge, min_score, score
from qa.figures import YEAR_RE, pick_figure, year_before
from qa.fields import VALUE_MAX, pick_field
from qa.people import asks_body, asks_person, named_body, opens_with_asked_verb, pick_agent, pick_body, pick_person
from qa.tables import pick_cell
from tracuu.vn.abbreviations import Abbreviations, bundled
from tracuu.vn.docrefs import STANDARD_RE, parse_refs
from tracuu.vn.headings import section_within
from tracuu.vn.normalize import fold_diacritics
from tracuu.vn.numbers import QUARTER_RE, find_dates, find_figures
from tracuu.vn.sentences import Sentence, split_clauses, split_sentences

DATE_AFTER_REF = 30  # characters between a document reference and its date ("số 52-CTr/TU, ngày 27/10/2022")
YEAR_SCOPE = 800  # characters before a sentence searched for the year in force
TITLE_MAX = 160  # longest first line taken as a passage's title
# "bao nhiêu hội", "mấy đơn vị" (as written): a count of what the word names
_COUNT_ASKED_RE = re.compile(r"(?i)\b(?:bao nhiêu|bao nhieu|mấy|may)\s+([^\W\d_]+)")
_NUMBERED_RE = re.compile(r"(\d+)[.)]\s")
COUNTED_HEAD_WORDS = 3  # words of an item that may name what it is ("Hội Văn học …", "Liên Hiệp hội …")
_LIST_BREAK_RE = re.compile(r"(?:[IVXLC]+[.\-]\s|(?:Điều|Chương|Mục|Phần)\s)")  # "II. TỈNH …", "Điều 8."
_BRACKETS_RE = re.compile(r"\s*\([^()]*\)")
_ARTICLE_RE = re.compile(r"(?:Điều|Chương|Mục|Phần)\s+[\dIVXLC]+[a-zđ]?\s*[.:]")
BLOCK_MAX = 1200  # longest passage block given as an untyped answer
HEADING_REACH = 2400  # longest quote from an article's heading down to its clause (qa.extract._heading_doer)
# Three or more comma-separated items of one to three words each.
# Three or more short items in a row, or items announced by "gồm:" ("04 hội …, gồm: Hội Thân nhân kiều bào, …").
_ENUMERATION_RE = re.compile(r"(?:\b\w+(?: \w+){0,2}, ){2,}\w+|\b(?:gồm|bao gồm|như sau)\s*:\s*[^,.;]+,")
_BREAKDOWN_RE = re.compile(r"\W*trong (?:đó|do)\b", re.IGNORECASE)
_ASKS_PART_RE = re.compile(r"\btrong (?:do|so)\b")  # "trong đó/trong số ... bao nhiêu": a part is asked
# Weight of a question keyword found only in the text a sentence elaborates (see keyword_score).
CONTEXT_WEIGHT = 0.5

_WORD_RE = re.compile(r"\w+")
_ITEM_START_RE = re.compile(r"(?:[a-zđ]\)|\((?:\d+|[a-zđ])\)|[-+*•]|\d+(?:\.\d+)*[.)])\s")


@dataclass(frozen=True)
class Passage:
    """A source text (page body text, footnote text, bare context) and the sentences to consider."""

    text: str
    sentences: tuple[Sentence, ...]
    rank: int = 0  # 0 = best retrieval rank
    context: str = ""  # text its sentences elaborate (a footnote's marker sentence, a title line)
    document: str = ""  # every word of its document, folded (qa.cite.Sources.folded_words); "" for bare text
    lead: Sentence | None = None  # the lead of a list its first sentences are items of, when outside them (maybe on the page before)
    headings: tuple[str, ...] = ()  # its section path ("Chương II …", "Điều 7. Sở Tư pháp", "4. Chủ trì …")


@dataclass(frozen=True)
class Extraction:
    answer: str  # the short answer, without citation markers
    passage: int  # index into the passages given
    sentence: Sentence  # the sentence quoted as evidence
    score: float  # qa.features.score(features)
    fits: bool = True  # the answer is of the asked type (False: a whole sentence for a typed question)
    features: Features = field(default_factory=dict)  # what the score is made of (qa.features)


# The word before a date cue names the event dated ("sinh | năm bao nhiêu", "tổ chức | vào thời gian nào",
# "đơn phản tố | đề ngày nào": "đề ngày" is the cue, "dated").
_EVENT_RE = re.compile(
    r"(\w+)\s+(\w+)(?:\s+(?:vao|tu|la|duoc|den|tai|trong|nhung|cac|de))*\s+(?:khi nao|ngay (?:thang )?(?:nam )?nao|nam nao|thang nao|"
    r"bao gio|thoi (?:diem|gian) nao|luc nao|ngay bao nhieu|nam bao nhieu)\b"
)
# The word a date question writes before its cue names how the date bounds the event ("trước ngày nào").
# The word a date question writes before its "ngày nào" ("trước", "chậm nhất", "đề", "ký"): a date
# written after the same word is the one asked ("Tại đơn phản tố đề ngày 16/3/2018").
_DATE_CUE_RE = re.compile(r"\b(cham nhat|\w+)\s+ngay\s+(?:thang\s+)?(?:nam\s+)?nao\b")
DATE_CUE_REACH = 20
_ASKS_DAY_RE = re.compile(r"\bngay (?:thang )?(?:nam )?(?:nao|bao nhieu)\b")
_EVENT_NOT = frozenset("co nao gi la vao tu duoc den tai trong".split())
# A deadline ("gửi báo cáo 6 tháng đầu năm trước ngày nào?") or a time phrase names no event before its cue.
_NO_EVENT = frozenset("truoc sau han nam thang ngay quy ky dau cuoi".split())


def _folded_word(word: str) -> str:
    """A word compared across question and text: accentless, lower case, a number without its
    leading zeros ("06 tháng đầu năm" is "6 tháng đầu năm")."""
    folded = fold_diacritics(word).lower()
    return (folded.lstrip("0") or "0") if folded.isdigit() else folded


def _folded_words(text: str) -> list[str]:
    return [_folded_word(w) for w in _WORD_RE.findall(text)]


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


def keyword_score(
    info: QuestionInfo, sentence: str, idf: dict[str, float], context: str = "", abbreviations: Abbreviations | None = None
) -> float:
    """IDF-weighted share of question keywords in the sentence, plus up to 0.3 for shared word pairs.

    A keyword found only in ``context`` (what the sentence elaborates: the sentence before it,
    a footnote's marker sentence, a list's lead, a title) counts CONTEXT_WEIGHT of its weight.
    Years and the word "năm" do not count: they are a constraint (feature "missing_years" of qa.features), not evidence.
    The other form of an abbreviation or long form in the sentence counts as written there
    ("CCHC" answers "cải cách hành chính" and the reverse).
    """
    years = {str(y) for y in info.years}
    q_words = [w for w in _folded_words(" ".join(info.keywords)) if w not in years and not (years and w == "nam")]
    if not q_words:
        return 0.0
    s_words = _folded_words(sentence)
    s_set = set(s_words) | set(_folded_words(" ".join((abbreviations or bundled()).alternatives(sentence))))
    c_set = set(_folded_words(context))
    default = max(idf.values(), default=1.0)
    total = sum(idf.get(w, default) for w in set(q_words))
    found = sum(idf.get(w, default) * (1.0 if w in s_set else CONTEXT_WEIGHT if w in c_set else 0.0) for w in set(q_words))
    q_pairs = _pairs(_folded_words(info.question))
    pair_bonus = 0.3 * len(q_pairs & _pairs(s_words)) / max(1, len(q_pairs))
    return found / total + pair_bonus


def _dates(text: str) -> list[tuple[int, int]]:
    """Spans of full dates, month-years, quarters ("quý I/2025") and "năm 2023" years in ``text``, in text order."""
    spans = [(d.start, d.end) for d in find_dates(text)]
    spans += [m.span() for m in QUARTER_RE.finditer(text)]
    spans += [m.span() for m in YEAR_RE.finditer(text) if all(not (s <= m.start() < e) for s, e in spans)]
    return sorted(spans)


def _proximity(info: QuestionInfo, text: str, pos: int, idf: dict[str, float], others: Sequence[int] = ()) -> float:
    """How strongly the question's keywords point at the candidate starting at ``pos``.

    A keyword counts fully for the first candidate written after its first occurrence
    ("tốc độ tăng ... (GRDP) đạt 7,17%, trong đó: Nông lâm nghiệp tăng 7,72%" -> 7,17%; "thông qua
    ngày 20/02/2024 và công bố ngày 15/5/2024" -> the first date), and weakly, by distance,
    otherwise. ``others``: where the other candidates of the clause start (a figure always blocks).
    """
    keys = set(_folded_words(" ".join(info.keywords)))
    default = max(idf.values(), default=1.0)
    first: dict[str, re.Match[str]] = {}
    for m in _WORD_RE.finditer(text):
        w = _folded_word(m.group(0))
        if w in keys and w not in first:
            first[w] = m
    score = 0.0
    for w, m in first.items():
        between = text[m.end() : pos]
        gap = len(_WORD_RE.findall(text[min(m.end(), pos) : max(m.start(), pos)]))
        owns = m.end() <= pos and not find_figures(between) and not any(m.end() <= o < pos for o in others)
        score += idf.get(w, default) * (1.0 if owns else 0.3 / (1.0 + gap))
    return score


def _pick_date(info: QuestionInfo, text: str, idf: dict[str, float]) -> tuple[int, int, bool] | None:
    """(start, end, written with the document the question names) of the asked date, or None.
    An effective date is the one the clause says a document takes effect from ("..., có hiệu lực
    kể từ ngày 01 tháng 01 năm 2026"), not the date it was issued."""
    if asked_about(info) == "effective":
        effective = effective_date(text)
        return None if effective is None else (effective[0], effective[0] + len(effective[1]), True)
    named = {str(y) for y in info.years}
    dates = [(s, e) for s, e in _dates(text) if text[s:e][-4:] not in named or "/" in text[s:e]]
    if _ASKS_DAY_RE.search(info.folded):  # "ngày nào?" is answered by a day, not "năm 1998"
        days = {(d.start, d.end) for d in find_dates(text) if not re.fullmatch(r"\d{4}-\d{2}", d.iso)}
        dates = [span for span in dates if span in days] or dates
    if not dates:
        return None
    # A question naming a document asks for that document's date: the date written with it. A
    # question about a document of another type than the one it names takes only that type's dates.
    for ref in parse_refs(text):
        if info.doc_type and (ref.doc_type or "").lower() == info.doc_type or not info.doc_type and names_document(
            info, ref.key, ref.doc_type, ref.number
        ):
            after = [(s, e) for s, e in dates if ref.start <= s <= ref.end + DATE_AFTER_REF]
            if after:
                return after[0][0], after[0][1], True
    if info.doc_type:
        return None
    # "ký ngày 26 tháng 11 năm 1999, được sửa đổi ngày 30 tháng 4 năm 2004" asked "được sửa đổi ngày nào?"
    dates = [span for span in dates if _after_cue(info, text, span[0])] or dates
    starts = [s for s, _ in dates]
    start, end = max(dates, key=lambda span: (_proximity(info, text, span[0], idf, starts), -span[0]))
    return start, end, False


def _pick_document(info: QuestionInfo, text: str, idf: dict[str, float]) -> tuple[int, int] | None:
    refs = [
        r
        for r in parse_refs(text)
        if not names_document(info, r.key, r.doc_type, r.number) and (info.doc_type is None or (r.doc_type or "").lower() == info.doc_type)
    ]
    if not refs:
        return None
    starts = [r.start for r in refs]
    best = max(refs, key=lambda r: (_proximity(info, text, r.start, idf, starts), -r.start))
    return best.start, best.end


Span = tuple[int, int, Features]  # (start, end, features) of a short answer in a clause


def _figure_span(info: QuestionInfo, text: str, idf: dict[str, float]) -> Span | None:
    figure = pick_figure(info, text, idf)
    return None if figure is None else (figure.start, figure.end, figure.features)


def asked_event(info: QuestionInfo) -> str | None:
    """The two words naming the event whose date is asked, folded: "Hội nghị được tổ chức vào thời
    gian nào?" -> "to chuc", "Bà L sinh năm bao nhiêu?" -> "l sinh" (two words: "phát sinh" is no
    birth); None when the cue opens the question or a deadline or time phrase stands before it."""
    m = _EVENT_RE.search(info.folded)
    if m is None or m.group(2) in _EVENT_NOT or {m.group(1), m.group(2)} & _NO_EVENT:
        return None
    return f"{m.group(1)} {m.group(2)}"


def _says(phrase: str, text: str) -> bool:
    """True when the folded ``phrase`` is written in ``text`` as whole words."""
    return re.search(rf"\b{re.escape(phrase)}\b", " ".join(_folded_words(text))) is not None


def _date_span(info: QuestionInfo, text: str, idf: dict[str, float]) -> Span | None:
    date = _pick_date(info, text, idf)
    if date is None:
        return None
    features = {"span_keywords": keyword_score(info, text, idf), "document_date": float(date[2])}
    cued = _after_cue(info, text, date[0])
    if cued is not None:  # "gửi trước ngày nào?" is answered by a date written "trước ngày ...", not by an issue date
        features["date_cue"] = float(cued)
    return date[0], date[1], features


@lru_cache(maxsize=256)
def _date_cue(folded_question: str) -> re.Pattern[str] | None:
    """The end of a text written just before the asked date: the question's word before its
    "ngày nào" ("đề ngày nào" -> "đề" or "đề ngày" ending the text), or None without such a word.
    Made once per question: every date of every candidate clause is checked against it."""
    cue = _DATE_CUE_RE.search(folded_question)
    return None if cue is None else re.compile(rf"\b{cue.group(1)}\s+(?:ngay\s+)?$")


def _after_cue(info: QuestionInfo, text: str, start: int) -> bool | None:
    """Whether the date at ``start`` is written after the word the question writes before its
    "ngày nào" ("đề ngày 16/3/2018" for "đề ngày nào"); None when the question writes no such word."""
    cue = _date_cue(info.folded)
    if cue is None:
        return None
    return cue.search(fold_diacritics(text[max(0, start - DATE_CUE_REACH) : start]).lower()) is not None


def _document_span(info: QuestionInfo, text: str, idf: dict[str, float]) -> Span | None:
    span = _named_standard(info, text, idf) if asks_standard(info.folded) else _pick_document(info, text, idf) or _named_law(info, text)
    return None if span is None else (span[0], span[1], {"span_keywords": keyword_score(info, text, idf)})


def _named_standard(info: QuestionInfo, text: str, idf: dict[str, float]) -> tuple[int, int] | None:
    """The code of a standard the clause cites ("TCVN 6909:2001"), for a question asking which
    standard; not one the question names. The one the question's words point at when several."""
    asked = re.sub(r"\s", "", info.folded)
    codes = [m for m in STANDARD_RE.finditer(text) if re.sub(r"\s", "", fold_diacritics(m.group(0)).lower()) not in asked]
    if len(codes) <= 1:
        return codes[0].span() if codes else None
    # a list of standards writes each one's title after its code: "TCVN 7435-1, Phòng cháy, chữa cháy – Bình …"
    ends = [m.start() for m in codes[1:]] + [len(text)]
    best = max(zip(codes, ends), key=lambda pair: (keyword_score(info, text[pair[0].end() : pair[1]], idf), -pair[0].start()))
    return best[0].span()


def _named_law(info: QuestionInfo, text: str) -> tuple[int, int] | None:
    """A law cited by its name, as preambles cite them ("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6
    năm 2015;"), for a question asking which law ("căn cứ luật nào?"); not a law the question names."""
    if info.doc_type not in ("luật", "bộ luật"):
        return None
    for m in _NAMED_LAW_RE.finditer(text):
        if fold_diacritics(m.group("name")).lower() not in info.folded:
            return m.start(), m.end()
    return None


# A law by its name: "Luật" or "Bộ luật", a capitalised name of up to 12 words (its "và" included: "Luật
# Phòng cháy và chữa cháy"), and the date it was passed when written.
_NAMED_LAW_RE = re.compile(
    r"(?<!\w)(?P<name>(?:Bộ luật|Luật) [A-ZĐÀ-Ỹ][^\W\d]*(?: (?!ngày\b|số\b|năm\b)[^\W\d]+){0,11})"
    r"(?: ngày \d{1,2}(?: tháng |/)\d{1,2}(?: năm |/)\d{4}| năm \d{4})?"
)


# A provision of a document: "điểm c khoản 3 Điều 1", "khoản 1 Điều 2", "Điều 55", "Phụ lục III", "Chương II";
# several articles at once: "các điều 624, 630 và 634", "Điều 123 và Điều 124".
_PROVISION_RE = re.compile(
    r"(?<!\w)(?:(?:điểm\s+[a-zđ]\d*\s*,?\s+)?(?:khoản\s+\d+[a-zđ]?\s*,?\s+)?[Đđ]iều\s+\d+[a-zđ]?"
    r"(?:\s*(?:,|và|hoặc)\s*(?:[Đđ]iều\s+)?\d+[a-zđ]?(?![\w,.]\d))*"
    r"|(?:điểm\s+[a-zđ]\d*\s*,?\s+)?khoản\s+\d+[a-zđ]?|(?:[Pp]hụ lục|[Cc]hương|[Mm]ục)\s+(?:[IVXLC]+|\d+(?:\.\d+)*)\b)(?!\w)"
)


def _provision_span(info: QuestionInfo, text: str, idf: dict[str, float]) -> Span | None:
    """The provision the question asks for ("... theo điểm, khoản, điều nào của Luật số ...?"): the
    one the question's words point at, not one the question names itself ("khoản 7a Điều 8")."""
    found = [m for m in _PROVISION_RE.finditer(text) if fold_diacritics(m.group(0)).lower() not in info.folded]
    if not found:
        return None
    starts = [m.start() for m in found]
    best = max(found, key=lambda m: (_proximity(info, text, m.start(), idf, starts), -m.start()))
    return best.start(), best.end(), {"span_keywords": keyword_score(info, text, idf)}


def _who_span(info: QuestionInfo, text: str, idf: dict[str, float]) -> Span | None:
    agent = pick_agent(info, text)
    span = agent or (pick_person(info, text) if asks_person(info) else pick_body(info, text))
    features = {"span_keywords": keyword_score(info, text, idf), "asked_agent": float(agent is not None)}
    return None if span is None else (span[0], span[1], features)


# The span picker of each typed answer: a figure with its unit, a date, a document reference, a
# provision, a person, role holder or body. Other types are answered by a sentence block.
SPAN_PICKERS: dict[str, Callable[[QuestionInfo, str, dict[str, float]], Span | None]] = {
    "quantity": _figure_span,
    "date": _date_span,
    "document": _document_span,
    "provision": _provision_span,
    "who": _who_span,
}


def _items(sentences: Sequence[Sentence], i: int) -> list[str]:
    """The list items ("a) ...;", "b) ...") that follow sentence ``i`` when it is a lead ending in ":"."""
    if not sentences[i].text.endswith(":"):
        return []
    items = []
    for s in sentences[i + 1 :]:
        if not _ITEM_START_RE.match(s.text):
            break
        items.append(s.text)
    return items


def _with_rest_of_text(passage: Passage) -> tuple[Sentence, ...]:
    """The passage's sentences and the sentences of its text written after them (the rest of the
    page past the chunk's end), so a block completes a paragraph or list a chunk border cut."""
    if not passage.sentences:
        return passage.sentences
    end = passage.sentences[-1].end
    rest = split_sentences(passage.text[end:])
    return passage.sentences + tuple(Sentence(s.text, s.start + end, s.end + end) for s in rest)


def _block(passage: Passage, i: int, sentences: Sequence[Sentence]) -> Sentence:
    """Sentence ``i`` of ``sentences`` (the passage's, with the rest of its text) with what completes it
    as an answer: the rest of its paragraph (up to a blank line) and, for a lead ending in ":", its list
    items; a list item comes with its lead and the whole list ("Phạm tội thuộc một trong các trường hợp
    sau đây, thì bị phạt tù ...:" + "c) ..."). At most BLOCK_MAX characters."""
    lead = lead_of(sentences, i, passage.text)
    i = i if lead is None else lead
    first, last = sentences[i], sentences[i]
    for prev, nxt in zip(sentences[i:], sentences[i + 1 :]):
        gap = passage.text[prev.end : nxt.start]
        lettered = _ITEM_START_RE.match(nxt.text) and not nxt.text[0].isdigit()
        if "\n\n" in gap and not (prev.text.endswith(":") or lettered) or nxt.end - first.start > BLOCK_MAX:
            break
        if _ARTICLE_RE.match(nxt.text):  # "Điều 8. …": the next article is no part of this one
            break
        last = nxt
    return Sentence(passage.text[first.start : last.end], first.start, last.end)


def _counted_list(info: QuestionInfo, passage: Passage, i: int, sentences: Sequence[Sentence]) -> tuple[str, Sentence] | None:
    """A count read off a numbered list, for "có bao nhiêu <word> …?": sentence ``i`` (a heading or a
    lead, no item itself) followed by items numbered "1.", "2.", … in order (a sentence that goes on
    an item is passed over; another kind of mark, a heading or a blank line ends the list), one of
    them naming the asked word; the answer is the last number with the word ("14 hội"), quoted with
    the whole list. None when there is no such list or it is longer than BLOCK_MAX."""
    asked = _COUNT_ASKED_RE.search(info.question)
    if asked is None or _ITEM_START_RE.match(sentences[i].text):
        return None
    items: list[Sentence] = []
    for prev, s in zip(sentences[i:], sentences[i + 1 :]):
        number = _NUMBERED_RE.match(s.text)
        if number is not None and int(number.group(1)) == len(items) + 1:
            items.append(s)
        elif number is not None or _ITEM_START_RE.match(s.text) or _LIST_BREAK_RE.match(s.text) or "\n\n" in passage.text[prev.end : s.start]:
            break
        elif not items:
            return None  # the list does not start right after the lead
    if len(items) < 2 or items[-1].end - sentences[i].start > BLOCK_MAX:
        return None
    heads = [_folded_words(_NUMBERED_RE.sub("", s.text, count=1))[:COUNTED_HEAD_WORDS] for s in items]
    # the asked words most items open with ("bao nhiêu dịch vụ công" over "1. Dịch vụ …", "2. Dịch vụ …")
    typed = _WORD_RE.findall(info.question[asked.start(1) :])[:COUNTED_HEAD_WORDS]
    named = 0
    for word in typed:
        if 2 * sum(fold_diacritics(word).lower() in head for head in heads) < len(items):
            break
        named += 1
    if not named:
        return None  # the items are not what is counted: most of them open with the asked word ("14. Hội …")
    quote = Sentence(passage.text[sentences[i].start : items[-1].end], sentences[i].start, items[-1].end)
    return f"{len(items)} {' '.join(typed[:named])}", quote


def _mark_kind(mark: str) -> str:
    """The kind of a list item's mark: "a)", "(1)", "-" (each bullet its own), "2." / "2.1." by depth."""
    mark = mark.strip()
    if mark[0].isdigit():
        return f"number{mark.count('.') or 1}"
    return "letter" if mark.endswith(")") and not mark.startswith("(") else "paren" if mark.startswith("(") else mark


def lead_of(sentences: Sequence[Sentence], i: int, text: str | None = None) -> int | None:
    """Index of the lead sentence (ending in ":") of list item ``i``, or None when ``i`` is not an item.
    The lead may itself be an item of another kind ("2. Giám đốc Sở Công Thương:" over "a) …", "d) …");
    the item's siblings (same kind of mark) and their sub-items are passed over, and (given the
    ``text`` the sentences are of) a sentence that goes on an item's line ("c) Chuẩn bị …. Sử dụng …")."""
    mark = _ITEM_START_RE.match(sentences[i].text)
    if not mark:
        return None
    kind = _mark_kind(mark.group(0))
    for k in range(i - 1, -1, -1):
        other = _ITEM_START_RE.match(sentences[k].text)
        if other is None:
            if sentences[k].text.endswith(":"):
                return k
            if text is None or k == 0 or "\n" in text[sentences[k - 1].end : sentences[k].start]:
                return None
        elif _mark_kind(other.group(0)) != kind and (sentences[k].text.endswith(":") or _opens_list(sentences[k + 1].text, kind)):
            return k  # "2. Cục Hóa chất" over "a) …" … "đ) …": the item the first of the list comes right after
    return None


def _opens_list(text: str, kind: str) -> bool:
    """True when ``text`` is the first item of a list of ``kind`` ("a) …", "1. …", "(1) …")."""
    mark = _ITEM_START_RE.match(text)
    return mark is not None and _mark_kind(mark.group(0)) == kind and re.fullmatch(r"\(?(?:a|1)[.)]\s*", mark.group(0)) is not None


def _item_lead(passage: Passage, i: int) -> Sentence | None:
    """The lead sentence of list item ``i``: in the passage, or cut off before it (``Passage.lead``)."""
    k = lead_of(passage.sentences, i, passage.text)
    if k is not None:
        return passage.sentences[k]
    items = all(_ITEM_START_RE.match(s.text) for s in passage.sentences[: i + 1])
    return passage.lead if items else None


def _context(passage: Passage, i: int) -> str:
    """What sentence ``i`` elaborates: the passage context, the sentence before it and, for a list
    item, the lead sentence ending in ":" that introduces the list (cut off before the passage or not)."""
    parts = [passage.context]
    if i > 0 and not _ITEM_START_RE.match(passage.sentences[i].text):  # an item's context is its lead, not its sibling
        parts.append(passage.sentences[i - 1].text)
    lead = _item_lead(passage, i)
    if lead is not None:
        parts.append(lead.text)
    return " ".join(parts)


def _isos(text: str) -> set[str]:
    return {d.iso for d in find_dates(text)}


def _missing_years(info: QuestionInfo, passage: Passage, i: int) -> float:
    """How many years named in the question sentence ``i`` lacks; a sentence writing no year at all
    counts the year in force before it in the passage ("Năm 2023, ... . GRDP bình quân ... đạt
    56,23 triệu đồng"), and half when there is none."""
    sentence = passage.sentences[i]
    written = {m.group(1) for m in YEAR_RE.finditer(sentence.text)}
    missing = 0.0
    for year in (str(y) for y in info.years):
        if year in sentence.text or year in passage.context:
            continue
        if written:
            missing += 1
            continue
        in_force = year_before(passage.text[max(0, sentence.start - YEAR_SCOPE) : sentence.start], YEAR_SCOPE)
        missing += 0.0 if str(in_force) == year else 0.5 if in_force is None else 1.0
    return missing


def _missing_codes(info: QuestionInfo, text: str) -> float:
    """How many codes the question names ("II.A.9", "N6") ``text`` does not write (folded, whole)."""
    folded = fold_diacritics(text).lower()
    return float(sum(re.search(rf"(?<![\w.]){re.escape(c)}(?![\w]|\.\d)", folded) is None for c in info.codes))


# "khoản 7a Điều 8" named by a question: the clause numbered 7a ("7a. ĐT1 - Cấp cho nhà đầu tư ...")
_CLAUSE_RE = re.compile(r"\bkhoan\s+(\d{1,3}[a-z]?)\b")


@lru_cache(maxsize=256)
def _asked_clause(folded_question: str) -> re.Pattern[str] | None:
    """Matches a text that is a clause the question names ("khoản 7a": written "khoản 7a", or an
    item numbered "7a."), or None when it names none. Made once per question, used per sentence."""
    numbers = sorted({m.group(1) for m in _CLAUSE_RE.finditer(folded_question)})
    if not numbers:
        return None
    either = "|".join(numbers)
    return re.compile(rf"\bkhoan\s+(?:{either})\b|(?:^|\s)(?:{either})[.)]")


def _clause_named(info: QuestionInfo, sentence: str, context: str) -> float:
    """+1 when the sentence or what it elaborates is the clause ("khoản 7a") the question names
    (written "khoản 7a", or an item numbered "7a."), -1 when the question names one and neither
    is, 0 when it names none. A consolidated law's footnotes all read alike ("Khoản này
    được sửa đổi, bổ sung theo ..."): the clause their marker stands in tells them apart."""
    asked = _asked_clause(info.folded)
    if asked is None:
        return 0.0
    return 1.0 if any(asked.search(fold_diacritics(t).lower()) for t in (sentence, context)) else -1.0


def _heading_doer(info: QuestionInfo, passage: Passage, sentence: Sentence, idf: dict[str, float]) -> tuple[str, Sentence, Features] | None:
    """The body the nearest heading of ``sentence``'s section names ("Điều 7. Sở Tư pháp"), scored by
    the sentence's words. Quoted from that heading down to the sentence when the page writes both
    within HEADING_REACH; else the sentence alone, its citation's section path naming the body.
    The headings the page writes above the sentence come first: a chunk's section path is where the
    chunk ends ("Điều 11. Sở Nội vụ" for a chunk that opens with "Điều 10. Sở Khoa học và Công nghệ")."""
    # the sentence's own item mark closes the items before it ("3. Phối hợp với Sở Nội vụ …" above "4. Chủ trì …")
    mark = _ITEM_START_RE.match(sentence.text)
    above = section_within((), passage.text[: sentence.start + (len(mark.group(0)) if mark else 0)])
    for heading in (*reversed(above), *reversed(passage.headings)):
        body = None if opens_with_asked_verb(info, heading) else named_body(info, heading)  # not the clause itself
        if body is None:
            continue
        start = passage.text.rfind(heading, 0, sentence.start)
        near = 0 <= start and sentence.end - start <= HEADING_REACH
        quote = Sentence(passage.text[start : sentence.end], start, sentence.end) if near else sentence
        return heading[body[0] : body[1]].strip(), quote, {"span_keywords": keyword_score(info, sentence.text, idf)}
    return None


def extract(
    info: QuestionInfo, passages: Sequence[Passage], *, limit: int = 5, abbreviations: Abbreviations | None = None
) -> list[Extraction]:
    """Ranked extractions (best first) from the passages; empty when nothing fits the question.
    ``abbreviations``: the index's (bundled ones when None)."""
    every = [s for p in passages for s in p.sentences]
    idf = idf_weights([s.text for s in every])
    person = asks_person(info)
    # "Ai là ...?" is answered by a name; "Cơ quan nào ...?" by the body named in the best sentence,
    # or by the passage (who does what) when no body name is found there.
    typed = info.answer_type in SPAN_PICKERS and (info.answer_type != "who" or person)
    body = info.answer_type == "who" and not person and asks_body(info)
    action = asked_action(info) if info.answer_type == "document" else None
    event = asked_event(info) if info.answer_type == "date" else None
    respective = respective_items(info.folded) if info.answer_type == "quantity" else 1
    scored: list[Extraction] = []

    def add(answer: str, p_index: int, sentence: Sentence, features: Features, fits: bool = True) -> None:
        scored.append(Extraction(answer, p_index, sentence, score(features), fits, features))

    # by document words (the passages of one document share them): (missing_names, missing_parts)
    missing_in: dict[str, tuple[float, float]] = {}
    for p_index, passage in enumerate(passages):
        words = passage.document or " ".join(_folded_words(f"{passage.context} {passage.text}"))
        if words not in missing_in:
            # a proper name the question writes ("Hữu Nghị - Chi Lăng") that the document does not: another thing's figure
            names = sum(not re.search(rf"\b{re.escape(n)}\b", words) for n in info.names) / max(len(info.names), 1)
            # a part the question names ("Mẫu 12d", "Phụ lục XXIII") that the document does not have
            missing_in[words] = (names, float(sum(not re.search(part, words) for part in info.parts)))
        unnamed, absent = missing_in[words]
        completed = _with_rest_of_text(passage)
        for i, sentence in enumerate(passage.sentences):
            if sentence.text == passage.context:
                continue  # a title is context, not an answer
            items = _items(passage.sentences, i) if info.answer_type == "quantity" else []
            context = _context(passage, i)
            # A lead ("... thì bị phạt tù từ 02 năm đến 07 năm:") is scored with the items it introduces;
            # when those items hold figures of the asked unit, the answer is an item's, not the lead's.
            base = {
                "keywords": keyword_score(info, " ".join([sentence.text, *items]), idf, context, abbreviations),
                "rank_prior": 1 / (1 + passage.rank),
                "lead_with_items": float(any(pick_figure(info, item, idf) for item in items)),
                # "Trục xuất là buộc …", "“Danh mục hồ sơ” là bảng kê …", "“Bao gói cỡ nhỏ” (ký hiệu là P) là …" define the term asked
                "definition": float(bool(info.defines and re.match(  # brackets aside: "Cơ quan quản lý (CQQL) công chức là …"
                    rf"\W*(?:\w+\W+){{0,3}}{re.escape(info.defines)}\W+la\b", _BRACKETS_RE.sub("", fold_diacritics(sentence.text).lower())))),
                "enumeration": float(info.answer_type == "list" and bool(_ENUMERATION_RE.search(sentence.text))),
                # its figures are parts; a question about the whole wants the total
                "breakdown": float(info.answer_type == "quantity" and bool(_BREAKDOWN_RE.match(sentence.text))
                                   and not _ASKS_PART_RE.search(info.folded)),
                "missing_years": _missing_years(info, passage, i),
                "missing_dates": float(sum(iso not in _isos(sentence.text) | _isos(passage.context) for iso in info.dates)),
                "missing_names": unnamed,
                "missing_parts": absent,
                "missing_codes": _missing_codes(info, f"{sentence.text} {context}"),
                "clause_named": _clause_named(info, sentence.text, context),
            }
            field = pick_field(info, sentence.text) if typed or body or info.answer_type == "other" else None
            if field is not None:  # "Phó Chủ nhiệm: 13 Luật sư" answers "... bao nhiêu Phó Chủ nhiệm?"
                start, end = field[0], field[1]
                value = sentence.text[start:end]
                runs_on = info.answer_type == "quantity" and ("," in value or len(value) > VALUE_MAX)
                figure = pick_figure(info, value, idf) if runs_on else None
                if figure is not None:  # "Đạt từ 70 đến dưới 90 điểm, đồng thời …" -> "từ 70 đến dưới 90 điểm"
                    start, end = start + figure.start, start + figure.end
                add(sentence.text[start:end], p_index, sentence, {**base, "field_label": field[2]})
            cell = pick_cell(info, sentence.text)
            if cell is not None:  # a table row: the named column's value, whatever the answer type
                features = {**base, "table_cell": cell.header_share, "row_label": cell.label_share}
                add(sentence.text[cell.start : cell.end].strip(), p_index, sentence, features)
                continue
            # A typed span is looked for clause by clause; the whole sentence is the quote.
            # A document number answers "which document <action> <object>?" only from a sentence saying it.
            # (or from a list item whose lead says it: "Thông tư này thay thế các Thông tư: a) Thông tư số ...").
            acts = action is None or says_action(action, f"{context} {sentence.text}", idf)
            spans: list[tuple[str, Features]] = []
            # "4. Chủ trì, tham mưu UBND tỉnh …": no subject; the body it names is no doer
            unsaid_doer = body and opens_with_asked_verb(info, sentence.text)
            for clause in split_clauses(sentence) if (typed and acts or body) and not unsaid_doer else []:
                span = SPAN_PICKERS[info.answer_type](info, clause.text, idf)
                if span is not None and clause.text[span[0] : span[1]].strip():
                    # "sinh năm bao nhiêu" is not answered by a sentence where nobody is born
                    unsaid = event is not None and not span[2].get("document_date") and not _says(event, sentence.text)
                    spans.append((clause.text[span[0] : span[1]].strip(), merge(base, span[2], {"missing_event": float(unsaid)})))
            lead = _item_lead(passage, i) if info.answer_type == "who" and not spans else None
            if lead is not None and passage.text[lead.start : lead.end] != lead.text:
                lead = None  # a lead on the page before: context, but no quote runs from it to the item
            span = _who_span(info, lead.text, idf) if lead is not None else None
            if lead is not None and span is None and opens_with_asked_verb(info, sentence.text):
                # "2. Giám đốc Sở Công Thương: … d) Chịu trách nhiệm hướng dẫn …": the lead names who does what the item says
                named = named_body(info, lead.text)
                span = None if named is None else (*named, {"span_keywords": keyword_score(info, sentence.text, idf), "asked_agent": 1.0})
            if lead is not None and span is not None:  # "Sở Công Thương ... có trách nhiệm: ... b) Kiểm tra ...": its lead's body
                quote = Sentence(passage.text[lead.start : sentence.end], lead.start, sentence.end)
                add(lead.text[span[0] : span[1]].strip(), p_index, quote if len(quote.text) <= BLOCK_MAX else lead, merge(base, span[2]))
            elif unsaid_doer:  # "Điều 7. Sở Tư pháp … 4. Chủ trì, tham mưu …": the article's body, quoted with it
                doer = _heading_doer(info, passage, sentence, idf)
                if doer is not None:
                    add(doer[0], p_index, doer[1], merge(base, doer[2], {"asked_agent": 1.0}))
            if 1 < respective < len(spans) + 1:  # "... lần lượt là bao nhiêu?": one clause's figure per item, in order
                add("; ".join(a for a, _ in spans[:respective]), p_index, sentence, spans[0][1])
            for answer, features in spans:
                add(answer, p_index, sentence, features)
            # The sentence itself answers untyped questions; for typed ones (a person's question asks for
            # a name) it is a fallback ranked lower and marked ``fits=False``: the Answerer does not answer
            # with it, a bare-text caller may.
            counted = _counted_list(info, passage, i, completed) if info.answer_type == "quantity" else None
            if counted is not None:  # "Tỉnh … có bao nhiêu hội …?" over "I. TỈNH …" and its items "1. Hội …" … "14. …"
                add(counted[0], p_index, counted[1], {**base, "list_count": 1.0})
            untyped = not typed and not person
            block = _block(passage, i, completed)
            add(block.text, p_index, block, {**base, "untyped_fallback": float(not untyped)}, fits=untyped)
    scored.sort(key=lambda x: -x.score)
    unique: list[Extraction] = []
    for x in scored:
        if all(x.answer != u.answer for u in unique):
            unique.append(x)
    return unique[:limit]


def title_line(text: str) -> str:
    """The first line of a text when it is a title (short, no closing punctuation, a body after it), else ""."""
    first, _, body = text.strip().partition("\n")
    first = first.strip()
    return first if first and body.strip() and len(first) <= TITLE_MAX and first[-1] not in ".:;!?" else ""


def extract_answer(question: str, passages: list[str], *, min_score: float | None = None) -> str | None:
    """The short answer to ``question`` from bare text passages (e.g. a ViLQA context), or None.

    The passages are taken as given evidence, so by default the best candidate is returned
    whatever its score or type; pass ``min_score=qa.features.min_score()`` to abstain like ``Answerer``
    does (too low a score, or only a whole sentence for a typed question).
    """
    info = analyze(question)
    prepared = [Passage(text, tuple(split_sentences(text)), rank, title_line(text)) for rank, text in enumerate(passages)]
    found = extract(info, prepared, limit=1)
    if not found or (min_score is not None and (found[0].score < min_score or not found[0].fits)):
        return None
    return found[0].answer
