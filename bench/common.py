"""Helpers shared by the benchmark scripts in bench/: paths, gold-set loading, percentiles."""

from __future__ import annotations

import json
import math
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"  # read-only material; absent on some machines
REALDOCS_DIR = SHARED / "realdocs" / "pdf"
REALDOCS2_DIR = SHARED / "realdocs2" / "pdf"  # second real-document set (gold: bench/gold/realdocs2.jsonl)
VILQA_CSV = SHARED / "datasets" / "vilqa_alqac_mrc" / "ALQAC.csv"
GOLD_DIR = REPO_ROOT / "bench" / "gold"
OUT_DIR = REPO_ROOT / "bench" / "out"


def load_jsonl(path: Path) -> list[dict]:
    """One JSON object per non-empty line."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def percentile(values: list[float], p: float) -> float | None:
    """The p-th percentile (0..100) by linear interpolation; None for an empty list."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


# Search queries shared by the speed and scale benchmarks: figures, accentless text, a document
# number, topics of the bundled report.
QUERIES = [
    "tốc độ tăng trưởng GRDP năm 2023",
    "quyet dinh thanh lap ban chi dao",
    "Quyết định số 236/QĐ-TTg phê duyệt quy hoạch tỉnh",
    "kim ngạch xuất nhập khẩu qua cửa khẩu",
    "diện tích và dân số của tỉnh",
    "kết quả thu hút đầu tư vào khu kinh tế cửa khẩu",
    "công tác quốc phòng an ninh biên giới",
    "chương trình mục tiêu quốc gia giảm nghèo bền vững",
]
