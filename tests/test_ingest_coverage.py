"""Nothing lost: every character of every page's body text lies in some chunk.

Checked over every text-layer PDF we have (corpus/, ../shared/realdocs, ../shared/realdocs2) and
on generated PDFs (hypothesis) mixing the shapes that lost text before: short articles, heading
lines that carry their body, consecutive headings, a) b) c) lists and ruled tables.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from ingest import parse_pdf
from ingest.coverage import chars_kept, coverage
from tests.conftest import CORPUS, SHARED
from tracuu.settings import Settings

REALDOCS2 = SHARED / "realdocs2" / "pdf"
REAL_FOLDERS = [CORPUS, SHARED / "realdocs" / "pdf", REALDOCS2]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def _real_pdfs() -> list[Path]:
    return [p for folder in REAL_FOLDERS if folder.is_dir() for p in sorted(folder.glob("*.pdf"))]


def test_real_folders_present() -> None:
    absent = [str(f) for f in REAL_FOLDERS[1:] if not f.is_dir()]
    if absent:
        pytest.skip(f"shared real documents not found ({', '.join(absent)}): ../shared is absent")
    assert len(_real_pdfs()) >= 30


# Characters pdftotext reads that ingest must keep on the same page. Not 1.0: TT 01/2026 (93%)
# has its last 11 pages read as the text of endnote [6], kept whole in that note on p84 (99.9% of
# the file's characters are kept) but not on their own pages; VBHN-44 98%.
MIN_CHARS_KEPT = 0.93


@pytest.mark.parametrize("pdf", _real_pdfs(), ids=lambda p: p.name)
def test_every_body_character_is_in_a_chunk(pdf: Path) -> None:
    doc = parse_pdf(pdf, Settings(ocr=False))
    cov = coverage(doc)
    if not any(p.has_text for p in doc.pages):
        pytest.skip(f"{pdf.name}: no usable text layer (a scan or a broken glyph map; OCR is off here)")
    assert cov.chars > 0
    assert cov.complete, cov.warning()
    if shutil.which("pdftotext"):  # nothing dropped before the chunks either (a stamp, a line)
        truth = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        kept = chars_kept(doc, truth.split("\f"))
        assert kept is not None and kept >= MIN_CHARS_KEPT, f"{pdf.name}: {kept:.3f} of pdftotext's characters kept"


# --- generated documents --------------------------------------------------------------------

WORDS = ["cơ quan", "tổ chức", "văn bản", "thực hiện", "quy định", "trách nhiệm", "đất đai", "hồ sơ",
         "giải quyết", "báo cáo", "địa phương", "công chức", "kinh phí", "kế hoạch", "nhiệm vụ"]


def _sentence(draw: st.DrawFn, lo: int = 4, hi: int = 30) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=lo, max_size=hi))
    number = draw(st.integers(1, 99_999))
    return f"{' '.join(words).capitalize()} đạt {number:,} hồ sơ".replace(",", ".") + "."


@st.composite
def documents(draw: st.DrawFn) -> list[tuple[str, object]]:
    """Blocks: ("heading"|"body"|"item", text) or ("table", rows)."""
    blocks: list[tuple[str, object]] = []
    for chapter in range(1, draw(st.integers(1, 3)) + 1):
        blocks.append(("heading", f"Chương {['I', 'II', 'III'][chapter - 1]}"))
        if draw(st.booleans()):
            blocks.append(("heading", "QUY ĐỊNH CHUNG"))
        for article in range(draw(st.integers(1, 4))):
            title = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)))
            inline = _sentence(draw) if draw(st.booleans()) else ""
            blocks.append(("heading", f"Điều {chapter * 10 + article}. {title.capitalize()} {inline}".strip()))
            for clause in range(1, draw(st.integers(0, 4)) + 1):
                blocks.append(("body", f"{clause}. {_sentence(draw)}"))
                for letter in "abc"[: draw(st.integers(0, 3))]:
                    blocks.append(("item", f"{letter}) {_sentence(draw, 2, 12)}"))
            if draw(st.integers(0, 4)) == 0:
                rows = [["STT", "Đơn vị", "Chỉ số"]] + [
                    [str(i), draw(st.sampled_from(WORDS)).capitalize(), f"{draw(st.integers(1, 999))},{i}"]
                    for i in range(1, draw(st.integers(2, 6)))
                ]
                blocks.append(("table", rows))
    return blocks


def _build(path: Path, blocks: list[tuple[str, object]]) -> None:
    if "DejaVuSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSerif", FONT))
    body = ParagraphStyle("body", fontName="DejaVuSerif", fontSize=13, leading=17)
    story = []
    for kind, content in blocks:
        if kind == "table":
            table = Table(content)
            table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "DejaVuSerif"),
                                       ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story.append(table)
        else:
            story.append(Paragraph(str(content), body))
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@hyp_settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blocks=documents())
def test_generated_documents_lose_nothing(tmp_path: Path, blocks: list[tuple[str, object]]) -> None:
    pdf = tmp_path / "generated.pdf"
    _build(pdf, blocks)
    doc = parse_pdf(pdf, Settings(ocr=False))
    cov = coverage(doc)
    assert cov.complete, cov.warning()
    chunks = _squash(" ".join(c.text for c in doc.chunks if c.kind == "body"))
    for kind, content in blocks:
        texts = [cell for row in content for cell in row] if kind == "table" else [str(content)]
        for text in texts:
            assert _squash(text) in chunks, f"{kind} {text!r} is in no chunk"
