"""Letter spacing in TJ arrays is not a word gap.

OCR layers (ABBYY FineReader) place every glyph of a line with its own TJ offset and draw the word
spaces as space glyphs. pypdf reads any offset over half a space as a word gap, so such a layer
read "G iấy phép đặc b iệ t lo ạ i D". ``page_runs`` closes the letter gaps of arrays that draw
their own spaces, and leaves arrays without space glyphs (where offsets are the word gaps) alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from ingest.lines import group_lines
from ingest.pdfruns import page_runs
from tests.conftest import REALDOCS, SHARED, requires_realdocs

FONT, SIZE = "Times-Roman", 12.0  # its space glyph is 250/1000 em wide: pypdf reads a gap from 119
LETTER, WIDE = 150, 1200  # offsets in 1/1000 em: wider than half a space, and wider than a space


def _tj(c: canvas.Canvas, y: float, items: list[str]) -> None:
    text = c.beginText(72, y)
    text.setFont(FONT, SIZE)
    text._code.append(f"[{' '.join(items)}] TJ")  # reportlab has no public API for TJ offsets
    c.drawText(text)


def _spaced(words: list[str], letter: int) -> list[str]:
    """Every glyph its own string, ``letter`` apart; words separated by a space glyph."""
    items: list[str] = []
    for i, word in enumerate(words):
        if i:
            items.append("( )")
        for j, ch in enumerate(word):
            if j:
                items.append(str(-letter))
            items.append(f"({ch})")
    return items


@pytest.fixture(scope="module")
def spaced_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gaps") / "spaced.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    _tj(c, 760, _spaced(["Giay", "phep", "dac", "biet", "loai", "D"], LETTER))
    _tj(c, 730, ["(Giay)", str(-WIDE // 4), "(phep)", str(-WIDE // 4), "(loai)"])  # no space glyphs: offsets are the gaps
    _tj(c, 700, ["(So)", "( )", "(1)", str(-WIDE), "(Muc)", "( )", "(A)"])  # a wide offset stays a gap
    c.save()
    return path


def _lines(pdf: Path, page: int = 0) -> list[str]:
    return [re.sub(r"\s+", " ", line.text).strip() for line in group_lines(page_runs(PdfReader(pdf).pages[page]))]


def test_letter_spacing_beside_space_glyphs_is_not_a_word_gap(spaced_pdf: Path) -> None:
    # pypdf alone reads "G i a y p h e p ...": every 150/1000 em offset became a space
    assert "Giay phep dac biet loai D" in _lines(spaced_pdf)


def test_offsets_are_word_gaps_where_no_space_glyph_is_drawn(spaced_pdf: Path) -> None:
    assert "Giay phep loai" in _lines(spaced_pdf)


def test_an_offset_wider_than_a_space_stays_a_gap(spaced_pdf: Path) -> None:
    assert any(re.fullmatch(r"So 1 +Muc A", line) for line in _lines(spaced_pdf))


@requires_realdocs
def test_abbyy_layer_reads_whole_syllables() -> None:
    reader = PdfReader(REALDOCS / "Nghi-dinh-thu-VN-TQ-van-tai-duong-bo_abbyy-ocr.pdf")
    text = "\n".join(line.text for page in reader.pages for line in group_lines(page_runs(page)))
    for phrase in ("Giấy phép loại E (màu trắng)", "Giấy phép đặc biệt loại D (màu vàng đậm)", "Ký tại Bắc Kinh"):
        assert phrase in re.sub(r"[ \t]+", " ", text), phrase


def _real_text_layers() -> list[Path]:
    folders = [REALDOCS, SHARED / "realdocs2" / "pdf"]
    return sorted(p for folder in folders if folder.is_dir() for p in folder.glob("*.pdf"))


@requires_realdocs
def test_no_real_text_layer_reads_as_split_letters() -> None:
    """Over every page of every real PDF: lone lowercase letters ("b iệ t") are under 3% of the words
    (1–2.5% in clean layers: list marks "a)", "đ)"; the ABBYY layer was 14.5% before the fix)."""
    split = {}
    for pdf in _real_text_layers():
        words = [w for page in PdfReader(pdf).pages for line in group_lines(page_runs(page)) for w in re.findall(r"\w+", line.text)]
        lone = sum(1 for w in words if len(w) == 1 and w.isalpha() and w.islower())
        if words and lone / len(words) >= 0.03:
            split[pdf.name] = round(lone / len(words), 3)
    assert split == {}
