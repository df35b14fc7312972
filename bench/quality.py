"""Quality benchmark: runs the gold questions (bench/gold/) through ``qa.Answerer`` and ViLQA
through ``qa.extract_answer``, and reports accuracy, citations, footnotes, abstention and latency.

    python bench/quality.py [--report-only] [--split dev|test|all] [--out bench/out/quality.json]

Gold groups: ``report`` (bench/gold/report.jsonl over corpus/), ``realdocs`` and ``realdocs2``
(bench/gold/realdocs*.jsonl over ../shared/realdocs*/pdf, all indexed together so every set is a
distractor for the others), ``fresh`` (bench/gold/fresh.jsonl, a held-out set over all three, every
question ``test``), ``probe`` to ``probe6`` (bench/gold/probe*.jsonl, a second, third
to seventh dev set over all three, every question ``dev``; for these, questions whose PDF is not on this machine are left out); questions marked ``needs_ocr`` are reported as ``<group>-ocr``. Each
group is also reported per split (``realdocs2 (dev)``, ``realdocs2 (test)``; see
bench/gold/split.py: tune on dev, only report test) and per question type for the types in
``TYPE_ROWS`` (``realdocs2 [table]``).

The index lives in bench/out/index and is reused: files already indexed (same content hash)
are skipped. Answers are appended to ``<out>.partial.jsonl`` as they come, so a run that is
interrupted continues where it stopped; the partial file is removed once the run completes.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `import bench.quality` finds bench/common.py too

from common import GOLD_DIR, OUT_DIR, REALDOCS2_DIR, REALDOCS_DIR, REPO_ROOT, VILQA_CSV, load_jsonl, percentile  # noqa: E402

sys.path.insert(0, str(REPO_ROOT))  # run as `python bench/quality.py`: import this checkout's packages

from index import Index, ingest_paths  # noqa: E402
from qa import Answerer  # noqa: E402
from qa.models import NO_ANSWER, Answer  # noqa: E402
from qa.tables import cells  # noqa: E402
from tracuu.settings import BUNDLED_CORPUS, Settings, get_settings  # noqa: E402
from tracuu.vn.normalize import fold_diacritics  # noqa: E402
from tracuu.vn.numbers import find_dates  # noqa: E402
from tracuu.vn.sentences import TABLE_ROW_SEP  # noqa: E402

GOLD_FILES = {
    "report": GOLD_DIR / "report.jsonl",
    "realdocs": GOLD_DIR / "realdocs.jsonl",
    "realdocs2": GOLD_DIR / "realdocs2.jsonl",
    "fresh": GOLD_DIR / "fresh.jsonl",  # held out (all test): corpus/ + realdocs + realdocs2
    "probe": GOLD_DIR / "probe.jsonl",  # second dev set (all dev) over the same three folders
    "probe2": GOLD_DIR / "probe2.jsonl",  # third dev set (all dev) over the same three folders
    "probe3": GOLD_DIR / "probe3.jsonl",  # fourth dev set (all dev), asked before any rule saw it
    "probe4": GOLD_DIR / "probe4.jsonl",  # fifth dev set (all dev, session 7), asked before any rule saw it
    "probe5": GOLD_DIR / "probe5.jsonl",  # sixth dev set (all dev, session 8), written by a helper from pdftotext
    "probe6": GOLD_DIR / "probe6.jsonl",  # seventh dev set (all dev, session 9), written by a helper from pdftotext
}
SPANNING = ("fresh", "probe", "probe2", "probe3", "probe4", "probe5", "probe6")  # groups over corpus/ + realdocs + realdocs2: ask only what is on this machine
GOLD_DIRS = {"realdocs": REALDOCS_DIR, "realdocs2": REALDOCS2_DIR}  # the PDFs each real-document set is over
SPLITS = ("dev", "test")
TYPE_ROWS = ("table",)  # question types that also get a row of their own in each group
WARMUP_QUESTION = "Văn bản này do cơ quan nào ban hành?"
ACCENTLESS = "accentless"  # suffix of the groups of questions asked again without diacritics
_MARKERS_RE = re.compile(r"(?:\s*\[\d+\])+")


# --- matching -------------------------------------------------------------------------------


def norm(text: str) -> str:
    """NFKC (a superscript "m²" is "m2", as pdftotext writes it), case-folded, whitespace runs collapsed:
    the form both sides are compared in."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def contains_expected(text: str, expected: str) -> bool:
    """``expected`` occurs in ``text`` as a whole: "7%" is not found inside "7,17%" or "17%",
    "200" not inside "2000" (no letter or digit, and no digit group, directly around it). A number
    may have its unit glued to it: "35.180,7" is found in "35.180,7m²"."""
    hay, needle = norm(text), norm(expected)
    if not needle:
        return False
    before = r"(?<![\w])(?<![\d][.,])"
    after = (r"(?!\d)" if needle[-1].isdigit() else r"(?![\w])") + r"(?![.,]\d)"
    return re.search(before + re.escape(needle) + after, hay) is not None


