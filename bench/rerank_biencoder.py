"""What reordering the hybrid top k gives without training: the bi-encoder (the index's own e5
cosine) z-scored over the fused top k, mixed with the fused score's z-score, on ALQAC 2023.

    score = w_dense * z(cosine) + z(hybrid score), over the top k of the hybrid search

w_dense is chosen on train.json (76 statements) and reported on test.json (140); nothing is
trained. The comparison row for bench/train_reranker.py's cross-encoder.

    python bench/rerank_biencoder.py [--index-dir .tracuu/bench-alqac]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.retrieval import alqac_questions, build_index, metrics  # noqa: E402
from tracuu.settings import get_settings  # noqa: E402

WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 100.0)  # 0 keeps the hybrid order; 100 ~ cosine alone


def zs(values: list[float]) -> list[float]:
    mean, sd = statistics.fmean(values), statistics.pstdev(values) or 1.0
    return [(v - mean) / sd for v in values]


def ranks_for(groups, depth: int, w: float) -> list[int | None]:
    out = []
    for gold, cos, hyb in groups:
        n = min(depth, len(gold))
        mix = [w * a + b for a, b in zip(zs(cos[:n]), zs(hyb[:n]))]
        order = sorted(range(n), key=lambda i: -mix[i]) + list(range(n, len(gold)))
        found = [r for r, i in enumerate(order[:10], start=1) if gold[i]]
        out.append(found[0] if found else None)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, default=Path(".tracuu/bench-alqac"))
    args = parser.parse_args()
    index, gold_of_chunk = build_index(get_settings(index_dir=args.index_dir))
    store, embedder = index._store, index.embedder
    vids, vectors = store.all_vectors(embedder.name)
    chunks = store.chunks_by_vid(list(map(int, vids)))
    vector_of = {chunks[int(v)].id: vectors[i] for i, v in enumerate(vids) if int(v) in chunks}

    groups = {}
    for split in ("train", "test"):
        groups[split] = []
        for query, gold in alqac_questions(split):
            hits = index.search(query, k=30)
            q = np.asarray(embedder.embed_query(query), dtype=np.float32)
            groups[split].append((
                [gold_of_chunk[h.chunk.id] in gold for h in hits],
                [float(vector_of[h.chunk.id] @ q) for h in hits],
                [h.score for h in hits],
            ))
    print(f"| {'method':<34} | split | R@1   | R@5   | R@10  | MRR@10 |")
    for depth in (20, 30):
        best = max(WEIGHTS, key=lambda w: metrics(ranks_for(groups["train"], depth, w))["MRR@10"])
        for split in ("train", "test"):
            for name, w in (("hybrid", 0.0), (f"hybrid + e5 cosine top{depth}, w={best}", best)):
                m = metrics(ranks_for(groups[split], depth, w))
                print(f"| {name:<34} | {split:<5} | {m['R@1']:.3f} | {m['R@5']:.3f} | {m['R@10']:.3f} | "
                      f"{m['MRR@10']:.3f} |")
    for w in WEIGHTS:  # every weight on test, for the record (the choice above is train's)
        m = metrics(ranks_for(groups["test"], 20, w))
        print(f"test top20 w={w}: R@10 {m['R@10']:.3f} MRR@10 {m['MRR@10']:.3f}")


if __name__ == "__main__":
    main()
