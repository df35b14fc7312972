"""Question analysis: what kind of answer a Vietnamese question wants, and what it names.

Cue words are matched on the NFC lower-cased question when it carries diacritics and on
the folded (accentless) form otherwise, so "grdp nam 2023 tang bao nhieu" is read like
"GRDP năm 2023 tăng bao nhiêu?" while "máy" is not mistaken for "mấy".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.models import AnswerType
from tracuu.vn.docrefs import DOC_TYPES as REF_TYPES
from tracuu.vn.docrefs import key_match, parse_refs
from tracuu.vn.normalize import fold_diacritics, has_diacritics, normalize_text
from tracuu.vn.numbers import Figure, find_dates, find_figures
from tracuu.vn.tokenize import FOLDED_STOPWORDS, keywords, without_scope

# Document types a question may describe ("Kế hoạch ... số mấy"), longest first: the common ones,
# whose names are rarely ordinary words ("quy định", "hướng dẫn", "dự án" are, so they count only
# when asked directly, below).
DOC_TYPES = (
    "chương trình hành động", "văn bản hợp nhất", "quyết định", "nghị quyết", "nghị định", "kế hoạch", "chỉ thị", "thông tư",
    "chương trình", "phương án", "công văn", "tờ trình", "thông báo", "báo cáo", "bản án", "đề án", "án lệ", "luật",
)
# Every type the reference parser knows (NĐ 30/2020 Phụ lục III and court, Party, legal types): a
# type written right before "nào", "gì", "số mấy" is asked for ("quy định nào", "bản án số mấy"),
# but for "văn bản" (any document) and "dự án" ("dự án nào" asks for a project, not its paper).
NOT_ASKED = frozenset(("văn bản", "dự án"))
ASKED_DOC_TYPES = tuple(sorted({t.lower() for t in REF_TYPES if t.lower() not in NOT_ASKED} | set(DOC_TYPES), key=len, reverse=True))
_TYPE_ALT = "|".join(fold_diacritics(t) for t in DOC_TYPES)
_ASKED_ALT = "|".join(fold_diacritics(t) for t in ASKED_DOC_TYPES)
# The type directly asked: "quyết định nào", "những nghị quyết nào", "tờ trình số mấy".
_ASKED_TYPE_RE = re.compile(rf"\b({_ASKED_ALT})\s+(?:nao|gi|so may|so bao nhieu|so nao)\b")
# "số hiệu" asks for a document's number, unless a word naming another kind of code follows it
# ("số hiệu nguy hiểm là bao nhiêu" asks for a hazard code).
_DOC_NUMBER_CUE = r"số hiệu(?!\s+(?!(?:là|gì|nào|của|văn bản|bao|mấy|được|như|thế|ra)\b)\w)"

# A question about a document number ("... số mấy?") whose type is written earlier in it.
_ASKS_NUMBER_RE = re.compile(rf"\bso (?:may|bao nhieu|nao)\b|{fold_diacritics(_DOC_NUMBER_CUE)}")
_FREE_TYPE_RE = re.compile(rf"\b({_TYPE_ALT})\b(?!\s+(?:so\s+)?\d)")


def _type_named(folded: str) -> str | None:
    """The document type (lower case, with diacritics) whose folded name is ``folded``."""
    return next((t for t in ASKED_DOC_TYPES if fold_diacritics(t) == folded), None)


# (answer type, cue patterns) in priority order: the first type with a matching cue wins.
CUES: tuple[tuple[AnswerType, tuple[str, ...]], ...] = (
    # a provision of a document: "theo điểm, khoản, điều nào", "Điều mấy", "quy định nào của Luật số ..."
    (
        "provision",
        (
            # (not "thời điểm nào": a time)
            r"(?<!thời )\b(?:điểm|khoản|điều|mục|chương|phụ lục)(?:\s*,\s*(?:điểm|khoản|điều|mục|chương))*\s+(?:nào|số mấy)\b",
            r"\b(?:điều|khoản|chương|mục|phụ lục)\s+(?:thứ\s+)?mấy\b",
            rf"\bquy định (?:nào|gì) (?:của|trong|tại) (?:{'|'.join(DOC_TYPES)})\b",
        ),
    ),
    (
        "document",
        (
            r"văn bản (?:nào|gì|số mấy)",
            rf"(?:{'|'.join(ASKED_DOC_TYPES)}) (?:nào|gì|số mấy|số bao nhiêu|số nào)",
            _DOC_NUMBER_CUE,
            # "theo quy định nào", "căn cứ văn bản nào" (not "theo định kỳ nào", "căn cứ điều nào")
            r"\b(?:theo|căn cứ) (?:(?:văn bản|quy định|nghị quyết|nghị định|quyết định|thông tư|luật|chỉ thị|kế hoạch) )"
            r"(?:\w+ ){0,2}nào\b",
        ),
    ),
    ("date", (r"\bkhi nào\b", r"\bngày (?:tháng )?(?:năm )?nào\b", r"\bnăm nào\b", r"\btháng nào\b",
              r"\bbao giờ\b", r"(?<!khoảng )\bthời (?:điểm|gian) nào\b", r"\blúc nào\b", r"\bngày bao nhiêu\b",
              r"\bnăm bao nhiêu\b")),
    # "khoảng thời gian nào" asks how long; "những mức nào" lists levels (a list, below)
    ("quantity", (r"\bbao nhiêu\b", r"\bmấy\b", r"\btỷ lệ\b", r"\btỉ lệ\b", r"\bbao lâu\b", r"\bkhoảng thời gian nào\b",
                  r"\bbao xa\b", r"(?<!những )(?<!các )\bmức (?:nào|bao nhiêu)\b", r"\btối (?:đa|thiểu) là\b")),
    ("who", (r"(?:^|\s)ai\b", r"\b(?:cơ quan|đơn vị|tổ chức|chủ thể|bên|người|cấp|bộ|ban|đồng chí) nào\b", r"(?<!cơ )\bsở nào\b")),
    ("yesno", (r"\bcó (?:phải|được|bị|là)?\b.*\bkhông\s*\??$", r"\bhay không\b", r"\bđã\b.*\bchưa\s*\??$",
               r"\bkhông\s*\?$")),
    ("list", (r"\bnhững (?:\w+ ){0,3}(?:nào|gì)\b", r"\bcác (?:\w+ ){0,3}nào\b", r"\bliệt kê\b",
              r"\bgồm (?:những )?(?:gì|ai)\b", r"\bbao gồm\b")),
)

# Question words removed from the keywords: they say what is asked, not what about.
# Compared as written when the question carries diacritics ("xã" is not "xa"), folded otherwise.
QUESTION_WORDS = frozenset(
    (
        "bao nhiêu mấy nào gì ai đâu khi tỷ lệ tỉ phải hay "
        "văn bản số hiệu thế như là của được có những các theo căn cứ"
    ).split()
)
_FOLDED_QUESTION_WORDS = frozenset(fold_diacritics(w) for w in QUESTION_WORDS)

_FOLDED_CUES: tuple[tuple[AnswerType, tuple[re.Pattern[str], ...]], ...] = tuple(
    (kind, tuple(re.compile(fold_diacritics(p)) for p in patterns)) for kind, patterns in CUES
)
_CUES: tuple[tuple[AnswerType, tuple[re.Pattern[str], ...]], ...] = tuple(
    (kind, tuple(re.compile(p) for p in patterns)) for kind, patterns in CUES
)
# not "30/2020" (a number's year) nor "ĐLVN 05:2017", "TCVN 5574 : 2018" (a standard's code)
_YEAR_RE = re.compile(r"(?<![/\d])(?<!\d:)(?<!\d: )(?<!\d :)(?<!\d : )\b(19\d\d|20\d\d)\b")
# A law named with its year ("Luật Đất đai 2024", "Bộ luật Dân sự năm 2015", "Hiến pháp 2013"): the
# year names the law, it asks about no year (a name of up to 8 words that says nothing of it, then the year).
_NAME_WORD = r"(?!(?:có|co|được|duoc|là|la|từ|tu|thì|thi|khi|đã|da|đến|den|vào|vao|trong|tại|tai|quy)\b)[^\W\d]+"
_LAW_YEAR_RE = re.compile(
    rf"\b(?:bộ luật|bo luat|luật|luat|hiến pháp|hien phap)(?: {_NAME_WORD}){{0,8}}? (?:năm |nam )?(?:19|20)\d\d\b",
    re.IGNORECASE,
)
# Nouns naming a measured quantity (accentless): a bare query holding one asks for a figure.
_MEASURE_RE = re.compile(
    r"\b(?:tong muc dau tu|tong von|dien tich|dan so|chieu dai|ty le|ti le|toc do tang|so luong|tong so|kinh phi)\b"
)
# "Số giường bệnh trên một vạn dân?": a count (compared as written: "Sở Nội vụ ..." is no count).
_COUNT_RE = re.compile(r"^(?:số|so) (?!hiệu\b|hieu\b|mấy\b|may\b|nào\b|nao\b)\w+")
_WORD_RE = re.compile(r"\w+")
# "X là gì?", "Định nghĩa (của) X?", "X được hiểu là gì?": the term defined (accentless).
_DEFINES_RE = re.compile(r"^(?:dinh nghia (?:cua )?)[\"“]?(.+?)[\"”]?\s*\??$|^(.+?) (?:duoc hieu )?la gi\s*\??$")
_DEFINE_CUE_RE = re.compile(r"\b(?:dinh nghia|giai thich)(?:\s+(?:cua|ve|tu ngu|thuat ngu))?\b")
_QUOTED_RE = re.compile(r"[\"“]([^\"“”]{2,80})[\"”]")
_SOURCE_RE = re.compile(r"(?i)(?:theo|căn cứ|can cu)\s[^,?]{3,80},\s*")
# "(vào) thời gian nào", "thời điểm nào": they ask for a date, they are not about a time.
_ASKS_TIME_RE = re.compile(r"(?i)\b(?:thời|thoi) (?:gian|điểm|diem) (?:nào|nao)\b")
# "bao lâu", "bao xa", "bao giờ" ask; "cây lâu năm", "vùng xa", "08 giờ" are what is asked about.
_ASKS_HOW_RE = re.compile(r"(?i)\bbao (?:lâu|lau|xa|giờ|gio)\b")
# "… hay không?", "… không?", "… chưa?" ask yes or no; "không báo cáo", "chưa tổ chức" say what is asked about.
_ASKS_YES_NO_RE = re.compile(r"(?i)(?:\bhay\s+)?\b(?:không|khong|chưa|chua)\W*$")
# "những quyết định nào", "các cơ quan nào" (accentless): more than one thing is asked.
_RESPECTIVE_RE = re.compile(r"\blan luot\b")
_PLURAL_RE = re.compile(r"\b(?:nhung|cac)\s+(?:\w+\s+){0,3}nao\b")


@dataclass(frozen=True)
class QuestionInfo:
    question: str  # NFC, spaces cleaned
    folded: str  # lower-case, accentless
    answer_type: AnswerType
    keywords: tuple[str, ...]  # content words (as written), question words removed
    folded_keywords: frozenset[str]  # the same, lower-case and accentless, for matching
    doc_numbers: tuple[str, ...]  # normalised document keys named in the question ("1059-QĐ/TU")
    figures: tuple[Figure, ...]  # figures named in the question ("550 tỷ đồng")
    years: tuple[int, ...]  # years named in the question (2023)
    accentless: bool  # the question was typed without diacritics
    doc_type: str | None = None  # the document type asked for ("kế hoạch"), lower case
    defines: str | None = None  # the term a definition question asks about ("trục xuất"), folded
    dates: tuple[str, ...] = ()  # dates and months named in the question, ISO ("2024-10")
    names: tuple[str, ...] = ()  # proper names it writes, folded ("huu nghi", "chi lang"); see proper_names
    excluded: tuple[str, ...] = ()  # phrases it says it does not ask about, lower case as written ("vùng sâu", "vùng xa")
    codes: tuple[str, ...] = ()  # codes it names, folded ("ii.a.9", "n6", "ld1"); see codes_in
    parts: tuple[str, ...] = ()  # parts of a document it names, as patterns on folded words ("mau 12d"); see parts_in


# A question asking which standard or technical regulation: "theo tiêu chuẩn TCVN nào", "Tiêu chuẩn
# nào về …", "Quy chuẩn kỹ thuật quốc gia về … có số hiệu gì" (folded).
_ASKS_STANDARD_RE = re.compile(
    r"\b(?:tieu chuan|quy chuan|tcvn|qcvn)\b(?:[^?]*\bso hieu\b| (?:(?:viet nam|ky thuat quoc gia|tcvn|qcvn) )?(?:nao|so may)\b)"
)


def asks_standard(folded: str) -> bool:
    """True when the (folded) question asks for a standard's code ("TCVN 6909:2001", "QCVN 10:2025/BCA")."""
    return _ASKS_STANDARD_RE.search(folded) is not None


