"""Scanned pages: garbage text-layer detection and Vietnamese OCR on real renderings."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ingest.metadata import extract_metadata
from ingest.models import IngestError
from ingest.worker import load_document
from tracuu.settings import Settings
from ingest.ocr import ocr_available, ocr_page, ocr_pages, text_layer_is_garbage

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REALDOCS = SHARED / "realdocs" / "pdf"

needs_ocr = pytest.mark.skipif(not ocr_available("vie"), reason="tesseract-ocr and tesseract-ocr-vie not installed")
needs_realdocs = pytest.mark.skipif(not REALDOCS.is_dir(), reason=f"{REALDOCS} absent (shared real documents)")

LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 23/KH-UBND",
    "KẾ HOẠCH",
    "Triển khai thực hiện chuyển đổi số trên địa bàn tỉnh",
    "Căn cứ Luật tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai thực hiện như sau:",
    "1. Tổng vốn đầu tư toàn xã hội đạt 11.024,7 tỷ đồng, tăng 7,17% so với cùng kỳ.",
    "2. Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến đạt 85%.",
    "3. Các sở, ban, ngành và địa phương tổ chức thực hiện nghiêm túc kế hoạch này.",
]
CYRILLIC_HOMOGLYPHS = str.maketrans({"o": "о", "a": "а", "c": "с", "e": "е", "p": "р"})


def lines_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page text PDF (DejaVu Serif 13 pt), one string per line; the other reliability tests use it too."""
    pdfmetrics.registerFont(TTFont("DejaVuSerif", FONT))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("DejaVuSerif", 13)
    y = 780
    for line in lines:
        c.drawString(60, y, line)
        y -= 26
    c.showPage()
    c.save()
    return path


def _scanned_pdf(path: Path, lines: list[str]) -> Path:
    """Render a text PDF to a 200-dpi greyscale image and wrap it in an image-only PDF (a scan)."""
    source = lines_pdf(path.with_suffix(".src.pdf"), lines)
    pdf = pdfium.PdfDocument(str(source))
    image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil()
    pdf.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return path


def _layer(path: Path, page: int = 0) -> str:
    return PdfReader(path).pages[page].extract_text()


# --- text_layer_is_garbage ----------------------------------------------------


def test_clean_vietnamese_layer_is_usable(tmp_path):
    assert not text_layer_is_garbage(_layer(lines_pdf(tmp_path / "clean.pdf", LINES)))


def test_cyrillic_homoglyph_layer_is_garbage(tmp_path):
    lines = [line.translate(CYRILLIC_HOMOGLYPHS) for line in LINES]
    text = _layer(lines_pdf(tmp_path / "homoglyph.pdf", lines))
    assert "о" in text  # the Cyrillic letters really are in the extracted layer
    assert text_layer_is_garbage(text)


def test_a_single_formula_letter_is_not_garbage():
    text = " ".join(LINES) + " Hệ số tính theo công thức αx + β."
    assert not text_layer_is_garbage(text)


def test_utf8_read_as_windows_1252_is_garbage(tmp_path):
    lines = [line.encode().decode("cp1252", errors="replace") for line in LINES]
    assert text_layer_is_garbage(_layer(lines_pdf(tmp_path / "mojibake.pdf", lines)))


def test_legacy_tcvn3_layer_is_garbage():
    # "Cộng hòa xã hội chủ nghĩa Việt Nam ..." typed in a TCVN3 (ABC) font, extracted as Latin-1.
    tcvn3 = (
        "Céng hßa x· héi chñ nghÜa ViÖt Nam §éc lËp Tù do H¹nh phóc Quy ®Þnh xö ph¹t vi ph¹m "
        "hµnh chÝnh trong lÜnh vùc hãa chÊt vµ vËt liÖu næ c«ng nghiÖp"
    )
    assert text_layer_is_garbage(tcvn3)


def test_glyphs_mapped_to_wrong_ascii_letters_are_garbage():
    shifted = "".join(chr((ord(ch) - 97 + 7) % 26 + 97) if "a" <= ch <= "z" else ch for ch in
                      "can cu luat to chuc chinh quyen dia phuong ngay muoi chin thang sau nam hai nghin "
                      "muoi lam uy ban nhan dan tinh ban hanh ke hoach trien khai thuc hien nhu sau cac so "
                      "ban nganh va dia phuong to chuc thuc hien nghiem tuc ke hoach nay")
    assert text_layer_is_garbage(shifted)


def test_font_without_unicode_map_for_accented_letters_is_garbage():
    text = "".join(ch if ch.isascii() else "\ufffd" for ch in " ".join(LINES))
    assert text_layer_is_garbage(text)


def test_a_few_stray_replacement_characters_are_tolerated():
    assert not text_layer_is_garbage(" ".join(LINES).replace("ệ", "\ufffd"))


