"""Tra cứu web app (Gradio), in Vietnamese.

Four tabs over one index:
  * Hỏi đáp: question -> answer with clickable [n] markers, each cited passage with the quote
    highlighted, its footnotes, and the original PDF page with the quote's region marked;
  * Tài liệu: the document library; upload PDFs (checked, copied under a hash-based name, ingested
    with a progress bar) and remove documents;
  * Văn bản được viện dẫn: every referenced document with its mentions;
  * Tra số liệu: every occurrence of a figure and its footnote links.

``serve`` is what ``tracuu serve`` calls; it refuses to bind a non-loopback address without
authentication. ``build_app`` builds the page for an open index (used by the tests).
The app never contacts the internet: analytics are off and the theme uses local fonts only.
"""

from __future__ import annotations

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: no phoning home

import hashlib
import hmac
import html
import ipaddress
import re
import shutil
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import gradio as gr
import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from index import Index, ingest_paths
from index.models import DocumentInfo, SearchFilters
from qa import Answerer, trace_figure
from qa.models import Answer, Citation
from tracuu.settings import Settings
from tracuu.vn.normalize import fold_diacritics

EXAMPLE_QUESTIONS = [
    "GRDP năm 2023 tăng bao nhiêu?",
    "Văn bản nào thành lập Ban Chỉ đạo thực hiện Nghị quyết 11?",
    "Thiệt hại do bão số 3 là bao nhiêu?",
    "tong dan so tinh lang son la bao nhieu",
    "Tổng mức đầu tư dự án cao tốc Hữu Nghị - Chi Lăng?",
]
ASK_CONCURRENCY = 4  # questions answered at the same time; more wait in the queue
UPLOAD_DIR_NAME = "files"  # uploaded PDFs are kept in settings.index_dir / "files"
CONTEXT_CHARS = 220  # characters of page text shown around a quote
PAGE_SCALE = 1.6  # page image resolution: 1.0 = 72 dpi

AuthCheck = Callable[[str, str], bool]


