"""Parse a PDF in a separate worker process, under a size limit, a time limit and a memory cap.

A pathological PDF (a decompression bomb, an endless content stream, a native
crash in a PDF library) must not hang or kill the application. ``load_document``
therefore runs ``ingest.parse_pdf`` in a child process started from a
``forkserver`` (a clean, single-threaded server that has imported the parser
once, so each file costs a fork, not a Python start-up) and:

* refuses files larger than ``settings.max_file_mb`` before starting anything;
* caps the child's address space at ``settings.parse_memory_mb``;
* kills the child's whole process group (the parser and any ``tesseract`` it
  started) when its time runs out: ``settings.parse_timeout_s``, plus
  ``settings.ocr_page_timeout_s`` for each page it OCRs (the parser asks for
  that time with ``extend_deadline`` as it goes, so a 70-page scan is not cut
  off while a hung parse still is);
* lets the child die with the application (a killed ``tracuu ingest`` leaves
  no parse running behind it);
* with a CPU budget (``ingest.slots``, a parallel ingest), lends the child
  free slots when it asks for them (``hold_slots``: OCR pages side by side) and
  takes back whatever it still holds when it ends, however it ends;
* stops the child when the caller sets ``stop`` (the ingest was interrupted).

Every failure becomes an ``IngestError`` with one plain Vietnamese line, so the
caller reports the file and goes on with the batch. The page limit
(``settings.max_pages``) is checked by the parser itself.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import select
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TypeVar

from ingest.models import Document, IngestError
from ingest.slots import CpuSlots
from tracuu.settings import Settings

T = TypeVar("T")

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["ingest.parse"])


# In a worker: its pipe to the caller (for ``extend_deadline`` and ``hold_slots``); None in any other process.
_to_caller: Connection | None = None
# In a worker: the slots of the caller's CPU budget it holds beyond its own one.
_extra_slots = 0
# How often a waiting caller looks at its ``stop`` event (seconds).
STOP_CHECK_S = 0.5


class ParseCrash(IngestError):
    """The parser failed in an unexpected way (an exception it did not turn into an
    ``IngestError``, or the worker died): a bug to fix, not a verdict on the file."""


def _exit_with_caller(conn: Connection) -> None:
    """Kill this worker's process group as soon as the caller's end of the pipe closes
    (the application died or gave up): a killed ``tracuu ingest`` leaves no parse behind."""

    def watch() -> None:
        poller = select.poll()
        poller.register(conn.fileno(), 0)  # no events asked: wakes only on POLLERR/POLLHUP
        poller.poll()
        os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()


def _child(conn: Connection, memory_mb: float, target: Callable[..., object], args: tuple) -> None:
    """Worker body: own process group (so a timeout also kills what it started), watch
    for the caller's death, memory cap, call, send ("ok", result) or (kind, message) back.
    ``conn`` stays open until the process ends: the watch relies on it."""
    global _to_caller
    os.setpgid(0, 0)
    _exit_with_caller(conn)
    _to_caller = conn
    limit = int(memory_mb * 1024 * 1024)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        conn.send(("ok", target(*args)))
    except IngestError as exc:
        conn.send(("error", str(exc)))
    except MemoryError:
        conn.send(("memory", ""))
    except BaseException as exc:  # any other failure is a crash of this file only
        conn.send(("crash", f"{type(exc).__name__}: {exc}"))


def extend_deadline(seconds: float) -> None:
    """Called by the target inside a worker before a long step it can account for (one OCR
    page): the caller adds ``seconds`` to the time limit. Does nothing outside a worker."""
    if _to_caller is not None:
        _to_caller.send(("extend", seconds))


def hold_slots(jobs: int) -> int:
    """Called by the target inside a worker that could run ``jobs`` CPU-bound jobs side by side
    (OCR pages): hold the slots of the caller's CPU budget for them, its own one plus up to
    ``jobs - 1`` more as far as the budget has free ones (slots beyond that are given back).
    Returns how many jobs may run now: at least 1, and 1 outside a worker or without a budget."""
    global _extra_slots
    if _to_caller is None:
        return 1
    wanted = max(0, jobs - 1)
    if wanted > _extra_slots:
        _to_caller.send(("slots", wanted - _extra_slots))
        _extra_slots += _to_caller.recv()
    elif wanted < _extra_slots:
        _to_caller.send(("release", _extra_slots - wanted))
        _extra_slots = wanted
    return 1 + _extra_slots


def _stop(process: multiprocessing.process.BaseProcess, grace_s: float) -> None:
    """Give the worker ``grace_s`` to exit by itself (and clean up after itself), then kill it
    and everything it started (its process group); reap it."""
    process.join(grace_s)
    if process.is_alive():
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:  # not yet its own group leader
            process.kill()
    process.join()


def run_in_worker(
    target: Callable[..., T],
    *args: object,
    timeout_s: float,
    memory_mb: float,
    slots: CpuSlots | None = None,
    stop: threading.Event | None = None,
) -> T:
    """Call ``target(*args)`` in a worker process (target and args must be picklable)
    with a wall-clock limit and an address-space cap. Returns its result; raises
    IngestError on timeout, memory exhaustion or ``stop``, re-raises the target's IngestError
    (same message), and raises ParseCrash for anything else. ``slots``: the CPU budget the
    worker may borrow from (``hold_slots``); it gets back every borrowed slot when the call ends."""
    conn, child_conn = _CONTEXT.Pipe()
    process = _CONTEXT.Process(target=_child, args=(child_conn, memory_mb, target, args), daemon=True)
    process.start()
    child_conn.close()  # the child holds the only other end: its death reads as EOF here
    answered = False
    borrowed = 0
    deadline, allowed_s = time.monotonic() + timeout_s, timeout_s
    try:
        while not answered and not (stop is not None and stop.is_set()):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            if not conn.poll(min(remaining, STOP_CHECK_S) if stop is not None else remaining):
                continue
            try:
                kind, payload = conn.recv()
                if kind == "slots":
                    granted = slots.borrow(payload) if slots is not None else 0
                    borrowed += granted
                    conn.send(granted)
            except (EOFError, OSError):
                kind, payload = "died", None
            if kind == "extend":
                deadline, allowed_s = deadline + payload, allowed_s + payload
            elif kind == "release":
                borrowed -= payload
                slots.give_back(payload)  # type: ignore[union-attr]  # only lent with a budget
            elif kind != "slots":
                answered = True
    finally:
        _stop(process, grace_s=5.0 if answered else 0.0)
        conn.close()  # after the worker is gone: closing it first would trigger its watch
        if borrowed:
            slots.give_back(borrowed)  # type: ignore[union-attr]

    if not answered:
        if stop is not None and stop.is_set():
            raise IngestError("đã dừng (quá trình nạp bị hủy)")
        raise IngestError(f"quá thời gian xử lý (timeout {allowed_s:g} s)")
    if kind == "ok":
        return payload  # type: ignore[return-value]
    if kind == "error":
        raise IngestError(payload)
    if kind == "memory" or (kind == "died" and process.exitcode == -signal.SIGKILL):
        raise IngestError(f"vượt giới hạn bộ nhớ ({memory_mb:g} MB) khi đọc tệp")
    if kind == "died":
        raise ParseCrash(f"tiến trình đọc tệp bị dừng đột ngột (mã thoát {process.exitcode})")
    raise ParseCrash(f"lỗi không mong đợi khi đọc tệp ({payload})")


def _parse(path: Path, settings: Settings, progress: bool, bar_position: int) -> Document:
    from ingest.parse import parse_pdf  # inside the call, so an import failure is reported too

    return parse_pdf(path, settings, progress=progress, bar_position=bar_position)


def load_document(
    path: Path,
    settings: Settings,
    *,
    progress: bool = False,
    bar_position: int = 0,
    slots: CpuSlots | None = None,
    stop: threading.Event | None = None,
) -> Document:
    """Parse ``path`` in a worker process; return its Document or raise IngestError. Its progress
    bars are drawn on terminal line ``bar_position``; ``slots`` and ``stop``: see ``run_in_worker``."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"không đọc được tệp ({exc.strerror})") from exc
    if size > settings.max_file_mb * 1024 * 1024:
        raise IngestError(f"tệp quá lớn ({size / 1024 / 1024:.1f} MB > {settings.max_file_mb:g} MB)")
    return run_in_worker(
        _parse,
        path,
        settings,
        progress,
        bar_position,
        timeout_s=settings.parse_timeout_s,
        memory_mb=settings.parse_memory_mb,
        slots=slots,
        stop=stop,
    )
