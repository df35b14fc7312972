"""The gold question set (bench/gold/) and the scoring rules of bench/quality.py."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = REPO / "bench" / "gold"
REPORT_TXT = SHARED / "corpus-src" / "bao-cao-tu-giam-sat-nq11-lang-son.txt"
REALDOCS = SHARED / "realdocs" / "pdf"
TYPES = {"quantity", "date", "document", "who", "list", "yesno", "footnote", "noanswer"}
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (GOLD / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def squash(text: str) -> str:
    """NFC without any whitespace: PDF line breaks (and stray spaces) may fall anywhere."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


@pytest.mark.parametrize("name", ["report.jsonl", "realdocs.jsonl"])
def test_gold_records_are_well_formed(name):
    records = load(name)
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        assert r["type"] in TYPES, r["id"]
        assert r["question"] == unicodedata.normalize("NFC", r["question"]), r["id"]
        assert r["answerable"] == bool(r["answers"]), r["id"]
        assert (r["type"] == "noanswer") == (not r["answerable"]), r["id"]
        if r["answerable"]:
            assert r["evidence"].strip(), r["id"]
        assert r["footnote"] is None or isinstance(r["footnote"], int), r["id"]
        assert r["doc"].endswith(".pdf"), r["id"]


def test_gold_set_covers_what_the_issue_asks():
    report, realdocs = load("report.jsonl"), load("realdocs.jsonl")
    assert len(report) >= 55 and len(realdocs) >= 32
    assert sum(r["footnote"] is not None for r in report) >= 10
    assert sum(r["type"] == "document" for r in report) >= 8
    assert sum(r["accentless"] for r in report) >= 8
    assert sum(not r["answerable"] for r in report) >= 6


@pytest.mark.skipif(not REPORT_TXT.exists(), reason="../shared/corpus-src is not available on this machine")
def test_report_answers_and_evidence_are_verbatim_in_the_report():
    body, notes = [], {}
    for line in unicodedata.normalize("NFC", REPORT_TXT.read_text(encoding="utf-8")).splitlines():
        m = re.match(f"^([{SUPERSCRIPTS}]+)\\s*(.*)", line)
        if m:
            notes[int(m.group(1).translate(str.maketrans(SUPERSCRIPTS, "0123456789")))] = squash(m.group(2))
        else:
            body.append(line)
    body_text = squash("\n".join(body))
    assert len(notes) == 25
    for r in load("report.jsonl"):
        if not r["answerable"]:
            continue
        if r["footnote"] is None:
            assert squash(r["evidence"]) in body_text, r["id"]
        else:
            note = notes[r["footnote"]]
            assert squash(r["evidence"]) in note, r["id"]
            assert any(squash(a) in note for a in r["answers"]), r["id"]
        for a in r["answers"]:
            assert squash(a) in body_text or any(squash(a) in n for n in notes.values()), (r["id"], a)


@pytest.mark.skipif(not REALDOCS.exists(), reason="../shared/realdocs is not available on this machine")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_realdocs_answers_and_evidence_are_verbatim_in_the_pdfs():
    texts: dict[str, str] = {}
    for r in load("realdocs.jsonl"):
        if not r["answerable"] or r.get("needs_ocr"):
            continue
        pdf = REALDOCS / r["doc"]
        if r["doc"] not in texts:
            # -layout keeps the right glyph order where the raw text layer does not (NĐ 30/2020, TT 01/2026).
            layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
            raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True)
            texts[r["doc"]] = squash(layout.stdout) + "\n" + squash(raw.stdout)
        for s in [*r["answers"], r["evidence"]]:
            assert squash(s) in texts[r["doc"]], (r["id"], s)


# --- scoring rules of bench/quality.py ------------------------------------------------------


@pytest.fixture(scope="module")
def quality():
    sys.path.insert(0, str(REPO / "bench"))
    spec = importlib.util.spec_from_file_location("bench_quality", REPO / "bench" / "quality.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    try:
        spec.loader.exec_module(module)
    except ImportError as e:  # qa.Answerer / index not landed yet
        pytest.skip(f"bench/quality.py cannot import its dependencies yet: {e}")
    return module


def citation(quote: str, footnotes: tuple = (), kind: str = "body"):
    from qa.models import Citation

    return Citation(n=1, doc="bao-cao.pdf", doc_id="abc", doc_number=None, title=None, page=3,
                    section="II", quote=quote, start=0, end=len(quote), footnotes=footnotes, kind=kind)


def test_expected_figure_must_stand_alone(quality):
    assert quality.contains_expected("Tăng trưởng đạt 7,17% [1]", "7,17%")
    assert not quality.contains_expected("Tăng trưởng đạt 7,17% [1]", "7%")
    assert not quality.contains_expected("đạt 17%", "7%")
    assert quality.contains_expected("Năm 2022 đạt 7%; năm 2023 đạt 7,17%", "7%")
    assert not quality.contains_expected("2000 người", "200")
    assert quality.contains_expected("QUYẾT ĐỊNH SỐ 1059-QĐ/TU", "1059-qđ/tu")
    assert quality.contains_expected("Khổ A4 (210 mm\nx 297 mm)", "210 mm x 297 mm")
    assert quality.contains_expected("diện tích 35.180,7m² [1]", "35.180,7")
    assert not quality.contains_expected("diện tích 35.180,72m² [1]", "35.180,7")


def test_score_uses_answer_quote_and_linked_footnotes(quality):
    from qa.models import Answer, FootnoteRef

    gold = {"answerable": True, "answers": ["1059-QĐ/TU"], "evidence": "Quyết định số 1059-QĐ/TU", "footnote": 3}
    note = FootnoteRef(3, "Quyết định số 1059-QĐ/TU, ngày 16/9/2022 của Ban Thường vụ Tỉnh ủy")
    answer = Answer(question="q", answer="Quyết định số 1059-QĐ/TU [1]", abstained=False, answer_type="document",
                    citations=(citation("đã thành lập Ban Chỉ đạo thực hiện Nghị quyết", (note,)),))
    s = quality.score(gold, answer, {3})
    assert (s.answer_ok, s.citation_ok, s.footnote_ok) == (True, True, True)
    assert quality.score(gold, answer, {4}).footnote_ok is False
    wrong = Answer(question="q", answer="Kế hoạch số 23/KH-UBND [1]", abstained=False, answer_type="document",
                   citations=(citation("Kế hoạch số 23/KH-UBND, ngày 26/01/2023"),))
    s = quality.score(gold, wrong, set())
    assert (s.answer_ok, s.citation_ok, s.footnote_ok) == (False, False, False)


def test_abstention_precision_and_recall(quality):
    def result(answerable: bool, abstained: bool) -> dict:
        return {"answerable": answerable, "abstained": abstained, "footnote": None, "latency_ms": 10.0,
                "answer_ok": (not abstained) if answerable else None, "citation_ok": None, "footnote_ok": None}

    summary = quality.summarize([result(False, True), result(False, False), result(True, True), result(True, False)])
    assert summary["abstention_precision"] == 0.5  # one of the two abstentions was right
    assert summary["abstention_recall"] == 0.5  # one of the two unanswerable questions was refused
    assert summary["answer_accuracy"] == 0.5
    assert summary["latency_p50_ms"] == 10.0
