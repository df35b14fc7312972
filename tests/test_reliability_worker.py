"""The parse worker: time limit, memory cap, crash isolation, size limit, real parsing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ingest.models import Document, IngestError
from ingest.worker import ParseCrash, extend_deadline, load_document, run_in_worker
from tracuu.settings import Settings
from test_reliability_ocr import lines_pdf


# --- targets run in the worker (module level: they travel by reference) -----


def add(a: int, b: int) -> int:
    return a + b


def sleep_with_grandchild(pid_file: str) -> None:
    """Start a long-running subprocess (as the parser starts tesseract), then hang."""
    child = subprocess.Popen(["sleep", "120"])
    Path(pid_file).write_text(str(child.pid))
    child.wait()


def allocate(megabytes: int) -> int:
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def refuse() -> None:
    raise IngestError("tệp PDF bị hỏng")


def steps(n: int, step_s: float, extend_s: float) -> int:
    """``n`` steps of ``step_s``, each announced with ``extend_deadline(extend_s)`` (as OCR pages are)."""
    for _ in range(n):
        extend_deadline(extend_s)
        time.sleep(step_s)
    return n


def buggy() -> None:
    raise KeyError("/Root")


def segfault() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


# --- run_in_worker -----------------------------------------------------------


def test_result_comes_back_from_the_worker():
    assert run_in_worker(add, 2, 3, timeout_s=30, memory_mb=1024) == 5


def test_timeout_kills_the_worker_and_its_subprocesses(tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    start = time.monotonic()
    with pytest.raises(IngestError, match=r"quá thời gian xử lý \(timeout 10 s\)"):
        run_in_worker(sleep_with_grandchild, str(pid_file), timeout_s=10, memory_mb=1024)
    assert time.monotonic() - start < 20
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(grandchild), "the worker's subprocess survived the timeout"


def test_announced_steps_extend_the_time_limit():
    # 6 steps of 0.5 s run 3 s under a 1 s limit: each step adds 1 s
    assert run_in_worker(steps, 6, 0.5, 1.0, timeout_s=1, memory_mb=1024) == 6
    # a step that overruns what it announced still times out, with the total allowed in the message
    with pytest.raises(IngestError, match=r"timeout 2 s"):
        run_in_worker(steps, 2, 5.0, 1.0, timeout_s=1, memory_mb=1024)


def test_extend_deadline_outside_a_worker_does_nothing():
    extend_deadline(5.0)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except (FileNotFoundError, ProcessLookupError):  # gone before or while /proc was read
        return False
    return state != "Z"


def test_killed_caller_leaves_no_worker_behind(tmp_path):
    """SIGKILL the application while a parse hangs: the worker and its subprocess go too."""
    pid_file = tmp_path / "grandchild.pid"
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from test_reliability_worker import sleep_with_grandchild\n"
        "from ingest.worker import run_in_worker\n"
        "if __name__ == '__main__':\n"
        "    run_in_worker(sleep_with_grandchild, sys.argv[2], timeout_s=600, memory_mb=1024)\n"
    )
    (tmp_path / "app.py").write_text(script)
    app = subprocess.Popen([sys.executable, str(tmp_path / "app.py"), str(Path(__file__).parent), str(pid_file)])
    deadline = time.monotonic() + 60
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    grandchild = int(pid_file.read_text())
    app.kill()
    app.wait()
    deadline = time.monotonic() + 10
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(grandchild), "the parse kept running after the application was killed"


def test_memory_cap_is_reported_not_fatal():
    # the cap is on address space: the worker starts at about 550 MB with the parser imported
    with pytest.raises(IngestError, match="vượt giới hạn bộ nhớ"):
        run_in_worker(allocate, 3072, timeout_s=60, memory_mb=1536)
    # the caller is unharmed and the next call works
    assert run_in_worker(allocate, 16, timeout_s=60, memory_mb=1536) == 16 * 1024 * 1024


def test_ingest_error_keeps_its_message():
    with pytest.raises(IngestError, match="^tệp PDF bị hỏng$") as info:
        run_in_worker(refuse, timeout_s=30, memory_mb=1024)
    assert not isinstance(info.value, ParseCrash)


def test_unexpected_exception_is_a_crash_of_that_file_only():
    with pytest.raises(ParseCrash, match="KeyError"):
        run_in_worker(buggy, timeout_s=30, memory_mb=1024)


def test_native_crash_is_reported():
    with pytest.raises(ParseCrash, match="dừng đột ngột"):
        run_in_worker(segfault, timeout_s=30, memory_mb=1024)


# --- load_document -------------------------------------------------------------


def _vietnamese_pdf(path: Path) -> Path:
    return lines_pdf(
        path,
        [
            "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
            "Số: 23/KH-UBND",
            "KẾ HOẠCH",
            "Triển khai thực hiện chuyển đổi số năm 2024",
            "1. Tổng vốn đầu tư toàn xã hội đạt 11.024,7 tỷ đồng, tăng 7,17% so với cùng kỳ.",
            "2. Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến đạt 85%.",
        ],
    )


def test_load_document_parses_a_real_pdf_in_the_worker(tmp_path):
    pdf = _vietnamese_pdf(tmp_path / "ke-hoach.pdf")
    doc = load_document(pdf, Settings(ocr=False, parse_timeout_s=120))
    assert isinstance(doc, Document)
    assert doc.page_count == 1
    assert "11.024,7 tỷ đồng" in doc.pages[0].text
    assert doc.chunks and all(c.doc_id == doc.id for c in doc.chunks)


def test_size_limit_refuses_before_parsing(tmp_path):
    pdf = _vietnamese_pdf(tmp_path / "ke-hoach.pdf")
    limit_mb = pdf.stat().st_size / 1024 / 1024 / 2
    start = time.monotonic()
    with pytest.raises(IngestError, match="tệp quá lớn"):
        load_document(pdf, Settings(max_file_mb=limit_mb))
    assert time.monotonic() - start < 0.5


def test_not_a_pdf_is_a_plain_refusal(tmp_path):
    fake = tmp_path / "bao-cao.pdf"
    fake.write_bytes(b"PK\x03\x04 word document renamed to pdf" * 100)
    with pytest.raises(IngestError) as info:
        load_document(fake, Settings(parse_timeout_s=60))
    assert not isinstance(info.value, ParseCrash)


def test_missing_file(tmp_path):
    with pytest.raises(IngestError, match="không đọc được tệp"):
        load_document(tmp_path / "khong-co.pdf", Settings())
