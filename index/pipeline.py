"""``ingest_paths``: parse, embed and index PDF files, incrementally and crash-safely.

Per file: content hash -> already stored? skip. Otherwise parse (in worker processes, several
files side by side: ``ingest.pool``), and as each parse ends, here in the calling process: embed
the chunks whose text is not in the embedding cache (batches are cached as they finish, so a
killed run loses at most one batch), then write the document in one transaction. One bad file
never stops the batch. A killed run leaves every committed document usable; the next run skips
them and completes the rest. Documents are written in the order their parses end; the report
lists the files in the order given.

The per-file steps (``_plan``/``_stored_or_id``: what needs no parse; ``ingest.pool.parse_file``:
the parse; ``_store``: embed what the cache lacks and write) are also those of ``tracuu ingest
--ray`` (``index.distributed``), which runs the parse and the embedding on Ray workers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Sequence

from tqdm import tqdm

import ingest
from index.core import Index
from index.passage import document_line, passage_text, text_hash
from index.status import SCANNED
from ingest.coverage import coverage
from ingest.models import PARSE_VERSION, Document, IngestError
from ingest.pool import Parsed, parse_files
from tracuu.settings import Settings

FileStatus = Literal["added", "replaced", "unchanged", "scanned", "error"]
PDF_MAGIC = b"%PDF"


@dataclass
class FileReport:
    path: str
    status: FileStatus
    doc_id: str | None = None
    pages: int = 0
    chunks: int = 0
    footnotes_linked: int = 0
    references: int = 0
    coverage: float | None = None  # share of the body text inside some chunk (None: not parsed now)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    def line(self) -> str:
        name = Path(self.path).name
        if self.status == "error":
            return f"✗ Lỗi: {name}: {self.error}"
        if self.status == "unchanged":
            return f"= Không đổi, bỏ qua: {name}"
        if self.status == "scanned":
            text = f"! {SCANNED}: {name} ({self.pages} trang)"
        else:
            verb = "Đã thêm" if self.status == "added" else "Đã cập nhật"
            text = (
                f"✓ {verb}: {name}: {self.pages} trang, {self.chunks} đoạn, "
                f"{self.footnotes_linked} chú thích liên kết, {self.references} văn bản dẫn chiếu, "
                f"độ phủ {_percent(self.coverage)} ({self.seconds:.1f} giây)"
            )
        if self.warnings:
            text += "; cảnh báo: " + "; ".join(self.warnings)
        return text


def _percent(ratio: float | None) -> str:
    """100% only when nothing is missing: 99.96% must not be printed as 100%."""
    if ratio is None:
        return "–"
    return "100%" if ratio >= 1 else f"{min(99.9, 100 * ratio):.1f}%"


@dataclass
class IngestReport:
    files: list[FileReport]

    def lines(self) -> list[str]:
        return [f.line() for f in self.files]


def is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(PDF_MAGIC)) == PDF_MAGIC
    except OSError:
        return False


def _collect(paths: Sequence[Path]) -> tuple[list[Path], list[FileReport]]:
    """PDF files to ingest (folders walked, PDFs recognised by content) and reports for bad arguments."""
    files: dict[Path, None] = {}
    rejected: list[FileReport] = []
    for given in paths:
        given = Path(given)
        if given.is_dir():
            files.update((p.resolve(), None) for p in sorted(given.rglob("*")) if p.is_file() and is_pdf(p))
        elif not given.exists():
            rejected.append(FileReport(str(given), "error", error="không tìm thấy tệp"))
        elif is_pdf(given):
            files[given.resolve()] = None
        else:
            rejected.append(FileReport(str(given), "error", error="không phải PDF"))
    return list(files), rejected


def _batches_to_embed(index: Index, texts: dict[str, str], settings: Settings) -> list[list[str]]:
    """The hashes of {text hash: text} without a cached embedding, in batches of ``settings.embed_batch``."""
    cached = index.cached_embeddings(list(texts))
    todo = [h for h in texts if h not in cached]
    batch = max(1, settings.embed_batch)
    return [todo[start : start + batch] for start in range(0, len(todo), batch)]


def _embed(index: Index, texts: dict[str, str], settings: Settings, progress: bool, label: str) -> None:
    """Make sure every {text hash: text} has a cached embedding; progress bar with ETA over chunks."""
    batches = _batches_to_embed(index, texts, settings)
    if not batches:
        return
    with tqdm(total=sum(map(len, batches)), desc=f"Nhúng {label}", unit="đoạn", disable=not progress, leave=False) as bar:
        for hashes in batches:
            vectors = index.embedder.embed_passages([texts[h] for h in hashes])
            index.put_embeddings(dict(zip(hashes, vectors)))
            bar.update(len(hashes))


def _passages(doc: Document) -> dict[str, str]:
    """{text hash: text} of what is embedded for each chunk of ``doc`` (see index.passage)."""
    document = document_line(doc.doc_type, doc.number, doc.title)
    passages = [passage_text(c, document) for c in doc.chunks]
    return {text_hash(p): p for p in passages}


def index_document(doc: Document, index: Index, settings: Settings, *, progress: bool = False) -> FileStatus:
    """Embed (cache first) and store one parsed document, replacing an older version stored
    from the same path. Returns its status: "added", "replaced" or "scanned"."""
    _embed(index, _passages(doc), settings, progress, doc.file_name)
    replaces = [d for d in index.doc_ids_at_path(doc.path) if d != doc.id]
    reread = index.document(doc.id) is not None  # stored by an older version of ingest
    index.add_document(doc, replaces)
    if doc.status == "scanned":
        return "scanned"
    return "replaced" if replaces or reread else "added"


def _stored_or_id(path: Path, index: Index) -> FileReport | str:
    """The report of a file that needs no parse (unreadable, or stored with this content), else its id."""
    try:
        doc_id = ingest.file_id(path.read_bytes())
    except OSError as exc:
        return FileReport(str(path), "error", error=f"không đọc được tệp ({exc.strerror})")
    return _unchanged(path, index, doc_id) or doc_id


def _unchanged(path: Path, index: Index, doc_id: str) -> FileReport | None:
    """The report of a file whose content is already stored by this version of ingest, else None
    (a document read by an older one, ``PARSE_VERSION``, is read again)."""
    stored = index.document(doc_id)
    if stored is None or stored.parse_version != PARSE_VERSION:
        return None
    return FileReport(str(path), "unchanged", doc_id, stored.pages, stored.chunks, references=stored.references)


def _store(parsed: Parsed, doc_id: str, index: Index, settings: Settings, progress: bool) -> FileReport:
    """Embed and write one parsed file (or report why it was not read)."""
    start = time.monotonic()
    path, doc = str(parsed.path), parsed.result
    if isinstance(doc, IngestError):
        return FileReport(path, "error", doc_id, error=str(doc), seconds=parsed.seconds)
    unchanged = _unchanged(parsed.path, index, doc.id)  # the same content under another path in this batch
    if unchanged is not None:
        return unchanged
    status = index_document(doc, index, settings, progress=progress)
    covered = coverage(doc)
    warning = covered.warning()
    return FileReport(
        path, status, doc.id, doc.page_count, len(doc.chunks),
        footnotes_linked=sum(1 for f in doc.footnotes if f.markers), references=len(doc.references),
        coverage=covered.ratio, warnings=list(doc.warnings) + ([warning] if warning else []),
        seconds=parsed.seconds + time.monotonic() - start,
    )


@dataclass
class _Plan:
    """The files of one ingest, pool or Ray (``index.distributed``): their reports, filled as
    files end, and the files still to parse."""

    files: list[Path]  # in the order given
    rejected: list[FileReport]  # the arguments that are not PDF files
    reports: dict[Path, FileReport]
    to_parse: dict[Path, str]  # path -> content id

    def in_order(self) -> list[FileReport]:
        return self.rejected + [self.reports[path] for path in self.files]


def _plan(paths: Sequence[Path], index: Index, settings: Settings, progress: bool) -> _Plan:
    """Collect the files, embed the stored chunks still without a vector, and report at once the
    files that need no parse (unreadable, or unchanged)."""
    files, rejected = _collect(paths)
    index.embed_backlog(lambda texts: _embed(index, texts, settings, progress, "(đoạn cũ)"))
    plan = _Plan(files, rejected, {}, {})
    for path in files:
        known = _stored_or_id(path, index)
        if isinstance(known, FileReport):
            plan.reports[path] = known
        else:
            plan.to_parse[path] = known
    return plan


def ingest_paths(paths: Sequence[Path], index: Index, settings: Settings, *, progress: bool = True) -> IngestReport:
    """Ingest PDF files and folders into ``index``; one report line per file, in the order given."""
    plan = _plan(paths, index, settings, progress)
    files, reports, to_parse = plan.files, plan.reports, plan.to_parse
    try:
        with tqdm(total=len(files), initial=len(reports), desc="Tệp", unit="tệp", disable=not progress or len(files) < 2) as bar:
            for parsed in parse_files(list(to_parse), settings, progress=progress):
                reports[parsed.path] = _store(parsed, to_parse[parsed.path], index, settings, progress)
                bar.update()
    finally:
        index.flush()
    return IngestReport(plan.in_order())