def same_date(text: str, expected: str) -> bool:
    """``expected`` is one full date and ``text`` writes the same day in another form
    ("15 tháng 5 năm 2026" for "15/5/2026")."""
    wanted = find_dates(expected)
    if len(wanted) != 1 or len(wanted[0].iso) != len("yyyy-mm-dd") or norm(wanted[0].raw) != norm(expected):
        return False
    return any(d.iso == wanted[0].iso for d in find_dates(text))


def cited_texts(answer: Answer) -> list[str]:
    """Every quote the answer cites, with the text of the footnotes linked to each quote."""
    texts: list[str] = []
    for c in answer.citations:
        texts.append(c.quote)
        texts.extend(f.text for f in c.footnotes)
    return texts


def row_values(text: str) -> str:
    """``text`` with each table row line ("<label> · <header>: <value> · …", as ingest writes it)
    read as pdftotext prints the row: its label and values, headers left out. A gold evidence
    string is copied from pdftotext ("CLO 1017 2 265 500"), so a cited row holds it only so."""
    lines = []
    for line in text.splitlines():
        found = cells(line)
        lines.append(" ".join([line[: line.find(TABLE_ROW_SEP)]] + [line[c.value_start : c.value_end] for c in found]) if found else line)
    return "\n".join(lines)


def quotes_evidence(text: str, evidence: str) -> bool:
    """A cited text holds the gold evidence: as written, or (a table row) in its values."""
    return evidence in norm(text) or evidence in norm(row_values(text))


def cited_footnotes(answer: Answer) -> set[int]:
    """Footnote numbers the answer cites: the notes linked to body quotes and the notes quoted
    themselves (a ``kind == "footnote"`` citation carries its own note in ``footnotes``)."""
    return {f.n for c in answer.citations for f in c.footnotes}


@dataclass(frozen=True)
class Scored:
    """One gold question's outcome. ``None`` = the measure does not apply to this question."""

    answer_ok: bool | None
    citation_ok: bool | None
    footnote_ok: bool | None


def score(gold: dict, answer: Answer, footnotes: set[int]) -> Scored:
    if not gold["answerable"]:
        return Scored(None, None, None)
    answered = not answer.abstained
    found = [contains_expected(answer.answer, a) or same_date(answer.answer, a) for a in gold["answers"]]
    # "require_all": a list question ("những quyết định nào") needs every item, not one of them
    answer_ok = answered and (all(found) if gold.get("require_all") else any(found))
    evidence = norm(gold["evidence"])
    citation_ok = answered and any(quotes_evidence(t, evidence) for t in cited_texts(answer))
    footnote_ok = None if gold["footnote"] is None else answered and gold["footnote"] in footnotes
    return Scored(answer_ok, citation_ok, footnote_ok)


# --- running --------------------------------------------------------------------------------


def realdocs2_available() -> bool:
    return REALDOCS2_DIR.is_dir()


def doc_available(name: str) -> bool:
    """The PDF a gold question is over is in corpus/ or one of the shared real-document folders."""
    return any((folder / name).is_file() for folder in (BUNDLED_CORPUS, REALDOCS_DIR, REALDOCS2_DIR))


def build_index(settings: Settings, groups: set[str]) -> tuple[Index, list[str]]:
    """An index of corpus/ plus the folders of the real-document ``groups`` (their documents are
    distractors for every other group's questions)."""
    paths = sorted(BUNDLED_CORPUS.glob("*.pdf"))
    if "realdocs" in groups:
        if not REALDOCS_DIR.is_dir():
            sys.exit(f"Không thấy thư mục tài liệu thật: {REALDOCS_DIR} (dùng --groups report)")
    if "realdocs" in groups or (any(g in groups for g in SPANNING) and REALDOCS_DIR.is_dir()):
        paths += sorted(REALDOCS_DIR.glob("*.pdf"))
    if "realdocs2" in groups or any(g in groups for g in SPANNING):
        if realdocs2_available():
            paths += sorted(REALDOCS2_DIR.glob("*.pdf"))
        else:
            print(f"Không thấy {REALDOCS2_DIR}: bỏ qua bộ câu hỏi realdocs2", flush=True)
    if not paths:
        sys.exit(f"Không có PDF nào trong {BUNDLED_CORPUS}")
    index = Index.open(settings)
    print(f"Lập chỉ mục {len(paths)} tệp vào {settings.index_dir} (tệp không đổi được bỏ qua)…", flush=True)
    report = ingest_paths(paths, index, settings, progress=True)
    lines = report.lines()
    print("\n".join(lines), flush=True)
    return index, lines


