"""Abbreviations and their long forms, both ways: "CCHC" <-> "cải cách hành chính".

Two sources: a bundled table of common administrative abbreviations (``abbreviations.csv``, each
row with where its long form is defined or that it is common usage), and the definitions a
document writes itself: "cải cách hành chính (CCHC)", "Ủy ban nhân dân tỉnh (sau đây gọi tắt là
UBND tỉnh)", "… (viết tắt là VLNCN)". A long form is taken from the words before the parenthesis
whose initials spell the abbreviation, so a definition never swallows the rest of its sentence.

``Abbreviations.alternatives(text)`` gives, for every abbreviation or long form written in a text,
the other form: the index adds them to a passage's lexical terms, and QA counts them as words of a
sentence, so a question written either way finds the passage and its sentence.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tracuu.vn.normalize import fold_diacritics, nfc

TABLE = Path(__file__).with_name("abbreviations.csv")

# An abbreviation: 2-10 capitals (Vietnamese included), possibly with "&", "-" or a space inside
# ("KH&CN", "KT-XH", "PAR INDEX"), standing as a word.
SHORT = r"[A-ZĐ][A-ZĐ&\-]{1,9}(?: [A-Z]{2,})?"
_DEFINED_RE = re.compile(
    rf"\((?:(?:sau đây )?(?:gọi|viết) tắt là:?\s*)?(?P<short>{SHORT})(?P<place> tỉnh| huyện| xã| thành phố)?\)"
)
# A line of a list of abbreviations ("3.2 Chữ viết tắt", "DANH MỤC CHỮ VIẾT TẮT"): "PCCC – Phòng cháy,
# chữa cháy", "CNCH: Cứu nạn, cứu hộ".
_GLOSSARY_RE = re.compile(rf"^[ \t]*(?P<short>{SHORT})[ \t]*[–—:-][ \t]*(?P<long>[^\n]{{3,120}}?)[ \t.;]*$", re.MULTILINE)
_WORD_RE = re.compile(r"[\wĐđ]+")
MAX_LONG_WORDS = 12


def _initials(short: str) -> str:
    return re.sub(r"[^a-z]", "", fold_diacritics(short).lower())


def _key(text: str) -> str:
    """Folded, lower-case words joined by single spaces, without "và": how long forms are compared
    ("phòng cháy và chữa cháy" = "phòng cháy, chữa cháy" = "phòng cháy chữa cháy")."""
    return " ".join(w for w in (fold_diacritics(w).lower() for w in _WORD_RE.findall(nfc(text))) if w != "va")


def _spells(short: str, words: list[str]) -> bool:
    """True when the first letters of ``words`` ("và" may stand for "&" or be left out) spell ``short``."""
    return _initials("".join(w[0] for w in words if w.lower() != "và")) == _initials(short)


_long_key = lru_cache(maxsize=1 << 14)(_key)  # the long forms recur for every chunk indexed


@dataclass
class Abbreviations:
    """Pairs (abbreviation, long form); a short may have several long forms."""

    pairs: set[tuple[str, str]] = field(default_factory=set)

    def merged(self, other: "Abbreviations") -> "Abbreviations":
        return Abbreviations(self.pairs | other.pairs)

    def alternatives(self, text: str) -> list[str]:
        """The other form of every abbreviation and long form found in ``text``."""
        key = f" {_key(text)} "
        words = set(re.findall(rf"(?<![\wĐđ]){SHORT}(?![\wĐđ])", text))
        out: list[str] = []
        for short, long in sorted(self.pairs):
            if short in words and long not in out:
                out.append(long)
            if f" {_long_key(long)} " in key and short not in out:
                out.append(short)
        return out


def learn(text: str) -> Abbreviations:
    """The abbreviations a text defines: "<long form> (<SHORT>)", "(sau đây gọi tắt là SHORT)" and
    the lines of a list of abbreviations ("PCCC – Phòng cháy, chữa cháy")."""
    text = nfc(text)
    found = Abbreviations()
    for m in _GLOSSARY_RE.finditer(text):
        words = _WORD_RE.findall(m.group("long"))
        if 2 <= len(_initials(m.group("short"))) <= 10 and _spells(m.group("short"), words):
            found.pairs.add((m.group("short"), " ".join(words)))
    for m in _DEFINED_RE.finditer(text):
        short = m.group("short")
        initials = _initials(short)
        if not 2 <= len(initials) <= 10:
            continue
        before = _WORD_RE.findall(text[max(0, m.start() - 200) : m.start()])[-MAX_LONG_WORDS:]
        place = (m.group("place") or "").split()
        if place and [w.lower() for w in before[-len(place) :]] == place:
            before = before[: -len(place)]  # "Ủy ban nhân dân tỉnh (sau đây gọi tắt là UBND tỉnh)"
        # the last words whose first letters spell the abbreviation ("kinh tế - xã hội" -> "ktxh";
        # "và" may stand for "&" or be left out: "khoa học và công nghệ" -> "KH&CN")
        for n in range(1, min(len(before), MAX_LONG_WORDS) + 1):
            words = before[-n:]
            if words[0].lower() == "và":
                continue
            if _spells(short, words):
                found.pairs.add((short, " ".join(words)))
                break
    return found


@lru_cache(maxsize=1)
def bundled() -> Abbreviations:
    with TABLE.open(encoding="utf-8") as f:
        return Abbreviations({(nfc(r["short"]), nfc(r["long"])) for r in csv.DictReader(f)})
