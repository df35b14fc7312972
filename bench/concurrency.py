"""Concurrent questions through the web app's API (gradio_client), as several officials would ask.

Usage:
    python bench/concurrency.py                      # start the app over the index in TRACUU_INDEX_DIR
                                                     # (built from the bundled corpus when empty)
    python bench/concurrency.py --url http://127.0.0.1:7860/ --n 20

Sends ``--n`` questions at once (cycling through CASES), checks each answer holds the expected
figure or document number, and prints p50 / p95 / max latency. Exit status 1 if any answer is wrong.
``tests/test_ui_app.py`` runs ``ask_concurrently`` against its own app instance.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

# (question, text the answer must contain) over the bundled report
CASES: list[tuple[str, str]] = [
    ("GRDP năm 2023 tăng bao nhiêu?", "7,17%"),
    ("Văn bản nào thành lập Ban Chỉ đạo thực hiện Nghị quyết 11?", "1059-QĐ/TU"),
    ("Thiệt hại do bão số 3 là bao nhiêu?", "550 tỷ đồng"),
    ("tong dan so tinh lang son la bao nhieu", "856.927"),
    ("Tổng mức đầu tư dự án cao tốc Hữu Nghị - Chi Lăng?", "11.024,7 tỷ đồng"),
]


@dataclass(frozen=True)
class Timed:
    question: str
    expected: str
    answer: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.expected in self.answer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask_concurrently(url: str, n: int = 20, cases: list[tuple[str, str]] = CASES) -> list[Timed]:
    """Send ``n`` questions at the same time to the app's ``/ask`` API; one result per question."""
    from gradio_client import Client

    client = Client(url, verbose=False, analytics_enabled=False, download_files=False)
    jobs = [cases[i % len(cases)] for i in range(n)]

    def one(case: tuple[str, str]) -> Timed:
        question, expected = case
        start = time.perf_counter()
        result = client.predict(question, api_name="/ask")
        return Timed(question, expected, result["answer"], time.perf_counter() - start)

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(one, jobs))


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


def summary(results: list[Timed]) -> str:
    seconds = [r.seconds for r in results]
    ok = sum(r.ok for r in results)
    return (
        f"{len(results)} câu hỏi đồng thời: {ok} đúng; "
        f"p50 {statistics.median(seconds):.2f} s, p95 {percentile(seconds, 95):.2f} s, max {max(seconds):.2f} s"
    )


def _start_local_app() -> str:
    """Open (or build) the index and start the app on a free loopback port; returns its URL."""
    from index import Index, ingest_paths
    from tracuu.settings import BUNDLED_CORPUS, get_settings
    from ui.app import build_app
    from ui.serving import launch

    settings = get_settings()
    index = Index.open(settings)
    if not index.documents():
        ingest_paths(sorted(BUNDLED_CORPUS.glob("*.pdf")), index, settings, progress=True)
    port = free_port()
    launch(build_app(index, settings), settings, host="127.0.0.1", port=port, auth=None, block=False)
    return f"http://127.0.0.1:{port}/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running app; default: start one here")
    parser.add_argument("--n", type=int, default=20, help="questions sent at once (default 20)")
    args = parser.parse_args()
    url = args.url or _start_local_app()
    ask_concurrently(url, n=1)  # warm-up: model loaded, caches filled
    wall = time.perf_counter()
    results = ask_concurrently(url, n=args.n)
    wall = time.perf_counter() - wall
    for r in results:
        answer = " ".join(r.answer.split())[:90]
        print(f"{'OK ' if r.ok else 'SAI'} {r.seconds:6.2f} s  {r.question}  ->  {answer}")
    print(summary(results) + f"; tổng thời gian {wall:.2f} s")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
