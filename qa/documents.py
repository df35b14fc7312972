"""Document questions ("Văn bản nào thành lập Ban Chỉ đạo ...?") answered from the references
extracted at ingest: the normalised reference and the sentence that assigns/approves/establishes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index import Index
from index.models import Mention, SearchFilters
from qa.actions import ACTION_VERBS, asked_action, says_action
from qa.analyze import QuestionInfo, asks_many, names_document
from qa.cite import Sources
from qa.extract import idf_weights, keyword_score
from qa.models import Citation
from qa.people import body_names
from tracuu.vn.docrefs import parse_refs
from tracuu.vn.normalize import fold_diacritics
from tracuu.vn.numbers import find_dates
from tracuu.vn.sentences import TABLE_ROW_SEP, sentence_at, split_sentences

VERB_BONUS = 0.25  # a mention sentence sharing the question's action verb (qa.actions) is preferred
# Minimum mention-sentence score (keyword coverage + verb bonus) to answer a document question.
MIN_SCORE = 0.45
# Mentions whose sentences score within NAME_MARGIN of the best are reordered by their own names
# (_name_contrast, weighted NAME_WEIGHT): "Bản án ... sơ thẩm" against "Bản án ... phúc thẩm".
NAME_MARGIN = 0.1
NAME_WEIGHT = 0.2
# What joins references that share what follows them: "số 2108/QĐ-UBND ngày 31/12/2022 và số 1204/QĐ-UBND".
_JOINED_RE = re.compile(r"[\s,;]*(?:và|hoặc)?\s*(?:các\s+)?(?:số\s*)?", re.IGNORECASE)


@dataclass(frozen=True)
class DocumentAnswer:
    answer: str  # "Quyết định số 1059-QĐ/TU, ngày 16/9/2022 của Ban Thường vụ Tỉnh ủy" (several: joined by "; ")
    mention: Mention  # the first one answered
    citations: tuple[Citation, ...]
    score: float


def _folded(text: str) -> str:
    return fold_diacritics(text).lower()


def _verb_bonus(info: QuestionInfo, sentence: str) -> float:
    folded = _folded(sentence)
    return VERB_BONUS if any(_folded(v) in info.folded and _folded(v) in folded for v in ACTION_VERBS) else 0.0


# What may follow a document's title in a question: its year, number, date, issuer, a bracket, the question.
_TITLE_END_RE = re.compile(r"\s*(?:\(|\b(?:nam|so|ngay|cua|ve|mang|co|duoc|la|do|nao|gi|thay|sua|bai|ban hanh|quy dinh)\b|[,;:?.]|$)")


def issuer_initials(question: str) -> set[str]:
    """The initials a body the question names writes in its documents' numbers (NĐ 30/2020 Phụ lục
    VI: the issuer's abbreviation is part of the number), folded, for every run of its first words:
    "Sở Giáo dục và Đào tạo Bình Thuận" -> {"SG", "SGD", "SGDD", "SGDDT", ...} ("3332/SGDĐT-TCCB")."""
    out: set[str] = set()
    for name in body_names(question):
        letters = "".join(w[0] for w in name.split() if w.lower() != "và" and w[:1].isalpha())
        out |= {_folded(letters[:k]).upper() for k in range(2, len(letters) + 1)}
    return out


def asked_title(info: QuestionInfo) -> str | None:
    """The asked type with the title the question writes after it, folded ("Luật Thanh tra năm 2025
    (có sửa đổi Luật Đất đai) mang số hiệu gì?" -> "luat thanh tra"); words in brackets describe it.
    None when no title follows the type ("Luật nào ...?")."""
    if info.doc_type is None:
        return None
    text = re.sub(r"\([^)]*\)", " ", info.folded)
    m = re.search(rf"\b{re.escape(_folded(info.doc_type))}\s+", text)
    if m is None:
        return None
    end = _TITLE_END_RE.search(text, m.end())
    words = text[m.end() : end.start() if end else len(text)].split()
    return f"{_folded(info.doc_type)} {' '.join(words)}" if words else None


def format_reference(mention: Mention) -> str:
    """The reference as written in the document, trimmed of trailing punctuation."""
    return mention.ref.raw.strip().rstrip(",;.:")


def locate(sources: Sources, mention: Mention, first_n: int) -> list[Citation]:
    """Citations for the sentence holding a mention: body sentence, or footnote + its marker sentence."""
    ref, doc = mention.ref, mention.doc
    text, sentences = sources.page(doc.id, ref.page)
    anchor = ref.sentence if ref.sentence in text else ref.raw
    pos = text.find(anchor)
    if pos >= 0:
        pos += max(0, anchor.find(ref.raw))
        s = sentence_at(list(sentences), pos)
        if s is not None:
            return [sources.body_citation(first_n, doc, ref.page, s)]
    for note in sources.footnotes(doc.id):
        pos = note.text.find(ref.raw)
        if pos >= 0 and note.page == ref.page:
            s = sentence_at(split_sentences(note.text), pos)
            if s is not None:
                return sources.footnote_citations(first_n, doc, note, s)
    return []


def _tail(sentence: str, raw: str) -> str:
    """What a sentence says of one of its references: the words after it up to the next reference,
    over references joined to it ("số 2108/QĐ-UBND ngày 31/12/2022 và số 1204/QĐ-UBND ... về việc
    thành lập ..." share their "về việc")."""
    start = sentence.find(raw)
    if start < 0:
        return ""
    end = start + len(raw)
    for ref in sorted(parse_refs(sentence), key=lambda r: r.start):
        if ref.start < end:
            continue
        if not _JOINED_RE.fullmatch(sentence[end : ref.start]):
            return sentence[start + len(raw) : ref.start]
        end = ref.end
    return sentence[start + len(raw) :]


def _name_words(mention: Mention) -> set[str]:
    """The folded words a reference writes before its number, its type aside: "Bản án kinh doanh,
    thương mại phúc thẩm số 171/2013/KDTM-PT" -> {"kinh", "doanh", "thuong", "mai", "phuc", "tham"}."""
    raw = mention.ref.raw
    cut = raw.find(mention.ref.number)
    name = re.sub(r"\bsố\s*$", "", raw[: cut if cut > 0 else 0], flags=re.IGNORECASE)  # "số" is no name word ("sơ" is)
    return set(re.findall(r"\w+", _folded(name))) - set(_folded(mention.ref.doc_type or "").split())


def _name_contrast(info: QuestionInfo, names: dict[int, tuple[str, set[str]]], i: int) -> float:
    """How the words only mention ``i``'s name writes (no near mention of another document does)
    side with the question: +1 when the question writes them all ("sơ thẩm"), -1 when none ("phúc
    thẩm"), 0 when its name writes nothing of its own. ``names``: (key, name words) by mention."""
    key, words = names[i]
    others = set().union(*(w for k, w in names.values() if k != key))
    unique = words - others
    if not unique:
        return 0.0
    asked = set(re.findall(r"\w+", info.folded))
    return (len(unique & asked) - len(unique - asked)) / len(unique)


def first_written(tied: list[Mention], info: QuestionInfo | None = None, idf: dict[str, float] | None = None) -> Mention:
    """The mention to answer with among equally scored ones: one of a year the question names
    ("bãi bỏ quyết định nào năm 2021?"); one written in running text before a table row's; the one
    whose own words (its name as written and ``_tail``: "Luật Thanh tra số 84/2025/QH15") hold most of the question's ("Sở Nội vụ có Công văn số
    3331/SNV-TCBC về việc ý kiến đối với hồ sơ ..., theo Nghị định số 126/2024/NĐ-CP" -> 3331 for
    "... có ý kiến đối với hồ sơ tại văn bản nào?"); a dated one; the one written first in its
    sentence ("Số 2108/QĐ-UBND ngày 31/12/2022 và số 1204/QĐ-UBND ngày 09/7/2024 về việc thành lập
    và kiện toàn ..." -> 2108/QĐ-UBND); a full mention before a short one."""
    years = {str(y) for y in info.years} if info else set()

    def own(m: Mention) -> float:
        return round(keyword_score(info, f"{m.ref.raw} {_tail(m.ref.sentence, m.ref.raw)}", idf or {}), 6) if info else 0.0

    def of_year(m: Mention) -> bool:
        return any(y in m.ref.raw or (m.ref.date or "").startswith(y) for y in years)

    return min(
        tied,
        key=lambda m: (
            not of_year(m), TABLE_ROW_SEP in m.ref.sentence, -own(m), m.ref.date is None,
            m.ref.sentence.find(m.ref.raw), m.ref.short,
        ),
    )


def answer_document(
    info: QuestionInfo, index: Index, sources: Sources, filters: SearchFilters | None = None
) -> DocumentAnswer | None:
    """The best supported reference for a document question (every reference of the best sentences
    for "những ... nào"), or None when nothing fits well enough. A question naming an action is
    answered only from a sentence saying that action about the asked object (``says_action``)."""
    mentions = [
        m
        for m in index.mentions()
        if not names_document(info, m.ref.key, m.ref.doc_type, m.ref.number)
        and (not filters or not filters.doc_ids or m.doc.id in filters.doc_ids)
        and (info.doc_type is None or (m.ref.doc_type or "").lower() == info.doc_type)
    ]
    title = asked_title(info)
    titled = [m for m in mentions if title and re.search(rf"\b{re.escape(title)}\b", _folded(m.ref.raw))]
    mentions = titled or mentions  # "Luật Thanh tra năm 2025 ... số hiệu gì?": a Luật Thanh tra, not the Luật Đất đai beside it
    initials = issuer_initials(info.question)
    coded = [m for m in mentions if initials & {_folded(g).upper() for g in re.split(r"[-/]", m.ref.code or "")}]
    mentions = coded or mentions  # "Sở Giáo dục và Đào tạo ... công văn số mấy?": a number coded SGDĐT, not SNV
    if not mentions:
        return None
    idf = idf_weights(list({m.ref.sentence for m in mentions}))
    action = asked_action(info)
    if action is not None:
        mentions = [m for m in mentions if says_action(action, m.ref.sentence, idf)]
        if not mentions:
            return None
    by_sentence = {t: keyword_score(info, t, idf) + _verb_bonus(info, t) for t in {m.ref.sentence for m in mentions}}
    scored = sorted(((by_sentence[m.ref.sentence], i) for i, m in enumerate(mentions)), reverse=True)
    best_score = scored[0][0]
    if best_score < MIN_SCORE:
        return None
    # a mention's own name may overturn a near order: "Bản án ... sơ thẩm số ...?" is not the "phúc thẩm" one
    near = [i for score, i in scored if score >= best_score - NAME_MARGIN]
    names = {i: (mentions[i].ref.key, _name_words(mentions[i])) for i in near}
    adjusted = {i: by_sentence[mentions[i].ref.sentence] + NAME_WEIGHT * _name_contrast(info, names, i) for i in near}
    top = max(adjusted.values())
    tied = [mentions[i] for i in near if adjusted[i] == top]
    chosen = [first_written(tied, info, idf)]
    if asks_many(info.folded):
        keys = {chosen[0].ref.key}
        for m in sorted(tied, key=lambda m: m.ref.sentence.find(m.ref.raw)):
            if m.ref.key not in keys and not m.ref.short:
                keys.add(m.ref.key)
                chosen.append(m)
    citations: list[Citation] = []
    for m in chosen:
        found = locate(sources, m, len(citations) + 1)
        if not found:
            return None
        if all(c.quote != found[0].quote for c in citations):
            citations += found
    answer = "; ".join(format_reference(m) for m in chosen)
    return DocumentAnswer(answer, chosen[0], tuple(citations), best_score)


def answer_document_date(
    info: QuestionInfo, index: Index, sources: Sources, filters: SearchFilters | None = None
) -> DocumentAnswer | None:
    """The stored date of the document a date question names ("Nghị quyết 96/NQ-CP ban hành ngày
    nào?"), as written in a cited sentence; None when the question is about another document or
    no mention carries a date."""
    if info.doc_type is not None or not info.doc_numbers:
        return None
    dated = [
        m
        for m in index.mentions(info.doc_numbers[0])
        if m.ref.date and (not filters or not filters.doc_ids or m.doc.id in filters.doc_ids)
    ]
    for mention in sorted(dated, key=lambda m: m.ref.short):
        citations = locate(sources, mention, 1)
        for c in citations[:1]:
            written = next((d.raw for d in find_dates(c.quote) if d.iso == mention.ref.date), None)
            if written:
                return DocumentAnswer(written, mention, tuple(citations), 1.0)
    return None
