"""Parse many PDFs side by side, each in its own worker process (``ingest.worker``: time limit
with more time per OCR page, memory cap, kill of its process group, dies with the caller).

``settings.ingest_workers`` is the CPU budget (``ingest.slots``): a file's worker holds one slot
from start to end, and a scan's worker borrows the free ones to OCR its pages side by side, so
parse workers and their Tesseract processes together stay about at that number. One thread per
slot drives a worker; results come back as files finish, to be embedded and stored by the caller
meanwhile. Leaving the iteration early (an error or Ctrl-C in the caller) stops the running
workers and skips the files not started.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from ingest.models import Document, IngestError
from ingest.slots import CpuSlots
from ingest.worker import load_document
from tracuu.settings import Settings

# Terminal lines of the caller's own bars (files overall, embedding); the workers' bars go below.
CALLER_BARS = 2


@dataclass
class Parsed:
    path: Path
    result: Document | IngestError  # the Document, or why the file was not read
    seconds: float  # from the start of its worker to its end (on Ray: to the end of its embedding)


def parse_files(paths: Sequence[Path], settings: Settings, *, progress: bool = False) -> Iterator[Parsed]:
    """Parse ``paths`` in worker processes, at most ``settings.ingest_workers`` CPU jobs at a time;
    yields each file's Parsed as it ends (not in the order given). One bad file is one IngestError."""
    workers = settings.ingest_workers
    slots = CpuSlots(workers)
    stop = threading.Event()
    positions: queue.SimpleQueue[int] = queue.SimpleQueue()
    for line in range(CALLER_BARS, CALLER_BARS + workers):
        positions.put(line)

    def parse(path: Path) -> Parsed:
        slots.take()
        position = positions.get()
        try:
            return parse_file(path, settings, progress=progress, bar_position=position, slots=slots, stop=stop)
        finally:
            positions.put(position)
            slots.give_back(1)

    executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="parse")
    try:
        for future in as_completed([executor.submit(parse, path) for path in paths]):
            yield future.result()
    finally:
        stop.set()
        executor.shutdown(wait=True, cancel_futures=True)


def parse_file(
    path: Path,
    settings: Settings,
    *,
    progress: bool = False,
    bar_position: int = 0,
    slots: CpuSlots | None = None,
    stop: threading.Event | None = None,
) -> Parsed:
    """One file's parse in its worker process (``ingest.worker.load_document``), timed; a bad file
    is an IngestError result, never an exception. The parse step of every ingest: the pool's
    threads here and the Ray workers (``index.distributed``) call it; its result is picklable."""
    start = time.monotonic()
    result: Document | IngestError
    try:
        result = load_document(path, settings, progress=progress, bar_position=bar_position, slots=slots, stop=stop)
    except IngestError as exc:
        result = exc
    except Exception as exc:  # a bug on one file must not stop the batch
        result = IngestError(f"lỗi không mong đợi khi đọc tệp ({type(exc).__name__}: {exc})")
    return Parsed(Path(path), result, time.monotonic() - start)
