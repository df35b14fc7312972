"""PDF file -> Document: the in-process parser. Bad files raise IngestError with one clear line."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError
from tqdm import tqdm

from ingest.chunks import make_chunks
from ingest.flow import DraftParagraph, FlowParagraph, build_flow, draft_paragraphs
from ingest.layout import Zones, body_font_size, lines_from_text, repeated_edge_lines, split_zones
from ingest.lines import Line
from ingest.metadata import extract_metadata
from ingest.models import Document, Footnote, IngestError, NoteKind, Page, Paragraph, Signer
from ingest.ocr import iter_ocr_pages, ocr_available, text_layer_is_garbage
from ingest.notes import NoteText, endnotes_from_drafts, link_markers, note_from_lines, split_endnotes
from ingest.reader import RawPage, read_pages
from ingest.references import find_references
from ingest.signer import authentication_block, closing_roles, find_signer
from ingest.tables import apply_tables
from ingest.worker import extend_deadline, hold_slots
from tracuu.settings import Settings
from tracuu.vn.headings import SectionTracker

MIN_PAGE_CHARS = 15  # fewer visible characters than this: the page has no usable text layer
OCR_HINT = "install tesseract-ocr tesseract-ocr-vie (and pip install pytesseract) to OCR them"


def file_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_pdf(path: Path, data: bytes) -> PdfReader:
    """Open and sanity-check a PDF; every failure is an IngestError in plain Vietnamese."""
    if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise IngestError("không phải tệp PDF (nội dung không bắt đầu bằng %PDF)")
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError("tệp PDF có mật khẩu (bị mã hóa), không đọc được")
        count = len(reader.pages)
    except IngestError:
        raise
    except FileNotDecryptedError as exc:
        raise IngestError("tệp PDF có mật khẩu (bị mã hóa), không đọc được") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise IngestError(f"tệp PDF bị hỏng hoặc không đầy đủ ({type(exc).__name__}: {exc})") from exc
    if count == 0:
        raise IngestError("tệp PDF không có trang nào")
    return reader


def parse_pdf(path: Path, settings: Settings, *, progress: bool = False, bar_position: int = 0) -> Document:
    """Read a PDF with pypdf (OCR for pages without a usable text layer) and assemble its Document.
    Progress bars (pages, OCR) go to terminal line ``bar_position``."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"không đọc được tệp ({exc.strerror})") from exc
    if len(data) > settings.max_file_mb * 1024 * 1024:
        raise IngestError(f"tệp quá lớn ({len(data) / 1e6:.0f} MB > {settings.max_file_mb:.0f} MB)")
    reader = open_pdf(path, data)
    if len(reader.pages) > settings.max_pages:
        raise IngestError(f"tệp có {len(reader.pages)} trang, vượt giới hạn {settings.max_pages} trang")

    doc = Document(id=file_id(data), path=str(path.resolve()), file_name=path.name)
    raw_pages = read_pages(reader, doc.warnings, label=path.name, progress=progress, bar_position=bar_position)
    repaired = sum(ln.repairs for p in raw_pages for ln in p.lines)
    if repaired:
        doc.warnings.append(f"đã sửa {repaired} ký tự lỗi phông cũ (Ƣ/ƣ → Ư/ư, chữ ghép fi/fl)")
    unreadable = [p.number for p in raw_pages if _needs_ocr(p)]
    ocr_done = _ocr(path, raw_pages, unreadable, settings, doc.warnings, progress, bar_position) if unreadable else set()
    for page in raw_pages:
        if page.number in unreadable:
            page.source = "ocr" if page.number in ocr_done else "none"
    return assemble(doc, raw_pages, settings)


def assemble(doc: Document, raw_pages: list[RawPage], settings: Settings) -> Document:
    """Fill ``doc`` (its id, path and file name set) from the pages a reader produced: zones,
    paragraphs, footnotes, metadata, references and chunks."""
    textless = [p.number for p in raw_pages if p.source == "none"]
    ocr_done = {p.number for p in raw_pages if p.source == "ocr"}
    with_text = [p for p in raw_pages if p.number not in textless]
    if not with_text:
        doc.status = "scanned"
        doc.title = Path(doc.file_name).stem
        doc.pages = [Page(number=p.number, text="", header=" | ".join(p.stamps), has_text=False) for p in raw_pages]
        return doc
    if textless:
        doc.status = "partial"

    body_size = body_font_size(with_text)
    repeated = repeated_edge_lines(with_text)
    apply_tables(Path(doc.path), [p for p in with_text if p.number not in ocr_done], doc.warnings)
    zones = {p.number: split_zones(p, body_size, repeated) for p in with_text}
    drafts = draft_paragraphs([(n, z.body) for n, z in zones.items()], body_size)
    bracketed = {num for z in zones.values() for ln in z.body for off, num in ln.markers if ln.text[off] == "["}
    drafts, end_drafts = split_endnotes(drafts, bracketed)
    flow = build_flow(drafts, [p.number for p in raw_pages])

    footnote_text, notes = _place_notes(
        [(nt, "footnote") for nt in _footnote_texts(zones)] + [(nt, "endnote") for nt in _endnote_texts(end_drafts)]
    )
    doc.footnotes, link_warnings = link_markers(notes, flow.markers)
    doc.warnings.extend(link_warnings)

    doc.pages = [
        Page(
            number=p.number,
            text=flow.page_texts.get(p.number, ""),
            label=zones[p.number].label if p.number in zones else None,
            header=" | ".join(([ln.text.strip() for ln in zones[p.number].header] if p.number in zones else []) + p.stamps),
            footer=" | ".join(ln.text.strip() for ln in zones[p.number].footer) if p.number in zones else "",
            footnote_text=footnote_text.get(p.number, ""),
            has_text=p.number not in textless,
            ocr=p.number in ocr_done,
        )
        for p in raw_pages
    ]
    doc.signer = find_signer(with_text)
    doc.paragraphs = _with_sections(flow.paragraphs, doc.signer)
    meta = extract_metadata(_page_text(with_text[0]), doc.file_name, authentication_block(with_text))
    doc.number, doc.doc_type, doc.issuer = meta.number, meta.doc_type, meta.issuer
    doc.place, doc.date, doc.title = meta.place, meta.date, meta.title
    doc.references = find_references(doc.paragraphs, doc.footnotes)
    doc.chunks = make_chunks(
        doc.id,
        doc.paragraphs,
        doc.footnotes,
        doc.references,
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
        ocr_pages=frozenset(ocr_done),
    )
    return doc