@needs_realdocs
def test_noisy_abbyy_layer_is_noisy_not_garbage():
    """The ABBYY layer splits syllables ("h ộ i") and misreads a few accents, but its words are
    still Vietnamese and searchable: re-OCRing it would not be better, so it is kept."""
    reader = PdfReader(REALDOCS / "Nghi-dinh-thu-VN-TQ-van-tai-duong-bo_abbyy-ocr.pdf")
    flagged = [i + 1 for i, page in enumerate(reader.pages) if text_layer_is_garbage(page.extract_text())]
    assert flagged == []


@needs_realdocs
@pytest.mark.parametrize(
    "name",
    [
        "An-le-43-2021-AL_footnote.pdf",
        "ND-30-2020-ND-CP.pdf",
        "QD-1074-QD-BXD-2026.pdf",
        "TT-37-2023-TT-BGTVT.pdf",
        "DLVN-05-2017_tables.pdf",
    ],
)
def test_clean_real_text_layers_are_usable(name):
    reader = PdfReader(REALDOCS / name)
    flagged = [i + 1 for i, page in enumerate(reader.pages) if text_layer_is_garbage(page.extract_text())]
    assert flagged == []


# --- OCR ----------------------------------------------------------------------


def test_ocr_available_says_no_for_a_missing_language():
    assert not ocr_available("vie+khongco")


@needs_ocr
def test_ocr_reads_a_scanned_vietnamese_page(tmp_path):
    scan = _scanned_pdf(tmp_path / "scan.pdf", LINES)
    assert _layer(scan).strip() == ""  # really image-only
    text = ocr_page(scan, 0, "vie")
    assert "23/KH-UBND" in text
    assert "11.024,7 tỷ đồng" in text
    assert "chuyển đổi số" in text
    # line structure is kept: the heading stands on its own line
    assert "KẾ HOẠCH" in text.splitlines()


@needs_ocr
def test_ocr_time_is_added_to_the_parse_time_limit(tmp_path):
    # The parse limit is set to a third of what this scan's parse takes on this machine now (OCR is
    # most of it; a fixed 1 s limit was shorter than a worker's start on a loaded machine): the
    # worker announces the page and gets ocr_page_timeout_s more, so the scan is read, not cut
    # off; without that allowance the same limit cuts it off.
    scan = _scanned_pdf(tmp_path / "scan.pdf", LINES)
    unlimited = Settings(parse_timeout_s=600, ocr_page_timeout_s=0)
    load_document(scan, unlimited)  # warm: the forkserver and Tesseract's language data
    started = time.monotonic()
    load_document(scan, unlimited)
    settings = Settings(parse_timeout_s=(time.monotonic() - started) / 3, ocr_page_timeout_s=120)
    doc = load_document(scan, settings)
    assert doc.pages[0].ocr and "11.024,7 tỷ đồng" in doc.pages[0].text
    with pytest.raises(IngestError, match="quá thời gian xử lý"):
        load_document(scan, settings.model_copy(update={"ocr_page_timeout_s": 0}))


@needs_ocr
def test_ocr_pages_keeps_page_numbers(tmp_path):
    first = _scanned_pdf(tmp_path / "p1.pdf", LINES[:5])
    second = _scanned_pdf(tmp_path / "p2.pdf", LINES[7:])
    merged = tmp_path / "two.pdf"
    out = pdfium.PdfDocument.new()
    for part in (first, second):
        src = pdfium.PdfDocument(str(part))
        out.import_pages(src)
        src.close()
    out.save(str(merged))
    out.close()
    texts = ocr_pages(merged, [1, 0], "vie", dpi=200)
    assert set(texts) == {0, 1}
    assert "23/KH-UBND" in texts[0] and "11.024,7" not in texts[0]
    assert "11.024,7" in texts[1] and "23/KH-UBND" not in texts[1]


@needs_ocr
@needs_realdocs
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # The "71" of NĐ 71/2019 is handwritten on the scan and Tesseract does not read it;
        # the printed part of the number and the heading must come out.
        ("ND-71-2019-ND-CP_scanned-70p.pdf", ["/2019/NĐ-CP", "NGHỊ ĐỊNH", "Quy định xử phạt vi phạm hành chính"]),
        ("NQ-19-2026-NQ-CP_scanned-80p.pdf", ["19/2026/NQ-CP", "Bộ Công Thương", "thủ tục hành chính"]),
    ],
)
def test_ocr_of_real_scans_first_page(name, expected):
    text = ocr_page(REALDOCS / name, 0, "vie")
    assert not _layer(REALDOCS / name).strip()  # image-only: no text layer at all
    for phrase in expected:
        assert phrase in text
    # The header yields the document's metadata; NĐ 71's unreadable number comes from its file name.
    meta = extract_metadata(text, name)
    assert (meta.number, meta.issuer) == {
        "ND-71-2019-ND-CP_scanned-70p.pdf": ("71/2019/NĐ-CP", "CHÍNH PHỦ"),
        "NQ-19-2026-NQ-CP_scanned-80p.pdf": ("19/2026/NQ-CP", "CHÍNH PHỦ"),
    }[name]
