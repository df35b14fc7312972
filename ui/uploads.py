"""Uploads: size and count limits, PDF by content, hash-based stored names, ingesting one upload.

Uploaded PDFs are kept in ``settings.index_dir / "files"``; the report line of an upload is the
ingest report's own (``FileReport.line``), under the name the user gave the file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from index import FileReport, Index, ingest_paths
from tracuu.settings import Settings
from tracuu.vn.normalize import fold_diacritics

UPLOAD_DIR_NAME = "files"


def files_dir(settings: Settings) -> Path:
    """The folder uploaded PDFs are stored in."""
    return settings.index_dir / UPLOAD_DIR_NAME


@dataclass(frozen=True)
class UploadCheck:
    accepted: list[tuple[Path, str]]  # (temporary path, name shown to the user)
    rejected: list[str]  # one plain Vietnamese line per refused file


def check_uploads(paths: Sequence[Path], settings: Settings) -> UploadCheck:
    """Accept at most ``settings.max_uploads`` files, each a real PDF (bytes start with ``%PDF-``)
    no larger than ``settings.max_upload_mb``."""
    accepted: list[tuple[Path, str]] = []
    rejected: list[str] = []
    if len(paths) > settings.max_uploads:
        return UploadCheck(
            [], [f"Chỉ được tải lên tối đa {settings.max_uploads} tệp mỗi lần (đã chọn {len(paths)} tệp)."]
        )
    limit = int(settings.max_upload_mb * 1024 * 1024)
    for path in paths:
        shown = Path(path).name
        size = Path(path).stat().st_size
        if size > limit:
            rejected.append(
                f"{shown}: tệp quá lớn ({size / 1048576:.1f} MB, tối đa {settings.max_upload_mb:g} MB)."
            )
            continue
        with open(path, "rb") as fh:
            head = fh.read(5)
        if head != b"%PDF-":
            rejected.append(f"{shown}: không phải tệp PDF (có thể là tệp khác bị đổi đuôi thành .pdf), đã bỏ qua.")
            continue
        accepted.append((Path(path), shown))
    return UploadCheck(accepted, rejected)


def safe_file_name(original: str, digest: str) -> str:
    """A stored name that cannot escape its folder: ``<hash prefix>-<ascii slug>.pdf``."""
    stem = Path(original.replace("\\", "/")).name.rsplit(".", 1)[0]
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", fold_diacritics(stem)).strip("-_")[:60]
    return f"{digest[:16]}-{slug or 'tai-lieu'}.pdf"


def store_upload(path: Path, shown_name: str, folder: Path) -> Path:
    """Copy an accepted upload into ``folder`` under its hash-based safe name."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe_file_name(shown_name, digest)
    if not target.exists():
        shutil.copyfile(path, target)
    return target


def ingest_upload(path: Path, shown: str, index: Index, settings: Settings) -> FileReport:
    """Store one accepted upload and ingest it; its report carries the name the user gave it.
    A file that fails is not kept."""
    stored = store_upload(path, shown, files_dir(settings))
    try:
        report = ingest_paths([stored], index, settings, progress=False).files[0]
    except Exception as exc:  # one bad file must not stop the others
        report = FileReport(str(stored), "error", error=f"lỗi khi nạp ({exc})")
    if report.status == "error":
        stored.unlink(missing_ok=True)
    return dataclasses.replace(report, path=shown)


def discard_upload(doc_path: Path, settings: Settings) -> None:
    """Delete a removed document's file when the app stored it (files given to ``tracuu ingest`` stay)."""
    if doc_path.parent == files_dir(settings):
        doc_path.unlink(missing_ok=True)
