"""ingest.stamps: a signature stamp the parser cannot read costs a warning, never the page's text.

The damaged files are real signed documents of ../shared/realdocs2 with one annotation broken by
pypdf's writer (the PDF library itself, not a mock)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, NumberObject

from ingest.parse import parse_pdf
from tests.conftest import SHARED
from tracuu.settings import Settings

REALDOCS2 = SHARED / "realdocs2" / "pdf"


def _with_broken_number_stamp(name: str, tmp_path: Path, damage) -> Path:
    source = REALDOCS2 / name
    if not source.exists():
        pytest.skip(f"shared real documents not found at {REALDOCS2} (../shared is absent)")
    writer = PdfWriter(clone_from=PdfReader(source))
    stamp = min((a.get_object() for a in writer.pages[0]["/Annots"]), key=lambda a: float(a["/Rect"][0]))
    damage(stamp)
    out = tmp_path / name
    writer.write(out)
    return out


def _no_rect(annot) -> None:
    del annot[NameObject("/Rect")]


def _appearance_is_a_number(annot) -> None:
    annot[NameObject("/AP")][NameObject("/N")] = NumberObject(7)


@pytest.mark.parametrize("name", ["LD_TTr-124-TTr-SNV-2026_footnotes.pdf", "TH_CV-295-VP-CTHDND-2026_danh-muc-tables.pdf"])
def test_unplaceable_stamp_costs_a_warning_not_the_page(name, tmp_path):
    intact = parse_pdf(REALDOCS2 / name, Settings(ocr=False))
    broken = parse_pdf(_with_broken_number_stamp(name, tmp_path, _no_rect), Settings(ocr=False))
    assert any("không đọc được chữ trong dấu/chữ ký số" in w for w in broken.warnings)
    assert broken.number is None and intact.number is not None  # the stamped number is lost, nothing else
    assert broken.date == intact.date and broken.signer == intact.signer
    assert [p.text for p in broken.pages[1:]] == [p.text for p in intact.pages[1:]]


@pytest.mark.parametrize("name", ["LD_TTr-141-TTr-STP-2025_footnotes.pdf", "QNg_TB-565-TB-UBND-2024_giao-so.pdf"])
def test_appearance_that_is_no_form_is_skipped(name, tmp_path):
    intact = parse_pdf(REALDOCS2 / name, Settings(ocr=False))
    broken = parse_pdf(_with_broken_number_stamp(name, tmp_path, _appearance_is_a_number), Settings(ocr=False))
    assert broken.number is None and broken.date == intact.date
    assert [p.text for p in broken.pages[1:]] == [p.text for p in intact.pages[1:]]
