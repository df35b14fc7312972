"""OCR speed and accuracy on the real scans: pages/s, and the document number on page 1.

Usage:
    python bench/ocr.py                      # first 3 pages of each scan, 300 dpi
    python bench/ocr.py --pages 5 --dpi 200
    python bench/ocr.py --jobs 2             # pages side by side (ingest_workers slots free)
    OMP_THREAD_LIMIT=2 python bench/ocr.py   # Tesseract with 2 OpenMP threads (before parallel ingest)

For each image-only scan in ../shared/realdocs/pdf it OCRs the first ``--pages`` pages with
Tesseract's Vietnamese model (``ingest.ocr.iter_ocr_pages``, the function the parser uses; Tesseract
single-threaded unless OMP_THREAD_LIMIT says otherwise; ``--jobs`` pages at a time),
prints pages/s, and checks that the document number comes out of the first page's text.
A number whose digits are handwritten on the scan (NĐ 71/2019: "71" is written by hand) is
reported as "printed part only" when just its printed part ("/2019/NĐ-CP") is read.
Writes bench/out/ocr.json. Exit status 1 if OCR is unavailable or a printed number is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import OUT_DIR, REALDOCS_DIR  # noqa: E402
from ingest.ocr import INSTALL_HINT, iter_ocr_pages, ocr_available  # noqa: E402

# (file, full document number, the part printed on the scan)
SCANS = [
    ("ND-71-2019-ND-CP_scanned-70p.pdf", "71/2019/NĐ-CP", "/2019/NĐ-CP"),
    ("NQ-19-2026-NQ-CP_scanned-80p.pdf", "19/2026/NQ-CP", "19/2026/NQ-CP"),
]


def squash(text: str) -> str:
    """Without spaces: OCR sometimes splits "19/2026/NQ- CP"."""
    return "".join(text.split())


def bench_scan(path: Path, number: str, printed: str, pages: int, dpi: int, lang: str, jobs: int) -> dict:
    start = time.perf_counter()
    texts = dict(iter_ocr_pages(path, list(range(pages)), lang, dpi, jobs=lambda pages_left: jobs))
    seconds = time.perf_counter() - start
    first = squash(texts[0])
    if squash(number) in first:
        found = "full"
    elif squash(printed) in first:
        found = "printed part only"
    else:
        found = "missing"
    number_line = next((ln for ln in texts[0].splitlines() if squash(printed) in squash(ln)), "")
    return {
        "file": path.name,
        "pages": pages,
        "dpi": dpi,
        "jobs": jobs,
        "seconds": round(seconds, 2),
        "pages_per_s": round(pages / seconds, 3),
        "number": number,
        "number_found": found,
        "number_line": number_line,
        "chars": sum(len(t) for t in texts.values()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3, help="pages OCR'd per scan (from the first)")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--lang", default="vie")
    parser.add_argument("--jobs", type=int, default=1, help="pages OCR'd side by side")
    args = parser.parse_args()
    if not ocr_available(args.lang):
        print(f"OCR unavailable: {INSTALL_HINT}", file=sys.stderr)
        return 1
    if not REALDOCS_DIR.is_dir():
        print(f"{REALDOCS_DIR} absent: nothing to measure", file=sys.stderr)
        return 1
    rows = []
    for name, number, printed in SCANS:
        row = bench_scan(REALDOCS_DIR / name, number, printed, args.pages, args.dpi, args.lang, args.jobs)
        rows.append(row)
        print(
            f"{name}: {row['pages']} pages in {row['seconds']} s = {row['pages_per_s']} pages/s at {args.dpi} dpi, {args.jobs} at a time; "
            f"{number}: {row['number_found']} ({row['number_line']!r})"
        )
    total_pages = sum(r["pages"] for r in rows)
    total_s = sum(r["seconds"] for r in rows)
    print(f"overall: {total_pages / total_s:.3f} pages/s")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "ocr.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(r["number_found"] != "missing" for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
