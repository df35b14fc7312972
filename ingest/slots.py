"""The CPU budget of a parallel ingest: a number of slots, one per CPU-bound job (a file's parse
worker, or one more OCR page of a scan running beside it), shared by the threads that drive the
workers. It lives in the calling process only: a worker asks the caller for slots through its
pipe (``ingest.worker.hold_slots``), so a killed worker cannot take slots with it."""

from __future__ import annotations

import threading


class CpuSlots:
    def __init__(self, total: int) -> None:
        self._free = max(1, total)
        self._changed = threading.Condition()

    def take(self) -> None:
        """Wait for one free slot and hold it (to start a file's worker)."""
        with self._changed:
            self._changed.wait_for(lambda: self._free > 0)
            self._free -= 1

    def borrow(self, wanted: int) -> int:
        """Hold up to ``wanted`` more slots without waiting; returns how many were free."""
        with self._changed:
            granted = min(max(0, wanted), self._free)
            self._free -= granted
            return granted

    def give_back(self, count: int) -> None:
        with self._changed:
            self._free += count
            self._changed.notify_all()
