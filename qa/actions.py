"""What a "which document ...?" question asks a document to have done, and whether a sentence says it.

"Văn bản nào thành lập Ban Chỉ đạo X?" asks for the document that did one action (thành lập) to one
object (Ban Chỉ đạo X). A document number is only an answer when it comes from a sentence that
writes that action and most of that object's words; a sentence about another action ("kiện toàn")
or another body gives no answer, and the question is answered "không tìm thấy" with the closest
passages. Used by the reference answers (qa.documents) and the reader's document spans (qa.extract).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.analyze import QuestionInfo
from tracuu.vn.normalize import fold_diacritics, has_diacritics

# Actions documents take on other documents, bodies, plans and tasks (as written in Vietnamese
# administrative texts); a question names at most a few of them.
ACTION_VERBS = (
    "thành lập", "ban hành", "phê duyệt", "giao", "quyết định", "kiện toàn", "công bố", "quy định", "hướng dẫn",
    "giải thể", "sáp nhập", "hợp nhất", "chia tách", "đổi tên", "bãi bỏ", "thay thế", "sửa đổi", "bổ sung",
    "công nhận", "cho phép", "chấp thuận", "ủy quyền", "phân công", "bổ nhiệm", "miễn nhiệm", "khen thưởng",
    "kỷ luật", "điều chỉnh", "phân cấp", "phân bổ", "quy hoạch", "chỉ đạo", "căn cứ",
)
# Share of the IDF weight of the object's words (those the question writes after the verb) that the
# sentence must hold.
OBJECT_SHARE = 0.6
_WORD_RE = re.compile(r"\w+")
_BRACKETS_RE = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class Action:
    verb: str  # folded: "thanh lap"
    objects: frozenset[str]  # folded content words the question writes after the verb


def _folded(text: str) -> str:
    return fold_diacritics(text).lower()


def asked_action(info: QuestionInfo) -> Action | None:
    """The action the question asks about: the verb of ACTION_VERBS written right before the
    document type it asks for ("căn cứ quy định nào"), else the one written first (not the type
    itself: "Quyết định nào ...?"), or None."""
    # words in brackets describe ("Luật Thanh tra (có sửa đổi Luật Đất đai) mang số hiệu gì?"), they ask nothing
    asked = _BRACKETS_RE.sub(lambda m: " " * len(m.group(0)), info.folded)
    # a verb is read as written: "Sở Giáo dục" does not "giao" (assign); typed without diacritics, as
    # the library's words restore it ("van ban hanh chinh" is "văn bản hành chính", no "ban hành")
    written = info.question.lower() if len(info.question) == len(asked) and has_diacritics(info.question) else None
    found = []
    for verb in ACTION_VERBS:
        if _folded(verb) == _folded(info.doc_type or ""):
            continue
        m = next((m for m in re.finditer(rf"\b{_folded(verb)}\b", asked) if written is None or written[m.start() : m.end()] == verb), None)
        if m:
            found.append((m.start(), -len(verb), m.end(), _folded(verb)))
    if not found:
        return None
    # "Sổ tay hướng dẫn … căn cứ quy định nào …?": the verb right before the asked type is the one
    # asked; a verb earlier is part of a name
    asked_type = _folded(info.doc_type or "")
    typed = [f for f in found if asked_type and asked[f[2] :].lstrip().startswith(asked_type)]
    _, _, end, verb = min(typed or found)
    after = {w for w in _WORD_RE.findall(asked[end:]) if w in info.folded_keywords}
    type_words = set(asked_type.split())  # "thay thế thông tư nào": the type is no object
    # "thay thế thông tư nào năm 2012": a year dates the object, the reader checks it (missing_years)
    years = {"nam", *(str(y) for y in info.years)}
    return Action(verb, frozenset(after - set(verb.split()) - type_words - years))


def says_action(action: Action, sentence: str, idf: dict[str, float]) -> bool:
    """The sentence writes the action's verb and OBJECT_SHARE of its object's words (by IDF)."""
    folded = _folded(sentence)
    if not re.search(rf"\b{action.verb}\b", folded):
        return False
    if not action.objects:
        return True
    written = set(_WORD_RE.findall(folded))
    default = max(idf.values(), default=1.0)
    total = sum(idf.get(w, default) for w in action.objects)
    return sum(idf.get(w, default) for w in action.objects if w in written) >= OBJECT_SHARE * total