# --------------------------------------------------------------------------------------------
# Serving safety: bind address, authentication
# --------------------------------------------------------------------------------------------


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
    Raises SystemExit with a plain message when the file is missing or malformed.
    """
    users: dict[str, str] = {}
    if auth_file is not None:
        try:
            lines = Path(auth_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise SystemExit(f"Không đọc được tệp đăng nhập / cannot read auth file {auth_file}: {exc}")
        for lineno, line in enumerate(lines, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            user, _, digest = line.partition(":")
            digest = digest.strip().lower()
            if not user or not re.fullmatch(r"[0-9a-f]{64}", digest):
                raise SystemExit(
                    f"Dòng {lineno} của {auth_file} phải có dạng 'user:sha256hex' / "
                    f"line {lineno} of {auth_file} must be 'user:sha256hex'"
                )
            users[user.strip()] = digest
    if env_value:
        user, sep, password = env_value.partition(":")
        if not sep or not user or not password:
            raise SystemExit("TRACUU_AUTH phải có dạng 'user:password' / TRACUU_AUTH must be 'user:password'")
        users[user] = _sha256_hex(password)
    if not users:
        return None

    def check(user: str, password: str) -> bool:
        expected = users.get(user)
        return expected is not None and hmac.compare_digest(expected, _sha256_hex(password))

    return check


def check_bind(host: str, auth: AuthCheck | None) -> None:
    """Refuse (SystemExit, non-zero) to expose the app beyond this machine without authentication."""
    if auth is None and not is_loopback(host):
        raise SystemExit(
            f"Từ chối khởi động: địa chỉ {host} cho phép máy khác truy cập nên bắt buộc đăng nhập. "
            "Dùng --auth-file (dòng 'user:sha256hex') hoặc biến môi trường TRACUU_AUTH='user:password'.\n"
            f"Refusing to start: binding {host} exposes the app to other machines, so authentication "
            "is required. Use --auth-file (lines 'user:sha256hex') or TRACUU_AUTH='user:password'."
        )


# --------------------------------------------------------------------------------------------
# Uploads: size/count limits, PDF by content, hash-based stored names
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadCheck:
    accepted: list[tuple[Path, str]]  # (temporary path, name shown to the user)
    rejected: list[str]  # one plain Vietnamese line per refused file


def check_uploads(paths: Sequence[Path], settings: Settings) -> UploadCheck:
    """Accept at most ``settings.max_uploads`` files, each a real PDF (bytes start with ``%PDF-``)
    no larger than ``settings.max_upload_mb``."""
    accepted: list[tuple[Path, str]] = []
    rejected: list[str] = []
    if len(paths) > settings.max_uploads:
        return UploadCheck(
            [], [f"Chỉ được tải lên tối đa {settings.max_uploads} tệp mỗi lần (đã chọn {len(paths)} tệp)."]
        )
    limit = int(settings.max_upload_mb * 1024 * 1024)
    for path in paths:
        shown = Path(path).name
        size = Path(path).stat().st_size
        if size > limit:
            rejected.append(
                f"{shown}: tệp quá lớn ({size / 1048576:.1f} MB, tối đa {settings.max_upload_mb:g} MB)."
            )
            continue
        with open(path, "rb") as fh:
            head = fh.read(5)
        if head != b"%PDF-":
            rejected.append(f"{shown}: không phải tệp PDF (có thể là tệp khác bị đổi đuôi thành .pdf), đã bỏ qua.")
            continue
        accepted.append((Path(path), shown))
    return UploadCheck(accepted, rejected)


def safe_file_name(original: str, digest: str) -> str:
    """A stored name that cannot escape its folder: ``<hash prefix>-<ascii slug>.pdf``."""
    stem = Path(original.replace("\\", "/")).name.rsplit(".", 1)[0]
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", fold_diacritics(stem)).strip("-_")[:60]
    return f"{digest[:16]}-{slug or 'tai-lieu'}.pdf"


def store_upload(path: Path, shown_name: str, files_dir: Path) -> Path:
    """Copy an accepted upload into ``files_dir`` under its hash-based safe name."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    files_dir.mkdir(parents=True, exist_ok=True)
    target = files_dir / safe_file_name(shown_name, digest)
    if not target.exists():
        shutil.copyfile(path, target)
    return target


# --------------------------------------------------------------------------------------------
# PDF page image with the quote's region marked
# --------------------------------------------------------------------------------------------

_PDFIUM_LOCK = threading.Lock()  # pdfium is not thread-safe


def _fold_key(text: str) -> tuple[str, list[int]]:
    """Letters and digits only, lower-case, without diacritics; with each kept char's position."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        folded = fold_diacritics(ch).lower()
        if len(folded) == 1 and folded.isalnum():
            chars.append(folded)
            where.append(i)
    return "".join(chars), where


def _find_quote(page_chars: str, quote: str) -> range | None:
    """Char indices of ``quote`` in the PDF's char stream, ignoring spacing, hyphenation, case and
    diacritic encoding. Falls back to the quote's first 60 letters when the whole does not match."""
    page_key, where = _fold_key(page_chars)
    quote_key, _ = _fold_key(quote)
    if not quote_key:
        return None
    for probe in (quote_key, quote_key[:60]):
        pos = page_key.find(probe)
        if pos >= 0:
            start = where[pos]
            end = where[min(pos + len(quote_key), len(where)) - 1] + 1
            tail = quote.rstrip()[len(quote.rstrip().rstrip("%)]».,;:")) :]  # e.g. the "%" of "7,17%"
            if page_chars[end : end + len(tail)] == tail:
                end += len(tail)
            return range(start, end)
    return None


