"""The real web app over the bundled report, driven by headless Chromium and by gradio_client.

One app per module (index of the bundled report only, OCR off so that an uploaded scan stays a scan).
Browser tests save screenshots under their tmp dir and fail if the page tries to reach anything but
the local server.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from index import Index, ingest_paths
from index.status import SCANNED
from tests.conftest import REALDOCS, requires_realdocs
from tracuu.settings import BUNDLED_CORPUS, Settings
from ui.app import build_app
from ui.handlers import Handlers
from ui.serving import launch
from ui.tables import DOC_HEADERS, documents_table
from ui.uploads import ingest_upload

REPO = Path(__file__).resolve().parents[1]
REPORT = BUNDLED_CORPUS / "bao-cao-tu-giam-sat-nq11-lang-son.pdf"
CHROMIUM = Path("/usr/bin/chromium")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
WAIT_MS = 120_000  # answers on 2 shared cores can be slow while other suites run


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_concurrency", REPO / "bench" / "concurrency.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory, report_index_dir: Path):
    """The app on a free loopback port over a private copy of the session's report index
    (uploads and removals in these tests change it)."""
    index_dir = Path(shutil.copytree(report_index_dir, tmp_path_factory.mktemp("ui") / "index"))
    settings = Settings(index_dir=index_dir, ocr=False)
    index = Index.open(settings)
    assert [d.file_name for d in index.documents()] == [REPORT.name]
    app = build_app(index, settings)
    port = bench.free_port()
    launch(app, settings, host="127.0.0.1", port=port, auth=None, block=False)
    yield {"url": f"http://127.0.0.1:{port}/", "index": index, "settings": settings}
    app.close()
    index.close()


# ----- browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    """pytest-playwright: Debian's Chromium, never a downloaded browser."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    return {
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
        ],
    }  # fmt: skip


