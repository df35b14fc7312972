"""Scale: whole hybrid queries (``Index.search``) over 100k-1M synthetic chunks, in each chunk search
backend (``sqlite``: FAISS + FTS5; ``milvus``: Milvus Lite, or the server of ``TRACUU_MILVUS_URI``).

    python bench/scale.py [--sizes 100000 1000000] [--backends sqlite milvus] [--pool PDF_OR_FOLDER ...]

1. Pool: the real chunks of ``--pool`` (default: the bundled corpus), indexed once with the real
   embedder into ``<workdir>/pool`` (the embeddings are cached there).
2. Synthetic chunks: each one is the first third of one pool chunk, the middle third of a second and
   the last third of a third (Vietnamese text with real term statistics, P³ combinations), its
   vector the normalised mean of the three pool vectors plus a little noise (no 1M real embeddings
   on 2 cores). 1000 chunks a document; documents get a type, a number and a year (2000-2026) so
   the filters have something to select.
3. Build: through the ingest write path (``Index.put_embeddings`` + ``Index.add_document``, one
   document per transaction, the chunk search updated as in ``tracuu ingest``). Making a document
   (``synthetic_document``) is a pure function of (pool, document number): it is the step a Ray
   build runs as remote tasks, feeding the single writer, once ``tracuu ingest --ray`` exists;
   this script has no Ray option yet.
4. Queries: ``QUERIES`` (with and without diacritics, a document number) plus the same with a year
   filter, after reopening the index as a fresh process would; whole ``Index.search`` latency
   (query embedding with the real embedder, both rankings, fusion, loading the hits): p50 / p95,
   and the query embedding alone (the part that does not depend on the backend or the size).
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import OUT_DIR, percentile  # noqa: E402
from bench.common import QUERIES as COMMON_QUERIES  # noqa: E402
from index import Index, SearchFilters, ingest_paths, make_embedder  # noqa: E402
from index.core import CANDIDATE_DEPTH  # noqa: E402
from index.lexical import LexicalQuery  # noqa: E402
from index.passage import document_line, passage_text, text_hash  # noqa: E402
from ingest.models import Chunk, Document, Page, Span  # noqa: E402
from tracuu.settings import BUNDLED_CORPUS, Settings, get_settings  # noqa: E402

QUERIES = [*COMMON_QUERIES, "Thiệt hại do bão số 3 là bao nhiêu?", "Tổng mức đầu tư dự án cao tốc Hữu Nghị - Chi Lăng?"]
CHUNKS_PER_DOC = 1000
DOC_TYPES = ("Quyết định", "Báo cáo", "Kế hoạch", "Nghị quyết")
NOISE = 0.05  # share of a random unit vector added to a synthetic chunk's vector


@dataclass(frozen=True)
class Pool:
    texts: list[str]
    sections: list[tuple[str, ...]]
    vectors: np.ndarray  # one normalised row per text


def load_pool(paths: list[Path], base: Settings, workdir: Path) -> Pool:
    """The pool's chunks and their real embeddings (ingested once into ``workdir/pool``)."""
    settings = base.model_copy(update={"index_dir": workdir / "pool", "store": "sqlite"})
    index = Index.open(settings)
    ingest_paths(paths, index, settings, progress=True)
    texts, sections, hashes = [], [], []
    for doc in index.documents():
        line = document_line(doc.doc_type, doc.number, doc.title)
        for chunk in index.chunks(doc.id):
            texts.append(chunk.text)
            sections.append(chunk.section)
            hashes.append(text_hash(passage_text(chunk, line)))
    cached = index.cached_embeddings(hashes)
    index.close()
    keep = [i for i, h in enumerate(hashes) if h in cached]
    return Pool([texts[i] for i in keep], [sections[i] for i in keep], np.vstack([cached[hashes[i]] for i in keep]))


