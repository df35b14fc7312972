"""Durability, small variant of bench/durability.py: `tracuu ingest` of 3 small PDFs SIGKILLed at
3 random points, then resumed: every intermediate index is consistent and answers, and the final
index equals an uninterrupted run's."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from test_reliability_ocr import lines_pdf

REPO = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_durability", REPO / "bench" / "durability.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses resolve their annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def _small_report(path: Path, quarter: str, revenue: str) -> Path:
    return lines_pdf(
        path,
        [
            "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC",
            "Số: 15/BC-UBND",
            "BÁO CÁO",
            f"Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội quý {quarter} năm 2024",
            f"1. Tổng thu ngân sách trên địa bàn đạt {revenue} tỷ đồng.",
            "2. Toàn huyện có 12 xã đạt chuẩn nông thôn mới.",
        ],
    )


def test_ingest_killed_three_times_then_resumed_equals_an_uninterrupted_run(tmp_path):
    bench = _bench()
    pdfs = [
        REPO / "corpus" / "phu-luc-van-ban-cu-the-hoa-nq11.pdf",
        _small_report(tmp_path / "bao-cao-quy-1.pdf", "I", "42,6"),
        _small_report(tmp_path / "bao-cao-quy-2.pdf", "II", "57,3"),
    ]
    result = bench.durability(pdfs, tmp_path / "work", kills=3, seed=3)
    assert result.reference_docs == 3 and result.reference_chunks > 0
    assert len(result.kill_points) == 3
    for point in result.kill_points:
        assert point.partial_docs == [], f"a document was stored without all its chunks: {point}"
        assert point.query_ok, f"the index did not answer after a kill: {point}"
    assert any(point.killed for point in result.kill_points)
    assert (result.final_docs, result.final_chunks) == (result.reference_docs, result.reference_chunks)
    assert result.ok
