"""OCR for pages without a usable text layer (scans, broken font mappings).

Two questions are answered here, nothing more:

* does a page's text layer deserve trust? (``text_layer_is_garbage``)
* what does Tesseract's Vietnamese model read on the page image? (``ocr_page``,
  ``iter_ocr_pages``: the pages of one PDF, several side by side)

OCR is optional: it needs the ``pytesseract`` package, the ``tesseract`` binary
and its language data (Debian: ``tesseract-ocr tesseract-ocr-vie``).
``ocr_available`` says whether all three are present; the parser decides what
to do with a page when they are not.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from functools import lru_cache
from pathlib import Path

from tracuu.vn.normalize import fold_diacritics, normalize_text

INSTALL_HINT = "install tesseract-ocr tesseract-ocr-vie to OCR them"

# --- is the text layer usable? ---------------------------------------------

# Below this many words the syllable ratio says too little to judge.
MIN_WORDS_FOR_RATIO = 30
# Share of judged words (two letters or more, not all capitals) that must be
# valid Vietnamese syllables. Calibrated on ../shared/realdocs/pdf with pypdf's
# text: clean pages score 0.38-1.0 (the low end: tables of English chemical
# names, and LibreOffice exports whose accented glyphs pypdf reads out of
# order); the noisy ABBYY layer of the Nghị định thư VN-TQ scores 0.97 (its
# split syllables "h ộ i" are still syllables, so it is noisy, not garbage);
# glyphs mapped to wrong ASCII letters score below 0.1.
MIN_SYLLABLE_RATIO = 0.3
# Words mixing Latin with Cyrillic/Greek letters ("Quyết" typed with a Cyrillic
# "у"): one may be real (a formula), more mean a homoglyph text layer.
MAX_MIXED_SCRIPT_SHARE = 0.02
# Broken characters (see _is_broken_char): clean pages have none.
MAX_BROKEN_CHAR_SHARE = 0.02

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
_VIET_LETTERS = frozenset(
    "bcdđfghjklmnpqrstvwxz"
    + "".join(unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES)
)
# Rimes of Vietnamese syllables with diacritics folded ("ươi" -> "uoi").
_VOWEL_CLUSTERS = (
    "a ai ao au ay e eo eu i ia ie ieu iu o oa oai oao oay oe oeo oi oo "
    "u ua uay ue ui uo uoi uou uu uy uya uye uyu y ye yeu"
).split()
# onset? + vowel cluster + final consonant? on the folded, lower-cased word.
_SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    "(?:" + "|".join(sorted(_VOWEL_CLUSTERS, key=len, reverse=True)) + ")"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_WORD_RE = re.compile(r"[^\W\d_]+")


def _is_broken_char(ch: str) -> bool:
    """Replacement, private-use and control characters (no usable ToUnicode map),
    and Latin letters foreign to Vietnamese such as "Ë", "Þ", "Ã" (legacy TCVN3/VNI
    text or UTF-8 read as Windows-1252)."""
    if ch in "\n\t\r":
        return False
    if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cc", "Cs"):
        return True
    return not ch.isascii() and _script(ch) == "latin" and ch.lower() not in _VIET_LETTERS


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    if name.startswith("GREEK"):
        return "greek"
    if name.startswith("LATIN"):
        return "latin"
    return "other"


def _is_mixed_script(word: str) -> bool:
    scripts = {_script(ch) for ch in word}
    return "latin" in scripts and bool(scripts & {"cyrillic", "greek"})


def _is_viet_syllable(word: str) -> bool:
    lower = word.lower()
    if not all(ch in _VIET_LETTERS for ch in lower):
        return False
    return _SYLLABLE_RE.fullmatch(fold_diacritics(lower)) is not None


def text_layer_is_garbage(text: str) -> bool:
    """True when a page's extracted text cannot stand for the page: (almost) no
    letters, broken glyph mappings, Cyrillic/Greek homoglyphs inside words, or
    too few valid Vietnamese syllables. Such a page should be OCR'd."""
    text = unicodedata.normalize("NFC", text)
    words = _WORD_RE.findall(text)
    visible = [ch for ch in text if not ch.isspace()]
    if sum(map(_is_broken_char, visible)) > max(2, MAX_BROKEN_CHAR_SHARE * len(visible)):
        return True
    if sum(map(_is_mixed_script, words)) > max(1, MAX_MIXED_SCRIPT_SHARE * len(words)):
        return True
    # Single letters (list markers, units) and all-capital words (abbreviations,
    # chemical names in tables) say nothing about the text layer: leave them out.
    judged = [w for w in words if len(w) > 1 and not w.isupper()]
    if len(judged) < MIN_WORDS_FOR_RATIO:
        return False
    valid = sum(map(_is_viet_syllable, judged))
    return valid < MIN_SYLLABLE_RATIO * len(judged)


