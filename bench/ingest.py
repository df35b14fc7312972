"""Parsing speed: pages/s of ``ingest.parse_pdf`` on the bundled report and on the real documents.

    python bench/ingest.py [--repeat N]

OCR is off here (scanned pages are only detected); OCR speed is measured by bench/ocr.py.
Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import sys
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
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