def gold_questions(groups: set[str], split: str = "all", accentless: bool = False) -> list[dict]:
    """The gold questions to ask, each tagged with its report ``group``; ``split`` keeps only the
    questions of that split ("dev" or "test"; "all" keeps every question). ``accentless`` adds
    each question typed without diacritics (id ``<id>~a``, group ``<group> accentless``), unless
    the question already is."""
    questions = []
    for group, path in GOLD_FILES.items():
        if group not in groups:
            continue
        if group == "realdocs2" and not realdocs2_available():
            continue
        for q in load_jsonl(path):
            if split != "all" and q.get("split") != split:
                continue
            if group in SPANNING and not doc_available(q["doc"]):
                continue  # fresh and probe span corpus/, realdocs and realdocs2: ask what is on this machine
            q["group"] = f"{group}-ocr" if q.get("needs_ocr") else group
            questions.append(q)
            bare = fold_diacritics(q["question"])
            if accentless and bare != q["question"]:
                questions.append({**q, "id": f"{q['id']}~a", "question": bare, "group": f"{q['group']} {ACCENTLESS}"})
    return questions


def run_gold(questions: list[dict], answerer: Answerer, partial: Path) -> list[dict]:
    """Ask every question not already in ``partial``; append each result to it as it comes."""
    done = {r["id"]: r for r in load_jsonl(partial)} if partial.exists() else {}
    if done:
        print(f"Tiếp tục lượt chạy trước: {len(done)} câu đã có trong {partial}", flush=True)
    todo = [q for q in questions if q["id"] not in done]
    if todo:
        answerer.ask(WARMUP_QUESTION)  # loads the embedder; not timed
    with partial.open("a", encoding="utf-8") as out:
        for i, q in enumerate(todo, 1):
            t0 = time.perf_counter()
            answer = answerer.ask(q["question"])
            latency_ms = (time.perf_counter() - t0) * 1000
            footnotes = cited_footnotes(answer)
            s = score(q, answer, footnotes)
            result = {
                **q,
                "got": answer.answer,
                "abstained": answer.abstained,
                "citations": [
                    {"doc": c.doc, "page": c.page, "kind": c.kind, "quote": c.quote,
                     "footnotes": [f.n for f in c.footnotes]}
                    for c in answer.citations
                ],
                "cited_footnotes": sorted(footnotes),
                "answer_ok": s.answer_ok,
                "citation_ok": s.citation_ok,
                "footnote_ok": s.footnote_ok,
                "latency_ms": round(latency_ms, 1),
            }
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
            out.flush()
            done[q["id"]] = result
            mark = "✓" if (s.answer_ok if q["answerable"] else answer.abstained) else "✗"
            print(f"[{i}/{len(todo)}] {q['id']} {mark} {latency_ms:.0f} ms  {q['question'][:70]}", flush=True)
    return [done[q["id"]] for q in questions]


def rate(flags: list[bool | None]) -> float | None:
    applicable = [f for f in flags if f is not None]
    return sum(applicable) / len(applicable) if applicable else None


def summarize(results: list[dict]) -> dict:
    abstained = [r for r in results if r["abstained"]]
    unanswerable = [r for r in results if not r["answerable"]]
    correct_abstentions = sum(1 for r in abstained if not r["answerable"])
    latencies = [r["latency_ms"] for r in results]
    lengths = [answer_length(r["got"]) for r in results if r["answerable"] and not r["abstained"]]
    return {
        "questions": len(results),
        "answerable": len(results) - len(unanswerable),
        "with_footnote": sum(1 for r in results if r["footnote"] is not None),
        "answer_accuracy": rate([r["answer_ok"] for r in results]),
        "citation_accuracy": rate([r["citation_ok"] for r in results]),
        "footnote_accuracy": rate([r["footnote_ok"] for r in results]),
        "abstention_precision": correct_abstentions / len(abstained) if abstained else None,
        "abstention_recall": correct_abstentions / len(unanswerable) if unanswerable else None,
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
        "answer_length_p50": percentile(lengths, 50),
    }


