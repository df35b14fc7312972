"""``tracuu ingest --ray``: parse/OCR and embed on a Ray cluster, write the index on the driver.

The per-file steps of the ingest without Ray are reused as they are; only who runs them changes:

* the driver collects the files and reports the unchanged ones (``index.pipeline._plan``);
* one ``FileWorker`` actor per CPU of the cluster loads the embedder from the Settings once and
  runs two kinds of work: ``parse`` (one file, through ``ingest.pool.parse_file``, the parse step
  of the ingest without Ray: an ``ingest.worker`` child process with the size, time (plus time
  per OCR'd page) and memory limits, killed with its OCR when time runs out or when the actor dies;
  a bad file is an IngestError result) and ``embed`` (one batch of ``settings.embed_batch``
  passages not yet in the embedding cache: the batches of one large file spread over all workers);
* the driver gives each idle worker the next piece of work (embedding batches first, so a parsed
  file is finished before new files are opened), caches each batch of vectors as it arrives and
  writes each finished document with ``index.pipeline._store`` (all its vectors are cached by
  then, so it only writes: one transaction), like the ingest without Ray. Reports come back in
  the order of the files.

Files are passed by path: on a cluster of several machines they must be readable at the same path
on every node (a shared folder). ``ray`` is imported only here, and only when ``--ray`` is used.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Sequence

import numpy as np
from tqdm import tqdm

from index.core import Index
from index.embedder import make_embedder
from index.pipeline import FileReport, IngestReport, _batches_to_embed, _passages, _plan, _store
from ingest.models import Document, IngestError
from ingest.pool import Parsed, parse_file
from tracuu.settings import Settings

RAY_MISSING = (
    "Tùy chọn --ray cần gói ray, chưa được cài: pip install '.[scale]' (hoặc bỏ --ray để nạp trong một tiến trình)."
)
LOCAL_OBJECT_STORE_MB = 512  # parsed documents and vectors of the files in flight: a few MB each


class RayUnavailable(RuntimeError):
    """Ray is not installed, or the cluster cannot be reached; the message says what to do."""


@dataclass
class Step:
    """One piece of work done on the cluster: which, where and how long."""

    path: str
    kind: Literal["parse", "embed"]
    worker: str  # "<node ip>:<pid>" of the actor's process
    seconds: float


@dataclass
class RayIngestReport(IngestReport):
    steps: list[Step] = field(default_factory=list)

    def spread(self) -> dict[str, dict[str, int]]:
        """{worker: {"parse": files parsed, "embed": batches embedded}}."""
        counts: dict[str, dict[str, int]] = {}
        for step in self.steps:
            per_kind = counts.setdefault(step.worker, {"parse": 0, "embed": 0})
            per_kind[step.kind] += 1
        return counts

    def spread_line(self) -> str:
        parts = [f"{w}: {c['parse']} tệp, {c['embed']} lô nhúng" for w, c in sorted(self.spread().items())]
        return f"Ray: {len(parts)} worker ({'; '.join(parts) or 'không có việc'})"


def _import_ray():
    try:
        import ray
    except ImportError as exc:
        raise RayUnavailable(RAY_MISSING) from exc
    return ray


@contextmanager
def ray_session(address: str | None, *, num_cpus: int | None = None) -> Iterator[None]:
    """Connected to Ray for the block: to the cluster at ``address``, or (None) to a local Ray
    started now with ``num_cpus`` CPUs (default: all) and stopped on the way out."""
    ray = _import_ray()
    try:
        if address is None:
            ray.init(
                num_cpus=num_cpus, include_dashboard=False, logging_level="error",
                object_store_memory=LOCAL_OBJECT_STORE_MB * 1024 * 1024,
            )
        else:
            ray.init(address=address, logging_level="error")
    except ConnectionError as exc:
        raise RayUnavailable(f"Không kết nối được cụm Ray tại {address} ({exc}).") from exc
    try:
        yield
    finally:
        ray.shutdown()


class FileWorker:
    """The work of one CPU of the cluster (run as a Ray actor): the embedder is loaded once."""

    def __init__(self, settings: Settings) -> None:
        import ray

        self._settings = settings
        self._embedder = make_embedder(settings)
        self._where = f"{ray.util.get_node_ip_address()}:{os.getpid()}"

    def embedder_name(self) -> str:
        return self._embedder.name

    def parse(self, path: str) -> tuple[Parsed, str, float]:
        """(the file parsed or why not, worker, seconds)."""
        parsed = parse_file(Path(path), self._settings)
        return parsed, self._where, parsed.seconds

    def embed(self, texts: list[str]) -> tuple[np.ndarray, str, float]:
        """(vectors, worker, seconds)."""
        started = time.monotonic()
        vectors = self._embedder.embed_passages(texts)
        return vectors, self._where, time.monotonic() - started


@dataclass
class _File:
    path: Path
    doc_id: str
    doc: Document | None = None
    texts: dict[str, str] = field(default_factory=dict)  # {text hash: passage} of its chunks
    batches_left: int = 0
    dispatched: float = 0.0  # driver's monotonic time when its parse was sent
    done: bool = False


def _start_workers(ray, index: Index, settings: Settings, count: int) -> list:
    """``count`` FileWorker actors (one CPU each), checked to embed with the driver's model."""
    actor = ray.remote(num_cpus=1)(FileWorker)
    workers = [actor.remote(settings) for _ in range(count)]
    try:
        names = ray.get([w.embedder_name.remote() for w in workers])
    except ray.exceptions.RayError as exc:
        raise RayUnavailable(f"Không khởi động được worker Ray ({exc}).") from exc
    for name in names:
        if name != index.embedder.name:
            raise RayUnavailable(
                f"Worker Ray dùng mô hình nhúng {name}, khác với máy điều phối ({index.embedder.name}): "
                "kiểm tra TRACUU_EMBEDDER / TRACUU_EMBED_MODEL trên các máy của cụm."
            )
    return workers


