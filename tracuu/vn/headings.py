"""Headings of Vietnamese administrative and legal documents, and the current section path.

Levels (smaller = higher), following NĐ 30/2020 Phụ lục I, II.6 and real reports:

    Phụ lục 0 > Phần 1 > Chương 2 > Mục 3 > Điều 4 > I-/I. 5 > 1. 6 > 1.1. 7 > 2.3.1. 8 ... > a) 20

A lettered item longer than ``ITEM_MAX_CHARS`` is a list item rather than a heading: it is
returned with ``is_item=True``; ``SectionTracker`` closes its siblings but does not push it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ITEM_MAX_CHARS = 200

LEVELS = {"appendix": 0, "part": 1, "chapter": 2, "section": 3, "article": 4, "roman": 5, "number": 6, "letter": 20}

_ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{1,3})|X{1,3}V?|X{0,3}V)"  # I..XXXIX, upper-case, not empty
_ORDINALS = "NHẤT|HAI|BA|TƯ|BỐN|NĂM|SÁU|BẢY|TÁM|CHÍN|MƯỜI"
_ORDINAL = rf"(?:THỨ\s+(?:{_ORDINALS})|thứ\s+(?:{_ORDINALS.lower()}))"  # "PHẦN THỨ NHẤT", "Phần thứ hai"

# After a label's dot or bracket: a space, the end, or a footnote marker glued to it ("7.⁷ LS -",
# "4.[25] Việc", "d)⁴² Giấy tờ").
_AFTER = r"(?=\s|$|[⁰¹²³⁴⁵⁶⁷⁸⁹]|\[\d)"

# Each pattern: the label at line start; the rest of the line is the title. Case is spelled
# out (no re.I) so that "Phần vi phạm", "Chương trình", "Mục tiêu" stay body text.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "Phụ lục I", "PHỤ LỤC II", "Phụ lục số 01"; a bare "PHỤ LỤC" alone or before an upper-case title
    ("appendix", re.compile(rf"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:số\s+)?(?P<label>{_ROMAN}|\d{{1,2}})(?![\w/])|\s*$|(?=\s+[A-ZĐ]{{2}}))")),
    ("part", re.compile(rf"^(?:PHẦN|Phần)\s+(?P<label>{_ORDINAL}|{_ROMAN}|\d{{1,2}})(?!\w)")),
    ("chapter", re.compile(rf"^(?:CHƯƠNG|Chương)\s*(?P<label>{_ROMAN}|\d{{1,2}})(?!\w)")),  # OCR: "CHƯƠNGI"
    ("section", re.compile(rf"^(?:MỤC|Mục)\s+(?P<label>\d{{1,2}}|{_ROMAN})(?!\w)")),
    ("article", re.compile(r"^(?:ĐIỀU|Điều)\s+(?P<label>\d{1,3}[a-z]?)\s*\.")),  # "Điều 5." (the dot is required)
    ("roman", re.compile(rf"^(?P<label>{_ROMAN})\s?[.\-–]{_AFTER}")),  # "I-", "II.", "IV –"
    # "1.", "1.1.", "2.3.1.", a clause inserted by an amendment "7a."; not "2023."
    ("number", re.compile(rf"^(?P<label>\d{{1,2}}[a-zđ]?(?:\.\d{{1,2}}){{0,4}})\.{_AFTER}")),
    ("letter", re.compile(rf"^(?P<label>[a-zđ])\){_AFTER}")),  # "a)", "đ)"
]


# Kinds whose title, when on the same line, starts with a capital ("Chương I. Quy định chung").
_TITLED = ("appendix", "part", "chapter", "section")
# What may follow "Phụ lục <label>" on its line: a separator ("Phụ lục I: Mẫu …", "Phụ lục 1 -
# …", "Phụ lục I (kèm theo …)") or an upper-case title ("Phụ lục II DANH MỤC …").
_APPENDIX_TITLE_RE = re.compile(r"\s*(?:[.:\-–—(]|[A-ZĐÀ-Ỹ]{2,}(?:\s|$))")


@dataclass(frozen=True)
class HeadingMatch:
    kind: str  # appendix | part | chapter | section | article | roman | number | letter
    label: str  # "II", "2.3.1", "a", "5", "THỨ NHẤT"; "" for a bare "PHỤ LỤC"
    level: int  # comparable: a smaller level is an ancestor
    text: str  # the whole line, stripped
    title: str  # text after the label ("KẾT QUẢ ĐẠT ĐƯỢC"); "" when the title is on the next line
    is_item: bool = False  # a long lettered list item, not a heading


def heading_level(line: str) -> HeadingMatch | None:
    """The heading a line starts with, or None for body text."""
    text = line.strip().strip("*").strip()  # "**1. Khái quát chung**" (bold markers in text sources)
    for kind, pattern in _PATTERNS:
        m = pattern.match(text)
        if m is None:
            continue
        label = m.group("label") or ""
        level = LEVELS[kind] + (label.count(".") if kind == "number" else 0)
        title = text[m.end() :].strip(" .:-–—\t")
        if kind in _TITLED and title[:1].islower():
            return None  # "Phụ lục VIII ban hành kèm theo …", "Chương II của Luật này": a sentence going on
        if kind == "appendix" and text.startswith("Phụ lục") and title and not _APPENDIX_TITLE_RE.match(text[m.end() :]):
            return None  # "Phụ lục VI Nghị định này. …": a wrapped sentence naming an appendix
        return HeadingMatch(kind, label, level, text, title, is_item=kind == "letter" and len(text) > ITEM_MAX_CHARS)
    return None


class SectionTracker:
    """Keeps the path of headings above the current line.

    ``update(line)`` returns the path after reading ``line``: a heading closes every open
    heading of the same or a deeper level and opens itself ("1." under "II-" replaces the
    previous "1."; "a)" nests under the deepest numbered heading; "Điều" under "Chương"/"Mục").
    A title-less "Chương I" / "Phần I" / "Mục 1" / "Phụ lục I" takes the next upper-case line as
    its title ("Chương I" + "QUY ĐỊNH CHUNG" -> "Chương I. QUY ĐỊNH CHUNG").
    """

    def __init__(self, path: tuple[str, ...] = ()) -> None:
        """``path``: the headings already open (a section path this tracker made before)."""
        self._open: list[tuple[int, str]] = []  # (level, heading text)
        for depth, text in enumerate(path):
            match = heading_level(text)
            self._open.append((match.level if match else depth, text))
        self._awaiting_title = False

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(text for _, text in self._open)

    def update(self, line: str) -> tuple[str, ...]:
        match = heading_level(line)
        if match is None:
            self._take_title(line.strip())
            return self.path
        self._awaiting_title = False
        self._open = [(lvl, t) for lvl, t in self._open if lvl < match.level]
        if not match.is_item:
            self._open.append((match.level, match.text))
            self._awaiting_title = not match.title and match.kind in ("appendix", "part", "chapter", "section")
        return self.path

    def _take_title(self, line: str) -> None:
        if self._awaiting_title and line and line.isupper():
            level, text = self._open[-1]
            self._open[-1] = (level, f"{text}. {line}")
        self._awaiting_title = False


def section_within(path: tuple[str, ...], text: str) -> tuple[str, ...]:
    """The section path at the end of ``text`` (paragraphs, one a line) read below ``path``: where
    a passage lies inside a chunk that holds several sections (a short article whole, its
    clauses included)."""
    tracker = SectionTracker(path)
    for line in text.split("\n"):
        tracker.update(line)
    return tracker.path
