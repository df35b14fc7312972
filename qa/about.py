"""Questions about a named document itself, answered from its metadata and cited to the page
that prints it: "Nghị định 30/2020/NĐ-CP ban hành ngày nào?" (its date), "Cơ quan nào ban hành
Tờ trình 141/TTr-STP?" (its issuer), "Ai ký Tờ trình 141/TTr-STP?" (its signer's name and
title), "Nghị định 71/2019/NĐ-CP quy định về vấn đề gì?" (its trích yếu). The value must be found again in the text of one of its pages, or no answer is given.
"Quyết định 1696/QĐ-UBND có hiệu lực từ ngày nào?" (its effective date) is read from the sentence of
its text that says it ("Quyết định này có hiệu lực kể từ ngày ký", "... có hiệu lực thi hành từ ngày
01 tháng 7 năm 2020"): no metadata holds it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from index.models import DocumentInfo
from qa.analyze import QuestionInfo, asks_standard
from qa.cite import Sources
from qa.models import Citation
from tracuu.vn.normalize import fold_diacritics
from tracuu.vn.numbers import find_dates
from tracuu.vn.sentences import Sentence

# What is asked about the document, on the folded question (accentless questions work too).
_ASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("signer", re.compile(r"\bai (?:da |la nguoi |duoc giao )?ky\b|\bnguoi (?:da )?ky\b|\bky boi ai\b|\bdo ai ky\b|"
                          r"\bai ky\b")),
    ("date", re.compile(r"\b(?:ban hanh|ky|thong qua|ra doi|duoc ban hanh)\s+(?:vao\s+)?(?:ngay|khi|luc)\s+(?:nao|bao gio)|"
                        r"\bngay (?:ban hanh|ky)\b|\bde ngay (?:nao|bao nhieu)\b|\b(?:ban hanh|ky) (?:khi nao|bao gio)\b|\bdate\b")),
    ("issuer", re.compile(r"\b(?:co quan|don vi|ai|cap) nao ban hanh\b|\bdo (?:co quan |don vi )?(?:ai|nao) ban hanh\b|"
                          r"\bai ban hanh\b|\bco quan ban hanh\b|\bdo ai\b.*\bban hanh\b")),
    ("until", re.compile(r"\b(?:den het|het han|thoi han|hieu luc den)\b.*\b(?:ngay nao|khi nao|bao gio|thoi diem nao)\b")),
    ("effective", re.compile(r"\bhieu luc\b.*\b(?:khi nao|ngay nao|bao gio|thoi diem nao|luc nao)\b|"
                             r"\b(?:khi nao|ngay nao|bao gio|thoi diem nao)\b.*\bhieu luc\b")),
    ("title", re.compile(r"\bve (?:van de|noi dung|viec) (?:gi|nao)\b|\bquy dinh (?:ve )?(?:van de |noi dung )?gi\b|"
                         r"\btrich yeu\b|\bnoi dung chinh\b|\bnoi ve (?:van de )?gi\b")),
    ("number", re.compile(r"\bso hieu\b|\bco so (?:may|bao nhieu|la gi)\b|\bso (?:may|bao nhieu)\b")),
)


# A signer question asks for a person: who, their name or their title.
_ASKS_PERSON_RE = re.compile(r"\bai\b|\bchuc (?:vu|danh)\b|\bho (?:va )?ten\b|\bten (?:la )?gi\b|\bten nguoi\b|\bla ong\b|\bla ba\b")


@dataclass(frozen=True)
class AboutAnswer:
    answer: str
    citations: tuple[Citation, ...]


# "có hiệu lực / thời hạn ... <đến (hết) ngày when>"
_UNTIL_RE = re.compile(r"(?:có hiệu lực|thời hạn)[^.;:\n]{0,60}?\s(đến (?:hết )?ngày [^.;:\n]+?)\s*(?=[.;:,]|$)", re.IGNORECASE | re.MULTILINE)
_WORD_RE = re.compile(r"\w+")
TITLE_HEAD = 2  # title words a question must write after the type to name a document of another type
DESCRIBES_SHARE = 0.5  # share of a question's words a document's title must hold to be the one described
_PART_RE = re.compile(r"\b(?:dieu|khoan|diem|chuong|muc|phu luc)\s+(?:\d+|[ivxlc]+\b|[a-z]\))")
# "có hiệu lực (thi hành) <(kể) từ when>": from "(kể) từ" to the end of its clause.
_EFFECTIVE_RE = re.compile(r"có hiệu lực(?: thi hành)? ((?:kể )?từ\s+[^.;:\n]+?)\s*(?=[.;:]|$)", re.IGNORECASE | re.MULTILINE)


def asked_about(info: QuestionInfo) -> str | None:
    """"signer", "date", "issuer", "until" (its end), "effective", "title" or "number" when the
    question asks that of a document, else None."""
    if _PART_RE.search(info.folded):
        return None  # "Điều 5 Nghị định 30 quy định gì?" asks about a part of the document
    if asks_standard(info.folded):
        return None  # "Quy chuẩn … được viện dẫn trong tài liệu kèm QĐ 1074 có số hiệu gì?" asks a standard's code
    kind = next((kind for kind, pattern in _ASKS if pattern.search(info.folded)), None)
    if kind == "signer" and not _ASKS_PERSON_RE.search(info.folded):
        return None  # "người ký phải dùng bút mực màu gì?" names the signer but asks something else
    return kind


def _written_date(text: str, iso: str) -> tuple[int, str] | None:
    return next(((d.start, d.raw) for d in find_dates(text) if d.iso == iso), None)


def _written(value: str) -> Callable[[str], tuple[int, str] | None]:
    """Finds ``value`` in a page text, case and whitespace aside; returns (offset, as written)."""
    pattern = re.compile(r"\s+".join(re.escape(w) for w in value.split()), re.IGNORECASE)

    def find(text: str) -> tuple[int, str] | None:
        m = pattern.search(text)
        return (m.start(), m.group(0)) if m else None

    return find


def written_number(number: str) -> Callable[[str], tuple[int, str] | None]:
    """Finds a document number as printed: spaces around "/" and "-", "-" or "–" ("141 /TTr-STP")."""
    parts = [r"\s*[-–]\s*" if c in "-–" else r"\s*/\s*" if c == "/" else re.escape(c) for c in number]
    pattern = re.compile(r"(?<![\w/])" + "".join(parts) + r"(?![\w/])", re.IGNORECASE)

    def find(text: str) -> tuple[int, str] | None:
        m = pattern.search(text)
        return (m.start(), m.group(0)) if m else None

    return find


def describes(info: QuestionInfo, doc: DocumentInfo) -> bool:
    """True when the question's words (its document type's aside) are mostly words of the document's
    title: "Văn bản hợp nhất Luật Nhập cảnh, xuất cảnh, ... có số hiệu là gì?" describes the VBHN
    whose title is "NHẬP CẢNH, XUẤT CẢNH, ...", not any document of that type."""
    type_words = set(fold_diacritics(doc.doc_type or "").lower().split()) | {"so", "hieu", "nam"}
    asked = {w for w in info.folded_keywords if w not in type_words and not w.isdigit()}
    title = set(_WORD_RE.findall(fold_diacritics(doc.title or "").lower()))
    return bool(asked) and len(asked & title) >= DESCRIBES_SHARE * len(asked)


def named_after_type(info: QuestionInfo, doc: DocumentInfo, described: str) -> bool:
    """True when the name the question writes right after the first document type it names starts
    with the first words of ``doc``'s title: "Luật Đất đai có hiệu lực …" names the consolidated text
    titled "ĐẤT ĐAI"; "Luật Khoa học, công nghệ … (có sửa đổi Luật Đất đai)" names another law."""
    title = _WORD_RE.findall(fold_diacritics(doc.title or "").lower())[:TITLE_HEAD]
    named = re.search(rf"\b{re.escape(fold_diacritics(described))}\s+(\w+(?:\W+\w+){{{TITLE_HEAD - 1}}})", info.folded)
    return bool(title) and named is not None and _WORD_RE.findall(named.group(1)) == title


def answer_about(info: QuestionInfo, doc: DocumentInfo, sources: Sources) -> AboutAnswer | None:
    kind = asked_about(info)
    if kind == "number" and not (doc.number and describes(info, doc)):
        return None
    if kind in ("effective", "until"):
        find: Callable[[str], tuple[int, str] | None] = effective_date if kind == "effective" else end_date
    else:
        signer = doc.signer.name if doc.signer else None
        value = {"signer": signer, "date": doc.date, "issuer": doc.issuer, "title": doc.title, "number": doc.number}.get(kind or "")
        if kind is None or not value:
            return None
        find = (lambda text: _written_date(text, value)) if kind == "date" else written_number(value) if kind == "number" else _written(value)
    pages = list(range(1, doc.pages + 1))
    if kind == "signer" and doc.signer:  # the signer's page first: the name may also stand elsewhere
        pages.sort(key=lambda n: n != doc.signer.page)
    for page in pages:
        text, _ = sources.page(doc.id, page)
        found = find(text)
        if found is not None:
            pos, written = found
            answer = f"{written} ({doc.signer.title})" if kind == "signer" and doc.signer and doc.signer.title else written
            return AboutAnswer(answer, (sources.body_citation(1, doc, page, _lines_around(text, pos, len(written))),))
    return None


def end_date(text: str) -> tuple[int, str] | None:
    """(offset, as written) of when a document or what it grants ends: "đến hết ngày 28 tháng 02 năm 2027"."""
    m = _UNTIL_RE.search(text)
    if m is None:
        return None
    date = next((d for d in find_dates(m.group(1)) if d.start <= len("đến hết ngày ")), None)
    return (m.start(1), m.group(1)[: date.end]) if date else None


def effective_date(text: str) -> tuple[int, str] | None:
    """(offset, as written) of when a document takes effect, from the sentence that says it."""
    m = _EFFECTIVE_RE.search(text)
    if m is None:
        return None
    when = m.group(1)
    date = next((d for d in find_dates(when) if d.start <= len("kể từ ngày ")), None)
    end = date.end if date else min((i for i in (when.find(","), when.find(" và ")) if i > 0), default=len(when))
    return m.start(1), when[:end]


def _lines_around(text: str, start: int, length: int) -> Sentence:
    """The whole lines holding ``text[start:start + length]``: header lines ("Hà Nội, ngày 05 tháng 3
    năm 2020", "Về công tác văn thư") are no sentences, and the sentence splitter joins them."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", start + length)
    last = len(text) if last < 0 else last
    return Sentence(text[first:last], first, last)
