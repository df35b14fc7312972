"""Serving safely: who may log in, which address may be bound, and starting the server.

``serve`` is what ``tracuu serve`` calls: it refuses to bind a non-loopback address without
authentication, builds the index from the corpus on first run and launches the app.
Every refusal is a ``ConfigError`` with a plain Vietnamese message.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import gradio as gr

from index import Index, ingest_paths
from tracuu.settings import ConfigError, Settings
from ui.app import CSS, UI_LANGUAGE, build_app, theme

AuthCheck = Callable[[str, str], bool]


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_auth(auth_file: Path | None, env_value: str | None) -> AuthCheck | None:
    """Users from ``auth_file`` (lines ``user:sha256hex``) and ``env_value`` (``user:password``).

    Returns a checker for Gradio's login, or None when no user is configured.
    Raises ConfigError when the file is missing or malformed.
    """
    users: dict[str, str] = {}
    if auth_file is not None:
        try:
            lines = Path(auth_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConfigError(f"Không đọc được tệp đăng nhập {auth_file}: {exc.strerror or exc}") from None
        for lineno, line in enumerate(lines, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            user, _, digest = line.partition(":")
            digest = digest.strip().lower()
            if not user or not re.fullmatch(r"[0-9a-f]{64}", digest):
                raise ConfigError(f"Dòng {lineno} của tệp đăng nhập {auth_file} phải có dạng 'user:sha256hex'.")
            users[user.strip()] = digest
    if env_value:
        user, sep, password = env_value.partition(":")
        if not sep or not user or not password:
            raise ConfigError("TRACUU_AUTH phải có dạng 'user:password'.")
        users[user] = _sha256_hex(password)
    if not users:
        return None

    def check(user: str, password: str) -> bool:
        expected = users.get(user)
        return expected is not None and hmac.compare_digest(expected, _sha256_hex(password))

    return check


def check_bind(host: str, auth: AuthCheck | None) -> None:
    """Refuse (ConfigError) to expose the app beyond this machine without authentication."""
    if auth is None and not is_loopback(host):
        raise ConfigError(
            f"Từ chối khởi động: địa chỉ {host} cho phép máy khác truy cập nên bắt buộc đăng nhập. "
            "Dùng --auth-file (dòng 'user:sha256hex') hoặc biến môi trường TRACUU_AUTH='user:password'."
        )


def launch(
    app: gr.Blocks, settings: Settings, *, host: str, port: int, auth: AuthCheck | None, block: bool = True
) -> None:
    """Start the web server (after ``check_bind``). ``block=False`` returns once it is listening."""
    check_bind(host, auth)
    app.queue(default_concurrency_limit=1)
    app.launch(
        server_name=host,
        server_port=port,
        auth=auth,
        auth_message="Đăng nhập để dùng Tra cứu văn bản.",
        max_file_size=f"{settings.max_upload_mb:g}mb",
        theme=theme(),
        css=CSS,
        i18n=UI_LANGUAGE,
        footer_links=[],
        show_error=True,
        ssr_mode=False,
        pwa=False,
        mcp_server=False,
        share=False,
        inbrowser=False,
        prevent_thread_lock=not block,
    )


def serve(settings: Settings, *, host: str, port: int, auth_file: Path | None, corpus: Path | None) -> None:
    """``tracuu serve``: check the bind address, build the index from ``corpus`` on first run (on
    later runs embed the chunks the configured model has not embedded yet), launch."""
    auth = load_auth(auth_file or settings.auth_file, os.environ.get("TRACUU_AUTH"))
    check_bind(host, auth)  # fail before any slow work
    index = Index.open(settings)
    if not index.documents() and corpus is not None:
        print(f"Chỉ mục trống: đang nạp tài liệu từ {corpus} (chỉ làm lần đầu)…", file=sys.stderr)
        report = ingest_paths([Path(corpus)], index, settings, progress=True)
        for line in report.lines():
            print(line, file=sys.stderr)
    else:  # chunks without a vector of the configured model (the model changed): embedded now
        ingest_paths([], index, settings, progress=True)
    print(f"Mở trình duyệt tại http://{host}:{port}", file=sys.stderr)
    launch(build_app(index, settings), settings, host=host, port=port, auth=auth)
