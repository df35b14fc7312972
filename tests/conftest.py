"""Shared test fixtures: where the bundled corpus and the read-only shared material are."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracuu.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
REPORT_PDF = CORPUS / "bao-cao-tu-giam-sat-nq11-lang-son.pdf"
APPENDIX_PDF = CORPUS / "phu-luc-van-ban-cu-the-hoa-nq11.pdf"
REPORT_SOURCE = CORPUS / "src" / "bao-cao-tu-giam-sat-nq11-lang-son.txt"
SHARED = REPO.parent / "shared"
REALDOCS = SHARED / "realdocs" / "pdf"

requires_realdocs = pytest.mark.skipif(
    not REALDOCS.is_dir(), reason=f"shared real documents not found at {REALDOCS} (../shared is absent)"
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh index folder; OCR off unless a test turns it on."""
    return Settings(index_dir=tmp_path / "index", ocr=False)
