"""Serving safety of the web app: bind address, authentication, upload checks, stored names."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import ui
from index import Index
from tracuu.settings import Settings

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pdf_bytes() -> bytes:
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buf = BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 700, "Bao cao so 1")
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize(
    "host, expected",
    [
        ("127.0.0.1", True),
        ("127.0.0.5", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.10", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, expected: bool) -> None:
    assert ui.is_loopback(host) is expected


def test_non_loopback_without_auth_is_refused() -> None:
    with pytest.raises(SystemExit) as exc:
        ui.check_bind("0.0.0.0", None)
    message = str(exc.value.code)
    assert "Từ chối khởi động" in message and "Refusing to start" in message
    assert "--auth-file" in message and "TRACUU_AUTH" in message


def test_loopback_without_auth_and_any_address_with_auth_are_allowed() -> None:
    ui.check_bind("127.0.0.1", None)
    ui.check_bind("0.0.0.0", lambda user, password: False)


def test_auth_file_holds_hashed_passwords(tmp_path: Path) -> None:
    auth_file = tmp_path / "users.txt"
    digest = hashlib.sha256("mật khẩu".encode()).hexdigest()
    auth_file.write_text(f"# người dùng\nchuyenvien:{digest}\n", encoding="utf-8")
    check = ui.load_auth(auth_file, None)
    assert check is not None
    assert check("chuyenvien", "mật khẩu")
    assert not check("chuyenvien", "sai")
    assert not check("khach", "mật khẩu")


def test_auth_from_environment_value() -> None:
    check = ui.load_auth(None, "admin:s3cret:with:colons")
    assert check is not None and check("admin", "s3cret:with:colons") and not check("admin", "s3cret")
    assert ui.load_auth(None, None) is None


@pytest.mark.parametrize("line", ["chuyenvien:plaintext", "chuyenvien", ":" + "a" * 64])
def test_malformed_auth_file_stops_with_message(tmp_path: Path, line: str) -> None:
    auth_file = tmp_path / "users.txt"
    auth_file.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="user:sha256hex"):
        ui.load_auth(auth_file, None)


def test_serve_on_all_interfaces_without_auth_exits_nonzero(tmp_path: Path) -> None:
    """`tracuu serve --host 0.0.0.0` in a fresh process: exit code 1, the message on stderr, no index built."""
    index_dir = tmp_path / "index"
    env = {k: v for k, v in os.environ.items() if k not in ("TRACUU_AUTH", "TRACUU_AUTH_FILE")}
    proc = subprocess.run(
        [sys.executable, "-c", "from tracuu.cli import main; raise SystemExit(main())",
         "serve", "--host", "0.0.0.0", "--port", "7999", "--index", str(index_dir)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode != 0
    assert "Refusing to start" in proc.stderr and "Từ chối khởi động" in proc.stderr
    assert not index_dir.exists()


@pytest.fixture
def empty_index(tmp_path: Path):
    settings = Settings(index_dir=tmp_path / "index")
    index = Index.open(settings)
    yield index, settings
    index.close()


def test_app_with_auth_refuses_anonymous_requests(empty_index) -> None:
    from gradio_client import Client

    index, settings = empty_index
    app = ui.build_app(index, settings)
    port = free_port()
    check = ui.load_auth(None, "canbo:mat-khau")
    ui.launch(app, settings, host="127.0.0.1", port=port, auth=check, block=False)
    url = f"http://127.0.0.1:{port}/"
    try:
        with pytest.raises(urllib.error.HTTPError) as exc:
            urllib.request.urlopen(url + "config", timeout=30)
        assert exc.value.code == 401
        with pytest.raises(Exception):
            Client(url, verbose=False, analytics_enabled=False, auth=("canbo", "sai"))
        client = Client(url, verbose=False, analytics_enabled=False, auth=("canbo", "mat-khau"))
        answer = client.predict("GRDP năm 2023 tăng bao nhiêu?", api_name="/ask")
        assert answer["abstained"] is True  # nothing ingested: an explicit no-answer, not an error
    finally:
        app.close()


def test_renamed_non_pdf_is_rejected_by_content(tmp_path: Path) -> None:
    fake = tmp_path / "bao-cao.pdf"
    fake.write_text("Đây là tệp văn bản đổi tên thành .pdf", encoding="utf-8")
    docx = tmp_path / "ke-hoach.pdf"
    docx.write_bytes(b"PK\x03\x04" + b"\0" * 100)  # a .docx (zip) renamed
    real = tmp_path / "that.pdf"
    real.write_bytes(_pdf_bytes())
    check = ui.check_uploads([fake, docx, real], Settings(index_dir=tmp_path / "idx"))
    assert check.accepted == [(real, "that.pdf")]
    assert len(check.rejected) == 2
    assert all("không phải tệp PDF" in msg for msg in check.rejected)
    assert check.rejected[0].startswith("bao-cao.pdf")


def test_upload_size_and_count_limits(tmp_path: Path) -> None:
    real = tmp_path / "a.pdf"
    real.write_bytes(_pdf_bytes() + b"\0" * 4096)
    small = Settings(index_dir=tmp_path / "idx", max_upload_mb=0.001, max_uploads=2)
    too_big = ui.check_uploads([real], small)
    assert too_big.accepted == [] and "quá lớn" in too_big.rejected[0]
    too_many = ui.check_uploads([real, real, real], small)
    assert too_many.accepted == [] and "tối đa 2 tệp" in too_many.rejected[0]


@pytest.mark.parametrize(
    "original",
    ["../../etc/passwd", "..\\..\\Windows\\win.ini", "/abs/path/x.pdf", "..", ".hidden.pdf", "a\0b.pdf"],
)
def test_stored_names_never_escape_the_folder(tmp_path: Path, original: str) -> None:
    source = tmp_path / "upload.bin"
    source.write_bytes(_pdf_bytes())
    files_dir = tmp_path / "files"
    stored = ui.store_upload(source, original, files_dir)
    assert stored.parent == files_dir
    assert stored.read_bytes() == source.read_bytes()
    assert stored.name.startswith(hashlib.sha256(source.read_bytes()).hexdigest()[:16] + "-")
    assert not stored.name.startswith(".") and stored.suffix == ".pdf"


def test_stored_name_keeps_a_readable_ascii_slug() -> None:
    name = ui.safe_file_name("Báo cáo tự giám sát (bản cuối).PDF", "f" * 64)
    assert name == "ffffffffffffffff-Bao-cao-tu-giam-sat-ban-cuoi.pdf"