def _page_text(page: RawPage) -> str:
    """The page's lines as read (before zones): for metadata and for judging the text layer."""
    return "\n".join(ln.text.strip() for ln in page.lines)


def _needs_ocr(page: RawPage) -> bool:
    """No usable text layer: (almost) no text, or a garbage layer (broken glyph maps, homoglyphs)."""
    text = _page_text(page)
    return len(text.strip()) < MIN_PAGE_CHARS or text_layer_is_garbage(text)


def _ocr(
    path: Path,
    raw_pages: list[RawPage],
    numbers: list[int],
    settings: Settings,
    warnings: list[str],
    progress: bool,
    bar_position: int,
) -> set[int]:
    """OCR the given pages in place (their lines are replaced), several side by side as far as the
    caller's CPU budget allows (``hold_slots``), each page announced to the worker's time limit.
    Returns the pages that got text."""
    if not settings.ocr or not ocr_available(settings.ocr_lang):
        why = "OCR is off (TRACUU_OCR=false)" if not settings.ocr else OCR_HINT
        warnings.append(f"scanned, {len(numbers)} pages without text (trang {_ranges(numbers)}): {why}")
        return set()
    done: set[int] = set()
    by_number = {p.number: p for p in raw_pages}
    texts = iter_ocr_pages(
        path,
        [number - 1 for number in numbers],
        settings.ocr_lang,
        jobs=hold_slots,
        before_page=lambda: extend_deadline(settings.ocr_page_timeout_s),
    )
    bar = tqdm(
        texts, total=len(numbers), desc=f"OCR {path.name[:30]}", unit="trang", leave=False, disable=not progress,
        position=bar_position,
    )
    for index, text in bar:
        page = by_number[index + 1]
        lines = lines_from_text(text, page.width, page.height)
        if sum(len(ln.text) for ln in lines) >= MIN_PAGE_CHARS:
            page.lines = lines
            done.add(page.number)
    warnings.append(f"OCR: {len(done)}/{len(numbers)} trang được nhận dạng chữ (trang {_ranges(numbers)})")
    still = [n for n in numbers if n not in done]
    if still:
        warnings.append(f"scanned, {len(still)} pages without text (trang {_ranges(still)}): OCR found no text")
    return done


def _footnote_texts(zones: dict[int, Zones]) -> list[NoteText]:
    return [note_from_lines(number, page, lines) for page, z in zones.items() for number, lines in z.notes]


def _endnote_texts(drafts: list[DraftParagraph]) -> list[NoteText]:
    out = []
    for number, parts in endnotes_from_drafts(drafts):
        lines: list[Line] = [ln for _, frag_lines in parts for ln in frag_lines]
        out.append(note_from_lines(number, parts[0][0], lines))
    return out


def _place_notes(texts: list[tuple[NoteText, NoteKind]]) -> tuple[dict[int, str], list[Footnote]]:
    """Lay the notes of each page into ``Page.footnote_text`` and make Footnote objects pointing there."""
    per_page: dict[int, str] = {}
    notes = []
    for nt, kind in texts:
        existing = per_page.get(nt.page, "")
        base = len(existing) + (1 if existing else 0)
        per_page[nt.page] = (existing + "\n" if existing else "") + nt.shown
        notes.append(
            Footnote(number=nt.number, page=nt.page, text=nt.shown[nt.body_start :], kind=kind, text_start=base + nt.body_start)
        )
    return per_page, notes


def _with_sections(paragraphs: list[FlowParagraph], signer: Signer | None) -> list[Paragraph]:
    tracker = SectionTracker()
    roles = closing_roles([p.text for p in paragraphs], signer)
    return [
        Paragraph(
            text=p.text,
            section=tracker.path if p.table is not None else tracker.update(p.text),  # a table cell is no heading
            spans=p.spans,
            is_heading=p.heading,
            role=role,
            table_header=p.table,
        )
        for p, role in zip(paragraphs, roles)
    ]


def _ranges(numbers: list[int]) -> str:
    """[1,2,3,7] -> "1-3, 7"."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev != start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(out)