def _third(text: str, part: int) -> str:
    """The ``part``-th third (0, 1, 2) of ``text``, cut at spaces."""
    words = text.split()
    size = max(1, len(words) // 3)
    return " ".join(words[part * size : None if part == 2 else (part + 1) * size])


def synthetic_document(pool: Pool, number: int, chunks: int = CHUNKS_PER_DOC) -> tuple[Document, dict[str, np.ndarray]]:
    """Document ``number`` of the synthetic corpus and the vectors of its passages {text hash: vector};
    the same for the same pool and number (seeded by the number)."""
    rng = np.random.default_rng(number)
    doc_id = hashlib.sha256(f"synthetic-{number}".encode()).hexdigest()
    doc_type, year = DOC_TYPES[number % len(DOC_TYPES)], 2000 + number % 27
    doc = Document(
        id=doc_id, path=f"synthetic/{number}.pdf", file_name=f"synthetic-{number}.pdf", doc_type=doc_type,
        number=f"{number + 1}/QĐ-UBND" if doc_type == "Quyết định" else None, date=f"{year}-06-01",
        title=f"Văn bản tổng hợp số {number + 1}", pages=[Page(1, "")], chunks=[],
    )
    line = document_line(doc.doc_type, doc.number, doc.title)
    vectors: dict[str, np.ndarray] = {}
    for seq in range(chunks):
        parts = rng.integers(0, len(pool.texts), size=3)
        text = " ".join(_third(pool.texts[p], i) for i, p in enumerate(parts))
        chunk = Chunk(f"{doc_id}:{seq}", doc_id, seq, "body", text, pool.sections[parts[0]], 1, 1, (Span(1, 0, 0),))
        doc.chunks.append(chunk)
        noise = rng.standard_normal(pool.vectors.shape[1]).astype(np.float32)
        vector = pool.vectors[parts].mean(axis=0) + NOISE * noise / np.linalg.norm(noise)
        vectors[text_hash(passage_text(chunk, line))] = vector / np.linalg.norm(vector)
    return doc, vectors


def build(index: Index, pool: Pool, n_chunks: int) -> float:
    """Write ``n_chunks`` synthetic chunks through the ingest write path; seconds taken."""
    start = time.perf_counter()
    for number in range(0, (n_chunks + CHUNKS_PER_DOC - 1) // CHUNKS_PER_DOC):
        doc, vectors = synthetic_document(pool, number, min(CHUNKS_PER_DOC, n_chunks - number * CHUNKS_PER_DOC))
        index.put_embeddings(vectors)
        index.add_document(doc, [])
        if number % 20 == 19:
            print(f"  {(number + 1) * CHUNKS_PER_DOC} chunks, {time.perf_counter() - start:.0f} s", flush=True)
    index.flush()
    return time.perf_counter() - start


@dataclass
class Timings:
    searches: list[float]  # whole Index.search
    embeddings: list[float]  # the query embedding alone
    dense: list[float]  # the chunk search's dense ranking alone (top CANDIDATE_DEPTH)
    lexical: list[float]  # its BM25 ranking alone


def measure(index: Index, rounds: int) -> Timings:
    """Seconds of each whole ``Index.search`` over the queries (unfiltered and filtered by year), and
    of its parts that depend on the backend and the size (dense, lexical) or on neither (embedding)."""
    index.search(QUERIES[0])  # loads the vectors / connects
    timings = Timings([], [], [], [])
    search = index.chunk_search
    for _ in range(rounds):
        for i, query in enumerate(QUERIES):
            filters = SearchFilters(years=(2000 + i,)) if i % 2 else None
            t0 = time.perf_counter()
            index.search(query, filters=filters)
            t1 = time.perf_counter()
            vector = index.embedder.embed_query(query)
            t2 = time.perf_counter()
            search.dense(vector, CANDIDATE_DEPTH, filters)
            t3 = time.perf_counter()
            search.lexical(LexicalQuery.parse(query), CANDIDATE_DEPTH, filters)
            t4 = time.perf_counter()
            for part, seconds in zip(
                (timings.searches, timings.embeddings, timings.dense, timings.lexical), (t1 - t0, t2 - t1, t3 - t2, t4 - t3)
            ):
                part.append(seconds)
    return timings


def _ms(seconds: list[float], pct: float) -> str:
    return f"{1000 * percentile(seconds, pct):.0f} ms"


def _sizes(folder: Path) -> str:
    """MB of each file or folder in the index folder (store, FAISS file, Milvus Lite data)."""
    def mb(path: Path) -> float:
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        return sum(f.stat().st_size for f in files) / 1e6

    return ", ".join(f"{p.name} {mb(p):.0f} MB" for p in sorted(folder.iterdir()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "milvus"], default=["sqlite", "milvus"])
    parser.add_argument("--pool", type=Path, nargs="+", default=sorted(BUNDLED_CORPUS.glob("*.pdf")))
    parser.add_argument("--rounds", type=int, default=3, help="passes over the queries")
    parser.add_argument("--workdir", type=Path, default=OUT_DIR / "scale")
    parser.add_argument("--keep", action="store_true", help="keep the built indexes")
    args = parser.parse_args()
    base = get_settings(ocr=False)
    pool = load_pool(args.pool, base, args.workdir)
    print(f"pool: {len(pool.texts)} real chunks, {pool.vectors.shape[1]}-d vectors ({base.embedder})")
    embedder = make_embedder(base)
    for n in args.sizes:
        for backend in args.backends:
            settings = base.model_copy(update={
                "index_dir": args.workdir / f"{backend}-{n}", "store": backend, "milvus_uri": None,
            })
            shutil.rmtree(settings.index_dir, ignore_errors=True)
            index = Index.open(settings, embedder=embedder)
            seconds = build(index, pool, n)
            index.close()
            index = Index.open(settings, embedder=embedder)  # as a fresh process would
            t = measure(index, args.rounds)
            index.close()
            print(
                f"{backend:>6} {n:>8} chunks: hybrid query p50 {_ms(t.searches, 50)}, p95 {_ms(t.searches, 95)}; "
                f"alone: query embedding p50 {_ms(t.embeddings, 50)}, dense p50 {_ms(t.dense, 50)} / p95 "
                f"{_ms(t.dense, 95)}, lexical p50 {_ms(t.lexical, 50)} / p95 {_ms(t.lexical, 95)}; "
                f"build {seconds:.0f} s ({n / seconds:.0f} chunks/s); files: {_sizes(settings.index_dir)}; "
                f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
                flush=True,
            )
            if not args.keep:
                shutil.rmtree(settings.index_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
