"""The functions behind the page's buttons; one ``Handlers`` instance is shared by all users
(Index is thread-safe). They turn the user's input into calls to qa/ and index/ and their results
into what the page shows (ui.markup, ui.tables, ui.pageimage, ui.uploads)."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from index import Index, SearchFilters
from qa import Answerer, Citation, trace_figure
from tracuu.settings import Settings
from ui import tables
from ui.markup import answer_html, doc_label, sources_html, trace_html
from ui.pageimage import render_page
from ui.uploads import check_uploads, discard_upload, ingest_upload


class Handlers:
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
        shown = list(answer.closest if answer.abstained else answer.citations)
        choices = [(f"[{c.n}] {c.doc_number or c.doc} — trang {c.page}", i) for i, c in enumerate(shown)]
        first = 0 if shown else None
        image = self.page_image(shown, first)
        sources = sources_html(answer, self._context)
        return answer_html(answer), sources, gr.update(choices=choices, value=first), image, shown

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
        choices = tables.doc_choices(docs)
        refs = tables.references_table(self.index.reference_counts())
        return (
            tables.documents_table(docs),
            gr.update(choices=choices),  # ask filter: documents
            gr.update(choices=tables.doc_types(docs)),  # ask filter: types
            gr.update(choices=tables.years(docs)),  # ask filter: years
            gr.update(choices=choices, value=None),  # remove selector
            refs,
            gr.update(choices=[r[0] for r in refs], value=None),  # reference selector
        )

    def upload(self, files: list[str] | None, progress=gr.Progress()):
        """Check, store and ingest uploaded PDFs one by one; returns the report + refreshed lists.
        Each ingested file gets the ingest report's line."""
        if not files:
            raise gr.Error("Hãy chọn ít nhất một tệp PDF.")
        check = check_uploads([Path(f) for f in files], self.settings)
        lines = [f"✗ {msg}" for msg in check.rejected]
        total = len(check.accepted)
        for done, (path, shown) in enumerate(check.accepted):
            progress((done, total), desc=f"Đang nạp {shown} ({done + 1}/{total})", unit="tệp")
            lines.append(ingest_upload(path, shown, self.index, self.settings).line())
        progress((total, total), desc="Xong", unit="tệp")
        return ("\n\n".join(lines), *self.refresh())

    def remove(self, doc_id: str | None):
        if not doc_id:
            raise gr.Error("Hãy chọn văn bản cần xóa.")
        doc = self.index.document(doc_id)
        if doc is None or not self.index.remove(doc_id):
            raise gr.Error("Văn bản không còn trong kho.")
        discard_upload(Path(doc.path), self.settings)
        return (f"✓ Đã xóa {doc_label(doc.number, doc.file_name, doc.title)}.", *self.refresh())

    # ----- Văn bản được viện dẫn -----

    def mentions_table(self, key: str | None) -> list[list[object]]:
        return tables.mentions_table(self.index.mentions(key)) if key else []

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
        return trace_html(figure, trace_figure(self.index, figure), self._context)
