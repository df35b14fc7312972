"""Fuzzing ingest with damaged real PDFs: truncated, bytes flipped, xref/trailer dropped, streams zeroed.

Every mutant must come back, within the parse timeout, as either a consistent Document or an
IngestError that is a verdict on the file (not a ParseCrash: a parser bug); through the index
pipeline, a refused file must leave the index exactly as it was.
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from ingest.models import Document, IngestError
from ingest.worker import ParseCrash, load_document
from tracuu.settings import Settings

REPO = Path(__file__).resolve().parents[1]
REALDOCS = REPO.parent / "shared" / "realdocs" / "pdf"
TIMEOUT_S = 30.0
# Small real PDFs: the bundled appendix, and two small real documents when ../shared is present.
SOURCES = [REPO / "corpus" / "phu-luc-van-ban-cu-the-hoa-nq11.pdf"] + [
    p for p in (REALDOCS / "QD-1074-QD-BXD-2026.pdf", REALDOCS / "An-le-43-2021-AL_footnote.pdf") if p.is_file()
]
_STREAM_RE = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


# --- mutations ------------------------------------------------------------------


# Mutations keep the "%PDF-1.x" header line: a damaged header is simply "not a PDF", which
# test_pipeline_leaves_no_partial_document covers once; the fuzzing aims past it.
HEADER = 16


def truncate(data: bytes, fraction: float) -> bytes:
    return data[: HEADER + int((len(data) - HEADER) * fraction)]


def flip_bytes(data: bytes, positions: list[float], values: list[int]) -> bytes:
    out = bytearray(data)
    for where, value in zip(positions, values):
        out[HEADER + int(where * (len(out) - HEADER - 1))] ^= value or 0xFF
    return bytes(out)


def drop_xref(data: bytes) -> bytes:
    """Cut the last cross-reference section and trailer (the file ends where ``xref`` began)."""
    cut = data.rfind(b"xref")
    return data[:cut] if cut > 0 else data[: len(data) // 2]


def zero_stream(data: bytes, which: float) -> bytes:
    """Overwrite one stream's bytes (content, font or image) with zeros, keeping every offset valid."""
    streams = list(_STREAM_RE.finditer(data))
    if not streams:
        return data
    match = streams[int(which * (len(streams) - 1))]
    start, end = match.span(1)
    return data[:start] + bytes(end - start) + data[end:]


@st.composite
def mutants(draw: st.DrawFn) -> tuple[str, bytes]:
    source = draw(st.sampled_from(SOURCES))
    data = source.read_bytes()
    kind = draw(st.sampled_from(["truncate", "flip", "drop_xref", "zero_stream", "zero_and_flip"]))
    fraction = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
    if kind == "truncate":
        mutated = truncate(data, draw(st.floats(min_value=0.0, max_value=0.999)))
    elif kind == "flip":
        count = draw(st.integers(min_value=1, max_value=40))
        mutated = flip_bytes(
            data, draw(st.lists(fraction, min_size=count, max_size=count)), draw(st.lists(st.integers(0, 255), min_size=count, max_size=count))
        )
    elif kind == "drop_xref":
        mutated = drop_xref(data)
    elif kind == "zero_stream":
        mutated = zero_stream(data, draw(fraction))
    else:
        mutated = flip_bytes(zero_stream(data, draw(fraction)), [draw(fraction)], [draw(st.integers(1, 255))])
    return f"{source.name}:{kind}", mutated


def check_document(doc: Document) -> None:
    """A Document that comes back is whole: its chunks belong to it and point inside its pages."""
    texts = {p.number: p.text for p in doc.pages}
    for chunk in doc.chunks:
        assert chunk.doc_id == doc.id
        assert chunk.text.strip()
        for span in chunk.spans:
            assert span.page in texts
            assert 0 <= span.start <= span.end <= len(texts[span.page])


def load_mutant(data: bytes, name: str = "mutant.pdf") -> Document | IngestError:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        start = time.monotonic()
        try:
            result: Document | IngestError = load_document(path, Settings(ocr=False, parse_timeout_s=TIMEOUT_S))
        except ParseCrash as exc:
            pytest.fail(f"parser crashed instead of refusing the file: {exc}")
        except IngestError as exc:
            result = exc
        assert time.monotonic() - start < TIMEOUT_S + 10
    return result


# --- load_document on mutants ---------------------------------------------------


@hyp_settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(mutants())
def test_mutated_pdfs_give_a_document_or_a_clear_refusal(mutant):
    label, data = mutant
    result = load_mutant(data)
    if isinstance(result, Document):
        check_document(result)
    else:
        message = str(result)
        assert message and "\n" not in message, f"{label}: refusal must be one line: {message!r}"


def test_mutations_really_damage_the_file():
    data = SOURCES[0].read_bytes()
    assert drop_xref(data).rfind(b"startxref") == -1
    zeroed = zero_stream(data, 0.0)
    assert len(zeroed) == len(data) and zeroed != data
    assert flip_bytes(data, [0.5], [1]) != data


# --- through the index pipeline ---------------------------------------------------


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """One index holding the bundled appendix, shared by the pipeline checks."""
    from index import Index, ingest_paths

    settings = Settings(index_dir=tmp_path_factory.mktemp("fuzz-index"), ocr=False, parse_timeout_s=TIMEOUT_S)
    index = Index.open(settings)
    report = ingest_paths([SOURCES[0]], index, settings, progress=False)
    assert [f.status for f in report.files] == ["added"]
    yield index, settings
    index.close()


def _counts(index) -> tuple[int, int]:
    docs = index.documents()
    stored_chunks = len(index.chunks())
    assert stored_chunks == sum(d.chunks for d in docs), "chunks without their document in the index"
    return len(docs), stored_chunks


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: truncate(d, 0.5),
        lambda d: truncate(d, 0.0),
        drop_xref,
        lambda d: zero_stream(d, 0.5),
        lambda d: flip_bytes(d, [0.1, 0.3, 0.6, 0.9], [0x55, 0xAA, 0x0F, 0xF0]),
        lambda d: b"PK\x03\x04" + d[4:],  # a renamed Word/zip file
    ],
    ids=["truncate-half", "truncate-header", "drop-xref", "zero-stream", "flip-bytes", "not-pdf"],
)
def test_pipeline_leaves_no_partial_document(indexed, tmp_path, mutate):
    from index import ingest_paths

    index, settings = indexed
    before = _counts(index)
    source = SOURCES[-1]
    path = tmp_path / f"damaged-{source.name}"
    path.write_bytes(mutate(source.read_bytes()))
    report = ingest_paths([path], index, settings, progress=False)
    (file_report,) = report.files
    after = _counts(index)
    if file_report.status == "error":
        assert after == before
        assert file_report.error and "\n" not in file_report.error
    else:
        doc = index.document(file_report.doc_id)
        assert doc is not None and after == (before[0] + 1, before[1] + doc.chunks)
        assert doc.chunks == file_report.chunks
        index.remove(doc.id)
        assert _counts(index) == before
    assert index.search("kế hoạch", k=3), "the index still answers after a damaged file"
