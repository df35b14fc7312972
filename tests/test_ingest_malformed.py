"""Bad input: each case gives one clear IngestError (or a 'scanned' document), never a crash."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from ingest import IngestError, parse_pdf
from tests.conftest import REPORT_PDF
from tracuu.settings import Settings


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _expect_error(path: Path, settings: Settings, words: str) -> str:
    with pytest.raises(IngestError) as info:
        parse_pdf(path, settings)
    message = str(info.value)
    assert words in message
    assert "\n" not in message  # one line for the report
    return message


def test_encrypted(tmp_path: Path, settings: Settings) -> None:
    writer = PdfWriter(clone_from=REPORT_PDF)
    writer.encrypt(user_password="mat-khau", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    _expect_error(_write(tmp_path / "encrypted.pdf", buf.getvalue()), settings, "mật khẩu")


def test_corrupted(tmp_path: Path, settings: Settings) -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
    _expect_error(_write(tmp_path / "corrupted.pdf", data), settings, "bị hỏng")


def test_truncated(tmp_path: Path, settings: Settings) -> None:
    data = REPORT_PDF.read_bytes()
    path = _write(tmp_path / "truncated.pdf", data[: len(data) // 3])
    try:
        doc = parse_pdf(path, settings)
    except IngestError as exc:
        assert "bị hỏng" in str(exc)
    else:  # pypdf may recover the pages it can reach: then they must be real pages, with warnings
        assert doc.pages and doc.warnings


def test_zero_pages(tmp_path: Path, settings: Settings) -> None:
    buf = io.BytesIO()
    PdfWriter().write(buf)
    _expect_error(_write(tmp_path / "empty.pdf", buf.getvalue()), settings, "không có trang nào")


@pytest.mark.parametrize("name", ["ghi-chu.pdf", "bao-cao.docx", "notes.txt"])
def test_not_a_pdf(tmp_path: Path, settings: Settings, name: str) -> None:
    if name.endswith(".docx"):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("word/document.xml", "<w:document/>")
        data = buf.getvalue()
    else:
        data = "Báo cáo tự giám sát, không phải PDF.\n".encode()
    _expect_error(_write(tmp_path / name, data), settings, "không phải tệp PDF")


def test_huge_page(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "huge.pdf"
    c = canvas.Canvas(str(path), pagesize=(20000, 20000))
    c.drawString(100, 100, "trang rất lớn")
    c.save()
    _expect_error(path, settings, "quá lớn")


def test_file_over_size_limit(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "i", max_file_mb=0.01, ocr=False)
    _expect_error(REPORT_PDF, settings, "tệp quá lớn")


def test_too_many_pages(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "i", max_pages=3, ocr=False)
    _expect_error(REPORT_PDF, settings, "vượt giới hạn 3 trang")


def test_scanned_pages_without_text(tmp_path: Path, settings: Settings) -> None:
    from PIL import Image

    image = Image.new("RGB", (400, 560), "white")
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(3):
        c.drawImage(ImageReader(image), 0, 0, *A4)
        c.showPage()
    c.save()
    doc = parse_pdf(path, settings)
    assert doc.status == "scanned"
    assert doc.chunks == []
    assert any("scanned, 3 pages without text" in w for w in doc.warnings)


def test_legacy_font_characters_repaired_and_reported(tmp_path: Path, settings: Settings) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVuSerif", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"))
    path = tmp_path / "legacy.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("DejaVuSerif", 13)
    # a PDF made from a legacy font maps ư/Ư onto the Latin letter ƣ/Ƣ (U+01A3/U+01A2)
    c.drawString(72, 760, "Nghị quyết về phƣơng hƣớng phát triển kinh tế - xã hội vùng Trung du.")
    c.drawString(72, 740, "ƢU TIÊN bố trí nguồn lực cho các công trình trọng điểm của tỉnh.")
    c.save()
    doc = parse_pdf(path, settings)
    text = doc.pages[0].text
    assert "phương hướng" in text and "ƯU TIÊN" in text and "ƣ" not in text
    assert any("đã sửa 3 ký tự lỗi phông cũ" in w for w in doc.warnings)