def asked_doc_type(folded: str) -> str | None:
    """The document type a question asks for (lower case, with diacritics), or None."""
    m = _ASKED_TYPE_RE.search(folded)
    if m is None and _ASKS_NUMBER_RE.search(folded):
        m = _FREE_TYPE_RE.search(folded)
    return _type_named(m.group(1)) if m else None


def respective_items(folded: str) -> int:
    """How many things a question asks "lần lượt" (respectively): "ở xã đồng bằng và ở xã miền núi
    lần lượt là bao nhiêu?" -> 2 (one more than its "và"); 1 when it does not say "lần lượt"."""
    if _RESPECTIVE_RE.search(folded) is None:
        return 1
    return max(2, 1 + len(re.findall(r"\bva\b", folded)))


def asks_many(folded: str) -> bool:
    """True when the (folded) question asks for several things: "những quyết định nào"."""
    return _PLURAL_RE.search(folded) is not None


def names_document(info: QuestionInfo, key: str, doc_type: str | None, number: str) -> bool:
    """True when the question itself names this document ("... thực hiện Nghị quyết 11?")."""
    if key_match(key) in {key_match(k) for k in info.doc_numbers}:
        return True
    if not doc_type:
        return False
    pattern = rf"\b{re.escape(fold_diacritics(doc_type).lower())}\s+(?:so\s+)?{re.escape(number)}\b"
    return re.search(pattern, info.folded) is not None


