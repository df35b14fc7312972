"""The rule that a wrong figure never reaches the user: every number in an answer occurs in its sources."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracuu.vn.numbers import unsupported_numbers

_MARKER_RE = re.compile(r"\[\d+\]")


class UnsupportedNumberError(AssertionError):
    """An answer carries a number that none of its cited quotes contains."""


def strip_markers(text: str) -> str:
    """The text without its ``[n]`` citation markers (their digits are not figures)."""
    return _MARKER_RE.sub("", text)


def unsupported(answer: str, quotes: Sequence[str]) -> list[str]:
    """Numbers of ``answer`` (markers ignored) that occur verbatim in none of ``quotes``."""
    return unsupported_numbers(strip_markers(answer), list(quotes))


def check_numbers(answer: str, quotes: Sequence[str]) -> None:
    """Raise ``UnsupportedNumberError`` unless every number in ``answer`` occurs in a quote."""
    missing = unsupported(answer, quotes)
    if missing:
        raise UnsupportedNumberError(f"số liệu không có trong trích dẫn: {', '.join(missing)}")