def answer_length(text: str) -> int:
    """Characters of a short answer without its citation markers ("7,17% [1]" -> 5)."""
    return len(_MARKERS_RE.sub("", text).strip())


def group_order(names: set[str]) -> list[str]:
    """Gold groups in file order (each followed by its -ocr group), then any other name sorted."""
    known = [g for base in GOLD_FILES for g in (base, f"{base} {ACCENTLESS}", f"{base}-ocr")]
    return [g for g in known if g in names] + sorted(names - set(known))


def summarize_groups(results: list[dict]) -> dict[str, dict]:
    """One summary per group, then per group and split ("realdocs2 (dev)", only when the group
    holds more than one split), per group and type for ``TYPE_ROWS`` ("realdocs2 [table]"),
    and overall (with its own dev/test rows)."""
    groups: dict[str, dict] = {}
    names = group_order({r["group"] for r in results})
    for name in names:
        members = [r for r in results if r["group"] == name]
        groups[name] = summarize(members)
        for split in SPLITS:
            part = [r for r in members if r.get("split") == split]
            if part and len(part) < len(members):
                groups[f"{name} ({split})"] = summarize(part)
    for typ in TYPE_ROWS:
        for name in names:
            part = [r for r in results if r["group"] == name and r.get("type") == typ]
            if part:
                groups[f"{name} [{typ}]"] = summarize(part)
    if results:
        groups["overall"] = summarize(results)
        for split in SPLITS:
            part = [r for r in results if r.get("split") == split]
            if part and len(part) < len(results):
                groups[f"overall ({split})"] = summarize(part)
    return groups


def failures(results: list[dict]) -> list[dict]:
    out = []
    for r in results:
        if r["answerable"]:
            missed = [k for k in ("answer_ok", "citation_ok", "footnote_ok") if r[k] is False]
        else:
            missed = [] if r["abstained"] else ["should_abstain"]
        if missed:
            first = r["citations"][0] if r["citations"] else None
            out.append({
                "id": r["id"], "question": r["question"], "missed": missed,
                "expected": r["answers"] or NO_ANSWER, "evidence": r["evidence"], "footnote": r["footnote"],
                "got": r["got"], "cited_footnotes": r["cited_footnotes"],
                "first_citation": f"{first['doc']} tr. {first['page']}: {first['quote'][:160]}" if first else None,
            })
    return out


# --- ViLQA ----------------------------------------------------------------------------------


def run_vilqa(limit: int | None) -> dict:
    """Span extraction on each row's own context: gold answer inside our short answer?"""
    try:
        from qa import extract_answer
    except ImportError:
        return {"skipped": "qa.extract_answer chưa có (QA engineer exposes it)"}
    if not VILQA_CSV.exists():
        return {"skipped": f"không thấy {VILQA_CSV}"}
    with VILQA_CSV.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))[:limit]
    contained = abstained = 0
    latencies: list[float] = []
    misses: list[dict] = []
    for i, row in enumerate(rows, 1):
        t0 = time.perf_counter()
        result = extract_answer(row["question"], [row["context"]])
        latencies.append((time.perf_counter() - t0) * 1000)
        text, no_answer = _answer_text(result)
        abstained += no_answer
        hit = not no_answer and norm(row["answer"]) in norm(text)
        contained += hit
        if not hit and len(misses) < 40:
            misses.append({"row": i, "question": row["question"], "expected": row["answer"], "got": text})
        if i % 50 == 0 or i == len(rows):
            print(f"ViLQA {i}/{len(rows)}: chứa đáp án {contained / i:.1%}, từ chối {abstained / i:.1%}", flush=True)
    n = len(rows)
    return {
        "rows": n,
        "containment": contained / n if n else None,
        "abstention_rate": abstained / n if n else None,
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
        "misses": misses,
    }


def _answer_text(result: object) -> tuple[str, bool]:
    """(short answer, abstained) from what ``extract_answer`` returns: an Answer, a string or None."""
    if isinstance(result, Answer):
        return result.answer, result.abstained
    if result is None:
        return "", True
    text = str(result)
    return text, not text or text == NO_ANSWER


# --- output ---------------------------------------------------------------------------------


def pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.1%}"


def ms(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f}"