def described_type(info: QuestionInfo) -> str | None:
    """The type of a document the question describes without a number ("Tờ trình của Sở Tư pháp
    ... được ký ngày nào?" -> "tờ trình"): the first type word written in it, lower case; None when
    it names a document number."""
    if info.doc_numbers:
        return None
    m = _FREE_TYPE_RE.search(info.folded)
    return _type_named(m.group(1)) if m else None


def _subject_type(folded: str, refs: list) -> str | None:
    """The type of the document a question is about when it is not the one it names:
    "Báo cáo tự giám sát Nghị quyết 11 được ký ngày nào?" asks about a báo cáo, not Nghị quyết 11."""
    if not refs:
        return None
    m = _FREE_TYPE_RE.search(folded)
    if m is None or m.start() >= min(r.start for r in refs):
        return None
    subject = _type_named(m.group(1))
    return None if any((r.doc_type or "").lower() == subject for r in refs) else subject


def answer_type_of(question: str) -> AnswerType:
    """The answer type a question asks for, from its cue words ("other" when none matches)."""
    text = normalize_text(question).strip().lower()
    accentless = not has_diacritics(text)
    table = _FOLDED_CUES if accentless else _CUES
    probe = fold_diacritics(text) if accentless else text
    for kind, patterns in table:
        if any(p.search(probe) for p in patterns):
            return kind
    # No question word: a query naming a measured quantity ("tổng mức đầu tư cao tốc ...") wants its figure.
    if _MEASURE_RE.search(fold_diacritics(text)) or _COUNT_RE.search(probe):
        return "quantity"
    return "other"


