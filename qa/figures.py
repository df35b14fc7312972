"""Quantity answers: which figure of a clause answers "bao nhiêu ...?".

Rules, all general (units, cue words, positions):
  * unit: the question names the unit it wants, directly ("bao nhiêu km", "mấy năm", "bao nhiêu
    dân tộc") or by a cue word ("tỷ lệ" -> %, "dài" -> km/m, "diện tích" -> km²/ha, "bao lâu" ->
    năm/tháng/ngày, "tiền"/"vốn" -> đồng, "đô la" -> USD); only figures in a fitting unit answer;
  * ownership: a question keyword belongs to the figure it precedes with no other figure in
    between, and to the figure whose unit it is ("38 dân tộc"); the figure owning the largest
    IDF share of the keywords is the answer, and that share adds to the candidate's score;
  * change figures ("tăng 0,84% so với năm 2023, đạt 99,1%") answer only questions about a change
    (tăng/giảm in the question); otherwise they are skipped and do not cut ownership;
  * a year asked in the question must be the year written before the figure in its clause, when
    the clause writes one ("... đạt 87% (năm 2023 đạt 80,5%)");
  * a bare small integer with no unit (table row numbers) is a weak answer.
The span keeps what makes the figure read right: its qualifier and range ("từ 02 năm đến dưới 05
năm", "trên 550 tỷ đồng", "300.000.000 đồng trở lên"), the whole ratio ("13/63"), the change verb
when a change is asked ("giảm 2%"), and the unit phrase asked ("bao nhiêu trường mầm non" -> "102
trường mầm non").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.analyze import QuestionInfo, respective_items
from qa.features import Features, score
from tracuu.vn.normalize import fold_diacritics, has_diacritics
from tracuu.vn.numbers import NUMBER_RE, Figure, figures_match, find_figures
from tracuu.vn.tokenize import STOPWORDS

_HOURS = frozenset({"giờ", "phút", "giây"})
_TIME = frozenset({"năm", "tháng", "ngày", "ngày làm việc"}) | _HOURS
_MONEY = frozenset({"tỷ đồng", "triệu đồng", "nghìn đồng", "đồng"})
# Units asked for by cue words of the lower-case question, first match wins; compared as written
# when the question carries diacritics ("đồng bằng", "Hội đồng", "phương tiện" ask no money),
# folded otherwise.
UNIT_CUES: tuple[tuple[str, frozenset[str]], ...] = (
    (r"tỷ lệ|tỉ lệ|phần trăm|lãi suất|thuế suất|%", frozenset({"%"})),
    (r"diện tích|km2|km²|\bha\b|héc ?ta|hecta", frozenset({"km²", "ha", "m²"})),
    (r"(?<!kéo )\bdài\b|chiều dài|bao xa|\bkm\b", frozenset({"km", "m"})),  # "kéo dài" lasts: a duration
    (r"kích thước|khổ giấy|chiều rộng|chiều cao|độ dày", frozenset({"mm", "cm", "m"})),
    (r"bao lâu|khoảng thời gian|thời hạn|thời hiệu|phạt tù", _TIME),
    (r"dân số", frozenset({"người"})),
    (r"usd|đô la", frozenset({"USD", "triệu USD", "tỷ USD"})),
    (r"\btiền\b|\bvốn\b|kinh phí|\bphí\b|số thuế|tiền thuế|mức thu|ngân sách|mức đầu tư|tỷ đồng|triệu đồng", _MONEY),
)
_CUES_AS_WRITTEN = tuple((re.compile(p), units) for p, units in UNIT_CUES)
_CUES_FOLDED = tuple((re.compile(fold_diacritics(p)), units) for p, units in UNIT_CUES)
# Unit words named right after "bao nhiêu"/"mấy": the units they ask for.
_WORD_UNITS = {"km": frozenset({"km"}), "km2": frozenset({"km²"}), "ha": frozenset({"ha"}), "nam": _TIME,
               "thang": _TIME, "ngay": _TIME, "gio": _HOURS, "phut": _HOURS, "giay": _HOURS, "phan": frozenset({"%"}), "ty": frozenset({"tỷ đồng"}),
               "trieu": frozenset({"triệu đồng"}), "dong": _MONEY, "tien": _MONEY,
               "usd": frozenset({"USD", "triệu USD", "tỷ USD"}), "lit": frozenset({"lít", "mL"}),
               "met": frozenset({"m", "m²", "m³"}), "m3": frozenset({"m³"})}
# Words after "bao nhiêu" that are not a unit ("từ bao nhiêu đến bao nhiêu năm", "là bao nhiêu").
_NOT_UNITS = frozenset("den toi la thi va so con trong o tai cua ca duoc khi ke cho voi tu theo".split())
# The unit phrase asked: the words after "bao nhiêu" up to a verb or function word that starts what is
# said of them ("bao nhiêu dân tộc | cùng sinh sống", "bao nhiêu trường mầm non | đạt chuẩn").
_PHRASE_WORDS_RE = re.compile(r"^\w+(?: (?!(?:la|co|da|duoc|dat|cua|trong|tai|o|cung|va|de|cho|voi|tren)\b)\w+){0,5}")
_ASKED_WORD_RE = re.compile(r"(?:bao nhieu|may)\s+(\w+)")
_ASKS_FIGURE_RE = re.compile(r"\b(?:bao nhieu|may|bao lau|bao xa)\b")
CONDITION_SHARE = 0.5  # weight of a question word outside the part that asks, in a figure's ownership
_FIGURE_JOIN_RE = re.compile(r"\s*(?:,|;|và|và có|,\s*và)\s*")  # "8 Chương, 28 Điều", "12 xã và 3 phường"
_CHANGE_BEFORE_RE = re.compile(r"(?<!\w)(?:tăng|giảm|tang|giam)(?:\s+thêm|\s+them)?\s*$", re.IGNORECASE)
_ASKS_CHANGE_RE = re.compile(r"\b(?:tang|giam)\b")
# "năm 2023" as the time of what follows; not "so với năm 2023", which is a comparison base.
YEAR_RE = re.compile(r"(?<!so với )(?<!so voi )(?:năm|nam)\s+((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+")
_DASHES = ("-", "–")
_BOTH_ENDS = (*_DASHES, "x", "×")  # a range or a size written without "từ": "30 - 35 mm", "210 mm x 297 mm"
_RANGE_JOINS = ("đến", "tới", "đến dưới", "đến trên", *_BOTH_ENDS)
# What after a figure still belongs to its meaning: an open end ("trở lên"), how a duration
# counts ("30 phút liên tục", "05 ngày cộng dồn"), what a rate is per ("12%/năm", "33,3 giường/vạn
# dân"), months of pay ("01 tháng tiền lương").
_OPEN_END_RE = re.compile(r"\s+(?:trở (?:lên|xuống)|liên tục|cộng dồn|(?:tiền )?lương)\b|/(?:vạn |nghìn |triệu )?[^\W\d]+")
_PHRASE_END_RE = re.compile(r"[,;:()]")
_CLAUSE_END_RE = re.compile(r"\s*(?:[,;:.)]|$)")
# A new predicate: a connective ("mà", "thì", "nhưng"), or "và"/"hoặc" before a verb's marker.
_PREDICATE_RE = re.compile(r"\s(?:mà|thì|nhưng|(?:và|hoặc)\s+(?:đã|đang|sẽ|được|bị|phải|không|chưa))\s", re.IGNORECASE)
# What opens a figure's restriction after its unit ("12%/năm | đối với ..."): see _restriction.
_RESTRICTS_RE = re.compile(r"\s*(?:/\s*\w+\s*)?(?:đối với|cho|tại|ở)\s", re.IGNORECASE)
# A rank: "(từ) tháng thứ 06", "lần thứ 2" (the qualifier "từ" is taken by _QUALIFIER_RE after it).
_ORDINAL_RE = re.compile(r"(?:tháng|năm|ngày|lần|bậc|kỳ|khóa|nhiệm kỳ)\s+thứ\s+$", re.IGNORECASE)
ORDINAL_REACH = 20

# Bounds, longest first: an upper one ("tối đa 12 tháng", "dưới 70%", "dung tích đến 450 lít", "05 năm
# trở xuống") or a lower one.
_UPPER = ("không vượt quá", "không quá", "chưa đến", "chưa tới", "tối đa", "ít hơn", "nhỏ hơn", "thấp hơn", "dưới", "đến", "tới")
_LOWER = ("không thấp hơn", "không dưới", "tối thiểu", "ít nhất", "lớn hơn", "cao hơn", "trên", "hơn")
_BOUNDS = sorted([(w, 1) for w in _UPPER] + [(w, -1) for w in _LOWER], key=lambda b: -len(b[0]))
_BOUND_BEFORE_RE = re.compile(r"(?<!\w)(" + "|".join(w for w, _ in _BOUNDS) + r")\s+$", re.IGNORECASE)
_ASKED_BOUND_RE = re.compile(
    r"(?<!\w)(" + "|".join(fold_diacritics(w) for w, _ in _BOUNDS) + r")\s+(?:la\s+)?(?:bao nhieu|bao lau|may)\b"
)
_BOUND_AFTER_RE = re.compile(r"\s+trở (lên|xuống)\b", re.IGNORECASE)
_DIRECTION = {fold_diacritics(w): d for w, d in _BOUNDS}
BOUND_REACH = 20  # characters before a figure its bound is written in
# What is written before a figure as part of its answer: a bound ("nhỏ hơn 3 m³", not "hơn 3 m³") or an estimate.
_QUALIFIER_RE = re.compile(r"(?<!\w)(?:" + "|".join(w for w, _ in _BOUNDS) + r"|gần|khoảng|từ|lên đến|ước)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class AskedUnit:
    units: frozenset[str]  # canonical units of tracuu.vn.numbers that fit ("%", "km")
    word: str | None  # else an unknown unit word written after the figure ("dan toc", "ban")
    phrase: tuple[str, ...] = ()  # the words asked after "bao nhiêu" ("truong", "mam", "non")


@dataclass(frozen=True)
class FigureSpan:
    start: int
    end: int
    features: Features  # ownership share and the figure rules (qa.features), added to the sentence's


def _fold(text: str) -> str:
    return fold_diacritics(text).lower()


def asked_unit(info: QuestionInfo) -> AskedUnit | None:
    """The unit the question asks for, or None when it names none.

    A word right after "bao nhiêu"/"mấy" names it ("bao nhiêu km", "bao nhiêu dân tộc"), else a cue word.
    """
    for m in _ASKED_WORD_RE.finditer(info.folded):
        word = m.group(1)
        phrase = tuple(_PHRASE_WORDS_RE.findall(info.folded[m.start(1) :])[0].split())
        if word in _WORD_UNITS:
            return AskedUnit(_WORD_UNITS[word], None, phrase)
        if word not in _NOT_UNITS:
            return AskedUnit(frozenset(), word, phrase)
    # a question typed without diacritics is read folded; one whose diacritics were restored
    # (qa.answer) as written first, folded when no cue is found (a restored word may be wrong)
    # the figures the question gives are no cue ("Sau khi giảm 2% thuế …, số thuế … còn bao nhiêu?" asks no share)
    given = [(f.start, f.end) for f in info.figures]
    written, folded = _blanked(info.question.lower(), given), _blanked(info.folded, given)
    tries = [] if info.accentless and not has_diacritics(info.question) else [(_CUES_AS_WRITTEN, written)]
    if info.accentless:
        tries.append((_CUES_FOLDED, folded))
    for cues, probe in tries:
        for pattern, units in cues:
            if pattern.search(probe):
                return AskedUnit(units, None)
    return None


def _asking_words(info: QuestionInfo) -> set[str]:
    """The words of the part of the question that asks ("Sau khi giảm 2% thuế …, | số thuế phải nộp
    … còn bao nhiêu?"): the comma-separated part holding "bao nhiêu"/"mấy"; empty when the question
    has one part. The other parts set the scene; a figure should own what is asked."""
    parts = info.folded.split(",")
    asking = [p for p in parts if _ASKS_FIGURE_RE.search(p)]
    return set(_WORD_RE.findall(asking[-1])) if len(parts) > 1 and asking else set()


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by spaces (offsets kept)."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _unit_after(text: str, figure: Figure) -> str:
    """The figure's unit: its known unit, else the word written right after it (folded)."""
    if figure.unit:
        return _fold(figure.unit)
    after = _WORD_RE.match(text, figure.end + 1) if text[figure.end : figure.end + 1] == " " else None
    return _fold(after.group(0)) if after else ""


def _fits(figure: Figure, asked: AskedUnit | None, text: str) -> bool:
    if asked is None:
        return True
    if asked.units:  # a share ("bao nhiêu phần", "tỷ lệ") may be written as a fraction ("1/3")
        return figure.unit in asked.units or ("%" in asked.units and figure.fraction)
    unit = _unit_after(text, figure)
    return bool(unit) and (unit.startswith(asked.word) or asked.word in unit.split())


def _is_change(text: str, figure: Figure) -> bool:
    return _CHANGE_BEFORE_RE.search(text[max(0, figure.start - 16) : figure.start]) is not None


def _words(text: str) -> set[str]:
    return {_fold(w) for w in _WORD_RE.findall(text)}


def _ownership(keys: dict[str, float], text: str, figure: Figure, blockers: list[Figure]) -> float:
    """IDF share of the question keywords this figure owns: those written between the previous
    figure and it, those before the clause's first figure (the subject of an enumeration
    "Toàn tỉnh có 11 đơn vị ..., 200 đơn vị ..."), and its own noun phrase up to the next figure or
    punctuation ("200 đơn vị hành chính cấp xã"). Keywords elsewhere in the clause count a little."""
    total = sum(keys.values())
    if not total:
        return 0.0
    cut = _previous_end(figure, blockers)
    first = min((b.start for b in blockers + [figure]), default=figure.start)
    owned = _words(text[cut : figure.start]) | _words(text[:first]) | _words(figure.raw) | _words(_own_phrase(text, figure, blockers))
    near = _words(text)
    score = sum(w * (1.0 if k in owned else 0.2 if k in near else 0.0) for k, w in keys.items())
    return score / total


COUNTED_NOUN_WORDS = 2
_COUNTED_WORD_RE = re.compile(r"[ \t]([^\W\d_]+)")
# words that end a count's noun: function words and verbs said of what is counted
_NOT_COUNTED = STOPWORDS | frozenset("gồm bao trở đạt tăng giảm chiếm thuộc không phải đối bằng so trong".split())


def _previous_end(figure: Figure, blockers: list[Figure]) -> int:
    """Where the figure written before ``figure`` ends (0 when none): what lies between is ``figure``'s."""
    return max((b.end for b in blockers if b.end <= figure.start), default=0)


def _own_phrase(text: str, figure: Figure, blockers: list[Figure]) -> str:
    """What is written after a figure up to the next figure, punctuation or the start of another
    predicate ("200 | đơn vị hành chính cấp xã"; "24 tháng liên tục | và đã bị xử phạt ...": what
    follows is said of every figure of the enumeration, not owned by the last)."""
    stop = min([b.start for b in blockers if b.start >= figure.end] + [len(text)])
    phrase = _PHRASE_END_RE.split(text[figure.end : stop], maxsplit=1)[0]
    return _PREDICATE_RE.split(phrase, maxsplit=1)[0]


def _excluded(info: QuestionInfo, text: str, figure: Figure, blockers: list[Figure]) -> float:
    """1 when the words a figure owns (since the previous figure, and its own phrase) hold a phrase the
    question excludes: "… trong thời hạn 12 giờ, đối với địa bàn vùng sâu, vùng xa thì trong thời hạn
    24 giờ" asked "(không phải vùng sâu, vùng xa) … bao lâu?" -> 1 for 24 giờ."""
    if not info.excluded:
        return 0.0
    owned = f"{text[_previous_end(figure, blockers) : figure.start]} {_own_phrase(text, figure, blockers)}".lower()
    # a question typed without diacritics is compared folded (its phrases may carry restored ones)
    owned, phrases = (fold_diacritics(owned), [fold_diacritics(p) for p in info.excluded]) if info.accentless else (owned, info.excluded)
    return float(any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", owned) for p in phrases))


def _restriction(text: str, figure: Figure, blockers: list[Figure]) -> set[str]:
    """The words of what a figure is restricted to, its own phrase when that opens with "đối với",
    "cho", ...: "03 tháng | đối với tài sản chung là bất động sản", "10 ha | cho cá nhân ở xã";
    empty when no such phrase follows ("0,84% so với năm 2023" compares, it does not restrict)."""
    phrase = _own_phrase(text, figure, blockers)
    m = _RESTRICTS_RE.match(phrase)
    return _words(phrase[m.end() :]) if m else set()


def _contrast(keys: dict[str, float], phrases: dict[int, set[str]], figure: Figure) -> float:
    """Share of the words only this figure's restriction writes (no other candidate's does) that
    the question lacks: "03 tháng đối với ... bất động sản, 01 tháng đối với ... động sản" asked
    about "động sản" -> 1.0 for 03 tháng ("bất"), 0 for 01 tháng."""
    others = set().union(*(p for start, p in phrases.items() if start != figure.start))
    unique = phrases[figure.start] - others
    return len(unique - set(keys)) / len(unique) if unique and len(phrases) > 1 else 0.0


def year_before(text: str, pos: int) -> int | None:
    """The last year written as "năm YYYY" before ``pos`` (comparison bases skipped), or None."""
    years = [int(m.group(1)) for m in YEAR_RE.finditer(text, 0, pos)]
    return years[-1] if years else None


def _with_qualifier(text: str, figures: list[Figure], f: Figure) -> tuple[int, int]:
    """The span of ``f`` widened to "từ X đến Y" ranges, sizes ("210 mm x 297 mm") and qualifiers
    like "trên", "khoảng"."""
    start, end = f.start, f.end
    for other in figures:
        if other.unit == f.unit and _alternatives(text, f, other):  # "1 cm hoặc 1,27 cm": both are the answer
            first, second = _ordered(f, other)
            return first.start, _open_end(text, second.end)
        between = text[end : other.start].strip().lower()
        if other.start > end and between in _RANGE_JOINS:
            before = text[:start].rstrip()
            if before.lower().endswith("từ"):
                return len(before) - 2, _open_end(text, other.end)
            if between in _BOTH_ENDS:  # "30 - 35 mm", "210 mm x 297 mm"
                return start, _open_end(text, other.end)
        between = text[other.end : start].strip().lower()
        if other.end <= start and between in _RANGE_JOINS:
            before = text[: other.start].rstrip()
            if before.lower().endswith("từ"):
                return len(before) - 2, _open_end(text, end)
            if between in _BOTH_ENDS:
                return other.start, _open_end(text, end)
    ordinal = _ORDINAL_RE.search(text[max(0, start - ORDINAL_REACH) : start])
    if ordinal:  # "từ tháng thứ 06": the figure is a rank of what is named before it
        start = max(0, start - ORDINAL_REACH) + ordinal.start()
    m = _QUALIFIER_RE.search(text[max(0, start - BOUND_REACH) : start])
    if m:
        start = max(0, start - BOUND_REACH) + m.start()
    return start, _open_end(text, end)


def asked_bound(info: QuestionInfo) -> int:
    """1 when the question asks an upper bound ("tối đa bao lâu", "dưới bao nhiêu phần trăm"), -1 a
    lower one ("ít nhất bao nhiêu"), 0 none."""
    m = _ASKED_BOUND_RE.search(info.folded)
    return _DIRECTION[m.group(1)] if m else 0


def _bound(text: str, figure: Figure, start: int) -> int:
    """The direction of the bound written with ``figure``: before it (since ``start``) or "trở lên/xuống" after it."""
    before = _BOUND_BEFORE_RE.search(text[max(start, figure.start - BOUND_REACH) : figure.start])
    if before:
        return _DIRECTION[fold_diacritics(before.group(1)).lower()]
    after = _BOUND_AFTER_RE.match(text, figure.end)
    return 0 if after is None else -1 if after.group(1).lower() == "lên" else 1


def _ordered(a: Figure, b: Figure) -> tuple[Figure, Figure]:
    """``a`` and ``b``, the one written first first."""
    return (a, b) if a.start < b.start else (b, a)


def _alternatives(text: str, a: Figure, b: Figure) -> bool:
    """True when ``a`` and ``b`` are written as alternatives that end their clause: "lùi vào 1 cm hoặc
    1,27 cm;" (not "05 ngày … trong thời hạn 30 ngày hoặc 20 ngày cộng dồn …": each is its own case)."""
    first, second = _ordered(a, b)
    return text[first.end : second.start].strip().lower() == "hoặc" and _CLAUSE_END_RE.match(text, second.end) is not None


def _ranged(text: str, a: Figure, b: Figure) -> bool:
    """True when ``a`` and ``b`` are the two ends of one range ("30 - 35 mm", "từ 02 năm đến 07 năm")."""
    first, second = _ordered(a, b)
    return text[first.end : second.start].strip().lower() in _RANGE_JOINS


def _open_end(text: str, end: int) -> int:
    """``end`` moved past "trở lên"/"trở xuống", "liên tục", "cộng dồn" ("300.000.000 đồng trở lên")."""
    m = _OPEN_END_RE.match(text, end)
    return m.end() if m else end


def pick_figure(info: QuestionInfo, text: str, idf: dict[str, float]) -> FigureSpan | None:
    """The answering figure of ``text`` (a clause) with its score adjustment, or None."""
    figures = [f for f in find_figures(text) if not any(figures_match(f.raw, q.raw) for q in info.figures)]
    asked = asked_unit(info)
    candidates = [f for f in figures if _fits(f, asked, text)]
    if not candidates:
        return None
    asks_change = _ASKS_CHANGE_RE.search(info.folded) is not None
    years = {str(y) for y in info.years}
    default = max(idf.values(), default=1.0)
    focus = _asking_words(info)
    keys = {
        w: idf.get(w, default) * (1.0 if not focus or w in focus else CONDITION_SHARE)
        for w in {_fold(k) for k in info.keywords}
        if w not in years and not (years and w == "nam")
    }
    changes = {f for f in figures if _is_change(text, f)} if not asks_change else set()
    bound = asked_bound(info)
    best: tuple[float, int, Figure, dict[str, float]] | None = None
    blockers_of = {f.start: [b for b in figures if b is not f and b not in changes and not _ranged(text, b, f)] for f in candidates}
    phrases = {f.start: _restriction(text, f, blockers_of[f.start]) for f in candidates}
    for f in candidates:
        blockers = blockers_of[f.start]
        features = {
            "figure_ownership": _ownership(keys, text, f, blockers),
            "figure_contrast": _contrast(keys, phrases, f),
            "figure_excluded": _excluded(info, text, f, blockers),
        }
        if bound:
            features["asked_bound"] = float(bound * _bound(text, f, _previous_end(f, blockers)))
        if f in changes:
            features["change_figure"] = 1.0
        if asked is None and f.unit is None and (f.fraction or (float(f.value).is_integer() and f.value < 100)):
            features["bare_integer"] = 1.0
        year = year_before(text, f.start)
        if info.years and year is not None:
            features["year_match" if year in info.years else "year_mismatch"] = 1.0
        phrase = _phrase_after(text, f, _unit_phrase(asked, f)) if asked and asked.phrase else None
        if phrase and phrase[1]:
            features["unit_phrase"] = 1.0
        if best is None or score(features) > best[0]:
            best = (score(features), -f.start, f, features)
    _, _, chosen, features = best
    # "trên 1/2 thành viên": a ratio is answered whole, whichever of its numbers owns the words
    first = _ratio_first(text, figures, chosen) or chosen
    start, end = _with_qualifier(text, figures, first)
    ratio = _ratio_end(text, figures, first)
    if ratio is not None and end == first.end:  # "xếp thứ 13/63", "109/195 trụ sở": the ratio whole
        end = ratio
    if chosen in changes or (asks_change and _is_change(text, chosen)):
        start = min(start, _CHANGE_BEFORE_RE.search(text[: chosen.start]).start())  # "giảm 2%"
    phrase = _phrase_after(text, chosen, _unit_phrase(asked, chosen)) if asked and asked.phrase else None
    if phrase:  # "bao nhiêu trường mầm non" -> "102 trường mầm non", "bao nhiêu tuổi phải" -> "16 tuổi"
        end = max(end, phrase[0])
    elif chosen.unit is None and not chosen.fraction and end == chosen.end:
        end = _counted_noun_end(text, end)  # "Phó Chủ tịch: 05 Luật sư gồm:" -> "05 Luật sư", not "05"
    return FigureSpan(start, _with_more_asked(info, text, figures, end), features)


def _counted_noun_end(text: str, end: int) -> int:
    """``end`` moved over the noun a unit-less count is written with (up to COUNTED_NOUN_WORDS
    words, not over a function word or a verb that starts what is said of it): "03 số báo viết"
    -> "03 số báo", "12 hội do Đảng" -> "12 hội"."""
    for _ in range(COUNTED_NOUN_WORDS):
        m = _COUNTED_WORD_RE.match(text, end)
        if m is None or m.group(1).lower() in _NOT_COUNTED:
            break
        end = m.end()
    return end


def _with_more_asked(info: QuestionInfo, text: str, figures: list[Figure], end: int) -> int:
    """``end`` moved over the figures written right after the answer when the question asks several
    ("gồm bao nhiêu chương, bao nhiêu điều?" -> "8 Chương, 28 Điều"), each with its asked word."""
    asked = _ASKED_WORD_RE.findall(info.folded)
    more = max(len(asked), respective_items(info.folded)) - 1  # "lần lượt là bao nhiêu?": one per item
    for f in figures:
        if more <= 0:
            break
        if f.start < end:
            continue
        if not _FIGURE_JOIN_RE.fullmatch(text[end : f.start]):
            break
        end = f.end
        word = _WORD_RE.match(text, end + 1) if text[end : end + 1] == " " else None
        if word and _fold(word.group(0)) in asked:
            end = word.end()
        asked, more = asked[1:], more - 1
    return end


def _ratio_end(text: str, figures: list[Figure], figure: Figure) -> int | None:
    """End of "a/b" when ``figure`` is the "a" of a ratio written without spaces, else None."""
    number = NUMBER_RE.match(text, figure.start)
    if number is None or text[number.end() : number.end() + 1] != "/":
        return None
    second = next((f for f in figures if f.start == number.end() + 1), None)
    return second.end if second else None


def _ratio_first(text: str, figures: list[Figure], figure: Figure) -> Figure | None:
    """The "a" of a ratio "a/b" written without spaces when ``figure`` is its "b", else None."""
    return next((f for f in figures if f.end == figure.start - 1 and _ratio_end(text, figures, f) == figure.end), None)


def _unit_phrase(asked: AskedUnit, figure: Figure) -> tuple[str, ...]:
    """The words a figure should be followed by: "bao nhiêu phần chữ ký" asks "1/3 | chữ ký" of a fraction."""
    return asked.phrase[1:] if figure.fraction and asked.phrase[:1] == ("phan",) else asked.phrase


def _phrase_after(text: str, figure: Figure, phrase: tuple[str, ...]) -> tuple[int, bool] | None:
    """(end offset, whole phrase written) of the asked unit phrase's longest prefix written right
    after the figure's number, or None."""
    number = None if figure.fraction else NUMBER_RE.match(text, figure.start)  # a fraction's number is all of it
    number_end = number.end() if number else figure.end
    end, matched = None, 0
    for w, asked in zip(_WORD_RE.finditer(text, number_end), phrase):
        if _fold(w.group(0)) != asked or _PHRASE_END_RE.search(text[number_end : w.start()]):
            break
        end, matched = w.end(), matched + 1
    return None if end is None else (end, matched == len(phrase))
