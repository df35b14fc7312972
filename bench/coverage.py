"""Nothing lost: how much of every page's text reaches the index, file by file.

Two measures per file, OCR off by default (``--ocr`` to OCR scans):
- chunk coverage: the share of the body text (``Page.text``, whitespace aside) that lies inside
  some chunk, exact from the chunk spans (``ingest.coverage``); must be 100%;
- characters kept: the share of the characters ``pdftotext`` reads on the text-layer pages
  (white space aside, counted with multiplicity) found again in what ingest kept of the page
  (body, header, footer, footnotes); it shows text that never reached ``Page.text`` (a stamp, a
  dropped line). Characters, not words: pdftotext itself splits some words ("c ủa" in NĐ 30/2020).

    python bench/coverage.py [--ocr] [PDF or folder ...]   (default: corpus/, ../shared/realdocs, ../shared/realdocs2)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import REALDOCS2_DIR, REALDOCS_DIR, REPO_ROOT  # noqa: E402

from ingest import parse_pdf  # noqa: E402
from ingest.coverage import chars_kept, coverage  # noqa: E402
from ingest.models import Document  # noqa: E402
from tracuu.settings import Settings  # noqa: E402



@dataclass
class Row:
    name: str
    pages: int
    text_pages: int
    chars: int
    chunk_coverage: float
    chars_kept: float | None
    seconds: float
    missing: str


def pdftotext_pages(path: Path) -> list[str] | None:
    if shutil.which("pdftotext") is None:
        return None
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=False).stdout
    return out.split("\f")


def _chars_kept(doc: Document, truth: list[str] | None) -> float | None:
    return None if truth is None else chars_kept(doc, truth)


def measure(path: Path, settings: Settings) -> Row:
    start = time.monotonic()
    doc = parse_pdf(path, settings)
    seconds = time.monotonic() - start
    cov = coverage(doc)
    missing = "; ".join(f"p{m.page}: {m.text[:50]}" for m in cov.missing[:2])
    return Row(
        path.name, doc.page_count, sum(1 for p in doc.pages if p.has_text), cov.chars, cov.ratio,
        _chars_kept(doc, pdftotext_pages(path)), seconds, missing,
    )


def pdfs(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(p.glob("*.pdf")))
        elif p.suffix.lower() == ".pdf":
            out.append(p)
        else:
            print(f"bỏ qua (không phải PDF hoặc thư mục): {p}", file=sys.stderr)
    return out


def pct(x: float | None) -> str:
    if x is None:
        return "–"
    return "100%" if x >= 1 else f"{min(99.9, 100 * x):.1f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Độ phủ: phần chữ của mỗi trang nằm trong đoạn tra cứu.")
    parser.add_argument("paths", nargs="*", type=Path, help="tệp PDF hoặc thư mục")
    parser.add_argument("--ocr", action="store_true", help="OCR các trang quét (chậm)")
    args = parser.parse_args(argv)
    roots = args.paths or [REPO_ROOT / "corpus", REALDOCS_DIR, REALDOCS2_DIR]
    absent = [str(r) for r in roots if not r.exists()]
    if absent:
        print(f"không tìm thấy (bỏ qua): {', '.join(absent)}", file=sys.stderr)
    settings = Settings(ocr=args.ocr)
    rows = [measure(p, settings) for p in pdfs([r for r in roots if r.exists()])]
    print("| file | pages (with text) | body chars | chunk coverage | characters kept vs pdftotext | parse s | first missing |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(f"| {r.name} | {r.pages} ({r.text_pages}) | {r.chars} | {pct(r.chunk_coverage if r.chars else None)} "
              f"| {pct(r.chars_kept)} | {r.seconds:.1f} | {r.missing} |")
    chars = sum(r.chars for r in rows)
    covered = sum(r.chars * r.chunk_coverage for r in rows)
    print(f"\n{len(rows)} files, {chars} body characters, chunk coverage {pct(covered / chars if chars else None)}")
    return 0 if all(r.chunk_coverage >= 1 for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