def _line_boxes(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Merge char boxes (left, bottom, right, top), in reading order, into one box per text line.

    A char continues the current line when it overlaps it vertically and does not jump back left.
    """
    lines: list[list[float]] = []
    last_right = float("-inf")
    for left, bottom, right, top in boxes:
        if right <= left:  # generated spaces and line breaks have empty boxes
            continue
        cur = lines[-1] if lines else None
        if cur and left >= last_right - 2 and bottom <= cur[3] and top >= cur[1]:
            cur[:] = [min(cur[0], left), min(cur[1], bottom), max(cur[2], right), max(cur[3], top)]
        else:
            lines.append([left, bottom, right, top])
        last_right = right
    return [(line[0], line[1], line[2], line[3]) for line in lines]


def render_page(pdf_path: Path, page: int, quote: str, scale: float = PAGE_SCALE) -> tuple[Image.Image, bool]:
    """Render 1-based ``page`` of the PDF; mark the quote with translucent yellow boxes.

    Returns the image and whether the quote was found on the page.
    """
    with _PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(pdf_path))
        try:
            pdf_page = pdf[page - 1]
            height = pdf_page.get_height()
            image = pdf_page.render(scale=scale).to_pil().convert("RGBA")
            text_page = pdf_page.get_textpage()
            count = text_page.count_chars()
            chars = "".join(chr(pdfium.raw.FPDFText_GetUnicode(text_page, i) or 32) for i in range(count))
            found = _find_quote(chars, quote)
            boxes = [text_page.get_charbox(i) for i in found] if found else []
        finally:
            pdf.close()
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for left, bottom, right, top in _line_boxes(boxes):
        rect = (left * scale - 2, (height - top) * scale - 2, right * scale + 2, (height - bottom) * scale + 2)
        draw.rectangle(rect, fill=(255, 214, 0, 90), outline=(220, 110, 0, 255), width=2)
    return Image.alpha_composite(image, overlay).convert("RGB"), bool(boxes)


# --------------------------------------------------------------------------------------------
# HTML rendering of answers, citations and traces
# --------------------------------------------------------------------------------------------

_MARKER_RE = re.compile(r"\[(\d+)\]")


def _doc_label(number: str | None, file_name: str, title: str | None) -> str:
    head = number or file_name
    return f"{head} — {title}" if title else head


def _highlight(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> str:
    """``text[start:end]`` in <mark>, with up to ``context`` chars either side (escaped HTML)."""
    left = max(0, start - context)
    right = min(len(text), end + context)
    before = ("…" if left else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return f"{html.escape(before)}<mark>{html.escape(text[start:end])}</mark>{html.escape(after)}"


def _answer_with_links(text: str) -> str:
    return _MARKER_RE.sub(
        lambda m: f'<a class="tc-ref" href="#tc-cit-{m.group(1)}">[{m.group(1)}]</a>', html.escape(text)
    )


def answer_html(answer: Answer) -> str:
    """The answer box: explicit "no answer" state, or the answer with clickable [n] markers."""
    if answer.abstained:
        body = (
            f'<div class="tc-noanswer"><b>⚠ {html.escape(answer.answer)}</b>'
            "<p>Hệ thống không tìm thấy đoạn văn nào trả lời chắc chắn câu hỏi này. "
            "Các đoạn gần nhất (nếu có) được liệt kê bên dưới để anh/chị tự kiểm tra.</p></div>"
        )
    else:
        body = f'<div class="tc-answer">{_answer_with_links(answer.answer)}</div>'
    warnings = "".join(f'<div class="tc-warn">⚠ {html.escape(w)}</div>' for w in answer.warnings)
    meta = f'<div class="tc-meta">Thời gian trả lời: {answer.elapsed_ms:.0f} ms</div>'
    return body + warnings + meta


def citation_html(citation: Citation, context: str | None, extra: str = "") -> str:
    """One cited passage: document, page, section, the quote highlighted in its page text, footnotes.

    ``context`` is the text the offsets point into (page text, or footnote text); None if unknown.
    ``extra`` is HTML appended inside the card.
    """
    if context is not None and context[citation.start : citation.end] == citation.quote:
        passage = _highlight(context, citation.start, citation.end)
    else:
        passage = f"<mark>{html.escape(citation.quote)}</mark>"
    where = f"Trang {citation.page}"
    if citation.section:
        where += f" · Mục: {html.escape(citation.section)}"
    if citation.kind == "footnote":
        where += " · (trích từ chú thích)"
    if citation.ocr:
        where += " · (văn bản nhận dạng OCR, cần đối chiếu bản gốc)"
    shown_notes = [f for f in citation.footnotes if citation.kind == "body" or citation.quote not in f.text]
    notes = "".join(f'<li><span class="tc-fn-n">{f.n}</span> {html.escape(f.text)}</li>' for f in shown_notes)
    notes_html = f'<div class="tc-fn"><b>Chú thích:</b><ul>{notes}</ul></div>' if notes else ""
    return (
        f'<div class="tc-cit" id="tc-cit-{citation.n}">'
        f'<div class="tc-cit-head"><span class="tc-n">[{citation.n}]</span> '
        f"{html.escape(_doc_label(citation.doc_number, citation.doc, citation.title))}</div>"
        f'<div class="tc-where">{where}</div>'
        f'<div class="tc-quote">{passage}</div>{notes_html}{extra}</div>'
    )


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------

DOC_HEADERS = [
    "Số hiệu", "Loại", "Cơ quan ban hành", "Ngày", "Trích yếu",
    "Số trang", "Số đoạn", "Chú thích", "Cảnh báo", "Tệp", "Mã",
]  # fmt: skip
REF_HEADERS = ["Văn bản", "Loại", "Ngày", "Cơ quan ban hành", "Số lần được nhắc"]
MENTION_HEADERS = ["Văn bản trích dẫn", "Trang", "Mục", "Câu"]


def _warnings_text(doc: DocumentInfo) -> str:
    notes = ["văn bản scan (đã OCR)"] if doc.status == "scanned" else []
    return "; ".join(notes + list(doc.warnings))


def documents_table(docs: list[DocumentInfo]) -> list[list[object]]:
    return [
        [
            d.number or "", d.doc_type or "", d.issuer or "", d.date or "", d.title or "",
            d.pages, d.chunks, d.footnotes, _warnings_text(d), d.file_name, d.id[:12],
        ]  # fmt: skip
        for d in docs
    ]


def _doc_choices(docs: list[DocumentInfo]) -> list[tuple[str, str]]:
    return [(_doc_label(d.number, d.file_name, d.title)[:100], d.id) for d in docs]


def _year(doc: DocumentInfo) -> int | None:
    return int(doc.date[:4]) if doc.date and doc.date[:4].isdigit() else None


# --------------------------------------------------------------------------------------------
# Event handlers
# --------------------------------------------------------------------------------------------


class Handlers:
    """The functions behind the page's buttons; one instance shared by all users (Index is thread-safe)."""

    def __init__(self, index: Index, settings: Settings) -> None:
        self.index = index
        self.settings = settings
        self.answerer = Answerer(index, settings)

    # ----- Hỏi đáp -----

    def ask(self, question: str, doc_ids: list[str], doc_types: list[str], years: list[str]):
        """Answer -> (answer html, citations html, page selector, page image, citations state)."""
        question = (question or "").strip()
        if not question:
            raise gr.Error("Hãy nhập câu hỏi.")
        filters = SearchFilters(
            doc_ids=tuple(doc_ids or ()),
            doc_types=tuple(doc_types or ()),
            years=tuple(int(y) for y in years or ()),
        )
        answer = self.answerer.ask(question, filters)
        shown = answer.closest if answer.abstained else answer.citations
        title = (
            "<h4>Các đoạn gần nhất (không đủ căn cứ để trả lời)</h4>" if answer.abstained else "<h4>Nguồn trích dẫn</h4>"
        )
        cards = "".join(citation_html(c, self._context(c)) for c in shown)
        citations = title + cards if shown else ""
        choices = [(f"[{c.n}] {c.doc_number or c.doc} — trang {c.page}", i) for i, c in enumerate(shown)]
        first = 0 if shown else None
        image = self.page_image(list(shown), first)
        return answer_html(answer), citations, gr.update(choices=choices, value=first), image, list(shown)

    def ask_json(self, question: str) -> dict:
        """API endpoint ``/ask``: the answer as the CLI's JSON dict."""
        return self.answerer.ask(question).to_json_dict()

    def _context(self, citation: Citation) -> str | None:
        """The text the citation's offsets point into: its page text, or its footnote's text."""
        if citation.kind == "body":
            return self.index.page_text(citation.doc_id, citation.page)
        notes = self.index.footnotes(citation.doc_id)
        return next((f.text for f in notes if f.text[citation.start : citation.end] == citation.quote), None)

    def page_image(self, citations: list[Citation], selected: int | None):
        """The selected citation's PDF page with the quote marked, or None."""
        if selected is None or not citations or selected >= len(citations):
            return None
        citation = citations[selected]
        doc = self.index.document(citation.doc_id)
        if doc is None or not Path(doc.path).is_file():
            gr.Warning("Không tìm thấy tệp PDF gốc để hiển thị trang.")
            return None
        image, found = render_page(Path(doc.path), citation.page, citation.quote)
        if not found:
            gr.Info("Không định vị được đoạn trích trên ảnh trang; hãy đối chiếu theo số trang.")
        return image

    # ----- Tài liệu -----

    def refresh(self):
        """Every list that depends on the library: tables and filter/select choices."""
        docs = self.index.documents()
        choices = _doc_choices(docs)
        types = sorted({d.doc_type for d in docs if d.doc_type})
        years = sorted({str(y) for d in docs if (y := _year(d))}, reverse=True)
        refs = self.references_table()
        return (
            documents_table(docs),
            gr.update(choices=choices),  # ask filter: documents
            gr.update(choices=types),  # ask filter: types
            gr.update(choices=years),  # ask filter: years
            gr.update(choices=choices, value=None),  # remove selector
            refs,
            gr.update(choices=[r[0] for r in refs], value=None),  # reference selector
        )

    def upload(self, files: list[str] | None, progress=gr.Progress()):
        """Check, store and ingest uploaded PDFs one by one; returns the report + refreshed lists."""
        if not files:
            raise gr.Error("Hãy chọn ít nhất một tệp PDF.")
        check = check_uploads([Path(f) for f in files], self.settings)
        lines = [f"✘ {msg}" for msg in check.rejected]
        files_dir = self.settings.index_dir / UPLOAD_DIR_NAME
        total = len(check.accepted)
        for done, (path, shown) in enumerate(check.accepted):
            progress((done, total), desc=f"Đang nạp {shown} ({done + 1}/{total})", unit="tệp")
            lines.append(self._ingest_one(path, shown, files_dir))
        progress((total, total), desc="Xong", unit="tệp")
        return ("\n\n".join(lines), *self.refresh())

    def _ingest_one(self, path: Path, shown: str, files_dir: Path) -> str:
        stored = store_upload(path, shown, files_dir)
        try:
            report = ingest_paths([stored], self.index, self.settings, progress=False)
        except Exception as exc:  # one bad file must not stop the others
            stored.unlink(missing_ok=True)
            return f"✘ {shown}: lỗi khi nạp ({exc})."
        file_report = report.files[0]
        if file_report.status == "error":
            stored.unlink(missing_ok=True)
            return f"✘ {shown}: {file_report.error}"
        status = {
            "added": "đã thêm",
            "replaced": "đã cập nhật",
            "unchanged": "đã có trong kho, không thay đổi",
            "scanned": "đã thêm (văn bản scan, đã OCR)",
        }.get(file_report.status, file_report.status)
        details = f"{file_report.pages} trang, {file_report.chunks} đoạn, {file_report.footnotes_linked} chú thích"
        warnings = "".join(f"\n  - cảnh báo: {w}" for w in file_report.warnings)
        return f"✔ {shown}: {status} ({details}).{warnings}"

    def remove(self, doc_id: str | None):
        if not doc_id:
            raise gr.Error("Hãy chọn văn bản cần xóa.")
        doc = self.index.document(doc_id)
        if doc is None or not self.index.remove(doc_id):
            raise gr.Error("Văn bản không còn trong kho.")
        stored = Path(doc.path)
        if stored.parent == self.settings.index_dir / UPLOAD_DIR_NAME:
            stored.unlink(missing_ok=True)
        message = f"✔ Đã xóa {_doc_label(doc.number, doc.file_name, doc.title)}."
        return (message, *self.refresh())

    # ----- Văn bản được viện dẫn -----

    def references_table(self) -> list[list[object]]:
        return [
            [key, ref.doc_type or "", ref.date or "", ref.issuer or "", count]
            for key, ref, count in self.index.reference_counts()
        ]

    def mentions_table(self, key: str | None) -> list[list[object]]:
        if not key:
            return []
        return [
            [m.doc.number or m.doc.file_name, m.ref.page, m.ref.section, m.ref.sentence]
            for m in self.index.mentions(key)
        ]

    def select_reference(self, evt: gr.SelectData):
        """Clicking a row of the references table selects that document."""
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        refs = self.index.reference_counts()
        return refs[row][0] if 0 <= row < len(refs) else None

    # ----- Tra số liệu -----

    def trace(self, figure: str) -> str:
        """Every occurrence of the figure, each as a citation card with its footnote links."""
        figure = (figure or "").strip()
        if not figure:
            raise gr.Error("Hãy nhập một số liệu, ví dụ 7,17%.")
        hits = trace_figure(self.index, figure)
        if not hits:
            return f'<div class="tc-noanswer">Không tìm thấy số liệu “{html.escape(figure)}” trong kho tài liệu.</div>'
        cards = []
        for n, hit in enumerate(hits, 1):
            citation = hit.citation(n)
            extra = ""
            if hit.kind == "footnote":  # where the body points to this footnote
                cited_by = "".join(f"<li>Trang {c.page}: {html.escape(c.quote)}</li>" for c in hit.linked)
                label = f"Chú thích {hit.footnote} được dẫn chiếu tại"
                extra = f'<div class="tc-fn"><b>{label}:</b><ul>{cited_by or "<li>(không tìm thấy)</li>"}</ul></div>'
            cards.append(citation_html(citation, self._context(citation), extra))
        return f"<h4>{len(hits)} lần xuất hiện của “{html.escape(figure)}”</h4>" + "".join(cards)


# --------------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------------

LOCAL_FONTS = ["Liberation Sans", "DejaVu Sans", "Arial", "sans-serif"]
LOCAL_MONO = ["DejaVu Sans Mono", "Liberation Mono", "monospace"]
CSS = """
.tc-answer { font-size: 1.15rem; padding: .8rem 1rem; border-left: 4px solid #2563eb; background: #eff6ff; }
.tc-noanswer { padding: .8rem 1rem; border-left: 4px solid #dc2626; background: #fef2f2; }
.tc-warn { color: #92400e; margin-top: .3rem; }
.tc-meta { color: #6b7280; font-size: .85rem; margin-top: .3rem; }
.tc-ref { font-weight: bold; text-decoration: none; }
.tc-cit { border: 1px solid #e5e7eb; border-radius: 6px; padding: .6rem .8rem; margin: .5rem 0; }
.tc-cit-head { font-weight: bold; }
.tc-n { color: #2563eb; }
.tc-where { color: #4b5563; font-size: .9rem; }
.tc-quote { margin-top: .4rem; line-height: 1.5; }
.tc-quote mark { background: #fde68a; padding: 0 .1rem; }
.tc-fn { margin-top: .4rem; font-size: .9rem; background: #f9fafb; padding: .3rem .6rem; }
.tc-fn-n { vertical-align: super; font-size: .75rem; font-weight: bold; }
#tc-docs *, #tc-refs *, #tc-mentions * { font-family: var(--font) !important; }
"""


# Gradio's own labels (upload box, queue) in Vietnamese, whatever the browser's language.
_GRADIO_LABELS = {
    "upload_text.drop_file": "Kéo thả tệp PDF vào đây",
    "upload_text.click_to_upload": "Bấm để chọn tệp",
    "common.or": "hoặc",
    "queue_position": "Đang chờ: {position}/{size}",
}
UI_LANGUAGE = gr.I18n(en=_GRADIO_LABELS, vi=_GRADIO_LABELS)


def theme() -> gr.themes.Base:
    """Default look with local fonts only (the stock theme would fetch fonts from Google)."""
    return gr.themes.Default(font=LOCAL_FONTS, font_mono=LOCAL_MONO)


def build_app(index: Index, settings: Settings) -> gr.Blocks:
    """The four-tab page over ``index``. Launch it with ``launch`` (or ``serve``)."""
    h = Handlers(index, settings)
    with gr.Blocks(title="Tra cứu văn bản", analytics_enabled=False) as app:
        gr.Markdown("# Tra cứu văn bản\nHỏi đáp có trích dẫn trên văn bản hành chính (PDF).")
        with gr.Tabs():
            with gr.Tab("Hỏi đáp", id="ask"):
                with gr.Row():
                    question = gr.Textbox(
                        label="Câu hỏi", placeholder="Ví dụ: GRDP năm 2023 tăng bao nhiêu?",
                        scale=5, elem_id="tc-question",
                    )  # fmt: skip
                    ask_btn = gr.Button("Hỏi", variant="primary", scale=1, elem_id="tc-ask")
                with gr.Accordion("Lọc theo văn bản, loại, năm", open=False):
                    with gr.Row():
                        f_docs = gr.Dropdown(label="Văn bản", multiselect=True, choices=[])
                        f_types = gr.Dropdown(label="Loại văn bản", multiselect=True, choices=[])
                        f_years = gr.Dropdown(label="Năm", multiselect=True, choices=[])
                gr.Examples(EXAMPLE_QUESTIONS, inputs=[question], label="Câu hỏi mẫu")
                answer_box = gr.HTML(elem_id="tc-answer")
                with gr.Row():
                    with gr.Column(scale=3):
                        citations_box = gr.HTML(elem_id="tc-citations")
                    with gr.Column(scale=2):
                        page_pick = gr.Radio(label="Xem trang gốc của trích dẫn", choices=[], type="value")
                        page_img = gr.Image(
                            label="Trang gốc (đoạn trích được tô vàng)", type="pil", interactive=False,
                            format="png", elem_id="tc-page",
                        )  # fmt: skip
                cited = gr.State([])
            with gr.Tab("Tài liệu", id="docs"):
                docs_table = gr.Dataframe(
                    headers=DOC_HEADERS, interactive=False, wrap=True, elem_id="tc-docs",
                    column_widths=["9%", "7%", "10%", "7%", "27%", "5%", "5%", "6%", "8%", "10%", "6%"],
                )  # fmt: skip
                with gr.Row():
                    with gr.Column():
                        uploads = gr.File(
                            label=f"Tải lên PDF (tối đa {settings.max_uploads} tệp, mỗi tệp ≤ {settings.max_upload_mb:g} MB)",
                            file_count="multiple", file_types=[".pdf"], type="filepath", elem_id="tc-upload",
                        )  # fmt: skip
                        upload_btn = gr.Button("Nạp vào kho", variant="primary", elem_id="tc-upload-btn")
                    with gr.Column():
                        remove_pick = gr.Dropdown(label="Chọn văn bản để xóa", choices=[], elem_id="tc-remove")
                        remove_btn = gr.Button("Xóa văn bản", variant="stop", elem_id="tc-remove-btn")
                docs_report = gr.Markdown(elem_id="tc-docs-report")
            with gr.Tab("Văn bản được viện dẫn", id="refs"):
                refs_table = gr.Dataframe(headers=REF_HEADERS, interactive=False, wrap=True, elem_id="tc-refs")
                ref_pick = gr.Dropdown(label="Chọn văn bản để xem các lần được nhắc", choices=[], elem_id="tc-ref-pick")
                mentions = gr.Dataframe(
                    headers=MENTION_HEADERS, interactive=False, wrap=True, elem_id="tc-mentions",
                    column_widths=["15%", "6%", "29%", "50%"],
                )  # fmt: skip
            with gr.Tab("Tra số liệu", id="trace"):
                with gr.Row():
                    figure = gr.Textbox(label="Số liệu", placeholder="Ví dụ: 7,17%", scale=5, elem_id="tc-figure")
                    trace_btn = gr.Button("Tra", variant="primary", scale=1, elem_id="tc-trace")
                trace_box = gr.HTML(elem_id="tc-trace-result")

        library_outputs = [docs_table, f_docs, f_types, f_years, remove_pick, refs_table, ref_pick]
        ask_event = dict(
            fn=h.ask,
            inputs=[question, f_docs, f_types, f_years],
            outputs=[answer_box, citations_box, page_pick, page_img, cited],
            concurrency_limit=ASK_CONCURRENCY,
            concurrency_id="ask",
            api_visibility="private",
        )
        ask_btn.click(**ask_event, api_name="ui_ask")  # "/ask" is the public JSON endpoint below
        question.submit(**ask_event, api_name="ui_ask_enter")
        page_pick.input(h.page_image, [cited, page_pick], page_img, api_visibility="private")
        upload_btn.click(
            h.upload, uploads, [docs_report, *library_outputs], concurrency_limit=1, api_visibility="private"
        ).then(lambda: None, None, uploads, api_visibility="private")
        remove_btn.click(
            h.remove, remove_pick, [docs_report, *library_outputs], concurrency_limit=1, api_visibility="private"
        )
        refs_table.select(h.select_reference, None, ref_pick, api_visibility="private")
        ref_pick.change(h.mentions_table, ref_pick, mentions, api_visibility="private")
        trace_event = dict(fn=h.trace, inputs=figure, outputs=trace_box, api_visibility="private")
        trace_btn.click(**trace_event)
        figure.submit(**trace_event)
        app.load(h.refresh, None, library_outputs, api_visibility="private")
        gr.api(h.ask_json, api_name="ask", concurrency_limit=ASK_CONCURRENCY, concurrency_id="ask")
    return app


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
    """``tracuu serve``: check the bind address, build the index from ``corpus`` on first run, launch."""
    auth = load_auth(auth_file or settings.auth_file, os.environ.get("TRACUU_AUTH"))
    check_bind(host, auth)  # fail before any slow work
    index = Index.open(settings)
    if not index.documents() and corpus is not None:
        print(f"Chỉ mục trống: đang nạp tài liệu từ {corpus} (chỉ làm lần đầu)…", file=sys.stderr)
        report = ingest_paths([Path(corpus)], index, settings, progress=True)
        for line in report.lines():
            print(line, file=sys.stderr)
    print(f"Mở trình duyệt tại http://{host}:{port}", file=sys.stderr)
    launch(build_app(index, settings), settings, host=host, port=port, auth=auth)
