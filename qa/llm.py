"""Optional LLM mode through any OpenAI-compatible chat-completions endpoint (Ollama, vLLM, llama.cpp).

The prompt carries numbered passages; the reply must cite them as ``[n]``. Each sentence of
the reply is kept only when it cites a passage and every number in it occurs in the passages
it cites; other sentences are dropped and reported. Any HTTP error, timeout or unusable reply
raises ``LlmError`` so that the caller falls back to the extractive answer.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

from tracuu.vn.sentences import split_sentences
from qa.verify import unsupported
from tracuu.settings import Settings

SYSTEM_PROMPT = (
    "Bạn là trợ lý tra cứu văn bản hành chính. Chỉ trả lời dựa trên các đoạn trích được đánh số. "
    "Mỗi câu trả lời phải ghi nguồn dạng [n]. Chép nguyên văn mọi con số từ đoạn trích. "
    "Nếu các đoạn trích không có thông tin, trả lời: Không tìm thấy thông tin trong tài liệu."
)
_CITE_RE = re.compile(r"\[(\d+)\]")


class LlmError(Exception):
    """The endpoint failed, timed out, or replied with nothing usable."""


@dataclass(frozen=True)
class CheckedReply:
    text: str  # the kept sentences, with their [n] markers
    cited: tuple[int, ...]  # passage numbers cited by the kept sentences, in first-use order
    dropped: tuple[str, ...]  # sentences removed, each with the reason


def build_messages(question: str, passages: Sequence[str]) -> list[dict[str, str]]:
    numbered = "\n\n".join(f"[{i}] {p}" for i, p in enumerate(passages, start=1))
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"Đoạn trích:\n{numbered}\n\nCâu hỏi: {question}\nTrả lời ngắn gọn, có [n]:"},
    ]


def chat(settings: Settings, messages: list[dict[str, str]]) -> str:
    """POST ``{base}/chat/completions`` and return the first choice's content."""
    if not settings.llm_base_url:
        raise LlmError("chưa cấu hình llm_base_url")
    body = json.dumps({"model": settings.llm_model, "messages": messages, "temperature": 0}).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    key = os.environ.get(settings.llm_api_key_env)
    if key:
        headers["Authorization"] = f"Bearer {key}"
    url = settings.llm_base_url.rstrip("/") + "/chat/completions"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.llm_timeout_s) as response:
            payload = json.loads(response.read().decode("utf-8"))
        return str(payload["choices"][0]["message"]["content"])
    except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise LlmError(f"LLM lỗi: {exc}") from exc


def check_reply(reply: str, passages: Sequence[str]) -> CheckedReply:
    """Keep the reply sentences that cite existing passages and whose numbers all occur in them."""
    kept: list[str] = []
    cited: list[int] = []
    dropped: list[str] = []
    for sentence in split_sentences(reply.strip()):
        refs = [int(n) for n in _CITE_RE.findall(sentence.text)]
        valid = [n for n in refs if 1 <= n <= len(passages)]
        if not valid:
            dropped.append(f"không trích nguồn hợp lệ: {sentence.text}")
            continue
        missing = unsupported(sentence.text, [passages[n - 1] for n in valid])
        if missing:
            dropped.append(f"số liệu {', '.join(missing)} không có trong nguồn [{'], ['.join(map(str, valid))}]: {sentence.text}")
            continue
        kept.append(sentence.text)
        cited += [n for n in valid if n not in cited]
    return CheckedReply(" ".join(kept), tuple(cited), tuple(dropped))


def ask_llm(settings: Settings, question: str, passages: Sequence[str]) -> CheckedReply:
    """Ask the endpoint and check its reply; raises ``LlmError`` when nothing supported remains."""
    checked = check_reply(chat(settings, build_messages(question, passages)), passages)
    if not checked.text:
        raise LlmError("câu trả lời của LLM không có câu nào được nguồn hỗ trợ")
    return checked
