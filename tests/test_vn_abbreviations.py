"""Abbreviations both ways: learned from a document's own definitions and from the bundled table,
used by BM25 (a passage writing "MTQG" is found by "mục tiêu quốc gia" and the reverse) and by
answer matching (keyword_score counts the other form as written in the sentence)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.lexical import LexicalQuery
from index.store import Store
from ingest import parse_pdf
from qa.analyze import analyze
from qa.extract import keyword_score
from tests.conftest import SHARED
from tracuu.settings import Settings
from tracuu.vn.abbreviations import bundled, learn

REALDOCS2 = SHARED / "realdocs2" / "pdf"


@pytest.mark.parametrize(
    "text, pair",
    [
        ("đẩy mạnh cải cách hành chính (CCHC) trên địa bàn", ("CCHC", "cải cách hành chính")),
        ("Ủy ban nhân dân tỉnh (sau đây gọi tắt là UBND tỉnh) có trách nhiệm", ("UBND", "Ủy ban nhân dân")),
        ("phát triển kinh tế - xã hội (KT-XH) bền vững", ("KT-XH", "kinh tế xã hội")),
        ("Bộ Khoa học và Công nghệ (viết tắt là KH&CN)", ("KH&CN", "Khoa học và Công nghệ")),
        # a list of abbreviations, one per line (QĐ 1074/QĐ-BXD's attached document, "3.2 Chữ viết tắt")
        ("3.2 Chữ viết tắt\nPCCC – Phòng cháy, chữa cháy\nCNCH – Cứu nạn, cứu hộ\n4 Nguyên tắc chung", ("CNCH", "Cứu nạn cứu hộ")),
        ("DANH MỤC CHỮ VIẾT TẮT\nKT-XH: Kinh tế - xã hội;\nTTHC: Thủ tục hành chính.", ("TTHC", "Thủ tục hành chính")),
    ],
)
def test_learn_definitions(text: str, pair: tuple[str, str]) -> None:
    assert pair in learn(text).pairs


@pytest.mark.parametrize(
    "text",
    [
        "tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) đạt 7,17%",  # an English acronym: bundled, not learned
        "Đóng gói mức III (PG III)",
        "theo Quyết định số 12/QĐ-UBND (QĐ)",
        # lines that look like a list entry but whose words do not spell it (NĐ 30/2020 Phụ lục I, TT 01/2026/TT-BCT)
        "ĐT: ………………………., Fax: …………………….\nVD: ABC\nII: NGUY CƠ SỨC KHỎE VÀ MÔI TRƯỜNG",
    ],
)
def test_no_definition_without_matching_initials(text: str) -> None:
    assert learn(text).pairs == set()


def test_alternatives_both_ways() -> None:
    table = bundled()
    assert "cải cách hành chính" in table.alternatives("Kế hoạch CCHC năm 2026")
    assert "CCHC" in table.alternatives("công tác Cải cách hành chính năm 2026")
    assert "UBND" in table.alternatives("Ủy ban nhân dân tỉnh")
    # a long form matches written with or without "và" or commas ("phòng cháy và chữa cháy" in the table)
    assert table.alternatives("tồn tại về phòng cháy chữa cháy") == ["PCCC"]
    assert "PCCC" in table.alternatives("an toàn phòng cháy, chữa cháy cho công trình")


def test_keyword_score_counts_the_other_form() -> None:
    info = analyze("Kết quả cải cách hành chính năm 2025 thế nào?")
    with_short = keyword_score(info, "Kết quả CCHC năm 2025 đạt khá.", {})
    without = keyword_score(info, "Kết quả năm 2025 đạt khá.", {})
    assert with_short > without + 0.3


needs_realdocs2 = pytest.mark.skipif(not REALDOCS2.is_dir(), reason="../shared/realdocs2 is absent")


@needs_realdocs2
def test_handbook_definitions_are_learned() -> None:
    doc = parse_pdf(REALDOCS2 / "BNV_So-tay-danh-gia-cong-chuc-2026_tables.pdf", Settings(ocr=False))
    pairs = learn("\n".join(p.text for p in doc.pages)).pairs
    assert ("CQSD", "Cơ quan sử dụng") in pairs and ("CQQL", "Cơ quan quản lý") in pairs


DOCS = [
    "QNg_TB-565-TB-UBND-2024_giao-so.pdf",
    "LD_TTr-124-TTr-SNV-2026_footnotes.pdf",
    "ND-335-2025-ND-CP_phu-luc-tables.pdf",
    "BNV_So-tay-danh-gia-cong-chuc-2026_tables.pdf",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    if not REALDOCS2.is_dir():
        pytest.skip("../shared/realdocs2 is absent")
    store = Store(tmp_path_factory.mktemp("abbr") / "store.sqlite")
    for name in DOCS:
        store.write_document(parse_pdf(REALDOCS2 / name, Settings(ocr=False)))
    yield store
    store.close()


@pytest.mark.parametrize(
    "query, written",
    [
        ("TTHC", "thủ tục hành chính"),  # bundled; NĐ 335 writes it out, never "TTHC"
        ("CQSD", "cơ quan sử dụng"),  # defined by the BNV handbook: "Cơ quan sử dụng (CQSD)"
    ],
)
def test_lexical_search_finds_the_other_form(store: Store, query: str, written: str) -> None:
    """A chunk that writes only the other form is found: without the expansion the abbreviation's
    token is in no such chunk."""
    hits = store.lexical_search(LexicalQuery.parse(query), 50, None, ())
    texts = [c.text.lower() for c in store.chunks_by_vid([vid for vid, _ in hits]).values()]
    assert any(written in t and query.lower() not in t for t in texts)
