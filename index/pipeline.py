"""``ingest_paths``: parse, embed and index PDF files, incrementally and crash-safely.

Per file: content hash -> already stored? skip. Otherwise parse, embed the chunks whose text
is not in the embedding cache (batches are cached as they finish, so a killed run loses at
most one batch), then write the document in one transaction. One bad file never stops the
batch. A killed run leaves every committed document usable; the next run skips them and
completes the rest.
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
from ingest.coverage import coverage
from ingest.models import Document, IngestError
from ingest.worker import load_document
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
            text = f"! Bản quét chưa có lớp chữ: {name} ({self.pages} trang), đã lưu vào thư viện nhưng chưa tra cứu được"
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


def _parse(path: Path, settings: Settings, progress: bool) -> Document:
    """The one place a PDF is parsed: in a worker process, under the size/time/memory limits."""
    return load_document(path, settings, progress=progress)


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
    index.add_document(doc, replaces)
    if doc.status == "scanned":
        return "scanned"
    return "replaced" if replaces else "added"


def _unparsed_report(path: Path, index: Index) -> tuple[str | None, FileReport | None]:
    """The file's document id, and its report when it needs no parsing (unreadable, or
    already stored: unchanged); (id, None) for a file to parse."""
    try:
        doc_id = ingest.file_id(path.read_bytes())
    except OSError as exc:
        return None, FileReport(str(path), "error", error=f"không đọc được tệp ({exc.strerror})")
    stored = index.document(doc_id)
    if stored is not None:
        return doc_id, FileReport(str(path), "unchanged", doc_id, stored.pages, stored.chunks, references=stored.references)
    return doc_id, None


def _parse_outcome(path: Path, settings: Settings, progress: bool) -> Document | str:
    """The parsed document, or the error line for its report. Picklable either way: it is also
    the result of a Ray task (index.distributed)."""
    try:
        return _parse(path, settings, progress)
    except IngestError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug on one file must not stop the batch
        return f"lỗi không mong đợi khi đọc tệp ({type(exc).__name__}: {exc})"


def _store_outcome(
    path: Path, doc_id: str, doc: Document | str, index: Index, settings: Settings, progress: bool, started: float
) -> FileReport:
    """Index a parsed document (or report its parse error); ``started``: the file's monotonic start time."""
    if isinstance(doc, str):
        return FileReport(str(path), "error", doc_id, error=doc, seconds=time.monotonic() - started)
    status = index_document(doc, index, settings, progress=progress)
    covered = coverage(doc)
    warning = covered.warning()
    return FileReport(
        str(path), status, doc.id, doc.page_count, len(doc.chunks),
        footnotes_linked=sum(1 for f in doc.footnotes if f.markers), references=len(doc.references),
        coverage=covered.ratio, warnings=list(doc.warnings) + ([warning] if warning else []),
        seconds=time.monotonic() - started,
    )


def _ingest_file(path: Path, index: Index, settings: Settings, progress: bool) -> FileReport:
    started = time.monotonic()
    doc_id, report = _unparsed_report(path, index)
    if report is not None:
        return report
    return _store_outcome(path, doc_id, _parse_outcome(path, settings, progress), index, settings, progress, started)


def ingest_paths(paths: Sequence[Path], index: Index, settings: Settings, *, progress: bool = True) -> IngestReport:
    """Ingest PDF files and folders into ``index``; one report line per file."""
    files, reports = _collect(paths)
    index.embed_backlog(lambda texts: _embed(index, texts, settings, progress, "(đoạn cũ)"))
    try:
        for path in tqdm(files, desc="Tệp", unit="tệp", disable=not progress or len(files) < 2):
            reports.append(_ingest_file(path, index, settings, progress))
    finally:
        index.flush()
    return IngestReport(reports)
