"""Table finders compared on the real documents: which finds the tables and their cells, how fast.

    python bench/tables.py

For each table page below (expected values read with ``pdftotext -layout``): is a table found,
does it have the printed number of columns, and is the cell right (one row holds a cell with
the row label and another cell that is exactly the value)? Pages of running text with rules
drawn in them must give no table. Speed: pages per second over all these pages, best of 2.

Finders (each opens the file for every page, as a per-page call would): pdfplumber with its default settings; ``ingest.tables`` (pdfplumber, rulings snapped
at 6 pt, white backgrounds dropped, grids that cut words rejected, cell text with markers);
camelot's lattice finder when ``camelot-py`` is installed (it is not a dependency: it needs
OpenCV). pypdfium2 has no table finder. Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pdfplumber  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from ingest.layout import RawPage  # noqa: E402
from ingest.lines import group_lines, page_runs  # noqa: E402
from ingest.tables import find_tables  # noqa: E402

SHARED = REPO.parent / "shared"
R1, R2 = SHARED / "realdocs" / "pdf", SHARED / "realdocs2" / "pdf"

Grid = list[list[str]]  # a table as rows of cell texts


@dataclass(frozen=True)
class Case:
    file: Path
    page: int
    columns: int  # printed columns (0: a page without a table)
    label: str  # text of a cell in the row
    value: str  # another cell of the same row, exactly


CASES = [
    Case(R2 / "TH_CV-295-VP-CTHDND-2026_danh-muc-tables.pdf", 2, 8, "I.A.1", "200–280"),
    Case(R2 / "TH_CV-295-VP-CTHDND-2026_danh-muc-tables.pdf", 3, 8, "I.B.2", "120–160"),
    Case(R2 / "BNV_So-tay-danh-gia-cong-chuc-2026_tables.pdf", 15, 9, "Soạn thảo văn bản hành chính", "Nhóm 1"),
    Case(R2 / "BNV_So-tay-danh-gia-cong-chuc-2026_tables.pdf", 16, 5, "Phát hành văn bản", "0,8"),
    Case(R2 / "LC_QD-1696-QD-UBND-2026_uy-quyen_table.pdf", 3, 7, "Cấp chứng chỉ kiểm định viên", "2.000140"),
    Case(R2 / "ND-335-2025-ND-CP_phu-luc-tables.pdf", 16, 4, "Ý thức kỷ luật, kỷ cương trong thực thi công vụ", "5"),
    Case(R2 / "ND-335-2025-ND-CP_phu-luc-tables.pdf", 18, 3, "Tháng", "Ghi chú"),
    Case(R1 / "DLVN-05-2017_tables.pdf", 3, 6, "Kiểm tra bên ngoài", "7.1"),
    Case(R1 / "ND-30-2020-Phu-luc-III.pdf", 1, 3, "Quy định", "QyĐ"),
    Case(R1 / "TT-37-2020-TT-BCT.pdf", 5, 9, "KHÔNG KHÍ DẠNG NÉN", "1002"),
    Case(R1 / "TT-01-2026-TT-BCT.pdf", 7, 3, "Nhận dạng hóa chất và thông tin về nhà cung cấp", "1"),
] + [
    Case(R2 / "QNg_TB-565-TB-UBND-2024_giao-so.pdf", n, 0, "", "") for n in (1, 2, 3, 4)
] + [
    Case(R2 / "LD_TTr-93-TTr-SNV-2025_hop-nhat-hoi.pdf", n, 0, "", "") for n in (1, 2, 3, 4)
] + [Case(R2 / "LD_TTr-141-TTr-STP-2025_footnotes.pdf", 4, 0, "", "")]


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def plumber_default(path: Path, page: int) -> list[Grid]:
    with pdfplumber.open(path) as pdf:
        return [[[_norm(c) for c in row] for row in t.extract()] for t in pdf.pages[page - 1].find_tables()]


@lru_cache(maxsize=None)
def _raw_page(path: Path, page: int) -> RawPage:
    """The page as ingest reads it with pypdf (done by the parser anyway: not timed after the first pass)."""
    pypdf_page = PdfReader(path).pages[page - 1]
    box = pypdf_page.mediabox
    return RawPage(page, float(box.width), float(box.height), group_lines(page_runs(pypdf_page)))


def ingest_tables(path: Path, page: int) -> list[Grid]:
    raw = _raw_page(path, page)
    with pdfplumber.open(path) as pdf:
        tables = find_tables(pdf.pages[page - 1], raw, None)
    return [[[cell.text if cell else "" for cell in row] for row in t.rows] for t in tables]


def camelot_lattice(path: Path, page: int) -> list[Grid]:
    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = camelot.read_pdf(str(path), pages=str(page), flavor="lattice")
    return [[[_norm(str(c)) for c in row] for row in t.df.values.tolist()] for t in tables]


def _check(case: Case, grids: list[Grid]) -> tuple[bool, bool, bool]:
    """(table found, right number of columns, right cell); for a page without a table: all True when none is found."""
    real = [g for g in grids if g and max(len(r) for r in g) >= 2 and sum(1 for r in g if sum(1 for c in r if c) >= 2) >= 1]
    if not case.columns:
        return (not real,) * 3
    holding = [g for g in real if any(case.label in c for r in g for c in r)]
    if not holding:
        return bool(real), False, False
    table = holding[0]
    columns = max(len(r) for r in table) == case.columns
    cell = any(
        any(case.label in c for c in r) and any(c == case.value for c in r if case.label not in c) for r in table
    )
    return True, columns, cell


def measure(finder: Callable[[Path, int], list[Grid]]) -> tuple[list[tuple[bool, bool, bool]], float]:
    best = float("inf")
    results: list[tuple[bool, bool, bool]] = []
    for _ in range(2):
        start = time.perf_counter()
        results = [_check(case, finder(case.file, case.page)) for case in CASES]
        best = min(best, time.perf_counter() - start)
    return results, len(CASES) / best


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    missing = [c.file for c in CASES if not c.file.exists()]
    if missing:
        sys.exit(f"real documents not found: {missing[0]} (../shared is absent)")
    finders: dict[str, Callable[[Path, int], list[Grid]]] = {
        "pdfplumber, default settings": plumber_default,
        "ingest.tables (pdfplumber + rules)": ingest_tables,
    }
    try:
        import camelot  # noqa: F401

        finders["camelot lattice"] = camelot_lattice
    except ImportError:
        print("camelot-py is not installed: camelot is left out", file=sys.stderr)
    tables = [c for c in CASES if c.columns]
    plain = [c for c in CASES if not c.columns]
    print(f"| finder | tables found (of {len(tables)}) | right column count | right cell | "
          f"no false table (of {len(plain)} text pages) | pages/s |")
    print("|---|---|---|---|---|---|")
    for name, finder in finders.items():
        results, speed = measure(finder)
        table_results = [r for c, r in zip(CASES, results) if c.columns]
        plain_ok = sum(r[0] for c, r in zip(CASES, results) if not c.columns)
        found, cols, cells = (sum(r[i] for r in table_results) for i in range(3))
        print(f"| {name} | {found} | {cols} | {cells} | {plain_ok} | {speed:.1f} |")
        misses = [f"{c.file.name[:18]} p{c.page}" for c, r in zip(CASES, results) if not all(r)]
        print(f"  misses: {', '.join(misses) or 'none'}", file=sys.stderr)


if __name__ == "__main__":
    main()