def _is_bare_figure(question: str, figures: list[Figure]) -> bool:
    """True when the question is nothing but figures (and their units), e.g. "550 tỷ đồng"."""
    if not figures:
        return False
    rest = question
    for f in sorted(figures, key=lambda f: f.start, reverse=True):
        rest = rest[: f.start] + " " + rest[f.end :]
    return not _WORD_RE.search(rest)


def _without_source(text: str) -> str:
    """The question without a leading "Theo <source>," that names where to look, not what is asked
    ("Theo Bộ luật Hình sự năm 2017, trục xuất là gì?" -> "trục xuất là gì?")."""
    m = _SOURCE_RE.match(text)
    return text[m.end() :] if m else text


def names_only_as_source(info: QuestionInfo) -> bool:
    """The documents the question names stand only in its leading source clause ("Theo TT
    01/2026/TT-BCT, kể từ ngày nào … phải lập phiếu …?"): it asks what the document says, not about it."""
    rest = _without_source(info.question)
    return bool(info.doc_numbers) and rest != info.question and not parse_refs(rest)


def _content(text: str) -> str:
    """What the question is about: without its source clause, its "thời gian nào", "bao lâu" and
    yes/no ("… không?") phrases and its "trên địa bàn" scope."""
    asked = _ASKS_YES_NO_RE.sub(" ", _ASKS_HOW_RE.sub(" ", _ASKS_TIME_RE.sub(" ", _without_source(text))))
    return without_scope(asked)


