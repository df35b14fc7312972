"""Soak: minutes of mixed ingest / remove / ask against one index, from threads and a second process.

Usage:
    python bench/soak.py --minutes 3
    python bench/soak.py --minutes 30 --askers 4 --process-readers 1

One index holds the bundled corpus. At the same time, until the time is up:
* ``--askers`` threads ask the questions of bench/concurrency.py (CASES) and check that each
  answer is the one given before the load started (answers must not drift under load);
* one churn thread ingests a small extra document, asks about it (the answer must again be
  the quiet-time one), removes it, and checks its figure is no longer cited (no stale chunks);
* ``--process-readers`` separate processes run ``tracuu ask --json`` on the same index folder,
  reading while this process writes.
The resident memory (RSS) of this process is sampled; growth is measured from the end of the
first churn cycle (models loaded, caches warm) to the end. How many quiet-time answers hold
their expected figure is printed too (answer quality, bench/quality.py's business). Writes
bench/out/soak.json; exit status 1 on any error or changed answer.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import OUT_DIR, REPO_ROOT  # noqa: E402
from bench.concurrency import CASES  # noqa: E402
from index import Index, ingest_paths  # noqa: E402
from qa import Answerer  # noqa: E402
from tracuu.settings import BUNDLED_CORPUS, Settings  # noqa: E402

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
CHURN_FIGURE = "4.321,5 tỷ đồng"
CHURN_QUESTION = "Tổng kinh phí hỗ trợ nhà ở xã hội năm 2025 là bao nhiêu?"
CHURN_LINES = [
    "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG",
    "Số: 77/BC-UBND",
    "BÁO CÁO",
    "Kết quả thực hiện chính sách hỗ trợ nhà ở xã hội năm 2025",
    f"1. Tổng kinh phí hỗ trợ nhà ở xã hội năm 2025 là {CHURN_FIGURE}.",
    "2. Số hộ gia đình được hỗ trợ xây mới nhà ở là 1.268 hộ.",
]


@dataclass
class SoakResult:
    minutes: float
    baseline_expected_found: int = 0  # quiet-time answers holding their expected figure
    baseline_questions: int = 0
    asks: int = 0
    changed_answers: int = 0
    churn_cycles: int = 0
    process_asks: int = 0
    errors: list[str] = field(default_factory=list)
    changed_examples: list[str] = field(default_factory=list)  # the first few changed answers
    rss_mb_warm: float = 0.0
    rss_mb_end: float = 0.0
    rss_mb_max: float = 0.0

    @property
    def rss_growth_mb(self) -> float:
        return round(self.rss_mb_end - self.rss_mb_warm, 1)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def make_churn_pdf(path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSerif", FONT))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("DejaVuSerif", 12)
    for i, line in enumerate(CHURN_LINES):
        c.drawString(72, 780 - 24 * i, line)
    c.showPage()
    c.save()
    return path


class Soak:
    def __init__(self, index: Index, settings: Settings, churn_pdf: Path) -> None:
        self.index, self.settings, self.churn_pdf = index, settings, churn_pdf
        self.deadline = 0.0
        self.result = SoakResult(minutes=0.0)
        self.baseline: dict[str, str] = {}  # question -> answer before the load
        self.warm = threading.Event()  # set after the first churn cycle
        self._lock = threading.Lock()

    def _record(self, **counts: int) -> None:
        with self._lock:
            for name, n in counts.items():
                setattr(self.result, name, getattr(self.result, name) + n)

    def record_baseline(self) -> None:
        """Answers in quiet conditions: the corpus questions, and the churn question with the
        extra document in (it is removed again)."""
        answerer = Answerer(self.index, self.settings)
        self.baseline = {q: answerer.ask(q).answer for q, _ in CASES}
        (report,) = ingest_paths([self.churn_pdf], self.index, self.settings, progress=False).files
        self.baseline[CHURN_QUESTION] = answerer.ask(CHURN_QUESTION).answer
        self.index.remove(report.doc_id)
        expected = dict(CASES) | {CHURN_QUESTION: CHURN_FIGURE}
        self.result.baseline_questions = len(expected)
        self.result.baseline_expected_found = sum(expected[q] in a for q, a in self.baseline.items())

    def _check(self, question: str, answer: str, counter: str) -> None:
        """Count one answer under ``counter``; one that differs from the quiet-time answer is kept."""
        changed = answer != self.baseline[question]
        self._record(**{counter: 1, "changed_answers": int(changed)})
        if changed:
            with self._lock:
                if len(self.result.changed_examples) < 10:
                    self.result.changed_examples.append(
                        f"{question} -> {answer[:100]!r} instead of {self.baseline[question][:100]!r}"
                    )

    def _error(self, where: str, exc: BaseException | str) -> None:
        text = exc if isinstance(exc, str) else "".join(traceback.format_exception_only(exc)).strip()
        with self._lock:
            self.result.errors.append(f"{where}: {text}")

    def asker(self, n: int) -> None:
        answerer = Answerer(self.index, self.settings)
        i = n
        while time.monotonic() < self.deadline:
            question, _ = CASES[i % len(CASES)]
            i += 1
            try:
                answer = answerer.ask(question)
            except Exception as exc:  # noqa: BLE001 - every failure is counted, the soak goes on
                self._error(f"asker {n}", exc)
                continue
            self._check(question, answer.answer, "asks")

    def churner(self) -> None:
        answerer = Answerer(self.index, self.settings)
        while time.monotonic() < self.deadline:
            try:
                self._churn_cycle(answerer)
            except Exception as exc:  # noqa: BLE001
                self._error("churn", exc)
            self.warm.set()

    def _churn_cycle(self, answerer: Answerer) -> None:
        (report,) = ingest_paths([self.churn_pdf], self.index, self.settings, progress=False).files
        if report.status != "added":
            raise AssertionError(f"churn ingest: {report.status} {report.error or ''}")
        self._check(CHURN_QUESTION, answerer.ask(CHURN_QUESTION).answer, "asks")
        if not self.index.remove(report.doc_id):
            raise AssertionError("churn remove: document not found")
        after = answerer.ask(CHURN_QUESTION)
        if any(CHURN_FIGURE in c.quote for c in after.citations):
            raise AssertionError("removed document still cited")
        self._record(churn_cycles=1)

    def process_reader(self, n: int) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "TRACUU_INDEX_DIR": str(self.settings.index_dir)}
        question, _ = CASES[n % len(CASES)]
        while time.monotonic() < self.deadline:
            run = subprocess.run(
                [sys.executable, "-m", "tracuu.cli", "ask", question, "--json"],
                capture_output=True, text=True, env=env, timeout=600, check=False,
            )
            if run.returncode != 0:
                last_lines = run.stderr.strip().splitlines()[-1:] or [f"exit {run.returncode}"]
                self._error(f"process reader {n}", last_lines[0])
                continue
            self._check(question, json.loads(run.stdout)["answer"], "process_asks")

    def sample_memory(self) -> None:
        while time.monotonic() < self.deadline:
            now = rss_mb()
            with self._lock:
                self.result.rss_mb_max = max(self.result.rss_mb_max, now)
                if self.warm.is_set() and not self.result.rss_mb_warm:
                    self.result.rss_mb_warm = now
            time.sleep(2)


def soak(minutes: float, askers: int, process_readers: int, work: Path) -> SoakResult:
    settings = Settings(index_dir=work / "index", ocr=False)
    index = Index.open(settings)
    try:
        ingest_paths(sorted(BUNDLED_CORPUS.glob("*.pdf")), index, settings, progress=False)
        churn_pdf = make_churn_pdf(work / "bao-cao-nha-o-xa-hoi.pdf")
        run = Soak(index, settings, churn_pdf)
        run.record_baseline()
        start = time.monotonic()
        run.deadline = start + minutes * 60
        threads = [threading.Thread(target=run.asker, args=(i,)) for i in range(askers)]
        threads += [threading.Thread(target=run.process_reader, args=(i,)) for i in range(process_readers)]
        threads += [threading.Thread(target=run.churner), threading.Thread(target=run.sample_memory)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        run.result.minutes = round((time.monotonic() - start) / 60, 2)
        run.result.rss_mb_end = rss_mb()
        return run.result
    finally:
        index.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--askers", type=int, default=3, help="asking threads")
    parser.add_argument("--process-readers", type=int, default=1, help="separate `tracuu ask` processes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tracuu-soak-") as tmp:
        result = soak(args.minutes, args.askers, args.process_readers, Path(tmp))
    print(
        f"soak {result.minutes} min: {result.asks} asks in threads, {result.process_asks} in processes, "
        f"{result.churn_cycles} ingest/ask/remove cycles; changed answers {result.changed_answers}, "
        f"errors {len(result.errors)}; RSS warm {result.rss_mb_warm:.0f} MB -> end {result.rss_mb_end:.0f} MB "
        f"(growth {result.rss_growth_mb} MB, max {result.rss_mb_max:.0f} MB)"
    )
    for error in result.errors[:20]:
        print("  error:", error)
    for changed in result.changed_examples:
        print("  changed:", changed)
    print(
        f"quiet-time answers holding their expected figure: {result.baseline_expected_found}/"
        f"{result.baseline_questions} (answer quality, not a soak failure)"
    )
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = asdict(result) | {"rss_growth_mb": result.rss_growth_mb}
    (OUT_DIR / "soak.json").write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if not result.errors and not result.changed_answers else 1


if __name__ == "__main__":
    raise SystemExit(main())
