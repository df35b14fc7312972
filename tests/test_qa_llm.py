"""LLM mode against a local fake OpenAI-compatible server: citations, number checks, fallbacks."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from qa.llm import LlmError, ask_llm, build_messages, check_reply
from tracuu.settings import Settings


@dataclass
class Replay:
    """Replies served in order; a reply of ``None`` sleeps ``delay_s`` before answering (a timeout)."""

    replies: list[str | None]
    delay_s: float = 3.0
    requests: list[dict] = field(default_factory=list)


@contextmanager
def fake_llm(replay: Replay) -> Iterator[str]:
    """Serve ``replay`` on 127.0.0.1 (free port); yields the base URL ("http://127.0.0.1:PORT/v1")."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server API)
            length = int(self.headers.get("Content-Length", "0"))
            replay.requests.append({"path": self.path, "body": json.loads(self.rfile.read(length)),
                                    "auth": self.headers.get("Authorization")})
            content = replay.replies.pop(0) if replay.replies else "Không tìm thấy thông tin trong tài liệu."
            if content is None:
                time.sleep(replay.delay_s)
                content = "quá muộn [1]"
            body = json.dumps({"id": "x", "object": "chat.completion", "model": "fake",
                               "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                            "finish_reason": "stop"}]}).encode("utf-8")
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()

PASSAGES = [
    "Năm 2023, tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) đạt 7,17%.",
    "Ước tính sơ bộ tổng thiệt hại do cơn bão số 3 gây ra trên địa bàn tỉnh trên 550 tỷ đồng.",
]


def _settings(url: str, timeout: float = 5.0) -> Settings:
    return Settings(llm_base_url=url, llm_model="fake", llm_timeout_s=timeout, llm_api_key_env="TRACUU_TEST_LLM_KEY")


def test_prompt_numbers_the_passages():
    messages = build_messages("GRDP năm 2023 tăng bao nhiêu?", PASSAGES)
    user = messages[-1]["content"]
    assert "[1] Năm 2023" in user and "[2] Ước tính" in user
    assert "GRDP năm 2023 tăng bao nhiêu?" in user


def test_check_reply_drops_a_sentence_with_a_wrong_number():
    checked = check_reply("GRDP năm 2023 tăng 7,17% [1]. Thiệt hại do bão là 650 tỷ đồng [2].", PASSAGES)
    assert checked.text == "GRDP năm 2023 tăng 7,17% [1]."
    assert checked.cited == (1,)
    assert len(checked.dropped) == 1 and "650" in checked.dropped[0]


def test_check_reply_drops_uncited_sentences_and_bad_passage_numbers():
    checked = check_reply("GRDP tăng 7,17%. Thiệt hại trên 550 tỷ đồng [7].", PASSAGES)
    assert checked.text == ""
    assert len(checked.dropped) == 2


def test_number_must_be_in_the_passage_it_cites():
    # 550 is in passage 2, but the sentence cites passage 1 only.
    checked = check_reply("Thiệt hại trên 550 tỷ đồng [1].", PASSAGES)
    assert checked.text == "" and checked.dropped


def test_recorded_replies_through_http(monkeypatch):
    monkeypatch.setenv("TRACUU_TEST_LLM_KEY", "sk-test")
    replay = Replay(["Theo báo cáo, thiệt hại trên 550 tỷ đồng [2]. GRDP năm 2023 đạt 8,1% [1]."])
    with fake_llm(replay) as url:
        checked = ask_llm(_settings(url), "Thiệt hại do bão số 3?", PASSAGES)
    assert checked.text == "Theo báo cáo, thiệt hại trên 550 tỷ đồng [2]."
    assert checked.cited == (2,)
    assert any("8,1" in d for d in checked.dropped)
    request = replay.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["model"] == "fake"
    assert request["auth"] == "Bearer sk-test"


def test_timeout_raises_llm_error():
    with fake_llm(Replay([None], delay_s=2.0)) as url:
        with pytest.raises(LlmError):
            ask_llm(_settings(url, timeout=0.5), "GRDP năm 2023 tăng bao nhiêu?", PASSAGES)


def test_unreachable_endpoint_raises_llm_error():
    with fake_llm(Replay([])) as url:
        dead = url  # the server is shut down when the block ends
    with pytest.raises(LlmError):
        ask_llm(_settings(dead, timeout=1.0), "GRDP?", PASSAGES)


def test_reply_with_nothing_supported_raises():
    with fake_llm(Replay(["GRDP năm 2023 đạt 9,99% [1]."])) as url:
        with pytest.raises(LlmError):
            ask_llm(_settings(url), "GRDP năm 2023 tăng bao nhiêu?", PASSAGES)
