"""The fusion of bench/sparse_lever.py: hybrid score + weight * z-scored sparse score."""

from __future__ import annotations

from bench.sparse_lever import first_gold_rank, fuse_sparse

HYBRID = [("a", 3.0), ("b", 2.0), ("c", 1.0)]
SPARSE = [("c", 9.0), ("d", 5.0), ("a", 1.0)]


def test_weight_zero_keeps_the_hybrid_order_and_appends_sparse_only_passages():
    assert fuse_sparse(HYBRID, SPARSE, 0.0)[:3] == ["a", "b", "c"]
    assert set(fuse_sparse(HYBRID, SPARSE, 0.0)) == {"a", "b", "c", "d"}


def test_a_large_weight_follows_the_sparse_order():
    assert fuse_sparse(HYBRID, SPARSE, 100.0)[:3] == ["c", "d", "a"]


def test_a_passage_missing_from_a_list_takes_its_floor():
    # sparse z-scores: c 1.22, d 0, a -1.22 (the floor, taken by b); d takes the hybrid floor 1.0
    # c 1 + 1.22, a 3 - 1.22, d 1 + 0, b 2 - 1.22
    assert fuse_sparse(HYBRID, SPARSE, 1.0) == ["c", "a", "d", "b"]
    assert fuse_sparse([], SPARSE, 1.0) == ["c", "d", "a"]


def test_first_gold_rank_looks_at_the_top_10():
    gold_of_chunk = {"x": ("law", "1"), "y": ("law", "2")}
    assert first_gold_rank(["a", "x", "y"], {("law", "2")}, gold_of_chunk) == 3
    assert first_gold_rank(["a"] * 10 + ["x"], {("law", "1")}, gold_of_chunk) is None
