"""Durability: ``tracuu ingest`` killed with SIGKILL at random points, then resumed.

Usage:
    python bench/durability.py                          # ../shared/realdocs/pdf, 10 kill points
    python bench/durability.py --kills 12 --seed 7 corpus/
    python bench/durability.py --ocr                     # with OCR of the scans (much slower)

1. An uninterrupted ``tracuu ingest`` into a fresh reference index (timed).
2. ``--kills`` times: ``tracuu ingest`` into a second index, SIGKILLed (its whole process group,
   parse worker included) after a random delay; after each kill the index is checked: every
   stored document has all its chunks (the same number as in the reference), and
   ``tracuu ask --json`` answers (an answer or an abstention, never an error).
3. A last ``tracuu ingest`` without a kill; the final index must hold the same documents with
   the same chunk counts as the reference.
OCR is off unless ``--ocr`` (OCR of the 150 scanned pages dominates the run and is redone after
every kill). Writes bench/out/durability.json; exit status 1 on any failed check.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import OUT_DIR, REALDOCS_DIR, REPO_ROOT  # noqa: E402
from index import Index  # noqa: E402
from tracuu.settings import Settings  # noqa: E402

QUESTION = "Văn bản này do cơ quan nào ban hành?"


@dataclass
class KillPoint:
    delay_s: float
    killed: bool  # False: the run had already finished when the kill was due
    docs: int
    chunks: int
    partial_docs: list[str]  # stored documents whose chunks differ from the reference
    query_ok: bool


@dataclass
class DurabilityResult:
    files: list[str]
    reference_s: float
    reference_docs: int
    reference_chunks: int
    kill_points: list[KillPoint] = field(default_factory=list)
    final_docs: int = 0
    final_chunks: int = 0
    resume_s: float = 0.0

    @property
    def kills_survived(self) -> int:
        return sum(1 for k in self.kill_points if k.killed and not k.partial_docs and k.query_ok)

    @property
    def ok(self) -> bool:
        return (
            (self.final_docs, self.final_chunks) == (self.reference_docs, self.reference_chunks)
            and all(not k.partial_docs and k.query_ok for k in self.kill_points)
        )


def _env(ocr: bool) -> dict[str, str]:
    return {**os.environ, "TRACUU_OCR": "true" if ocr else "false", "PYTHONPATH": str(REPO_ROOT)}


def _tracuu(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "tracuu.cli", *args]


def ingest_command(paths: list[Path], index_dir: Path) -> list[str]:
    return _tracuu(["ingest", *map(str, paths), "--index", str(index_dir), "--quiet"])


def chunk_counts(index_dir: Path) -> dict[str, int]:
    """{document id: chunks stored for it} read from the index; also checks the store agrees
    with itself (the chunk count recorded per document equals the chunks actually stored)."""
    index = Index.open(Settings(index_dir=index_dir))
    try:
        counts = {d.id: d.chunks for d in index.documents()}
        stored: dict[str, int] = {}
        for chunk in index.chunks():
            stored[chunk.doc_id] = stored.get(chunk.doc_id, 0) + 1
    finally:
        index.close()
    orphans = {doc_id for doc_id in stored if doc_id not in counts}
    mismatched = {doc_id for doc_id, n in counts.items() if stored.get(doc_id, 0) != n}
    if orphans or mismatched:
        raise AssertionError(f"index inconsistent: orphan chunks of {orphans}, wrong counts for {mismatched}")
    return counts


def query_answers(index_dir: Path, ocr: bool) -> bool:
    """``tracuu ask --json`` exits 0 with an answer or an abstention."""
    run = subprocess.run(
        _tracuu(["ask", QUESTION, "--index", str(index_dir), "--json"]),
        capture_output=True, text=True, env=_env(ocr), timeout=300, check=False,
    )
    if run.returncode != 0:
        return False
    try:
        answer = json.loads(run.stdout)
    except json.JSONDecodeError:
        return False
    return isinstance(answer.get("answer"), str) and isinstance(answer.get("abstained"), bool)


def run_and_kill(command: list[str], delay_s: float, ocr: bool) -> bool:
    """Start ``command`` in its own process group; SIGKILL the group after ``delay_s``.
    Returns True if it was killed, False if it had finished by then."""
    process = subprocess.Popen(
        command, env=_env(ocr), start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        process.wait(timeout=delay_s)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return True


def run_to_end(command: list[str], ocr: bool) -> float:
    """Run ``command`` to its end; returns its duration. A failed run (a crash, not a file
    refused with a report line) stops the bench: comparing against it would prove nothing."""
    start = time.perf_counter()
    run = subprocess.run(command, env=_env(ocr), capture_output=True, text=True, check=False)
    report = run.stdout.splitlines()
    if run.returncode not in (0, 1) or not report:  # 1: some file was refused (reported)
        raise RuntimeError(f"{' '.join(command)} failed ({run.returncode}): {run.stderr[-2000:]}")
    return time.perf_counter() - start


def durability(paths: list[Path], work: Path, kills: int, seed: int, *, ocr: bool = False) -> DurabilityResult:
    rng = random.Random(seed)
    reference_dir, killed_dir = work / "reference", work / "killed"
    reference_s = run_to_end(ingest_command(paths, reference_dir), ocr)
    reference = chunk_counts(reference_dir)
    result = DurabilityResult(
        files=[str(p) for p in paths],
        reference_s=round(reference_s, 1),
        reference_docs=len(reference),
        reference_chunks=sum(reference.values()),
    )
    # Delays averaging the reference time spread over the kills: the killed runs together
    # make about one run's worth of progress (minus each restart), so kills land all along it.
    max_delay = max(2.0, 2 * reference_s / kills)
    for _ in range(kills):
        delay = rng.uniform(1.0, max_delay)
        killed = run_and_kill(ingest_command(paths, killed_dir), delay, ocr)
        counts = chunk_counts(killed_dir)
        result.kill_points.append(
            KillPoint(
                delay_s=round(delay, 2),
                killed=killed,
                docs=len(counts),
                chunks=sum(counts.values()),
                partial_docs=sorted(d for d, n in counts.items() if reference.get(d) != n),
                query_ok=query_answers(killed_dir, ocr),
            )
        )
    result.resume_s = round(run_to_end(ingest_command(paths, killed_dir), ocr), 1)
    final = chunk_counts(killed_dir)
    result.final_docs, result.final_chunks = len(final), sum(final.values())
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[REALDOCS_DIR])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ocr", action="store_true", help="OCR the scanned pages (much slower)")
    parser.add_argument("--work", type=Path, help="folder for the two indexes (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tracuu-durability-") as tmp:
        work = args.work or Path(tmp)
        result = durability(args.paths, work, args.kills, args.seed, ocr=args.ocr)
    for i, k in enumerate(result.kill_points, 1):
        state = "killed" if k.killed else "finished before the kill"
        print(
            f"kill {i:2d} after {k.delay_s:6.1f} s ({state}): {k.docs} docs, {k.chunks} chunks, "
            f"partial {len(k.partial_docs)}, query {'ok' if k.query_ok else 'FAILED'}"
        )
    print(
        f"reference: {result.reference_docs} docs, {result.reference_chunks} chunks in {result.reference_s} s; "
        f"after {len(result.kill_points)} kills + resume ({result.resume_s} s): "
        f"{result.final_docs} docs, {result.final_chunks} chunks; kill points survived: {result.kills_survived}"
    )
    print("OK" if result.ok else "FAILED")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = asdict(result) | {"kills_survived": result.kills_survived, "ok": result.ok}
    (OUT_DIR / "durability.json").write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
