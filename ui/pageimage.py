"""The cited PDF page as an image, with the quote's region marked in translucent yellow."""

from __future__ import annotations

import threading
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from tracuu.vn.normalize import fold_diacritics

PAGE_SCALE = 1.6  # page image resolution: 1.0 = 72 dpi
_PDFIUM_LOCK = threading.Lock()  # pdfium is not thread-safe


def _fold_key(text: str) -> tuple[str, list[int]]:
    """Letters and digits only, lower-case, without diacritics; with each kept char's position."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        folded = fold_diacritics(ch).lower()
        if len(folded) == 1 and folded.isalnum():
            chars.append(folded)
            where.append(i)
    return "".join(chars), where


def _find_quote(page_chars: str, quote: str) -> range | None:
    """Char indices of ``quote`` in the PDF's char stream, ignoring spacing, hyphenation, case and
    diacritic encoding. Falls back to the quote's first 60 letters when the whole does not match."""
    page_key, where = _fold_key(page_chars)
    quote_key, _ = _fold_key(quote)
    if not quote_key:
        return None
    for probe in (quote_key, quote_key[:60]):
        pos = page_key.find(probe)
        if pos >= 0:
            start = where[pos]
            end = where[min(pos + len(quote_key), len(where)) - 1] + 1
            tail = quote.rstrip()[len(quote.rstrip().rstrip("%)]».,;:")) :]  # e.g. the "%" of "7,17%"
            if page_chars[end : end + len(tail)] == tail:
                end += len(tail)
            return range(start, end)
    return None


def _line_boxes(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Merge char boxes (left, bottom, right, top), in reading order, into one box per text line.

    A char continues the current line when it overlaps it vertically and does not jump back left.
    """
    lines: list[list[float]] = []
    last_right = float("-inf")
    for left, bottom, right, top in boxes:
        if right <= left:  # generated spaces and line breaks have empty boxes
            continue
        cur = lines[-1] if lines else None
        if cur and left >= last_right - 2 and bottom <= cur[3] and top >= cur[1]:
            cur[:] = [min(cur[0], left), min(cur[1], bottom), max(cur[2], right), max(cur[3], top)]
        else:
            lines.append([left, bottom, right, top])
        last_right = right
    return [(line[0], line[1], line[2], line[3]) for line in lines]


def render_page(pdf_path: Path, page: int, quote: str, scale: float = PAGE_SCALE) -> tuple[Image.Image, bool]:
    """Render 1-based ``page`` of the PDF; mark the quote with translucent yellow boxes.

    Returns the image and whether the quote was found on the page.
    """
    with _PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(pdf_path))
        try:
            pdf_page = pdf[page - 1]
            height = pdf_page.get_height()
            image = pdf_page.render(scale=scale).to_pil().convert("RGBA")
            text_page = pdf_page.get_textpage()
            count = text_page.count_chars()
            chars = "".join(chr(pdfium.raw.FPDFText_GetUnicode(text_page, i) or 32) for i in range(count))
            found = _find_quote(chars, quote)
            boxes = [text_page.get_charbox(i) for i in found] if found else []
        finally:
            pdf.close()
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for left, bottom, right, top in _line_boxes(boxes):
        rect = (left * scale - 2, (height - top) * scale - 2, right * scale + 2, (height - bottom) * scale + 2)
        draw.rectangle(rect, fill=(255, 214, 0, 90), outline=(220, 110, 0, 255), width=2)
    return Image.alpha_composite(image, overlay).convert("RGB"), bool(boxes)