def analyze(question: str) -> QuestionInfo:
    text = normalize_text(question).strip()
    folded = fold_diacritics(text).lower()
    figures = find_figures(text)
    refs = parse_refs(text)
    answer_type: AnswerType = "figure" if _is_bare_figure(text, figures) else answer_type_of(text)
    asked_type = asked_doc_type(folded) if answer_type != "provision" else None  # "quy định nào của Luật ...": a provision
    doc_type = asked_type or _subject_type(folded, refs)
    if (asked_type or asks_standard(folded)) and answer_type in ("quantity", "other"):
        answer_type = "document"  # "kế hoạch ... số mấy" asks for a number of a document (not "Báo cáo ... bao nhiêu")
    accentless = not has_diacritics(text)
    content = _content(text)
    if accentless:
        words = [w for w in keywords(content) if fold_diacritics(w).lower() not in _FOLDED_QUESTION_WORDS | FOLDED_STOPWORDS]
    else:
        words = [w for w in keywords(content) if w.lower() not in QUESTION_WORDS]
    lowered = (fold_diacritics(text) if accentless else text).lower().strip()
    aside = (_SET_ASIDE_FOLDED_RE if accentless else _SET_ASIDE_RE).match(lowered)  # "Khác với …, …"
    excluded = _excluded(lowered, accentless, aside)  # "(không phải vùng sâu, vùng xa)" names what is not asked
    # its words are no keywords, nor the cue of an opening that sets something aside ("khác với", "ngoài")
    excluded_words = {w for phrase in excluded for w in phrase.split()} | set(aside.group(1).split() if aside else ())
    words = [w for w in words if (fold_diacritics(w) if accentless else w).lower() not in excluded_words]
    keys: list[str] = []
    for ref in refs:
        if ref.key not in keys:
            keys.append(ref.key)
    years = tuple(sorted({int(y) for y in _YEAR_RE.findall(_LAW_YEAR_RE.sub(" ", content))}))
    return QuestionInfo(
        question=text,
        folded=folded,
        answer_type=answer_type,
        keywords=tuple(words),
        folded_keywords=frozenset(fold_diacritics(w).lower() for w in words),
        doc_numbers=tuple(keys),
        figures=tuple(figures),
        years=years,
        accentless=accentless,
        doc_type=doc_type,
        defines=_defined_term(fold_diacritics(content).lower()),
        dates=tuple(d.iso for d in find_dates(content)),
        names=proper_names(content),
        codes=codes_in(content),
        parts=parts_in(text),  # the source clause too: "Theo Mẫu số 02 …, …"
        excluded=excluded,
    )


# A code naming a row, a category or a form: an outline number ("II.A.9") or capitals glued to a
# number ("N6", "LĐ1", "F1.1"); not a document number ("84/2025/QH15") nor a word with a hyphen ("COVID-19").
_CODE_RE = re.compile(r"(?<![\w./-])(?:[IVX]+\.[A-Z](?:\.\d+)+|[A-ZĐ]{1,4}\d{1,3}(?:\.\d+)?)(?![\w/-])")


def codes_in(text: str) -> tuple[str, ...]:
    """The codes ``text`` names, folded: "nhiệm vụ II.A.9 có hệ số bao nhiêu" -> ("ii.a.9",)."""
    return tuple(dict.fromkeys(fold_diacritics(m.group(0)).lower() for m in _CODE_RE.finditer(text)))


# A part of a document named by its kind and number: "Phụ lục XXIII", "Mẫu 12d", "Mẫu số 02", "loại 5",
# "Điều 45" (read folded: accentless questions too). Not "khoản 7a" nor "mục 2.3": a document writes
# its clauses and sections by number alone ("7a. ĐT1 …", "2.3 Dung tích …"; see feature clause_named).
_PART_RE = re.compile(
    r"\b(phu luc|bieu mau|mau|chuong|phan|loai|nhom|hang|dieu)\s+(?:so\s+)?([ivxlc]+|\d+[a-z]?)\b(?![./-]\w)"
)


