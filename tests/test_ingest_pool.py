"""Parallel ingest (ingest.pool): files parsed side by side give the same documents and chunks as
one at a time, a bad file in a parallel batch is one report line, a worker's borrowed CPU slots
come back however it ends, the OCR pages of a real scan read side by side give the same text,
and a killed ingest leaves none of its workers or Tesseract processes behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import Index, ingest_paths
from ingest.models import IngestError
from ingest.ocr import iter_ocr_pages, ocr_available, ocr_pages
from ingest.pool import parse_files
from ingest.slots import CpuSlots
from ingest.worker import hold_slots, load_document, run_in_worker
from tracuu.settings import Settings

REPO = Path(__file__).resolve().parents[1]
REALDOCS = REPO.parent / "shared" / "realdocs" / "pdf"
SCAN = REALDOCS / "NQ-19-2026-NQ-CP_scanned-80p.pdf"
# Text-layer PDFs of a few pages: footnotes, a stamped decision, a Công báo consolidation.
SMALL_REALDOCS = ["An-le-43-2021-AL_footnote.pdf", "An-le-72-2024-AL_footnote.pdf", "QD-1074-QD-BXD-2026.pdf"]

needs_realdocs = pytest.mark.skipif(not REALDOCS.is_dir(), reason=f"{REALDOCS} absent (shared real documents)")
needs_ocr = pytest.mark.skipif(not ocr_available("vie"), reason="tesseract-ocr and tesseract-ocr-vie not installed")


def _chunks(doc) -> list[tuple]:
    return [(c.id, c.kind, c.section, c.page_start, c.page_end, c.text) for c in doc.chunks]


# --- targets run in the worker (module level: they travel by reference) -----


def hold_then_hang(jobs: int) -> None:
    hold_slots(jobs)
    time.sleep(120)


def hold_then_return(jobs: int) -> int:
    return hold_slots(jobs)


# --- the CPU budget --------------------------------------------------------------


def test_borrowed_slots_come_back_when_the_worker_is_killed_or_ends():
    slots = CpuSlots(3)
    slots.take()  # the worker's own slot, as ingest.pool takes it
    with pytest.raises(IngestError, match="quá thời gian"):
        run_in_worker(hold_then_hang, 5, timeout_s=5, memory_mb=2048, slots=slots)
    assert slots.borrow(5) == 2  # the 2 free slots it had borrowed were given back at the kill
    slots.give_back(2)
    assert run_in_worker(hold_then_return, 5, timeout_s=30, memory_mb=2048, slots=slots) == 3  # own + 2 free
    assert slots.borrow(5) == 2
    # without a budget a worker runs one job at a time
    assert run_in_worker(hold_then_return, 5, timeout_s=30, memory_mb=2048) == 1


# --- parallel parse = sequential parse --------------------------------------------


@needs_realdocs
def test_files_parsed_side_by_side_equal_one_at_a_time():
    paths = sorted((REPO / "corpus").glob("*.pdf")) + [REALDOCS / name for name in SMALL_REALDOCS]
    settings = Settings(ocr=False, ingest_workers=2)
    sequential = {path: load_document(path, settings) for path in paths}
    parallel = {parsed.path: parsed.result for parsed in parse_files(paths, settings)}
    assert set(parallel) == set(paths)
    for path in paths:
        one, other = sequential[path], parallel[path]
        assert (other.id, other.page_count, other.number, other.title) == (one.id, one.page_count, one.number, one.title)
        assert [p.text for p in other.pages] == [p.text for p in one.pages]
        assert _chunks(other) == _chunks(one), path.name


def test_bad_files_in_a_parallel_batch_are_reported_in_order(tmp_path):
    """Bad files among good ones, parsed side by side: each is one error line, the others are
    stored, the report follows the order given, and a copy of a file under another name is
    stored once."""
    corpus = sorted((REPO / "corpus").glob("*.pdf"))
    renamed = tmp_path / "bao-cao.pdf"  # a Word file renamed: no %PDF at the start, refused by _collect
    renamed.write_bytes(b"PK\x03\x04" + b"word" * 100)
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    truncated = tmp_path / "cat-ngang.pdf"
    truncated.write_bytes(corpus[1].read_bytes()[:20000])
    copy = tmp_path / "ban-sao.pdf"
    copy.write_bytes(corpus[0].read_bytes())
    settings = Settings(index_dir=tmp_path / "index", ocr=False, ingest_workers=2)
    index = Index.open(settings)
    try:
        given = [broken, corpus[0], truncated, renamed, corpus[1], copy]
        report = ingest_paths(given, index, settings, progress=False)
        assert [Path(f.path).name for f in report.files] == [
            "bao-cao.pdf", "hong.pdf", corpus[0].name, "cat-ngang.pdf", corpus[1].name, "ban-sao.pdf"
        ]  # refused arguments first, then the PDFs in the order given
        statuses = [f.status for f in report.files]
        assert statuses[:5] == ["error", "error", "added", "error", "added"]
        assert all(f.error for f in report.files if f.status == "error")
        # the copy's parse may end before or after its original's: whichever is stored second is "unchanged"
        assert sorted([statuses[2], statuses[5]]) == ["added", "unchanged"]
        assert report.files[2].doc_id == report.files[5].doc_id
        stored = {d.file_name: d.chunks for d in index.documents()}
        assert len(stored) == 2 and stored[corpus[1].name] == report.files[4].chunks
    finally:
        index.close()


# --- OCR pages side by side --------------------------------------------------------


@needs_ocr
@needs_realdocs
def test_ocr_pages_side_by_side_read_the_same_text():
    pages = [0, 1, 2, 3]
    sequential = ocr_pages(SCAN, pages, "vie")
    asked: list[int] = []

    def three_at_a_time(pages_left: int) -> int:
        asked.append(pages_left)
        return 3

    parallel = dict(iter_ocr_pages(SCAN, pages, "vie", jobs=three_at_a_time))
    assert parallel == sequential
    assert all(len(sequential[i]) > 500 for i in pages)
    assert asked[0] == 4 and asked[-1] == 0  # asked with the pages left, and 0 at the end


# --- a killed parallel ingest leaves nothing behind ---------------------------------


def _descendants(pid: int) -> dict[int, str]:
    """{pid: command name} of every live descendant of ``pid``."""
    parents: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name_end = stat.rindex(")")
        fields = stat[name_end + 2 :].split()
        if fields[0] == "Z":
            continue
        child = int(entry.name)
        names[child] = stat[stat.index("(") + 1 : name_end]
        parents.setdefault(int(fields[1]), []).append(child)
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found[child] = names[child]
            todo.append(child)
    return found


@needs_ocr
@needs_realdocs
def test_killed_parallel_ingest_leaves_no_worker_or_tesseract_behind(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "TRACUU_INGEST_WORKERS": "2", "TRACUU_OCR": "true"}
    command = [sys.executable, "-m", "tracuu.cli", "ingest", str(SCAN), str(REPO / "corpus"), "--index", str(tmp_path), "-q"]
    app = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: dict[int, str] = {}
    deadline = time.monotonic() + 180
    while list(seen.values()).count("tesseract") < 2 and time.monotonic() < deadline:  # two pages side by side
        seen.update(_descendants(app.pid))
        seen = {pid: name for pid, name in seen.items() if Path(f"/proc/{pid}").exists()}
        time.sleep(0.2)
    assert list(seen.values()).count("tesseract") >= 2, f"no two OCR pages ran side by side: {seen}"
    app.send_signal(signal.SIGKILL)
    app.wait()
    deadline = time.monotonic() + 15
    alive = seen
    while alive and time.monotonic() < deadline:
        alive = {pid: name for pid, name in seen.items() if _alive(pid)}
        time.sleep(0.2)
    assert not alive, f"left behind after the ingest was killed: {alive}"


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False