# --- OCR ---------------------------------------------------------------------


@lru_cache(maxsize=None)
def _tesseract_langs() -> frozenset[str]:
    binary = shutil.which("tesseract")
    if binary is None:
        return frozenset()
    try:
        out = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    # First line is a header ("List of available languages in ...").
    return frozenset(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


def ocr_available(lang: str) -> bool:
    """True when pytesseract, the tesseract binary and every language in ``lang``
    (``"vie"`` or ``"vie+eng"``) are installed."""
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    installed = _tesseract_langs()
    return bool(installed) and all(part in installed for part in lang.split("+"))


def _clean_ocr_text(raw: str) -> str:
    """NFC + space cleanup per line; runs of blank lines collapse to one so the
    parser still sees paragraph breaks and headings on their own lines."""
    lines = [normalize_text(line).strip() for line in raw.splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _single_threaded_tesseract() -> None:
    """Tesseract's OpenMP threads spin: on 2 busy cores a page took 6.5-7 s wall (6 s CPU) with
    them and 1.8-3 s (1.8-2 s CPU) with one thread, the same text. Pages run side by side instead
    (``iter_ocr_pages``). An OMP_THREAD_LIMIT set by the user is kept."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def ocr_page(pdf_path: Path, page_index: int, lang: str, dpi: int = 300) -> str:
    """OCR one page (0-based ``page_index``): render it with pypdfium2 at ``dpi``,
    read it with Tesseract ``lang``. Returns NFC text with its line structure."""
    return ocr_pages(pdf_path, [page_index], lang, dpi)[page_index]


def ocr_pages(
    pdf_path: Path, page_indexes: Sequence[int], lang: str, dpi: int = 300
) -> dict[int, str]:
    """OCR several pages of one PDF, one at a time, opening it once. Returns {page_index: text}."""
    return dict(iter_ocr_pages(pdf_path, page_indexes, lang, dpi))


def iter_ocr_pages(
    pdf_path: Path,
    page_indexes: Sequence[int],
    lang: str,
    dpi: int = 300,
    *,
    jobs: Callable[[int], int] = lambda pages_left: 1,
    before_page: Callable[[], None] = lambda: None,
) -> Iterator[tuple[int, str]]:
    """OCR pages of one PDF, yielding (page_index, text) as each page is read, up to
    ``jobs(pages left)`` pages at a time (asked again after every page, and with 0 at the end so a
    caller can give back what it held). Pages are rendered here one at a time (pdfium is not
    thread-safe); only the Tesseract processes run side by side. ``before_page`` is called as
    each page starts (the parse worker asks for more time there)."""
    import pypdfium2 as pdfium

    _single_threaded_tesseract()
    todo = list(page_indexes)
    running: dict[Future[str], int] = {}
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        with ThreadPoolExecutor(max_workers=max(1, len(todo)), thread_name_prefix="ocr") as pool:
            while todo or running:
                allowed = jobs(len(todo) + len(running))
                while todo and len(running) < allowed:
                    index = todo.pop(0)
                    before_page()
                    running[pool.submit(_read_image, _render(pdf, index, dpi), lang)] = index
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield running.pop(future), future.result()
    finally:
        pdf.close()
        jobs(0)


def _render(pdf, index: int, dpi: int):
    page = pdf[index]
    try:
        return page.render(scale=dpi / 72).to_pil()
    finally:
        page.close()


def _read_image(image, lang: str) -> str:
    import pytesseract

    return _clean_ocr_text(pytesseract.image_to_string(image, lang=lang))
