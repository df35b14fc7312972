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


@pytest.fixture(scope="session")
def report_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the bundled report (real parser, real embeddings of the default embedder),
    built once per test session. Read-only for the tests: copy it (``report_index_copy``) before
    changing it."""
    from index import Index, ingest_paths

    settings = Settings(index_dir=tmp_path_factory.mktemp("report-index") / "index", ocr=False)
    index = Index.open(settings)
    try:
        report = ingest_paths([REPORT_PDF], index, settings, progress=False)
    finally:
        index.close()
    assert [f.status for f in report.files] == ["added"], report.lines()
    return settings.index_dir


@pytest.fixture
def report_index_copy(report_index_dir: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the report index."""
    import shutil

    return Path(shutil.copytree(report_index_dir, tmp_path / "index"))
