"""Who-questions: a person's name ("Ai là Phó Bí thư ...?") or the holder of a role ("Ai làm Trưởng
Ban Chỉ đạo?" -> "Bí thư Tỉnh ủy", written "do đồng chí Bí thư Tỉnh ủy làm Trưởng Ban Chỉ đạo")."""

from __future__ import annotations

import re

from qa.analyze import QuestionInfo
from tracuu.vn.normalize import fold_diacritics

_SURNAMES = frozenset(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý nông lương mai đinh "
    "hà lâm tô trịnh đoàn chu triệu vi lục hứa tạ cao quách thân văn".split()
)
_ASKS_PERSON_RE = re.compile(r"(?:^|\s)ai\s+(?:là|la|làm|lam)\b|\b(?:là|la)\s+ai\b")
# "ai (được giao) làm <role>": the role asked about, folded.
_ASKS_ROLE_RE = re.compile(r"\bai (?:(?:duoc|se|da) )?(?:(?:giao|cu|bo nhiem) )?lam ((?:\w+ ?){1,3})")
# What may stand right before a role holder: "do đồng chí", "giao đồng chí", a clause start.
_HOLDER_START_RE = re.compile(r"(?:đồng chí|giao|do|là|[,;:(])\s*", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+")
# A name answers "ai là ..." only with this share of the question's words within NAME_WINDOW characters.
NAME_KEYWORDS = 0.6
NAME_WINDOW = 60
HOLDER_MAX = 60  # longest role holder ("Giám đốc Sở Kế hoạch và Đầu tư")


def _folded_words(text: str) -> list[str]:
    return [fold_diacritics(w).lower() for w in _WORD_RE.findall(text)]


def asks_person(info: QuestionInfo) -> bool:
    probe = info.folded if info.accentless else info.question.lower()
    return _ASKS_PERSON_RE.search(probe) is not None or _ASKS_ROLE_RE.search(info.folded) is not None


def _pick_name(info: QuestionInfo, text: str) -> tuple[int, int] | None:
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


def _pick_holder(info: QuestionInfo, text: str) -> tuple[int, int] | None:
    """The holder written before "làm <role asked>": "... do đồng chí Bí thư Tỉnh ủy làm Trưởng Ban"."""
    asked = _ASKS_ROLE_RE.search(info.folded)
    if asked is None:
        return None
    role = asked.group(1).split()[:2]
    folded = fold_diacritics(text).lower()
    for m in re.finditer(r"\blam " + r" ".join(map(re.escape, role)) + r"\b", folded):
        before = text[max(0, m.start() - HOLDER_MAX) : m.start()]
        starts = list(_HOLDER_START_RE.finditer(before))
        if not starts:
            continue
        start = max(0, m.start() - HOLDER_MAX) + starts[-1].end()
        holder = text[start : m.start()].strip()
        if holder and holder[0].isupper():
            return start, start + len(holder)
    return None


def pick_person(info: QuestionInfo, text: str) -> tuple[int, int] | None:
    """A role holder for "ai làm <role>", else a person's name next to the question's words."""
    return _pick_holder(info, text) or _pick_name(info, text)