class _Run:
    """The driver's side of one ``ingest_paths_on_ray``: keeps every worker busy with one piece of
    work (embedding batches before new files), caches vectors and stores documents as they come."""

    def __init__(self, ray, index: Index, settings: Settings, todo: list[_File], workers: list, bar: tqdm) -> None:
        self._ray, self._index, self._settings, self._bar = ray, index, settings, bar
        self.workers = workers
        self._idle = list(workers)
        self._waiting: deque[tuple[str, _File, list[str] | None]] = deque(("parse", f, None) for f in todo)
        self._running: dict = {}  # object ref -> (worker, kind, file, hashes)
        self.reports: dict[Path, FileReport] = {}
        self.steps: list[Step] = []

    def run(self) -> None:
        while self._waiting or self._running:
            self._dispatch()
            if self._running:
                self._collect_one()

    def _dispatch(self) -> None:
        while self._idle and self._waiting:
            kind, item, hashes = self._waiting.popleft()
            if item.done:  # a file that failed: its other batches are dropped
                continue
            worker = self._idle.pop()
            if kind == "parse":
                item.dispatched = time.monotonic()
                ref = worker.parse.remote(str(item.path))
            else:
                ref = worker.embed.remote([item.texts[h] for h in hashes])
            self._running[ref] = (worker, kind, item, hashes)

    def _collect_one(self) -> None:
        ray = self._ray
        [ref], _ = ray.wait(list(self._running), num_returns=1)
        worker, kind, item, hashes = self._running.pop(ref)
        try:
            result, where, seconds = ray.get(ref)
        except ray.exceptions.RayError as exc:  # the actor died (killed, out of memory): this file fails
            if isinstance(exc, ray.exceptions.RayActorError):
                self.workers.remove(worker)
                worker = _start_workers(ray, self._index, self._settings, 1)[0]
                self.workers.append(worker)
            self._idle.append(worker)
            if not item.done:
                step = "đọc tệp" if kind == "parse" else "nhúng"
                self._finish(item, IngestError(f"worker Ray bị dừng đột ngột khi {step} ({type(exc).__name__})"))
            return
        self._idle.append(worker)
        if item.done:
            return
        self.steps.append(Step(str(item.path), kind, where, seconds))
        if kind == "parse":
            self._parsed(item, result)
        else:
            self._embedded(item, hashes, result)

    def _parsed(self, item: _File, parsed: Parsed) -> None:
        if isinstance(parsed.result, IngestError):
            self._finish(item, parsed.result)
            return
        item.doc, item.texts = parsed.result, _passages(parsed.result)
        batches = _batches_to_embed(self._index, item.texts, self._settings)
        item.batches_left = len(batches)
        self._waiting.extendleft(("embed", item, b) for b in reversed(batches))
        if not batches:
            self._finish(item, item.doc)

    def _embedded(self, item: _File, hashes: list[str], vectors: np.ndarray) -> None:
        self._index.put_embeddings(dict(zip(hashes, vectors)))
        item.batches_left -= 1
        if item.batches_left == 0:
            self._finish(item, item.doc)

    def _finish(self, item: _File, outcome: Document | IngestError) -> None:
        """Store the document (its vectors are all cached now) or report its error; the file's
        time runs from the dispatch of its parse."""
        parsed = Parsed(item.path, outcome, time.monotonic() - item.dispatched)
        self.reports[item.path] = _store(parsed, item.doc_id, self._index, self._settings, False)
        item.done = True
        self._bar.update(1)


def ingest_paths_on_ray(
    paths: Sequence[Path], index: Index, settings: Settings, *, progress: bool = True
) -> RayIngestReport:
    """``ingest_paths`` with parsing and embedding on the connected Ray cluster (``ray_session``)."""
    ray = _import_ray()
    plan = _plan(paths, index, settings, progress)
    todo = [_File(path, doc_id) for path, doc_id in plan.to_parse.items()]
    if not todo:
        index.flush()
        return RayIngestReport(plan.in_order())
    cpus = int(ray.cluster_resources().get("CPU", 1))
    workers = _start_workers(ray, index, settings, max(1, min(cpus, len(todo))))
    bar = tqdm(total=len(todo), desc="Tệp (Ray)", unit="tệp", disable=not progress)
    run = _Run(ray, index, settings, todo, workers, bar)
    try:
        run.run()
    finally:
        bar.close()
        for worker in run.workers:  # after its work in hand, so that Ray's timeline gets its last events
            worker.__ray_terminate__.remote()
        index.flush()
    plan.reports.update(run.reports)
    return RayIngestReport(plan.in_order(), run.steps)
