"""Fusion rules of index.hybrid on plain data: z-scores, the convex mix, and the query-dependent
dense share (paraphrase and accentless queries)."""

from __future__ import annotations

import pytest

from index.hybrid import dense_share, fuse, lexical_coverage, z_scores
from tracuu.settings import Settings

SETTINGS = Settings(dense_weight=0.25, paraphrase_dense_weight=0.8, paraphrase_coverage=0.5, accentless_dense_factor=0.4)
AREA = "Tỉnh có diện tích 8.310,18 km² với tổng dân số khoảng 856.927 người."


def test_z_scores_center_and_scale_one_ranking():
    z = z_scores([(1, 3.0), (2, 2.0), (3, 1.0)])
    assert z[2] == pytest.approx(0.0) and z[1] == pytest.approx(-z[3]) and z[1] > 0
    assert z_scores([(1, 5.0), (2, 5.0)]) == {1: 0.0, 2: 0.0}


def test_fuse_mixes_z_scores_and_floors_missing_sides():
    dense = [(1, 0.9), (2, 0.8), (3, 0.7)]
    lexical = [(3, 12.0), (4, 2.0)]
    fused = fuse(dense, lexical, dense_weight=0.25)
    assert set(fused) == {1, 2, 3, 4}
    assert fused[3].dense_rank == 3 and fused[3].lexical_rank == 1
    # 3 is last on the dense side but far ahead on the lexical side, which weighs 0.75
    assert max(fused.values(), key=lambda c: c.score).vid == 3
    # 4 is absent from the dense list: it takes the dense side's lowest z-score
    assert fused[4].score == pytest.approx(0.25 * min(z_scores(dense).values()) + 0.75 * z_scores(lexical)[4])


def test_lexical_coverage_counts_content_words_without_diacritics():
    assert lexical_coverage("Diện tích và dân số của tỉnh là bao nhiêu?", AREA) == 1.0
    assert lexical_coverage("dien tich va dan so cua tinh", AREA) == 1.0
    assert lexical_coverage("rộng bao nhiêu cây số vuông, bao nhiêu cư dân", AREA) == pytest.approx(2 / 6)


def test_dense_share_leads_with_embeddings_for_paraphrases_only():
    assert dense_share("Diện tích và dân số của tỉnh?", AREA, SETTINGS) == 0.25
    assert dense_share("Tỉnh rộng bao nhiêu cây số vuông?", AREA, SETTINGS) == 0.8
    # typed without diacritics: e5 embeds it poorly, BM25 (folded field) leads
    assert dense_share("tinh rong bao nhieu cay so vuong", AREA, SETTINGS) == pytest.approx(0.8 * 0.4)


def test_lexical_search_leaves_out_words_common_in_a_large_index(monkeypatch):
    import sqlite3

    from index import lexical

    conn = sqlite3.connect(":memory:")
    conn.executescript(lexical.SCHEMA)
    texts = ["báo cáo chung"] * 5 + ["báo cáo hiếm"] + ["nội dung khác"] * 14  # "chung" in 25% of 20
    for vid, text in enumerate(texts, start=1):
        lexical.add(conn, vid, text, ())
    query = lexical.LexicalQuery.parse("chung hiếm")
    assert {vid for vid, _ in lexical.search(conn, query, 10, len(texts))} == {1, 2, 3, 4, 5, 6}
    monkeypatch.setattr(lexical, "COMMON_MIN", 0)  # as if the index were large
    assert [vid for vid, _ in lexical.search(conn, query, 10, len(texts))] == [6]