@pytest.fixture
def app_page(page, app_server):
    """A page on the app; every request that leaves the local server is blocked and recorded."""
    outside: list[str] = []

    def only_local(route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlparse(url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", only_local)
    page.set_default_timeout(WAIT_MS)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(app_server["url"])
    page.get_by_role("tab", name="Hỏi đáp").wait_for()
    yield page
    assert outside == [], f"the page tried to reach the internet: {outside}"


def _ask(page, question: str) -> None:
    page.locator("#tc-question textarea").fill(question)
    page.locator("#tc-ask").click()
    page.locator("#tc-answer .tc-answer, #tc-answer .tc-noanswer").first.wait_for()


def _wait_text(page, selector: str, text: str, present: bool = True) -> None:
    """Wait until the element's visible text does (or no longer does) contain ``text``."""
    page.wait_for_function(
        "([sel, text, present]) => document.querySelector(sel).innerText.includes(text) === present",
        arg=[selector, text, present],
    )


def _tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def _report_footnote(index: Index, number: int) -> str:
    doc = index.find_document(REPORT.name)
    return next(f.text for f in index.footnotes(doc.id) if f.number == number)


@pytest.mark.browser
def test_figure_question_shows_figure_citation_page_and_footnote(app_page, app_server, tmp_path: Path) -> None:
    page = app_page
    _ask(page, "Tổng mức đầu tư dự án cao tốc Hữu Nghị - Chi Lăng?")
    answer = page.locator("#tc-answer")
    assert "11.024,7 tỷ đồng" in answer.inner_text()
    assert answer.locator("a.tc-ref").count() >= 1  # clickable [n]
    card = page.locator("#tc-citations .tc-cit").first
    card.wait_for()
    text = card.inner_text()
    assert "<mark>" not in text and card.locator("mark").count() >= 1
    assert "11.024,7" in card.locator("mark").first.inner_text()
    assert "Trang " in text
    # footnote 23 (the split of the investment) is shown with the passage that carries its marker
    footnote = _report_footnote(app_server["index"], 23)
    assert footnote[:40] in page.locator("#tc-citations").inner_text()
    # the cited page is rendered as an image
    image = page.locator("#tc-page img")
    image.wait_for()
    assert page.evaluate("el => el.naturalWidth", image.element_handle()) > 500
    page.screenshot(path=str(tmp_path / "hoi-dap-so-lieu.png"), full_page=True)


@pytest.mark.browser
def test_document_question_names_the_decision(app_page, tmp_path: Path) -> None:
    _ask(app_page, "Văn bản nào thành lập Ban Chỉ đạo thực hiện Nghị quyết 11?")
    assert "1059-QĐ/TU" in app_page.locator("#tc-answer").inner_text()
    app_page.screenshot(path=str(tmp_path / "hoi-dap-van-ban.png"), full_page=True)


@pytest.mark.browser
def test_accentless_question_and_example_button(app_page) -> None:
    page = app_page
    page.get_by_text("tong dan so tinh lang son la bao nhieu").first.click()  # an example fills the box
    expect(page.locator("#tc-question textarea")).to_have_value("tong dan so tinh lang son la bao nhieu")
    page.locator("#tc-ask").click()
    page.locator("#tc-answer .tc-answer, #tc-answer .tc-noanswer").first.wait_for()
    assert "856.927" in page.locator("#tc-answer").inner_text()


@pytest.mark.browser
def test_unanswerable_question_says_so(app_page) -> None:
    _ask(app_page, "Giá vé máy bay từ Hà Nội đi Paris tháng 7 là bao nhiêu?")
    box = app_page.locator("#tc-answer .tc-noanswer")
    assert box.count() == 1
    assert "Không tìm thấy thông tin trong tài liệu" in box.inner_text()


def _small_pdf(path: Path) -> None:
    pdfmetrics.registerFont(TTFont("DejaVuSerif", FONT))
    c = canvas.Canvas(str(path))
    c.setFont("DejaVuSerif", 12)
    y = 780
    for line in [
        "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
        "Số: 45/QĐ-UBND                 Lạng Sơn, ngày 12 tháng 3 năm 2024",
        "QUYẾT ĐỊNH",
        "Về việc thử nghiệm tải văn bản lên hệ thống tra cứu",
        "Điều 1. Giao Sở Tài chính bố trí 12,5 tỷ đồng cho việc thử nghiệm.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
    ]:
        c.drawString(60, y, line)
        y -= 22
    c.save()


@pytest.mark.browser
def test_upload_shows_progress_result_and_library_then_remove(app_page, tmp_path: Path) -> None:
    page = app_page
    good = tmp_path / "quyết định thử nghiệm.pdf"
    _small_pdf(good)
    fake = tmp_path / "ghi-chu.pdf"
    fake.write_text("Tệp văn bản đổi đuôi thành .pdf", encoding="utf-8")
    _tab(page, "Tài liệu")
    docs = page.locator("#tc-docs")
    _wait_text(page, "#tc-docs", "bao-cao-tu-giam-sat-nq11-lang-son.pdf")  # the table fills after the tab opens
    page.locator("#tc-upload input[type=file]").set_input_files([str(good), str(fake)])
    page.locator("#tc-upload-btn").click()
    report = page.locator("#tc-docs-report")
    _wait_text(page, "#tc-docs-report", "✓")
    text = report.inner_text()
    assert "ghi-chu.pdf: không phải tệp PDF" in text  # the renamed text file, by content
    assert "✓ Đã thêm: quyết định thử nghiệm.pdf: 1 trang" in text  # the ingest report's line
    _wait_text(page, "#tc-docs", "45/QĐ-UBND")
    assert "bao-cao-tu-giam-sat-nq11-lang-son.pdf" in docs.inner_text()  # the others untouched
    page.screenshot(path=str(tmp_path / "tai-lieu.png"), full_page=True)

    page.locator("#tc-remove input").click()
    page.get_by_role("option", name="45/QĐ-UBND", exact=False).first.click()
    page.locator("#tc-remove-btn").click()
    _wait_text(page, "#tc-docs-report", "Đã xóa")
    _wait_text(page, "#tc-docs", "45/QĐ-UBND", present=False)
    assert "bao-cao-tu-giam-sat-nq11-lang-son.pdf" in docs.inner_text()


def _scan_pdf(path: Path, pages: int = 2) -> None:
    """A scan as a scanner makes it: each page one image, no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 560), "white")
    ImageDraw.Draw(image).text((40, 60), "UY BAN NHAN DAN TINH", fill="black")
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        c.drawImage(ImageReader(image), 0, 0, *A4)
        c.showPage()
    c.save()


def _library_notes(index: Index, file_name: str) -> str:
    (row,) = [r for r in documents_table(index.documents()) if r[DOC_HEADERS.index("Tệp")] == file_name]
    return row[DOC_HEADERS.index("Cảnh báo")]


@pytest.mark.parametrize(
    "source",
    ["generated", pytest.param(REALDOCS / "Phu-luc-II-so-hieu-nguy-hiem_scanned-table.pdf", marks=requires_realdocs)],
    ids=["generated", "realdocs"],
)
def test_scan_without_ocr_is_worded_as_the_ingest_report_says(tmp_path: Path, source) -> None:
    """A scan ingested with OCR off: the upload report is `tracuu ingest`'s line, and the library says
    the same words; nowhere is it said to be OCR'd."""
    if source == "generated":
        source = tmp_path / "ban-quet.pdf"
        _scan_pdf(source)
    settings = Settings(index_dir=tmp_path / "index", ocr=False)
    index = Index.open(settings)
    try:
        cli_line = ingest_paths([source], index, settings, progress=False).files[0].line()
        index.remove(index.find_document(source.name).id)
        upload = ingest_upload(source, "bản quét.pdf", index, settings)
        assert upload.status == "scanned"
        assert upload.line() == cli_line.replace(source.name, "bản quét.pdf")
        assert upload.line().startswith(f"! {SCANNED}: bản quét.pdf (")
        notes = _library_notes(index, index.document(upload.doc_id).file_name)
        assert notes.startswith(SCANNED)
        assert "đã OCR" not in notes and "đã OCR" not in upload.line()
    finally:
        index.close()


@pytest.mark.browser
def test_uploaded_scan_is_shown_as_not_searchable(app_page, app_server, tmp_path: Path) -> None:
    page = app_page
    scan = tmp_path / "bản quét.pdf"
    _scan_pdf(scan)
    _tab(page, "Tài liệu")
    _wait_text(page, "#tc-docs", "bao-cao-tu-giam-sat-nq11-lang-son.pdf")
    page.locator("#tc-upload input[type=file]").set_input_files([str(scan)])
    page.locator("#tc-upload-btn").click()
    _wait_text(page, "#tc-docs-report", f"! {SCANNED}: bản quét.pdf (2 trang)")  # the progress text names it too
    _wait_text(page, "#tc-docs", SCANNED)
    assert "đã OCR" not in page.locator("#tc-docs").inner_text()
    page.screenshot(path=str(tmp_path / "tai-lieu-ban-quet.png"), full_page=True)
    index = app_server["index"]
    index.remove(next(d.id for d in index.documents() if d.status == "scanned"))


@pytest.mark.browser
def test_trace_a_figure(app_page, tmp_path: Path) -> None:
    page = app_page
    _tab(page, "Tra số liệu")
    page.locator("#tc-figure textarea").fill("7,17%")
    page.locator("#tc-trace").click()
    result = page.locator("#tc-trace-result")
    result.get_by_text("lần xuất hiện").wait_for()
    text = result.inner_text()
    assert text.count("7,17%") >= 2  # the body sentence and footnote 24
    assert "Năm 2022 đạt 7%" in text  # footnote 24, linked or found itself
    assert result.locator("mark").count() >= 2
    page.screenshot(path=str(tmp_path / "tra-so-lieu.png"), full_page=True)


@pytest.mark.browser
def test_referenced_documents_and_their_mentions(app_page, app_server) -> None:
    page = app_page
    _tab(page, "Văn bản được viện dẫn")
    refs = page.locator("#tc-refs")
    refs.get_by_text("1059-QĐ/TU").first.click()  # selecting a row lists its mentions
    _wait_text(page, "#tc-mentions", "thành lập Ban Chỉ đạo")
    mentions = page.locator("#tc-mentions")
    report = app_server["index"].find_document(REPORT.name)
    assert (report.number or report.file_name) in mentions.inner_text()  # the citing document


# ----- filters (the handler behind the filter boxes) -----------------------------------------


def test_filters_narrow_the_search(app_server) -> None:
    handlers = Handlers(app_server["index"], app_server["settings"])
    report = app_server["index"].find_document(REPORT.name)
    question = "GRDP năm 2023 tăng bao nhiêu?"
    kept, cards, *_ = handlers.ask(question, [report.id], [report.doc_type], [])
    assert "7,17%" in kept and "tc-cit-1" in cards
    excluded, *_ = handlers.ask(question, [], ["Nghị định"], [])  # no decree in this index
    assert "tc-noanswer" in excluded and "7,17%" not in excluded


# ----- API ------------------------------------------------------------------------------------


def test_twenty_concurrent_questions_all_answer_correctly(app_server) -> None:
    results = bench.ask_concurrently(app_server["url"], n=20)
    print(bench.summary(results))
    wrong = [(r.question, r.answer) for r in results if not r.ok]
    assert len(results) == 20 and wrong == []
