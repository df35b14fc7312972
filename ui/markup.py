"""HTML of what the app shows: the answer box, cited passages, figure traces.

Every text from a document or a question is escaped. A citation's ``context`` is the text its
offsets point into (page text, or footnote text; None when unknown): the quote is highlighted in it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from qa import Answer, Citation, TraceHit

CONTEXT_CHARS = 220  # characters of page text shown around a quote

Context = Callable[[Citation], str | None]
_MARKER_RE = re.compile(r"\[(\d+)\]")


def doc_label(number: str | None, file_name: str, title: str | None) -> str:
    """A document as the app names it: its number (or file name) and title."""
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
    """One cited passage: document, page, section, the quote highlighted in its context, footnotes.

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
        f"{html.escape(doc_label(citation.doc_number, citation.doc, citation.title))}</div>"
        f'<div class="tc-where">{where}</div>'
        f'<div class="tc-quote">{passage}</div>{notes_html}{extra}</div>'
    )


def sources_html(answer: Answer, context: Context) -> str:
    """The passages shown under an answer: its citations, or the closest passages when it abstains."""
    shown = answer.closest if answer.abstained else answer.citations
    if not shown:
        return ""
    title = "Các đoạn gần nhất (không đủ căn cứ để trả lời)" if answer.abstained else "Nguồn trích dẫn"
    return f"<h4>{title}</h4>" + "".join(citation_html(c, context(c)) for c in shown)


def trace_html(figure: str, hits: Sequence[TraceHit], context: Context) -> str:
    """Every occurrence of a figure, each as a citation card; a footnote's card lists where the body
    points to it."""
    if not hits:
        return f'<div class="tc-noanswer">Không tìm thấy số liệu “{html.escape(figure)}” trong kho tài liệu.</div>'
    cards = []
    for n, hit in enumerate(hits, 1):
        citation = hit.citation(n)
        extra = ""
        if hit.kind == "footnote":
            cited_by = "".join(f"<li>Trang {c.page}: {html.escape(c.quote)}</li>" for c in hit.linked)
            label = f"Chú thích {hit.footnote} được dẫn chiếu tại"
            extra = f'<div class="tc-fn"><b>{label}:</b><ul>{cited_by or "<li>(không tìm thấy)</li>"}</ul></div>'
        cards.append(citation_html(citation, context(citation), extra))
    return f"<h4>{len(hits)} lần xuất hiện của “{html.escape(figure)}”</h4>" + "".join(cards)
