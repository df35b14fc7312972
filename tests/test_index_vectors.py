"""FAISS wrapper: exact below the threshold, IVF above, ids kept through add/remove/save/load."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.vectors import VectorIndex

DIM = 32


def _unit_vectors(n: int, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_exact_index_finds_itself_and_forgets_removed_ids():
    vectors = _unit_vectors(200)
    ids = np.arange(1000, 1200)
    index = VectorIndex.build(ids, vectors, DIM, approx_threshold=500)
    assert not index.approximate
    assert index.search(vectors[17], 1)[0][0] == 1017
    index.remove(np.array([1017]))
    assert index.size == 199
    assert 1017 not in [i for i, _ in index.search(vectors[17], 10)]


def test_growing_past_threshold_switches_to_ivf_and_keeps_every_id():
    vectors = _unit_vectors(3000, seed=1)
    ids = np.arange(5, 3005)
    index = VectorIndex.build(ids[:1000], vectors[:1000], DIM, approx_threshold=2000)
    index.add(ids[1000:], vectors[1000:])
    assert index.approximate and index.size == 3000
    assert sorted(index.all_ids().tolist()) == ids.tolist()
    # a stored vector is its own nearest neighbour (its cell is always probed)
    hits = [index.search(vectors[i], 1)[0][0] for i in range(0, 3000, 97)]
    assert hits == [int(ids[i]) for i in range(0, 3000, 97)]
    index.remove(np.array([5 + 2500]))
    assert index.size == 2999 and index.search(vectors[2500], 1)[0][0] != 2505


def test_filtered_search_only_returns_allowed_ids_even_in_ivf(tmp_path: Path):
    vectors = _unit_vectors(3000, seed=2)
    ids = np.arange(3000)
    index = VectorIndex.build(ids, vectors, DIM, approx_threshold=100)
    allowed = np.array([3, 1500, 2999])
    hits = index.search(vectors[0], 10, allowed)
    assert sorted(i for i, _ in hits) == [3, 1500, 2999]
    assert index.search(vectors[0], 10, np.array([], dtype=np.int64)) == []
    path = tmp_path / "v.faiss"
    index.save(path)
    loaded = VectorIndex.load(path, approx_threshold=100)
    assert loaded.approximate and loaded.size == 3000
    assert loaded.search(vectors[42], 1)[0][0] == 42
    assert not path.with_name("v.faiss.tmp").exists()