def markdown(groups: dict[str, dict], vilqa: dict) -> str:
    lines = []
    if groups:
        lines += [
            "| Bộ câu hỏi | Câu | Trả lời đúng | Trích dẫn đúng | Chú thích đúng (số câu) | Từ chối: precision | "
            "Từ chối: recall | p50 ms | p95 ms | Độ dài trả lời (trung vị) |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
    for name, g in groups.items():
        lines.append(
            f"| {name} | {g['questions']} | {pct(g['answer_accuracy'])} | {pct(g['citation_accuracy'])} | "
            f"{pct(g['footnote_accuracy'])} ({g['with_footnote']}) | {pct(g['abstention_precision'])} | "
            f"{pct(g['abstention_recall'])} | {ms(g['latency_p50_ms'])} | {ms(g['latency_p95_ms'])} | "
            f"{ms(g['answer_length_p50'])} |"
        )
    if "skipped" in vilqa:
        lines.append(f"\nViLQA: bỏ qua ({vilqa['skipped']})")
    else:
        lines += [
            "",
            "| ViLQA (ALQAC) | Dòng | Chứa đáp án | Từ chối | p50 ms | p95 ms |",
            "|---|---|---|---|---|---|",
            f"| trích xuất trên đoạn văn của chính dòng đó | {vilqa['rows']} | {pct(vilqa['containment'])} | "
            f"{pct(vilqa['abstention_rate'])} | {ms(vilqa['latency_p50_ms'])} | {ms(vilqa['latency_p95_ms'])} |",
        ]
    return "\n".join(lines)


def git_head() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True)
        return out.stdout.strip()
    except OSError:
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo chất lượng hỏi đáp trên bộ câu hỏi chuẩn (bench/gold).")
    parser.add_argument("--report-only", action="store_true", help="chỉ báo cáo mẫu (corpus/), như --groups report")
    parser.add_argument("--groups", default=",".join(GOLD_FILES),
                        help="các bộ câu hỏi (và thư mục tài liệu của chúng) đưa vào lượt đo, cách nhau bởi dấu phẩy")
    parser.add_argument("--out", type=Path, default=OUT_DIR / "quality.json", help="tệp JSON kết quả")
    parser.add_argument("--index-dir", type=Path, default=OUT_DIR / "index", help="thư mục chỉ mục dùng cho đo")
    parser.add_argument("--vilqa-limit", type=int, default=None, help="chỉ chạy N dòng ViLQA đầu")
    parser.add_argument("--skip-vilqa", action="store_true", help="không chạy ViLQA")
    parser.add_argument("--vilqa-only", action="store_true", help="chỉ chạy ViLQA (không cần chỉ mục)")
    parser.add_argument("--split", choices=("all", *SPLITS), default="all",
                        help="chỉ hỏi các câu thuộc tập này (dev: dùng để tinh chỉnh; test: chỉ để báo cáo)")
    parser.add_argument("--accentless", action="store_true",
                        help="hỏi thêm mỗi câu ở dạng không dấu (nhóm '<bộ> accentless')")
    args = parser.parse_args(argv)

    settings = get_settings(index_dir=args.index_dir)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    partial = args.out.with_suffix(".partial.jsonl")

    results: list[dict] = []
    ingest_lines: list[str] = []
    if not args.vilqa_only:
        groups = {"report"} if args.report_only else set(args.groups.split(","))
        index, ingest_lines = build_index(settings, groups)
        try:
            results = run_gold(gold_questions(groups, args.split, args.accentless), Answerer(index, settings), partial)
        finally:
            index.close()

    groups = summarize_groups(results)
    vilqa = {"skipped": "--skip-vilqa"} if args.skip_vilqa else run_vilqa(args.vilqa_limit)

    table = markdown(groups, vilqa)
    fails = failures(results)
    print("\n" + table + "\n")
    if results:
        print(f"Câu sai ({len(fails)}):")
    for f in fails:
        print(f"- {f['id']} [{', '.join(f['missed'])}] {f['question']}\n"
              f"    cần: {f['expected']} | bằng chứng: {f['evidence']!r} | chú thích: {f['footnote']}\n"
              f"    được: {f['got']!r} | chú thích trích: {f['cited_footnotes']}\n"
              f"    nguồn đầu: {f['first_citation']}")

    report = {
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "git": git_head(),
        "index_dir": str(settings.index_dir),
        "embedder": f"{settings.embedder}:{settings.embed_model}",
        "split": args.split,
        "groups": groups,
        "vilqa": vilqa,
        "markdown": table,
        "failures": fails,
        "ingest": ingest_lines,
        "results": results,
    }
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    partial.unlink(missing_ok=True)
    print(f"\nĐã ghi {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
