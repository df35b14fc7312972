"""A question that names a document finds its passage among look-alike passages of other
documents: every chunk is indexed with its document's type, number and title (index.passage).

NĐ 30/2020 and NĐ 335/2025 both have "Điều 2. Đối tượng áp dụng"; the question names only
"Nghị định 30" and must be answered from NĐ 30's Điều 2, quoted exactly from its page text.
"""

from __future__ import annotations

import pytest

from index import Index, ingest_paths
from qa import Answerer
from tests.conftest import REALDOCS, SHARED
from tracuu.settings import Settings

ND30 = REALDOCS / "ND-30-2020-ND-CP.pdf"
ND335 = SHARED / "realdocs2" / "pdf" / "ND-335-2025-ND-CP_phu-luc-tables.pdf"
pytestmark = pytest.mark.skipif(
    not (ND30.exists() and ND335.exists()), reason="../shared/realdocs or ../shared/realdocs2 is absent"
)


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    settings = Settings(index_dir=tmp_path_factory.mktemp("nd-index"), ocr=False)
    index = Index.open(settings)
    report = ingest_paths([ND30, ND335], index, settings, progress=False)
    assert all(f.status == "added" and f.coverage == 1 for f in report.files), report.lines()
    yield Answerer(index, settings)
    index.close()


@pytest.mark.parametrize(
    "question, doc, evidence",
    [
        ("Nghị định 30/2020/NĐ-CP áp dụng đối với những ai?", ND30.name, "doanh nghiệp nhà nước"),
        ("Nghị định 30 áp dụng đối với ai?", ND30.name, "doanh nghiệp nhà nước"),
        ("Nghị định 335/2025/NĐ-CP áp dụng đối với những cơ quan nào?", ND335.name, "áp dụng đối với"),
    ],
)
def test_article_2_of_the_named_decree(answerer: Answerer, question: str, doc: str, evidence: str) -> None:
    answer = answerer.ask(question)
    assert not answer.abstained, answer
    first = answer.citations[0]
    assert first.doc == doc and "Điều 2" in first.section, first
    assert evidence in first.quote
    assert answerer.index.page_text(first.doc_id, first.page)[first.start : first.end] == first.quote


@pytest.mark.parametrize(
    "question, doc, answer, quoted",
    [
        ("Nghị định 30/2020/NĐ-CP ban hành ngày nào?", ND30.name, "05 tháng 3 năm 2020", "Hà Nội, ngày 05 tháng 3 năm 2020"),
        ("Nghi dinh 335/2025/ND-CP ky ngay nao?", ND335.name, "21 tháng 12 năm 2025", "ngày 21 tháng 12 năm 2025"),
        ("Cơ quan nào ban hành Nghị định 335/2025/NĐ-CP?", ND335.name, "CHÍNH PHỦ", "CHÍNH PHỦ"),
        ("Nghị định 30/2020/NĐ-CP quy định về vấn đề gì?", ND30.name, "công tác văn thư", "công tác văn thư"),
        ("Nghị định 30/2020/NĐ-CP có hiệu lực từ khi nào?", ND30.name, "kể từ ngày ký", "có hiệu lực thi hành kể từ ngày ký"),
        ("Nghi dinh 335/2025/ND-CP co hieu luc tu ngay nao?", ND335.name, "kể từ ngày 01 tháng 01 năm 2026", "kể từ ngày 01 tháng 01 năm 2026"),
    ],
)
def test_questions_about_the_document_itself(answerer: Answerer, question: str, doc: str, answer: str, quoted: str) -> None:
    """Date, issuer and trích yếu of a named document come from its metadata, its effective date from the
    sentence that states it; each cited where printed."""
    got = answerer.ask(question)
    assert not got.abstained and answer.lower() in got.answer.lower(), got
    first = got.citations[0]
    assert first.doc == doc and quoted in first.quote
    assert answerer.index.page_text(first.doc_id, first.page)[first.start : first.end] == first.quote


@pytest.mark.parametrize(
    "question, doc, name",
    [
        ("Ai ký Nghị định 30/2020/NĐ-CP?", ND30.name, "Nguyễn Xuân Phúc"),
        ("Ai là người ký Nghị định về đánh giá, xếp loại chất lượng công chức?", ND335.name, "Phạm Thị Thanh Trà"),
    ],
)
def test_signer_from_the_signer_block(answerer: Answerer, question: str, doc: str, name: str) -> None:
    """"Ai ký …?" is answered with the signer block's name (named document, or the best hit's)."""
    got = answerer.ask(question)
    assert not got.abstained and name in got.answer, got
    first = got.citations[0]
    assert first.doc == doc and name in first.quote
    assert answerer.index.page_text(first.doc_id, first.page)[first.start : first.end] == first.quote


def test_closing_blocks_are_searchable_but_never_answers(answerer: Answerer) -> None:
    """The "Nơi nhận:" list is indexed (kind "closing") but no answer quotes it."""
    closing = [c for c in answerer.index.chunks() if c.kind == "closing"]
    assert any("Nơi nhận" in c.text for c in closing)
    got = answerer.ask("Nghị định 30/2020/NĐ-CP được gửi tới những nơi nào?")
    assert all("Nơi nhận" not in c.quote for c in got.citations)


@pytest.mark.parametrize(
    "question, answer",
    [
        ("Nghị định 335/2025/NĐ-CP bãi bỏ quy định về đánh giá công chức tại nghị định nào?", "90/2020/NĐ-CP"),
        # NĐ 30 repeals nothing on civil servants: NĐ 335's repeal must not answer for it
        ("Nghị định 30/2020/NĐ-CP bãi bỏ quy định về đánh giá công chức tại nghị định nào?", None),
    ],
)
def test_a_reference_answer_comes_from_the_document_the_question_names(answerer: Answerer, question: str, answer: str | None) -> None:
    got = answerer.ask(question)
    if answer is None:
        assert "90/2020" not in got.answer, got.answer
    else:
        assert answer in got.answer and got.citations[0].doc == ND335.name, got