def parts_in(text: str) -> tuple[str, ...]:
    """The document parts ``text`` names, each as a pattern on a document's folded words (kind, an
    optional "số", the number without leading zeros): "Mẫu số 02" -> r"\bmau (?:so )?0*2\b"."""
    out = []
    for m in _PART_RE.finditer(fold_diacritics(text).lower()):
        number = (m.group(2).lstrip("0") or "0") if m.group(2).isdigit() else m.group(2)
        out.append(rf"\b{m.group(1)} (?:so )?0*{re.escape(number)}\b")
    return tuple(dict.fromkeys(out))


# What a question says it does not ask about: "Ở địa bàn thông thường (không phải vùng sâu, vùng xa), …
# trong thời hạn bao lâu?" (a bracket whole), "… trừ đất rừng, …" (up to the comma). Read with
# diacritics where the question has them: "trừ" (except) folds like "trú" (reside).
# A question may also open by setting aside what it does not ask: "Khác với kiểm định ban đầu, khi …",
# "Ngoài các giấy tờ chung, …" (up to the comma that ends the opening phrase; _SET_ASIDE_RE).
_SET_ASIDE_RE = re.compile(r"^(khác với|ngoài|không kể)\s+([^,;:?()]+),")
_SET_ASIDE_FOLDED_RE = re.compile(r"^(khac voi|ngoai|khong ke)\s+([^,;:?()]+),")
_EXCLUDED_RE = re.compile(r"\((?:không phải|không thuộc|trừ)\s+([^()]+)\)|\b(?:không phải|không thuộc|trừ)\s+([^,;:?()]+)")
_EXCLUDED_FOLDED_RE = re.compile(r"\((?:khong phai|khong thuoc)\s+([^()]+)\)|\b(?:khong phai|khong thuoc)\s+([^,;:?()]+)")


def _excluded(lowered: str, accentless: bool, aside: re.Match[str] | None) -> tuple[str, ...]:
    """The phrases a question (``lowered``: lower case, folded when typed without diacritics) excludes,
    with the phrase an opening sets aside (``aside``, a ``_SET_ASIDE_RE`` match): "(không phải vùng sâu,
    vùng xa)" -> "vùng sâu", "vùng xa"; with their diacritics, since "xa" (far) and "xã" (commune) fold alike."""
    pattern = _EXCLUDED_FOLDED_RE if accentless else _EXCLUDED_RE
    spans = [m.group(1) or m.group(2) for m in pattern.finditer(lowered)]
    spans += [aside.group(2)] if aside else []
    parts = (p.strip() for span in spans for p in re.split(r",|\b(?:và|hoặc|va|hoac)\b", span))
    return tuple(dict.fromkeys(p for p in parts if p))


def proper_names(text: str) -> tuple[str, ...]:
    """The proper names a question writes, folded: runs of two or more capitalised words, not its
    first word, no abbreviation (all capitals), no document type: "Dự án cao tốc Hữu Nghị - Chi
    Lăng ... tỉnh Lạng Sơn" -> ("huu nghi", "chi lang", "lang son")."""
    runs: list[list[re.Match[str]]] = []
    for m in _WORD_RE.finditer(text):
        capital = m.group(0)[0].isupper() and not m.group(0).isupper() and m.start() > 0
        if capital and runs and runs[-1] and text[runs[-1][-1].end() : m.start()] == " ":
            runs[-1].append(m)
        elif capital:
            runs.append([m])
        elif not runs or runs[-1]:
            runs.append([])
    names = []
    for run in runs:
        name = fold_diacritics(" ".join(w.group(0) for w in run)).lower()
        if len(run) >= 2 and not any(name.startswith(fold_diacritics(t)) for t in DOC_TYPES):
            names.append(name)
    return tuple(names)


def _defined_term(folded: str) -> str | None:
    """The term a definition question asks about; a quoted term is the term, whatever is written
    around it ("Trong tài liệu …, “tồn tại về PCCC” được hiểu là gì?")."""
    m = _DEFINES_RE.match(folded.strip())
    if m is None:
        return None
    quoted = _QUOTED_RE.search(folded)
    if quoted:
        return quoted.group(1).strip()
    # "Nghị định 30/2020/NĐ-CP định nghĩa bản sao lục là gì?": the term follows "định nghĩa" / "giải thích";
    # "Cơ quan quản lý công chức được Sổ tay … giải thích là gì?": it is the subject of "được … giải thích"
    term = (m.group(1) or m.group(2)).strip()
    cue = _DEFINE_CUE_RE.search(term)
    if cue is None:
        return term
    return term[cue.end() :].strip() or term[: cue.start()].split(" duoc ")[0].strip()
