"""``tracuu ingest --ray``: the same documents, chunks and vectors as the single-process run, on a
real local Ray (2 CPUs) started and stopped by the test; Ray never imported without ``--ray``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index import Index, ingest_paths
from index.store import Store
from tests.conftest import APPENDIX_PDF, CORPUS, REALDOCS, REPO, requires_realdocs
from tracuu import cli
from tracuu.settings import Settings

# A footnoted court precedent, a signed decision (stamps) and a scan (no text layer, OCR off).
REALDOCS_SUBSET = ["An-le-43-2021-AL_footnote.pdf", "QD-1074-QD-BXD-2026.pdf", "Phu-luc-II-so-hieu-nguy-hiem_scanned-table.pdf"]


def test_ingest_without_ray_never_imports_ray(tmp_path):
    code = (
        "import sys\n"
        "from tracuu.cli import main\n"
        f"code = main(['ingest', {str(APPENDIX_PDF)!r}, '--index', {str(tmp_path / 'index')!r}, '-q'])\n"
        "assert code == 0, code\n"
        "assert 'ray' not in sys.modules, 'ray imported'\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "✓ Đã thêm: phu-luc-van-ban-cu-the-hoa-nq11.pdf" in run.stdout


def test_ray_flag_without_ray_installed_says_how_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # 'import ray' raises ImportError
    with pytest.raises(SystemExit) as exit_:
        cli.main(["ingest", str(APPENDIX_PDF), "--index", str(tmp_path / "index"), "-q", "--ray"])
    assert "Tùy chọn --ray cần gói ray" in str(exit_.value) and "pip install '.[scale]'" in str(exit_.value)
    assert not (tmp_path / "index").exists()  # nothing was written


def test_ray_address_that_is_a_path_is_refused(tmp_path):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["ingest", "--ray", str(CORPUS), str(APPENDIX_PDF), "--index", str(tmp_path / "index")])
    assert "không phải địa chỉ Ray" in str(exit_.value)


def _contents(index_dir: Path, model: str) -> tuple[list, list, dict[str, np.ndarray]]:
    """(documents, chunks, {chunk id: vector}) of an index, independent of insertion order."""
    store = Store(index_dir / "store.sqlite")
    try:
        docs = sorted(store.documents(), key=lambda d: d.id)
        chunks = sorted(store.chunks(), key=lambda c: c.id)
        vids, vectors = store.all_vectors(model)
        by_vid = store.chunks_by_vid([int(v) for v in vids])
        return docs, chunks, {by_vid[int(v)].id: vectors[i] for i, v in enumerate(vids)}
    finally:
        store.close()


@requires_realdocs
def test_ray_ingest_equals_single_process_run(tmp_path, capsys):
    ray = pytest.importorskip("ray", reason="ray is not installed: pip install '.[scale]'")
    from index.distributed import ingest_paths_on_ray, ray_session

    paths = [CORPUS] + [REALDOCS / name for name in REALDOCS_SUBSET]
    single = Settings(index_dir=tmp_path / "single", ocr=False)
    index = Index.open(single)
    try:
        expected = ingest_paths(paths, index, single, progress=False)
        model = index.embedder.name
    finally:
        index.close()

    on_ray = Settings(index_dir=tmp_path / "ray", ocr=False)
    index = Index.open(on_ray)
    try:
        with ray_session(None, num_cpus=2):
            assert ray.cluster_resources()["CPU"] == 2
            report = ingest_paths_on_ray(paths, index, on_ray, progress=False)
            rerun = ingest_paths_on_ray(paths, index, on_ray, progress=False)  # unchanged: no work
        assert not ray.is_initialized()
    finally:
        index.close()

    assert [(f.path, f.status, f.pages, f.chunks) for f in report.files] == [
        (f.path, f.status, f.pages, f.chunks) for f in expected.files
    ]
    assert {f.status for f in report.files} == {"added", "scanned"}
    assert [f.status for f in rerun.files] == ["unchanged"] * len(expected.files) and not rerun.steps
    # every file parsed once on some worker, the work spread over both workers
    parsed = sorted(s.path for s in report.steps if s.kind == "parse")
    assert parsed == sorted(f.path for f in expected.files)
    assert len(report.spread()) == 2, report.spread_line()

    docs, chunks, vectors = _contents(single.index_dir, model)
    ray_docs, ray_chunks, ray_vectors = _contents(on_ray.index_dir, model)
    assert ray_docs == docs  # every field: number, title, signer, warnings…
    assert ray_chunks == chunks  # ids, texts, sections, pages, spans, footnotes, references
    assert ray_vectors.keys() == vectors.keys() and len(vectors) == len(chunks)
    worst = max(float(np.abs(ray_vectors[c] - vectors[c]).max()) for c in vectors)
    assert worst <= 1e-6, worst


def test_ray_bad_files_fail_alone_like_without_ray(tmp_path):
    """A Ray worker parses through the same per-file step as the run without Ray (ingest.pool.parse_file,
    ingest.worker's limits): the same error lines, and a file too large is refused before any parse."""
    pytest.importorskip("ray", reason="ray is not installed: pip install '.[scale]'")
    from index.distributed import ingest_paths_on_ray, ray_session

    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    large = tmp_path / "lon.pdf"
    shutil.copy(APPENDIX_PDF, large)
    paths = [broken, large]
    reports = []
    for name, on_ray in (("single", False), ("ray", True)):
        settings = Settings(index_dir=tmp_path / name, ocr=False, max_file_mb=0.05)  # 77 kB is too large, 0.5 kB not
        index = Index.open(settings)
        try:
            if on_ray:
                with ray_session(None, num_cpus=1):
                    reports.append(ingest_paths_on_ray(paths, index, settings, progress=False))
            else:
                reports.append(ingest_paths(paths, index, settings, progress=False))
        finally:
            index.close()
    single, ray_report = reports
    assert [(f.path, f.status, f.doc_id, f.error) for f in ray_report.files] == [
        (f.path, f.status, f.doc_id, f.error) for f in single.files
    ]
    assert [f.status for f in ray_report.files] == ["error", "error"]
    assert "tệp quá lớn" in ray_report.files[1].error
    assert sorted(s.kind for s in ray_report.steps) == ["parse", "parse"]


def test_cli_ray_flag_starts_a_local_ray_and_stops_it(tmp_path, capsys):
    ray = pytest.importorskip("ray", reason="ray is not installed: pip install '.[scale]'")

    code = cli.main(["ingest", str(APPENDIX_PDF), "--index", str(tmp_path / "index"), "--ray"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "✓ Đã thêm: phu-luc-van-ban-cu-the-hoa-nq11.pdf: 3 trang, 7 đoạn" in out
    assert "Ray: 1 worker (" in err and "1 tệp, 1 lô nhúng" in err  # one file: one worker is enough
    assert not ray.is_initialized()
